// readIndexFile against Git itself: each index Git writes here (versions 2, 3 and 4, SHA-1 and
// SHA-256, files Git does not compare as the others) reads as `git ls-files -v --debug` prints it.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { IndexRead, readIndexFile } from '../../src/report/git-index';
import { git, initRepo, withTempDir } from '../util';


const repo = (dir: string, objectFormat: 'sha1' | 'sha256' = 'sha1') => initRepo(dir, objectFormat);

function write(dir: string, file: string, text = `${file}\n`): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

const inDist = (n: string) => n.startsWith('dist/');

function readIndexOf(dir: string, inScope = inDist): IndexRead {
  return readIndexFile(fs.readFileSync(path.join(dir, '.git', 'index')), git(dir, 'rev-parse', '--show-object-format').trim(), inScope);
}

/** what `git ls-files -v -z --debug -- dist` says: the tracked files, and those whose mtime second is not their ctime's. */
function lsFiles(dir: string): { tracked: Set<string>; suspects: Set<string>; tags: Set<string> } {
  const out = git(dir, 'ls-files', '-v', '-z', '--debug', '--', 'dist');
  const tracked = new Set<string>();
  const suspects = new Set<string>();
  const tags = new Set<string>();
  const chunks = out.split('\0');
  let entry = chunks[0];
  for (let i = 1; i < chunks.length; i++) {
    const stat = /^ {2}ctime: (\d+):\d+\n {2}mtime: (\d+):\d+\n(?: {2}.*\n){3}/.exec(chunks[i])!;
    tags.add(entry[0]);
    tracked.add(entry.slice(2));
    if (stat[1] !== stat[2]) suspects.add(entry.slice(2));
    entry = chunks[i].slice(stat[0].length);
  }
  return { tracked, suspects, tags };
}

