// private: the Go type of PropagationSpec with its JSON tags, karmada v1.18.2
// pkg/apis/policy/v1alpha1/propagation_types.go (and the k8s.io/api types it embeds:
// metav1.LabelSelector, corev1.NodeSelectorRequirement, corev1.Toleration).

import { go, GoField, GoType } from '../kube/go-json';

const labelSelector = go.struct('LabelSelector', {
  'matchLabels,omitempty': go.map(go.string),
  'matchExpressions,omitempty': go.slice(go.struct('LabelSelectorRequirement', {
    'key': go.string,
    'operator': go.string,
    'values,omitempty': go.slice(go.string),
  })),
});

const fieldSelector = go.struct('FieldSelector', {
  'matchExpressions,omitempty': go.slice(go.struct('NodeSelectorRequirement', {
    'key': go.string,
    'operator': go.string,
    'values,omitempty': go.slice(go.string),
  })),
});

const clusterAffinity = go.struct('ClusterAffinity', {
  'labelSelector,omitempty': go.ptr(labelSelector),
  'fieldSelector,omitempty': go.ptr(fieldSelector),
  'clusterNames,omitempty': go.slice(go.string),
  'exclude,omitempty': go.slice(go.string),
});

function fieldsOf(t: GoType): readonly GoField[] {
  if (t.kind !== 'struct') throw new Error(`${t.kind} is not a struct`);
  return t.fields;
}

// an inline (embedded) struct contributes its fields in place.
const overflowClusterAffinity = go.struct('OverflowClusterAffinity', { 'affinityName': go.string }, fieldsOf(clusterAffinity));

const clusterAffinityTerm = go.struct(
  'ClusterAffinityTerm',
  { 'affinityName': go.string },
  fieldsOf(clusterAffinity),
  { 'overflowAffinities,omitempty': go.slice(overflowClusterAffinity) },
);

const toleration = go.struct('Toleration', {
  'key,omitempty': go.string,
  'operator,omitempty': go.string,
  'value,omitempty': go.string,
  'effect,omitempty': go.string,
  'tolerationSeconds,omitempty': go.ptr(go.int64),
});

const placement = go.struct('Placement', {
  'clusterAffinity,omitempty': go.ptr(clusterAffinity),
  'clusterAffinities,omitempty': go.slice(clusterAffinityTerm),
  'clusterTolerations,omitempty': go.slice(toleration),
  'spreadConstraints,omitempty': go.slice(go.struct('SpreadConstraint', {
    'spreadByField,omitempty': go.string,
    'spreadByLabel,omitempty': go.string,
    'maxGroups,omitempty': go.int64,
    'minGroups,omitempty': go.int64,
  })),
  'replicaScheduling,omitempty': go.ptr(go.struct('ReplicaSchedulingStrategy', {
    'replicaSchedulingType,omitempty': go.string,
    'replicaDivisionPreference,omitempty': go.string,
    'weightPreference,omitempty': go.ptr(go.struct('ClusterPreferences', {
      'staticWeightList,omitempty': go.slice(go.struct('StaticClusterWeight', {
        'targetCluster': clusterAffinity,
        'weight': go.int64,
      })),
      'dynamicWeight,omitempty': go.string,
    })),
  })),
  'workloadAffinity,omitempty': go.ptr(go.struct('WorkloadAffinity', {
    'affinity,omitempty': go.ptr(go.struct('WorkloadAffinityTerm', { 'groupByLabelKey': go.string })),
    'antiAffinity,omitempty': go.ptr(go.struct('WorkloadAntiAffinityTerm', { 'groupByLabelKey': go.string })),
  })),
});

const statePreservation = go.struct('StatePreservation', {
  'rules': go.slice(go.struct('StatePreservationRule', {
    'aliasLabelName': go.string,
    'jsonPath': go.string,
  })),
});

const failover = go.struct('FailoverBehavior', {
  'application,omitempty': go.ptr(go.struct('ApplicationFailoverBehavior', {
    'decisionConditions': go.struct('DecisionConditions', { 'tolerationSeconds,omitempty': go.ptr(go.int32) }),
    'purgeMode,omitempty': go.string,
    'gracePeriodSeconds,omitempty': go.ptr(go.int32),
    'statePreservation,omitempty': go.ptr(statePreservation),
  })),
  'cluster,omitempty': go.ptr(go.struct('ClusterFailoverBehavior', {
    'purgeMode,omitempty': go.string,
    'statePreservation,omitempty': go.ptr(statePreservation),
  })),
});

/** `policyv1alpha1.PropagationSpec`, shared by PropagationPolicy and ClusterPropagationPolicy. */
export const PROPAGATION_SPEC: GoType = go.struct('PropagationSpec', {
  'resourceSelectors': go.slice(go.struct('ResourceSelector', {
    'apiVersion': go.string,
    'kind': go.string,
    'namespace,omitempty': go.string,
    'name,omitempty': go.string,
    'labelSelector,omitempty': go.ptr(labelSelector),
  })),
  'association,omitempty': go.bool,
  'propagateDeps,omitempty': go.bool,
  'placement,omitempty': placement,
  'priority,omitempty': go.ptr(go.int32),
  'preemption,omitempty': go.string,
  'dependentOverrides,omitempty': go.slice(go.string),
  'schedulerName,omitempty': go.string,
  'failover,omitempty': go.ptr(failover),
  'conflictResolution,omitempty': go.string,
  'activationPreference,omitempty': go.string,
  'suspension,omitempty': go.ptr(go.struct('Suspension', {
    'dispatching,omitempty': go.ptr(go.bool),
    'dispatchingOnClusters,omitempty': go.ptr(go.struct('SuspendClusters', { 'clusterNames,omitempty': go.slice(go.string) })),
  })),
  'preserveResourcesOnDeletion,omitempty': go.ptr(go.bool),
  'schedulePriority,omitempty': go.ptr(go.struct('SchedulePriority', {
    'priorityClassSource': go.string,
    'priorityClassName': go.string,
  })),
});
