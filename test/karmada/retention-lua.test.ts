// The generated retention scripts, run in a real Lua 5.1 VM (test/karmada/lua-vm.ts) as Karmada runs
// them, against the TypeScript model (src/karmada/retention.ts, src/karmada/retain.ts).
import * as fc from 'fast-check';
import { applyRetainHook, applyRetention, generateRetentionScript, luaSandboxProblems, NATIVE_RETAIN_LUA, RETAINED_FIELDS, RetentionSpec } from '../../src/karmada';
import { JsonObject } from '../../src/kube';
import { asLuaSees, RetentionVm } from './lua-vm';

type Obj = Record<string, unknown>;
const o = (x: Obj) => x as JsonObject;

function vmFor(spec: RetentionSpec): RetentionVm {
  const script = generateRetentionScript(spec, 'member1');
  expect(luaSandboxProblems(script, ['Retain'])).toEqual([]);
  return new RetentionVm(script);
}

describe('a generated script in Lua 5.1', () => {
  test('Deployment: a retained field comes from the member, the rest from the template', () => {
    const spec: RetentionSpec = { apiVersion: 'apps/v1', kind: 'Deployment', objects: [{ namespace: 'default', name: 'nginx', fields: ['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]'] }] };
    const vm = vmFor(spec);
    const desired = o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default' }, spec: { replicas: 2, template: { metadata: { labels: { app: 'nginx' } } } } });
    const observed = o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default' }, spec: { replicas: 5, template: { metadata: { labels: { app: 'x' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } });
    const result = vm.retain(desired, observed);
    expect(result).toEqual({ ...desired, spec: { replicas: 2, template: { metadata: { labels: { app: 'nginx' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } });
    expect(result).toEqual(asLuaSees(applyRetention(desired, observed, spec), [desired, observed]));
    vm.close();
  });
});
