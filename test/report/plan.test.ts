import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { MigrationPhase } from '../../src/constructs/migration';
import { cleanObject } from '../../src/inventory/clean';
import { Inventory } from '../../src/inventory/inventory';
import { InventoryObject } from '../../src/inventory/types';
import { KubeObject } from '../../src/kube/object';
import { readInventory } from '../../src/inventory/read';
import { manifestPath } from '../../src/output/layout';
import { buildPlan, Plan, PlanInput, planToJson } from '../../src/report/plan';
import { loadPlanInput } from '../../src/report/plan-input';
import { planToMarkdown } from '../../src/report/plan-markdown';
import { deployment, ROOT, service, withTempDir, writeMigrationConfig } from '../util';

const EXAMPLE_CONFIG = path.join(ROOT, 'migration.yaml');
const EXAMPLE_EXPORT = path.join(ROOT, 'inventory', 'member1.yaml');
const MIXED = path.join(ROOT, 'test', 'fixtures', 'mixed-export.yaml');

// the example's export as the live cluster, each object changed by `mutate` (a deep copy).
function liveExport(mutate: (o: KubeObject & { spec?: Record<string, unknown> }) => void = () => undefined): KubeObject[] {
  return readInventory([EXAMPLE_EXPORT]).map((o: InventoryObject) => {
    const copy = JSON.parse(JSON.stringify(o.object)) as KubeObject;
    mutate(copy);
    return copy;
  });
}

function writeConfig(dir: string, name: string, spec: string[]): string {
  return writeMigrationConfig(path.join(dir, name), spec);
}

const KIND_TAKEOVERS = [
  '  takeovers:',
  '    - name: deployments-pp',
  '      kind: {apiVersion: apps/v1, kind: Deployment}',
  '    - name: services-pp',
  '      kind: {apiVersion: v1, kind: Service}',
  '      selectBy: Name',
];

const pp = (namespace: string, name: string, selectors: object[], spec: object = {}): KubeObject => ({
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name, namespace },
  spec: { conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: ['member1'] } }, resourceSelectors: selectors, ...spec },
});

// a dist/ tree of hand-made objects, at the paths karmada-migrate writes them to.
function distOf(...objects: KubeObject[]): Map<string, KubeObject> {
  return new Map(objects.map(o => [manifestPath('member1', o), o]));
}

describe('buildPlan on the example', () => {
  const input = loadPlanInput({ config: EXAMPLE_CONFIG });
  const plan = buildPlan(input);

  test('totals: templates per kind, policies, namespaces', () => {
    expect(plan.apiVersion).toBe('karmada-migrate.io/v1alpha1');
    expect(plan.kind).toBe('Plan');
    expect(plan.migrations).toStrictEqual([{
      name: 'member1', sourceCluster: 'member1', phase: MigrationPhase.TAKEOVER, rollback: false, secrets: 'Unmanaged',
      // the example configures no delivery: the order is the job of whatever applies dist/.
      delivery: {
        argoCd: [], flux: [], ordered: false,
        ordering: [{ delivery: 'none', ordered: false, message: expect.stringMatching(/^No delivery is configured \(spec\.delivery\): whatever applies dist\/member1\/ must apply policies\/ before templates\//) }],
      },
    }]);
    expect(plan.totals).toStrictEqual({
      files: 12,
      templates: 6,
      templatesByKind: [{ kind: 'Deployment.apps', templates: 3 }, { kind: 'Service', templates: 3 }],
      policies: 5,
      propagationPolicies: 5,
      clusterPropagationPolicies: 0,
      namespaces: ['default', 'shop'],
      namespaceObjects: 1,
      deliveryObjects: 0,
    });
  });

  test('describes exactly what dist/ holds: the committed example dist/', () => {
    const committed = [...fs.readdirSync(path.join(ROOT, 'dist'), { recursive: true, withFileTypes: true })].filter(f => f.isFile() && f.name.endsWith('.yaml')).length;
    expect(plan.totals.files).toBe(committed);
    expect(plan.policies.map(p => p.file)).toStrictEqual([
      'member1/policies/default/PropagationPolicy.policy.karmada.io_deployments-pp.yaml',
      'member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml',
      'member1/policies/default/PropagationPolicy.policy.karmada.io_services-pp.yaml',
      'member1/policies/shop/PropagationPolicy.policy.karmada.io_deployments-pp.yaml',
      'member1/policies/shop/PropagationPolicy.policy.karmada.io_services-pp.yaml',
    ]);
    for (const p of plan.policies) expect(fs.existsSync(path.join(ROOT, 'dist', p.file))).toBe(true);
  });

  test('per policy, the templates it claims; per namespace, the counts', () => {
    expect(plan.policies.map(p => [p.policy, p.claims, p.matched])).toStrictEqual([
      ['PropagationPolicy default/deployments-pp', [], 1],
      ['PropagationPolicy default/nginx-pp', ['Deployment.apps default/nginx', 'Service default/nginx-svc'], 2],
      ['PropagationPolicy default/services-pp', [], 1],
      ['PropagationPolicy shop/deployments-pp', ['Deployment.apps shop/cart', 'Deployment.apps shop/storefront'], 2],
      ['PropagationPolicy shop/services-pp', ['Service shop/cart', 'Service shop/storefront'], 2],
    ]);
    expect(plan.policies[1]).toMatchObject({ clusters: ['member1'], priority: 0, preserveResourcesOnDeletion: false, migration: 'member1' });
    expect(plan.namespaces).toStrictEqual([
      {
        namespace: 'default', templates: 2, unclaimed: 0,
        kinds: [{ kind: 'Deployment.apps', templates: 1 }, { kind: 'Service', templates: 1 }],
        claimedBy: [{ policy: 'PropagationPolicy default/nginx-pp', templates: 2 }],
      },
      {
        namespace: 'shop', templates: 4, unclaimed: 0,
        kinds: [{ kind: 'Deployment.apps', templates: 2 }, { kind: 'Service', templates: 2 }],
        claimedBy: [{ policy: 'PropagationPolicy shop/deployments-pp', templates: 2 }, { policy: 'PropagationPolicy shop/services-pp', templates: 2 }],
      },
    ]);
  });

  test('the nginx Deployment is matched by deployments-pp and nginx-pp: nginx-pp wins by implicit priority (name beats kind only)', () => {
    expect(plan.overlaps).toStrictEqual([
      {
        object: 'Deployment.apps default/nginx',
        file: 'member1/templates/default/Deployment.apps_nginx.yaml',
        winner: 'PropagationPolicy default/nginx-pp',
        losers: [{
          policy: 'PropagationPolicy default/deployments-pp',
          reason: 'higher-implicit-priority',
          message: 'same spec.priority (0); the winner selects it by name, this one by kind only',
        }],
      },
      {
        object: 'Service default/nginx-svc',
        file: 'member1/templates/default/Service_nginx-svc.yaml',
        winner: 'PropagationPolicy default/nginx-pp',
        losers: [{
          policy: 'PropagationPolicy default/services-pp',
          reason: 'smaller-name',
          message: 'same spec.priority (0), both select it by name: the smaller name wins (nginx-pp < services-pp)',
        }],
      },
    ]);
    expect(plan.idlePolicies).toStrictEqual([
      // a kind-only selector claims the Deployments created in default later: not removable.
      {
        policy: 'PropagationPolicy default/deployments-pp', reason: 'always-loses', matched: 1, removable: false,
        message: 'matches 1 template and loses it to another policy (see the overlaps)',
        fix: 'keep it if templates of its selectors (by kind or labels) will be created later and should be taken over; otherwise remove it, or select Deployment.apps default/nginx by name',
      },
      // by name, it names only nginx-svc, which nginx-pp claims (same priority, both by name, the smaller name wins): it can never win.
      {
        policy: 'PropagationPolicy default/services-pp', reason: 'always-loses', matched: 1, removable: true,
        message: 'matches 1 template and loses it to another policy (see the overlaps); it selects only by name, so it can claim nothing while ' +
          'PropagationPolicy default/nginx-pp exists: removable',
        fix: 'select Service default/nginx-svc in one takeover only: leave it out of the takeover nginx-pp (this policy then claims it), or out of services-pp; ' +
          'kept, it only claims it anew should PropagationPolicy default/nginx-pp be removed',
      },
    ]);
    expect(plan.unclaimed).toStrictEqual([]);
    expect(plan.policyWarnings).toStrictEqual([]);
  });

  test('without a live export, no risk is assessed and every template has "no live object"', () => {
    expect(plan.risks).toStrictEqual({
      liveGiven: false,
      counts: {
        'apply-fails': 0, 'traffic-change': 0, 'suspend-change': 0, 'pods-restart': 0, 'replicas-change': 0, 'data-change': 0, 'spec-change': 0, 'metadata-only': 0,
        'unchanged': 0, 'no-live-object': 6,
      },
      changes: [],
      noLiveObject: [
        'Deployment.apps default/nginx', 'Service default/nginx-svc', 'Deployment.apps shop/cart',
        'Deployment.apps shop/storefront', 'Service shop/cart', 'Service shop/storefront',
      ],
    });
  });

  test('no Secret, warning or missing dependency; the rollback is not armed; no problem; no handover', () => {
    expect(plan.secrets).toStrictEqual([]);
    expect(plan.inventoryWarnings).toStrictEqual([]);
    expect(plan.missingDependencies).toStrictEqual([]);
    expect(plan.rollback).toStrictEqual([{
      migration: 'member1', phase: MigrationPhase.TAKEOVER, rollback: false, state: 'not-armed', preserving: [],
      notPreserving: plan.policies.map(p => p.policy),
      next: 'removing a template now deletes its live object; to roll back, set rollback: true in a commit of its own, sync it, ' +
        'run karmada-migrate verify-rollback, then set phase: Release in a later commit',
    }]);
    expect(plan.problems).toStrictEqual([]);
    expect(plan.handover).toBeUndefined();
  });
});

describe('buildPlan with a live export', () => {
  const input = loadPlanInput({ config: EXAMPLE_CONFIG });

  test('the example\'s own export: every template is unchanged (the templates come from the same export)', () => {
    // WHEN the export the inventory was read from is the live cluster
    const plan = buildPlan({ ...input, live: liveExport() });

    // THEN nothing changes
    expect(plan.risks).toStrictEqual({
      liveGiven: true,
      counts: {
        'apply-fails': 0, 'traffic-change': 0, 'suspend-change': 0, 'pods-restart': 0, 'replicas-change': 0, 'data-change': 0, 'spec-change': 0, 'metadata-only': 0,
        'unchanged': 6, 'no-live-object': 0,
      },
      changes: [],
      noLiveObject: [],
    });
  });

  test('through --live: the same, read from the file', () => {
    const plan = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [EXAMPLE_EXPORT] }));
    expect(plan.risks.counts.unchanged).toBe(6);
    expect(plan.risks.changes).toStrictEqual([]);
  });

  test('a live image that differs restarts the pods; live replicas that differ change', () => {
    // GIVEN the live nginx runs another image and the live cart has 5 replicas; the storefront Service is not exported
    const live = liveExport(o => {
      if (o.kind === 'Deployment' && o.metadata.name === 'nginx') {
        ((o.spec!.template as { spec: { containers: Array<{ image: string }> } }).spec.containers[0]).image = 'nginx:1.27.4';
      }
      if (o.kind === 'Deployment' && o.metadata.name === 'cart') o.spec!.replicas = 5;
    }).filter(o => !(o.kind === 'Service' && o.metadata.name === 'storefront'));

    // WHEN
    const plan = buildPlan({ ...input, live });

    // THEN
    expect(plan.risks.counts).toStrictEqual({
      'apply-fails': 0, 'traffic-change': 0, 'suspend-change': 0, 'pods-restart': 1, 'replicas-change': 1, 'data-change': 0, 'spec-change': 0, 'metadata-only': 0,
      'unchanged': 3, 'no-live-object': 1,
    });
    expect(plan.risks.changes).toStrictEqual([
      {
        object: 'Deployment.apps default/nginx',
        file: 'member1/templates/default/Deployment.apps_nginx.yaml',
        classes: ['pods-restart'],
        podsRestart: { paths: ['spec.template.spec.containers[0].image'], rollout: 'RollingUpdate', message: expect.stringContaining('rolls') },
        notes: [],
      },
      {
        object: 'Deployment.apps shop/cart',
        file: 'member1/templates/shop/Deployment.apps_cart.yaml',
        classes: ['replicas-change'],
        replicas: { from: 5, to: 3, hint: expect.stringContaining('retain-replicas') },
        notes: [],
      },
    ]);
    expect(plan.risks.noLiveObject).toStrictEqual(['Service shop/storefront']);
  });

  test('an empty live export: every template has no live object', () => {
    const plan = buildPlan({ ...input, live: [] });
    expect(plan.risks.liveGiven).toBe(true);
    expect(plan.risks.counts['no-live-object']).toBe(6);
  });

  test('the same object twice in the live objects is an InputError', () => {
    const live = liveExport();
    const nginx = live.find(o => o.kind === 'Deployment' && o.metadata.name === 'nginx')!;
    expect(() => buildPlan({ ...input, live: [...live, nginx] })).toThrow(expect.objectContaining({
      name: 'InputError', message: 'the live objects hold Deployment.apps default/nginx twice; give each object once',
    }));
  });
});

