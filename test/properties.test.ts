// Properties of the whole pipeline on generated estates: every policy is valid for the
// real CRD and already in Karmada's stored form, the output does not depend on the
// order of the inventory, and any key of the data reaches dist/ as it was.
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { AppTakeover, Inventory, KindSelection, KindTakeover, KubeObject, Migration, MigrationApp, TakeoverScope } from '../src';
import { normalizeAsStored } from '../src/karmada/admission';
import { CrdSchemaSet } from '../src/kube/crd-schema-set';
import { canonicalJson } from '../src/kube/json';
import { deployment, ROOT, service, withTempDir } from './util';

const schemas = CrdSchemaSet.fromDirectory(path.join(ROOT, 'crds', 'karmada-v1.18.2'));

const estate = fc.uniqueArray(
  fc.record({
    kind: fc.constantFrom('Deployment', 'Service'),
    namespace: fc.constantFrom('default', 'shop', 'payments', 'tools'),
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/),
  }),
  { minLength: 1, maxLength: 25, selector: o => `${o.kind}/${o.namespace}/${o.name}` },
).map(list => list.map(o => (o.kind === 'Deployment' ? deployment(o.namespace, o.name) : service(o.namespace, o.name))));

function build(app: MigrationApp, objects: readonly { object: KubeObject }[], scope: TakeoverScope, rollback: boolean): void {
  const migration = new Migration(app, 'member1', { sourceCluster: 'member1', objects, rollback });
  for (const [kind, apiVersion] of [['Deployment', 'apps/v1'], ['Service', 'v1']]) {
    // Services by name: a kind-only selector in `default` would claim the Karmada API server's own
    if (objects.some(o => o.object.kind === kind)) {
      new KindTakeover(migration, `${kind.toLowerCase()}s`, { apiVersion, kind, scope, selectBy: kind === 'Service' ? KindSelection.NAME : KindSelection.KIND });
    }
  }
  const first = objects[0].object;
  new AppTakeover(migration, 'app', {
    namespace: first.metadata.namespace!,
    resources: [{ apiVersion: first.apiVersion, kind: first.kind, name: first.metadata.name }],
  });
}

describe('generated estates', () => {
  test('every policy validates against the CRD and is already what Karmada stores', () => {
    fc.assert(fc.property(estate, fc.constantFrom(TakeoverScope.NAMESPACE, TakeoverScope.CLUSTER), fc.boolean(), (objects, scope, rollback) => {
      const app = new MigrationApp({ outdir: 'never-written' });
      build(app, objects.map(object => ({ object })), scope, rollback);
      const policies = [...app.render()].filter(([f]) => f.endsWith('.yaml')).map(([, text]) => yaml.load(text) as KubeObject).filter(m => m.kind.endsWith('PropagationPolicy'));
      expect(policies.length).toBeGreaterThan(0);
      for (const p of policies) {
        expect(schemas.validate(p)).toStrictEqual([]);
        expect(normalizeAsStored(p, schemas).spec).toStrictEqual(p.spec);
        expect((p.spec as { preserveResourcesOnDeletion?: boolean }).preserveResourcesOnDeletion ?? false).toBe(rollback);
      }
    }), { numRuns: 60 });
  });

  test('the same inventory split over files in any order gives byte-identical output', () => {
    fc.assert(fc.property(estate, fc.integer({ min: 1, max: 4 }), fc.infiniteStream(fc.nat()), (objects, fileCount, rnd) => withTempDir(dir => {
      const render = (order: KubeObject[], prefix: string) => {
        const files = Array.from({ length: fileCount }, (_, i) => path.join(dir, `${prefix}-${i}.yaml`));
        order.forEach((o, i) => fs.appendFileSync(files[i % fileCount], `---\n${yaml.dump(o)}`));
        for (const f of files) if (!fs.existsSync(f)) fs.writeFileSync(f, '');
        const inventory = Inventory.load([...files].reverse());
        const app = new MigrationApp({ outdir: 'never-written' });
        // the takeovers read objects in the order given, which must not matter either
        build(app, inventory.templates, TakeoverScope.NAMESPACE, false);
        return app.render();
      };
      const shuffled = [...objects].map(o => ({ o, k: rnd.next().value })).sort((a, b) => a.k - b.k).map(x => x.o);
      // the app takeover picks the first object: keep it first in both orders
      const reordered = [objects[0], ...shuffled.filter(o => o !== objects[0])];
      expect(render(reordered, 'b')).toStrictEqual(render(objects, 'a'));
    })), { numRuns: 30 });
  });

  test('any key, Object.prototype names included, in labels, annotations, data and a nested spec reaches dist/ as it was', () => {
    // keys are data: `constructor`, `__proto__` or `toString` are valid label keys, ConfigMap keys and field names.
    const key = fc.oneof(fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)), fc.string({ minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }))
      // `<<` is YAML's merge key, and the clean rules strip some well-known annotations: neither is a key of this test.
      .filter(k => k !== '<<' && !k.includes('/'));
    const map = <T>(value: fc.Arbitrary<T>) => fc.uniqueArray(fc.tuple(key, value), { maxLength: 5, selector: ([k]) => k })
      .map(entries => {
        const out: Record<string, T> = {};
        for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        return out;
      });
    const { tree } = fc.letrec<{ tree: unknown }>(tie => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie('tree'), { maxLength: 3 }), map(tie('tree'))),
    }));
    const nonEmpty = <T>(m: Record<string, T>) => (Object.keys(m).length ? m : undefined);
    fc.assert(fc.property(map(fc.string()), map(fc.string()), map(fc.string()), map(tree), (labels, annotations, data, spec) => withTempDir(dir => {
      const metadata = (name: string) => ({ name, namespace: 'shop', ...(nonEmpty(labels) ? { labels } : {}), ...(nonEmpty(annotations) ? { annotations } : {}) });
      const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('c'), ...(nonEmpty(data) ? { data } : {}) };
      const widget = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: metadata('w'), spec };
      fs.writeFileSync(path.join(dir, 'inventory.yaml'), [configMap, widget].map(o => `---\n${yaml.dump(o)}`).join(''));
      const app = new MigrationApp({ outdir: 'never-written' });
      const migration = new Migration(app, 'member1', { sourceCluster: 'member1', objects: Inventory.load([path.join(dir, 'inventory.yaml')]).templates });
      new AppTakeover(migration, 'app', { namespace: 'shop', resources: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }, { apiVersion: 'ex.io/v1', kind: 'Widget', name: 'w' }] });
      const files = app.render();
      const written = (file: string) => canonicalJson(yaml.load(files.get(`member1/templates/shop/${file}`)!));
      expect(written('ConfigMap_c.yaml')).toBe(canonicalJson(configMap));
      expect(written('Widget.ex.io_w.yaml')).toBe(canonicalJson(widget));
    })), { numRuns: 60 });
  });
});
