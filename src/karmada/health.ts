// karmada v1.18.2 and Argo CD v3.5.1: the health Argo CD shows for a resource template in the
// Karmada API server once Karmada has applied it. Argo CD computes health from the template
// itself (argoproj/argo-cd gitops-engine/pkg/health/health.go: GetHealthCheckFunc for the built-in
// kinds; resource_customizations/<group>/<Kind>/health.lua for the others), and the template only
// has the status Karmada aggregates into it (pkg/controllers/status/common.go: updateResourceStatus,
// only for a GVK with an AggregateStatus hook; the native hooks in
// pkg/resourceinterpreter/default/native/aggregatestatus.go and reflectstatus.go, the third-party
// ones in pkg/resourceinterpreter/default/thirdparty/resourcecustomizations/).
import { builtinScope } from '../kube/kinds';
import { child, isJsonObject, str, stringMap } from '../kube/json';
import { RETAIN_REPLICAS_TEMPLATE_LABEL } from './retain';

/**
 * What Argo CD's health of a template in Karmada becomes, when it is not simply right.
 *
 * - `progressing-forever`: Progressing however healthy the member object is (a StatefulSet,
 *   a PodDisruptionBudget, a HorizontalPodAutoscaler, a running bare Pod).
 * - `progressing-until-address`: Progressing until a member controller publishes a load-balancer
 *   address (an Ingress, a Service of type LoadBalancer).
 * - `progressing-if-scaled-down`: a Deployment whose replicas Karmada keeps live (retain-replicas):
 *   Progressing while an autoscaler holds fewer replicas than the template's `spec.replicas`.
 * - `progressing-while-suspended`: a suspended Job: Argo CD would show Suspended, Karmada never
 *   aggregates the condition.
 * - `healthy-too-early`: Healthy before anything is applied (a PersistentVolumeClaim).
 * - `no-status-aggregation`: a custom resource Karmada aggregates no status for: Healthy if
 *   Argo CD has no health check for the kind, Progressing (or Unknown) if it has one that reads status.
 */
export type ArgoHealthPrediction =
  | 'progressing-forever'
  | 'progressing-until-address'
  | 'progressing-if-scaled-down'
  | 'progressing-while-suspended'
  | 'healthy-too-early'
  | 'no-status-aggregation';

/** A template whose Argo CD health a reviewer should know about before the takeover. */
export interface ArgoHealthFlag {
  /** What the health becomes. */
  readonly prediction: ArgoHealthPrediction;
  /** Why, from Karmada's status aggregation and Argo CD's health check. */
  readonly message: string;
  /** What the user can do about it. */
  readonly remedy: string;
}

/**
 * The API groups whose kinds Karmada v1.18.2 has third-party interpreters for
 * (pkg/resourceinterpreter/default/thirdparty/resourcecustomizations/: Kruise, Argo Workflows,
 * Volcano, Flink, Flux, Kubeflow, Kyverno, Ray, Spark): their status may be aggregated (see the
 * kind's customizations.yaml), so they are not flagged.
 */
export const THIRD_PARTY_INTERPRETED_KINDS: readonly string[] = [
  'apps.kruise.io/CloneSet', 'apps.kruise.io/AdvancedCronJob', 'apps.kruise.io/BroadcastJob', 'apps.kruise.io/DaemonSet',
  'apps.kruise.io/SidecarSet', 'apps.kruise.io/UnitedDeployment', 'apps.kruise.io/StatefulSet',
  'argoproj.io/Workflow', 'batch.volcano.sh/Job', 'flink.apache.org/FlinkDeployment',
  'helm.toolkit.fluxcd.io/HelmRelease', 'kustomize.toolkit.fluxcd.io/Kustomization',
  'source.toolkit.fluxcd.io/GitRepository', 'source.toolkit.fluxcd.io/Bucket', 'source.toolkit.fluxcd.io/HelmChart',
  'source.toolkit.fluxcd.io/HelmRepository', 'source.toolkit.fluxcd.io/OCIRepository',
  'kubeflow.org/Notebook', 'kubeflow.org/PyTorchJob', 'kubeflow.org/TFJob', 'kubeflow.org/MPIJob',
  'kyverno.io/ClusterPolicy', 'kyverno.io/Policy', 'ray.io/RayCluster', 'ray.io/RayJob', 'ray.io/RayService',
  'sparkoperator.k8s.io/SparkApplication',
];
const THIRD_PARTY = new Set(THIRD_PARTY_INTERPRETED_KINDS);

/**
 * The key of an Argo CD health override in `argocd-cm` for a kind:
 * `resource.customizations.health.apps_StatefulSet`, `resource.customizations.health.Pod`
 * (a core kind has no group part).
 */
export function argoHealthCustomizationKey(group: string, kind: string): string {
  return `resource.customizations.health.${group ? `${group}_${kind}` : kind}`;
}

const IGNORE_HEALTH = 'annotate the templates argocd.argoproj.io/ignore-healthcheck: "true" (Argo CD ≥ v2.14; Karmada copies the annotation to the member object, where it changes nothing)';

