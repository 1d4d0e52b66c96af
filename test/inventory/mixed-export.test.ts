// the mixed export of test/fixtures: a whole application namespace as `kubectl get -o yaml` prints it.
import * as path from 'path';
import { RETAIN_REPLICAS_LABEL } from '../../src/inventory/hpa';
import { Inventory } from '../../src/inventory/inventory';
import { SecretPolicy } from '../../src/inventory/secrets';
import { formatKey, ObjectKey } from '../../src/kube/object';

const FILE = path.join(__dirname, '..', 'fixtures', 'mixed-export.yaml');

const shop = (group: string, kind: string, name: string): ObjectKey => ({ group, kind, namespace: 'shop', name });

describe('the mixed export', () => {
  const inventory = Inventory.load([FILE]);

  test('yields exactly the templates a migration may take over', () => {
    expect(inventory.templates.map(t => formatKey(t.key))).toStrictEqual([
      'ConfigMap shop/report-config',
      'ConfigMap shop/web-config',
      'PersistentVolumeClaim shop/db-backup',
      'Service shop/db',
      'Service shop/web',
      'ServiceAccount shop/web',
      'Deployment.apps shop/api',
      'Deployment.apps shop/web',
      'StatefulSet.apps shop/db',
      'HorizontalPodAutoscaler.autoscaling shop/api',
      'HorizontalPodAutoscaler.autoscaling shop/db',
      'CronJob.batch shop/report',
      'Ingress.networking.k8s.io shop/web',
    ]);
    expect(inventory.namespaces).toStrictEqual(['shop']);
  });

  test('drops the rest, each with its rule and reason', () => {
    const owned = (kind: string, name: string) => `controller-owned: owned by its controller ${kind} ${name}, which re-creates it: take over the ${kind} instead`;
    const claim = 'statefulset-claim: made by its StatefulSet db from the volumeClaimTemplate data, which re-creates it for its pod: ' +
      'take over the StatefulSet instead; the claim and its volume stay on the cluster as they are';
    const unmanaged = (by: string) => `secret-unmanaged: Secret left unmanaged in the member cluster (secrets: Unmanaged); referenced by: ${by}`;
    expect(inventory.dropped.map(d => [formatKey(d.key), `${d.rule}: ${d.reason}`])).toStrictEqual([
      ['ConfigMap shop/kube-root-ca.crt', "kube-root-ca: kube-root-ca.crt is published in every namespace by the cluster and holds that cluster's CA"],
      ['Endpoints shop/web', 'endpoints: Endpoints are written by the control plane from the Service of the same name. ' +
        'Note: for a Service without a selector they were written by hand; they stay on the cluster as they are, outside Karmada'],
      ['Namespace shop', 'namespace: handled by the Namespace rule: a Namespace is never taken over with Overwrite (deleting it in Karmada deletes everything in it)'],
      ['PersistentVolumeClaim shop/data-db-0', claim],
      ['PersistentVolumeClaim shop/data-db-1', claim],
      ['Pod shop/api-5f9b8c7d6-q9w8e', owned('ReplicaSet', 'api-5f9b8c7d6')],
      ['Pod shop/db-0', owned('StatefulSet', 'db')],
      ['Pod shop/report-28606200-m4n5b', owned('Job', 'report-28606200')],
      ['Pod shop/web-6d4cf56db6-x7k2p', owned('ReplicaSet', 'web-6d4cf56db6')],
      ['Secret shop/regcred', unmanaged('Deployment.apps shop/web, StatefulSet.apps shop/db')],
      ['Secret shop/shop-tls', unmanaged('Ingress.networking.k8s.io shop/web')],
      ['Secret shop/web-env', unmanaged('Deployment.apps shop/web')],
      ['Secret shop/web-token-8kx2m', 'service-account-token: service account token Secrets are filled in by the cluster that holds them'],
      ['ServiceAccount shop/default', 'default-service-account: the default ServiceAccount is created in every namespace by the cluster'],
      ['ControllerRevision.apps shop/db-7b9c8d6f5', 'cluster-made-kind: ControllerRevision.apps objects are revision history written by the DaemonSet and StatefulSet controllers'],
      ['ReplicaSet.apps shop/api-5f9b8c7d6', owned('Deployment', 'api')],
      ['ReplicaSet.apps shop/web-6d4cf56db6', owned('Deployment', 'web')],
      ['Job.batch shop/report-28606140', owned('CronJob', 'report')],
      ['Job.batch shop/report-28606200', owned('CronJob', 'report')],
      ['EndpointSlice.discovery.k8s.io shop/web-k2v9d', owned('Service', 'web')],
    ]);
  });

  test('warns about the autoscaled StatefulSet, and labels the autoscaled Deployment', () => {
    expect(inventory.warnings).toStrictEqual([{
      key: shop('autoscaling', 'HorizontalPodAutoscaler', 'db'),
      source: { file: FILE, document: 0, documents: 1, line: 357 },
      message: 'HorizontalPodAutoscaler.autoscaling shop/db scales StatefulSet.apps shop/db: Karmada keeps the live replica count only for Deployments ' +
        `(${RETAIN_REPLICAS_LABEL}), so a takeover writes spec.replicas (2) back at every sync and fights the autoscaler; leave it out of the takeovers, ` +
        'or add a replica retention for the kind (a ResourceInterpreterCustomization with retention)',
    }]);
    const api = inventory.find(shop('apps', 'Deployment', 'api'))!.object;
    expect(api.metadata.labels).toStrictEqual({ app: 'api', [RETAIN_REPLICAS_LABEL]: 'true' });
    expect(api.metadata.annotations).toBeUndefined();
    expect((api.spec as { replicas: number }).replicas).toBe(5);
    expect(inventory.find(shop('apps', 'Deployment', 'web'))!.object.metadata.labels).toStrictEqual({ app: 'web' });
  });

  test('finds the dependencies of each template', () => {
    const deps = Object.fromEntries(inventory.templates
      .filter(t => inventory.dependencies(t.key).length > 0)
      .map(t => [formatKey(t.key), inventory.dependencies(t.key).map(d => `${formatKey(d.key)}${d.optional ? ' (optional)' : ''}`)]));
    expect(deps).toStrictEqual({
      'Deployment.apps shop/api': ['ConfigMap shop/api-overrides (optional)', 'ConfigMap shop/feature-flags'],
      'Deployment.apps shop/web': ['ConfigMap shop/web-config', 'Secret shop/regcred', 'Secret shop/web-env', 'ServiceAccount shop/web'],
      // the claims of its volumeClaimTemplate (data-db-0, data-db-1) are not dependencies.
      // and its Service (spec.serviceName), which Karmada does not follow but the pods' DNS names need.
      'StatefulSet.apps shop/db': ['PersistentVolumeClaim shop/db-backup', 'Secret shop/regcred', 'Service shop/db'],
      'CronJob.batch shop/report': ['ConfigMap shop/report-config'],
      'Ingress.networking.k8s.io shop/web': ['Secret shop/shop-tls'],
    });
    expect(inventory.dependencies(shop('apps', 'Deployment', 'web')).find(d => d.key.name === 'web-config')?.paths).toStrictEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name', 'spec.template.spec.volumes[0].configMap.name',
    ]);
    expect(inventory.referencedBy(shop('', 'Secret', 'regcred')).map(formatKey)).toStrictEqual(['Deployment.apps shop/web', 'StatefulSet.apps shop/db']);
    expect(inventory.referencedBy(shop('', 'ConfigMap', 'nothing'))).toStrictEqual([]);
  });

  test('reports the one required dependency the export lacks; the optional one and the unmanaged Secrets are not', () => {
    expect(inventory.missingDependencies()).toStrictEqual([{
      dependent: shop('apps', 'Deployment', 'api'),
      source: { file: FILE, document: 0, documents: 1, line: 202 },
      dependency: {
        key: shop('', 'ConfigMap', 'feature-flags'),
        paths: ['spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
        optional: false,
      },
    }]);
  });

  test('cleans the templates and keeps what must not change', () => {
    const web = inventory.find(shop('apps', 'Deployment', 'web'))!.object as unknown as Record<string, Record<string, unknown>>;
    expect(web.metadata).toStrictEqual({ name: 'web', namespace: 'shop', labels: { app: 'web' } });
    expect(web.spec.replicas).toBe(3);
    expect((web.spec.template as { metadata: unknown }).metadata).toStrictEqual({ annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-14T08:00:00Z' }, labels: { app: 'web' } });
    expect(inventory.find(shop('', 'Service', 'web'))!.object.spec).not.toHaveProperty('clusterIP');
    expect((inventory.find(shop('', 'Service', 'db'))!.object.spec as { clusterIP: string }).clusterIP).toBe('None');
    expect(inventory.find(shop('', 'ServiceAccount', 'web'))!.object).toStrictEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } });
    const backup = inventory.find(shop('', 'PersistentVolumeClaim', 'db-backup'))!.object;
    expect(backup.metadata).toStrictEqual({ name: 'db-backup', namespace: 'shop' });
    expect((backup.spec as { volumeName: string }).volumeName).toBe('pvc-5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e22');
    expect(inventory.find(shop('autoscaling', 'HorizontalPodAutoscaler', 'db'))!.object.metadata).toStrictEqual({ name: 'db', namespace: 'shop' });
    const db = inventory.find(shop('apps', 'StatefulSet', 'db'))!.object as unknown as { spec: { volumeClaimTemplates: unknown[] } };
    expect(db.spec.volumeClaimTemplates).toStrictEqual([{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' } }]);
  });

  test('with secrets: Plaintext, the Secrets are templates with their data, but the token Secret is still dropped', () => {
    // WHEN the export is loaded with the plaintext policy
    const plaintext = Inventory.load([FILE], { secrets: SecretPolicy.PLAINTEXT });

    // THEN the three user Secrets are templates and nothing is missing
    expect(plaintext.secrets).toBe(SecretPolicy.PLAINTEXT);
    expect(plaintext.byGroupKind('', 'Secret').map(t => t.key.name)).toStrictEqual(['regcred', 'shop-tls', 'web-env']);
    expect(plaintext.find(shop('', 'Secret', 'web-env'))!.object.data).toStrictEqual({
      DATABASE_URL: 'cG9zdGdyZXM6Ly93ZWI6d2ViQGRiOjU0MzIvc2hvcA==', SESSION_KEY: 'bm90LWEtcmVhbC1rZXk=',
    });
    expect(plaintext.dropped.filter(d => d.key.kind === 'Secret').map(d => `${d.key.name} ${d.rule}`)).toStrictEqual(['web-token-8kx2m service-account-token']);
    expect(plaintext.missingDependencies().map(m => formatKey(m.dependency.key))).toStrictEqual(['ConfigMap shop/feature-flags']);
  });
});
