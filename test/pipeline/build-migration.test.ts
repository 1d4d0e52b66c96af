import * as path from 'path';
import { MigrationApp } from '../../src';
import { buildFromConfigFile } from '../../src/pipeline/build-migration';
import * as fs from 'fs';
import { MigrationPhase } from '../../src';
import { ROOT, withTempDir } from '../util';
import { formatLocation, InputError } from '../../src/errors';

describe('buildFromConfigFile', () => {
  test('builds the example through the constructs, construct paths mirroring the config', () => {
    // GIVEN
    const app = new MigrationApp({ outdir: 'never-written' });

    // WHEN
    const [migration] = buildFromConfigFile(app, path.join(ROOT, 'migration.yaml'));

    // THEN
    expect(migration.node.id).toBe('member1');
    expect(migration.sourceCluster).toBe('member1');
    expect(migration.rollback).toBe(false);
    const takeovers = migration.node.children.filter(c => c.node.id.startsWith('takeovers['));
    expect(takeovers.map(t => `${t.node.id} ${t.constructor.name}`)).toStrictEqual([
      'takeovers[0] KindTakeover', 'takeovers[1] KindTakeover', 'takeovers[2] AppTakeover',
    ]);
    expect(migration.resourceTemplates.map(t => `${t.namespace}/${t.kind}/${t.name}`)).toStrictEqual([
      'default/Service/nginx-svc', 'shop/Service/cart', 'shop/Service/storefront',
      'default/Deployment/nginx', 'shop/Deployment/cart', 'shop/Deployment/storefront',
    ]);
  });

  test('the inventory reader dropped what must not be a template', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    buildFromConfigFile(app, path.join(ROOT, 'migration.yaml'));
    const names = [...app.render().keys()].join('\n');
    for (const dropped of ['kubernetes', 'kube-root-ca.crt', 'nginx-7c5ddbdf54', 'coredns']) expect(names).not.toContain(`_${dropped}.yaml`);
  });

  test('phase: Rehearse builds a Rehearse migration: every policy suspends dispatching', () => withTempDir(dir => {
    const config = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8')
      .replace('  sourceCluster: member1', '  sourceCluster: member1\n  phase: Rehearse')
      .replace('    - inventory/member1.yaml', `    - ${JSON.stringify(path.join(ROOT, 'inventory/member1.yaml'))}`);
    expect(config).toContain('phase: Rehearse');
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config);
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    expect(migration.phase).toBe(MigrationPhase.REHEARSE);
    const policies = [...app.render().entries()].filter(([file]) => file.includes('/policies/'));
    expect(policies).toHaveLength(5);
    for (const [, text] of policies) expect(text).toContain('suspension:\n    dispatching: true\n');
  }));
});

describe('spec.exclude', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n' +
    '  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: web:1\n          envFrom: [{configMapRef: {name: web-config}}]\n';
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config, namespace: shop}\ndata: {a: b}\n';
  const worker = deployment.replace(/web/g, 'worker').replace('envFrom: [{configMapRef: {name: worker-config}}]', 'args: [run]');
  const config = (exclude: string) => 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: m}\nspec:\n' +
    '  sourceCluster: member1\n  inventory: [objects.yaml]\n' +
    '  takeovers:\n    - name: web\n      app:\n        namespace: shop\n        includeDependencies: true\n        resources: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n' +
    '    - name: deployments-pp\n      kind: {apiVersion: apps/v1, kind: Deployment}\n' + exclude;

  test('an excluded object is no template; a dependency on it is no problem', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'objects.yaml'), [deployment, configMap, worker].join('---\n'));
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config('  exclude:\n    - {kind: ConfigMap, namespace: shop, name: web-config, reason: managed by the team}\n' +
      '    - {apiVersion: apps/v1, kind: Deployment, namespace: shop, name: worker}\n'));
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    expect(migration.resourceTemplates.map(t => `${t.namespace}/${t.kind}/${t.name}`)).toStrictEqual(['shop/Deployment/web']);
    expect(migration.isExcluded({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'web-config' })).toBe(true);
    expect([...app.render().keys()].filter(f => f.includes('/templates/'))).toStrictEqual(['m/templates/shop/Deployment.apps_web.yaml']);
  }));

  test('without the exclusion the same dependency is taken over', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'objects.yaml'), [deployment, configMap].join('---\n'));
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config(''));
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    expect(migration.resourceTemplates.map(t => `${t.kind}/${t.name}`)).toStrictEqual(['ConfigMap/web-config', 'Deployment/web']);
  }));

  test('every entry that matches nothing is refused at once, each with its line', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'objects.yaml'), [deployment, configMap].join('---\n'));
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config('  exclude:\n    - {kind: ConfigMap, namespace: shop, name: web-config}\n' +
      '    - {kind: ConfigMap, namespace: shop, name: web-confg}\n    - {kind: Deployment, name: web}\n'));
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    let message = '';
    try {
      buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    } catch (e) {
      message = (e as Error).message;
      expect(formatLocation((e as InputError).location!)).toBe(`${path.join(dir, 'migration.yaml')}:17`);
    }
    expect(message).toMatch(/migration.yaml:17: spec.exclude\[1\]: matches no object of the inventory: ConfigMap shop\/web-confg \(any API group\); did you mean 'web-config'\?/);
    expect(message).toMatch(/\n\/.*migration.yaml:18: spec.exclude\[2\]: matches no object of the inventory: Deployment web .*the inventory has Deployment.apps shop\/web/);
    expect(message).not.toContain('spec.exclude[0]');
  }));
});
