import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER } from '../../src/output/output-target';
import { fileSystemError, moveTreeAtomically, writeTreeAtomically } from '../../src/output/write-tree';
import { withTempDir } from '../util';

const MARKED = [OUTPUT_MARKER];
// the fs module itself (the namespace import above is a frozen view): what the writer calls, to spy on.
const nodeFs = jest.requireActual<typeof fs>('fs');

describe('writeTreeAtomically', () => {
  test('replaces the folder as a whole: stale files disappear, no staging folder or lock is left', () => withTempDir(dir => {
    // GIVEN
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['a/old.yaml', 'old\n'], ['keep.yaml', 'v1\n']]));

    // WHEN
    writeTreeAtomically(out, new Map([['keep.yaml', 'v2\n'], ['b/new.yaml', 'new\n']]));

    // THEN
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readdirSync(out).sort()).toStrictEqual([...MARKED, 'b', 'keep.yaml'].sort());
    expect(fs.readFileSync(path.join(out, 'keep.yaml'), 'utf8')).toBe('v2\n');
    expect(fs.readFileSync(path.join(out, 'b/new.yaml'), 'utf8')).toBe('new\n');
  }));

  test('leaves the folder untouched when writing fails, and says why in words', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['keep.yaml', 'v1\n']]));
    // a path that cannot be written: a file and a folder of the same name
    expect(() => writeTreeAtomically(out, new Map([['x', 'file\n'], ['x/y.yaml', 'nested\n']]))).toThrow(/cannot write the output .*dist: (ENOTDIR|EEXIST)/);
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readdirSync(out).sort()).toStrictEqual([...MARKED, 'keep.yaml'].sort());
  }));

  test.each([
    ['ENOSPC', 'no space left on the device: free some space and synthesize again (the previous output is unchanged)'],
    ['EROFS', 'the file system is read-only: choose an output on a writable file system'],
    ['EACCES', 'permission denied: give the user write access to the folder and its parent, or choose another output'],
    ['EISDIR', 'a folder stands where a file must be written: remove it or choose another output'],
    ['EWHATEVER', 'the previous output is unchanged'],
  ])('%s: a message with the cause and the fix', (code, fix) => {
    const err = Object.assign(new Error(`${code}: simulated`), { code, path: '/x/.dist.new-1/a.yaml' });
    expect(fileSystemError('dist', err).message).toBe(`cannot write the output dist: ${code} on /x/.dist.new-1/a.yaml; ${fix}`);
  });

  test('a symbolic link to the output stays a link; its target is replaced', () => withTempDir(dir => {
    const real = path.join(dir, 'real-dist');
    writeTreeAtomically(real, new Map([['a.yaml', 'v1\n']]));
    fs.symlinkSync(real, path.join(dir, 'dist'));
    writeTreeAtomically(path.join(dir, 'dist'), new Map([['a.yaml', 'v2\n']]));
    expect(fs.lstatSync(path.join(dir, 'dist')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(real, 'a.yaml'), 'utf8')).toBe('v2\n');
  }));

  test('a lock held by a live process refuses the second writer with a message; a stale lock is taken over', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    fs.writeFileSync(path.join(dir, '.dist.lock'), `${process.ppid}\n`);
    expect(() => writeTreeAtomically(out, new Map([['a.yaml', 'v1\n']])))
      .toThrow(`another karmada-migrate (pid ${process.ppid}) is writing ${out}: wait for it to finish, or remove ${path.join(dir, '.dist.lock')} if no such process runs`);
    expect(fs.existsSync(out)).toBe(false);
    // a pid no process has
    fs.writeFileSync(path.join(dir, '.dist.lock'), '2147483646\n');
    writeTreeAtomically(out, new Map([['a.yaml', 'v1\n']]));
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
  }));

  test('a crash between the two renames is repaired by the next write: the old output comes back first, leftovers go', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['a.yaml', 'v1\n']]));
    // as a crash leaves it: dist/ renamed away, a staging folder half written
    fs.renameSync(out, path.join(dir, '.dist.old-abc123'));
    fs.mkdirSync(path.join(dir, '.dist.new-def456'));
    // a write that fails after the repair leaves the old output in place
    expect(() => writeTreeAtomically(out, new Map([['x', 'f'], ['x/y', 'g']]))).toThrow();
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('v1\n');
  }));

  test('the folder is made as the umask says (not 0700 as a temp folder would be)', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    const before = process.umask(0o022);
    try {
      writeTreeAtomically(out, new Map([['a/b.yaml', 'v1\n']]));
    } finally {
      process.umask(before);
    }
    expect(fs.statSync(out).mode & 0o777).toBe(0o755);
  }));

  test('a leftover it cannot remove is a warning, not a failure: the output was written', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['a.yaml', 'v1\n']]));
    const rm = fs.rmSync;
    const spy = jest.spyOn(nodeFs, 'rmSync').mockImplementation((p, o) => {
      if (String(p).includes('.dist.old-')) throw Object.assign(new Error('EACCES: simulated'), { code: 'EACCES', path: String(p) });
      rm(p, o);
    });
    let warnings: readonly string[] = [];
    try {
      warnings = writeTreeAtomically(out, new Map([['a.yaml', 'v2\n']])).warnings;
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('v2\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not remove the leftover .*\.dist\.old-[0-9a-f]+ \(EACCES\); remove it by hand$/);
    // the next write removes it
    expect(writeTreeAtomically(out, new Map([['a.yaml', 'v3\n']])).warnings).toStrictEqual([]);
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
  }));

  test('a mount point (rename refused with EBUSY): one message that says so, the folder untouched, no leftover', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['a.yaml', 'v1\n']]));
    const rename = fs.renameSync;
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from) === out) throw Object.assign(new Error('EBUSY: simulated'), { code: 'EBUSY', path: String(from) });
      rename(from, to);
    });
    try {
      expect(() => writeTreeAtomically(out, new Map([['a.yaml', 'v2\n']]))).toThrow(/EBUSY on .*dist; the folder is busy, or a mount point/);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readFileSync(path.join(out, 'a.yaml'), 'utf8')).toBe('v1\n');
  }));

  test('a lock whose pid is this very process (a container\'s pid 1 after a crash) is stale', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, '.dist.lock'), `${process.pid}\n`);
    writeTreeAtomically(path.join(dir, 'dist'), new Map([['a.yaml', 'v1\n']]));
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
  }));

  test('a lock released between the failed create and the read is retried, not an error', () => withTempDir(dir => {
    const lock = path.join(dir, '.dist.lock');
    fs.writeFileSync(lock, `${process.ppid}\n`);
    const read = fs.readFileSync;
    let released = false;
    const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, o?: unknown) => {
      if (!released && String(p) === lock) {
        released = true;
        fs.rmSync(lock);
      }
      return (read as (p: fs.PathOrFileDescriptor, o?: unknown) => string | Buffer)(p, o);
    }) as typeof fs.readFileSync);
    try {
      writeTreeAtomically(path.join(dir, 'dist'), new Map([['a.yaml', 'v1\n']]));
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
  }));

  test('a symbolic link whose target does not exist yet is written through: the target is made, the link stays', () => withTempDir(dir => {
    fs.symlinkSync(path.join(dir, 'deploy-repo', 'dist'), path.join(dir, 'dist'));
    writeTreeAtomically(path.join(dir, 'dist'), new Map([['a.yaml', 'v1\n']]));
    expect(fs.lstatSync(path.join(dir, 'dist')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'deploy-repo', 'dist', 'a.yaml'), 'utf8')).toBe('v1\n');
  }));
});

