import * as fs from 'fs';
import * as path from 'path';
import { writeTreeAtomically } from '../../src/output/write-tree';
import { withTempDir } from '../util';

describe('writeTreeAtomically', () => {
  test('replaces the folder as a whole: stale files disappear, no staging folder is left', () => withTempDir(dir => {
    // GIVEN
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['a/old.yaml', 'old\n'], ['keep.yaml', 'v1\n']]));

    // WHEN
    writeTreeAtomically(out, new Map([['keep.yaml', 'v2\n'], ['b/new.yaml', 'new\n']]));

    // THEN
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readFileSync(path.join(out, 'keep.yaml'), 'utf8')).toBe('v2\n');
    expect(fs.existsSync(path.join(out, 'a'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'b/new.yaml'), 'utf8')).toBe('new\n');
  }));

  test('leaves the folder untouched when writing fails', () => withTempDir(dir => {
    const out = path.join(dir, 'dist');
    writeTreeAtomically(out, new Map([['keep.yaml', 'v1\n']]));
    // a path that cannot be written: a file and a folder of the same name
    expect(() => writeTreeAtomically(out, new Map([['x', 'file\n'], ['x/y.yaml', 'nested\n']]))).toThrow();
    expect(fs.readdirSync(dir)).toStrictEqual(['dist']);
    expect(fs.readdirSync(out)).toStrictEqual(['keep.yaml']);
  }));
});
