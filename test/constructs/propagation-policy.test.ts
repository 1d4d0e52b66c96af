import { Testing } from 'cdk8s';
import { ConflictResolution, Preemption, PropagationPolicy } from '../../src';

describe('PropagationPolicy', () => {
  test('minimal: Karmada defaults and the selector namespace are written out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new PropagationPolicy(chart, 'pp', {
      name: 'nginx-pp',
      namespace: 'default',
      clusterNames: ['member1'],
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }],
    });

    // THEN
    expect(Testing.synth(chart)).toStrictEqual([{
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'nginx-pp', namespace: 'default', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        conflictResolution: 'Abort',
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
        preemption: 'Never',
        priority: 0,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }],
        schedulerName: 'default-scheduler',
      },
    }]);
  });

  test('preserveResourcesOnDeletion and propagateDeps are written only when true', () => {
    // GIVEN
    const chart = Testing.chart();
    const props = { namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }] };

    // WHEN
    new PropagationPolicy(chart, 'on', { ...props, name: 'on', preserveResourcesOnDeletion: true, propagateDeps: true });
    new PropagationPolicy(chart, 'off', { ...props, name: 'off', preserveResourcesOnDeletion: false, propagateDeps: false });

    // THEN
    const [on, off] = Testing.synth(chart);
    expect(on.spec.preserveResourcesOnDeletion).toBe(true);
    expect(on.spec.propagateDeps).toBe(true);
    expect(off.spec).not.toHaveProperty('preserveResourcesOnDeletion');
    expect(off.spec).not.toHaveProperty('propagateDeps');
  });

  test('suspendDispatching writes spec.suspension.dispatching: true, and nothing when false', () => {
    const chart = Testing.chart();
    const props = { namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', name: 'web' }] };
    const on = new PropagationPolicy(chart, 'on', { ...props, name: 'on', suspendDispatching: true });
    new PropagationPolicy(chart, 'off', { ...props, name: 'off', suspendDispatching: false });
    const [onJson, offJson] = Testing.synth(chart);
    expect(onJson.spec.suspension).toStrictEqual({ dispatching: true });
    expect(offJson.spec).not.toHaveProperty('suspension');
    expect(on.suspendDispatching).toBe(true);
  });

  test('a label selector is kept only without a name (Karmada ignores it then)', () => {
    const chart = Testing.chart();
    new PropagationPolicy(chart, 'pp', {
      name: 'pp',
      namespace: 'shop',
      clusterNames: ['member1'],
      conflictResolution: ConflictResolution.OVERWRITE,
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { tier: 'web' } } },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart', labelSelector: { matchLabels: { tier: 'web' } } },
      ],
    });
    expect(Testing.synth(chart)[0].spec.resourceSelectors).toStrictEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { tier: 'web' } }, namespace: 'shop' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart', namespace: 'shop' },
    ]);
  });

  test('addResourceSelector after construction reaches the manifest', () => {
    const chart = Testing.chart();
    const pp = new PropagationPolicy(chart, 'pp', {
      name: 'pp', namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }],
    });
    pp.addResourceSelector({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings' });
    expect(Testing.synth(chart)[0].spec.resourceSelectors).toHaveLength(2);
    expect(pp.resourceSelectors).toHaveLength(2);
  });

  test('defaultChild is the L1 PropagationPolicy', () => {
    const chart = Testing.chart();
    const pp = new PropagationPolicy(chart, 'pp', {
      name: 'pp', namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }],
    });
    expect(pp.node.defaultChild).toBe(pp.apiObject);
    expect(pp.apiObject.kind).toBe('PropagationPolicy');
  });

  describe('fails', () => {
    const base = { name: 'pp', namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }] };

    test('fails when a selector names another namespace, with the webhook\'s message', () => {
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop' }] }))
        .toThrow("PropagationPolicy 'pp': 'resourceSelectors[0].namespace' (shop) is not the policy's namespace (default): " +
          'namespace of resource selector must be the same as the namespace of the policy');
    });

    test('fails when the policy is in a namespace Karmada never propagates', () => {
      for (const ns of ['kube-system', 'kube-public', 'karmada-system', 'karmada-cluster', 'karmada-es-member1']) {
        expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, namespace: ns }))
          .toThrow(`PropagationPolicy 'pp' is in namespace '${ns}', which Karmada never propagates`);
      }
    });

    test('fails when there is no selector or no cluster', () => {
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, resourceSelectors: [] }))
        .toThrow("PropagationPolicy 'pp': 'resourceSelectors' must have at least one entry");
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, clusterNames: [] }))
        .toThrow("PropagationPolicy 'pp': 'clusterNames' must name at least one cluster");
    });

    test('fails when preemption is Always with a kind-only selector', () => {
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, preemption: Preemption.ALWAYS }))
        .toThrow('name cannot be empty if preemption is Always');
    });

    test('fails when a suspended policy propagates dependencies: their bindings are not suspended', () => {
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, suspendDispatching: true, propagateDeps: true }))
        .toThrow("PropagationPolicy 'pp': 'suspendDispatching' with 'propagateDeps' (true) is no rehearsal: the bindings Karmada attaches for " +
          'the dependencies are not suspended and are dispatched at once; remove propagateDeps and select the dependencies by name');
    });

    test('fails when the name or the priority is not valid', () => {
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, name: 'Nginx_PP' }))
        .toThrow('PropagationPolicy \'name\' ("Nginx_PP") must be a DNS subdomain');
      expect(() => new PropagationPolicy(Testing.chart(), 'pp', { ...base, priority: 1.5 }))
        .toThrow("PropagationPolicy 'pp': 'priority' (1.5) must be a 32-bit integer");
    });
  });
});
