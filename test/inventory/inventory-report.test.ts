import { Inventory } from '../../src/inventory/inventory';
import { formatInventoryTable, inventoryReport } from '../../src/inventory/inventory-report';
import { KubeObject } from '../../src/kube/object';
import { deployment, service } from '../util';

function small(): Inventory {
  const web = deployment('shop', 'web');
  const withConfig: KubeObject = { ...web, spec: { ...(web.spec as object), template: { spec: { containers: [{ name: 'web', envFrom: [{ configMapRef: { name: 'conf' } }] }] } } } };
  return Inventory.fromObjects([
    withConfig,
    service('shop', 'web'),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'shop' }, type: 'kubernetes.io/service-account-token' },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'db', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } } },
  ], { file: 'main.ts' });
}

describe('inventoryReport', () => {
  test('lists every object in key order with its template path or drop reason, warnings, missing dependencies and totals', () => {
    // WHEN a small inventory is reported for the migration member1
    const report = inventoryReport(small(), { migration: 'member1' });

    // THEN the report is plain data
    expect(report).toStrictEqual({
      apiVersion: 'karmada-migrate.io/v1alpha1',
      kind: 'InventoryReport',
      secrets: 'Unmanaged',
      objects: [
        { object: 'Secret shop/token', source: { file: 'main.ts', document: 2, documents: 4 }, result: 'dropped', rule: 'service-account-token',
          reason: 'service account token Secrets are filled in by the cluster that holds them' },
        { object: 'Service shop/web', source: { file: 'main.ts', document: 1, documents: 4 }, result: 'template', path: 'member1/templates/shop/Service_web.yaml' },
        { object: 'Deployment.apps shop/web', source: { file: 'main.ts', document: 0, documents: 4 }, result: 'template', path: 'member1/templates/shop/Deployment.apps_web.yaml' },
        { object: 'HorizontalPodAutoscaler.autoscaling shop/db', source: { file: 'main.ts', document: 3, documents: 4 }, result: 'template',
          path: 'member1/templates/shop/HorizontalPodAutoscaler.autoscaling_db.yaml' },
      ],
      warnings: [{ object: 'HorizontalPodAutoscaler.autoscaling shop/db', source: { file: 'main.ts', document: 3, documents: 4 },
        message: expect.stringMatching(/^HorizontalPodAutoscaler.autoscaling shop\/db scales StatefulSet.apps shop\/db, which is not among the templates/) }],
      missingDependencies: [{ object: 'Deployment.apps shop/web', source: { file: 'main.ts', document: 0, documents: 4 }, dependency: 'ConfigMap shop/conf',
        paths: ['spec.template.spec.containers[0].envFrom[0].configMapRef.name'] }],
      retainReplicas: [],
      totals: [
        { kind: 'Secret', kept: 0, dropped: 1 },
        { kind: 'Service', kept: 1, dropped: 0 },
        { kind: 'Deployment.apps', kept: 1, dropped: 0 },
        { kind: 'HorizontalPodAutoscaler.autoscaling', kept: 1, dropped: 0 },
        { kind: 'total', kept: 3, dropped: 1 },
      ],
    });
  });

  test('without a migration name, paths are relative to the migration\'s folder', () => {
    expect(inventoryReport(small()).objects.map(o => o.path)).toStrictEqual([
      undefined, 'templates/shop/Service_web.yaml', 'templates/shop/Deployment.apps_web.yaml', 'templates/shop/HorizontalPodAutoscaler.autoscaling_db.yaml',
    ]);
  });
});

