// The gate and the retentions of spec.retain: a field no longer retained on an object that stays is
// set back to the template's value by Karmada's next PUT (pkg/util/objectwatcher/objectwatcher.go
// Update runs the customization's Retain, pkg/resourceinterpreter/interpreter.go), so dropping it is
// refused outside a Rehearse; adding or widening a retention only stops Karmada reverting.
import { KubeObject } from '../../../src/kube/object';
import { generateRetentionScript } from '../../../src/karmada/retention-lua';
import { RetentionSpec } from '../../../src/karmada/retention';
import { manifestPath } from '../../../src/output/layout';
import { checkChange } from '../../../src/report/check';
import { DistTree } from '../../../src/report/dist-tree';
import { deployment } from '../../util';

const REPLICAS = 'spec.replicas';
const STAMP = 'spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]';

function policy(suspended = false): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'deployments-pp', namespace: 'default' },
    spec: {
      conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: ['member1'] } }, priority: 0,
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' }],
      ...(suspended ? { suspension: { dispatching: true } } : {}),
    },
  };
}

function customization(fields: Record<string, string[]>, script?: string): KubeObject {
  const spec: RetentionSpec = { apiVersion: 'apps/v1', kind: 'Deployment', objects: Object.entries(fields).map(([name, f]) => ({ namespace: 'default', name, fields: f })) };
  return {
    apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization', metadata: { name: 'member1-retain-deployment-v1.apps' },
    spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { retention: { luaScript: script ?? generateRetentionScript(spec, 'member1') } } },
  };
}

function tree(...objects: KubeObject[]): DistTree {
  return new Map(objects.map(o => [manifestPath('member1', o), o]));
}

const web = deployment('default', 'web');
const api = deployment('default', 'api');
const rules = (base: DistTree, head: DistTree) => checkChange(base, head).findings.map(f => `${f.severity} ${f.rule} ${f.object ?? ''}`);

describe('retention-dropped', () => {
  test('a field no longer retained on an object that stays is refused, naming the fields and the customization', () => {
    const base = tree(policy(), web, api, customization({ web: [REPLICAS, STAMP], api: [REPLICAS] }));
    const head = tree(policy(), web, api, customization({ web: [STAMP] }));
    const result = checkChange(base, head);
    expect(result.findings.map(f => [f.rule, f.object])).toStrictEqual([
      ['retention-dropped', 'Deployment.apps default/api'], ['retention-dropped', 'Deployment.apps default/web'],
    ]);
    expect(result.findings[1].message).toBe('Deployment.apps default/web stays in Karmada, but spec.replicas is no longer retained (retained in the base by ' +
      'ResourceInterpreterCustomization.config.karmada.io member1-retain-deployment-v1.apps (member1/policies/_cluster/ResourceInterpreterCustomization.config.karmada.io_member1-retain-deployment-v1.apps.yaml)): ' +
      'at its next PUT Karmada sets it back to the template\'s value, and the member\'s value (an autoscaler\'s replica count, a restart stamp, an injected caBundle) is lost');
    expect(result.ok).toBe(false);
  });

  test('removing the customization drops every field it retained', () => {
    const base = tree(policy(), web, customization({ web: [REPLICAS] }));
    expect(rules(base, tree(policy(), web))).toStrictEqual(['error retention-dropped Deployment.apps default/web']);
  });

  test('adding or widening a retention is accepted: Karmada only stops reverting', () => {
    expect(rules(tree(policy(), web), tree(policy(), web, customization({ web: [REPLICAS] })))).toStrictEqual([]);
    const replicas = tree(policy(), web, customization({ web: [REPLICAS] }));
    expect(rules(replicas, tree(policy(), web, customization({ web: [REPLICAS, STAMP] })))).toStrictEqual([]);
    expect(rules(tree(policy(), web, customization({ web: [REPLICAS] })), tree(policy(), web, customization({ web: [REPLICAS] })))).toStrictEqual([]);
  });

  test('in a Rehearse (the claimant suspends dispatching) the drop waits for a rehearsal: accepted', () => {
    expect(rules(tree(policy(true), web, customization({ web: [REPLICAS] })), tree(policy(true), web))).toStrictEqual([]);
  });

  test('an object leaving Karmada is judged by the removal rules, not this one', () => {
    expect(rules(tree(policy(), web, customization({ web: [REPLICAS] })), tree(policy(), customization({ web: [] }))).filter(r => r.includes('retention'))).toStrictEqual([]);
  });

  test('a customization whose script karmada-migrate did not write is a Karmada object the gate does not model', () => {
    const handWritten = customization({}, 'function Retain(desiredObj, observedObj) return desiredObj end');
    expect(rules(tree(policy(), web), tree(policy(), web, handWritten))).toStrictEqual([
      'error karmada-object ResourceInterpreterCustomization.config.karmada.io member1-retain-deployment-v1.apps',
    ]);
  });
});
