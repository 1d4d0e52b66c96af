import * as path from 'path';
import { CrdSchemaSet } from '../../src/karmada/crd-schema-set';
import { verifyRollback } from '../../src/report/verify-rollback';
import { deployment, ROOT, service } from '../util';

const schemas = CrdSchemaSet.fromFiles([path.join(ROOT, 'crds/karmada-v1.18.2/work.karmada.io_works.yaml')]);
const templates = [deployment('default', 'nginx'), service('default', 'nginx-svc')];

function work(name: string, manifests: object[], preserve?: boolean) {
  return { apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name, namespace: 'karmada-es-member1' },
    spec: { workload: { manifests }, ...(preserve === undefined ? {} : { preserveResourcesOnDeletion: preserve }) } };
}

describe('verifyRollback', () => {
  test('the Works used here are valid for the Work CRD', () => {
    for (const w of [work('a', templates, true), work('b', [templates[0]])]) expect(schemas.validate(w)).toStrictEqual([]);
  });

  test('ready when every Work of the templates carries the flag', () => {
    const r = verifyRollback({ items: [work('nginx-deployment', [templates[0]], true), work('nginx-svc-service', [templates[1]], true)] }, templates);
    expect(r).toStrictEqual({ ready: true, works: 2, unarmed: [], withoutWork: [] });
  });

  test('lists the Works without the flag (absent or false)', () => {
    const r = verifyRollback({ items: [work('nginx-deployment', [templates[0]]), work('nginx-svc-service', [templates[1]], false)] }, templates);
    expect(r.ready).toBe(false);
    expect(r.unarmed).toStrictEqual([
      { namespace: 'karmada-es-member1', name: 'nginx-deployment', objects: ['Deployment.apps default/nginx'] },
      { namespace: 'karmada-es-member1', name: 'nginx-svc-service', objects: ['Service default/nginx-svc'] },
    ]);
  });

  test('Works of other templates are ignored; templates without a Work are listed', () => {
    const r = verifyRollback({ items: [work('other', [deployment('shop', 'cart')]), work('nginx-deployment', [templates[0]], true)] }, templates);
    expect(r.ready).toBe(true);
    expect(r.works).toBe(1);
    expect(r.withoutWork).toStrictEqual(['Service default/nginx-svc']);
  });

  test.each([
    ['not a list', { kind: 'Work' }, "works.json: not a list of Works: expected the output of 'kubectl get works.work.karmada.io -A -o json' (an object with 'items')"],
    ['null', null, 'not a list of Works'],
    ['an item that is not a Work', { items: [{ kind: 'ResourceBinding', metadata: { name: 'x' } }] }, 'works.json: items[0] is not a Work (kind: Work with metadata.name)'],
    ['manifests not a list', { items: [{ kind: 'Work', metadata: { name: 'w' }, spec: { workload: { manifests: {} } } }] }, 'items[0] (w): spec.workload.manifests must be a list'],
  ])('fails on malformed input: %s', (_, input, message) => {
    expect(() => verifyRollback(input, templates, 'works.json')).toThrow(message);
  });
});