describe('buildPlan: what hurts comes first, on real exports', () => {
  const REAL = path.join(ROOT, 'test', 'fixtures', 'real-exports');
  const real = (file: string): KubeObject => JSON.parse(JSON.stringify(readInventory([path.join(REAL, file)])[0].object)) as KubeObject;
  type Template = KubeObject & { spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const templateOf = (live: KubeObject): Template => cleanObject(live) as Template;

  // GIVEN the live objects of real exports, and templates that differ from them the way a stale or hand-written template does
  const nodePort = real('service-nodeport-multi-manager.yaml');
  const asClusterIP = templateOf(nodePort);
  asClusterIP.spec.type = 'ClusterIP';
  for (const port of asClusterIP.spec.ports as Array<Record<string, unknown>>) delete port.nodePort;
  delete asClusterIP.spec.externalTrafficPolicy;
  const loadBalancer = real('service-loadbalancer-metallb.yaml');
  const otherSelector = templateOf(loadBalancer);
  otherSelector.spec.selector = { app: 'drawio-v2' };
  const cron = real('cronjob-batch-v1beta1.json');
  const resumed = templateOf(cron);
  const paused: KubeObject = { ...cron, spec: { ...(cron.spec as object), suspend: true } };
  const guestbook = real('deployment-multi-manager-argocd.yaml');
  const refused = templateOf(guestbook);
  refused.spec.selector = { matchLabels: { app: 'guestbook' } };
  refused.spec.template.spec.containers[0].image = 'nginx:2';
  const configMap = real('configmap-kube-root-ca-crt.yaml');
  const moreData = cleanObject(configMap) as KubeObject & { data: Record<string, string> };
  moreData.data = { ...moreData.data, 'extra.txt': 'x' };
  const claimAll = (namespace: string) => pp(namespace, 'all-pp', [
    { apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'batch/v1beta1', kind: 'CronJob' },
    { apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'ConfigMap' },
  ].map(r => ({ ...r, namespace })));
  const input: PlanInput = {
    migrations: [{ name: 'member1', sourceCluster: 'member1' }],
    dist: distOf(claimAll('default'), claimAll('redis'), asClusterIP, otherSelector, resumed, refused, moreData),
    live: [nodePort, loadBalancer, paused, guestbook, configMap],
  };

  // WHEN
  const plan = buildPlan(input);

  test('a Service type change, a changed selector and a resumed CronJob are findings of their own; apply-fails comes alone', () => {
    expect(plan.risks.counts).toStrictEqual({
      'apply-fails': 1, 'traffic-change': 2, 'suspend-change': 1, 'pods-restart': 0, 'replicas-change': 0, 'data-change': 1, 'spec-change': 0, 'metadata-only': 0,
      'unchanged': 0, 'no-live-object': 0,
    });
    // THEN the riskiest first: the refused PUT, traffic, the resumed CronJob, then the data
    expect(plan.risks.changes.map(c => [c.object, c.classes])).toStrictEqual([
      ['Deployment.apps default/kustomize-guestbook-ui', ['apply-fails']],
      ['Service default/drawio-service', ['traffic-change']],
      ['Service default/multiple-protocol-port-svc', ['traffic-change']],
      ['CronJob.batch default/hello', ['suspend-change']],
      ['ConfigMap redis/kube-root-ca.crt', ['data-change']],
    ]);
    const [apply, selector, type, cronJob, data] = plan.risks.changes;
    // a refused PUT restarts nothing: the pod template change is a note
    expect(apply.podsRestart).toBeUndefined();
    expect(apply.notes).toStrictEqual([expect.stringContaining('it also changes spec.template.spec.containers[0].image')]);
    expect(selector.traffic).toStrictEqual([{
      path: 'spec.selector.app', before: 'drawio', after: 'drawio-v2', message: expect.stringContaining('the Service sends its traffic to the pods the new selector matches'),
    }]);
    expect(type.traffic!.map(t => t.path)).toStrictEqual(['spec.externalTrafficPolicy', 'spec.ports[0].nodePort', 'spec.ports[1].nodePort', 'spec.ports[2].nodePort', 'spec.type']);
    expect(type.specPaths).toBeUndefined();
    expect(cronJob.suspend).toStrictEqual({ from: true, to: false, message: expect.stringContaining('resumes') });
    expect(data.dataPaths).toStrictEqual(['data[extra.txt]']);
  });

  test('the Markdown names them with the same words in the summary and the Overwrite table, with what breaks', () => {
    const markdown = planToMarkdown(plan);
    const rows = '| **apply-fails** | 1 |\n| **traffic-change** | 2 |\n| **suspend-change** | 1 |\n| **pods-restart** | 0 |\n| **replicas-change** | 0 |';
    // once in the summary, once at the head of the Overwrite table
    expect(markdown.split(rows)).toHaveLength(3);
    expect(markdown).toContain('| data-change | 1 |\n| spec-change | 0 |\n| metadata-only | 0 |\n| unchanged | 0 |\n| no-live-object | 0 |');
    expect(markdown).toContain('| `Service default/multiple-protocol-port-svc` | **traffic-change** | traffic: spec.externalTrafficPolicy: "Cluster" → absent: dropped with the change ' +
      'of spec.type from NodePort to ClusterIP<br>traffic: spec.ports\\[0\\].nodePort: 31648 → absent: node port 31648 of port rtmpk closes');
    expect(markdown).toContain('traffic: spec.type: "NodePort" → "ClusterIP": the node ports close: clients connecting to them on the nodes break |');
    expect(markdown).toContain('| `CronJob.batch default/hello` | **suspend-change** | spec.suspend true → false: the CronJob, paused on the member, resumes');
    expect(markdown).toContain('| `ConfigMap redis/kube-root-ca.crt` | data-change | data: `data[extra.txt]` |');
    expect(markdown.indexOf('`Deployment.apps default/kustomize-guestbook-ui` | **apply-fails**')).toBeLessThan(markdown.indexOf('`Service default/drawio-service` | **traffic-change**'));
  });
});

describe('buildPlan: how the configured delivery orders the policies before the templates', () => {
  const ARGO = ['  delivery:', '    argocd:', '      destination: {name: karmada}', '      repoURL: https://git.example.com/gitops.git', '      path: dist/member1'];
  const FLUX = ['  delivery:', '    flux:', '      sourceRef: {kind: GitRepository, name: gitops}', '      path: ./dist/member1', '      kubeConfigSecretRef: karmada-kubeconfig'];
  const planOf = (dir: string, delivery: string[], takeovers = KIND_TAKEOVERS) =>
    buildPlan(loadPlanInput({ config: writeConfig(dir, 'migration.yaml', [`  inventory: [${JSON.stringify(EXAMPLE_EXPORT)}]`, ...delivery, ...takeovers]) }));

  test('Argo CD: sync waves (policies -1, templates 0)', () => withTempDir(dir => {
    const { delivery } = planOf(dir, ARGO).migrations[0];
    expect(delivery).toStrictEqual({
      argoCd: ['Application argocd/karmada-member1'], flux: [], ordered: true,
      ordering: [{ delivery: 'argo-cd', ordered: true, message: expect.stringMatching(/^Argo CD applies the policies first: they carry argocd\.argoproj\.io\/sync-wave: "-1"/) }],
    });
    expect(planToMarkdown(planOf(dir, ARGO))).toContain('How the delivery guarantees that order:\n\n- Argo CD applies the policies first');
  }));

  test('Flux: the Kustomizations chained by dependsOn, named', () => withTempDir(dir => {
    const { delivery } = planOf(dir, FLUX).migrations[0];
    expect(delivery.flux).toStrictEqual([
      'Kustomization flux-system/karmada-member1-namespaces', 'Kustomization flux-system/karmada-member1-policies', 'Kustomization flux-system/karmada-member1-templates',
    ]);
    expect(delivery.ordering).toStrictEqual([{
      delivery: 'flux', ordered: true,
      message: 'Flux applies the policies first: the Kustomization karmada-member1-templates depends on karmada-member1-policies, which depends on ' +
        'karmada-member1-namespaces (spec.dependsOn), and Flux applies a Kustomization only once those it depends on are Ready; dependsOn does not order pruning.',
    }]);
    expect(planToMarkdown(planOf(dir, FLUX))).not.toContain('sync wave');
  }));

  test('both: one sentence each, Argo CD first', () => withTempDir(dir => {
    const both = [...ARGO, ...FLUX.slice(1)];
    expect(planOf(dir, both).migrations[0].delivery.ordering.map(o => [o.delivery, o.ordered])).toStrictEqual([['argo-cd', true], ['flux', true]]);
  }));

  test('an ApplicationSet does not order a ClusterPropagationPolicy before the templates of the namespaces', () => withTempDir(dir => {
    const set = [...ARGO, '      applicationSet: true'];
    const cluster = ['  takeovers:', '    - name: deployments-cpp', '      kind: {apiVersion: apps/v1, kind: Deployment}', '      scope: Cluster'];
    const plan = planOf(dir, set, cluster);
    expect(plan.migrations[0].delivery.ordered).toBe(false);
    expect(plan.migrations[0].delivery.ordering[0].message).toContain('the ClusterPropagationPolicy of policies/_cluster/ is not ordered before the templates of other namespaces');
    expect(planToMarkdown(plan)).toContain('- **Argo CD applies the policies first');
    expect(planOf(dir, set).migrations[0].delivery.ordered).toBe(true);
  }));

  test('read from dist/: a template in the policies\' wave, a Flux chain without dependsOn', () => {
    const policy = { ...pp('default', 'a-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment' }]), metadata: { name: 'a-pp', namespace: 'default', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } } };
    const web = deployment('default', 'web');
    const early: KubeObject = { ...web, metadata: { ...web.metadata, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } } };
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'karmada-member1', namespace: 'argocd' }, spec: {} };
    const kustomization = (part: string, dependsOn?: string) => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: `k-${part}`, namespace: 'flux-system' },
      spec: { path: `./dist/member1/${part}`, ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}) },
    });
    const dist = distOf(policy, early, app, kustomization('policies'), kustomization('templates'));
    const { delivery } = buildPlan({ migrations: [{ name: 'member1', sourceCluster: 'member1' }], dist }).migrations[0];
    expect(delivery.ordered).toBe(false);
    expect(delivery.ordering).toStrictEqual([
      { delivery: 'argo-cd', ordered: false, message: expect.stringContaining('but 1 template sits in a wave no later than a policy\'s (member1/templates/default/Deployment.apps_web.yaml)') },
      { delivery: 'flux', ordered: false, message: expect.stringContaining('no Kustomization of the templates depends on the one of the policies') },
    ]);
    const chained = distOf(policy, kustomization('policies'), kustomization('templates', 'k-policies'));
    expect(buildPlan({ migrations: [{ name: 'member1', sourceCluster: 'member1' }], dist: chained }).migrations[0].delivery.ordered).toBe(true);
  });
});

