// verify-takeover proves, template by template, that Karmada took the example over: a binding
// claimed by the predicted policy and scheduled to member1, its Work in karmada-es-member1
// (Karmada's name) applied; and, with exports of member1 before and after, the same object, no
// pod rolled, the replicas held, a generation that moved only for what the template changes.
// The bindings and Works carry Karmada v1.18.2's exact conditions (test/takeover-fixtures.ts) and
// are valid against the pinned CRDs.
import * as path from 'path';
import { bindingEvidence } from '../../src/karmada/bindings';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { KubeObject } from '../../src/kube/object';
import { categoryOf } from '../../src/output/layout';
import { DistTree, readDistDir } from '../../src/report/dist-tree';
import { compareMemberObject, indexMemberExport } from '../../src/report/takeover-member';
import { formatTakeoverVerification, verifyTakeover, VerifyTakeoverReport } from '../../src/report/verify-takeover';
import { afterExport, beforeExport, EXAMPLE_DIST, KARMADA_TEXT, TakeoverBend, takeoverEvidence } from '../takeover-fixtures';
import { ROOT } from '../util';

const CRDS = path.join(ROOT, 'crds', 'karmada-v1.18.2');
const schemas = CrdSchemaSet.fromFiles([path.join(CRDS, 'work.karmada.io_works.yaml'), path.join(CRDS, 'work.karmada.io_resourcebindings.yaml')]);
const example = readDistDir(EXAMPLE_DIST);
const NGINX = 'Deployment.apps default/nginx';

/** the scenarios of the issue, each bending one template. */
const SCENARIOS: Record<string, Record<string, TakeoverBend>> = {
  'all applied': {},
  'a conflict under Abort': { 'Deployment/nginx': { abortConflict: true } },
  'claimed by an unexpected policy': { 'Deployment/nginx': { claimant: 'deployments-pp' } },
  'one missing': { 'Deployment/cart': { noBinding: true, noWork: true } },
  'suspended': { 'Service/nginx-svc': { suspended: true } },
  'an apply refused by the member': { 'Deployment/storefront': { applyError: 'Deployment.apps "storefront" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable' } },
  'not applied yet': { 'Service/cart': { pending: true } },
  'scheduled elsewhere': { 'Deployment/nginx': { clusters: ['member2'] } },
};

type Exports = { before?: KubeObject[]; after?: KubeObject[] };
function run(bends: Record<string, TakeoverBend> = {}, member?: Exports, tree: DistTree = example): VerifyTakeoverReport {
  const { bindings, works } = takeoverEvidence(bends);
  return verifyTakeover(bindingEvidence(bindings), works, tree, {
    worksFile: 'works.yaml',
    ...(member ? { member: { before: member.before ?? beforeExport(), after: member.after ?? afterExport(), beforeFile: 'before.yaml', afterFile: 'after.yaml' } } : {}),
  });
}
const states = (r: VerifyTakeoverReport) => r.templates.filter(t => t.state !== 'taken-over').map(t => `${t.state} ${t.object}`);
const findingsOf = (r: VerifyTakeoverReport, object: string) => r.templates.find(t => t.object === object)!.findings;

describe('verifyTakeover: the fixtures', () => {
  test.each(Object.keys(SCENARIOS))('%s: every binding and Work is valid for its CRD', name => {
    const { bindings, works } = takeoverEvidence(SCENARIOS[name]);
    for (const o of [...bindings, ...works]) expect(schemas.validate(o)).toStrictEqual([]);
  });
});

