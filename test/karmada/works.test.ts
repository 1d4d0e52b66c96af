// Works as evidence (karmada pkg/apis/work/v1alpha1/work_types.go): where each is, its flags, and
// the objects it applies; an item that is not a Work is bad input naming the file.
import { InputError } from '../../src/errors';
import { generateWorkName, isAbortConflict, readWorks } from '../../src/karmada/works';
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
      work: 'karmada-es-member1/nginx-687f7fb96f', name: 'nginx-687f7fb96f', namespace: 'karmada-es-member1', cluster: 'member1',
      suspendDispatching: true, preserveResourcesOnDeletion: true, annotations: { 'propagationpolicy.karmada.io/name': 'nginx-pp' },
      manifests: [{ id: 'Deployment.apps default/nginx', manifest: deployment('default', 'nginx') }],
      conditions: [],
    });
  });

  test('outside an execution space there is no cluster; flags other than true are false; no workload is no manifest', () => {
    const [w] = readWorks([work('elsewhere', { suspendDispatching: 'true', preserveResourcesOnDeletion: null })], 'works.json');
    expect(w).toStrictEqual({
      work: 'elsewhere/nginx-687f7fb96f', name: 'nginx-687f7fb96f', namespace: 'elsewhere', suspendDispatching: false, preserveResourcesOnDeletion: false,
      annotations: {}, manifests: [], conditions: [],
    });
  });

  test('an item that is not a Work, or manifests that are not a list, is bad input naming the file', () => {
    expect(() => readWorks([deployment('default', 'nginx')], 'works.json')).toThrow(
      new InputError("item 0 is not a Work (kind: Work with metadata.name); give 'kubectl get works.work.karmada.io -A -o json'", { file: 'works.json' }));
    expect(() => readWorks([work('karmada-es-member1', { workload: { manifests: {} } })], 'works.json')).toThrow(
      new InputError('item 0 (nginx-687f7fb96f): spec.workload.manifests must be a list', { file: 'works.json' }));
  });
});

describe('the status and the name of a Work', () => {
  test('its conditions, as the execution controller writes them; items without a type are skipped', () => {
    const [w] = readWorks([{ ...work('karmada-es-member1', {}), status: { conditions: [
      { type: 'Dispatching', status: 'True', reason: 'Dispatching', message: 'Work is being dispatched to member clusters.', lastTransitionTime: '2026-11-20T10:00:00Z' },
      { type: 'Applied', status: 'True', reason: 'AppliedSuccessful', message: 'Manifest has been successfully applied', lastTransitionTime: '2026-11-20T10:00:00Z' },
      { status: 'True' },
    ] } }], 'works.json');
    expect(w.conditions).toStrictEqual([
      { type: 'Dispatching', status: 'True', reason: 'Dispatching', message: 'Work is being dispatched to member clusters.' },
      { type: 'Applied', status: 'True', reason: 'AppliedSuccessful', message: 'Manifest has been successfully applied' },
    ]);
  });

  test("generateWorkName: Karmada's names (pkg/util/names GenerateWorkName), the first as published in Karmada's docs", () => {
    expect(generateWorkName('Deployment', 'nginx', 'default')).toBe('nginx-687f7fb96f');
    expect(generateWorkName('Service', 'nginx', 'default')).toBe('nginx-64b7849b5');
    expect(generateWorkName('ConfigMap', 'my-config', 'default')).toBe('my-config-76984bdf6f');
    // cluster-scoped: no namespace in the key; ':' becomes '.'
    expect(generateWorkName('ClusterRole', 'system:aggregate')).toBe('system.aggregate-796865989d');
    expect(generateWorkName('Deployment', 'Nginx', 'default')).toBe(generateWorkName('deployment', 'nginx', 'default'));
  });

  test("isAbortConflict: the objectwatcher's refusal under Abort, not any other failure", () => {
    expect(isAbortConflict('Failed to apply all manifests (0/1): resource(kind=Deployment, default/nginx) already exists in the cluster member1 and the ' +
      'work.karmada.io/conflict-resolution strategy value is empty, Karmada will not manage this resource')).toBe(true);
    expect(isAbortConflict('Failed to apply all manifests (0/1): Deployment.apps "nginx" is invalid: spec.selector: Invalid value: field is immutable')).toBe(false);
  });
});