describe('buildPlan: Secrets, warnings, missing dependencies and problems', () => {
  test('Secrets left unmanaged, with the workloads taken over that use them and the others', () => withTempDir(dir => {
    // GIVEN the web app of the mixed export, and the api app with its dependencies (one of which is not exported)
    const config = writeConfig(dir, 'migration.yaml', [
      `  inventory: [${JSON.stringify(MIXED)}]`,
      '  takeovers:',
      '    - name: web-pp',
      '      app: {namespace: shop, resources: [{apiVersion: apps/v1, kind: Deployment, name: web}]}',
      '    - name: api-pp',
      '      app: {namespace: shop, includeDependencies: true, resources: [{apiVersion: apps/v1, kind: Deployment, name: api}]}',
    ]);

    // WHEN
    const plan = buildPlan(loadPlanInput({ config }));

    // THEN
    expect(plan.secrets).toStrictEqual([
      { migration: 'member1', secret: 'Secret shop/regcred', inInventory: true, usedBy: ['Deployment.apps shop/web'], alsoUsedBy: ['StatefulSet.apps shop/db'] },
      { migration: 'member1', secret: 'Secret shop/shop-tls', inInventory: true, usedBy: [], alsoUsedBy: ['Ingress.networking.k8s.io shop/web'] },
      { migration: 'member1', secret: 'Secret shop/web-env', inInventory: true, usedBy: ['Deployment.apps shop/web'], alsoUsedBy: [] },
    ]);
    expect(plan.inventoryWarnings).toStrictEqual([{
      migration: 'member1', object: 'HorizontalPodAutoscaler.autoscaling shop/db', source: `${MIXED}:357`, message: expect.stringMatching(/^HorizontalPodAutoscaler.autoscaling shop\/db scales StatefulSet.apps shop\/db: /),
    }]);
    expect(plan.missingDependencies).toStrictEqual([{
      migration: 'member1', object: 'Deployment.apps shop/api', dependency: 'ConfigMap shop/feature-flags',
      paths: ['spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
    }]);
    // the same missing dependency keeps synth from writing dist/: a problem, the plan is built anyway
    expect(plan.problems).toStrictEqual([
      `${config}:10: spec.takeovers[1] (api-pp): Deployment.apps shop/api refers to ConfigMap shop/feature-flags ` +
      '(spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name), which is not in the inventory; add it to the inventory, ' +
      'or set includeDependencies to false and take it over yourself',
    ]);
    expect(plan.policies.map(p => p.claims)).toStrictEqual([['Deployment.apps shop/api'], ['Deployment.apps shop/web']]);
  }));

  test('with secrets: Plaintext the Secrets are templates, and none is listed as unmanaged', () => withTempDir(dir => {
    const config = writeConfig(dir, 'migration.yaml', [
      `  inventory: [${JSON.stringify(MIXED)}]`,
      '  secrets: Plaintext',
      '  takeovers:',
      '    - name: web-pp',
      '      app: {namespace: shop, includeDependencies: true, resources: [{apiVersion: apps/v1, kind: Deployment, name: web}]}',
    ]);
    const plan = buildPlan(loadPlanInput({ config }));
    expect(plan.migrations[0].secrets).toBe('Plaintext');
    expect(plan.secrets).toStrictEqual([]);
    expect(plan.totals.templatesByKind).toContainEqual({ kind: 'Secret', templates: 2 });
  }));

  test('without an inventory, the Secrets the templates use are listed, whether exported unknown', () => {
    const web = deployment('shop', 'web');
    (web.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers[0].envFrom = [{ secretRef: { name: 'web-env' } }];
    const plan = buildPlan({
      migrations: [{ name: 'member1', sourceCluster: 'member1' }],
      dist: distOf(web, pp('shop', 'web-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }])),
    });
    expect(plan.secrets).toStrictEqual([{ migration: 'member1', secret: 'Secret shop/web-env', usedBy: ['Deployment.apps shop/web'], alsoUsedBy: [] }]);
  });
});

describe('buildPlan: claims on hand-made trees', () => {
  test('an unclaimed template, a policy that matches nothing, and a selector Karmada ignores', () => {
    const plan = buildPlan({
      migrations: [{ name: 'member1', sourceCluster: 'member1' }],
      dist: distOf(deployment('default', 'nginx'), service('default', 'nginx-svc'),
        pp('default', 'jobs-pp', [{ apiVersion: 'batch/v1', kind: 'Job' }, { apiVersion: 'v1', kind: 'Service', namespace: 'shop' }])),
    });
    expect(plan.unclaimed).toStrictEqual([
      {
        object: 'Deployment.apps default/nginx', file: 'member1/templates/default/Deployment.apps_nginx.yaml', reason: 'no-matching-policy',
        message: 'no policy selects it: Karmada keeps the template unpropagated and the live object stays as it is, outside Karmada',
      },
      {
        object: 'Service default/nginx-svc', file: 'member1/templates/default/Service_nginx-svc.yaml', reason: 'no-matching-policy',
        message: 'no policy selects it: Karmada keeps the template unpropagated and the live object stays as it is, outside Karmada',
      },
    ]);
    expect(plan.idlePolicies).toStrictEqual([
      {
        policy: 'PropagationPolicy default/jobs-pp', reason: 'matches-nothing', matched: 0, removable: false, message: 'no selector matches a template of dist/: it claims nothing',
        fix: 'remove it, unless the templates it selects are applied to Karmada outside dist/ or later',
      },
    ]);
    expect(plan.policyWarnings).toStrictEqual([{ policy: 'PropagationPolicy default/jobs-pp', selectorIndex: 1, message: expect.stringContaining('selects namespace shop') }]);
    expect(plan.namespaces).toStrictEqual([{
      namespace: 'default', templates: 2, unclaimed: 2, claimedBy: [], kinds: [{ kind: 'Deployment.apps', templates: 1 }, { kind: 'Service', templates: 1 }],
    }]);
  });

  test('a higher spec.priority wins over a name selector; a PropagationPolicy beats a ClusterPropagationPolicy', () => {
    const cpp: KubeObject = {
      apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name: 'all-deployments' },
      spec: { priority: 100, placement: { clusterAffinity: { clusterNames: ['member1'] } }, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }] },
    };
    const plan = buildPlan({
      migrations: [{ name: 'member1', sourceCluster: 'member1' }],
      dist: distOf(deployment('default', 'nginx'), cpp,
        pp('default', 'a-by-name', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }]),
        pp('default', 'z-by-kind', [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' }], { priority: 5 })),
    });
    expect(plan.overlaps[0].winner).toBe('PropagationPolicy default/z-by-kind');
    expect(plan.overlaps[0].losers).toStrictEqual([
      { policy: 'PropagationPolicy default/a-by-name', reason: 'higher-explicit-priority', message: 'spec.priority 5 beats 0' },
      {
        policy: 'ClusterPropagationPolicy all-deployments', reason: 'propagation-policy-beats-cluster-policy',
        message: 'a PropagationPolicy of the template\'s namespace beats every ClusterPropagationPolicy, whatever their priorities',
      },
    ]);
    expect(plan.totals.clusterPropagationPolicies).toBe(1);
    expect(plan.policies.find(p => p.policy === 'ClusterPropagationPolicy all-deployments')!.file).toBe(
      'member1/policies/_cluster/ClusterPropagationPolicy.policy.karmada.io_all-deployments.yaml');
  });

  test('the same template or policy in two migrations is a problem (Karmada holds one object per identity)', () => {
    const nginx = deployment('default', 'nginx');
    const policy = pp('default', 'nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }]);
    const dist = new Map([
      [manifestPath('member1', nginx), nginx], [manifestPath('member2', nginx), nginx],
      [manifestPath('member1', policy), policy], [manifestPath('member2', policy), policy],
    ]);
    const plan = buildPlan({ migrations: [{ name: 'member1', sourceCluster: 'member1' }, { name: 'member2', sourceCluster: 'member2' }], dist });
    expect(plan.problems).toStrictEqual([
      'PropagationPolicy default/nginx-pp is written twice, to member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml and ' +
      'member2/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml: Karmada keeps one of them; give one another name',
      'Deployment.apps default/nginx is written twice, to member1/templates/default/Deployment.apps_nginx.yaml and ' +
      'member2/templates/default/Deployment.apps_nginx.yaml: Karmada holds one object per identity; keep it in one migration',
    ]);
    expect(plan.totals.templates).toBe(1);
  });
});

describe('buildPlan: rollback readiness', () => {
  function planFor(dir: string, extra: string[], takeovers = KIND_TAKEOVERS): Plan {
    return buildPlan(loadPlanInput({ config: writeConfig(dir, 'migration.yaml', [`  inventory: [${JSON.stringify(EXAMPLE_EXPORT)}]`, ...extra, ...takeovers]) }));
  }

  test('rollback: false: not armed, no policy preserves', () => withTempDir(dir => {
    const [r] = planFor(dir, ['  rollback: false']).rollback;
    expect([r.state, r.rollback, r.preserving.length, r.notPreserving.length]).toStrictEqual(['not-armed', false, 0, 4]);
  }));

  test('rollback: true: armed, every policy preserves, verify then release', () => withTempDir(dir => {
    const plan = planFor(dir, ['  rollback: true']);
    expect(plan.rollback).toStrictEqual([{
      migration: 'member1', phase: MigrationPhase.TAKEOVER, rollback: true, state: 'armed',
      preserving: [
        'PropagationPolicy default/deployments-pp', 'PropagationPolicy default/services-pp',
        'PropagationPolicy shop/deployments-pp', 'PropagationPolicy shop/services-pp',
      ],
      notPreserving: [],
      next: 'once this is synced, run karmada-migrate verify-rollback on the Works; when every Work carries the flag, set phase: Release in a later commit',
    }]);
    expect(plan.policies.every(p => p.preserveResourcesOnDeletion)).toBe(true);
  }));

  test('rollback: true with a takeover that opts out: partially armed, naming the policies that do not preserve', () => withTempDir(dir => {
    const [r] = planFor(dir, ['  rollback: true'], [...KIND_TAKEOVERS, '      preserveResourcesOnDeletion: false']).rollback;
    expect(r.state).toBe('partially-armed');
    expect(r.notPreserving).toStrictEqual(['PropagationPolicy default/services-pp', 'PropagationPolicy shop/services-pp']);
  }));

  test('phase: Release after arming: released, the templates are gone', () => withTempDir(dir => {
    const plan = planFor(dir, ['  rollback: true', '  phase: Release']);
    expect(plan.rollback[0].state).toBe('released');
    expect(plan.rollback[0].next).toBe('the templates are removed from Karmada and the live objects kept; clean up by removing the policies in a later commit');
    expect(plan.totals.templates).toBe(0);
    expect(plan.problems).toStrictEqual([]);
  }));

  test('phase: Rehearse: the phase, every policy suspended, nothing applied, and what the lift will need', () => withTempDir(dir => {
    const plan = planFor(dir, ['  phase: Rehearse']);
    expect(plan.migrations[0].phase).toBe(MigrationPhase.REHEARSE);
    expect(plan.policies.map(p => p.suspendsDispatching)).toStrictEqual([true, true, true, true]);
    expect(plan.problems).toStrictEqual([]);
    expect(plan.totals.templates).toBe(6);
    expect(plan.rollback[0].state).toBe('not-armed');
    expect(plan.rollback[0].next).toMatch(/^dispatching is suspended: Karmada claims the templates and builds the Works, and applies nothing to the member cluster; .*karmada-migrate rehearse --works WORKS --live LIVE --output rehearsals\/member1\.json.* committed with the change at rehearsals\/member1\.json beside dist\//);
    const markdown = planToMarkdown(plan);
    expect(markdown).toContain('| `member1` | `member1` | Rehearse |');
    expect(markdown).toContain('Merging this change makes Karmada claim 6 templates with 4 PropagationPolicies in 2 namespaces');
    expect(markdown).toContain('**Every policy suspends dispatching (spec.suspension, phase Rehearse): Karmada claims the templates and builds the Works, ' +
      'but nothing is applied to the member cluster until the suspension is lifted; what follows describes what lifting it would do.**');
    // the policies table says which policies dispatch nothing yet
    expect(markdown).toContain('| Policy | Clusters | Priority | Preserve | Dispatching | Claims | Templates |');
    expect(markdown).toContain('| `PropagationPolicy default/deployments-pp` | `member1` | 0 | no | suspended | 1 |');
    // Takeover says nothing of it.
    const takeover = planToMarkdown(planFor(dir, []));
    expect(takeover).not.toMatch(/suspends? dispatching|spec\.suspension/);
    expect(takeover).not.toContain('Dispatching');
  }));

  test('phase: Release without arming: release-unsafe, and the problem synth reports', () => withTempDir(dir => {
    const plan = planFor(dir, ['  phase: Release']);
    expect(plan.rollback[0].state).toBe('release-unsafe');
    expect(plan.rollback[0].next).toMatch(/^do not merge: releasing the templates deletes the live objects of PropagationPolicy default\/deployments-pp, /);
    expect(plan.problems).toHaveLength(2);
    expect(plan.problems[0]).toMatch(/: spec\.phase: phase Release releases the templates, but takeover '[a-z-]+' \(spec\.takeovers\[0\]\) does not preserve them: .* preserveResourcesOnDeletion: true; Karmada would delete the member objects/);
  }));
});

describe('buildPlan is deterministic', () => {
  test('the same input twice gives identical bytes, in JSON and Markdown', () => {
    const a = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [EXAMPLE_EXPORT] }));
    const b = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [EXAMPLE_EXPORT] }));
    expect(planToJson(a)).toBe(planToJson(b));
    expect(planToMarkdown(a)).toBe(planToMarkdown(b));
  });

  test('inventory files in another order give identical bytes', () => withTempDir(dir => {
    // GIVEN the same two exports listed in two orders
    const configs = [[EXAMPLE_EXPORT, MIXED], [MIXED, EXAMPLE_EXPORT]].map((files, i) => writeConfig(dir, `migration-${i}.yaml`, [
      `  inventory: [${files.map(f => JSON.stringify(f)).join(', ')}]`,
      ...KIND_TAKEOVERS,
    ]));

    // WHEN
    const [a, b] = configs.map(config => buildPlan(loadPlanInput({ config, live: [EXAMPLE_EXPORT, MIXED] })));

    // THEN
    expect(a.totals.templates).toBe(10);
    expect(a.secrets.length).toBeGreaterThan(0);
    expect(planToJson(b)).toBe(planToJson(a));
    expect(planToMarkdown(b)).toBe(planToMarkdown(a));
  }));

  test('dist/ entries, live objects and migrations in another order give the same plan', () => {
    const input = loadPlanInput({ config: EXAMPLE_CONFIG });
    const live = liveExport();
    const reversed: PlanInput = {
      ...input, dist: new Map([...input.dist].reverse()), live: [...live].reverse(), migrations: [...input.migrations].reverse(),
    };
    expect(planToJson(buildPlan(reversed))).toBe(planToJson(buildPlan({ ...input, live })));
  });
});

