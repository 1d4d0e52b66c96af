// acceptance: every real export loads, its templates carry nothing of the strip list, and what it
// drops is what the drop rules say; the result of each file is pinned.
import * as fs from 'fs';
import { Inventory } from '../../src/inventory/inventory';
import { formatKey, KubeObject } from '../../src/kube/object';
import { fixturePath, FIXTURES } from './fixtures';

const FILES = fs.readdirSync(FIXTURES).filter(f => /\.(ya?ml|json)$/.test(f)).sort();

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : {});

// metadata the API server and controllers write (karmada prune.RemoveIrrelevantFields).
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
  'selfLink', 'managedFields', 'ownerReferences', 'finalizers'];
// annotations a template must not carry to the member object.
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history', 'deprecated.daemonset.template.generation', 'batch.kubernetes.io/job-tracking',
  'kubernetes.io/service-account.uid', 'volume.kubernetes.io/selected-node', 'pv.kubernetes.io/bind-completed', 'pv.kubernetes.io/bound-by-controller',
  'volume.beta.kubernetes.io/storage-provisioner', 'volume.kubernetes.io/storage-provisioner', 'autoscaling.alpha.kubernetes.io/conditions',
  'autoscaling.alpha.kubernetes.io/current-metrics', 'work.karmada.io/conflict-resolution'];
const JOB_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

/** every field of the strip list still in a template, as `path`. */
function strippedFieldsLeft(obj: KubeObject): string[] {
  const left: string[] = [];
  const meta = rec(obj.metadata);
  for (const f of SERVER_METADATA) if (f in meta) left.push(`metadata.${f}`);
  if ('generateName' in meta) left.push('metadata.generateName');
  if ('status' in obj) left.push('status');
  for (const a of SERVER_ANNOTATIONS) if (a in rec(meta.annotations)) left.push(`metadata.annotations.${a}`);
  const spec = rec(obj.spec);
  for (const [path, template] of [['spec.template', spec.template], ['spec.jobTemplate', spec.jobTemplate],
    ['spec.jobTemplate.spec.template', rec(rec(spec.jobTemplate).spec).template]] as const) {
    if (rec(rec(template).metadata).creationTimestamp === null) left.push(`${path}.metadata.creationTimestamp`);
  }
  if (obj.kind === 'Job' && spec.manualSelector !== true) {
    for (const l of JOB_LABELS) {
      if (l in rec(rec(spec.selector).matchLabels)) left.push(`spec.selector.matchLabels.${l}`);
      if (l in rec(rec(rec(spec.template).metadata).labels)) left.push(`spec.template.metadata.labels.${l}`);
    }
  }
  if (obj.kind === 'Service' && spec.clusterIP !== undefined && spec.clusterIP !== 'None') left.push('spec.clusterIP');
  if (obj.kind === 'ServiceAccount' && Array.isArray(obj.secrets)) {
    for (const s of obj.secrets) if (String(rec(s).name).startsWith(`${obj.metadata.name}-token-`)) left.push(`secrets[${String(rec(s).name)}]`);
  }
  if (obj.kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates)) {
    spec.volumeClaimTemplates.forEach((c, i) => {
      if ('status' in rec(c)) left.push(`spec.volumeClaimTemplates[${i}].status`);
      if (rec(rec(c).metadata).creationTimestamp === null) left.push(`spec.volumeClaimTemplates[${i}].metadata.creationTimestamp`);
    });
  }
  return left;
}

interface Expected {
  /** the templates, `formatKey`. */
  readonly templates: string[];
  /** the objects dropped, `formatKey: rule`. */
  readonly dropped: string[];
  /** how many warnings. @default 0 */
  readonly warnings?: number;
  /** the missing dependencies, `template -> dependency`. @default none */
  readonly missing?: string[];
}

