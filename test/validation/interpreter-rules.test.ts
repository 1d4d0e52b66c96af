// Karmada's webhook for ResourceInterpreterCustomizations and the Lua runtime's limits, as rules
// (src/validation/interpreter-rules.ts), through validateManifests.
import { KubeObject } from '../../src/kube/object';
import { validateManifests } from '../../src/validation/validate-manifests';

const ric = (name: string, customizations: Record<string, { luaScript: string }>, target = { apiVersion: 'apps/v1', kind: 'Deployment' }): KubeObject => ({
  apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization', metadata: { name }, spec: { target, customizations },
});
const RETAIN = 'function Retain(desiredObj, observedObj) return desiredObj end';
const rules = (ms: KubeObject[]) => validateManifests(ms).map(v => `${v.rule} ${v.object.metadata.name}: ${v.path ?? ''}: ${v.message}`);

describe('ResourceInterpreterCustomization rules', () => {
  test('a retention script that defines Retain and uses the runtime\'s functions passes, with the CRD schema', () => {
    expect(rules([ric('a', { retention: { luaScript: RETAIN } })])).toEqual([]);
  });

  test('two customizations of one target defining the same operation conflict, as the webhook says; dependencies may repeat', () => {
    expect(rules([ric('b', { retention: { luaScript: RETAIN } }), ric('a', { retention: { luaScript: RETAIN } })])).toEqual([
      'karmada-webhook/interpreter-operation-conflict b: spec.customizations.retention: conflicting with InterpreterOperation(Retain) of existing ResourceInterpreterCustomization(a)',
    ]);
    const deps = 'function GetDependencies(desiredObj) return {} end';
    expect(rules([ric('a', { dependencyInterpretation: { luaScript: deps } }), ric('b', { dependencyInterpretation: { luaScript: deps } })])).toEqual([]);
    expect(rules([ric('a', { retention: { luaScript: RETAIN } }), ric('b', { retention: { luaScript: RETAIN } }, { apiVersion: 'v1', kind: 'Service' })])).toEqual([]);
  });

  test('a script that does not compile is refused with the webhook\'s message', () => {
    expect(rules([ric('a', { retention: { luaScript: 'function Retain(d, o)\n  return d // 2\nend' } })]))
      .toEqual([expect.stringMatching(/^karmada-webhook\/interpreter-lua-compiles a: spec\.customizations\.retention\.luaScript: InterpreterOperation\(Retain\) Lua script error: line 2: /)]);
  });

  test('what the runtime refuses, a missing function and an empty target are refused', () => {
    expect(rules([ric('a', { retention: { luaScript: 'function Retain(d, o) local s = string.rep("x", 9) return d end' } }, { apiVersion: '', kind: 'Deployment' })])).toEqual([
      'migration/interpreter-runtime a: spec.target: the target needs a non-empty apiVersion and kind (Karmada matches them exactly)',
      expect.stringMatching(/^migration\/interpreter-runtime a: spec\.customizations\.retention\.luaScript: line 1: string\.rep raises/),
    ]);
    expect(rules([ric('a', { retention: { luaScript: 'local function Retain(d, o) return d end' } })]))
      .toEqual([expect.stringMatching(/does not define the global function Retain/)]);
  });

  test('an unknown field is refused by the pinned CRD schema', () => {
    const bad = ric('a', { retention: { luaScript: RETAIN } });
    (bad.spec as Record<string, unknown>).extra = true;
    expect(rules([bad])).toEqual([expect.stringMatching(/^crd-schema a: spec\.extra: /)]);
  });
});