describe('buildPlan: fights and Argo CD health', () => {
  const REAL = path.join(ROOT, 'test', 'fixtures', 'real-exports');
  // the real OpenShift-console StatefulSet, scaled since by an HPA through the scale subresource (constructed entry, see test/karmada/fights.test.ts).
  function hpaScaledStatefulSet(): KubeObject {
    const live = JSON.parse(JSON.stringify(readInventory([path.join(REAL, 'statefulset-volumeclaimtemplates-openshift-console.yaml')])[0].object));
    const console = live.metadata.managedFields.find((e: { manager: string }) => e.manager === 'Mozilla');
    delete console.fieldsV1['f:spec']['f:replicas'];
    live.metadata.managedFields.push({
      apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', time: '2024-03-02T10:00:00Z',
    });
    return live as KubeObject;
  }
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'mongo', namespace: 'viyancs-test' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'mongo' }, minReplicas: 3, maxReplicas: 5 },
  };
  const live = hpaScaledStatefulSet();
  const template = cleanObject(live);
  const input: PlanInput = {
    migrations: [{ name: 'member1', sourceCluster: 'member1' }],
    dist: distOf(template, pp(live.metadata.namespace!, 'mongo-pp', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'mongo' }])),
    live: [live, hpa],
    pipelineManagers: ['Mozilla'],
  };

  test('the HPA-scaled StatefulSet: spec.replicas reverted at every sync, with the HPA; and Argo CD shows it Progressing forever', () => {
    const plan = buildPlan(input);
    expect(plan.fights).toStrictEqual({
      liveGiven: true,
      pipelineManagers: ['Mozilla'],
      counts: { 'reverted': 1, 'removed': 0, 'retained-natively': 0, 'retained': 0 },
      objects: [{
        object: 'StatefulSet.apps viyancs-test/mongo',
        file: 'member1/templates/viyancs-test/StatefulSet.apps_mongo.yaml',
        fights: [{
          path: 'spec.replicas',
          owners: [{ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', time: '2024-03-02T10:00:00Z' }],
          verdict: 'reverted',
          writer: 'autoscaler',
          autoscalers: ['HorizontalPodAutoscaler.autoscaling viyancs-test/mongo'],
          hint: expect.stringContaining('retain spec.replicas for apps/v1 StatefulSet with a ResourceInterpreterCustomization (spec.retain)'),
        }],
      }],
      warnings: [],
    });
    expect(plan.health).toStrictEqual([{
      kind: 'StatefulSet.apps', prediction: 'progressing-forever', templates: ['StatefulSet.apps viyancs-test/mongo'],
      message: expect.stringContaining('drops observedGeneration'), remedy: expect.stringContaining('resource.customizations.health.apps_StatefulSet'),
    }]);
  });

  test('a retention of spec.replicas (spec.retain) makes it retained, for the object it names only', () => {
    const retention = (name: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', objects: [{ namespace: 'viyancs-test', name, fields: ['spec.replicas'] }] });
    const withRetention = (name: string) => buildPlan({ ...input, migrations: input.migrations.map(m => ({ ...m, retentions: [retention(name)] })) });
    expect(withRetention('mongo').fights.counts).toStrictEqual({ 'reverted': 0, 'removed': 0, 'retained-natively': 0, 'retained': 1 });
    expect(withRetention('other').fights.counts).toStrictEqual({ 'reverted': 1, 'removed': 0, 'retained-natively': 0, 'retained': 0 });
  });

  test('without a live export, the HPA of the inventory is the evidence', () => {
    const plan = buildPlan({ ...input, live: undefined, migrations: [{ name: 'member1', sourceCluster: 'member1', inventory: Inventory.fromObjects([template, hpa]) }] });
    expect(plan.fights.liveGiven).toBe(false);
    expect(plan.fights.objects.map(o => o.fights.map(f => [f.path, f.owners.length, f.verdict, f.autoscalers]))).toStrictEqual([
      [['spec.replicas', 0, 'reverted', ['HorizontalPodAutoscaler.autoscaling viyancs-test/mongo']]],
    ]);
  });

  test('deterministic whatever the order of the live objects; the Markdown has the fights and the health', () => {
    expect(planToJson(buildPlan({ ...input, live: [hpa, live] }))).toBe(planToJson(buildPlan(input)));
    const markdown = planToMarkdown(buildPlan(input));
    expect(markdown).toContain('| fields Karmada sets back at every sync (fights) | 1 |');
    expect(markdown).toContain('| templates Argo CD shows with a wrong health | 1 |');
    expect(markdown).toContain('| `StatefulSet.apps viyancs-test/mongo` | `spec.replicas` | `kube-controller-manager` (scale)<br>`HorizontalPodAutoscaler.autoscaling viyancs-test/mongo` | **reverted** |');
    expect(markdown).toContain('| `StatefulSet.apps` | 1: `StatefulSet.apps viyancs-test/mongo` | **Progressing forever** |');
  });

  test('malformed managedFields are listed, naming the object and the entry', () => {
    const broken = JSON.parse(JSON.stringify(live));
    broken.metadata.managedFields.push({ manager: 'x', fieldsV1: { nope: {} } });
    const plan = buildPlan({ ...input, live: [broken, hpa] });
    expect(plan.fights.warnings).toStrictEqual([
      'StatefulSet.apps viyancs-test/mongo: metadata.managedFields[3] (manager x): fieldsV1 key "nope" at (root) is not f:, k:, v:, i: or .; left out',
    ]);
    expect(planToMarkdown(plan)).toContain('managedFields that could not be read');
  });
});

describe('buildPlan on a fleet (examples/fleet: member1, member2, member3)', () => {
  const FLEET = path.join(ROOT, 'examples', 'fleet');
  const FLEET_CONFIG = path.join(FLEET, 'migration.yaml');
  const CLUSTERS = ['member1', 'member2', 'member3'];
  const input = loadPlanInput({ config: FLEET_CONFIG });
  type Workload = KubeObject & { spec: { template: { spec: { containers: Array<{ image: string }> } } } };

  // each cluster's export as its live objects, the objects of `cluster` changed by `mutate` (deep copies).
  function fleetLive(cluster?: string, mutate: (o: KubeObject) => void = () => undefined): Map<string, KubeObject[]> {
    return new Map(CLUSTERS.map(c => [c, readInventory([path.join(FLEET, 'exports', `${c}.yaml`)]).map(o => {
      const copy = JSON.parse(JSON.stringify(o.object)) as KubeObject;
      if (c === cluster) mutate(copy);
      return copy;
    })]));
  }
  const isWeb = (o: KubeObject) => o.kind === 'Deployment' && o.metadata.name === 'web';

  test('the migration shows its clusters, not a source cluster', () => {
    const plan = buildPlan(input);
    expect(plan.migrations.map(m => [m.name, m.sourceCluster, m.clusters])).toStrictEqual([['fleet', undefined, CLUSTERS]]);
    expect(planToMarkdown(plan)).toContain('| Migration | Source clusters | Phase | Rollback | Secrets |\n| --- | --- | --- | --- | --- |\n' +
      '| `fleet` | `member1`, `member2`, `member3` | Takeover | not armed | Unmanaged |');
  });

  test('per template: identical in which clusters, overridden in which with the fields, not placed in which', () => {
    const fleet = buildPlan(input).fleet!;
    expect(fleet.clusters).toStrictEqual(CLUSTERS);
    expect(fleet.overridePolicies).toBe(2);
    const byObject = new Map(fleet.objects.map(o => [o.object, o]));
    expect([...byObject.keys()]).toStrictEqual([
      'ClusterRole.rbac.authorization.k8s.io shop-reader', 'ConfigMap shop/web-config', 'Deployment.apps shop/cart',
      'Deployment.apps shop/web', 'Service shop/cart', 'Service shop/web',
    ]);
    expect(byObject.get('Service shop/web')).toStrictEqual({
      object: 'Service shop/web', file: 'fleet/templates/shop/Service_web.yaml', migration: 'fleet',
      placedOn: CLUSTERS, identicalIn: CLUSTERS, overriddenIn: [], notPlacedIn: [],
    });
    expect(byObject.get('Deployment.apps shop/cart')).toMatchObject({ placedOn: ['member1', 'member2'], identicalIn: ['member1', 'member2'], notPlacedIn: ['member3'] });
    const web = byObject.get('Deployment.apps shop/web')!;
    expect(web.identicalIn).toStrictEqual(['member1']);
    expect(web.overriddenIn.map(o => o.cluster)).toStrictEqual(['member2', 'member3']);
    expect(web.overriddenIn[0]).toStrictEqual({
      cluster: 'member2',
      policies: ['OverridePolicy shop/fleet-web-deployment'],
      fields: [
        { overrider: 'imageOverrider', operator: 'replace', path: '/spec/template/spec/containers/0/image', container: 'web', component: 'Registry' },
        { overrider: 'labelsOverrider', operator: 'add', key: 'region' },
        { overrider: 'plaintext', operator: 'replace', path: '/spec/replicas' },
      ],
    });
  });

  test('the Markdown has a Fleet section: an override-free object is identical in member1, member2, member3', () => {
    const md = planToMarkdown(buildPlan(input));
    const section = md.slice(md.indexOf('\n## Fleet\n'), md.indexOf('\n## Overwrite'));
    expect(section).toContain('| `Service shop/web` | identical in `member1`, `member2`, `member3` |');
    expect(section).toContain('| `Deployment.apps shop/cart` | identical in `member1`, `member2`<br>not placed in `member3` |');
    expect(section).toContain('| `Deployment.apps shop/web` | identical in `member1`<br>overridden in `member2`: image registry of container `web`, label `region`, `/spec/replicas`<br>');
    // what differs comes first
    expect(section.indexOf('`Deployment.apps shop/web`')).toBeLessThan(section.indexOf('`Service shop/web`'));
  });

  test('each cluster\'s own export: nothing changes on any cluster (each gets its overridden copy)', () => {
    const plan = buildPlan({ ...input, liveByCluster: fleetLive() });
    expect(plan.risks.changes).toStrictEqual([]);
    expect(plan.risks.counts.unchanged).toBe(6);
    expect(plan.risks.clusters!.map(c => [c.cluster, c.liveGiven, c.templates, c.counts.unchanged, c.noLiveObject])).toStrictEqual([
      ['member1', true, 6, 6, []], ['member2', true, 6, 6, []], ['member3', true, 4, 4, []],
    ]);
  });

  test('a live image changed on member2 only: the restart is predicted on member2, named in the summary and the risk table', () => {
    // GIVEN member2 runs another tag of web than its copy (us-mirror.example.com/shop/web:1.4.2)
    const liveByCluster = fleetLive('member2', o => {
      if (isWeb(o)) (o as Workload).spec.template.spec.containers[0].image = 'us-mirror.example.com/shop/web:1.4.1';
    });

    // WHEN
    const plan = buildPlan({ ...input, liveByCluster });

    // THEN exactly one change, on member2
    expect(plan.risks.changes).toStrictEqual([{
      object: 'Deployment.apps shop/web', file: 'fleet/templates/shop/Deployment.apps_web.yaml', cluster: 'member2', classes: ['pods-restart'],
      podsRestart: { paths: ['spec.template.spec.containers[0].image'], rollout: 'RollingUpdate', message: expect.stringContaining('rolls') }, notes: [],
    }]);
    expect(plan.risks.counts['pods-restart']).toBe(1);
    // the template's outcome is its worst: not also unchanged, though it is on member1 and member3
    expect(plan.risks.counts.unchanged).toBe(5);
    expect(plan.risks.clusters!.map(c => [c.cluster, c.counts['pods-restart']])).toStrictEqual([['member1', 0], ['member2', 1], ['member3', 0]]);
    const md = planToMarkdown(plan);
    expect(md).toContain('| **pods-restart** | 1 (`member2`: 1) |');
    expect(md).toContain('| `Deployment.apps shop/web` | `member2` | **pods-restart** |');
    expect(md).not.toMatch(/\| `member[13]` \| \*\*pods-restart/);
  });

  test('a cluster without its export is not assessed, and the plan says where', () => {
    const liveByCluster = fleetLive();
    liveByCluster.delete('member3');
    const plan = buildPlan({ ...input, liveByCluster });
    expect(plan.risks.clusters!.find(c => c.cluster === 'member3')).toMatchObject({ liveGiven: false, templates: 4, noLiveObject: [] });
    const md = planToMarkdown(plan);
    expect(md).toContain('| **pods-restart** | 0; not assessed on `member3` (no `--live member3=PATH`) |');
    expect(md).toContain('**Not assessed on `member3`**: no `--live member3=PATH` given');
    expect(md).toContain('| fields Karmada sets back at every sync (fights) | 0 (autoscalers only on `member3`: no `--live member3=PATH`) |');
  });

  test('an object missing from one cluster\'s export is listed for that cluster', () => {
    const liveByCluster = fleetLive();
    liveByCluster.set('member1', liveByCluster.get('member1')!.filter(o => !(o.kind === 'Service' && o.metadata.name === 'cart')));
    const plan = buildPlan({ ...input, liveByCluster });
    expect(plan.risks.clusters!.map(c => [c.cluster, c.noLiveObject])).toStrictEqual([['member1', ['Service shop/cart']], ['member2', []], ['member3', []]]);
    // predicted on member2: not counted as without a live object
    expect(plan.risks.noLiveObject).toStrictEqual([]);
    expect(planToMarkdown(plan)).toContain('No live object in the export of `member1` for 1 template placed there');
  });

  test('--live CLUSTER=PATH, read from the files; the order of the flags does not change the plan', () => withTempDir(dir => {
    const liveByCluster = fleetLive('member2', o => {
      if (isWeb(o)) (o as Workload).spec.template.spec.containers[0].image = 'us-mirror.example.com/shop/web:1.4.1';
    });
    const files = CLUSTERS.map(c => {
      const file = path.join(dir, `${c}.json`);
      fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: liveByCluster.get(c) }));
      return `${c}=${file}`;
    });
    const a = buildPlan(loadPlanInput({ config: FLEET_CONFIG, live: files }));
    const b = buildPlan(loadPlanInput({ config: FLEET_CONFIG, live: [...files].reverse() }));
    expect(a.risks.changes.map(c => [c.object, c.cluster, c.classes])).toStrictEqual([['Deployment.apps shop/web', 'member2', ['pods-restart']]]);
    expect(planToJson(b)).toBe(planToJson(a));
  }));

  test('an export that names no cluster is ambiguous in a fleet: refused, naming the flag and the fix', () => {
    expect(() => loadPlanInput({ config: FLEET_CONFIG, live: [path.join(FLEET, 'exports', 'member1.yaml')] })).toThrow(expect.objectContaining({
      name: 'InputError',
      message: expect.stringMatching(/^--live PATH names no cluster, and migration 'fleet' takes over 3 clusters \(member1, member2, member3\): .*--live member1=PATH/),
    }));
    // the same through the API
    expect(() => buildPlan({ ...input, live: fleetLive().get('member1') })).toThrow(/^--live PATH names no cluster/);
  });

  test('a cluster no migration takes over is refused with did-you-mean, before any export is read', () => {
    expect(() => loadPlanInput({ config: FLEET_CONFIG, live: ['membr2=/no/such/file.yaml'] })).toThrow(expect.objectContaining({
      name: 'InputError',
      message: "--live membr2=PATH names cluster 'membr2', which no migration takes over (they take over member1, member2, member3; " +
        "a path that holds = is given as ./membr2=...); did you mean 'member2'?",
    }));
  });
});

