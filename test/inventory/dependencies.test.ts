import { DEPENDENT_KINDS, dependenciesOf, findDependencies, findReferences } from '../../src/inventory/dependencies';
import { claimTemplateOf, statefulSetClaimMatcher } from '../../src/inventory/statefulset-claims';
import { formatKey, KubeObject } from '../../src/kube/object';
import { fixture, listItem, DEFAULT_NAMESPACE } from './fixtures';

// a workload of a kind with the pod spec given, in namespace shop.
function workload(apiVersion: string, kind: string, podSpec: Record<string, unknown>, name = 'app'): KubeObject {
  const template = { metadata: { labels: { app: name } }, spec: podSpec };
  const spec = kind === 'Pod' ? podSpec
    : kind === 'CronJob' ? { schedule: '* * * * *', jobTemplate: { spec: { template } } }
      : { selector: { matchLabels: { app: name } }, template };
  return { apiVersion, kind, metadata: { name, namespace: 'shop' }, spec };
}

// `Kind ns/name at path[, path] (optional)` for each dependency.
function listDependencies(obj: KubeObject): string[] {
  return findDependencies(obj).map(d => `${formatKey(d.key)} at ${d.paths.join(', ')}${d.optional ? ' (optional)' : ''}`);
}

describe('findDependencies: pod templates', () => {
  test('finds ConfigMaps in env, envFrom, volumes and projected volumes of every container type', () => {
    // GIVEN a Deployment naming ConfigMaps in an init container, a container, an ephemeral container and volumes
    const deployment = workload('apps/v1', 'Deployment', {
      initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
      containers: [{ name: 'main', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a' } } }, { name: 'B', value: 'b' }] }],
      ephemeralContainers: [{ name: 'debug', env: [{ name: 'C', valueFrom: { configMapKeyRef: { name: 'debug-settings', key: 'c' } } }] }],
      volumes: [
        { name: 'conf', configMap: { name: 'settings' } },
        { name: 'all', projected: { sources: [{ configMap: { name: 'bundle' } }, { serviceAccountToken: { path: 'token' } }] } },
      ],
    });

    // WHEN its dependencies are found THEN each ConfigMap is there once, with every place that names it
    expect(listDependencies(deployment)).toStrictEqual([
      'ConfigMap shop/bundle at spec.template.spec.volumes[1].projected.sources[0].configMap.name',
      'ConfigMap shop/debug-settings at spec.template.spec.ephemeralContainers[0].env[0].valueFrom.configMapKeyRef.name',
      'ConfigMap shop/init-env at spec.template.spec.initContainers[0].envFrom[0].configMapRef.name',
      'ConfigMap shop/settings at spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name, spec.template.spec.volumes[0].configMap.name',
    ]);
  });

  test('finds Secrets in imagePullSecrets, env, envFrom, secret, projected and driver volumes', () => {
    // GIVEN a pod spec naming Secrets in every place VisitPodSecretNames visits
    const volumes = [
      { name: 's', secret: { secretName: 'volume' } },
      { name: 'p', projected: { sources: [{ secret: { name: 'projected' } }] } },
      { name: 'az', azureFile: { secretName: 'azure', shareName: 'x' } },
      { name: 'ceph', cephfs: { monitors: ['m'], secretRef: { name: 'ceph' } } },
      { name: 'cin', cinder: { volumeID: 'v', secretRef: { name: 'cinder' } } },
      { name: 'flex', flexVolume: { driver: 'd', secretRef: { name: 'flex' } } },
      { name: 'rbd', rbd: { monitors: ['m'], image: 'i', secretRef: { name: 'rbd' } } },
      { name: 'sio', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'scaleio' } } },
      { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0, secretRef: { name: 'iscsi' } } },
      { name: 'sos', storageos: { volumeName: 'v', secretRef: { name: 'storageos' } } },
      { name: 'csi', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi' } } },
    ];
    const pod = workload('v1', 'Pod', {
      imagePullSecrets: [{ name: 'pull' }],
      containers: [{ name: 'main', envFrom: [{ secretRef: { name: 'env-from' } }], env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'env', key: 'x' } } }] }],
      volumes,
    });

    // WHEN its dependencies are found THEN every Secret is there, the Pod's spec being the pod spec
    expect(dependenciesOf(pod).map(formatKey)).toStrictEqual([
      'azure', 'ceph', 'cinder', 'csi', 'env', 'env-from', 'flex', 'iscsi', 'projected', 'pull', 'rbd', 'scaleio', 'storageos', 'volume',
    ].map(n => `Secret shop/${n}`));
    expect(findDependencies(pod).find(d => d.key.name === 'azure')?.paths).toStrictEqual(['spec.volumes[2].azureFile.secretName']);
    expect(findDependencies(pod).find(d => d.key.name === 'csi')?.paths).toStrictEqual(['spec.volumes[10].csi.nodePublishSecretRef.name']);
  });

  test('finds the ServiceAccount unless it is empty or default, and PersistentVolumeClaims', () => {
    // GIVEN DaemonSets using a custom ServiceAccount, default, and none
    const custom = workload('apps/v1', 'DaemonSet', { serviceAccountName: 'agent', volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'state' } }] });
    const byDefault = workload('apps/v1', 'DaemonSet', { serviceAccountName: 'default', serviceAccount: 'default' });
    const none = workload('apps/v1', 'DaemonSet', { serviceAccountName: '' });

    // WHEN their dependencies are found THEN only the custom ServiceAccount and the claim are
    expect(listDependencies(custom)).toStrictEqual([
      'PersistentVolumeClaim shop/state at spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
      'ServiceAccount shop/agent at spec.template.spec.serviceAccountName',
    ]);
    expect(findDependencies(byDefault)).toStrictEqual([]);
    expect(findDependencies(none)).toStrictEqual([]);
  });

  test('a dependency is optional only when every reference to it is', () => {
    // GIVEN optional references, and a ConfigMap named optionally once and required once
    const job = workload('batch/v1', 'Job', {
      containers: [{
        name: 'main',
        envFrom: [{ configMapRef: { name: 'opt', optional: true } }, { secretRef: { name: 'opt-secret', optional: true } }],
        env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'both', key: 'a', optional: true } } }],
      }],
      volumes: [
        { name: 'b', configMap: { name: 'both' } },
        { name: 's', secret: { secretName: 'opt-volume', optional: true } },
        { name: 'p', projected: { sources: [{ configMap: { name: 'opt-projected', optional: true } }] } },
      ],
    });

    // WHEN its dependencies are found THEN the mixed one is required
    expect(listDependencies(job)).toStrictEqual([
      'ConfigMap shop/both at spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name, spec.template.spec.volumes[0].configMap.name',
      'ConfigMap shop/opt at spec.template.spec.containers[0].envFrom[0].configMapRef.name (optional)',
      'ConfigMap shop/opt-projected at spec.template.spec.volumes[2].projected.sources[0].configMap.name (optional)',
      'Secret shop/opt-secret at spec.template.spec.containers[0].envFrom[1].secretRef.name (optional)',
      'Secret shop/opt-volume at spec.template.spec.volumes[1].secret.secretName (optional)',
    ]);
  });

  test('reads the job template of a CronJob, and a ReplicaSet, and both groups of old kinds', () => {
    // GIVEN a CronJob, a ReplicaSet and an extensions/v1beta1 Deployment
    const cron = workload('batch/v1', 'CronJob', { containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'cron' } }] }] });
    const rs = workload('apps/v1', 'ReplicaSet', { serviceAccountName: 'rs' });
    const old = workload('extensions/v1beta1', 'Deployment', { imagePullSecrets: [{ name: 'old' }] });

    // THEN each pod template is read where the kind keeps it
    expect(listDependencies(cron)).toStrictEqual(['ConfigMap shop/cron at spec.jobTemplate.spec.template.spec.containers[0].envFrom[0].configMapRef.name']);
    expect(listDependencies(rs)).toStrictEqual(['ServiceAccount shop/rs at spec.template.spec.serviceAccountName']);
    expect(listDependencies(old)).toStrictEqual(['Secret shop/old at spec.template.spec.imagePullSecrets[0].name']);
    expect(DEPENDENT_KINDS).toContain('CronJob.batch');
  });

  test('leaves out the claims of a StatefulSet\'s volumeClaimTemplates, keeps its other claims', () => {
    // GIVEN a StatefulSet mounting a placeholder for its template, a claim made from it and a claim of its own
    const sts: KubeObject = {
      ...workload('apps/v1', 'StatefulSet', {
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'pinned', persistentVolumeClaim: { claimName: 'data-db-0' } },
          { name: 'other', persistentVolumeClaim: { claimName: 'data-dbx-0' } },
          { name: 'backup', persistentVolumeClaim: { claimName: 'backup' } },
        ],
      }, 'db'),
    };
    (sts.spec as Record<string, unknown>).volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: {} }];

    // WHEN its dependencies are found THEN only the claims not made from the template are
    expect(dependenciesOf(sts).map(k => k.name)).toStrictEqual(['backup', 'data-dbx-0']);
    expect(claimTemplateOf('data-db-12', sts)).toBe('data');
    expect(claimTemplateOf('data-db-01', sts)).toBeUndefined();
    expect(claimTemplateOf('data-db-', sts)).toBeUndefined();
  });

  test('a Deployment mounting a claim named like a StatefulSet\'s keeps it', () => {
    // GIVEN a Deployment (not a StatefulSet) mounting data-db-0 WHEN its dependencies are found THEN the claim is one
    const deployment = workload('apps/v1', 'Deployment', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data-db-0' } }] });
    expect(dependenciesOf(deployment).map(k => k.name)).toStrictEqual(['data-db-0']);
  });

  test('finds the TLS Secrets of an Ingress, skipping an empty one', () => {
    // GIVEN the real Ingress export, and one whose second TLS entry has no secret (the controller's default)
    const live = fixture('ingress-nginx-with-status.yaml');
    const ingress: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'shop' },
      spec: { tls: [{ hosts: ['a'], secretName: 'a-tls' }, { hosts: ['b'] }, 'junk'] } };

    // THEN each secretName is a dependency
    expect(listDependencies(live)).toStrictEqual([`Secret ${live.metadata.namespace}/${(live.spec as { tls: Array<{ secretName: string }> }).tls[0].secretName} at spec.tls[0].secretName`]);
    expect(listDependencies(ingress)).toStrictEqual(['Secret shop/a-tls at spec.tls[0].secretName']);
  });

  test('finds the projected kube-root-ca.crt and token Secret of a real Pod', () => {
    // GIVEN the Pod of the `kubectl get all` export WHEN its dependencies are found THEN the cluster-made ConfigMap is one
    const pod = listItem(DEFAULT_NAMESPACE, 'Pod', 'default', 'classifier-deployment-69dc975787-cw4m8');
    expect(dependenciesOf(pod).map(formatKey)).toStrictEqual(['ConfigMap default/kube-root-ca.crt']);
  });
});

