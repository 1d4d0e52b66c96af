// The JSON outputs of plan, check, inventory, verify-rollback, rehearse and verify-takeover carry apiVersion and kind, and
// have JSON Schemas generated from their types (schemas/*.schema.json, npm run output-schemas):
// the committed schemas are fresh, and real outputs of the example validate against them.
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { runCapturing } from '../cli/run-cli';
import { ROOT, withTempDir } from '../util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OUTPUTS, generate } = require('../../scripts/output-schemas') as {
  OUTPUTS: ReadonlyArray<{ kind: string; file: string }>;
  generate(): Map<string, string>;
};

const schemaOf = (kind: string): object => {
  const o = OUTPUTS.find(x => x.kind === kind)!;
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', o.file), 'utf8'));
};

function expectValid(kind: string, json: string): void {
  const value = JSON.parse(json);
  expect({ apiVersion: value.apiVersion, kind: value.kind }).toStrictEqual({ apiVersion: 'karmada-migrate.io/v1alpha1', kind });
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schemaOf(kind));
  expect(validate(value) ? [] : validate.errors).toStrictEqual([]);
}

describe('the JSON Schemas of the JSON outputs', () => {
  test('the committed schemas are what scripts/output-schemas.js generates from the types (run npm run output-schemas)', () => {
    const generated = generate();
    expect([...generated.keys()].sort()).toStrictEqual(OUTPUTS.map(o => o.file).sort());
    for (const [file, text] of generated) expect(fs.readFileSync(path.join(ROOT, 'schemas', file), 'utf8')).toBe(text);
  });

  test('a schema refuses what its output never holds: another kind, an unknown field', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schemaOf('CheckReport'));
    expect(validate({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'CheckReport', ok: true, findings: [], scope: { read: 'full' } })).toBe(true);
    expect(validate({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'Plan', ok: true, findings: [] })).toBe(false);
    expect(validate({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'CheckReport', ok: true, findings: [], scope: { read: 'full' }, extra: 1 })).toBe(false);
  });

  test('plan --format json of the example is a Plan', async () => {
    const r = await runCapturing(['plan', '--config', path.join(ROOT, 'migration.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expectValid('Plan', r.stdout);
  });

  test('plan --format json of the fleet example, with each cluster\'s export named, is a Plan with its fleet and clusters', () => withTempDir(async dir => {
    const fleet = path.join(ROOT, 'examples', 'fleet');
    // member2 runs another image than its copy: a restart there only
    const m2 = fs.readFileSync(path.join(fleet, 'exports', 'member2.yaml'), 'utf8').replace('us-mirror.example.com/shop/web:1.4.2', 'us-mirror.example.com/shop/web:1.4.1');
    fs.writeFileSync(path.join(dir, 'member2.yaml'), m2);
    const r = await runCapturing(['plan', '--config', path.join(fleet, 'migration.yaml'), '--format', 'json',
      '--live', `member1=${path.join(fleet, 'exports', 'member1.yaml')}`, '--live', `member2=${path.join(dir, 'member2.yaml')}`]);
    expect(r.code).toBe(0);
    expectValid('Plan', r.stdout);
    const plan = JSON.parse(r.stdout);
    expect(plan.migrations[0].clusters).toStrictEqual(['member1', 'member2', 'member3']);
    expect(plan.fleet.objects).toHaveLength(6);
    expect(plan.risks.changes.map((c: { cluster: string; classes: string[] }) => [c.cluster, c.classes])).toStrictEqual([['member2', ['pods-restart']]]);
    expect(plan.risks.clusters.map((c: { liveGiven: boolean }) => c.liveGiven)).toStrictEqual([true, true, false]);
  }));

  test('plan --format json of a fleet whose clusters hold objects others lack names their clusters on each row, and is a Plan', () => withTempDir(async dir => {
    const fleet = path.join(ROOT, 'examples', 'fleet');
    fs.mkdirSync(path.join(dir, 'exports'));
    // member3 alone runs a job-runner reading a Secret; member2 and member3 hold a ServiceAccount no takeover selects; member1 one excluded.
    const runner = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'runner', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'runner' } }, template: { metadata: { labels: { app: 'runner' } },
        spec: { containers: [{ name: 'r', image: 'r:1', envFrom: [{ secretRef: { name: 'runner-creds' } }] }] } } },
    };
    const extra: Record<string, object[]> = {
      member1: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'scratch', namespace: 'shop' }, data: { a: 'b' } }],
      member2: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'batch', namespace: 'shop' } }],
      member3: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'batch', namespace: 'shop' } }, runner,
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'runner-creds', namespace: 'shop' }, data: { k: 'dg==' } }],
    };
    for (const c of ['member1', 'member2', 'member3']) {
      fs.writeFileSync(path.join(dir, 'exports', `${c}.yaml`), fs.readFileSync(path.join(fleet, 'exports', `${c}.yaml`), 'utf8') +
        extra[c].map(o => `- ${JSON.stringify(o)}\n`).join(''));
    }
    fs.writeFileSync(path.join(dir, 'migration.yaml'), fs.readFileSync(path.join(fleet, 'migration.yaml'), 'utf8') +
      '  exclude:\n    - {kind: ConfigMap, namespace: shop, name: scratch, reason: temporary}\n');
    const r = await runCapturing(['plan', '--config', path.join(dir, 'migration.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expectValid('Plan', r.stdout);
    const plan = JSON.parse(r.stdout);
    expect(plan.leftBehind[0].byKind).toStrictEqual([{ kind: 'ServiceAccount', objects: ['ServiceAccount shop/batch'], clusters: ['member2', 'member3'] }]);
    expect(plan.leftBehind[0].excluded).toStrictEqual([{ object: 'ConfigMap shop/scratch', reason: 'excluded by spec.exclude[0]: temporary', clusters: ['member1'] }]);
    expect(plan.secrets.map((s: { secret: string; clusters: string[] }) => [s.secret, s.clusters])).toStrictEqual([['Secret shop/runner-creds', ['member3']]]);
  }));

  test('check --format json of a change is a CheckReport, accepted or refused', () => withTempDir(async dir => {
    const base = path.join(dir, 'base');
    fs.cpSync(path.join(ROOT, 'dist'), base, { recursive: true });
    const same = await runCapturing(['check', '--base', base, '--dist', path.join(ROOT, 'dist'), '--format', 'json']);
    expect(same.code).toBe(0);
    expectValid('CheckReport', same.stdout);
    // the change removes the migration: every template leaves, without a preserving policy
    const removed = await runCapturing(['check', '--base', base, '--dist', path.join(dir, 'dist'), '--format', 'json']);
    expect(removed.code).toBe(1);
    expectValid('CheckReport', removed.stdout);
    expect(JSON.parse(removed.stdout).findings.length).toBeGreaterThan(0);
  }));

  test('inventory --format json of the example is an InventoryReport', async () => {
    const r = await runCapturing(['inventory', path.join(ROOT, 'inventory', 'member1.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expectValid('InventoryReport', r.stdout);
  });

  test('verify-rollback --format json is a RollbackVerification', () => withTempDir(async dir => {
    fs.writeFileSync(path.join(dir, 'works.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    const r = await runCapturing(['verify-rollback', '--works', path.join(dir, 'works.json'), '--dist', path.join(ROOT, 'dist'), '--format', 'json']);
    expect(r.code).toBe(1);
    expectValid('RollbackVerification', r.stdout);
  }));

  test('verify-takeover --format json is a VerifyTakeoverReport', () => withTempDir(async dir => {
    const empty = path.join(dir, 'empty.json');
    fs.writeFileSync(empty, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    const r = await runCapturing(['verify-takeover', '--bindings', empty, '--works', empty, '--dist', path.join(ROOT, 'dist'), '--format', 'json']);
    expect(r.code).toBe(1);
    expectValid('VerifyTakeoverReport', r.stdout);
  }));
});
