// spec.retain and a takeover's retain through the real synth pipeline: the ResourceInterpreterCustomization
// written beside the policies, valid against its pinned CRD, its script the generated one; and the
// config's and the migration's refusals.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synthesizeConfig } from '../../src/pipeline/synthesis';
import { buildPlan } from '../../src/report/plan';
import { loadPlanInput } from '../../src/report/plan-input';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { KubeObject } from '../../src/kube/object';
import { luaSandboxProblems } from '../../src/karmada';
import { JsonObject } from '../../src/kube';
import { ROOT, withTempDir, writeMigrationConfig } from '../util';
import { RetentionVm } from '../karmada/lua-vm';

const RIC = 'member1/policies/_cluster/ResourceInterpreterCustomization.config.karmada.io_member1-retain-deployment-v1.apps.yaml';

function project(dir: string, specLines: readonly string[]): string {
  fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
  return writeMigrationConfig(path.join(dir, 'migration.yaml'), ['  inventory: [inventory/member1.yaml]', ...specLines]);
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

const TAKEOVERS = [
  '  takeovers:',
  '    - name: deployments-pp',
  '      kind: {apiVersion: apps/v1, kind: Deployment}',
];

describe('retain through synth', () => {
  test('writes one ResourceInterpreterCustomization per kind, with the policies, valid against the pinned CRD', () => withTempDir(dir => {
    const config = project(dir, [
      '  retain:',
      '    - apiVersion: apps/v1',
      '      kind: Deployment',
      '      fields: ["spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]"]',
      ...TAKEOVERS,
      '      retain:',
      '        - {apiVersion: apps/v1, kind: Deployment, fields: ["spec.template.spec.containers[*].resources"]}',
    ]);
    const out = path.join(dir, 'dist');
    const result = synthesizeConfig({ config, outdir: out });
    expect(result.counts.customizations).toBe(1);
    const ric = yaml.load(fs.readFileSync(path.join(out, RIC), 'utf8')) as KubeObject & { spec: { target: unknown; customizations: { retention: { luaScript: string } } } };
    expect(ric.metadata).toEqual({ name: 'member1-retain-deployment-v1.apps', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } });
    expect(ric.spec.target).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const crd = yaml.load(fs.readFileSync(path.join(ROOT, 'crds/karmada-v1.18.2/config.karmada.io_resourceinterpretercustomizations.yaml'), 'utf8'));
    expect(CrdSchemaSet.fromDocuments([crd]).validate(ric)).toEqual([]);
    const script = ric.spec.customizations.retention.luaScript;
    expect(luaSandboxProblems(script, ['Retain'])).toEqual([]);
    // the three Deployments of the example, each with both fields.
    expect(script).toContain('["default/nginx"] = 1,');
    expect(script).toContain('["shop/cart"] = 1,');
    // the same bytes on every run.
    synthesizeConfig({ config, outdir: out });
    expect(yaml.load(fs.readFileSync(path.join(out, RIC), 'utf8'))).toEqual(ric);
    // the script as written does what the model says, on the example's nginx.
    const vm = new RetentionVm(script);
    const desired = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default' },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } } } } as KubeObject;
    const observed = { ...desired, spec: { replicas: 3, template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } }, spec: { containers: [{ name: 'nginx', image: 'old', resources: { requests: { cpu: '2' } } }] } } } } as KubeObject;
    const retained = vm.retain(desired as unknown as JsonObject, observed as unknown as JsonObject);
    expect(retained.spec).toEqual({ replicas: 1, template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '2' } } }] } } });
    vm.close();
  }));

  test('the plan follows the retention: a member-side restart stamp it retains is no pod restart', () => withTempDir(dir => {
    // GIVEN the member's nginx restarted by kubectl rollout restart, and the example taken over with or without retaining the stamp
    const live = path.join(dir, 'live.yaml');
    const inventory = yaml.loadAll(fs.readFileSync(path.join(ROOT, 'inventory/member1.yaml'), 'utf8')) as KubeObject[];
    const stamped = inventory.flatMap(d => (d.kind === 'List' ? (d as unknown as { items: KubeObject[] }).items : [d])).map(o => {
      if (o.kind !== 'Deployment' || o.metadata.name !== 'nginx') return o;
      const spec = o.spec as { template: { metadata?: { annotations?: Record<string, string> } } };
      spec.template.metadata = { ...spec.template.metadata, annotations: { ...spec.template.metadata?.annotations, 'kubectl.kubernetes.io/restartedAt': '2026-11-30T10:00:00Z' } };
      return o;
    });
    fs.writeFileSync(live, yaml.dump({ apiVersion: 'v1', kind: 'List', items: stamped }));
    const restarts = (retain: boolean) => {
      const config = project(dir, [
        ...(retain ? ['  retain: [{apiVersion: apps/v1, kind: Deployment, fields: ["spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]"]}]'] : []),
        ...TAKEOVERS,
      ]);
      const plan = buildPlan(loadPlanInput({ config, live: [live] }));
      return plan.risks.changes.filter(c => c.podsRestart).map(c => c.object);
    };

    // THEN
    expect(restarts(false)).toStrictEqual(['Deployment.apps default/nginx']);
    expect(restarts(true)).toStrictEqual([]);
  }));

  test('bad retain entries are refused with the file, line, value and fix (exit 1, as any bad config)', () => withTempDir(dir => {
    const config = project(dir, [
      '  retain:',
      '    - {apiVersion: apps/v1, kind: Deploymnt, fields: [spec.replicas]}',
      '    - {apiVersion: v1, kind: Service, fields: [status.loadBalancer, "metadata.managedFields", "spec.ports[0].nodePort", spec.selector, spec.selector]}',
      '    - {apiVersion: v1, kind: Service, fields: [spec.type]}',
      '    - {apiVersion: v1, kind: ConfigMap, fields: []}',
      ...TAKEOVERS,
      '      retain: [{apiVersion: v1, kind: Service, fields: [spec.type]}]',
    ]);
    const message = errorOf(() => synthesizeConfig({ config, outdir: path.join(dir, 'dist') }));
    expect(message).toContain('migration.yaml');
    expect(message).toMatch(/line 8: spec\.retain\[0\]\.kind: 'Deploymnt' is no kind of apps\/v1 .*; did you mean 'Deployment'\?$/m);
    expect(message).toMatch(/line 9: spec\.retain\[1\]\.fields\[0\]: "status\.loadBalancer": status is written by the member's controllers/);
    expect(message).toMatch(/spec\.retain\[1\]\.fields\[1\]: "metadata\.managedFields": Karmada never sends metadata\.managedFields/);
    expect(message).toMatch(/spec\.retain\[1\]\.fields\[2\]: "spec\.ports\[0\]\.nodePort": \[0\] is a position in a list/);
    expect(message).toMatch(/spec\.retain\[1\]\.fields\[4\]: "spec\.selector" is listed twice/);
    expect(message).toMatch(/line 10: spec\.retain\[2\]: v1 Service is listed at \[1\] too/);
    expect(message).toMatch(/line 11: spec\.retain\[3\]\.fields: must have at least 1 item/);
    expect(message).toMatch(/spec\.takeovers\[0\]\.retain\[0\]: v1 Service is not the kind this takeover selects \(apps\/v1 Deployment\)/);
  }));

  test('a kind no takeover takes over is refused (the customization would act on objects outside the migration)', () => withTempDir(dir => {
    const config = project(dir, ['  retain: [{apiVersion: batch/v1, kind: Job, fields: [spec.suspend]}]', ...TAKEOVERS]);
    const message = errorOf(() => synthesizeConfig({ config, outdir: path.join(dir, 'dist') }));
    expect(message).toMatch(/retain batch\/v1 Job retains the fields of no object: the migration takes over no Job\. A ResourceInterpreterCustomization acts on every Job of the Karmada control plane/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }));

  test('a version the Works do not hold is refused', () => withTempDir(dir => {
    const config = project(dir, ['  retain: [{apiVersion: apps/v1beta2, kind: Deployment, fields: [spec.paused]}]', ...TAKEOVERS]);
    expect(errorOf(() => synthesizeConfig({ config, outdir: path.join(dir, 'dist') })))
      .toMatch(/Karmada's Works hold Deployment objects as apps\/v1 .* write apiVersion: apps\/v1/);
  }));
});
