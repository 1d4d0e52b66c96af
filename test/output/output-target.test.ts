// The rules for the folder synth replaces (src/output/output-target.ts), one row each.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outputTargetProblem } from '../../src/output/output-target';
import { writeTreeAtomically } from '../../src/output/write-tree';
import { withTempDir } from '../util';

describe('outputTargetProblem', () => {
  test.each<[string, (dir: string) => { target: string; protect?: string[]; expected?: string[]; cwd?: string; home?: string }, string | undefined]>([
    ['a new folder', dir => ({ target: path.join(dir, 'dist') }), undefined],
    ['an empty folder', dir => (fs.mkdirSync(path.join(dir, 'dist')), { target: path.join(dir, 'dist') }), undefined],
    ['a folder karmada-migrate wrote', dir => (writeTreeAtomically(path.join(dir, 'dist'), new Map()), { target: path.join(dir, 'dist') }), undefined],
    ['an older output holding only migration folders', dir => (fs.mkdirSync(path.join(dir, 'dist/member1'), { recursive: true }),
    { target: path.join(dir, 'dist'), expected: ['member1'] }), undefined],
    ['the current directory', dir => ({ target: dir, cwd: dir }), 'it is the current directory'],
    ['. given relative', dir => ({ target: '.', cwd: process.cwd(), home: dir }), 'it is the current directory'],
    ['an ancestor of the current directory', dir => (fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true }), { target: dir, cwd: path.join(dir, 'a/b') }),
      'it is an ancestor of the current directory'],
    ['the root', () => ({ target: '/' }), 'it is the root of the file system'],
    ['the home directory', dir => ({ target: dir, home: dir, cwd: os.tmpdir() }), 'it is the home directory'],
    ['the config file', dir => (fs.writeFileSync(path.join(dir, 'migration.yaml'), 'x'), { target: path.join(dir, 'migration.yaml'), protect: [path.join(dir, 'migration.yaml')] }),
      'an input of the migration'],
    ['a folder holding the inventory', dir => (fs.mkdirSync(path.join(dir, 'repo/inventory'), { recursive: true }),
    { target: path.join(dir, 'repo'), protect: [path.join(dir, 'repo/inventory')] }), 'it holds'],
    ['a folder inside the inventory folder', dir => (fs.mkdirSync(path.join(dir, 'inventory'), { recursive: true }),
    { target: path.join(dir, 'inventory/out'), protect: [path.join(dir, 'inventory')] }), 'it is inside the inventory folder'],
    ['an existing file', dir => (fs.writeFileSync(path.join(dir, 'notes.txt'), 'x'), { target: path.join(dir, 'notes.txt') }), 'it is an existing file, not a folder'],
    ['a folder of someone else\'s files', dir => (fs.mkdirSync(path.join(dir, 'src')), fs.writeFileSync(path.join(dir, 'src/main.ts'), 'x'), { target: path.join(dir, 'src'), expected: ['member1'] }),
      'it holds "main.ts", which karmada-migrate does not write'],
    ['a symbolic link to the current directory', dir => (fs.symlinkSync(dir, path.join(dir, 'link')), { target: path.join(dir, 'link'), cwd: dir }), 'it is the current directory'],
    ['an ancestor of the home directory', dir => (fs.mkdirSync(path.join(dir, 'ubuntu')), { target: dir, home: path.join(dir, 'ubuntu'), cwd: os.tmpdir() }),
      'it is an ancestor of the home directory'],
    ['an output turned into a Git repository', dir => (writeTreeAtomically(path.join(dir, 'dist'), new Map([['member1/a.yaml', 'x']])),
    fs.mkdirSync(path.join(dir, 'dist/.git')), { target: path.join(dir, 'dist') }), 'it holds ".git/", which karmada-migrate does not write'],
    ['an output with a README added', dir => (writeTreeAtomically(path.join(dir, 'dist'), new Map([['member1/a.yaml', 'x']])),
    fs.writeFileSync(path.join(dir, 'dist/member1/README.md'), 'x'), { target: path.join(dir, 'dist') }), 'it holds "member1/README.md"'],
    ['an output with a link in it', dir => (writeTreeAtomically(path.join(dir, 'dist'), new Map([['member1/a.yaml', 'x']])),
    fs.symlinkSync('/etc', path.join(dir, 'dist/member1/etc')), { target: path.join(dir, 'dist') }), 'it holds "member1/etc (a symbolic link)"'],
    ['a folder named like a migration, with a home inside', dir => (fs.mkdirSync(path.join(dir, 'home/member1/.ssh'), { recursive: true }),
    fs.writeFileSync(path.join(dir, 'home/member1/.ssh/id_rsa'), 'KEY'), { target: path.join(dir, 'home'), expected: ['member1'] }), 'it holds "member1/.ssh/"'],
    ['a folder with _delivery holding something else', dir => (fs.mkdirSync(path.join(dir, 'b/_delivery'), { recursive: true }),
    fs.writeFileSync(path.join(dir, 'b/_delivery/x'), 'precious'), { target: path.join(dir, 'b'), expected: ['member1'] }), 'it holds "_delivery/x"'],
  ])('%s', (_, setup, problem) => withTempDir(dir => {
    const s = setup(dir);
    const got = outputTargetProblem(s.target, { protect: s.protect, expectedEntries: s.expected, cwd: s.cwd ?? os.tmpdir(), home: s.home ?? '/nonexistent-home' });
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(problem);
  }));
});