describe('buildPlan reads every cluster of a fleet (a copy of examples/fleet with objects added to some clusters)', () => {
  const FLEET = path.join(ROOT, 'examples', 'fleet');
  const item = (o: object) => `- ${JSON.stringify(o)}\n`;
  const helm = { 'meta.helm.sh/release-name': 'worker', 'meta.helm.sh/release-namespace': 'shop' };
  // member3 only: a worker (a Helm release's) that reads a Secret and a ConfigMap its export lacks.
  const worker = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace: 'shop', annotations: helm, labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
    spec: {
      selector: { matchLabels: { app: 'worker' } },
      template: {
        metadata: { labels: { app: 'worker' } },
        spec: { containers: [{ name: 'w', image: 'worker:1', envFrom: [{ secretRef: { name: 'worker-creds' } }, { configMapRef: { name: 'worker-settings' } }] }] },
      },
    },
  };
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'worker-creds', namespace: 'shop' }, type: 'Opaque', data: { k: 'dg==' } };
  const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'batch', namespace: 'shop' } };
  const hpa = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'ghost', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, minReplicas: 1, maxReplicas: 3 },
  };
  const legacy = { ...deployment('shop', 'legacy') };

  // the example's config (with `exclude` lines appended) and exports, each with `extra` items appended.
  function fleetCopy(dir: string, extra: Readonly<Record<string, readonly object[]>>, exclude: readonly string[] = []): string {
    fs.mkdirSync(path.join(dir, 'exports'));
    for (const c of ['member1', 'member2', 'member3']) {
      fs.writeFileSync(path.join(dir, 'exports', `${c}.yaml`),
        fs.readFileSync(path.join(FLEET, 'exports', `${c}.yaml`), 'utf8') + (extra[c] ?? []).map(item).join(''));
    }
    const config = path.join(dir, 'migration.yaml');
    fs.writeFileSync(config, fs.readFileSync(path.join(FLEET, 'migration.yaml'), 'utf8') + (exclude.length ? `  exclude:\n${exclude.join('\n')}\n` : ''));
    return config;
  }

  test('what only some clusters hold is left behind, owned, unmanaged, warned about or missing on those clusters, each named', () => withTempDir(dir => {
    const config = fleetCopy(dir, { member2: [account, hpa], member3: [account, worker, secret] });
    const plan = buildPlan(loadPlanInput({ config }));
    expect(plan.leftBehind).toStrictEqual([{
      migration: 'fleet',
      byKind: [
        { kind: 'HorizontalPodAutoscaler.autoscaling', objects: ['HorizontalPodAutoscaler.autoscaling shop/ghost'], clusters: ['member2'] },
        { kind: 'ServiceAccount', objects: ['ServiceAccount shop/batch'], clusters: ['member2', 'member3'] },
      ],
      dropped: [{ rule: 'secret-unmanaged', count: 1, clusters: ['member3'] }],
    }]);
    expect(plan.owners.map(o => [o.owner, o.templates, o.clusters])).toStrictEqual([
      ['Helm release shop/worker', ['Deployment.apps shop/worker'], ['member3']],
      ['unknown', expect.arrayContaining(['Deployment.apps shop/web', 'Service shop/cart']), ['member1', 'member2', 'member3']],
    ]);
    expect(plan.secrets).toStrictEqual([{
      migration: 'fleet', secret: 'Secret shop/worker-creds', inInventory: true, usedBy: ['Deployment.apps shop/worker'], alsoUsedBy: [], clusters: ['member3'],
    }]);
    expect(plan.missingDependencies).toStrictEqual([{
      migration: 'fleet', object: 'Deployment.apps shop/worker', dependency: 'ConfigMap shop/worker-settings',
      paths: ['spec.template.spec.containers[0].envFrom[1].configMapRef.name'], clusters: ['member3'],
    }]);
    expect(plan.inventoryWarnings.map(w => [w.object, w.source, w.clusters])).toStrictEqual([
      ['HorizontalPodAutoscaler.autoscaling shop/ghost', expect.stringMatching(/member2\.yaml:\d+$/), ['member2']],
    ]);
    expect(plan.inventoryWarnings[0].message).toMatch(/scales Deployment.apps shop\/ghost, which is not among the templates/);
    const md = planToMarkdown(plan);
    expect(md).toContain('| `fleet` | `ServiceAccount` | `member2`, `member3` | 1: `ServiceAccount shop/batch` |');
    expect(md).toContain('| Helm release shop/worker | `member3` | 1: `Deployment.apps shop/worker` |');
    expect(md).toContain('| `Secret shop/worker-creds` | `member3` | yes | `Deployment.apps shop/worker` |');
    expect(md).toContain('Dropped by the inventory (never templates): `fleet` `secret-unmanaged`: 1 (`member3`).');
  }));

  test('a finding of several clusters is one row naming them; an excluded object is listed apart with its reason and clusters', () => withTempDir(dir => {
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'worker-settings', namespace: 'shop' }, data: { a: 'b' } };
    const config = fleetCopy(dir, { member1: [legacy, hpa], member2: [legacy, hpa], member3: [worker, settings] }, [
      '    - {kind: Deployment, namespace: shop, name: legacy, reason: retired next sprint}',
      '    - {kind: ConfigMap, namespace: shop, name: worker-settings}',
    ]);
    const plan = buildPlan(loadPlanInput({ config }));
    const [left] = plan.leftBehind;
    expect(left.excluded).toStrictEqual([
      { object: 'ConfigMap shop/worker-settings', reason: 'excluded by spec.exclude[1]', usedBy: ['Deployment.apps shop/worker'], clusters: ['member3'] },
      { object: 'Deployment.apps shop/legacy', reason: 'excluded by spec.exclude[0]: retired next sprint', clusters: ['member1', 'member2'] },
    ]);
    // excluded, not left behind; the autoscaler both clusters hold is one row.
    expect(left.byKind).toStrictEqual([
      { kind: 'HorizontalPodAutoscaler.autoscaling', objects: ['HorizontalPodAutoscaler.autoscaling shop/ghost'], clusters: ['member1', 'member2'] },
    ]);
    expect(plan.inventoryWarnings.map(w => [w.source.split(', ').map(f => path.basename(f).replace(/:\d+$/, '')), w.clusters])).toStrictEqual([
      [['member1.yaml', 'member2.yaml'], ['member1', 'member2']],
    ]);
    expect(planToMarkdown(plan)).toContain('| `fleet` | `Deployment.apps shop/legacy` | `member1`, `member2` | excluded by spec.exclude\\[0\\]: retired next sprint |');
    expect(planToMarkdown(plan)).toContain('| `fleet` | `ConfigMap shop/worker-settings` | `member3` | excluded by spec.exclude\\[1\\]; ' +
      'used by templates taken over, which keep using the member\'s: `Deployment.apps shop/worker` |');
  }));

  test('an autoscaler only member2 holds is evidence on member2 only', () => withTempDir(dir => {
    const scalesWeb = { ...hpa, metadata: { name: 'web', namespace: 'shop' }, spec: { ...hpa.spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } };
    const plan = buildPlan(loadPlanInput({ config: fleetCopy(dir, { member2: [scalesWeb] }) }));
    expect(plan.fights.objects.map(o => [o.object, o.cluster, o.fights.map(f => f.path)])).toStrictEqual([['Deployment.apps shop/web', 'member2', ['spec.replicas']]]);
  }));

  test('beside a fleet, a migration of one cluster names its cluster on its rows', () => withTempDir(dir => {
    const config = fleetCopy(dir, {});
    fs.writeFileSync(path.join(dir, 'solo.yaml'), [deployment('solo', 'api'), account].map(o => yaml.dump(o)).join('---\n'));
    fs.appendFileSync(config, ['---', 'apiVersion: karmada-migrate.io/v1alpha1', 'kind: Migration', 'metadata: {name: solo}', 'spec:', '  sourceCluster: member4',
      '  inventory: [solo.yaml]', '  takeovers:', '    - name: solo-deployments', '      kind: {apiVersion: apps/v1, kind: Deployment}', ''].join('\n'));
    const plan = buildPlan(loadPlanInput({ config }));
    expect(plan.leftBehind.map(l => [l.migration, l.byKind])).toStrictEqual([
      ['fleet', []],
      ['solo', [{ kind: 'ServiceAccount', objects: ['ServiceAccount shop/batch'], clusters: ['member4'] }]],
    ]);
    expect(plan.owners.map(o => o.clusters)).toStrictEqual([['member1', 'member2', 'member3', 'member4']]);
  }));

  test('an object on every cluster names them all; the example itself leaves nothing behind', () => {
    const plan = buildPlan(loadPlanInput({ config: path.join(FLEET, 'migration.yaml') }));
    expect(plan.leftBehind).toStrictEqual([{ migration: 'fleet', byKind: [], dropped: [] }]);
    expect(plan.owners.map(o => o.clusters)).toStrictEqual([['member1', 'member2', 'member3']]);
  });
});