describe('unchanged files are not rewritten', () => {
  const LONG_AGO = new Date('2001-02-03T04:05:06Z');
  /** a first output, every file (and the marker) dated long ago. */
  function firstOutput(out: string): void {
    writeTreeAtomically(out, new Map([['same.yaml', 'same\n'], ['ns/changed.yaml', 'v1\n'], ['ns/gone.yaml', 'gone\n'], ['resized.yaml', 'short\n']]));
    for (const f of ['same.yaml', 'ns/changed.yaml', 'ns/gone.yaml', 'resized.yaml', OUTPUT_MARKER]) fs.utimesSync(path.join(out, f), LONG_AGO, LONG_AGO);
  }
  const mtime = (f: string) => fs.statSync(f).mtime.getTime();
  const SECOND = new Map([['same.yaml', 'same\n'], ['ns/changed.yaml', 'v2\n'], ['resized.yaml', 'much longer\n'], ['ns/new.yaml', 'new\n']]);

  function expectOnlyChangedRewritten(out: string, sameInode: number): void {
    expect(mtime(path.join(out, 'same.yaml'))).toBe(LONG_AGO.getTime());
    expect(mtime(path.join(out, OUTPUT_MARKER))).toBe(LONG_AGO.getTime());
    expect(fs.statSync(path.join(out, 'same.yaml')).ino).toBe(sameInode);
    for (const f of ['ns/changed.yaml', 'resized.yaml', 'ns/new.yaml']) expect(mtime(path.join(out, f))).toBeGreaterThan(LONG_AGO.getTime());
    expect(fs.readFileSync(path.join(out, 'ns/changed.yaml'), 'utf8')).toBe('v2\n');
    expect(fs.readFileSync(path.join(out, 'resized.yaml'), 'utf8')).toBe('much longer\n');
    expect(fs.existsSync(path.join(out, 'ns/gone.yaml'))).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toStrictEqual(['dist']);
  }

  test('writeTreeAtomically: equal bytes keep their file (inode and mtime), the others are written, the absent removed', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    firstOutput(out);
    const inode = fs.statSync(path.join(out, 'same.yaml')).ino;
    writeTreeAtomically(out, SECOND);
    expectOnlyChangedRewritten(out, inode);
  }));

  test('moveTreeAtomically: the same, for the folder the cdk8s CLI wrote', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    firstOutput(out);
    const inode = fs.statSync(path.join(out, 'same.yaml')).ino;
    const staged = path.join(dir, 'staged');
    for (const [f, content] of SECOND) {
      fs.mkdirSync(path.dirname(path.join(staged, f)), { recursive: true });
      fs.writeFileSync(path.join(staged, f), content);
    }
    moveTreeAtomically(out, staged);
    expectOnlyChangedRewritten(out, inode);
    expect(fs.readdirSync(out, { recursive: true }).filter(f => String(f).endsWith('.link'))).toStrictEqual([]);
  }));

  test('a file system without hard links: the bytes are copied with the old mtime', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    firstOutput(out);
    const spy = jest.spyOn(nodeFs, 'linkSync').mockImplementation(() => {
      throw Object.assign(new Error('EPERM: simulated'), { code: 'EPERM' });
    });
    try {
      writeTreeAtomically(out, SECOND);
    } finally {
      spy.mockRestore();
    }
    expect(mtime(path.join(out, 'same.yaml'))).toBe(LONG_AGO.getTime());
    expect(fs.readFileSync(path.join(out, 'same.yaml'), 'utf8')).toBe('same\n');
    expect(mtime(path.join(out, 'ns/changed.yaml'))).toBeGreaterThan(LONG_AGO.getTime());
  }));

  test('a failed write leaves every file as it was, the unchanged ones included', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    firstOutput(out);
    const before = fs.readdirSync(out, { recursive: true }).map(String).sort();
    expect(() => writeTreeAtomically(out, new Map([['same.yaml', 'same\n'], ['x', 'file\n'], ['x/y.yaml', 'nested\n']]))).toThrow(/ENOTDIR|EEXIST/);
    expect(fs.readdirSync(out, { recursive: true }).map(String).sort()).toStrictEqual(before);
    expect(fs.readFileSync(path.join(out, 'ns/changed.yaml'), 'utf8')).toBe('v1\n');
    expect(fs.statSync(path.join(out, 'same.yaml')).nlink).toBe(1);
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
  }));
});