describe('findDependencies: anything else', () => {
  test.each([
    ['a Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { selector: { app: 's' } } }],
    ['a custom Deployment kind', { ...workload('apps/v1', 'Deployment', { serviceAccountName: 'x' }), apiVersion: 'example.com/v1' }],
    ['a Deployment without spec', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' } }],
    ['a Deployment whose template is a string', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' }, spec: { template: 'x' } }],
    ['a pod spec of the wrong types', workload('v1', 'Pod', {
      imagePullSecrets: 'x', containers: [null, 3, { envFrom: 'x', env: [{ valueFrom: { secretKeyRef: { name: 5 } } }] }],
      volumes: [{ configMap: 'x', secret: { secretName: '' }, projected: { sources: 'x' } }], serviceAccountName: 7,
    })],
  ])('finds nothing in %s', (_, obj) => {
    // GIVEN an object that names nothing Karmada's interpreter reads WHEN its dependencies are found THEN there are none
    expect(findDependencies(obj as KubeObject)).toStrictEqual([]);
  });
});

describe('statefulSetClaimMatcher', () => {
  test('matches the claims a StatefulSet of the same namespace made from its templates', () => {
    // GIVEN the real StatefulSet export (template `mongodb-persistent-storage-claim`) and claims
    const sts = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    const ns = sts.metadata.namespace!;
    const claim = (name: string, namespace = ns): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace } });
    const match = statefulSetClaimMatcher([sts]);

    // THEN only `<template>-<statefulset>-<ordinal>` in its namespace is its
    expect(match(claim('mongodb-persistent-storage-claim-mongo-2'))).toStrictEqual({
      rule: 'statefulset-claim',
      reason: 'made by its StatefulSet mongo from the volumeClaimTemplate mongodb-persistent-storage-claim, which re-creates it for its pod: ' +
        'take over the StatefulSet instead; the claim and its volume stay on the cluster as they are',
    });
    expect(match(claim('mongodb-persistent-storage-claim-mongo-2', 'other'))).toBeUndefined();
    expect(match(claim('mongodb-persistent-storage-claim'))).toBeUndefined();
    expect(match(claim('mongodb-persistent-storage-claim-mongo-x'))).toBeUndefined();
    expect(match({ ...claim('mongodb-persistent-storage-claim-mongo-0'), kind: 'ConfigMap' })).toBeUndefined();
  });
});

