import * as fs from 'fs';
import * as path from 'path';
import { KubeObject } from '../../src/kube/object';
import { CHECK_RULES, checkChange } from '../../src/report/check';
import { DistTree } from '../../src/report/dist-tree';
import { RehearsalEvidence } from '../../src/report/gate/suspension-rules';
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

// a fleet: a template placed on three clusters, one of which leaves. Karmada deletes that cluster's
// Work (pkg/controllers/binding/common.go: removeOrphanWorks), and with it the member object unless
// the Work preserves (pkg/controllers/execution/execution_controller.go: handleWorkDelete); the flag
// is the policy's, the same for every cluster it places on.
describe('checkChange: a fleet of three clusters', () => {
  const FLEET = ['member1', 'member2', 'member3'];
  const web = deployment('shop', 'web');
  const placed = (name: string, clusters: string[], preserve = false) => pp('shop', name, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }], { clusters, preserve });

  test.each<[string, KubeObject, KubeObject]>([
    ['its placement edited', placed('web-pp', FLEET), placed('web-pp', ['member1', 'member3'])],
    // karmada-migrate names a per-kind policy after its set of clusters: a cluster leaving renames it.
    ['its claimant replaced by the policy of the remaining clusters', placed('deployments-pp-6739a741', FLEET), placed('deployments-pp-b8fff4d3', ['member1', 'member3'])],
  ])('member2 leaves, %s, without preserve: refused, naming member2 alone', (_, before, after) => {
    const result = checkChange(tree(web, before), tree(web, after));
    expect(result.ok).toBe(false);
    const errors = result.findings.filter(f => f.severity === 'error');
    expect(errors.map(f => [f.rule, f.object])).toStrictEqual([['cluster-removed-without-preserve', 'Deployment.apps shop/web']]);
    expect(errors[0].message).toMatch(/: member2 leaves \(not in the new placement\)/);
    expect(errors[0].message).toContain('Karmada deletes the Work, and so the live object, on member2, since not every policy involved preserves');
    expect(errors[0].message).not.toMatch(/member[13] leave/);
  });

  test.each<[string, KubeObject, KubeObject]>([
    ['its placement edited', placed('web-pp', FLEET, true), placed('web-pp', ['member1', 'member3'], true)],
    ['its claimant replaced by the policy of the remaining clusters', placed('deployments-pp-6739a741', FLEET, true), placed('deployments-pp-b8fff4d3', ['member1', 'member3'], true)],
  ])('member2 leaves, %s, the policies preserving: accepted', (_, before, after) => {
    const result = checkChange(tree(web, before), tree(web, after));
    expect(result.findings.filter(f => f.severity === 'error')).toStrictEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('checkChange: a rehearsal (policies that suspend dispatching)', () => {
  const suspend = (p: KubeObject, suspension: object = { dispatching: true }): KubeObject => ({ ...p, spec: { ...p.spec as object, suspension } });
  const rules = (base: DistTree, head: DistTree) => checkChange(base, head).findings.map(f => `${f.severity}:${f.rule}:${f.object ?? ''}`);

  test.each<[string, DistTree, DistTree, string[]]>([
    ['Takeover to Rehearse, and Rehearse unchanged, are fine', tree(nginx, svc, appPP()), tree(nginx, svc, suspend(appPP())), []],
    ['a rehearsal unchanged', tree(nginx, svc, suspend(appPP())), tree(nginx, svc, suspend(appPP())), []],
    ['a first rehearsal adding templates', tree(svc, suspend(appPP())), tree(nginx, svc, suspend(appPP())), []],
    ['Rehearse to Takeover: the suspension lifted', tree(nginx, svc, suspend(appPP())), tree(nginx, svc, appPP()),
      ['error:suspension-lifted:PropagationPolicy default/nginx-pp']],
    ['dispatching: false, {} and null lift it too', tree(nginx, suspend(appPP())), tree(nginx, suspend(appPP(), { dispatching: false })),
      ['error:suspension-lifted:PropagationPolicy default/nginx-pp']],
    ['suspended on every cluster, then on member1 only: lifted elsewhere', tree(nginx, suspend(appPP())), tree(nginx, suspend(appPP(), { dispatchingOnClusters: { clusterNames: ['member1'] } })),
      ['error:suspension-lifted:PropagationPolicy default/nginx-pp']],
    ['on member1 only, then on every cluster: not lifted', tree(nginx, suspend(appPP(), { dispatchingOnClusters: { clusterNames: ['member1'] } })), tree(nginx, suspend(appPP())), []],
    ['the suspended claimant renamed, its successor not suspended', tree(nginx, suspend(appPP())),
      tree(nginx, pp('default', 'nginx-pp-2', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }])),
      ['error:suspension-lifted:Deployment.apps default/nginx', 'warning:reclaimed:Deployment.apps default/nginx']],
    ['the suspended claimant renamed, its successor suspended too', tree(nginx, suspend(appPP())),
      tree(nginx, suspend(pp('default', 'nginx-pp-2', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }]))), ['warning:reclaimed:Deployment.apps default/nginx']],
    // deleting a template is not inert under suspension, armed or not.
    ['a template removed while suspended, even armed', tree(nginx, svc, suspend(appPP(true))), tree(svc, suspend(appPP(true))),
      ['error:template-removed-while-suspended:Deployment.apps default/nginx', 'warning:removal-trusts-git:']],
    ['a template removed as the suspension is lifted', tree(nginx, svc, suspend(appPP(true))), tree(svc, appPP(true)),
      ['error:template-removed-while-suspended:Deployment.apps default/nginx', 'error:suspension-lifted:PropagationPolicy default/nginx-pp', 'warning:removal-trusts-git:']],
    ['a template removed as the policy is suspended', tree(nginx, svc, appPP(true)), tree(svc, suspend(appPP(true))),
      ['error:template-removed-while-suspended:Deployment.apps default/nginx', 'warning:removal-trusts-git:']],
    ['a template removed, a kind policy that may claim it suspended', tree(nginx, appPP(true), suspend(kindPP(true))), tree(appPP(true), suspend(kindPP(true))),
      ['error:template-removed-while-suspended:Deployment.apps default/nginx', 'warning:removal-trusts-git:']],
    ['Release from a rehearsal (every template leaves)', tree(nginx, svc, suspend(appPP(true))), tree(suspend(appPP(true))),
      ['error:template-removed-while-suspended:Deployment.apps default/nginx', 'error:template-removed-while-suspended:Service default/nginx-svc', 'warning:removal-trusts-git:']],
  ])('%s', (_, base, head, expected) => {
    expect(rules(base, head)).toStrictEqual(expected);
  });

  test('the lift names the policy, the clusters, the report path it needs, and why it is refused (no report)', () => {
    const [f] = checkChange(tree(nginx, suspend(appPP())), tree(nginx, appPP())).findings;
    expect(f.message).toBe('PropagationPolicy default/nginx-pp (member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml) suspends dispatching as deployed ' +
      'and not in this change (on every cluster): Karmada would apply every Work of the templates it claims at once, the takeover with its conflictResolution; ' +
      'the gate accepts lifting a suspension only with a clean rehearsal report of the same templates committed with the change (rehearsals/member1.json beside dist/, ' +
      'written by karmada-migrate rehearse --output from the Works and the live objects): no rehearsal report at rehearsals/member1.json');
    expect(f.fix).toContain('keep the suspension (phase: Rehearse)');
    expect(f.fix).toContain('karmada-migrate rehearse --works WORKS --live LIVE --output rehearsals/<migration>.json');
  });

  describe('a lift with a rehearsal report', () => {
    const DIGEST = `sha256:${'a'.repeat(64)}`;
    const report = (over: object = {}) => JSON.stringify({
      apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'RehearsalReport', migration: 'member1', digest: DIGEST, clean: true, works: 2,
      templates: [], findings: [], ...over,
    });
    const evidence = (text: string | undefined, digest = DIGEST): RehearsalEvidence => ({
      reports: new Map([['member1', { file: 'rehearsals/member1.json', ...(text === undefined ? {} : { text }) }]]),
      digests: new Map([['member1', digest]]),
    });
    const lift = (rehearsals: RehearsalEvidence) =>
      checkChange(tree(nginx, svc, suspend(appPP())), tree(nginx, svc, appPP()), { rehearsals }).findings;

    test('accepted: a clean report of the same templates', () => {
      expect(lift(evidence(report()))).toStrictEqual([]);
    });

    test('accepted too when the suspended claimant goes and an unsuspended one takes its templates', () => {
      const head = tree(nginx, pp('default', 'nginx-pp-2', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }]));
      const found = checkChange(tree(nginx, suspend(appPP())), head, { rehearsals: evidence(report()) }).findings.map(f => f.rule);
      expect(found).not.toContain('suspension-lifted');
    });

    test.each<[string, RehearsalEvidence, string]>([
      ['missing', evidence(undefined), 'no rehearsal report at rehearsals/member1.json'],
      ['not JSON', evidence('{'), 'rehearsals/member1.json is not JSON'],
      ['another kind', evidence(report({ kind: 'CheckReport' })), 'rehearsals/member1.json is not a RehearsalReport'],
      ['another migration', evidence(report({ migration: 'member2' })), 'rehearsals/member1.json rehearses migration member2, not member1'],
      ['dirty', evidence(report({ clean: false, findings: [{ kind: 'pods-restart', object: 'Deployment.apps default/nginx', message: 'x' }] })),
        'rehearsals/member1.json is not clean (1 finding(s))'],
      ['clean claimed, with a finding', evidence(report({ findings: [{ kind: 'missing-work', object: 'Service default/nginx-svc', message: 'x' }] })),
        'rehearsals/member1.json is not clean (1 finding(s))'],
      ['stale: a template changed since', evidence(report(), `sha256:${'b'.repeat(64)}`),
        `rehearsals/member1.json rehearsed other templates (${DIGEST}) than those of member1 in this change (sha256:${'b'.repeat(64)}): a template changed since the rehearsal`],
    ])('refused: %s', (_, rehearsals, why) => {
      const findings = lift(rehearsals);
      expect(findings.map(f => f.rule)).toStrictEqual(['suspension-lifted']);
      expect(findings[0].message).toContain(`: ${why}`);
    });
  });

  test('the removal names what deleting does despite the suspension', () => {
    const [f] = checkChange(tree(nginx, svc, suspend(appPP(true))), tree(svc, suspend(appPP(true)))).findings;
    expect(f.message).toContain('while a policy that may claim it suspends dispatching (PropagationPolicy default/nginx-pp as deployed; PropagationPolicy default/nginx-pp in this change)');
    expect(f.message).toContain('with preserveResourcesOnDeletion and Overwrite it PUTs the template onto the live object');
  });
});

