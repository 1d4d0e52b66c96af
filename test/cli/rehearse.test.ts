// karmada-migrate rehearse: exit 0 clean, 1 not clean, 3 when the evidence cannot be read; its
// JSON is a RehearsalReport valid against its schema; --output writes it in one step.
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';
import { runCapturing } from './run-cli';
import { readDistDir } from '../../src/report/dist-tree';
import { rehearsalWorks, rehearsingDist } from '../rehearsal-fixtures';
import { ROOT, withTempDir } from '../util';

const LIVE = path.join(ROOT, 'inventory', 'member1.yaml');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'rehearsal-report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function setUp(dir: string, edits: Parameters<typeof rehearsalWorks>[1] = {}): { dist: string; works: string } {
  const dist = rehearsingDist(dir);
  const works = path.join(dir, 'works.json');
  fs.writeFileSync(works, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rehearsalWorks(readDistDir(dist), edits) }));
  return { dist, works };
}

describe('karmada-migrate rehearse', () => {
  test('--works takes YAML as every other input does: documents, split over two files, give the JSON List\'s verdict', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir);
    const items = (JSON.parse(fs.readFileSync(works, 'utf8')) as { items: object[] }).items;
    const half = Math.ceil(items.length / 2);
    const a = path.join(dir, 'works-a.yaml');
    const b = path.join(dir, 'works-b.yml');
    fs.writeFileSync(a, items.slice(0, half).map(w => `---\n${yaml.dump(w)}`).join(''));
    fs.writeFileSync(b, yaml.dump({ apiVersion: 'v1', kind: 'List', items: items.slice(half) }));
    const fromJson = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--format', 'json']);
    const fromYaml = await runCapturing(['rehearse', '--works', a, '--works', b, '--live', LIVE, '--dist', dist, '--format', 'json']);
    expect([fromYaml.code, fromYaml.stderr]).toStrictEqual([0, '']);
    expect(fromYaml.stdout).toBe(fromJson.stdout);
    // a syntax error in it is named with its line and shown
    fs.writeFileSync(b, 'apiVersion: v1\nkind: List\nitems: [\n');
    const bad = await runCapturing(['rehearse', '--works', a, '--works', b, '--live', LIVE, '--dist', dist]);
    expect([bad.code, bad.stderr]).toStrictEqual([3, `karmada-migrate: rehearse could not evaluate: ${b}:3: malformed YAML: unexpected end of the stream within a flow collection\n` +
      '  1 | apiVersion: v1\n  2 | kind: List\n  3 | items: [\n    |         ^\n']);
  }));

  test('clean: exit 0, the verdict names the migration and the digest; the JSON is a valid RehearsalReport', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir);
    const text = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^rehearsal of member1 clean: .* 6 template\(s\) \(6 Work\(s\); sha256:[0-9a-f]{64}\)\n$/m);
    const json = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(validate(report) ? [] : validate.errors).toStrictEqual([]);
    expect(report).toMatchObject({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'RehearsalReport', migration: 'member1', clean: true });
  }));

  test('a pod restart: exit 1, the finding named; the JSON still valid', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir, { nginx: { edit: m => { (m.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0].image = 'nginx:1.28.0'; } } });
    const r = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(validate(report) ? [] : validate.errors).toStrictEqual([]);
    expect(report.findings.map((f: { kind: string }) => f.kind)).toStrictEqual(['pods-restart']);
    const text = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist]);
    expect(text.stdout).toMatch(/^PODS-RESTART Deployment\.apps default\/nginx: /);
  }));

  test('a Work not suspended, a missing Work: exit 1', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir, { cart: { suspended: false }, storefront: { cluster: 'member2' } });
    const r = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { kind: string; object: string }) => `${f.kind} ${f.object}`).sort()).toStrictEqual([
      'missing-work Deployment.apps shop/storefront', 'missing-work Service shop/storefront',
      'not-suspended Deployment.apps shop/cart', 'not-suspended Service shop/cart',
    ]);
  }));

  test('evidence it cannot read, or no migration to rehearse: exit 3', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir);
    const notWorks = path.join(dir, 'pods.json');
    fs.writeFileSync(notWorks, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } }] }));
    const bad = await runCapturing(['rehearse', '--works', notWorks, '--live', LIVE, '--dist', dist]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('rehearse could not evaluate: ');
    expect(bad.stderr).toContain('item 0 is not a Work');
    const missing = await runCapturing(['rehearse', '--works', path.join(dir, 'nope.json'), '--live', LIVE, '--dist', dist]);
    expect(missing.code).toBe(3);
    const takeover = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', path.join(ROOT, 'dist')]);
    expect(takeover.code).toBe(3);
    expect(takeover.stderr).toContain('no migration of dist/ is in the Rehearse phase');
  }));

  test('--output writes the JSON report (folders made), replaces a report, and refuses another file', () => withTempDir(async dir => {
    const { dist, works } = setUp(dir);
    const out = path.join(dir, 'rehearsals', 'member1.json');
    const r = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--output', out]);
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(validate(report) ? [] : validate.errors).toStrictEqual([]);
    expect((await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--output', out])).code).toBe(0);
    const other = path.join(dir, 'notes.txt');
    fs.writeFileSync(other, 'mine\n');
    const refused = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--output', other]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('refusing to write the rehearsal report to');
    expect(fs.readFileSync(other, 'utf8')).toBe('mine\n');
    const input = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', dist, '--output', works]);
    expect(input.code).toBe(3);
    expect(input.stderr).toContain('an input of the rehearsal report');
  }));
});

