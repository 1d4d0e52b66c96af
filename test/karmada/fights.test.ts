import * as path from 'path';
import { InputError } from '../../src/errors';
import { cleanObject } from '../../src/inventory/clean';
import { readInventory } from '../../src/inventory/read';
import { coversPath, DEFAULT_PIPELINE_MANAGERS, Fight, findFights, FindFightsOptions } from '../../src/karmada/fights';
import { KubeObject } from '../../src/kube/object';

const FIXTURES = path.join(__dirname, '../fixtures/real-exports');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fixture(file: string): Obj {
  return JSON.parse(JSON.stringify(readInventory([path.join(FIXTURES, file)])[0].object)) as Obj;
}

/** the template made from a live export, as the inventory cleans it. */
function templateOf(live: Obj): Obj {
  return JSON.parse(JSON.stringify(cleanObject(live as KubeObject))) as Obj;
}

/** path, owners (manager/subresource), verdict, writer. */
function brief(fights: readonly Fight[]): [string, string, string, string][] {
  return fights.map(f => [f.path, f.owners.map(o => o.manager + (o.subresource ? `/${o.subresource}` : '')).join('+'), f.verdict, f.writer]);
}

function fightsOf(live: Obj, options?: FindFightsOptions, template: Obj = templateOf(live)) {
  return findFights(template, live, options);
}

const SCALE_ENTRY = {
  apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', time: '2024-03-02T10:00:00Z',
};

/**
 * Constructed from the real OpenShift-console StatefulSet export: an HPA scaled it, so the API
 * server moved `spec.replicas` from the console's entry (`Mozilla`) to the one the HPA
 * controller writes through the scale subresource (`kube-controller-manager`, `subresource: scale`).
 * No public export of an HPA-managed StatefulSet was found; the shape of the entry is the one
 * kube-apiserver records for a write to `/scale` (k8s.io/apiserver fieldmanager, with the
 * controller-manager's user agent `kube-controller-manager/...`).
 */
function hpaScaledStatefulSet(): Obj {
  const live = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
  const console = live.metadata.managedFields.find((e: Obj) => e.manager === 'Mozilla');
  delete console.fieldsV1['f:spec']['f:replicas'];
  live.metadata.managedFields.push(SCALE_ENTRY);
  live.spec.replicas = 5;
  return live;
}

describe('findFights on real exports', () => {
  test('Argo CD Deployment: only janitor\'s annotation, which the template also sets; kube-controller-manager\'s revision annotation is kept', () => {
    const { fights, warnings } = fightsOf(fixture('deployment-multi-manager-argocd.yaml'));
    expect(warnings).toEqual([]);
    expect(brief(fights)).toEqual([['metadata.annotations[iksm-version]', 'janitor', 'reverted', 'controller']]);
    expect(fights[0].owners).toEqual([{ manager: 'janitor', operation: 'Apply', time: '2022-01-06T18:21:04Z' }]);
    expect(fights[0].hint).toMatch(/leave the key out of the template and Karmada keeps the live value/);
  });

  test('NodePort Service of argocd-controller and kubectl: no fight (the status writer is not one)', () => {
    expect(fightsOf(fixture('service-nodeport-multi-manager.yaml')).fights).toEqual([]);
  });

  test('PersistentVolumeClaim: the client that created it, and the binder\'s volumeName, which Karmada keeps', () => {
    const { fights } = fightsOf(fixture('pvc-bound-minikube-hostpath.yaml'));
    expect(brief(fights)).toEqual([
      ['spec.accessModes', 'OpenAPI-Generator', 'reverted', 'controller'],
      ['spec.resources.requests.storage', 'OpenAPI-Generator', 'reverted', 'controller'],
      ['spec.volumeMode', 'OpenAPI-Generator', 'reverted', 'controller'],
      ['spec.volumeName', 'kube-controller-manager', 'retained-natively', 'controller'],
    ]);
    expect(fights[3].hint).toBe('Karmada\'s native retention for v1 PersistentVolumeClaim keeps the live value: no fight with kube-controller-manager');
  });

  test('LoadBalancer Service made in a dashboard: its fields are hand edits; MetalLB\'s annotation is kept and its status is no fight', () => {
    const { fights } = fightsOf(fixture('service-loadbalancer-metallb.yaml'));
    expect(brief(fights)).toEqual([
      ['spec.allocateLoadBalancerNodePorts', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.externalTrafficPolicy', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.internalTrafficPolicy', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.ports[port=80,protocol=TCP]', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.selector', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.sessionAffinity', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.type', 'dashboard', 'reverted', 'hand-edit'],
    ]);
    expect(fights[0].hint).toMatch(/make it in the template from now on$/);
  });

  test('the same Service with the dashboard named as the pipeline: no fight', () => {
    expect(fightsOf(fixture('service-loadbalancer-metallb.yaml'), { pipelineManagers: ['dashboard'] }).fights).toEqual([]);
  });

  test('Ingress from a dashboard: the ingress controller writes status only', () => {
    expect(brief(fightsOf(fixture('ingress-nginx-with-status.yaml')).fights)).toEqual([
      ['metadata.labels.name', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.ingressClassName', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.rules', 'dashboard', 'reverted', 'hand-edit'],
      ['spec.tls', 'dashboard', 'reverted', 'hand-edit'],
    ]);
  });

  test('OpenShift-console StatefulSet with the console as the pipeline: no fight; a container owned as a whole is one path', () => {
    const live = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    expect(fightsOf(live, { pipelineManagers: ['Mozilla'] }).fights).toEqual([]);
    const paths = fightsOf(live).fights.map(f => f.path);
    expect(paths).toContain('spec.template.spec.containers[name=mongo]');
    expect(paths.filter(p => p.startsWith('spec.template.spec.containers'))).toEqual(['spec.template.spec.containers[name=mongo]']);
  });
});

