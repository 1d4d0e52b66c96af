import * as path from 'path';
import { cleanObject } from '../../src/inventory/clean';
import { readInventory } from '../../src/inventory/read';
import { argoHealthCustomizationKey, predictArgoHealth } from '../../src/karmada/health';

const FIXTURES = path.join(__dirname, '../fixtures/real-exports');
const template = (file: string) => cleanObject(readInventory([path.join(FIXTURES, file)])[0].object);
const obj = (apiVersion: string, kind: string, extra: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'ns' }, ...extra });

describe('predictArgoHealth', () => {
  test.each([
    ['statefulset-volumeclaimtemplates-openshift-console.yaml', 'progressing-forever', /resource\.customizations\.health\.apps_StatefulSet/],
    ['pvc-bound-minikube-hostpath.yaml', 'healthy-too-early', /verify-takeover/],
    ['ingress-nginx-with-status.yaml', 'progressing-until-address', /resource\.customizations\.health\.networking\.k8s\.io_Ingress/],
    ['service-loadbalancer-metallb.yaml', 'progressing-until-address', /resource\.customizations\.health\.Service /],
  ])('real export %s: %s', (file, prediction, remedy) => {
    const flag = predictArgoHealth(template(file));
    expect(flag?.prediction).toBe(prediction);
    expect(flag?.remedy).toMatch(remedy);
  });

  test.each([
    'deployment-multi-manager-argocd.yaml', 'service-nodeport-multi-manager.yaml', 'service-headless-clusterip-none.yaml',
    'configmap-kube-root-ca-crt.yaml', 'job-owned-by-cronjob.json', 'cronjob-batch-v1beta1.json',
  ])('real export %s: no flag (Argo CD reads what Karmada aggregates, or has no health check)', (file) => {
    expect(predictArgoHealth(template(file))).toBeUndefined();
  });

  test.each([
    [obj('policy/v1', 'PodDisruptionBudget'), 'progressing-forever', /no conditions/],
    [obj('autoscaling/v2', 'HorizontalPodAutoscaler'), 'progressing-forever', /Waiting to Autoscale/],
    [obj('v1', 'Pod'), 'progressing-forever', /Ready condition/],
    [obj('batch/v1', 'Job', { spec: { suspend: true } }), 'progressing-while-suspended', /JobSuspended/],
    [obj('apps/v1', 'Deployment', { metadata: { name: 'x', labels: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } } }), 'progressing-if-scaled-down', /minReplicas/],
    [obj('cert-manager.io/v1', 'Certificate'), 'no-status-aggregation', /resource_customizations\/cert-manager\.io\/Certificate\/health\.lua/],
  ])('%j: %s', (t, prediction, message) => {
    const flag = predictArgoHealth(t)!;
    expect(flag.prediction).toBe(prediction);
    expect(`${flag.message} ${flag.remedy}`).toMatch(message);
  });

  test('StatefulSet: the remedies are an Argo CD override, the ignore-healthcheck annotation, or a customization of both status hooks', () => {
    expect(predictArgoHealth(obj('apps/v1', 'StatefulSet'))).toEqual({
      prediction: 'progressing-forever',
      message: 'Karmada\'s native status reflection for StatefulSet drops observedGeneration (reflectStatefulSetStatus), so the template\'s ' +
        'status.observedGeneration never reaches its generation and Argo CD waits "for statefulset spec update to be observed" forever',
      remedy: 'add an Argo CD health override (resource.customizations.health.apps_StatefulSet in argocd-cm) that reads the aggregated replica counters, ' +
        'or annotate the templates argocd.argoproj.io/ignore-healthcheck: "true" (Argo CD ≥ v2.14; Karmada copies the annotation to the member object, ' +
        'where it changes nothing), or a ResourceInterpreterCustomization for apps/v1 StatefulSet that overrides both statusReflection and ' +
        'statusAggregation (copying observedGeneration)',
    });
  });

  test('not flagged: a ClusterIP Service, a running Job, a Deployment without the label, kinds Karmada interprets through a third-party customization', () => {
    for (const t of [
      obj('v1', 'Service', { spec: { type: 'ClusterIP' } }), obj('batch/v1', 'Job', { spec: {} }), obj('apps/v1', 'Deployment'),
      obj('apps.kruise.io/v1alpha1', 'CloneSet'), obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease'), obj('rbac.authorization.k8s.io/v1', 'Role'),
      'not an object',
    ]) {
      expect(predictArgoHealth(t)).toBeUndefined();
    }
  });

  test('argoHealthCustomizationKey: group_Kind, and the kind alone for the core group', () => {
    expect(argoHealthCustomizationKey('apps', 'StatefulSet')).toBe('resource.customizations.health.apps_StatefulSet');
    expect(argoHealthCustomizationKey('', 'Pod')).toBe('resource.customizations.health.Pod');
  });
});