describe('inventoryReport: retain-replicas', () => {
  test('lists the Deployments that keep their live replicas: those an autoscaler scales, and those labelled in the input', () => {
    // GIVEN a Deployment an HPA scales, one labelled by hand, and one neither
    const api = deployment('shop', 'api');
    const labelled: KubeObject = { ...api, metadata: { ...api.metadata, labels: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } } };
    const inventory = Inventory.fromObjects([
      deployment('shop', 'web'), labelled, deployment('shop', 'plain'),
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web-hpa', namespace: 'shop' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } },
    ], { file: 'main.ts' });

    // WHEN reported THEN both are listed, in key order, with their autoscalers; the text says so in a section of its own
    const report = inventoryReport(inventory);
    expect(report.retainReplicas).toStrictEqual([
      { object: 'Deployment.apps shop/api', source: { file: 'main.ts', document: 1, documents: 4 }, autoscalers: [] },
      { object: 'Deployment.apps shop/web', source: { file: 'main.ts', document: 0, documents: 4 }, autoscalers: ['HorizontalPodAutoscaler.autoscaling shop/web-hpa'] },
    ]);
    expect(formatInventoryTable(report)).toContain('\n\nRETAIN REPLICAS (2): Karmada keeps their live spec.replicas (resourcetemplate.karmada.io/retain-replicas: "true")\n' +
      '  main.ts (document 1): Deployment.apps shop/api, labelled in the input\n' +
      '  main.ts (document 0): Deployment.apps shop/web, scaled by HorizontalPodAutoscaler.autoscaling shop/web-hpa\n\nKIND');
  });
});

describe('formatInventoryTable', () => {
  test('renders aligned plain text, sections only when they have entries', () => {
    // WHEN the small inventory is rendered
    const text = formatInventoryTable(inventoryReport(small()));

    // THEN the text is exactly this
    expect(text).toBe([
      'OBJECT                                       SOURCE                RESULT                           TEMPLATE OR REASON',
      'Secret shop/token                            main.ts (document 2)  dropped (service-account-token)  service account token Secrets are filled in by the cluster that holds them',
      'Service shop/web                             main.ts (document 1)  template                         templates/shop/Service_web.yaml',
      'Deployment.apps shop/web                     main.ts (document 0)  template                         templates/shop/Deployment.apps_web.yaml',
      'HorizontalPodAutoscaler.autoscaling shop/db  main.ts (document 3)  template                         templates/shop/HorizontalPodAutoscaler.autoscaling_db.yaml',
      '',
      'WARNINGS (1)',
      '  main.ts (document 3): HorizontalPodAutoscaler.autoscaling shop/db scales StatefulSet.apps shop/db, which is not among the templates of the inventory; ' +
        'if it is taken over, Karmada will write its replicas back at every sync and fight the autoscaler',
      '',
      'MISSING DEPENDENCIES (1)',
      '  main.ts (document 0): Deployment.apps shop/web refers to ConfigMap shop/conf (spec.template.spec.containers[0].envFrom[0].configMapRef.name), which is not in the inventory',
      '',
      'KIND                                 KEPT  DROPPED',
      'Secret                               0     1',
      'Service                              1     0',
      'Deployment.apps                      1     0',
      'HorizontalPodAutoscaler.autoscaling  1     0',
      'total                                3     1',
      '',
      'secrets: Unmanaged',
      '',
    ].join('\n'));
  });

  test('an empty inventory is a header and zero totals', () => {
    expect(formatInventoryTable(inventoryReport(Inventory.fromObjects([])))).toBe('OBJECT  SOURCE  RESULT  TEMPLATE OR REASON\n\nKIND   KEPT  DROPPED\ntotal  0     0\n\nsecrets: Unmanaged\n');
  });
});

describe('inventoryReport: missing references Karmada does not follow', () => {
  test('a StatefulSet\'s Service and a binding\'s ServiceAccount the export lacks are missing dependencies, in text and JSON', () => {
    const sts: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' },
      spec: { serviceName: 'db-headless', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db' }] } } } };
    const crb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'scraper' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }, { kind: 'ServiceAccount', name: 'web', namespace: 'shop' }] } as KubeObject;
    const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } };
    const report = inventoryReport(Inventory.fromObjects([sts, crb, sa], { file: 'main.ts' }));
    expect(report.missingDependencies.map(m => [m.object, m.dependency, m.paths])).toStrictEqual([
      ['StatefulSet.apps shop/db', 'Service shop/db-headless', ['spec.serviceName']],
      ['ClusterRoleBinding.rbac.authorization.k8s.io scraper', 'ServiceAccount monitoring/prometheus', ['subjects[0].name']],
    ]);
    expect(formatInventoryTable(report)).toContain('  main.ts (document 0): StatefulSet.apps shop/db refers to Service shop/db-headless (spec.serviceName), which is not in the inventory');
  });
});
