// The acceptance test of issue 2: the four PropagationPolicies of Karmada's "migrate in
// batch" document (kept in test/fixtures/seed/, see SOURCES.md there) are what the embedded
// example and a rollback variant produce, once both sides are normalized as Karmada stores them.
import * as fs from 'fs';
import * as path from 'path';
import { AppTakeover, KindTakeover, Migration, MigrationApp } from '../src';
import { normalizeAsStored } from '../src/karmada/admission';
import { CrdSchemaSet } from '../src/kube/crd-schema-set';
import { buildFromConfigFile } from '../src/pipeline/build-migration';
import { ROOT, SEED_POLICIES, withTempDir, yamlDocumentsOf } from './util';

const CRDS = path.join(ROOT, 'crds', 'karmada-v1.18.2');
type Manifest = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec: Record<string, unknown> };

const schemas = CrdSchemaSet.fromFiles([
  path.join(CRDS, 'policy.karmada.io_propagationpolicies.yaml'),
  path.join(CRDS, 'policy.karmada.io_clusterpropagationpolicies.yaml'),
]);
const seed = yamlDocumentsOf(SEED_POLICIES) as Manifest[];

// kubectl applies a policy without a namespace to `default`.
function stored(m: Manifest): Manifest {
  const withNs = { ...m, metadata: { ...m.metadata, namespace: m.metadata.namespace ?? 'default' } };
  return normalizeAsStored(withNs, schemas) as Manifest;
}

// the embedded example, with the services takeover in the document's kind-only form (the
// example itself selects Services by name: see migration.yaml and the karmada-own-objects rule).
function examplePolicies(): Manifest[] {
  return withTempDir(dir => {
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
    const config = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8').replace(/\n\s+selectBy: Name[^\n]*\n[^\n]*\n/, '\n');
    expect(config).not.toContain('selectBy');
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config);
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    return app.charts.flatMap(c => c.toJson()).filter((m: Manifest) => m.kind === 'PropagationPolicy' && m.metadata.namespace === 'default');
  });
}

describe('the seed document', () => {
  test('holds the four PropagationPolicies of the document', () => {
    expect(seed.map(s => `${s.kind}/${s.metadata.name}`)).toStrictEqual([
      'PropagationPolicy/deployments-pp', 'PropagationPolicy/services-pp', 'PropagationPolicy/nginx-pp', 'PropagationPolicy/nginx-pp',
    ]);
  });

  describe.each([
    ['deployments-pp', 0],
    ['services-pp', 1],
    ['nginx-pp', 2],
  ])('example policy %s', (name, index) => {
    const ours = examplePolicies().find(p => p.metadata.name === name)!;
    const theirs = stored(seed[index]);

    test('is produced by the embedded example', () => {
      expect(ours).toBeDefined();
    });

    test('equals the document field by field once both are stored', () => {
      const o = stored(ours);
      expect(o.metadata.name).toBe(theirs.metadata.name);
      expect(o.metadata.namespace).toBe('default');
      expect(o.spec.conflictResolution).toBe('Overwrite');
      expect(o.spec.placement).toStrictEqual(theirs.spec.placement);
      expect(o.spec.priority).toBe(theirs.spec.priority);
      expect(o.spec.schedulerName).toBe(theirs.spec.schedulerName);
      expect(o.spec.preemption).toBe(theirs.spec.preemption);
      expect(o.spec.resourceSelectors).toStrictEqual(theirs.spec.resourceSelectors);
      expect(o.spec.preserveResourcesOnDeletion).toBe(theirs.spec.preserveResourcesOnDeletion);
      expect(o.spec).toStrictEqual(theirs.spec);
    });

    test('already carries every field Karmada adds on admission (no drift in Argo CD)', () => {
      expect(stored(ours).spec).toStrictEqual(ours.spec);
    });

    test('validates against the CRD schema', () => {
      expect(schemas.validate(ours)).toStrictEqual([]);
    });
  });

  test('the fourth policy (rollback armed) is the nginx app with preserveResourcesOnDeletion: true', () => {
    // GIVEN the same app, with the per-takeover override the document shows
    const app = new MigrationApp({ outdir: path.join(ROOT, '.never-written') });
    const migration = new Migration(app, 'member1', {
      sourceCluster: 'member1',
      objects: [
        { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default' } } },
        { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx-svc', namespace: 'default' } } },
      ],
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'nginx-pp', {
      namespace: 'default',
      preserveResourcesOnDeletion: true,
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }],
    });

    // WHEN
    const ours = (migration.toJson() as Manifest[]).find(m => m.metadata.name === 'nginx-pp')!;

    // THEN
    const theirs = stored(seed[3]);
    expect(ours.spec.preserveResourcesOnDeletion).toBe(true);
    expect(stored(ours).spec).toStrictEqual(theirs.spec);
    expect(stored(ours).spec).toStrictEqual(ours.spec);
    // and the per-kind policy is not armed by it
    expect((migration.toJson() as Manifest[]).find(m => m.metadata.name === 'deployments-pp')!.spec).not.toHaveProperty('preserveResourcesOnDeletion');
  });
});
