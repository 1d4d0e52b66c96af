import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_STRING_BYTES, MAX_TEXT_BYTES, readTextFile, readTextPrefix } from '../src/text-file';
import { withTempDir } from './util';

// a FIFO in `dir`, fed by a shell command (`> FIFO`) in a process of its own.
function fifo(dir: string, feed: string): { file: string; writer: ChildProcess } {
  const file = path.join(dir, 'pipe');
  execFileSync('mkfifo', [file]);
  const writer = spawn('sh', ['-c', `${feed} > "$0" 2>/dev/null`, file], { stdio: 'ignore' });
  return { file, writer };
}

describe('readTextFile', () => {
  test('reads a regular file as UTF-8, whole', () => withTempDir(dir => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'name: café\n'.repeat(20_000));
    expect(readTextFile(file, { maxBytes: 1 << 20 })).toBe('name: café\n'.repeat(20_000));
  }));

  test('reads a file exactly at the limit, and refuses one byte more before reading it', () => withTempDir(dir => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'x'.repeat(100));
    expect(readTextFile(file, { maxBytes: 100 })).toHaveLength(100);
    expect(() => readTextFile(file, { maxBytes: 99, raise: 'raise it with --max' }))
      .toThrow(`${file}: the file is 100 bytes, above the limit of 99 bytes; raise it with --max`);
  }));

  test('a file above what one string holds is told to be split', () => withTempDir(dir => {
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_STRING_BYTES + 1);
    expect(() => readTextFile(file, { maxBytes: Infinity, split: 'split the export' }))
      .toThrow(`${file}: the file is ${MAX_STRING_BYTES + 1} bytes, more than one file can be read at once (${MAX_STRING_BYTES} bytes); split the export`);
  }));

  test('the default limit is the one of a config or a single object', () => withTempDir(dir => {
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_TEXT_BYTES + 1);
    expect(() => readTextFile(file)).toThrow(`the file is ${MAX_TEXT_BYTES + 1} bytes, above the limit of ${MAX_TEXT_BYTES} bytes; is it the right file?`);
  }));

  test.each([
    ['/dev/zero', 'a character device'],
    ['/dev/null', 'a character device'],
  ])('refuses %s before opening it: %s is not a file', (device, kind) => {
    expect(() => readTextFile(device, { what: 'the config' }))
      .toThrow(`${device}: cannot read the config: it is ${kind}, not a file: give a regular file, a pipe, or - for standard input`);
  });

  test('refuses a directory, and names what cannot be read', () => withTempDir(dir => {
    expect(() => readTextFile(dir)).toThrow(`${dir}: it is a directory, not a file`);
    expect(() => readTextFile(path.join(dir, 'nope.yaml'))).toThrow(`${path.join(dir, 'nope.yaml')}: no such file or directory`);
    expect(() => readTextFile(path.join(dir, 'nope', 'x.yaml'), { what: 'the Application', shownAs: 'x.yaml' }))
      .toThrow(/^x\.yaml: cannot read the Application: no such file or directory$/);
  }));

  test('reads a pipe (FIFO) to its end', () => withTempDir(dir => {
    const { file, writer } = fifo(dir, "printf 'kind: List\\nitems: []\\n'");
    try {
      expect(readTextFile(file)).toBe('kind: List\nitems: []\n');
    } finally {
      writer.kill();
    }
  }));

  test('stops reading an endless pipe at the limit', () => withTempDir(dir => {
    const { file, writer } = fifo(dir, 'yes');
    try {
      expect(() => readTextFile(file, { maxBytes: 100_000, raise: 'raise it' }))
        .toThrow(`${file}: the file is longer than the limit of 100000 bytes; raise it`);
    } finally {
      writer.kill();
    }
  }));
});

describe('readTextPrefix', () => {
  test('the first bytes of a regular file, a character cut at the end dropped', () => withTempDir(dir => {
    const file = path.join(dir, 'plan.md');
    fs.writeFileSync(file, '# Migration plan é\n');
    expect(readTextPrefix(file, 16)).toBe('# Migration plan');
    expect(readTextPrefix(file, 18)).toBe('# Migration plan ');
    expect(readTextPrefix(file, 1000)).toBe('# Migration plan é\n');
  }));

  test('nothing for a directory, a device or a missing file', () => withTempDir(dir => {
    expect(readTextPrefix(dir, 10)).toBeUndefined();
    expect(readTextPrefix('/dev/zero', 10)).toBeUndefined();
    expect(readTextPrefix(path.join(dir, 'nope'), 10)).toBeUndefined();
  }));
});
