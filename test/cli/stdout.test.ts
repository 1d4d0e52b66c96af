// A standard output that fails: a reader gone (EPIPE) stops the run quietly with its exit code, as
// Unix tools do; any other failure (ENOSPC) is one message and exit 1. Through the built CLI, as a
// shell runs it.
import { spawn, spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { guardStandardOutput } from '../../src/cli';
import { ROOT, withTempDir } from '../util';

const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');
const INVENTORY = path.join(ROOT, 'inventory', 'member1.yaml');

// runs the CLI with its standard output a pipe whose reader is gone before anything is written.
function withReaderGone(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stderr }));
  });
}

function failure(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, write`), { code });
}

describe('guardStandardOutput', () => {
  // the guard's streams are stand-ins: what it prints and the exit code it leaves.
  function guarded(command: string, initialCode = 0): { stdout: EventEmitter; stderr: PassThrough; told: () => string; code: () => number } {
    const stdout = new EventEmitter();
    const stderr = new PassThrough();
    process.exitCode = initialCode;
    guardStandardOutput([command], stdout, stderr);
    return { stdout, stderr, told: () => String(stderr.read() ?? ''), code: () => Number(process.exitCode ?? 0) };
  }
  afterEach(() => {
    process.exitCode = 0;
  });

  test('a reader gone (EPIPE) is not told and leaves the exit code as the run sets it', () => {
    const g = guarded('check');
    g.stdout.emit('error', failure('EPIPE', 'broken pipe'));
    // what the run does afterwards still counts: a refused gate is refused.
    process.exitCode = 1;
    g.stdout.emit('error', Object.assign(new Error('Cannot call write after a stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
    expect([g.told(), g.code()]).toStrictEqual(['', 1]);
  });

  test.each([
    ['synth', 1],
    ['inventory', 1],
    ['check', 3],
    ['verify-rollback', 3],
  ])('any other failure is told once: %s exits %d', (command, code) => {
    const g = guarded(command);
    g.stdout.emit('error', failure('ENOSPC', 'no space left on device'));
    g.stdout.emit('error', failure('ENOSPC', 'no space left on device'));
    expect([g.told(), g.code()]).toStrictEqual(['karmada-migrate: cannot write to standard output: ENOSPC (no space left on device); free some space, or send it elsewhere\n', code]);
  });

  test('an I/O error names its code, without advice it cannot give', () => {
    const g = guarded('plan');
    g.stdout.emit('error', failure('EIO', 'i/o error'));
    expect([g.told(), g.code()]).toStrictEqual(['karmada-migrate: cannot write to standard output: EIO (i/o error)\n', 1]);
  });

  test('a failure of stderr is dropped: nobody is left to tell, the exit code stays', () => {
    const g = guarded('synth', 2);
    g.stderr.emit('error', failure('EPIPE', 'broken pipe'));
    expect(g.code()).toBe(2);
  });
});

describe('standard output', () => {
  test('a reader gone (| head): the run stops quietly, exit 0', async () => {
    expect(await withReaderGone(['inventory', INVENTORY])).toStrictEqual({ code: 0, stderr: '' });
  });

  test('a reader gone keeps the exit code of the run: a refused gate stays refused (1)', () => withTempDir(async dir => {
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(await withReaderGone(['check', '--base', path.join(dir, 'empty'), '--dist', path.join(ROOT, 'dist')])).toStrictEqual({ code: 1, stderr: '' });
  }));

  const full = fs.existsSync('/dev/full') ? test : test.skip;
  full.each([
    [['inventory', INVENTORY], 1],
    [['plan', '--config', path.join(ROOT, 'migration.yaml')], 1],
    // a gate whose report is lost has not answered: 3, as for any failure but a verdict.
    [['check', '--base', path.join(ROOT, 'dist'), '--dist', '__empty__'], 3],
  ])('a full disk (> /dev/full): %j exits %d with one message', (args, code) => withTempDir(dir => {
    const given = args.map(a => (a === '__empty__' ? path.join(dir, 'none') : a));
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, ...given], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect({ code: r.status, stderr: r.stderr }).toStrictEqual({
        code,
        stderr: 'karmada-migrate: cannot write to standard output: ENOSPC (no space left on device); free some space, or send it elsewhere\n',
      });
    } finally {
      fs.closeSync(fd);
    }
  }));

  full('synth > /dev/full: the output folder is written, the message is one line', () => withTempDir(dir => {
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'migration.yaml'), path.join(dir, 'migration.yaml'));
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'synth'], { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect({ code: r.status, stderr: r.stderr }).toStrictEqual({
        code: 1, stderr: 'karmada-migrate: cannot write to standard output: ENOSPC (no space left on device); free some space, or send it elsewhere\n',
      });
      expect(fs.existsSync(path.join(dir, 'dist', '.karmada-migrate'))).toBe(true);
    } finally {
      fs.closeSync(fd);
    }
  }));
});
