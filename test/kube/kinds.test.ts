import { BUILTIN_KINDS, builtinScope, isClusterScoped } from '../../src/kube/kinds';

describe('isClusterScoped', () => {
  test.each([
    ['v1', ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus']],
    ['rbac.authorization.k8s.io/v1', ['ClusterRole', 'ClusterRoleBinding']],
    ['networking.k8s.io/v1', ['IngressClass']],
    ['storage.k8s.io/v1', ['StorageClass', 'CSIDriver', 'VolumeAttachment']],
    ['apiextensions.k8s.io/v1', ['CustomResourceDefinition']],
    ['admissionregistration.k8s.io/v1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
    ['scheduling.k8s.io/v1', ['PriorityClass']],
    ['node.k8s.io/v1', ['RuntimeClass']],
    ['apiregistration.k8s.io/v1', ['APIService']],
    ['certificates.k8s.io/v1', ['CertificateSigningRequest']],
    ['flowcontrol.apiserver.k8s.io/v1', ['FlowSchema', 'PriorityLevelConfiguration']],
  ])('knows the cluster-scoped kinds of %s', (apiVersion, kinds) => {
    // GIVEN built-in cluster-scoped kinds THEN each is cluster-scoped
    for (const kind of kinds) expect([kind, isClusterScoped(apiVersion, kind)]).toStrictEqual([kind, true]);
  });

  test.each([
    ['v1', ['Pod', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Endpoints', 'Event', 'LimitRange',
      'ResourceQuota', 'ReplicationController', 'PodTemplate']],
    ['apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision']],
    ['batch/v1', ['Job', 'CronJob']],
    ['autoscaling/v2', ['HorizontalPodAutoscaler']],
    ['networking.k8s.io/v1', ['Ingress', 'NetworkPolicy']],
    ['policy/v1', ['PodDisruptionBudget']],
    ['rbac.authorization.k8s.io/v1', ['Role', 'RoleBinding']],
    ['coordination.k8s.io/v1', ['Lease']],
    ['discovery.k8s.io/v1', ['EndpointSlice']],
    ['events.k8s.io/v1', ['Event']],
  ])('knows the namespaced kinds of %s', (apiVersion, kinds) => {
    // GIVEN built-in namespaced kinds THEN none is cluster-scoped
    for (const kind of kinds) expect([kind, isClusterScoped(apiVersion, kind)]).toStrictEqual([kind, false]);
  });

  test('ignores the version: old apiVersions have the same scope', () => {
    // GIVEN old apiVersions of known kinds THEN the scope is the group's
    expect(isClusterScoped('batch/v1beta1', 'CronJob')).toBe(false);
    expect(isClusterScoped('extensions/v1beta1', 'Ingress')).toBe(false);
    expect(isClusterScoped('rbac.authorization.k8s.io/v1beta1', 'ClusterRole')).toBe(true);
  });

  test('returns undefined for kinds that are not built in', () => {
    // GIVEN custom kinds THEN the scope is unknown
    expect(isClusterScoped('example.com/v1', 'Widget')).toBeUndefined();
    expect(isClusterScoped('policy.karmada.io/v1alpha1', 'PropagationPolicy')).toBeUndefined();
    // a kind of the core group under another group is another kind.
    expect(isClusterScoped('example.com/v1', 'Namespace')).toBeUndefined();
  });

  test('lists each group and kind once', () => {
    // GIVEN the table THEN no group and kind is listed twice
    const keys = BUILTIN_KINDS.map(k => `${k.group}/${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(builtinScope('apps', 'Deployment')).toBe('Namespaced');
  });
});
