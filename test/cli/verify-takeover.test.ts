// karmada-migrate verify-takeover: exit 0 when every template is taken over, 1 when one is not,
// 3 when it cannot evaluate (a missing file, a wrong kind in --works, malformed YAML, --before
// without --after), with a message naming the file and document and no stack; its JSON is a
// VerifyTakeoverReport valid against its schema.
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';
import { runCapturing } from './run-cli';
import { afterExport, BEFORE_FILE, EXAMPLE_DIST, TakeoverBend, takeoverEvidence } from '../takeover-fixtures';
import { ROOT, withTempDir } from '../util';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'verify-takeover-report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** writes the evidence as kubectl -o yaml prints it (a List), and the after export. */
function setUp(dir: string, bends: Record<string, TakeoverBend> = {}): { rb: string; works: string; after: string } {
  const { bindings, works } = takeoverEvidence(bends);
  const list = (items: object[]) => yaml.dump({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });
  const files = { rb: path.join(dir, 'rb.yaml'), works: path.join(dir, 'works.yaml'), after: path.join(dir, 'after.yaml') };
  fs.writeFileSync(files.rb, list(bindings));
  fs.writeFileSync(files.works, list(works));
  fs.writeFileSync(files.after, list(afterExport()));
  return files;
}

describe('karmada-migrate verify-takeover', () => {
  test('all taken over, with the member side: exit 0; JSON valid; --output writes it', () => withTempDir(async dir => {
    const f = setUp(dir);
    const args = ['verify-takeover', '--bindings', f.rb, '--works', f.works, '--before', BEFORE_FILE, '--after', f.after, '--dist', EXAMPLE_DIST];
    const text = await runCapturing(args);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^takeover of member1 verified: all 6 template\(s\) taken over .*, same objects, no pod rolled, replicas held\n$/m);
    const out = path.join(dir, 'takeovers', 'member1.json');
    const json = await runCapturing([...args, '--format', 'json', '--output', out]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(validate(report) ? [] : validate.errors).toStrictEqual([]);
    expect(report).toMatchObject({ kind: 'VerifyTakeoverReport', passed: true, memberSideVerified: true });
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toStrictEqual(report);
  }));

  test('a conflict under Abort: exit 1, the template and Karmada\'s words; Karmada\'s side only says the member side was not verified', () => withTempDir(async dir => {
    const f = setUp(dir, { 'Deployment/nginx': { abortConflict: true } });
    const r = await runCapturing(['verify-takeover', '--bindings', f.rb, '--works', f.works, '--dist', EXAMPLE_DIST]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^APPLY-CONFLICT Deployment\.apps default\/nginx \(member1\/templates\/default\/Deployment\.apps_nginx\.yaml\):\n {2}- apply-conflict: .*Karmada will not manage this resource"/);
    expect(r.stdout).toContain('states: taken-over 5, apply-conflict 1\n  default: 1 of 2 taken over (taken-over 1, apply-conflict 1)\n  shop: 4 of 4 taken over (taken-over 4)\n');
    expect(r.stdout).toContain('member side not verified');
    expect(r.stdout).toMatch(/takeover of member1 not verified: 5 of 6 template\(s\) taken over\n$/);
    const json = await runCapturing(['verify-takeover', '--bindings', f.rb, '--works', f.works, '--dist', EXAMPLE_DIST, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(validate(JSON.parse(json.stdout)) ? [] : validate.errors).toStrictEqual([]);
  }));

  test('bad input: exit 3 without a stack, naming the flag, the file and the document', () => withTempDir(async dir => {
    const f = setUp(dir);
    const base = ['verify-takeover', '--dist', EXAMPLE_DIST];
    const missing = await runCapturing([...base, '--bindings', path.join(dir, 'nope.yaml'), '--works', f.works]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^karmada-migrate: verify-takeover could not evaluate: .*nope\.yaml/);

    const wrongKind = await runCapturing([...base, '--bindings', f.rb, '--works', f.rb]);
    expect(wrongKind.code).toBe(3);
    expect(wrongKind.stderr).toMatch(/rb\.yaml:\d+: --works: ResourceBinding default\/nginx-deployment \(work\.karmada\.io\/v1alpha2\) is not a Work of work\.karmada\.io; give the output of 'kubectl get works\.work\.karmada\.io -A -o yaml'/);

    const malformed = path.join(dir, 'bad.yaml');
    fs.writeFileSync(malformed, `${fs.readFileSync(f.works, 'utf8')}---\nkind: Work\n  metadata: [\n`);
    const bad = await runCapturing([...base, '--bindings', f.rb, '--works', malformed]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+ \(document 1\): malformed YAML: [^\n]+\n(?: +\d+ \| [^\n]*\n)+ +\| +\^\n$/);

    const half = await runCapturing([...base, '--bindings', f.rb, '--works', f.works, '--before', BEFORE_FILE]);
    expect(half.code).toBe(3);
    expect(half.stderr).toContain('--before needs --after');
    for (const r of [missing, wrongKind, bad, half]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }));
});
