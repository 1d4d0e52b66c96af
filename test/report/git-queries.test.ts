import * as fs from 'fs';
import * as path from 'path';
import { GitExit, localConversion, locateRevision, runGit } from '../../src/report/git-queries';
import { git, initRepo, withTempDir } from '../util';


function repo(dir: string): string {
  initRepo(dir);
  fs.writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'tag', 'v1');
  return git(dir, 'rev-parse', 'HEAD').trim();
}

describe('runGit', () => {
  test('the output of a large answer, whole', () => withTempDir(async dir => {
    repo(dir);
    const big = 'x'.repeat(300_000);
    fs.writeFileSync(path.join(dir, 'big.txt'), big);
    expect(await runGit(dir, ['hash-object', 'big.txt'])).toBe(git(dir, 'hash-object', 'big.txt'));
    git(dir, 'add', 'big.txt');
    expect(await runGit(dir, ['show', ':big.txt'])).toBe(big);
  }));

  test('a failing command is a GitExit with its code and what Git said', () => withTempDir(async dir => {
    repo(dir);
    const failure = await runGit(dir, ['show', 'no-such-revision']).catch(e => e);
    expect(failure).toBeInstanceOf(GitExit);
    expect(failure).toMatchObject({ code: 128, args: ['show', 'no-such-revision'] });
    expect((failure as GitExit).stderr).toMatch(/no-such-revision/);
  }));
});

describe('locateRevision', () => {
  test.each(['HEAD', 'v1', 'main', 'HEAD~0'])('%s names the commit', rev => withTempDir(async dir => {
    const commit = repo(dir);
    expect(await locateRevision(dir, rev)).toStrictEqual({
      commit, objectFormat: 'sha1', infoAttributes: path.join(dir, '.git', 'info', 'attributes'), index: path.join(dir, '.git', 'index'),
    });
  }));

  test.each(['no-such-revision', 'HEAD^{tree}', '--all', '-', ''])('%j is refused', rev => withTempDir(async dir => {
    repo(dir);
    await expect(locateRevision(dir, rev)).rejects.toThrow(`'${rev}' is neither a directory nor a Git revision of ${dir}`);
  }));
});

describe('localConversion', () => {
  test('a clone with no settings of its own converts nothing', () => withTempDir(async dir => {
    repo(dir);
    const located = await locateRevision(dir, 'HEAD');
    expect(await localConversion(dir, located.infoAttributes)).toBeUndefined();
  }));

  test('core.attributesFile at ~/ is read in the home folder', () => withTempDir(async dir => {
    repo(dir);
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.attrs'), '*.yaml ident\n');
    git(dir, 'config', 'core.attributesFile', '~/.attrs');
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(await localConversion(dir, path.join(dir, '.git', 'info', 'attributes')))
        .toBe(`${path.join(home, '.attrs')} sets attributes of this clone's own: Git may convert files when it compares them (a filter, line endings...)`);
    } finally {
      process.env.HOME = before;
    }
  }));
});
