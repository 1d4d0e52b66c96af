import { HandoverPlan, planHandover } from '../../src/report/handover';

type Extra = { metadata?: object; syncPolicy?: object | null; destination?: object };

// the old pipeline's Application, as `kubectl -n argocd get application member1-apps -o yaml` prints it.
function application(extra: Extra = {}): object {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'member1-apps', namespace: 'argocd', ...extra.metadata },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.com/apps.git', path: 'member1', targetRevision: 'main' },
      destination: extra.destination ?? { name: 'member1', namespace: 'default' },
      ...(extra.syncPolicy === null ? {} : { syncPolicy: extra.syncPolicy ?? { automated: { prune: false, selfHeal: false } } }),
    },
  };
}

const FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const OPTIONS = { file: 'old-app.yaml', sourceClusters: ['member1'] };
const stepIds = (h: HandoverPlan) => h.steps.map(s => `${s.id}${s.skipped ? ' (skipped)' : ''}`);
const rules = (h: HandoverPlan) => h.findings.map(f => `${f.severity}:${f.rule}`);

describe('planHandover', () => {
  test('a plain app: turn auto-sync off, nothing to un-finalize, delete without cascade; no danger', () => {
    // WHEN
    const h = planHandover(application(), OPTIONS);

    // THEN
    expect(h.object).toBe('argocd/member1-apps');
    expect(h.destination).toBe('name member1');
    expect(h.autoSync).toBe(true);
    expect(h.findings).toStrictEqual([]);
    expect(stepIds(h)).toStrictEqual(['disable-auto-sync', 'remove-finalizer (skipped)', 'delete']);
    expect(h.steps[0].commands).toStrictEqual([
      'kubectl -n argocd patch application member1-apps --type json -p \'[{"op":"remove","path":"/spec/syncPolicy/automated"}]\'',
    ]);
    expect(h.steps[0].patch).toStrictEqual({
      type: 'json', resource: 'application', namespace: 'argocd', name: 'member1-apps', patch: [{ op: 'remove', path: '/spec/syncPolicy/automated' }],
    });
    expect(h.steps[1].skipped).toBe(`it carries no ${FINALIZER} finalizer: deleting it never cascades`);
    expect(h.steps[2].commands).toStrictEqual(['argocd app delete member1-apps --cascade=false']);
  });

  test('an app without auto-sync: the patch step is skipped, not emitted (a JSON patch remove of a missing path fails)', () => {
    const h = planHandover(application({ syncPolicy: null }), OPTIONS);
    expect(h.autoSync).toBe(false);
    expect(h.steps[0]).toStrictEqual({
      id: 'disable-auto-sync', title: 'Turn off auto-sync of argocd/member1-apps', why: expect.any(String), commands: [],
      skipped: 'auto-sync is already off (no spec.syncPolicy.automated)',
    });
  });

  test('automated.enabled: false (Argo CD >= 3.1) counts as auto-sync off: prune and selfHeal are no danger', () => {
    const h = planHandover(application({ syncPolicy: { automated: { enabled: false, prune: true, selfHeal: true } } }), OPTIONS);
    expect(h.autoSync).toBe(false);
    expect(h.findings).toStrictEqual([]);
    expect(h.steps[0].commands).toHaveLength(1);
  });

  test('an app with the resources finalizer: a guarded JSON patch removes it before the delete', () => {
    // GIVEN the finalizer after another one, and the background variant
    const h = planHandover(application({ metadata: { finalizers: ['example.com/keep', FINALIZER, `${FINALIZER}/background`] } }), OPTIONS);

    // THEN both are removed, highest index first, each behind a test of its value
    expect(h.finalizers).toStrictEqual([FINALIZER, `${FINALIZER}/background`]);
    expect(stepIds(h)).toStrictEqual(['disable-auto-sync', 'remove-finalizer', 'delete']);
    expect(h.steps[1].patch?.patch).toStrictEqual([
      { op: 'test', path: '/metadata/finalizers/2', value: `${FINALIZER}/background` },
      { op: 'remove', path: '/metadata/finalizers/2' },
      { op: 'test', path: '/metadata/finalizers/1', value: FINALIZER },
      { op: 'remove', path: '/metadata/finalizers/1' },
    ]);
    expect(h.steps[1].commands[0]).toBe('kubectl -n argocd patch application member1-apps --type json -p ' +
      `'[{"op":"test","path":"/metadata/finalizers/2","value":"${FINALIZER}/background"},{"op":"remove","path":"/metadata/finalizers/2"},` +
      `{"op":"test","path":"/metadata/finalizers/1","value":"${FINALIZER}"},{"op":"remove","path":"/metadata/finalizers/1"}]'`);
    expect(h.findings).toStrictEqual([]);
  });

  test('an app being deleted with the finalizer is a danger: the workloads are going now', () => {
    const h = planHandover(application({ metadata: { finalizers: [FINALIZER], deletionTimestamp: '2026-05-01T10:00:00Z' } }), OPTIONS);
    expect(rules(h)).toStrictEqual(['danger:deletion-in-progress']);
    expect(h.findings[0].message).toBe(`Application argocd/member1-apps is being deleted (metadata.deletionTimestamp is set) and still carries ${FINALIZER}: ` +
      'Argo CD is deleting its resources in the member cluster now. Remove the finalizer at once (step "remove-finalizer").');
  });

  test('an ApplicationSet-owned app: its ApplicationSet must preserve and stop updating first, and stop generating it before the delete', () => {
    // GIVEN an Application generated by an ApplicationSet, with the finalizer the ApplicationSet adds
    const h = planHandover(application({
      metadata: {
        finalizers: [FINALIZER],
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: 'clusters', uid: 'u1', controller: true, blockOwnerDeletion: true }],
      },
    }), OPTIONS);

    // THEN
    expect(h.applicationSet).toBe('argocd/clusters');
    expect(rules(h)).toStrictEqual(['danger:applicationset-owner']);
    expect(h.findings[0].message).toContain('is generated by ApplicationSet argocd/clusters (metadata.ownerReferences)');
    expect(h.findings[0].message).toContain('set spec.syncPolicy.preserveResourcesOnDeletion: true and applicationsSync: create-only on the ApplicationSet');
    expect(stepIds(h)).toStrictEqual(['applicationset-preserve', 'disable-auto-sync', 'remove-finalizer', 'applicationset-generator', 'delete']);
    expect(h.steps[0].patch).toStrictEqual({
      type: 'merge', resource: 'applicationset', namespace: 'argocd', name: 'clusters',
      patch: { spec: { syncPolicy: { preserveResourcesOnDeletion: true, applicationsSync: 'create-only' } } },
    });
    expect(h.steps[0].commands).toStrictEqual([
      'kubectl -n argocd patch applicationset clusters --type merge -p \'{"spec":{"syncPolicy":{"preserveResourcesOnDeletion":true,"applicationsSync":"create-only"}}}\'',
    ]);
    expect(h.steps[0].why).toContain('applicationsetcontroller.enable.policy.override: "true"');
    expect(h.steps[3].why).toContain('with create-only the ApplicationSet still creates missing Applications');
  });

  test.each<[string, object, string]>([
    ['the instance label', { labels: { 'app.kubernetes.io/instance': 'root' } }, 'label app.kubernetes.io/instance: root'],
    ['the custom instance label', { labels: { 'argocd.argoproj.io/instance': 'root' } }, 'label argocd.argoproj.io/instance: root'],
    ['the tracking-id annotation', { annotations: { 'argocd.argoproj.io/tracking-id': 'root:argoproj.io/Application:argocd/member1-apps' } },
      'annotation argocd.argoproj.io/tracking-id: root:argoproj.io/Application:argocd/member1-apps'],
  ])('an app-of-apps child found by %s: the parent must stop re-applying it first, and drop it from Git last', (_, metadata, evidence) => {
    // WHEN
    const h = planHandover(application({ metadata: { ...metadata, finalizers: [FINALIZER] } }), OPTIONS);

    // THEN
    expect(h.parent).toStrictEqual({ name: 'root', evidence });
    expect(rules(h)).toStrictEqual(['danger:app-of-apps-child']);
    expect(h.findings[0].message).toBe(`Application argocd/member1-apps looks like a child of the app of apps root (${evidence}): ` +
      `when root prunes it (its manifest removed from root's Git source) while it carries ${FINALIZER}, Argo CD deletes its workloads with cascade; ` +
      'and every sync of root puts back what the patches below remove. Stop root from re-applying it first (step "parent-stop").');
    expect(stepIds(h)).toStrictEqual(['parent-stop', 'disable-auto-sync', 'remove-finalizer', 'delete', 'parent-remove']);
  });

  test('its own name in the instance label is no parent', () => {
    const h = planHandover(application({ metadata: { labels: { 'app.kubernetes.io/instance': 'member1-apps' } } }), OPTIONS);
    expect(h.parent).toBeUndefined();
    expect(h.findings).toStrictEqual([]);
  });

  test('prune and selfHeal still on are dangers, in a fixed order', () => {
    const h = planHandover(application({ syncPolicy: { automated: { selfHeal: true, prune: true } } }), OPTIONS);
    expect(rules(h)).toStrictEqual(['danger:auto-prune', 'danger:self-heal']);
    expect(h.findings[0].message).toBe('auto-sync prunes (spec.syncPolicy.automated.prune: true): removing or renaming a manifest in its Git source deletes ' +
      'that object in the member cluster. Turn auto-sync off (step "disable-auto-sync") before anything changes in that repository.');
    expect(h.findings[1].message).toContain('so it would fight Karmada\'s Overwrite over each object both apply');
  });

  test('a destination that is not the source cluster is a danger; a server URL is a warning unless the source server is given', () => {
    expect(rules(planHandover(application({ destination: { name: 'member2' } }), OPTIONS))).toStrictEqual(['danger:destination-not-source']);
    expect(planHandover(application({ destination: { name: 'member2' } }), OPTIONS).findings[0].message).toBe(
      'it deploys to the cluster member2 (spec.destination.name), not to the migration\'s source cluster member1: it is not the pipeline that applies ' +
      'these objects, or Argo CD knows the cluster by another name. Check before handing over.');
    const byServer = application({ destination: { server: 'https://member1.example.com:6443' } });
    expect(rules(planHandover(byServer, OPTIONS))).toStrictEqual(['warning:destination-unconfirmed']);
    expect(planHandover(byServer, OPTIONS).destination).toBe('server https://member1.example.com:6443');
    expect(rules(planHandover(byServer, { ...OPTIONS, sourceClusterServer: 'https://member1.example.com:6443' }))).toStrictEqual([]);
    expect(rules(planHandover(byServer, { ...OPTIONS, sourceClusterServer: 'https://other:6443' }))).toStrictEqual(['danger:destination-not-source']);
    // without source clusters, a destination by name is not checked
    expect(rules(planHandover(application({ destination: { name: 'member2' } }), { file: 'old-app.yaml' }))).toStrictEqual([]);
  });

  test('a fleet\'s source clusters are named up to ten in a finding, the others counted', () => {
    const fleet = { ...OPTIONS, sourceClusters: Array.from({ length: 1_400 }, (_, i) => `retail-store-${String(i).padStart(4, '0')}`) };
    const [notSource] = planHandover(application({ destination: { name: 'hub' } }), fleet).findings;
    expect(notSource.message).toContain('source cluster retail-store-0000, retail-store-0001, ');
    expect(notSource.message).toContain('retail-store-0009, … and 1390 more: it is not the pipeline');
    expect(notSource.message).not.toContain('retail-store-0010');
    const [unconfirmed] = planHandover(application({ destination: { server: 'https://hub:6443' } }), fleet).findings;
    expect(unconfirmed.message).toContain('retail-store-0009, … and 1390 more: check that it is that cluster');
    expect(unconfirmed.message.length).toBeLessThan(500);
  });

  test('an Application in another namespace is named namespace/name for the argocd CLI', () => {
    const h = planHandover(application({ metadata: { namespace: 'team-a' } }), OPTIONS);
    expect(h.object).toBe('team-a/member1-apps');
    expect(h.steps.find(s => s.id === 'delete')!.commands).toStrictEqual(['argocd app delete team-a/member1-apps --cascade=false']);
    expect(h.steps[0].commands[0]).toMatch(/^kubectl -n team-a patch application member1-apps /);
  });

  test.each<[string, unknown, string]>([
    ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } },
      'old-app.yaml: not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got apps/v1 Deployment; ' +
      'pass the old pipeline\'s object (kubectl -n argocd get application NAME -o yaml, or kubectl -n flux-system get kustomization NAME -o yaml)'],
    ['an ApplicationSet', { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'x' } },
      'old-app.yaml: not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got argoproj.io/v1alpha1 ApplicationSet; ' +
      'pass the old pipeline\'s object (kubectl -n argocd get application NAME -o yaml, or kubectl -n flux-system get kustomization NAME -o yaml)'],
    ['a list', [], 'old-app.yaml: not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got a list; ' +
      'pass the old pipeline\'s object (kubectl -n argocd get application NAME -o yaml, or kubectl -n flux-system get kustomization NAME -o yaml)'],
    ['no name', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: {}, spec: {} }, 'old-app.yaml: metadata.name: required (the Application\'s name)'],
    ['a name a shell would run', { ...application(), metadata: { name: 'x;rm -rf /' } },
      'old-app.yaml: metadata.name: "x;rm -rf /" is not a Kubernetes object name (a DNS subdomain)'],
    ['no spec', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x' } },
      'old-app.yaml: spec: required (an Application has spec.destination and spec.source)'],
    ['no destination', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x' }, spec: {} },
      'old-app.yaml: spec.destination: required (the cluster it deploys to, by name or server)'],
    ['finalizers not a list', application({ metadata: { finalizers: 'x' } }), 'old-app.yaml: metadata.finalizers: must be a list'],
    ['automated not an object', application({ syncPolicy: { automated: true } }), 'old-app.yaml: spec.syncPolicy.automated: must be an object'],
  ])('%s is refused with an InputError naming the file', (_, input, message) => {
    expect(() => planHandover(input, { file: 'old-app.yaml' })).toThrow(expect.objectContaining({ name: 'InputError', message }));
  });
});
