// rehearse compares each Work Karmada built under a suspended policy (the manifest it will PUT)
// with the live object of the member, through predictOverwrite. Karmada facts: a member
// cluster's Works live in karmada-es-<cluster> (pkg/util/names/names.go); a Work of a suspended
// binding carries spec.suspendDispatching: true (pkg/controllers/binding/common.go: ensureWork);
// its manifest carries the claim annotations of its template (pkg/detector/claim.go).
import * as path from 'path';
import { readInventory } from '../../src/inventory/read';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { KubeObject } from '../../src/kube/object';
import { categoryOf } from '../../src/output/layout';
import { DistTree, readDistDir } from '../../src/report/dist-tree';
import { migrationDigests, migrationTemplateFiles, rehearse, templatesDigest } from '../../src/report/rehearse';
import { generateRetentionScript } from '../../src/karmada/retention-lua';
import { rehearsalWork, rehearsalWorks, templatesOf, WorkOptions } from '../rehearsal-fixtures';
import { ROOT } from '../util';

const CRDS = path.join(ROOT, 'crds', 'karmada-v1.18.2');
const schemas = CrdSchemaSet.fromFiles([path.join(CRDS, 'work.karmada.io_works.yaml')]);
const DIST = path.join(ROOT, 'dist');
const example = readDistDir(DIST);
const digests = migrationDigests(DIST, example);
const live: KubeObject[] = readInventory([path.join(ROOT, 'inventory', 'member1.yaml')]).map(o => o.object);

/** the example's dist/ in the Rehearse phase: every policy suspends dispatching. */
function rehearsing(tree: DistTree = example): DistTree {
  return new Map([...tree].map(([f, o]) => [f, categoryOf(o) === 'policies'
    ? { ...o, spec: { ...(o.spec as object), suspension: { dispatching: true } } } : o]));
}
const templates = templatesOf(example);

const allWorks = (edits: Record<string, WorkOptions> = {}) => rehearsalWorks(example, edits);
const work = rehearsalWork;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit manifests freely
const spec = (m: KubeObject): any => m.spec;
const kinds = (r: ReturnType<typeof rehearse>) => r.findings.map(f => `${f.kind} ${f.object}`);