describe('verifyTakeover: Karmada\'s side', () => {
  test('all applied: every template taken over on member1, its Work by Karmada\'s name; the member side not verified', () => {
    const r = run();
    expect(r).toMatchObject({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'VerifyTakeoverReport', migration: 'member1', passed: true,
      memberSideVerified: false, bindings: 6, works: 6, problems: [], states: { 'taken-over': 6 } });
    expect(r.namespaces).toStrictEqual([
      { namespace: 'default', templates: 2, takenOver: 2, states: { 'taken-over': 2 } },
      { namespace: 'shop', templates: 4, takenOver: 4, states: { 'taken-over': 4 } },
    ]);
    expect(r.templates.find(t => t.object === NGINX)).toStrictEqual({
      object: NGINX, file: 'member1/templates/default/Deployment.apps_nginx.yaml', namespace: 'default', state: 'taken-over',
      predictedPolicy: 'PropagationPolicy default/nginx-pp', claimedBy: 'PropagationPolicy default/nginx-pp', cluster: 'member1',
      binding: 'ResourceBinding default/nginx-deployment', work: 'karmada-es-member1/nginx-687f7fb96f', findings: [],
    });
    const text = formatTakeoverVerification(r);
    expect(text).toContain('member side not verified: no --before/--after exports');
    expect(text).toMatch(/takeover of member1 verified: all 6 template\(s\) taken over \(6 binding\(s\), 6 Work\(s\)\); Karmada's side only\n$/);
  });

  test('a conflict under Abort: apply-conflict, quoting Karmada\'s message', () => {
    const r = run(SCENARIOS['a conflict under Abort']);
    expect(r.passed).toBe(false);
    expect(states(r)).toStrictEqual([`apply-conflict ${NGINX}`]);
    const [f] = findingsOf(r, NGINX);
    expect(f.message).toContain(`Applied=False (AppliedFailed): "${KARMADA_TEXT.abortConflict('Deployment', 'default', 'nginx', 'member1')}"`);
    expect(f.message).toContain('work.karmada.io/conflict-resolution is abort');
    expect(r.states).toStrictEqual({ 'taken-over': 5, 'apply-conflict': 1 });
    expect(r.namespaces[0]).toStrictEqual({ namespace: 'default', templates: 2, takenOver: 1, states: { 'taken-over': 1, 'apply-conflict': 1 } });
  });

  test('claimed by an unexpected policy: claimed-by-other names the policy found and the one predicted', () => {
    const r = run(SCENARIOS['claimed by an unexpected policy']);
    expect(states(r)).toStrictEqual([`claimed-by-other ${NGINX}`]);
    expect(findingsOf(r, NGINX)[0].message).toMatch(/^its binding ResourceBinding default\/nginx-deployment is claimed by PropagationPolicy default\/deployments-pp, not by PropagationPolicy default\/nginx-pp as the plan predicts/);
    expect(r.templates.find(t => t.object === NGINX)).toMatchObject({ predictedPolicy: 'PropagationPolicy default/nginx-pp', claimedBy: 'PropagationPolicy default/deployments-pp' });
  });

  test('one missing: binding-missing, then work-missing with the Work name Karmada would give it', () => {
    const r = run(SCENARIOS['one missing']);
    expect(states(r)).toStrictEqual(['binding-missing Deployment.apps shop/cart']);
    expect(findingsOf(r, 'Deployment.apps shop/cart').map(f => f.kind)).toStrictEqual(['binding-missing', 'work-missing']);
    expect(findingsOf(r, 'Deployment.apps shop/cart')[1].message).toMatch(/^no Work karmada-es-member1\/cart-[a-z2-9]+ \(Karmada's name for it/);
    expect(r.bindings).toBe(5);
    expect(r.works).toBe(5);
  });

  test('suspended: the Work\'s Dispatching condition quoted; no Applied condition is no further finding', () => {
    const r = run(SCENARIOS.suspended);
    expect(states(r)).toStrictEqual(['suspended Service default/nginx-svc']);
    const f = findingsOf(r, 'Service default/nginx-svc');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain(`spec.suspendDispatching: true; Dispatching=False (SuspendDispatching): "${KARMADA_TEXT.suspended}"`);
  });

  test('an apply refused by the member: apply-failed quotes the condition', () => {
    const r = run(SCENARIOS['an apply refused by the member']);
    expect(states(r)).toStrictEqual(['apply-failed Deployment.apps shop/storefront']);
    expect(findingsOf(r, 'Deployment.apps shop/storefront')[0].message)
      .toContain('Applied=False (AppliedFailed): "Failed to apply all manifests (0/1): Deployment.apps "storefront" is invalid: spec.selector: ');
  });

  test('not applied yet: pending, with the Dispatching condition', () => {
    const r = run(SCENARIOS['not applied yet']);
    expect(states(r)).toStrictEqual(['pending Service shop/cart']);
    expect(findingsOf(r, 'Service shop/cart')[0].message).toContain('has no Applied condition (Dispatching=True (Dispatching)');
  });

  test('scheduled elsewhere: the binding lacks member1, and the Work there is missing', () => {
    const r = run(SCENARIOS['scheduled elsewhere']);
    expect(findingsOf(r, NGINX).map(f => f.kind)).toStrictEqual(['scheduled-elsewhere']);
    expect(findingsOf(r, NGINX)[0].message).toContain('is scheduled to member2, not to its source cluster member1 (Scheduled=True (Success)');
    const also = run({ 'Deployment/nginx': { clusters: ['member1', 'member2'] } });
    expect(findingsOf(also, NGINX)[0].message).toContain('is scheduled to member2 too');
  });

  test('not scheduled: the Scheduled condition is quoted; not claimed: no claim metadata', () => {
    const { bindings, works } = takeoverEvidence();
    const b = bindings as Array<{ metadata: { annotations: Record<string, string>; labels: Record<string, string> }; spec: { clusters: unknown[] };
      status: { conditions: Array<Record<string, string>> } }>;
    b[0].spec.clusters = [];
    b[0].status.conditions[0] = { ...b[0].status.conditions[0], status: 'False', reason: 'NoClusterFit', message: '0/2 clusters are available: 2 cluster(s) did not match the placement cluster affinity constraint.' };
    b[1].metadata.annotations = {};
    b[1].metadata.labels = {};
    for (const o of b.slice(0, 2)) expect(schemas.validate(o)).toStrictEqual([]);
    const r = verifyTakeover(bindingEvidence(b), works, example);
    expect(states(r)).toStrictEqual([`not-scheduled ${NGINX}`, 'not-claimed Service default/nginx-svc']);
    expect(findingsOf(r, NGINX)[0].message).toContain('Scheduled=False (NoClusterFit): "0/2 clusters are available');
  });

  test('a Work under another name, or in another execution space, is not the binding controller\'s', () => {
    const { bindings, works } = takeoverEvidence();
    const w = works as Array<{ metadata: { name: string; namespace: string } }>;
    w[0].metadata.name = 'nginx-handmade';
    w[1].metadata.namespace = 'karmada-es-member2';
    const r = verifyTakeover(bindingEvidence(bindings), works, example);
    expect(states(r)).toStrictEqual([`work-missing ${NGINX}`, 'work-missing Service default/nginx-svc']);
    expect(findingsOf(r, NGINX)[0].message).toContain('karmada-es-member1/nginx-handmade in karmada-es-member1 applies it under another name');
    expect(findingsOf(r, 'Service default/nginx-svc')[0].message).toMatch(/Works elsewhere: karmada-es-member2\/nginx-svc-/);
  });

  test('Applied=True (ReCreateSuccessful): Karmada re-created the member object', () => {
    const { bindings, works } = takeoverEvidence();
    const w = works[0] as { status: { conditions: Array<Record<string, string>> } };
    w.status.conditions[1].reason = 'ReCreateSuccessful';
    expect(schemas.validate(w)).toStrictEqual([]);
    expect(states(verifyTakeover(bindingEvidence(bindings), works, example))).toStrictEqual([`re-created ${NGINX}`]);
  });

  test('a migration still rehearsing is a problem; no migration, or an unknown one, is bad input', () => {
    const rehearsing = new Map([...example].map(([f, o]) => [f, categoryOf(o) === 'policies' ? { ...o, spec: { ...(o.spec as object), suspension: { dispatching: true } } } : o]));
    const r = run({}, undefined, rehearsing);
    expect(r.passed).toBe(false);
    expect(r.problems[0]).toMatch(/^migration member1 is in the Rehearse phase/);
    expect(() => verifyTakeover([], [], new Map())).toThrow('dist/ holds no template: there is nothing to verify');
    expect(() => verifyTakeover([], [], example, { migration: 'member9' })).toThrow('dist/ holds no template of a migration member9; its migrations: member1');
  });

  test('the order of templates and findings does not depend on the order of the evidence', () => {
    const { bindings, works } = takeoverEvidence(SCENARIOS['one missing']);
    const a = verifyTakeover(bindingEvidence(bindings), works, example);
    const b = verifyTakeover(bindingEvidence([...bindings].reverse()), [...works].reverse(), example);
    expect(b).toStrictEqual(a);
  });
});

describe('verifyTakeover: the member side, with exports before and after', () => {
  const deploymentOf = (o: KubeObject, name: string) => o.kind === 'Deployment' && o.metadata.name === name;

  test('a clean takeover: same UIDs, no pod rolled, the Deployments\' generations grew with Karmada\'s annotations only', () => {
    const r = run({}, {});
    expect(r).toMatchObject({ passed: true, memberSideVerified: true });
    expect(formatTakeoverVerification(r)).toMatch(/same objects, no pod rolled, replicas held\n$/);
  });

  test('a pod restart visible in the after-export: the template, the revision and the new ReplicaSet are named', () => {
    const after = afterExport(o => {
      if (deploymentOf(o, 'nginx')) {
        (o.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['kubectl.kubernetes.io/restartedAt'] = '2026-11-20T10:00:05Z';
        (o.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/revision'] = '4';
        (o.metadata as Record<string, number>).generation += 1;
      }
      if (o.kind === 'ReplicaSet' && o.metadata.name === 'nginx-7c5ddbdf54') (o.spec as { replicas: number }).replicas = 0;
    });
    const old = after.find(o => o.kind === 'ReplicaSet')!;
    after.push({ ...old, metadata: { ...old.metadata, name: 'nginx-6b9c8d7f5', uid: 'e1e1e1e1-0000-4000-8000-000000000001',
      labels: { app: 'nginx', 'pod-template-hash': '6b9c8d7f5' } }, spec: { ...(old.spec as object), replicas: 2 } });
    const r = run({}, { after });
    expect(states(r)).toStrictEqual([`pods-restarted ${NGINX}`]);
    const [f] = findingsOf(r, NGINX);
    expect(f.message).toContain('spec.template changed (spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt])');
    expect(f.message).toContain('the annotation deployment.kubernetes.io/revision went from 3 to 4');
    expect(f.message).toContain('ReplicaSet nginx-6b9c8d7f5 with pod-template-hash 6b9c8d7f5, which the before export lacks');
  });

  test('a re-created object: a new UID', () => {
    const after = afterExport(o => {
      if (o.kind === 'Service' && o.metadata.name === 'cart') (o.metadata as Record<string, unknown>).uid = 'f0f0f0f0-0000-4000-8000-000000000002';
    });
    const r = run({}, { after });
    expect(states(r)).toStrictEqual(['re-created Service shop/cart']);
    expect(findingsOf(r, 'Service shop/cart')[0].message).toMatch(/^metadata\.uid changed from 4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b781 to f0f0f0f0-/);
  });

  test('replicas changed, and a generation the template does not explain', () => {
    const after = afterExport(o => {
      if (deploymentOf(o, 'storefront')) (o.spec as { replicas: number }).replicas = 1;
      if (deploymentOf(o, 'cart')) {
        (o.spec as Record<string, unknown>).minReadySeconds = 30;
        (o.metadata as Record<string, number>).generation += 1;
      }
    });
    const r = run({}, { after });
    expect(states(r)).toStrictEqual(['unexpected-generation Deployment.apps shop/cart', 'replicas-changed Deployment.apps shop/storefront']);
    expect(findingsOf(r, 'Deployment.apps shop/storefront')[0].message).toMatch(/^spec\.replicas went from 4 to 1/);
    expect(findingsOf(r, 'Deployment.apps shop/cart')[0].message).toMatch(/^metadata\.generation went from 1 to 3 and spec\.minReadySeconds changed, which the template does not change/);
  });

  test('gone after, absent before, or exports without UIDs', () => {
    const after = afterExport().filter(o => !(o.kind === 'Service' && o.metadata.name === 'nginx-svc'));
    const before = beforeExport().filter(o => !deploymentOf(o, 'cart'))
      .map(o => (o.kind === 'Service' && o.metadata.name === 'storefront' ? { ...o, metadata: { ...o.metadata, uid: undefined } } : o));
    const r = run({}, { before, after });
    expect(states(r)).toStrictEqual(['missing-before Deployment.apps shop/cart', 'missing-after Service default/nginx-svc', 'evidence-incomplete Service shop/storefront']);
    expect(findingsOf(r, 'Service shop/storefront')[0].message).toMatch(/^metadata\.uid is missing in the before export/);
  });

  test('several findings of one template come in a fixed order: Karmada\'s first, then the member\'s', () => {
    const after = afterExport(o => {
      if (deploymentOf(o, 'nginx')) {
        (o.metadata as Record<string, unknown>).uid = 'f0f0f0f0-0000-4000-8000-000000000003';
        (o.spec as { replicas: number }).replicas = 1;
      }
    });
    const r = run(SCENARIOS['a conflict under Abort'], { after });
    expect(findingsOf(r, NGINX).map(f => f.kind)).toStrictEqual(['apply-conflict', 're-created', 'replicas-changed']);
  });

  test('compareMemberObject: a StatefulSet\'s pods of a new controller-revision-hash, a bare Pod\'s restarts', () => {
    const sts = (rev: string, gen: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop', uid: 'u1', generation: gen },
      spec: { replicas: 1, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg:16' }] } } }, status: { updateRevision: `db-${rev}` } });
    const pod = (rev: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'shop', labels: { 'controller-revision-hash': `db-${rev}` },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u1', controller: true }] } });
    const f = compareMemberObject(sts('a', 1), sts('a', 1), indexMemberExport([sts('a', 1), pod('a')], 'b'), indexMemberExport([sts('b', 1), pod('b')], 'a'));
    expect(f.map(x => x.message)).toStrictEqual(['its pods were rolled: status.updateRevision went from db-a to db-b; pod db-0 with controller-revision-hash db-b, which the before export lacks']);
    const bare = (n: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', uid: 'p1' }, spec: { containers: [{ name: 'c', image: 'x' }] },
      status: { containerStatuses: [{ name: 'c', restartCount: n }] } });
    expect(compareMemberObject(bare(0), bare(0), indexMemberExport([bare(0)], 'b'), indexMemberExport([bare(2)], 'a')).map(x => x.message))
      .toStrictEqual(['its pods were rolled: the containers\' restartCount went from 0 to 2']);
  });
});
