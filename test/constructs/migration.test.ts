import * as fs from 'fs';
import { JsonPatch, Testing } from 'cdk8s';
import { AppTakeover, KindSelection, KindTakeover, Migration, MigrationApp, MigrationPhase, PropagationPolicy, VALIDATE_RULES_CONTEXT } from '../../src';
import { ConflictResolution } from '../../src';
import { deployment, service } from '../util';

describe('Migration', () => {
  test('a Namespace object per namespace with templates, except default, never propagated nor pruned', () => {
    // GIVEN
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1',
      objects: [deployment('default', 'a'), deployment('shop', 'b')].map(object => ({ object })),
    });

    // WHEN
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });

    // THEN
    const namespaces = Testing.synth(migration).filter(m => m.kind === 'Namespace');
    expect(namespaces).toStrictEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: { 'namespace.karmada.io/skip-auto-propagation': 'true', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
        annotations: { 'argocd.argoproj.io/sync-wave': '-2', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
      },
    }]);
  });

  test('createNamespaces: false writes no Namespace', () => {
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1', createNamespaces: false, objects: [{ object: deployment('shop', 'b') }],
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(Testing.synth(migration).map(m => m.kind)).toStrictEqual(['Deployment', 'PropagationPolicy']);
  });

  test('resourceTemplates lists each selected object once, in key order', () => {
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1',
      objects: [service('default', 'web'), deployment('default', 'web')].map(object => ({ object })),
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'web', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, { apiVersion: 'v1', kind: 'Service', name: 'web' }] });
    expect(migration.resourceTemplates.map(t => `${t.kind}/${t.name}`)).toStrictEqual(['Service/web', 'Deployment/web']);
  });

  test('rollback defaults to false', () => {
    expect(new Migration(Testing.app(), 'm', { sourceCluster: 'member1' }).rollback).toBe(false);
  });

  test('fails when sourceCluster is not a cluster name', () => {
    expect(() => new Migration(Testing.app(), 'm', { sourceCluster: 'Member 1' }))
      .toThrow('Migration \'sourceCluster\' ("Member 1") must be a cluster name as registered in Karmada');
  });

  test('fails when an object is given twice', () => {
    expect(() => new Migration(Testing.app(), 'm', {
      sourceCluster: 'member1',
      objects: [{ object: deployment('default', 'a'), source: { file: 'a.yaml' } }, { object: deployment('default', 'a', 'apps/v1beta2'), source: { file: 'b.yaml' } }],
    })).toThrow("Migration 'objects' holds Deployment.apps default/a twice (a.yaml and b.yaml); keep one");
  });

  test('two migrations may not write the same object, nor claim each other\'s templates', () => {
    // Karmada holds one object per identity; the deliveries of two migrations are not ordered, so a
    // policy of one that matches the other's template may claim it first (pkg/detector/policy.go).
    const app = Testing.app();
    const a = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('default', 'web') }, { object: deployment('shop', 'cart') }] });
    const b = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: deployment('default', 'web') }, { object: deployment('shop', 'cart') }] });
    new AppTakeover(a, 'web', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] });
    new AppTakeover(b, 'web2', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] });
    new AppTakeover(a, 'cart', { namespace: 'shop', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' }] });
    expect([...a.node.validate(), ...b.node.validate()]).toStrictEqual([
      'Deployment.apps default/web is matched by PropagationPolicy default/web2 of migration \'member2\': either migration\'s policy may claim it first, ' +
        'and one rollback would arm or release the other\'s object; narrow that policy\'s selectors or take both over in one migration',
      'Deployment.apps default/web is written by migration \'member1\' too: Karmada holds one object per identity; keep it in one migration; ' +
        'if it runs in member1, member2, take those clusters over in one migration with spec.sources (one template placed on each, ' +
        'an OverridePolicy for what differs per cluster)',
      'Deployment.apps default/web is matched by PropagationPolicy default/web of migration \'member1\': either migration\'s policy may claim it first, ' +
        'and one rollback would arm or release the other\'s object; narrow that policy\'s selectors or take both over in one migration',
    ]);
  });

  test('two migrations of disjoint objects and selectors are fine', () => {
    const app = Testing.app();
    const a = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('default', 'web') }] });
    const b = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: deployment('shop', 'cart') }] });
    new KindTakeover(a, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new KindTakeover(b, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect([...a.node.validate(), ...b.node.validate()]).toStrictEqual([]);
  });

  describe('the rules run under any cdk8s App', () => {
    // a kind-only Service selector in default claims the Karmada API server's own default/kubernetes.
    function kindOnlyServices(app = Testing.app()) {
      const migration = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: service('default', 'nginx-svc') }] });
      new KindTakeover(migration, 'services-pp', { apiVersion: 'v1', kind: 'Service' });
      return { app, migration };
    }

    test('a plain App refuses to synthesize a violation, naming the rule, the object and the fix, and writes no manifest', () => {
      const { app } = kindOnlyServices();
      expect(() => app.synth()).toThrow(
        '[member1] [migration/karmada-own-objects] PropagationPolicy default/services-pp: spec.resourceSelectors[0]: ' +
        "a kind-only selector of Service in default also claims the Karmada API server's own default/kubernetes");
      expect(fs.existsSync(app.outdir) ? fs.readdirSync(app.outdir) : []).toStrictEqual([]);
    });

    test('every violation of every migration is reported at once', () => {
      const app = Testing.app();
      kindOnlyServices(app);
      const other = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: service('shop', 'cart') }] });
      new KindTakeover(other, 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME });
      new Migration(app, 'member3', { sourceCluster: 'member3' });
      const errors = app.node.findAll().flatMap(c => c.node.validate());
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('PropagationPolicy default/services-pp');
    });

    test('the same migration selecting by name synthesizes', () => {
      const app = Testing.app();
      const migration = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: service('default', 'nginx-svc') }] });
      new KindTakeover(migration, 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME });
      expect(() => app.synth()).not.toThrow();
      expect(fs.readdirSync(app.outdir)).toStrictEqual(['member1.k8s.yaml']);
    });

    test(`context ${VALIDATE_RULES_CONTEXT}: false leaves the rules to another check`, () => {
      const app = Testing.app();
      app.node.setContext(VALIDATE_RULES_CONTEXT, false);
      kindOnlyServices(app);
      expect(() => app.synth()).not.toThrow();
    });

    test('a MigrationApp checks the rules once, on the rendered files, not again in the construct tree', () => {
      const app = new MigrationApp({ outdir: Testing.app().outdir });
      kindOnlyServices(app);
      expect(app.problems()).toStrictEqual([]);
      expect(() => app.render()).toThrow(/^1 violation of Karmada's or the migration's rules:\n {2}\[migration\/karmada-own-objects\]/);
    });
  });

  test('namespaces named like Object.prototype members are namespaces like any other', () => {
    // constructs lib/construct.ts keeps children in a plain object: an id 'constructor' would be "already taken".
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1',
      objects: [deployment('constructor', 'a'), service('constructor', 'constructor')].map(object => ({ object })),
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'app', { name: 'constructor', namespace: 'constructor', resources: [{ apiVersion: 'v1', kind: 'Service', name: 'constructor' }] });
    expect(migration.node.validate()).toStrictEqual([]);
    expect(Testing.synth(migration).map(m => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`)).toStrictEqual([
      'Namespace /constructor', 'Deployment constructor/a', 'Service constructor/constructor',
      'PropagationPolicy constructor/deployments-pp', 'PropagationPolicy constructor/constructor',
    ]);
  });

  test.each([['constructor'], ['Member1'], ['_delivery']])('%s cannot name a migration, with the reason', id => {
    expect(() => new Migration(Testing.app(), id, { sourceCluster: 'member1' })).toThrow(id === 'constructor'
      ? "Migration id \"constructor\" cannot name a migration: the cdk8s construct tree keeps its children by name in a plain JavaScript object, where 'constructor' is already taken (Object.prototype.constructor); choose another name, such as 'constructor-1'"
      : `Migration id ${JSON.stringify(id)} must be a DNS label`);
  });

  describe('phase Release', () => {
    test('refused while a policy does not preserve: one problem per takeover, naming its policies, and one per policy made outside a takeover', () => {
      const migration = new Migration(Testing.app(), 'member1', {
        sourceCluster: 'member1', phase: MigrationPhase.RELEASE,
        objects: [deployment('default', 'a'), deployment('shop', 'b'), service('default', 'web')].map(object => ({ object })),
      });
      new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      new AppTakeover(migration, 'web', { namespace: 'default', resources: [{ apiVersion: 'v1', kind: 'Service', name: 'web' }], preserveResourcesOnDeletion: true });
      new PropagationPolicy(migration, 'extra', {
        name: 'extra', namespace: 'default', clusterNames: ['member1'], conflictResolution: ConflictResolution.OVERWRITE,
        resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
      });
      migration.nameInMessages(migration.node.findChild('deployments-pp'), 'the Deployments');
      const fix = '; Karmada would delete the member objects. Arm the rollback first: rollback: true (or preserveResourcesOnDeletion: true on the takeover) ' +
        'in a commit of its own, synced and checked with karmada-migrate verify-rollback; then release';
      expect(() => Testing.synth(migration)).toThrow('[member1/Phase] phase Release releases the templates, but takeover \'deployments-pp\' (the Deployments) ' +
        `does not preserve them: PropagationPolicy default/deployments-pp, PropagationPolicy shop/deployments-pp lack preserveResourcesOnDeletion: true${fix}\n` +
        `  [member1/Phase] phase Release releases the templates, but policy PropagationPolicy default/extra (member1/extra) does not have preserveResourcesOnDeletion: true${fix}`);
    });
  });

  describe('phase Rehearse', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'shop' }, spec: {} };
    const rehearsal = () => new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1', phase: MigrationPhase.REHEARSE,
      objects: [deployment('default', 'nginx'), deployment('shop', 'cart'), service('default', 'nginx-svc'), crd, widget].map(object => ({ object })),
    });

    test('every policy the takeovers make suspends dispatching (the CRD policy too); templates and Namespaces are written as in Takeover', () => {
      const migration = rehearsal();
      new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      new KindTakeover(migration, 'widgets', { apiVersion: 'example.com/v1', kind: 'Widget', selectBy: KindSelection.NAME });
      new AppTakeover(migration, 'nginx-pp', { namespace: 'default', resources: [{ apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }], includeDependencies: true });
      const out = Testing.synth(migration);
      const policies = out.filter(m => m.kind.endsWith('PropagationPolicy'));
      expect(policies.map(p => [p.kind, p.metadata.name, p.spec.suspension, p.spec.propagateDeps]).sort()).toStrictEqual([
        ['ClusterPropagationPolicy', 'member1-crds', { dispatching: true }, undefined],
        ['PropagationPolicy', 'deployments-pp', { dispatching: true }, undefined],
        ['PropagationPolicy', 'deployments-pp', { dispatching: true }, undefined],
        ['PropagationPolicy', 'nginx-pp', { dispatching: true }, undefined],
        ['PropagationPolicy', 'widgets', { dispatching: true }, undefined],
      ]);
      const takeover = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: [crd, widget].map(object => ({ object })) });
      new KindTakeover(takeover, 'widgets', { apiVersion: 'example.com/v1', kind: 'Widget', selectBy: KindSelection.NAME });
      const takeoverOut = Testing.synth(takeover);
      expect(takeoverOut.filter(m => m.kind.endsWith('PropagationPolicy')).every(p => p.spec.suspension === undefined)).toBe(true);
      expect(out.filter(m => m.kind === 'Widget' || m.kind === 'CustomResourceDefinition')).toStrictEqual(takeoverOut.filter(m => m.kind === 'Widget' || m.kind === 'CustomResourceDefinition'));
    });

    test('a policy made by hand in a Rehearse migration must suspend too, or synth fails naming it', () => {
      const migration = rehearsal();
      new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      new PropagationPolicy(migration, 'extra', { name: 'extra', namespace: 'default', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }] });
      expect(() => Testing.synth(migration)).toThrow("[member1] phase Rehearse suspends dispatching, but policy 'extra' (member1/extra) does not have " +
        'spec.suspension.dispatching: true: Karmada would take its templates over at once. Make it with suspendDispatching: true, or remove it from the migration');
      const ok = rehearsal();
      new PropagationPolicy(ok, 'extra', { name: 'extra', namespace: 'default', clusterNames: ['member1'], conflictResolution: ConflictResolution.OVERWRITE,
        suspendDispatching: true, resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }] });
      expect(() => Testing.synth(ok)).not.toThrow();
    });

    test('a template in a later Argo CD sync wave than 0 is refused: it would wait forever behind the Progressing templates', () => {
      const late = deployment('shop', 'late');
      const waved = { ...late, metadata: { ...late.metadata, annotations: { 'argocd.argoproj.io/sync-wave': '5' } } };
      const make = (phase: MigrationPhase) => {
        const m = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', phase, objects: [{ object: waved }, { object: deployment('shop', 'cart') }] });
        new KindTakeover(m, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
        return m;
      };
      expect(() => Testing.synth(make(MigrationPhase.REHEARSE))).toThrow('[member1] phase Rehearse: Deployment.apps shop/late carries argocd.argoproj.io/sync-wave: "5" ' +
        '(from the pipeline that applied it): Argo CD starts a wave only once the earlier ones are Healthy');
      expect(() => Testing.synth(make(MigrationPhase.TAKEOVER))).not.toThrow();
    });

    test('the escape hatch cannot lift it: a JSON patch removing the suspension, or adding propagateDeps, is refused', () => {
      const lifted = rehearsal();
      new KindTakeover(lifted, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      lifted.node.findAll().filter((c): c is PropagationPolicy => c instanceof PropagationPolicy)[0].apiObject.addJsonPatch(JsonPatch.remove('/spec/suspension'));
      expect(() => Testing.synth(lifted)).toThrow("policy 'deployments-pp' (member1/deployments-pp/PropagationPolicy@default) does not have spec.suspension.dispatching: true");
      const deps = rehearsal();
      new KindTakeover(deps, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      deps.node.findAll().filter((c): c is PropagationPolicy => c instanceof PropagationPolicy)[0].apiObject.addJsonPatch(JsonPatch.add('/spec/propagateDeps', true));
      expect(() => Testing.synth(deps)).toThrow(/\[migration\/suspended-rehearsal\] PropagationPolicy default\/deployments-pp: spec\.propagateDeps: the policy suspends dispatching but has propagateDeps: true/);
    });
  });
});
