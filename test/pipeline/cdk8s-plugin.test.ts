// The cdk8s validation plugin, called as cdk8s-cli calls it (util.validateApp): a
// ValidationContext over the manifests of the staging folder, then validate(); the report
// names each rule with its resources, manifests and construct paths, and dist/ is replaced,
// atomically, only when nothing is violated.
import * as fs from 'fs';
import * as path from 'path';
import * as writeTree from '../../src/output/write-tree';
import { KarmadaMigrateValidation } from '../../src/pipeline/cdk8s-plugin';
import { STAGING_NOTE } from '../../src/pipeline/staging-note';
import { CRD_SCHEMA_RULE_DESCRIPTION } from '../../src/validation/validate-manifests';
import { readTree, ROOT, withTempDir } from '../util';

// cdk8s-cli exports its plugin API as `cdk8s-cli/plugins` only (package.json "exports");
// the types live in lib/plugins/validation.d.ts, which node10 resolution still finds.
const { ValidationContext } = jest.requireActual<typeof import('cdk8s-cli/lib/plugins/validation')>('cdk8s-cli/plugins');

// compile-time: the plugin, typed without cdk8s-cli, is a cdk8s-cli Validation and takes its context.
const asCliValidation: import('cdk8s-cli/lib/plugins/validation').Validation = new KarmadaMigrateValidation();
void asCliValidation;

const SERVICES_PP = 'member1/policies/default/PropagationPolicy.policy.karmada.io_services-pp.yaml';
const NGINX_PP = 'member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml';


/** the .yaml files of a folder, as cdk8s-cli's findManifests lists them. */
function manifestsOf(dir: string): string[] {
  return Object.keys(readTree(dir)).filter(f => f.endsWith('.yaml')).sort().map(f => path.join(dir, f));
}

interface Project {
  readonly staging: string;
  readonly dist: string;
}

/** a project folder: the example's dist/ synthesized into the staging folder, and a previous dist/. */
function project(dir: string, change?: (staging: string) => void): Project {
  const staging = path.join(dir, '.cdk8s.out');
  const dist = path.join(dir, 'dist');
  fs.cpSync(path.join(ROOT, 'dist'), staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'construct-metadata.json'), '{"version":"1.0.0","resources":{}}\n');
  fs.mkdirSync(path.join(dist, 'member1'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'member1', 'previous.yaml'), 'kind: Previous\n');
  change?.(staging);
  return { staging, dist };
}

type Props = ConstructorParameters<typeof KarmadaMigrateValidation>[0];

async function run(p: Project, props: Props = {}, stdout = false, manifests = manifestsOf(p.staging)) {
  const metadata = { 'services-pp': { path: 'member1/services-pp/default' }, 'nginx-pp': { path: 'member1/nginx-pp' } };
  const context = new ValidationContext(manifests, 'karmada-migrate-validation', '0.1.0', metadata, stdout);
  const logged: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...s: unknown[]) => void logged.push(s.join(' ')));
  try {
    await new KarmadaMigrateValidation({ staging: p.staging, publishTo: p.dist, sourceClusters: ['member1'], ...props }).validate(context);
  } finally {
    log.mockRestore();
  }
  return { report: context.report, json: context.report.toJson(), logged };
}