describe('the gate and the rehearsal report beside dist/', () => {
  /** the example rehearsed (the base), lifted in the head (dist/ without the suspension), with the report rehearse writes. */
  async function lifted(dir: string): Promise<{ base: string; dist: string; report: string }> {
    const { dist: rehearsed, works } = setUp(path.join(dir, 'rehearsal'));
    const base = path.join(dir, 'base');
    fs.cpSync(rehearsed, base, { recursive: true });
    const dist = path.join(dir, 'repo', 'dist');
    fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
    const report = path.join(dir, 'repo', 'rehearsals', 'member1.json');
    const r = await runCapturing(['rehearse', '--works', works, '--live', LIVE, '--dist', rehearsed, '--output', report]);
    expect(r.code).toBe(0);
    return { base, dist, report };
  }
  const check = (base: string, dist: string) => runCapturing(['check', '--base', base, '--dist', dist, '--format', 'json']);
  const liftFindings = (stdout: string) => (JSON.parse(stdout).findings as Array<{ rule: string; message: string }>).filter(f => f.rule === 'suspension-lifted');

  test('Rehearse to Takeover: accepted with the clean report of the same templates', () => withTempDir(async dir => {
    const { base, dist } = await lifted(dir);
    const r = await check(base, dist);
    expect(liftFindings(r.stdout)).toStrictEqual([]);
    expect(r.code).toBe(0);
  }));

  test('refused without the report, with a dirty one, and after a template changed (until rehearsed again)', () => withTempDir(async dir => {
    const { base, dist, report } = await lifted(dir);
    const clean = fs.readFileSync(report, 'utf8');
    // a template changed after the rehearsal: the digest no longer matches.
    const template = path.join(dist, 'member1', 'templates', 'default', 'Service_nginx-svc.yaml');
    const original = fs.readFileSync(template, 'utf8');
    fs.appendFileSync(template, '# changed\n');
    let r = await check(base, dist);
    expect(r.code).toBe(1);
    expect(liftFindings(r.stdout)[0].message).toMatch(/rehearsals\/member1\.json rehearsed other templates \(sha256:[0-9a-f]{64}\) than those of member1 in this change/);
    fs.writeFileSync(template, original);
    // dirty
    fs.writeFileSync(report, JSON.stringify({ ...JSON.parse(clean), clean: false, findings: [{ kind: 'pods-restart', object: 'Deployment.apps default/nginx', message: 'x' }] }));
    r = await check(base, dist);
    expect(r.code).toBe(1);
    expect(liftFindings(r.stdout)[0].message).toContain('is not clean (1 finding(s))');
    // missing
    fs.rmSync(report);
    r = await check(base, dist);
    expect(r.code).toBe(1);
    expect(liftFindings(r.stdout).length).toBeGreaterThan(0);
    expect(liftFindings(r.stdout)[0].message).toMatch(/: no rehearsal report at .*rehearsals\/member1\.json$/);
    // restored: accepted again
    fs.mkdirSync(path.dirname(report), { recursive: true });
    fs.writeFileSync(report, clean);
    expect((await check(base, dist)).code).toBe(0);
  }));
});
