import * as fs from 'fs';
import * as path from 'path';
import { KubeObject } from '../../src/kube/object';
import { CHECK_RULES, checkChange } from '../../src/report/check';
import { DistTree } from '../../src/report/dist-tree';
import { manifestPath } from '../../src/output/layout';
import { deployment, ROOT, service } from '../util';

type PolicyExtra = { preserve?: boolean; clusters?: string[]; priority?: number };

function pp(namespace: string, name: string, selectors: object[], extra: PolicyExtra = {}): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name, namespace },
    spec: {
      conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: extra.clusters ?? ['member1'] } }, priority: extra.priority ?? 0,
      resourceSelectors: selectors.map(s => ({ namespace, ...s })),
      ...(extra.preserve ? { preserveResourcesOnDeletion: true } : {}),
    },
  };
}

function cpp(name: string, selectors: object[], preserve = false): KubeObject {
  return { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name },
    spec: { conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: ['member1'] } }, resourceSelectors: selectors, ...(preserve ? { preserveResourcesOnDeletion: true } : {}) } };
}

function tree(...objects: KubeObject[]): DistTree {
  return new Map(objects.map(o => [manifestPath('member1', o), o]));
}

const nginx = deployment('default', 'nginx');
const svc = service('default', 'nginx-svc');
const kindPP = (preserve = false) => pp('default', 'deployments-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment' }], { preserve });
const appPP = (preserve = false) => pp('default', 'nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }], { preserve });

describe('checkChange', () => {
  // each row: the scenario, base, head, the rules expected (errors first), ok
  test.each<[string, DistTree, DistTree, string[], boolean]>([
    ['no change', tree(nginx, svc, appPP()), tree(nginx, svc, appPP()), [], true],
    ['arming alone (only the flag changes)', tree(nginx, svc, appPP()), tree(nginx, svc, appPP(true)), [], true],
    ['same commit flips preserve and removes the templates', tree(nginx, svc, appPP()), tree(appPP(true)),
      ['error:template-removed-without-preserve', 'error:template-removed-without-preserve'], false],
    ['base lacks preserve, template removed, policy kept', tree(nginx, svc, appPP()), tree(svc, appPP()), ['error:template-removed-without-preserve'], false],
    ['base has preserve, templates removed (the release), trusting Git', tree(nginx, svc, appPP(true)), tree(appPP(true)), ['warning:removal-trusts-git'], true],
    ['template moved to another namespace', tree(nginx, kindPP(), pp('shop', 'deployments-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment' }])),
      tree(deployment('shop', 'nginx'), kindPP(), pp('shop', 'deployments-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment' }])), ['error:template-removed-without-preserve'], false],
    ['policy deleted and template removed', tree(nginx, appPP()), tree(), ['error:template-removed-without-preserve'], false],
    ['policy deleted and template removed, base preserved', tree(nginx, appPP(true)), tree(), ['warning:removal-trusts-git'], true],
    ['template removed, claimed by the winning app policy that lacks preserve although the kind policy has it',
      tree(nginx, kindPP(true), appPP()), tree(kindPP(true), appPP()), ['error:template-removed-without-preserve'], false],
    ['template moved to another cluster', tree(nginx, appPP()), tree(nginx, pp('default', 'nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }], { clusters: ['member2'] })),
      ['error:cluster-removed-without-preserve'], false],
    ['a cluster added is fine', tree(nginx, appPP()), tree(nginx, pp('default', 'nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }], { clusters: ['member1', 'member2'] })), [], true],
    ['a new policy would win the claim of an existing template', tree(nginx, kindPP()), tree(nginx, kindPP(), appPP()), ['warning:claim-moves'], true],
    ['a policy stops selecting a template', tree(nginx, svc, appPP()), tree(nginx, svc, pp('default', 'nginx-pp', [{ apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }])), ['warning:claim-lost'], true],
    // it may keep a binding from an earlier claim: without bindings, refused.
    ['a template no policy claims is removed', tree(nginx, svc, pp('default', 'svc', [{ apiVersion: 'v1', kind: 'Service' }])), tree(svc, pp('default', 'svc', [{ apiVersion: 'v1', kind: 'Service' }])),
      ['error:template-removed-without-preserve'], false],
    ['a ClusterPropagationPolicy without preserve', tree(nginx, cpp('all', [{ apiVersion: 'apps/v1', kind: 'Deployment' }])), tree(cpp('all', [{ apiVersion: 'apps/v1', kind: 'Deployment' }], true)),
      ['error:template-removed-without-preserve'], false],
  ])('%s', (_, base, head, rules, ok) => {
    const result = checkChange(base, head);
    expect(result.findings.map(f => `${f.severity}:${f.rule}`)).toStrictEqual(rules);
    expect(result.ok).toBe(ok);
  });

  test('--strict makes a moved claim an error', () => {
    const result = checkChange(tree(nginx, kindPP()), tree(nginx, kindPP(), appPP()), { strict: true });
    expect(result.ok).toBe(false);
    expect(result.findings[0].message).toBe('Deployment.apps default/nginx is claimed by PropagationPolicy default/deployments-pp but would be by ' +
      'PropagationPolicy default/nginx-pp: Karmada never re-evaluates a claim, so the live binding keeps PropagationPolicy default/deployments-pp until the template is re-created');
  });

  test('the removal message names the object, the policy and the two-commit fix', () => {
    const [f] = checkChange(tree(nginx, appPP()), tree(appPP(true))).findings;
    expect(f.object).toBe('Deployment.apps default/nginx');
    expect(f.message).toContain('would be pruned by the external delivery of dist/member1, as its file is removed');
    expect(f.message).toContain('PropagationPolicy default/nginx-pp as deployed: it does not have preserveResourcesOnDeletion: true');
    expect(f.fix).toContain('karmada-migrate verify-rollback');
  });
});

describe('the README', () => {
  test('its table of the gate\'s rules lists every rule, and only those', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The pull-request gate'), readme.indexOf('## Rollback, step by step'));
    const rules = [...section.matchAll(/^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \|/gm)].flatMap(m => m[1].split(', ').map(r => r.slice(1, -1)));
    expect(rules.sort()).toStrictEqual(Object.keys(CHECK_RULES).sort());
  });
});