function edit(staging: string, file: string, from: string, to: string): void {
  const full = path.join(staging, file);
  const text = fs.readFileSync(full, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(full, text.replace(from, to));
}

describe('KarmadaMigrateValidation (the cdk8s validation plugin)', () => {
  test('clean manifests: success, and publishTo becomes exactly the validated manifests', () => withTempDir(async dir => {
    // GIVEN
    const p = project(dir);
    const move = jest.spyOn(writeTree, 'moveTreeAtomically');

    // WHEN
    const { report, json } = await run(p);

    // THEN
    expect(report.success).toBe(true);
    expect(json.violations).toStrictEqual([]);
    expect(json.summary).toStrictEqual({ status: 'success', plugin: 'karmada-migrate-validation', version: '0.1.0', metadata: { published: p.dist } });
    // the staging folder is moved, not written again: no previous file survives, construct-metadata.json is not published.
    expect(move).toHaveBeenCalledTimes(1);
    move.mockRestore();
    expect(readTree(p.dist)).toStrictEqual(readTree(path.join(ROOT, 'dist')));
    expect(fs.readdirSync(dir).sort()).toStrictEqual(['dist']);
  }));

  test('a file in the staging folder that is no validated manifest: nothing is published', () => withTempDir(async dir => {
    const p = project(dir, staging => fs.writeFileSync(path.join(staging, 'member1', 'notes.txt'), 'not validated\n'));
    const before = readTree(p.dist);

    const { report, logged } = await run(p);

    expect(report.success).toBe(false);
    expect(logged.join('\n')).toContain(`the staging folder ${p.staging} holds member1/notes.txt, which is no manifest the app wrote`);
    expect(readTree(p.dist)).toStrictEqual(before);
  }));

  test("the app's note in the staging folder: its source clusters and its inputs, without reading a config", () => withTempDir(async dir => {
    // GIVEN a note that names another source cluster, and dist/ as an input the output may not replace
    const p = project(dir, staging => fs.writeFileSync(path.join(staging, STAGING_NOTE),
      JSON.stringify({ protect: [path.join(dir, 'dist')], expectedEntries: ['member1'], sourceClusters: ['member2'] })));
    const before = readTree(p.dist);

    // WHEN no sourceClusters prop and no config
    const { report, json, logged } = await run(p, { sourceClusters: undefined, config: path.join(dir, 'no-such-config.yaml') });

    // THEN the policies place on member1, not on the note's member2; and nothing is published
    expect(report.success).toBe(false);
    expect(json.violations.map((v: { ruleName: string }) => v.ruleName)).toContain('migration/placement-source-cluster');
    expect(logged.join('\n')).not.toContain('no-such-config');
    expect(readTree(p.dist)).toStrictEqual(before);
  }));

  test("the note's clusters per migration: each folder's policies against its own migration's clusters", () => withTempDir(async dir => {
    const note = (byMigration: Record<string, string[]>) => JSON.stringify({
      protect: [], expectedEntries: ['member1'], sourceClusters: ['member1', 'member2'], clustersByMigration: byMigration,
    });
    // member1's folder is the migration of member1: its policies pass.
    const ok = project(path.join(dir, 'a'), staging => fs.writeFileSync(path.join(staging, STAGING_NOTE), note({ member1: ['member1'], other: ['member2'] })));
    expect((await run(ok, { sourceClusters: undefined, config: path.join(dir, 'no-such-config.yaml') })).report.success).toBe(true);
    // the same folder belonging to a migration of member2 only: member1 is no cluster of it, though it is another migration's.
    const wrong = project(path.join(dir, 'b'), staging => fs.writeFileSync(path.join(staging, STAGING_NOTE), note({ member1: ['member2'], other: ['member1'] })));
    const { report, json } = await run(wrong, { sourceClusters: undefined, config: path.join(dir, 'no-such-config.yaml') });
    expect(report.success).toBe(false);
    expect(json.violations.map((v: { ruleName: string }) => v.ruleName)).toStrictEqual(['migration/placement-source-cluster']);
    expect(json.violations[0].violatingConstructs[0].locations[0])
      .toBe('spec.placement.clusterAffinity.clusterNames: cluster member1 is not a source cluster of the migration (member2)');
  }));

  test("the note's inputs guard the published folder", () => withTempDir(async dir => {
    const p = project(dir, staging => fs.writeFileSync(path.join(staging, STAGING_NOTE),
      JSON.stringify({ protect: [path.join(dir, 'dist', 'member1')], expectedEntries: ['member1'], sourceClusters: ['member1'] })));
    const before = readTree(p.dist);

    const { report, logged } = await run(p);

    expect(report.success).toBe(false);
    expect(logged.join('\n')).toContain('an input of the migration');
    expect(readTree(p.dist)).toStrictEqual(before);
    expect(fs.existsSync(path.join(p.staging, STAGING_NOTE))).toBe(true);
  }));

  test('violations: reported per rule with resource names, manifest paths, construct paths and locations; failure; publishTo untouched', () => withTempDir(async dir => {
    // GIVEN services-pp selects every Service of default, and nginx-pp has a field its CRD lacks
    const p = project(dir, staging => {
      edit(staging, SERVICES_PP, '      name: nginx-svc\n', '');
      edit(staging, NGINX_PP, '  preemption: Never\n', '  preemption: Never\n  propagateDependencies: true\n');
    });
    const before = readTree(p.dist);

    // WHEN
    const { report, json, logged } = await run(p);

    // THEN
    expect(report.success).toBe(false);
    expect(json.summary).toStrictEqual({ status: 'failure', plugin: 'karmada-migrate-validation', version: '0.1.0', metadata: { violations: '2' } });
    expect(json.violations).toStrictEqual([
      {
        ruleName: 'crd-schema',
        recommendation: CRD_SCHEMA_RULE_DESCRIPTION,
        fix: 'write the object as its CRD defines it',
        violatingConstructs: [{
          resourceName: 'nginx-pp', manifestPath: path.join(p.staging, NGINX_PP), constructPath: 'member1/nginx-pp',
          locations: ['spec.propagateDependencies: unknown field (the API server would drop it, and GitOps would show drift forever)'],
        }],
      },
      {
        ruleName: 'migration/karmada-own-objects',
        recommendation: 'no selector claims objects of the Karmada API server itself',
        fix: 'select the migration\'s objects by name (selectBy: Name on the takeover)',
        violatingConstructs: [{
          resourceName: 'services-pp', manifestPath: path.join(p.staging, SERVICES_PP), constructPath: 'member1/services-pp/default',
          locations: ['spec.resourceSelectors[0]: a kind-only selector of Service in default also claims the Karmada API server\'s own default/kubernetes, ' +
            'which Overwrite would push onto the member cluster'],
        }],
      },
    ]);
    // the report as cdk8s prints it names the rule and the construct.
    expect(report.toString()).toContain('migration/karmada-own-objects (1 occurrences)');
    expect(report.toString()).toContain('Construct Path: member1/services-pp/default');
    // one log line per violation, with its manifest.
    expect(logged).toStrictEqual([
      '[crd-schema] PropagationPolicy default/nginx-pp: spec.propagateDependencies: unknown field (the API server would drop it, and GitOps would show drift forever); ' +
      `fix: write the object as its CRD defines it (${path.join(p.staging, NGINX_PP)})`,
      expect.stringMatching(/^\[migration\/karmada-own-objects\] PropagationPolicy default\/services-pp: spec\.resourceSelectors\[0\]: a kind-only selector/),
    ]);
    expect(readTree(p.dist)).toStrictEqual(before);
  }));

  test('several violations of one rule on one object are one resource with several locations', () => withTempDir(async dir => {
    const p = project(dir, staging => edit(staging, SERVICES_PP, '  preemption: Never\n', '  preemption: Always\n  activationPreference: Lazy\n  foo: 1\n  bar: 2\n'));
    const { json } = await run(p);
    expect(json.violations.map(v => [v.ruleName, v.violatingConstructs.map(c => [c.resourceName, c.locations.length])])).toStrictEqual([
      ['crd-schema', [['services-pp', 2]]],
      ['migration/no-preemption', [['services-pp', 1]]],
      ['migration/no-lazy-activation', [['services-pp', 1]]],
    ]);
  }));

  test('with the unique keys MigrationApp records, a resource is named Kind namespace/name and gets its own construct path', () => withTempDir(async dir => {
    const p = project(dir, staging => edit(staging, SERVICES_PP, '      name: nginx-svc\n', ''));
    const manifests = manifestsOf(p.staging);
    // what MigrationApp writes to construct-metadata.json: the name (as cdk8s-core does) and the unique key.
    const metadata = {
      'services-pp': { path: 'member1/takeovers[1]/PropagationPolicy@shop/Resource' },
      'PropagationPolicy default/services-pp': { path: 'member1/takeovers[1]/PropagationPolicy@default/Resource' },
      'PropagationPolicy shop/services-pp': { path: 'member1/takeovers[1]/PropagationPolicy@shop/Resource' },
    };
    const context = new ValidationContext(manifests, 'karmada-migrate-validation', '0.1.0', metadata, false);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await new KarmadaMigrateValidation({ staging: p.staging, publishTo: p.dist, sourceClusters: ['member1'] }).validate(context);
    } finally {
      log.mockRestore();
    }
    const [violation] = context.report.toJson().violations;
    expect(violation.violatingConstructs.map(c => [c.resourceName, c.constructPath]))
      .toStrictEqual([['PropagationPolicy default/services-pp', 'member1/takeovers[1]/PropagationPolicy@default/Resource']]);
  }));

  test('the placement rule knows the source clusters of the config when none are given', () => withTempDir(async dir => {
    const p = project(dir);
    const config = path.join(dir, 'migration.yaml');
    fs.writeFileSync(config, fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8').replace('sourceCluster: member1', 'sourceCluster: member2'));
    const { report, json } = await run(p, { sourceClusters: undefined, config });
    expect(report.success).toBe(false);
    expect(json.violations.map(v => v.ruleName)).toStrictEqual(['migration/placement-source-cluster']);
    expect(json.violations[0].violatingConstructs[0].locations[0])
      .toBe('spec.placement.clusterAffinity.clusterNames: cluster member1 is not a source cluster of the migration (member2)');
  }));

  test('with --stdout, or manifests outside the staging folder, nothing is published', () => withTempDir(async dir => {
    const p = project(dir);
    const before = readTree(p.dist);
    const viaStdout = await run(p, {}, true);
    expect(viaStdout.report.success).toBe(true);
    expect(viaStdout.logged).toStrictEqual([`karmada-migrate: synthesized to standard output; ${p.dist} left as it is`]);
    expect(readTree(p.dist)).toStrictEqual(before);

    const elsewhere = path.join(dir, 'elsewhere');
    fs.cpSync(p.staging, elsewhere, { recursive: true });
    const viaOutput = await run(p, {}, false, manifestsOf(elsewhere));
    expect(viaOutput.report.success).toBe(true);
    expect(viaOutput.logged[0]).toMatch(/^karmada-migrate: .*elsewhere.* is not under the staging folder .*\.cdk8s\.out; .*dist left as it is$/);
    expect(readTree(p.dist)).toStrictEqual(before);
  }));

  test('without publishTo, validation only', () => withTempDir(async dir => {
    const p = project(dir);
    const before = readTree(p.dist);
    const { report, json } = await run(p, { publishTo: undefined });
    expect(report.success).toBe(true);
    expect(json.summary.metadata).toStrictEqual({});
    expect(readTree(p.dist)).toStrictEqual(before);
  }));
});
