// Works as evidence (karmada pkg/apis/work/v1alpha1/work_types.go): where each is, its flags, and
// the objects it applies; an item that is not a Work is bad input naming the file.
import { InputError } from '../../src/errors';
import { readWorks } from '../../src/karmada/works';
import { deployment } from '../util';

const work = (namespace: string, spec: object, annotations?: Record<string, string>) => ({
  apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name: 'nginx-687f7fb96f', namespace, ...(annotations ? { annotations } : {}) }, spec,
});

describe('readWorks', () => {
  test('a Work in an execution space: its cluster, flags, annotations and named manifests', () => {
    const [w] = readWorks([work('karmada-es-member1', {
      suspendDispatching: true, preserveResourcesOnDeletion: true,
      workload: { manifests: [deployment('default', 'nginx'), { kind: 'Nameless' }, 'not an object'] },
    }, { 'propagationpolicy.karmada.io/name': 'nginx-pp' })], 'works.json');
    expect(w).toStrictEqual({
      work: 'karmada-es-member1/nginx-687f7fb96f', namespace: 'karmada-es-member1', cluster: 'member1',
      suspendDispatching: true, preserveResourcesOnDeletion: true, annotations: { 'propagationpolicy.karmada.io/name': 'nginx-pp' },
      manifests: [{ id: 'Deployment.apps default/nginx', manifest: deployment('default', 'nginx') }],
    });
  });

  test('outside an execution space there is no cluster; flags other than true are false; no workload is no manifest', () => {
    const [w] = readWorks([work('elsewhere', { suspendDispatching: 'true', preserveResourcesOnDeletion: null })], 'works.json');
    expect(w).toStrictEqual({
      work: 'elsewhere/nginx-687f7fb96f', namespace: 'elsewhere', suspendDispatching: false, preserveResourcesOnDeletion: false, annotations: {}, manifests: [],
    });
  });

  test('an item that is not a Work, or manifests that are not a list, is bad input naming the file', () => {
    expect(() => readWorks([deployment('default', 'nginx')], 'works.json')).toThrow(
      new InputError("item 0 is not a Work (kind: Work with metadata.name); give 'kubectl get works.work.karmada.io -A -o json'", { file: 'works.json' }));
    expect(() => readWorks([work('karmada-es-member1', { workload: { manifests: {} } })], 'works.json')).toThrow(
      new InputError('item 0 (nginx-687f7fb96f): spec.workload.manifests must be a list', { file: 'works.json' }));
  });
});
