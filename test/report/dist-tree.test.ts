import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generateEstate } from '../../bench/generate';
import { synthesizeConfig } from '../../src/pipeline/synthesis';
import { checkChange } from '../../src/report/check';
import * as fc from 'fast-check';
import { DistSnapshot, forEachTreeEntry, isManifestPath, MANIFEST, readDistSnapshot, readDistSnapshotAtRevision, readTreeListing, unchangedSinceRevision } from '../../src/report/dist-tree';
import { withTempDir } from '../util';

const NS = 'member1/templates/team-0000';
const POLICIES = 'member1/policies/team-0000';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

/** a repository whose HEAD holds the dist/ synthesized from a 12-app estate. */
function repository(dir: string): { repo: string; dist: string } {
  const estate = generateEstate(path.join(dir, 'estate'), { apps: 12 });
  const repo = path.join(dir, 'repo');
  const dist = path.join(repo, 'dist');
  synthesizeConfig({ config: estate.config, outdir: dist });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'ci@example.com');
  git(repo, 'config', 'user.name', 'ci');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  return { repo, dist };
}

function edit(dist: string, file: string, from: string, to: string): void {
  const full = path.join(dist, file);
  const text = fs.readFileSync(full, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(full, text.replace(from, to));
}

/** each change of the working tree's dist/: its name, the files it touches, and the change itself. */
const CHANGES: ReadonlyArray<readonly [string, readonly string[], (dist: string, repo: string) => void]> = [
  ['a template edited', [`${NS}/ConfigMap_app-000003-config.yaml`], d => edit(d, `${NS}/ConfigMap_app-000003-config.yaml`, 'LOG_LEVEL: info', 'LOG_LEVEL: debug')],
  ['a template edited, same size', [`${NS}/ConfigMap_app-000004-config.yaml`], d => edit(d, `${NS}/ConfigMap_app-000004-config.yaml`, 'LOG_LEVEL: info', 'LOG_LEVEL: infx')],
  ['a template removed', [`${NS}/Service_app-000005.yaml`], d => fs.rmSync(path.join(d, `${NS}/Service_app-000005.yaml`))],
  ['a manifest added, untracked', [`${NS}/ConfigMap_extra.yaml`], d => fs.writeFileSync(path.join(d, `${NS}/ConfigMap_extra.yaml`),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: team-0000\ndata:\n  a: b\n')],
  ['a policy placed elsewhere', [`${POLICIES}/PropagationPolicy.policy.karmada.io_app-000000-pp.yaml`],
    d => edit(d, `${POLICIES}/PropagationPolicy.policy.karmada.io_app-000000-pp.yaml`, '- member1', '- member2')],
  ['a policy removed', [`${POLICIES}/PropagationPolicy.policy.karmada.io_app-000010-pp.yaml`],
    d => fs.rmSync(path.join(d, `${POLICIES}/PropagationPolicy.policy.karmada.io_app-000010-pp.yaml`))],
  ['line endings converted', [`${NS}/Deployment.apps_app-000006.yaml`], d => {
    const f = path.join(d, `${NS}/Deployment.apps_app-000006.yaml`);
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
  }],
  ['a change staged, then undone in the working tree', [], (d, repo) => {
    edit(d, `${NS}/ConfigMap_app-000007-config.yaml`, 'LOG_LEVEL: info', 'LOG_LEVEL: warn');
    git(repo, 'add', '-A');
    edit(d, `${NS}/ConfigMap_app-000007-config.yaml`, 'LOG_LEVEL: warn', 'LOG_LEVEL: info');
  }],
];

/** the base read in full from Git, and read reusing the head: both, and what was reused. */
function bothWays(repo: string, dist: string): { full: DistSnapshot; incremental: DistSnapshot; head: DistSnapshot; unchanged: ReadonlySet<string> } {
  const head = readDistSnapshot(dist);
  const unchanged = unchangedSinceRevision(repo, 'HEAD', 'dist');
  return {
    full: readDistSnapshotAtRevision(repo, 'HEAD', 'dist'),
    incremental: readDistSnapshotAtRevision(repo, 'HEAD', 'dist', { snapshot: head, unchanged }),
    head, unchanged,
  };
}

// a deterministic choice of `n` distinct changes for a seed: a shuffle driven by an xorshift generator.
function pick(seed: number, n: number): number[] {
  const order = CHANGES.map((_, i) => i);
  let x = seed;
  for (let i = order.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, n).sort((a, b) => a - b);
}

describe('readDistSnapshotAtRevision reusing the working tree', () => {
  test('equals the full read, and the gate finds the same, for each change alone and for combinations', () => withTempDir(dir => {
    const { repo, dist } = repository(dir);
    const total = readDistSnapshotAtRevision(repo, 'HEAD', 'dist').files.size;
    const cases = [...CHANGES.map((_, i) => [i]), ...[1, 2, 3, 4, 5].map(seed => pick(seed, 3))];
    const rulesSeen = new Set<string>();
    for (const chosen of cases) {
      for (const i of chosen) CHANGES[i][2](dist, repo);
      const { full, incremental, head, unchanged } = bothWays(repo, dist);
      const touched = new Set(chosen.flatMap(i => CHANGES[i][1]));
      const label = chosen.map(i => CHANGES[i][0]).join(' + ');
      expect({ label, snapshot: incremental }).toStrictEqual({ label, snapshot: full });
      expect({ label, findings: checkChange(incremental, head, { distRoot: 'dist' }) }).toStrictEqual({ label, findings: checkChange(full, head, { distRoot: 'dist' }) });
      // every file of the revision the change does not touch is reused, none that it touches.
      const atRevision = [...touched].filter(f => full.files.has(f)).length;
      expect({ label, reused: unchanged.size }).toStrictEqual({ label, reused: total - atRevision });
      for (const f of touched) expect({ label, f, reused: unchanged.has(f) }).toStrictEqual({ label, f, reused: false });
      for (const f of checkChange(incremental, head, { distRoot: 'dist' }).findings) rulesSeen.add(f.rule);
      git(repo, 'reset', '-q', '--hard');
      git(repo, 'clean', '-qfdx');
    }
    // the changes are ones the gate has something to say about, not only silent ones.
    expect([...rulesSeen].sort()).toEqual(expect.arrayContaining(['template-removed-without-preserve']));
  }));

  test('a working tree without dist/ reuses nothing', () => withTempDir(dir => {
    const { repo, dist } = repository(dir);
    fs.rmSync(dist, { recursive: true });
    const { full, incremental, unchanged } = bothWays(repo, dist);
    expect(unchanged.size).toBe(0);
    expect(incremental).toStrictEqual(full);
  }));

  test('the gate\'s rules only read the objects both sides share (frozen, they run unchanged)', () => withTempDir(dir => {
    const { repo, dist } = repository(dir);
    CHANGES[4][2](dist, repo);
    const { incremental, head } = bothWays(repo, dist);
    const freeze = (x: unknown): void => {
      if (x === null || typeof x !== 'object' || Object.isFrozen(x)) return;
      Object.freeze(x);
      for (const v of Object.values(x)) freeze(v);
    };
    for (const o of head.manifests.values()) freeze(o);
    const shared = [...incremental.manifests].filter(([f, o]) => head.manifests.get(f) === o).length;
    expect(shared).toBe(incremental.manifests.size - 1);
    expect(checkChange(incremental, head, { distRoot: 'dist' }).findings.map(f => f.rule)).toContain('cluster-removed-without-preserve');
  }));

  test('a file whose bytes differ from the blob is read from Git though Git calls it unchanged (a clean filter of the same size)', () => withTempDir(dir => {
    const { repo, dist } = repository(dir);
    const file = `${NS}/ConfigMap_app-000001-config.yaml`;
    // the filter upper-cases what is committed: `git diff` compares through it and sees no change, yet the bytes are not the blob's.
    git(repo, 'config', 'filter.upper.clean', 'tr a-z A-Z');
    git(repo, 'config', 'filter.upper.smudge', 'cat');
    fs.writeFileSync(path.join(repo, '.gitattributes'), `dist/${file} filter=upper\n`);
    git(repo, 'add', '-A');
    git(repo, 'add', '--renormalize', 'dist');
    git(repo, 'commit', '-q', '-m', 'filtered');
    expect(git(repo, 'cat-file', '-p', `HEAD:dist/${file}`)).toContain('KIND: CONFIGMAP');
    expect(git(repo, 'diff', '--name-only', 'HEAD', '--', 'dist')).toBe('');
    expect(git(repo, 'cat-file', '-s', `HEAD:dist/${file}`)).toBe(`${fs.statSync(path.join(dist, file)).size}\n`);
    const unchanged = unchangedSinceRevision(repo, 'HEAD', 'dist');
    expect(unchanged.has(file)).toBe(false);
    expect(unchanged.has(`${NS}/ConfigMap_app-000002-config.yaml`)).toBe(true);
  }));

  test('an unknown revision is an input error naming it', () => withTempDir(dir => {
    const { repo } = repository(dir);
    expect(() => unchangedSinceRevision(repo, 'no-such-branch', 'dist')).toThrow(`'no-such-branch' is neither a directory nor a Git revision of ${repo}`);
  }));
});

describe('isManifestPath', () => {
  test('tells a path as MANIFEST tells its file name, whatever the name', () => {
    const part = fc.oneof(fc.constantFrom('.argocd-source', '.argocd-source-app', '.yaml', '.yml', '.json', '.jsonnet', 'x', '/', '\n', '\r', '\u2028', '\u2029', '.', 'a.b'),
      fc.string({ maxLength: 3 }));
    fc.assert(fc.property(fc.array(part, { maxLength: 8 }), parts => {
      const file = parts.join('');
      expect(isManifestPath(file)).toBe(MANIFEST.test(file.slice(file.lastIndexOf('/') + 1)));
    }), { numRuns: 5000 });
  });
});

describe('readTreeListing', () => {
  const out = [
    '100644 blob aea18e1d2e16c67ffdeafd3c4322b66b1e8e896d     104\tdist/a.yaml',
    '100755 blob 0123456789012345678901234567890123456789      12\tdist/b c/d\te.yaml',
    '100644 blob 1111111111111111111111111111111111111111       7\tother/x.yaml',
  ].join('\0') + '\0';

  test('the files under the folder, with their ids and sizes (a tab in a name too)', () => {
    expect(readTreeListing(out, 'HEAD', 'dist')).toStrictEqual([
      { path: 'dist/a.yaml', size: 104, id: 'aea18e1d2e16c67ffdeafd3c4322b66b1e8e896d' },
      { path: 'dist/b c/d\te.yaml', size: 12, id: '0123456789012345678901234567890123456789' },
    ]);
    const ids: Array<[string, string]> = [];
    forEachTreeEntry(out.replace(/ +\d+\t/g, '\t'), 'HEAD', '', (name, id, size) => ids.push([name, `${id}${size ?? ''}`]));
    expect(ids.map(([n]) => n)).toStrictEqual(['dist/a.yaml', 'dist/b c/d\te.yaml', 'other/x.yaml']);
    expect(ids[0][1]).toBe('aea18e1d2e16c67ffdeafd3c4322b66b1e8e896d');
  });

  test.each([['a symbolic link', '120000 blob'], ['a submodule', '160000 commit']])('%s is refused', (_, head) => {
    expect(() => readTreeListing(`${head} aea18e1d2e16c67ffdeafd3c4322b66b1e8e896d\tdist/link.yaml\0`, 'HEAD', 'dist'))
      .toThrow('HEAD:dist/link.yaml: a symbolic link or submodule in dist/: the gate reads dist/ as plain files');
  });
});