describe('rehearse', () => {
  test('the Works used here are valid for their CRD', () => {
    for (const w of allWorks({ nginx: { suspended: false } })) expect(schemas.validate(w)).toStrictEqual([]);
  });

  test('clean: every template of the example has its suspended Work, and lifting changes at most metadata', () => {
    const r = rehearse(allWorks(), live, rehearsing(), digests);
    expect(r).toMatchObject({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'RehearsalReport', migration: 'member1', clean: true, works: 6, findings: [] });
    expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.digest).toBe(digests.get('member1'));
    expect(r.templates).toHaveLength(6);
    for (const t of r.templates) {
      expect(t.cluster).toBe('member1');
      expect(t.work).toMatch(/^karmada-es-member1\//);
      expect(['unchanged', 'metadata-only']).toContain(t.classes.join());
    }
  });

  test('metadata only: a label the template adds is reported, and is no finding', () => {
    const r = rehearse(allWorks({ nginx: { edit: m => { (m.metadata.labels as Record<string, string>).team = 'web'; } } }), live, rehearsing(), digests);
    expect(r.clean).toBe(true);
    const t = r.templates.find(x => x.object === 'Deployment.apps default/nginx')!;
    expect(t.classes).toStrictEqual(['metadata-only']);
    expect(t.metadata?.labels).toContain('team');
  });

  test('pods restart: an image the Work changes names the pod-template path', () => {
    const r = rehearse(allWorks({ nginx: { edit: m => { spec(m).template.spec.containers[0].image = 'nginx:1.28.0'; } } }), live, rehearsing(), digests);
    expect(r.clean).toBe(false);
    expect(kinds(r)).toStrictEqual(['pods-restart Deployment.apps default/nginx']);
    const t = r.templates.find(x => x.object === 'Deployment.apps default/nginx')!;
    expect(t.classes).toContain('pods-restart');
    expect(t.podsRestart).toStrictEqual({ paths: ['spec.template.spec.containers[0].image'], rollout: 'RollingUpdate' });
  });

  test('replicas change: from the live count to the Work\'s', () => {
    const liveReplicas = (live.find(o => o.kind === 'Deployment' && o.metadata.name === 'storefront')!.spec as { replicas: number }).replicas;
    const r = rehearse(allWorks({ storefront: { edit: m => { if (m.kind === 'Deployment') spec(m).replicas = liveReplicas + 3; } } }), live, rehearsing(), digests);
    expect(kinds(r)).toStrictEqual(['replicas-change Deployment.apps shop/storefront']);
    expect(r.templates.find(x => x.object === 'Deployment.apps shop/storefront')!.replicas).toStrictEqual({ from: liveReplicas, to: liveReplicas + 3 });
  });

  test('a ResourceInterpreterCustomization of dist/ is the retention: its fields are the member\'s, a script it did not write cannot be compared', () => {
    // GIVEN nginx restarted on the member (kubectl rollout restart), its template without the stamp
    const stamped = live.map(o => (o.kind === 'Deployment' && o.metadata.name === 'nginx'
      ? { ...o, spec: { ...(o.spec as object), template: { ...spec(o).template, metadata: { ...spec(o).template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } } }
      : o));
    const ric = (script: string): KubeObject => ({
      apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization', metadata: { name: 'member1-retain-deployment-v1.apps' },
      spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { retention: { luaScript: script } } },
    });
    const RIC = 'member1/policies/_cluster/ResourceInterpreterCustomization.config.karmada.io_member1-retain-deployment-v1.apps.yaml';
    const retaining = generateRetentionScript({ apiVersion: 'apps/v1', kind: 'Deployment', objects: [
      { namespace: 'default', name: 'nginx', fields: ['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]'] },
    ] }, 'member1');
    const withRic = (script: string) => rehearsing(new Map([...example, [RIC, ric(script)]]));

    // THEN without the customization the PUT drops the stamp and rolls the pods; with it, nothing changes
    expect(kinds(rehearse(allWorks(), stamped, rehearsing(), digests))).toStrictEqual(['pods-restart Deployment.apps default/nginx']);
    expect(kinds(rehearse(allWorks(), stamped, withRic(retaining), digests))).toStrictEqual([]);
    // a script karmada-migrate did not write: what Karmada keeps cannot be told
    const edited = rehearse(allWorks(), stamped, withRic('function Retain(d, o) return d end'), digests);
    expect(edited.findings.filter(f => f.object.startsWith('Deployment')).map(f => [f.kind, f.object])).toStrictEqual([
      ['apply-fails', 'Deployment.apps default/nginx'], ['apply-fails', 'Deployment.apps shop/cart'], ['apply-fails', 'Deployment.apps shop/storefront'],
    ]);
    expect(edited.findings[0].message).toContain('ResourceInterpreterCustomization member1-retain-deployment-v1.apps: its script has no PATHS');
    // and the customization is part of what the rehearsal's digest covers
    expect(migrationTemplateFiles(withRic(retaining)).get('member1')).toContain(RIC);
  });

  test('apply would fail: a selector the Work changes is immutable', () => {
    const r = rehearse(allWorks({ cart: { edit: m => {
      if (m.kind !== 'Deployment') return;
      spec(m).selector.matchLabels = { app: 'cart', tier: 'x' };
      spec(m).template.metadata.labels = { ...spec(m).template.metadata.labels, tier: 'x' };
    } } }), live, rehearsing(), digests);
    // alone: the refused PUT restarts nothing, so the pod-template change is no pods-restart finding
    expect(new Set(kinds(r))).toStrictEqual(new Set(['apply-fails Deployment.apps shop/cart']));
    const t = r.templates.find(x => x.object === 'Deployment.apps shop/cart')!;
    expect(t.classes).toStrictEqual(['apply-fails']);
    expect(t.podsRestart).toBeUndefined();
    expect(t.applyFailures![0].reason).toMatch(/immutable/);
  });

  test('traffic change: a Service whose Work selects other pods or moves a port makes the rehearsal not clean', () => {
    const r = rehearse(allWorks({ storefront: { edit: m => {
      if (m.kind !== 'Service') return;
      spec(m).selector = { app: 'storefront-v2' };
      spec(m).ports[0].targetPort = 9999;
    } } }), live, rehearsing(), digests);
    expect(r.clean).toBe(false);
    expect(new Set(kinds(r))).toStrictEqual(new Set(['traffic-change Service shop/storefront']));
    expect(r.findings.map(f => f.message)).toStrictEqual([
      'lifting the suspension moves traffic: spec.ports[0].targetPort: "http" → 9999: port http forwards to another port of the pods',
      expect.stringMatching(/^lifting the suspension moves traffic: spec\.selector\.app: absent → "storefront-v2": the Service sends its traffic to the pods the new selector/),
      expect.stringMatching(/^lifting the suspension moves traffic: spec\.selector\[app\.kubernetes\.io\/name\]: "storefront" → absent: /),
    ]);
    const t = r.templates.find(x => x.object === 'Service shop/storefront')!;
    expect(t.classes).toStrictEqual(['traffic-change']);
    expect(t.traffic!.map(c => c.path)).toStrictEqual(['spec.ports[0].targetPort', 'spec.selector.app', 'spec.selector[app.kubernetes.io/name]']);
  });

  test('missing Work: none in karmada-es-member1 (another cluster\'s is named)', () => {
    const works = templates.map(t => (t.metadata.name === 'cart' && t.kind === 'Service' ? work(t, { cluster: 'member2' }) : work(t)));
    const r = rehearse(works, live, rehearsing(), digests);
    expect(kinds(r)).toStrictEqual(['missing-work Service shop/cart']);
    expect(r.findings[0].message).toMatch(/no Work applies it in karmada-es-member1 .*Works elsewhere: karmada-es-member2\/cart-[a-z2-9]+ \(PropagationPolicy shop\/services-pp\)/);
  });

  test('claimed by another policy: the Work\'s claim annotations name it', () => {
    const r = rehearse(allWorks({ 'nginx-svc': { claimant: 'catch-all-pp' } }), live, rehearsing(), digests);
    expect(kinds(r)).toStrictEqual(['claimed-by-other Service default/nginx-svc']);
    expect(r.findings[0].message).toContain('PropagationPolicy default/catch-all-pp, not a policy of member1');
  });

  test('a Work not suspended is a leak', () => {
    const r = rehearse(allWorks({ nginx: { suspended: false } }), live, rehearsing(), digests);
    expect(kinds(r)).toStrictEqual(['not-suspended Deployment.apps default/nginx']);
    expect(r.findings[0].message).toContain('the rehearsal leaked');
  });

  test('a template without a live object is not a takeover', () => {
    const r = rehearse(allWorks(), live.filter(o => !(o.kind === 'Service' && o.metadata.name === 'storefront')), rehearsing(), digests);
    expect(kinds(r)).toStrictEqual(['no-live-object Service shop/storefront']);
  });

  test('the migration: none in Rehearse, or an unknown one, cannot be rehearsed', () => {
    expect(() => rehearse([], live, example, digests)).toThrow(/no migration of dist\/ is in the Rehearse phase/);
    expect(() => rehearse([], live, rehearsing(), digests, { migration: 'other' })).toThrow(/migration other of dist\/ is not in the Rehearse phase .*; in that phase: member1/);
    expect(() => rehearse([], live, rehearsing(), digests, { migration: 'membr1' })).toThrow(/; in that phase: member1; did you mean 'member1'\?$/);
    expect(() => rehearse([{ kind: 'Pod' }], live, rehearsing(), digests)).toThrow(/item 0 is not a Work/);
  });

  test('the digest: paths and bytes, in any order; one byte more changes it', () => {
    const a = { path: 'm/templates/a.yaml', bytes: Buffer.from('a: 1\n') };
    const b = { path: 'm/templates/b.yaml', bytes: Buffer.from('b: 2\n') };
    expect(templatesDigest([a, b])).toBe(templatesDigest([b, a]));
    expect(templatesDigest([a, b])).not.toBe(templatesDigest([a, { ...b, bytes: Buffer.from('b: 2\n\n') }]));
    expect(templatesDigest([a, b])).not.toBe(templatesDigest([a, { ...b, path: 'm/templates/c.yaml' }]));
  });
});