describe('buildPlan of one cluster excludes by identity', () => {
  test('an excluded object is listed with its reason and no clusters, not as left behind', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'export.yaml'), [deployment('shop', 'web'), deployment('shop', 'legacy')].map(o => yaml.dump(o)).join('---\n'));
    const config = writeConfig(dir, 'migration.yaml', [
      '  inventory: [export.yaml]', '  exclude:', '    - {kind: Deployment, namespace: shop, name: legacy}',
      '  takeovers:', '    - name: deployments-pp', '      kind: {apiVersion: apps/v1, kind: Deployment}',
    ]);
    const [left] = buildPlan(loadPlanInput({ config })).leftBehind;
    expect(left).toStrictEqual({
      migration: 'member1', byKind: [], dropped: [], excluded: [{ object: 'Deployment.apps shop/legacy', reason: 'excluded by spec.exclude[0]' }],
    });
  }));
});

describe('buildPlan with --live CLUSTER=PATH on one cluster', () => {
  test('the same prediction as --live PATH, per cluster; unnamed and named exports do not mix', () => {
    const unnamed = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [EXAMPLE_EXPORT] }));
    const named = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [`member1=${EXAMPLE_EXPORT}`] }));
    expect(named.risks.counts).toStrictEqual(unnamed.risks.counts);
    expect(named.risks.clusters!.map(c => [c.cluster, c.liveGiven, c.templates])).toStrictEqual([['member1', true, 6]]);
    // one cluster: the migration keeps its sourceCluster, and there is no fleet section
    expect(named.migrations[0].sourceCluster).toBe('member1');
    expect(named.fleet).toBeUndefined();
    expect(() => loadPlanInput({ config: EXAMPLE_CONFIG, live: [EXAMPLE_EXPORT, `member1=${EXAMPLE_EXPORT}`] }))
      .toThrow(/^--live is given both with a cluster \(--live member1=PATH\) and without one/);
  });
});
