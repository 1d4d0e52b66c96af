// A deterministic generator of synthetic estates, exported as a live cluster would be:
// one `kubectl get deploy,rs,pod,svc,cm -n <ns> -o yaml` List per namespace, with
// managedFields, status, and the ReplicaSets and Pods that the inventory must drop.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';

/** Options of {@link generateEstate}. */
export interface EstateOptions {
  /** how many apps (each a Deployment, a Service and a ConfigMap). */
  readonly apps: number;
  /** apps per namespace. @default 100 */
  readonly appsPerNamespace?: number;
  /** one app in this many gets a per-app takeover. @default 10 */
  readonly appTakeoverEvery?: number;
  /**
   * changes the exported objects of one app (its Deployment, ReplicaSet, Pod, Service and
   * ConfigMap, by app index): one member cluster of a fleet; an empty list leaves the app out.
   *
   * @default - every app as generated
   */
  readonly vary?: (objects: Array<Record<string, unknown>>, app: number) => Array<Record<string, unknown>>;
}

/** What {@link generateEstate} wrote. */
export interface Estate {
  /** the migration config. */
  readonly config: string;
  /** the export files, one per namespace. */
  readonly exportFiles: readonly string[];
  /** objects in the export, and how many of them are templates once ReplicaSets and Pods are dropped. */
  readonly objects: number;
  readonly templates: number;
}

/** the per-kind takeovers of a generated estate's config (`takeovers:` and its first entries, YAML lines under `spec:`). */
export const KIND_TAKEOVERS: readonly string[] = [
  '  takeovers:',
  '    - name: deployments-pp',
  '      kind: {apiVersion: apps/v1, kind: Deployment}',
  '    - name: services-pp',
  '      kind: {apiVersion: v1, kind: Service}',
  '    - name: configmaps-pp',
  '      kind: {apiVersion: v1, kind: ConfigMap}',
];

/** writes an estate of `options.apps` apps into `dir`. Same options, same bytes. */
export function generateEstate(dir: string, options: EstateOptions): Estate {
  const perNs = options.appsPerNamespace ?? 100;
  const every = options.appTakeoverEvery ?? 10;
  const namespaces = Math.ceil(options.apps / perNs);
  fs.mkdirSync(path.join(dir, 'inventory'), { recursive: true });
  const exportFiles: string[] = [];
  const appTakeovers: string[] = [];
  let objects = 0;
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${String(n).padStart(4, '0')}`;
    const items: unknown[] = [];
    for (let a = n * perNs; a < Math.min(options.apps, (n + 1) * perNs); a++) {
      const name = `app-${String(a).padStart(6, '0')}`;
      const made = app(ns, name, a) as Array<Record<string, unknown>>;
      items.push(...(options.vary ? options.vary(made, a) : made));
      if (a % every === 0) {
        appTakeovers.push([
          `    - name: ${name}-pp`,
          '      app:',
          `        namespace: ${ns}`,
          '        resources:',
          `          - {apiVersion: apps/v1, kind: Deployment, name: ${name}}`,
          `          - {apiVersion: v1, kind: Service, name: ${name}}`,
          `          - {apiVersion: v1, kind: ConfigMap, name: ${name}-config}`,
        ].join('\n'));
      }
    }
    objects += items.length;
    const file = path.join(dir, 'inventory', `${ns}.yaml`);
    fs.writeFileSync(file, yaml.dump({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items }, { noRefs: true, lineWidth: -1 }));
    exportFiles.push(file);
  }
  const config = path.join(dir, 'migration.yaml');
  fs.writeFileSync(config, [
    'apiVersion: karmada-migrate.io/v1alpha1',
    'kind: Migration',
    'metadata: {name: member1}',
    'spec:',
    '  sourceCluster: member1',
    '  inventory: [inventory]',
    ...KIND_TAKEOVERS,
    ...appTakeovers,
    '',
  ].join('\n'));
  return { config, exportFiles, objects, templates: options.apps * 3 };
}

function meta(ns: string, name: string, i: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace: ns,
    uid: uid(i, name),
    resourceVersion: String(100000 + i),
    creationTimestamp: '2026-03-02T09:14:07Z',
    labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ns },
    managedFields: [{
      apiVersion: 'apps/v1', fieldsType: 'FieldsV1', manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-03-02T09:14:07Z',
      fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {} } }, 'f:spec': { 'f:replicas': {} } },
    }],
    ...extra,
  };
}

function podSpec(name: string) {
  return {
    containers: [{
      name,
      image: `registry.example.com/${name}:1.${name.length}.0`,
      imagePullPolicy: 'IfNotPresent',
      envFrom: [{ configMapRef: { name: `${name}-config` } }],
      ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  };
}

function app(ns: string, name: string, i: number): unknown[] {
  const selector = { matchLabels: { 'app.kubernetes.io/name': name } };
  const template = { metadata: { labels: { 'app.kubernetes.io/name': name } }, spec: podSpec(name) };
  const hash = (i * 2654435761 >>> 0).toString(16).padStart(8, '0').slice(0, 8);
  const deploymentUid = uid(i, 'deploy');
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: meta(ns, name, i, { generation: 2, annotations: { 'deployment.kubernetes.io/revision': '2' } }),
      spec: { replicas: 2, selector, template, progressDeadlineSeconds: 600, revisionHistoryLimit: 10,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
      status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2, observedGeneration: 2 },
    },
    {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: meta(ns, `${name}-${hash}`, i, {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deploymentUid, controller: true, blockOwnerDeletion: true }],
      }),
      spec: { replicas: 2, selector, template },
      status: { replicas: 2 },
    },
    {
      apiVersion: 'v1', kind: 'Pod',
      metadata: meta(ns, `${name}-${hash}-x${hash.slice(0, 4)}`, i, {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: uid(i, 'rs'), controller: true, blockOwnerDeletion: true }],
      }),
      spec: { ...podSpec(name), nodeName: `node-${i % 50}` },
      status: { phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: meta(ns, name, i),
      spec: { type: 'ClusterIP', clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}`, clusterIPs: [`10.96.${(i >> 8) & 255}.${i & 255}`],
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector: selector.matchLabels, sessionAffinity: 'None' },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: meta(ns, `${name}-config`, i),
      data: { LOG_LEVEL: 'info', UPSTREAM: `http://${name}.${ns}.svc:80`, FEATURE_FLAGS: 'a,b,c' },
    },
  ];
}

function uid(i: number, salt: string): string {
  let h = 2166136261;
  for (const c of `${salt}-${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  const x = (h >>> 0).toString(16).padStart(8, '0');
  return `${x}-${x.slice(0, 4)}-4${x.slice(1, 4)}-8${x.slice(2, 5)}-${x}${x.slice(0, 4)}`;
}
