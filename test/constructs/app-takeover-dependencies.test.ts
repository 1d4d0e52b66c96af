import * as path from 'path';
import { Testing } from 'cdk8s';
import { AppTakeover, Inventory, Migration, SecretPolicy } from '../../src';
import { formatKey } from '../../src/kube/object';

const MIXED = path.join(__dirname, '..', 'fixtures', 'mixed-export.yaml');

function migrationOf(secrets = SecretPolicy.UNMANAGED) {
  const inventory = Inventory.load([MIXED], { secrets });
  return new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: inventory.templates, secrets });
}

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('AppTakeover: includeDependencies', () => {
  test('selects each dependency by name in the policy and makes it a template; Secrets stay unmanaged', () => {
    // GIVEN the web Deployment (a ConfigMap, a ServiceAccount and two Secrets) and its Service
    const migration = migrationOf();

    // WHEN it is taken over with its dependencies
    const app = new AppTakeover(migration, 'web-pp', { namespace: 'shop', resources: [web, { apiVersion: 'v1', kind: 'Service', name: 'web' }], includeDependencies: true });

    // THEN the policy selects the ConfigMap and the ServiceAccount by name after the app's objects, and not the Secrets
    const manifests = Testing.synth(migration);
    const pp = manifests.find(m => m.kind === 'PropagationPolicy')!;
    expect(pp.spec.resourceSelectors).toStrictEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
    ]);
    expect(manifests.filter(m => m.kind !== 'PropagationPolicy' && m.kind !== 'Namespace').map(m => `${m.kind}/${m.metadata.name}`).sort())
      .toStrictEqual(['ConfigMap/web-config', 'Deployment/web', 'Service/web', 'ServiceAccount/web']);
    expect(app.templates.map(t => formatKey(t.key))).toStrictEqual([
      'Deployment.apps shop/web', 'Service shop/web', 'ConfigMap shop/web-config', 'ServiceAccount shop/web',
    ]);
    expect(app.dependencies.map(d => `${formatKey(d.dependency.key)}: ${d.outcome}`)).toStrictEqual([
      'ConfigMap shop/web-config: selected', 'Secret shop/regcred: unmanaged-secret', 'Secret shop/web-env: unmanaged-secret', 'ServiceAccount shop/web: selected',
    ]);
  });

  test('with secrets: Plaintext, the Secrets are selected too', () => {
    // GIVEN a migration opting in to plaintext Secrets WHEN web is taken over with its dependencies
    const migration = migrationOf(SecretPolicy.PLAINTEXT);
    const app = new AppTakeover(migration, 'web-pp', { namespace: 'shop', resources: [web], includeDependencies: true });

    // THEN both Secrets are selected by name
    expect(app.policy.resourceSelectors.map(s => `${s.kind}/${s.name}`)).toStrictEqual([
      'Deployment/web', 'ConfigMap/web-config', 'Secret/regcred', 'Secret/web-env', 'ServiceAccount/web',
    ]);
    expect(Testing.synth(migration).filter(m => m.kind === 'Secret').map(m => m.metadata.name)).toStrictEqual(['regcred', 'web-env']);
  });

  test('selects a dependency shared by two objects once, and not at all when the app lists it', () => {
    // GIVEN the StatefulSet db (claim db-backup) and the claim itself listed, and the web Deployment
    const migration = migrationOf(SecretPolicy.PLAINTEXT);
    const app = new AppTakeover(migration, 'shop-pp', {
      namespace: 'shop',
      resources: [web, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'db-backup' }],
      includeDependencies: true,
    });

    // THEN regcred (used by both) is selected once, db-backup only as listed; the claims of the volumeClaimTemplate never
    expect(app.policy.resourceSelectors.map(s => `${s.kind}/${s.name}`)).toStrictEqual([
      'Deployment/web', 'StatefulSet/db', 'PersistentVolumeClaim/db-backup', 'ConfigMap/web-config', 'Secret/regcred', 'Secret/web-env', 'ServiceAccount/web',
    ]);
    expect(app.dependencies.filter(d => d.dependency.key.name === 'regcred').map(d => `${formatKey(d.dependent)}: ${d.outcome}`))
      .toStrictEqual(['Deployment.apps shop/web: selected', 'StatefulSet.apps shop/db: selected']);
  });

  test('a dependency missing from the inventory is a problem naming the workload and the reference, unless optional', () => {
    // GIVEN the api Deployment: feature-flags (required) and api-overrides (optional) are not exported
    const migration = migrationOf();
    const app = new AppTakeover(migration, 'api-pp', { namespace: 'shop', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }], includeDependencies: true });

    // WHEN it is synthesized THEN only the required one fails it
    expect(() => Testing.synth(migration)).toThrow(/^Validation failed with the following errors:\n {2}\[member1\/api-pp\] Deployment.apps shop\/api refers to ConfigMap shop\/feature-flags/);
    expect(() => Testing.synth(migration)).toThrow('[member1/api-pp] Deployment.apps shop/api refers to ConfigMap shop/feature-flags ' +
      '(spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name), which is not in the inventory; ' +
      'add it to the inventory, or set includeDependencies to false and take it over yourself');
    expect(app.dependencies.map(d => `${formatKey(d.dependency.key)}: ${d.outcome}${d.dependency.optional ? ' (optional)' : ''}`)).toStrictEqual([
      'ConfigMap shop/api-overrides: missing (optional)', 'ConfigMap shop/feature-flags: missing',
    ]);
  });

  test('a Secret missing from the inventory is a problem only with secrets: Plaintext', () => {
    // GIVEN an inventory without the Secrets web uses
    const objects = Inventory.load([MIXED], { secrets: SecretPolicy.PLAINTEXT }).templates.filter(t => t.key.kind !== 'Secret');
    const unmanaged = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects });
    const plaintext = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects, secrets: SecretPolicy.PLAINTEXT });
    new AppTakeover(unmanaged, 'web-pp', { namespace: 'shop', resources: [web], includeDependencies: true });
    new AppTakeover(plaintext, 'web-pp', { namespace: 'shop', resources: [web], includeDependencies: true });

    // THEN unmanaged Secrets need no export; plaintext ones must be in the inventory
    expect(() => Testing.synth(unmanaged)).not.toThrow();
    expect(() => Testing.synth(plaintext)).toThrow('Deployment.apps shop/web refers to Secret shop/regcred (spec.template.spec.imagePullSecrets[0].name), which is not in the inventory');
  });

  test('without includeDependencies, nothing but the listed objects is selected', () => {
    const migration = migrationOf();
    const app = new AppTakeover(migration, 'api-pp', { namespace: 'shop', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }] });
    expect(app.policy.resourceSelectors).toHaveLength(1);
    expect(app.dependencies).toStrictEqual([]);
    expect(() => Testing.synth(migration)).not.toThrow();
  });
});