const owned = 'controller-owned';
const EXPECTED: Record<string, Expected> = {
  'configmap-kube-root-ca-crt.yaml': { templates: [], dropped: ['ConfigMap redis/kube-root-ca.crt: kube-root-ca'] },
  'cronjob-batch-v1beta1.json': { templates: ['CronJob.batch default/hello'], dropped: [] },
  'deployment-multi-manager-argocd.yaml': { templates: ['Deployment.apps default/kustomize-guestbook-ui'], dropped: [] },
  'deployment-restartedat-metrics-server.yaml': { templates: [], dropped: ['Deployment.apps kube-system/metrics-server: reserved-namespace'] },
  'endpointslice-controller-managed.yaml': { templates: [], dropped: [`EndpointSlice.discovery.k8s.io simple-nginx-nopv/my-simple-nginx-nopv-tb9c2: ${owned}`] },
  // its target Deployment is not exported: a warning to label it if it is taken over.
  'hpa-autoscaling-v1.json': { templates: ['HorizontalPodAutoscaler.autoscaling default/nginx'], dropped: [], warnings: 1 },
  'ingress-nginx-with-status.yaml': { templates: ['Ingress.networking.k8s.io default/drawio-ingress'], dropped: [] },
  'job-owned-by-cronjob.json': { templates: [], dropped: [`Job.batch default/hello-1567179180: ${owned}`] },
  'list-get-all-all-namespaces-minikube.yaml': {
    templates: [
      'Service default/model-server-service', 'Service default/redis-db-service', 'Service default/web-server',
      'Service ingress-nginx/ingress-nginx-controller', 'Service ingress-nginx/ingress-nginx-controller-admission',
      'Deployment.apps default/model-server', 'Deployment.apps default/redis-db', 'Deployment.apps default/web-server',
      'Deployment.apps ingress-nginx/ingress-nginx-controller',
      'Job.batch ingress-nginx/ingress-nginx-admission-create', 'Job.batch ingress-nginx/ingress-nginx-admission-patch',
    ],
    dropped: [
      `Pod default/model-server-b884894f4-h2zkf: ${owned}`, `Pod default/redis-db-96b87bcb6-qbfsg: ${owned}`, `Pod default/web-server-5775b4b6bc-gzpk9: ${owned}`,
      `Pod ingress-nginx/ingress-nginx-admission-create-9njdn: ${owned}`, `Pod ingress-nginx/ingress-nginx-admission-patch-v2q8l: ${owned}`,
      `Pod ingress-nginx/ingress-nginx-controller-7799c6795f-gs6bm: ${owned}`,
      ...['coredns-5d78c9869d-hn7kp', 'etcd-minikube', 'kube-apiserver-minikube', 'kube-controller-manager-minikube', 'kube-proxy-n29nc',
        'kube-scheduler-minikube', 'metrics-server-7746886d4f-jzhhf', 'storage-provisioner'].map(p => `Pod kube-system/${p}: reserved-namespace`),
      'Service default/kubernetes: kubernetes-service', 'Service kube-system/kube-dns: reserved-namespace', 'Service kube-system/metrics-server: reserved-namespace',
      'DaemonSet.apps kube-system/kube-proxy: reserved-namespace',
      'Deployment.apps kube-system/coredns: reserved-namespace', 'Deployment.apps kube-system/metrics-server: reserved-namespace',
      `ReplicaSet.apps default/model-server-b884894f4: ${owned}`, `ReplicaSet.apps default/redis-db-96b87bcb6: ${owned}`,
      `ReplicaSet.apps default/web-server-5775b4b6bc: ${owned}`, `ReplicaSet.apps ingress-nginx/ingress-nginx-controller-7799c6795f: ${owned}`,
      'ReplicaSet.apps kube-system/coredns-5d78c9869d: reserved-namespace', 'ReplicaSet.apps kube-system/metrics-server-7746886d4f: reserved-namespace',
    ],
    // `kubectl get all` exports no ConfigMaps, claims or ServiceAccounts (nor Secrets, which stay unmanaged).
    missing: [
      'Deployment.apps default/model-server -> ConfigMap default/model-server-config', 'Deployment.apps default/model-server -> ConfigMap default/redis-config',
      'Deployment.apps default/redis-db -> PersistentVolumeClaim default/redis-pvc',
      'Deployment.apps default/web-server -> ConfigMap default/model-server-config', 'Deployment.apps default/web-server -> ConfigMap default/redis-config',
      'Deployment.apps ingress-nginx/ingress-nginx-controller -> ServiceAccount ingress-nginx/ingress-nginx',
      'Job.batch ingress-nginx/ingress-nginx-admission-create -> ServiceAccount ingress-nginx/ingress-nginx-admission',
      'Job.batch ingress-nginx/ingress-nginx-admission-patch -> ServiceAccount ingress-nginx/ingress-nginx-admission',
    ],
  },
  'list-get-all-default-minikube.yaml': {
    templates: ['Service default/classifier-service', 'Deployment.apps default/classifier-deployment'],
    dropped: [
      `Pod default/classifier-deployment-69dc975787-cw4m8: ${owned}`, 'Service default/kubernetes: kubernetes-service',
      `ReplicaSet.apps default/classifier-deployment-69dc975787: ${owned}`, `ReplicaSet.apps default/classifier-deployment-6cbcc458f4: ${owned}`,
    ],
  },
  'pod-owned-by-replicaset.json': { templates: [], dropped: [`Pod default/nginx-7fb78fb6d8-2w75j: ${owned}`] },
  'pvc-bound-minikube-hostpath.yaml': { templates: ['PersistentVolumeClaim redis/redis-data'], dropped: [] },
  'replicaset-owned-by-deployment.yaml': { templates: [], dropped: [`ReplicaSet.apps redis/redis-fd76f5747: ${owned}`] },
  'secret-service-account-token-redacted.yaml': { templates: [], dropped: ['Secret default/john-doe-token-n9w5x: service-account-token'] },
  'service-headless-clusterip-none.yaml': { templates: ['Service default/myappservice'], dropped: [] },
  'service-loadbalancer-metallb.yaml': { templates: ['Service default/drawio-service'], dropped: [] },
  'service-nodeport-multi-manager.yaml': { templates: ['Service default/multiple-protocol-port-svc'], dropped: [] },
  'serviceaccount-with-token-secret-ref.yaml': { templates: ['ServiceAccount default/john-doe'], dropped: [] },
  // its headless Service (spec.serviceName) was not exported with it.
  'statefulset-volumeclaimtemplates-openshift-console.yaml': { templates: ['StatefulSet.apps viyancs-test/mongo'], dropped: [],
    missing: ['StatefulSet.apps viyancs-test/mongo -> Service viyancs-test/mongo'] },
};