describe('the file of each finding', () => {
  test('a finding names the file of dist/ it is about: its object\'s, the base\'s when removed, the first its message names', () => {
    // a removed template: the base's file
    const removed = checkChange(tree(nginx, svc, appPP()), tree(svc, appPP())).findings;
    expect(removed.map(f => [f.rule, f.file])).toStrictEqual([['template-removed-without-preserve', manifestPath('member1', nginx)]]);
    // a template written twice: the first file named
    const twice = new Map([...tree(nginx, appPP())]);
    twice.set('other/templates/nginx.yaml', nginx);
    const dup = checkChange(tree(nginx, appPP()), twice).findings.find(f => f.rule === 'duplicate-identity')!;
    expect(dup.file).toBe(/to (\S+) and/.exec(dup.message)![1]);
    // the change as a whole: no file
    expect(checkChange(tree(), tree(nginx)).findings.map(f => [f.rule, f.file])).toStrictEqual([['base-without-dist', undefined]]);
  });
});

describe('the README', () => {
  test('its table of the gate\'s rules lists every rule, and only those', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    // the section, to the next one (## Rehearsal has a table of its own: the findings of rehearse).
    const start = readme.indexOf('## The pull-request gate');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const rules = [...section.matchAll(/^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \|/gm)].flatMap(m => m[1].split(', ').map(r => r.slice(1, -1)));
    expect(rules.sort()).toStrictEqual(Object.keys(CHECK_RULES).sort());
  });
});