describe('readIndexFile reads what Git wrote as Git reads it', () => {
  test.each([2, 3, 4])('index version %i: every file of dist/, the mtimes set back the suspects', version => withTempDir(dir => {
    repo(dir);
    for (const f of ['dist/a.yaml', 'dist/member1/templates/default/Deployment.apps_nginx.yaml', 'dist/member1/templates/default/Service_nginx.yaml',
      'dist/member1/templates/shop/Deployment.apps_cart.yaml', 'dist/ä ö.yaml', 'other/b.yaml', 'dist.yaml']) write(dir, f);
    const back = path.join(dir, 'dist', 'member1', 'templates', 'default', 'Service_nginx.yaml');
    fs.utimesSync(back, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    git(dir, 'add', '-A');
    git(dir, 'update-index', '--index-version', String(version));
    const read = readIndexOf(dir);
    const expected = lsFiles(dir);
    expect(read).toStrictEqual({ tracked: expected.tracked, suspects: expected.suspects });
    expect(expected.suspects).toStrictEqual(new Set(['dist/member1/templates/default/Service_nginx.yaml']));
    expect(expected.tracked.size).toBe(5);
  }));

  test('a SHA-256 repository', () => withTempDir(dir => {
    repo(dir, 'sha256');
    write(dir, 'dist/a.yaml');
    write(dir, 'dist/b/c.yaml');
    git(dir, 'add', '-A');
    expect(readIndexOf(dir)).toStrictEqual({ tracked: new Set(['dist/a.yaml', 'dist/b/c.yaml']), suspects: new Set() });
  }));

  test('random trees, versions and mtimes: the same files and suspects as git ls-files --debug', () => {
    const name = fc.stringMatching(/^[a-z0-9._-]{1,12}$/).filter(n => n !== '.' && n !== '..' && n !== '.git');
    fc.assert(fc.property(fc.uniqueArray(fc.array(name, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30, selector: p => p.join('/') }),
      fc.constantFrom(2, 3, 4), fc.array(fc.boolean(), { maxLength: 30 }), (paths, version, backs) => withTempDir(dir => {
        repo(dir);
        const files = paths.map(p => `dist/${p.join('/')}`).filter((f, _, all) => !all.some(o => o.startsWith(`${f}/`)));
        files.forEach((f, i) => {
          write(dir, f);
          if (backs[i]) fs.utimesSync(path.join(dir, f), new Date('2021-06-01T00:00:00Z'), new Date('2021-06-01T00:00:00Z'));
        });
        git(dir, 'add', '-A');
        git(dir, 'update-index', '--index-version', String(version));
        const expected = lsFiles(dir);
        expect(readIndexOf(dir)).toStrictEqual({ tracked: expected.tracked, suspects: expected.suspects });
      })), { numRuns: 15 });
  });

  test('a name that is not UTF-8 reads with U+FFFD, as Git\'s output decoded does', () => withTempDir(dir => {
    repo(dir);
    write(dir, 'dist/a.yaml');
    git(dir, 'add', '-A');
    const bytes = Buffer.from(path.join(dir, 'dist', 'b\xff.yaml'), 'latin1');
    fs.writeFileSync(bytes, 'x\n');
    git(dir, 'add', '-A');
    const read = readIndexOf(dir);
    expect('tracked' in read && [...read.tracked].sort()).toStrictEqual(['dist/a.yaml', 'dist/b\uFFFD.yaml']);
  }));
});

describe('what Git does not compare as the others is untrusted', () => {
  const base = (dir: string) => {
    repo(dir);
    write(dir, 'dist/a.yaml');
    write(dir, 'dist/b.yaml');
    write(dir, 'other/c.yaml');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
  };

  test.each([
    ['assume-unchanged', ['update-index', '--assume-unchanged', 'dist/b.yaml'], 'h'],
    ['skip-worktree', ['update-index', '--skip-worktree', 'dist/b.yaml'], 'S'],
  ])('%s', (why, args, tag) => withTempDir(dir => {
    base(dir);
    git(dir, ...args);
    expect(lsFiles(dir).tags).toStrictEqual(new Set(['H', tag]));
    expect(readIndexOf(dir)).toStrictEqual({ untrusted: { path: 'dist/b.yaml', why } });
    // outside the scope, it does not count
    expect(readIndexOf(dir, n => n.startsWith('other/'))).toStrictEqual({ tracked: new Set(['other/c.yaml']), suspects: new Set() });
  }));

  test('intent-to-add', () => withTempDir(dir => {
    base(dir);
    write(dir, 'dist/new.yaml');
    git(dir, 'add', '-N', 'dist/new.yaml');
    expect(readIndexOf(dir)).toStrictEqual({ untrusted: { path: 'dist/new.yaml', why: 'intent-to-add' } });
  }));

  test('unmerged', () => withTempDir(dir => {
    base(dir);
    git(dir, 'checkout', '-q', '-b', 'other');
    write(dir, 'dist/a.yaml', 'other\n');
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', 'main');
    write(dir, 'dist/a.yaml', 'main\n');
    git(dir, 'commit', '-q', '-am', 'main');
    expect(() => git(dir, 'merge', '-q', 'other')).toThrow();
    expect(readIndexOf(dir)).toStrictEqual({ untrusted: { path: 'dist/a.yaml', why: 'unmerged' } });
  }));

  test('a split index (its entries live in another file): unreadable', () => withTempDir(dir => {
    base(dir);
    git(dir, 'update-index', '--split-index');
    expect(readIndexOf(dir)).toStrictEqual({ unreadable: 'it has the extension link, which the gate does not read' });
  }));
});

describe('an index the reader does not know is unreadable', () => {
  /** a version 2 index of SHA-1 ids written by hand (gitformat-index.txt), for what Git does not write here. */
  function index(names: string[], { checksum = true, extension = Buffer.alloc(0) } = {}): Buffer {
    const entries = names.map(n => {
      const name = Buffer.from(n);
      const fixed = Buffer.alloc(62);
      fixed.writeUInt32BE(7, 0);
      fixed.writeUInt32BE(7, 8);
      fixed.writeUInt32BE(0o100644, 24);
      fixed.writeUInt16BE(Math.min(name.length, 0xfff), 60);
      return Buffer.concat([fixed, name, Buffer.alloc(8 - ((62 + name.length) % 8))]);
    });
    const header = Buffer.alloc(12);
    header.write('DIRC', 0, 'latin1');
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(names.length, 8);
    const body = Buffer.concat([header, ...entries, extension]);
    return Buffer.concat([body, checksum ? createHash('sha1').update(body).digest() : Buffer.alloc(20)]);
  }
  const all = () => true;

  test('a name of 0xFFF bytes or more runs to its NUL', () => {
    const long = `dist/${'d/'.repeat(2100)}x.yaml`;
    expect(readIndexFile(index(['dist/a.yaml', long]), 'sha1', all)).toStrictEqual({ tracked: new Set(['dist/a.yaml', long]), suspects: new Set() });
  });

  test('no checksum (index.skipHash): read', () => {
    expect(readIndexFile(index(['dist/a.yaml'], { checksum: false }), 'sha1', all)).toStrictEqual({ tracked: new Set(['dist/a.yaml']), suspects: new Set() });
  });

  test('an optional extension is passed over', () => {
    const ext = Buffer.concat([Buffer.from('TREE'), Buffer.from([0, 0, 0, 3]), Buffer.from('abc')]);
    expect(readIndexFile(index(['dist/a.yaml'], { extension: ext }), 'sha1', all)).toStrictEqual({ tracked: new Set(['dist/a.yaml']), suspects: new Set() });
  });

  test('no index at all: nothing tracked', () => {
    expect(readIndexFile(Buffer.alloc(0), 'sha1', all)).toStrictEqual({ tracked: new Set(), suspects: new Set() });
  });

  test.each([
    ['a checksum that does not match', () => {
      const b = index(['dist/a.yaml']);
      b[b.length - 1] ^= 1;
      return b;
    }, 'its checksum does not match its content'],
    ['another signature', () => Buffer.concat([Buffer.from('DIRX'), index(['dist/a.yaml']).subarray(4)]), 'it does not start as an index file does'],
    ['version 5', () => {
      const b = index([]);
      b.writeUInt32BE(5, 4);
      return Buffer.concat([b.subarray(0, 12), createHash('sha1').update(b.subarray(0, 12)).digest()]);
    }, 'it is of version 5, not 2, 3 or 4'],
    ['more entries counted than written', () => {
      const b = index(['dist/a.yaml']);
      b.writeUInt32BE(2, 8);
      const body = b.subarray(0, b.length - 20);
      return Buffer.concat([body, createHash('sha1').update(body).digest()]);
    }, 'it ends within an entry'],
    ['a required extension', () => index(['dist/a.yaml'], { extension: Buffer.concat([Buffer.from('sdir'), Buffer.alloc(4)]) }),
      'it has the extension sdir, which the gate does not read'],
    ['an extension longer than the file', () => index(['dist/a.yaml'], { extension: Buffer.concat([Buffer.from('TREE'), Buffer.from([0, 0, 1, 0])]) }),
      'an extension runs past its end'],
  ])('%s', (_, bytes, why) => {
    expect(readIndexFile(bytes(), 'sha1', all)).toStrictEqual({ unreadable: why });
  });

  test('an object format Git does not have', () => {
    expect(readIndexFile(index(['dist/a.yaml']), 'md5', all)).toStrictEqual({ unreadable: 'the object format md5 is not one the gate reads' });
  });
});