describe('the real exports, one by one', () => {
  test('the table covers every file of the fixtures folder', () => {
    expect(Object.keys(EXPECTED).sort()).toStrictEqual(FILES);
  });

  describe.each(FILES)('%s', file => {
    const inventory = Inventory.load([fixturePath(file)]);
    const expected = EXPECTED[file];

    test('loads, keeping and dropping the expected objects', () => {
      expect(inventory.templates.map(t => formatKey(t.key))).toStrictEqual(expected.templates);
      expect(inventory.dropped.map(d => `${formatKey(d.key)}: ${d.rule}`)).toStrictEqual(expected.dropped);
      expect(inventory.warnings).toHaveLength(expected.warnings ?? 0);
      expect(inventory.missingDependencies().map(m => `${formatKey(m.dependent)} -> ${formatKey(m.dependency.key)}`)).toStrictEqual(expected.missing ?? []);
    });

    test('its templates contain no field of the strip list', () => {
      for (const t of inventory.templates) expect([formatKey(t.key), strippedFieldsLeft(t.object)]).toStrictEqual([formatKey(t.key), []]);
    });

    test('its result is pinned', () => {
      expect({
        // compact: what cleaning leaves of the metadata, and which top-level fields remain.
        templates: inventory.templates.map(t => ({
          key: formatKey(t.key), line: t.source.line, metadata: t.object.metadata, fields: Object.keys(t.object).sort(),
        })),
        dropped: inventory.dropped.map(d => `${formatKey(d.key)} (line ${d.source.line}): ${d.rule}: ${d.reason}`),
        warnings: inventory.warnings.map(w => w.message),
        dependencies: inventory.templates.flatMap(t => inventory.dependencies(t.key).map(d => `${formatKey(t.key)} -> ${formatKey(d.key)} at ${d.paths.join(', ')}`)),
      }).toMatchSnapshot();
    });
  });
});

describe('the strip-list check itself', () => {
  test('finds server fields in a raw export', () => {
    // GIVEN the raw Job export (not cleaned) THEN the check sees what cleaning removes
    const raw = JSON.parse(fs.readFileSync(fixturePath('job-owned-by-cronjob.json'), 'utf8')) as KubeObject;
    expect(strippedFieldsLeft(raw)).toStrictEqual(expect.arrayContaining([
      'metadata.uid', 'metadata.ownerReferences', 'status', 'spec.selector.matchLabels.controller-uid', 'spec.template.metadata.labels.job-name',
    ]));
  });
});