describe('the HPA case', () => {
  test('acceptance: an HPA-managed StatefulSet (from a real export) fights over spec.replicas, reverted at every sync', () => {
    const live = hpaScaledStatefulSet();
    const { fights, warnings } = fightsOf(live, { pipelineManagers: ['Mozilla'] });
    expect(warnings).toEqual([]);
    expect(fights).toEqual([{
      path: 'spec.replicas',
      owners: [{ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', time: '2024-03-02T10:00:00Z' }],
      verdict: 'reverted',
      writer: 'autoscaler',
      hint: 'Karmada writes the template\'s value over kube-controller-manager (scale)\'s at every sync: the autoscaler and Karmada would fight over ' +
        'the replica count; Karmada keeps live replicas natively only for apps/v1 Deployments, so retain spec.replicas for apps/v1 StatefulSet ' +
        'with a ResourceInterpreterCustomization (spec.retain), or leave the workload and its autoscaler out of the takeover',
    }]);
  });

  test('with spec.retain of spec.replicas for apps/v1 StatefulSet it is retained', () => {
    const { fights } = fightsOf(hpaScaledStatefulSet(), {
      pipelineManagers: ['Mozilla'], retained: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', paths: ['spec.replicas'] }],
    });
    expect(brief(fights)).toEqual([['spec.replicas', 'kube-controller-manager/scale', 'retained', 'autoscaler']]);
    expect(fights[0].hint).toBe('the configured retention (spec.retain) keeps the live value: no fight with kube-controller-manager (scale)');
  });

  test('a retention of another version or kind does not count (Karmada matches the exact GVK)', () => {
    const { fights } = fightsOf(hpaScaledStatefulSet(), {
      pipelineManagers: ['Mozilla'], retained: [{ apiVersion: 'apps/v1beta1', kind: 'StatefulSet', paths: ['spec.replicas'] }],
    });
    expect(fights[0].verdict).toBe('reverted');
  });

  test('the HPA of the inventory names the autoscaler on the fight', () => {
    const { fights } = fightsOf(hpaScaledStatefulSet(), { pipelineManagers: ['Mozilla'], autoscalers: ['HorizontalPodAutoscaler ns/b', 'HorizontalPodAutoscaler ns/a'] });
    expect(fights[0].autoscalers).toEqual(['HorizontalPodAutoscaler ns/a', 'HorizontalPodAutoscaler ns/b']);
  });

  test('without managedFields, an HPA targeting the StatefulSet is the evidence; without a live object too', () => {
    const live = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    delete live.metadata.managedFields;
    const template = templateOf(live);
    for (const observed of [live, undefined]) {
      const { fights } = findFights(template, observed, { autoscalers: ['HorizontalPodAutoscaler mongo/mongo'] });
      expect(brief(fights)).toEqual([['spec.replicas', '', 'reverted', 'autoscaler']]);
      expect(fights[0].hint).toMatch(/over the autoscaler's at every sync/);
    }
  });

  test('the Deployment case stays as it is: with the retain-replicas label, the HPA\'s spec.replicas is retained natively', () => {
    const live = fixture('deployment-multi-manager-argocd.yaml');
    live.metadata.managedFields.push(SCALE_ENTRY);
    const argocd = live.metadata.managedFields.find((e: Obj) => e.manager === 'argocd');
    delete argocd.fieldsV1['f:spec']['f:replicas'];
    const template = templateOf(live);
    template.metadata.labels = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    const labelled = findFights(template, live);
    expect(brief(labelled.fights)).toContainEqual(['spec.replicas', 'kube-controller-manager/scale', 'retained-natively', 'autoscaler']);
    expect(labelled.fights.find(f => f.path === 'spec.replicas')!.hint)
      .toBe('Karmada keeps the live replica count (native retention, label resourcetemplate.karmada.io/retain-replicas: "true"): no fight with kube-controller-manager (scale)');

    // without the label: reverted, and the hint names the label.
    const unlabelled = findFights(templateOf(live), live).fights.find(f => f.path === 'spec.replicas')!;
    expect(unlabelled.verdict).toBe('reverted');
    expect(unlabelled.hint).toMatch(/give the template the label resourcetemplate\.karmada\.io\/retain-replicas: "true"/);

    // a customization for apps/v1 Deployment replaces the native hook, unless its script keeps it.
    const replaced = findFights(template, live, { retained: [{ apiVersion: 'apps/v1', kind: 'Deployment', paths: ['spec.template.metadata.annotations'] }] });
    expect(replaced.fights.find(f => f.path === 'spec.replicas')!.verdict).toBe('reverted');
    const kept = findFights(template, live, {
      retained: [{ apiVersion: 'apps/v1', kind: 'Deployment', paths: ['spec.template.metadata.annotations'], keepsNativeRetention: true }],
    });
    expect(kept.fights.find(f => f.path === 'spec.replicas')!.verdict).toBe('retained-natively');
  });

  test('kubectl scale through the scale subresource is a hand edit, not the pipeline, though kubectl is a pipeline manager', () => {
    const live = hpaScaledStatefulSet();
    live.metadata.managedFields[live.metadata.managedFields.length - 1] = { ...SCALE_ENTRY, manager: 'kubectl' };
    expect(DEFAULT_PIPELINE_MANAGERS).toContain('kubectl');
    expect(brief(fightsOf(live, { pipelineManagers: ['Mozilla'] }).fights)).toEqual([['spec.replicas', 'kubectl/scale', 'reverted', 'hand-edit']]);
  });
});

describe('other writers', () => {
  const deployment = (entry: Obj, podAnnotations?: Obj): Obj => {
    const live = fixture('deployment-multi-manager-argocd.yaml');
    live.metadata.managedFields = [entry];
    if (podAnnotations) live.spec.template.metadata.annotations = podAnnotations;
    return live;
  };
  const restart = {
    apiVersion: 'apps/v1', fieldsType: 'FieldsV1', manager: 'kubectl-rollout', operation: 'Update', time: '2024-01-01T00:00:00Z',
    fieldsV1: { 'f:spec': { 'f:template': { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/restartedAt': {} } } } } },
  };

  test('kubectl rollout restart: reverted if the template keeps the annotation, removed if it lacks it', () => {
    const live = deployment(restart, { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' });
    const kept = fightsOf(live).fights;
    expect(brief(kept)).toEqual([['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]', 'kubectl-rollout', 'reverted', 'rollout-restart']]);
    expect(kept[0].hint).toMatch(/rolls the pods twice .*restart through the template/);
    const template = templateOf(live);
    delete template.spec.template.metadata.annotations;
    const removed = fightsOf(live, {}, template).fights;
    expect(brief(removed)).toEqual([['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]', 'kubectl-rollout', 'removed', 'rollout-restart']]);
    expect(removed[0].hint).toMatch(/^the template does not have it: the takeover removes what kubectl-rollout wrote/);
  });

  test('a retained path covers the fields below it and [*] any list item', () => {
    const live = deployment(restart, { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' });
    const retained = (paths: string[]) => fightsOf(live, { retained: [{ apiVersion: 'apps/v1', kind: 'Deployment', paths }] }).fights[0].verdict;
    expect(retained(['spec.template.metadata.annotations'])).toBe('retained');
    expect(retained(['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]'])).toBe('retained');
    expect(retained(['spec.template.spec'])).toBe('reverted');
  });

  test('a sidecar a webhook injected, owned as a whole, is one fight, removed when the template was cleaned of it', () => {
    const live = deployment({
      apiVersion: 'apps/v1', fieldsType: 'FieldsV1', manager: 'sidecar-injector', operation: 'Update',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"proxy"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } },
    });
    live.spec.template.spec.containers.push({ name: 'proxy', image: 'proxy:1' });
    const template = templateOf(live);
    template.spec.template.spec.containers.pop();
    expect(brief(fightsOf(live, {}, template).fights)).toEqual([['spec.template.spec.containers[name=proxy]', 'sidecar-injector', 'removed', 'controller']]);
    expect(brief(fightsOf(live).fights)).toEqual([['spec.template.spec.containers[name=proxy]', 'sidecar-injector', 'reverted', 'controller']]);
  });

  test('cert-manager\'s caBundle on a webhook configuration: a ping-pong, unless retained', () => {
    const live: Obj = {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
      metadata: {
        name: 'cert-manager-webhook',
        managedFields: [{
          apiVersion: 'admissionregistration.k8s.io/v1', fieldsType: 'FieldsV1', manager: 'cainjector', operation: 'Update',
          fieldsV1: { 'f:webhooks': { 'k:{"name":"webhook.cert-manager.io"}': { 'f:clientConfig': { 'f:caBundle': {} } } } },
        }],
      },
      webhooks: [{ name: 'webhook.cert-manager.io', clientConfig: { caBundle: 'Q0E=', service: { name: 'w', namespace: 'cert-manager' } } }],
    };
    const { fights } = findFights(live, live);
    expect(brief(fights)).toEqual([['webhooks[name=webhook.cert-manager.io].clientConfig.caBundle', 'cainjector', 'reverted', 'ca-injector']]);
    expect(fights[0].hint).toMatch(/re-inject it, without end; retain caBundle/);
    const retained = findFights(live, live, {
      retained: [{ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', paths: ['webhooks[*].clientConfig.caBundle'] }],
    });
    expect(retained.fights[0].verdict).toBe('retained');
  });

  test('status, identity, finalizers and labels the template lacks are no fights; a label the template sets is', () => {
    const live = deployment({
      apiVersion: 'apps/v1', fieldsType: 'FieldsV1', manager: 'operator', operation: 'Update',
      fieldsV1: {
        'f:apiVersion': {}, 'f:kind': {}, 'f:status': { 'f:replicas': {} },
        'f:metadata': { 'f:name': {}, 'f:finalizers': { '.': {}, 'v:"example.com/cleanup"': {} }, 'f:labels': { 'f:team': {}, 'f:owner': {} } },
      },
    });
    live.metadata.finalizers = ['example.com/cleanup'];
    live.metadata.labels = { team: 'a', owner: 'b' };
    const template = templateOf(live);
    template.metadata.labels = { team: 'a' };
    expect(brief(fightsOf(live, {}, template).fights)).toEqual([['metadata.labels.team', 'operator', 'reverted', 'controller']]);
  });

  test('malformed managedFields: warnings naming the object and the entry, and the rest is analysed', () => {
    const live = fixture('deployment-multi-manager-argocd.yaml');
    live.metadata.managedFields.push('garbage', { manager: 'x', fieldsV1: { 'f:spec': { 'zz': {} } } });
    const { fights, warnings } = fightsOf(live);
    expect(brief(fights)).toEqual([['metadata.annotations[iksm-version]', 'janitor', 'reverted', 'controller']]);
    expect(warnings).toEqual([
      'Deployment.apps default/kustomize-guestbook-ui: metadata.managedFields[3] is not an object; left out',
      'Deployment.apps default/kustomize-guestbook-ui: metadata.managedFields[4] (manager x): fieldsV1 key "zz" at spec is not f:, k:, v:, i: or .; left out',
    ]);
  });

  test('two managers of one field are one fight with both owners', () => {
    const live = hpaScaledStatefulSet();
    live.metadata.managedFields.push({ ...SCALE_ENTRY, manager: 'keda-operator' });
    expect(brief(fightsOf(live, { pipelineManagers: ['Mozilla'] }).fights))
      .toEqual([['spec.replicas', 'keda-operator/scale+kube-controller-manager/scale', 'reverted', 'autoscaler']]);
  });

  test('the template must be an object', () => {
    expect(() => findFights('x', {})).toThrow(InputError);
  });
});

describe('coversPath', () => {
  test.each([
    ['spec.replicas', 'spec.replicas', true],
    ['spec', 'spec.replicas', true],
    ['spec.replicas', 'spec', false],
    ['spec.template.spec.containers[*].resources', 'spec.template.spec.containers[name=web].resources.limits.cpu', true],
    ['metadata.labels[team]', 'metadata.labels.team', true],
    ['spec.rep', 'spec.replicas', false],
    ['', 'spec', false],
  ])('%s covers %s: %s', (retained, p, expected) => {
    expect(coversPath(retained, p)).toBe(expected);
  });
});