describe('findReferences: what Karmada does not follow but the member cluster needs', () => {
  const list = (obj: KubeObject) => findReferences(obj).map(d => `${formatKey(d.key)} at ${d.paths.join(', ')}${d.notPropagated ? ' (not propagated)' : ''}`);

  test('a StatefulSet\'s serviceName, besides what its pod template names', () => {
    const sts = workload('apps/v1', 'StatefulSet', { containers: [{ name: 'db', envFrom: [{ configMapRef: { name: 'db-conf' } }] }] }, 'db');
    const withService: KubeObject = { ...sts, spec: { ...(sts.spec as object), serviceName: 'db-headless' } };
    expect(list(withService)).toStrictEqual(['ConfigMap shop/db-conf at spec.template.spec.containers[0].envFrom[0].configMapRef.name',
      'Service shop/db-headless at spec.serviceName (not propagated)']);
    expect(findDependencies(withService).map(d => d.key.kind)).toStrictEqual(['ConfigMap']);
    expect(list(sts)).toStrictEqual(['ConfigMap shop/db-conf at spec.template.spec.containers[0].envFrom[0].configMapRef.name']);
  });

  test('the ServiceAccounts a binding grants to, in their namespace; not default, not in a namespace Karmada never propagates, not users or groups', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
      { kind: 'ServiceAccount', name: 'web' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'shop' },
      { kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' },
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };
    const rb: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'view', namespace: 'shop' }, roleRef, subjects } as KubeObject;
    const crb: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'view' }, roleRef, subjects } as KubeObject;
    expect(list(rb)).toStrictEqual(['ServiceAccount monitoring/prometheus at subjects[0].name (not propagated)', 'ServiceAccount shop/web at subjects[1].name (not propagated)']);
    // a ClusterRoleBinding's subject without a namespace is invalid: nothing to look for
    expect(list(crb)).toStrictEqual(['ServiceAccount monitoring/prometheus at subjects[0].name (not propagated)']);
    expect(findDependencies(rb)).toStrictEqual([]);
  });
});
