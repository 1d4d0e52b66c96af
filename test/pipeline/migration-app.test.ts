import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { AppTakeover, isInputError, KindSelection, KindTakeover, Migration, MigrationApp } from '../../src';
import { deployment, service, withTempDir } from '../util';

function example(app: MigrationApp): Migration {
  const migration = new Migration(app, 'member1', {
    sourceCluster: 'member1',
    objects: [deployment('default', 'nginx'), service('default', 'nginx-svc'), deployment('shop', 'cart')].map(object => ({ object })),
  });
  new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
  return migration;
}

describe('MigrationApp', () => {
  test('every category folder exists: a .keep where no manifest is (only default, or no Namespace objects)', () => {
    // each is applied by a Flux Kustomization of its own, which fails on a missing path.
    for (const createNamespaces of [true, false]) {
      const app = new MigrationApp({ outdir: 'never-written' });
      const migration = new Migration(app, 'member1', { sourceCluster: 'member1', createNamespaces, objects: [{ object: deployment(createNamespaces ? 'default' : 'shop', 'nginx') }] });
      new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      expect([...app.render().keys()].filter(f => f.startsWith('member1/namespaces/'))).toStrictEqual(['member1/namespaces/.keep']);
    }
  });

  test('renders one file per object, sorted, as YAML', () => {
    // GIVEN
    const app = new MigrationApp({ outdir: 'never-written' });
    example(app);

    // WHEN
    const files = app.render();

    // THEN
    expect([...files.keys()]).toStrictEqual([
      'member1/namespaces/Namespace_shop.yaml',
      'member1/policies/default/PropagationPolicy.policy.karmada.io_deployments-pp.yaml',
      'member1/policies/shop/PropagationPolicy.policy.karmada.io_deployments-pp.yaml',
      'member1/templates/default/Deployment.apps_nginx.yaml',
      'member1/templates/shop/Deployment.apps_cart.yaml',
    ]);
    expect(files.get('member1/templates/shop/Deployment.apps_cart.yaml')).toBe([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  labels:',
      '    app: cart',
      '  name: cart',
      '  namespace: shop',
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels:',
      '      app: cart',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: cart',
      '    spec:',
      '      containers:',
      '        - image: cart:1',
      '          name: cart',
      '',
    ].join('\n'));
  });

  test('reports every problem at once, by origin when one is set, and writes nothing', () => withTempDir(dir => {
    // GIVEN two broken takeovers, one described by a config field
    const app = new MigrationApp({ outdir: path.join(dir, 'dist') });
    const migration = example(app);
    const a = new AppTakeover(migration, 'a', { namespace: 'default', resources: [{ apiVersion: 'v1', kind: 'Service', name: 'missing' }] });
    new KindTakeover(migration, 'jobs', { apiVersion: 'batch/v1', kind: 'Job' });
    app.setOrigin(a, 'migration.yaml:9: spec.takeovers[1] (a)');

    // WHEN
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }

    // THEN
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toBe('the migration is not valid (2 problems):\n' +
      '  migration.yaml:9: spec.takeovers[1] (a): resources[0] (Service default/missing) is not in the inventory; ' +
      'add it to the inventory or remove it from the app\n' +
      "  [member1/jobs] takeover 'jobs' selects nothing: the migration has no Job.batch object");
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }));

  test('synth writes outdir, with construct metadata for validation plugins when the cdk8s CLI asks', () => withTempDir(dir => {
    const app = new MigrationApp({ outdir: path.join(dir, 'staging') });
    example(app);
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      app.synth();
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'staging', 'construct-metadata.json'), 'utf8'));
    expect(metadata.version).toBe('1.0.0');
    expect(metadata.resources.cart).toStrictEqual({ path: 'member1/Templates/Deployment.apps_cart@shop/Resource' });
    expect(fs.readdirSync(path.join(dir, 'staging', 'member1'))).toStrictEqual(['namespaces', 'policies', 'templates']);
  }));

  test('a policy is checked against its own migration\'s cluster, not every migration\'s', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    const m1 = example(app);
    const m2 = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: deployment('web', 'api') }] });
    new KindTakeover(m2, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(() => app.render()).not.toThrow();
    // written by hand into member1's chart, placing on member2's cluster.
    new ApiObject(m1, 'stray', {
      apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'stray', namespace: 'shop' },
      spec: {
        conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: ['member2'] } },
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cart' }],
      },
    });
    expect(() => app.render()).toThrow(/PropagationPolicy shop\/stray.*cluster member2 is not a source cluster of the migration \(member1\)/);
  });

  test('objects of other charts are written too, by chart', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    const chart = new Chart(app, 'extras');
    new KindTakeover(example(app), 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    expect([...app.render().keys()]).toContain('extras/templates/default/ConfigMap_x.yaml');
  });

  test('an object a validation adds is rendered, as cdk8s renders what its validations leave', () => withTempDir(dir => {
    // GIVEN a chart whose validation adds a ConfigMap the first time it runs
    const app = new MigrationApp({ outdir: path.join(dir, 'out') });
    const chart = new Chart(app, 'extras');
    new ApiObject(chart, 'first', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first', namespace: 'default' } });
    let added = false;
    chart.node.addValidation({
      validate: () => {
        if (!added) new ApiObject(chart, 'late', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'default' } });
        added = true;
        return [];
      },
    });

    // WHEN it is rendered and synthesized THEN the ConfigMap is in both
    expect([...app.render().keys()]).toContain('extras/templates/default/ConfigMap_late.yaml');
    expect([...app.synthFiles().keys()]).toContain('extras/templates/default/ConfigMap_late.yaml');
    expect(fs.existsSync(path.join(dir, 'out', 'extras', 'templates', 'default', 'ConfigMap_late.yaml'))).toBe(true);
  }));

  test('fails when two objects would share a file', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    const chart = new Chart(app, 'extras');
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    let error: unknown;
    try {
      app.render();
    } catch (e) {
      error = e;
    }
    // two objects of one identity are the input's fault (exit 1), never 'a bug'.
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toBe("The object of 'extras/a' and the object of 'extras/b' would both be written to extras/templates/default/ConfigMap_x.yaml " +
      '(ConfigMap default/x): one file holds one object; keep one of them: leave one out of the inventory, or rename one');
  });

  test('a template named like a policy a takeover makes: both named, the template by file, document and line', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    const policy = { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'deployments-pp', namespace: 'default' }, spec: { resourceSelectors: [] } };
    const migration = new Migration(app, 'member1', {
      sourceCluster: 'member1',
      objects: [{ object: deployment('default', 'nginx') }, { object: policy, source: { file: 'export.yaml', document: 3, line: 40 } }],
    });
    app.setOrigin(new KindTakeover(migration, 'takeovers[0]', { name: 'deployments-pp', apiVersion: 'apps/v1', kind: 'Deployment' }), 'migration.yaml:9: spec.takeovers[0]');
    new KindTakeover(migration, 'policies', { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy' });
    let message = '';
    try {
      app.render();
    } catch (e) {
      message = (e as Error).message;
    }
    for (const part of ['object read from export.yaml:40 (document 3)', 'object made by migration.yaml:9: spec.takeovers[0]',
      'would both be written to member1/policies/default/PropagationPolicy.policy.karmada.io_deployments-pp.yaml', 'the inventory holds an object the migration also generates']) {
      expect(message).toContain(part);
    }
  });
});