/**
 * Predicts how Argo CD's built-in health of a template in the Karmada API server turns out
 * once Karmada has applied it and the member object is healthy; undefined when it turns out
 * right (Deployment, DaemonSet, ReplicaSet, Job, CronJob, Service, kinds without a health check).
 *
 * While a policy suspends dispatching, or a cluster is unapplied, every workload template
 * stays Progressing as well (its `status.observedGeneration` waits for every cluster): that is
 * not flagged per template.
 *
 * @param template the resource template, as in `dist/`
 */
export function predictArgoHealth(template: unknown): ArgoHealthFlag | undefined {
  if (!isJsonObject(template)) return undefined;
  const apiVersion = str(template, 'apiVersion');
  const kind = str(template, 'kind');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const spec = child(template, 'spec');
  const override = (what: string) => `add an Argo CD health override (${argoHealthCustomizationKey(group, kind)} in argocd-cm) that ${what}, or ${IGNORE_HEALTH}`;
  switch (`${group}/${kind}`) {
    case 'apps/StatefulSet':
      return {
        prediction: 'progressing-forever',
        message: 'Karmada\'s native status reflection for StatefulSet drops observedGeneration (reflectStatefulSetStatus), so the template\'s ' +
          'status.observedGeneration never reaches its generation and Argo CD waits "for statefulset spec update to be observed" forever',
        remedy: `${override('reads the aggregated replica counters')}, or a ResourceInterpreterCustomization for apps/v1 StatefulSet that overrides ` +
          'both statusReflection and statusAggregation (copying observedGeneration)',
      };
    case 'policy/PodDisruptionBudget':
      return {
        prediction: 'progressing-forever',
        message: 'Karmada aggregates the PodDisruptionBudget\'s counters but no conditions, and Argo CD\'s health check needs them: "Waiting for status" forever',
        remedy: override('compares currentHealthy with desiredHealthy'),
      };
    case 'autoscaling/HorizontalPodAutoscaler':
      return {
        prediction: 'progressing-forever',
        message: 'Karmada aggregates currentReplicas and desiredReplicas of a HorizontalPodAutoscaler (autoscaling/v2 only) but no conditions, ' +
          'and Argo CD\'s health check needs them: "Waiting to Autoscale" forever',
        remedy: override('reads the replica counts'),
      };
    case '/Pod':
      return {
        prediction: 'progressing-forever',
        message: 'Karmada aggregates a Pod\'s phase and container states but no conditions; Argo CD needs the Ready condition of a running Pod ' +
          '(restartPolicy Always): Progressing forever (Succeeded shows Healthy, Failed Degraded)',
        remedy: `${override('reads status.phase')}; better, take the Pod's controller over instead of the bare Pod`,
      };
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress':
      return {
        prediction: 'progressing-until-address',
        message: 'Progressing until an ingress controller of the member cluster publishes status.loadBalancer.ingress; without one, Karmada also ' +
          'marks the member Ingress unhealthy and Argo CD\'s ResourceBinding health shows Degraded',
        remedy: override('accepts an Ingress without an address'),
      };
    case '/Service':
      if (spec?.type !== 'LoadBalancer') return undefined;
      return {
        prediction: 'progressing-until-address',
        message: 'a Service of type LoadBalancer is Progressing until a member cluster publishes status.loadBalancer.ingress (Karmada aggregates it)',
        remedy: override('accepts a LoadBalancer without an address'),
      };
    case '/PersistentVolumeClaim':
      return {
        prediction: 'healthy-too-early',
        message: 'Karmada\'s aggregation reports phase Bound when no member status was collected yet, so Argo CD shows the claim Healthy ' +
          'before anything was applied',
        remedy: 'do not read a Healthy claim as a successful takeover: check the Works (karmada-migrate verify-takeover)',
      };
    case 'apps/Deployment':
      if (stringMap(template, 'labels')[RETAIN_REPLICAS_TEMPLATE_LABEL] !== 'true') return undefined;
      return {
        prediction: 'progressing-if-scaled-down',
        message: `with ${RETAIN_REPLICAS_TEMPLATE_LABEL}, Karmada keeps the replica count an autoscaler sets; while it is below the template's ` +
          'spec.replicas, the aggregated updatedReplicas stays below spec.replicas and Argo CD shows the Deployment Progressing',
        remedy: 'keep the template\'s spec.replicas at or below the autoscaler\'s minReplicas',
      };
    case 'batch/Job':
      if (spec?.suspend !== true) return undefined;
      return {
        prediction: 'progressing-while-suspended',
        message: 'a suspended Job shows Suspended in Argo CD from its JobSuspended condition, which Karmada never aggregates: Progressing instead',
        remedy: override('reads spec.suspend'),
      };
    default:
      break;
  }
  if (builtinScope(group, kind) !== undefined || THIRD_PARTY.has(`${group}/${kind}`)) return undefined;
  return {
    prediction: 'no-status-aggregation',
    message: `Karmada has no AggregateStatus hook for ${apiVersion} ${kind}, so the template never gets a status: Healthy if Argo CD has no health ` +
      `check for the kind, Progressing or Unknown if it has one that reads status (resource_customizations/${group}/${kind}/health.lua)`,
    remedy: `${override('suits the template without status')}, or a ResourceInterpreterCustomization with statusReflection and statusAggregation for the kind`,
  };
}
