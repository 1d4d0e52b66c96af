// karmada pkg/controllers/namespace/namespace_sync_controller.go: a Namespace is never taken over with Overwrite.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { AppTakeover, FLUX_PRUNE_LABEL, Inventory, KindTakeover, Migration, SKIP_AUTO_PROPAGATION_LABEL } from '../../src';
import { cleanObject } from '../../src/inventory/clean';
import { KubeObject } from '../../src/kube/object';
import { deployment, ROOT } from '../util';

const OVERWRITE_ANNOTATION = 'work.karmada.io/conflict-resolution';

describe('Namespaces', () => {
  test('a Migration writes each Namespace skipped by Karmada\'s namespace controller and never with the overwrite annotation', () => {
    // GIVEN templates in three namespaces, selected by a kind and an app takeover
    const objects = [deployment('shop', 'web'), deployment('billing', 'api'), deployment('default', 'nginx')].map(object => ({ object }));
    const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'web-pp', { namespace: 'shop', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] });

    // WHEN it is synthesized
    const namespaces = Testing.synth(migration).filter(m => m.kind === 'Namespace');

    // THEN each Namespace but default is there, labelled, without the overwrite annotation
    expect(namespaces.map(n => n.metadata.name)).toStrictEqual(['billing', 'shop']);
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toStrictEqual({ [SKIP_AUTO_PROPAGATION_LABEL]: 'true', [FLUX_PRUNE_LABEL]: 'disabled' });
      expect(ns.metadata.annotations).not.toHaveProperty(OVERWRITE_ANNOTATION);
      expect(JSON.stringify(ns)).not.toContain('conflict-resolution');
    }
  });

  test('the committed dist/ has no Namespace with the overwrite annotation', () => {
    const dir = path.join(ROOT, 'dist', 'member1', 'namespaces');
    const files = fs.readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const ns = yaml.load(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject;
      expect(ns.metadata.labels).toStrictEqual({ [SKIP_AUTO_PROPAGATION_LABEL]: 'true', [FLUX_PRUNE_LABEL]: 'disabled' });
      expect(ns.metadata.annotations ?? {}).not.toHaveProperty(OVERWRITE_ANNOTATION);
    }
  });

  test('the cleaner strips the overwrite annotation from a Namespace that passes through, and only from a Namespace', () => {
    // GIVEN an exported Namespace carrying the annotation (as `karmadactl promote` writes it), and a ConfigMap carrying it
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { [OVERWRITE_ANNOTATION]: 'overwrite', team: 'a' } } };
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', annotations: { [OVERWRITE_ANNOTATION]: 'overwrite' } } };

    // WHEN cleaned, and when an inventory keeps Namespaces (no drop rules)
    const kept = Inventory.fromObjects([ns, cm], undefined, { dropRules: [] });

    // THEN the Namespace lost it, the ConfigMap (whose annotation is the user's choice) did not
    expect(cleanObject(ns).metadata.annotations).toStrictEqual({ team: 'a' });
    expect(cleanObject({ ...ns, metadata: { name: 'x', annotations: { [OVERWRITE_ANNOTATION]: 'overwrite' } } }).metadata).toStrictEqual({ name: 'x' });
    expect(kept.find({ group: '', kind: 'Namespace', name: 'shop' })!.object.metadata.annotations).toStrictEqual({ team: 'a' });
    expect(kept.find({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'c' })!.object.metadata.annotations).toStrictEqual({ [OVERWRITE_ANNOTATION]: 'overwrite' });
  });
});
