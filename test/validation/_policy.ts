// the takeover policy both rule suites start from.
import { KubeObject } from '../../src/kube/object';

/** plain JSON, for policy fragments. */
export type Json = Record<string, unknown>;

/**
 * A takeover policy that Karmada admits and that passes every migration rule, with `spec`
 * merged over it (the webhook suite builds on it too: `preemption: Never` is its default).
 */
export function policy(spec: Json = {}, kind = 'PropagationPolicy', metadata: Json = { name: 'p', namespace: 'default' }): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind,
    metadata: metadata as KubeObject['metadata'],
    spec: {
      conflictResolution: 'Overwrite',
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      preemption: 'Never',
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }],
      ...spec,
    },
  };
}
