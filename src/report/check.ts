import { DistTree } from './dist-tree';
import { formatKey, groupOf, KubeObject, keyOf } from '../inventory/types';
import { formatPolicyRef, PolicyRef, simulateClaims, TemplateClaim } from '../karmada/claims';
import { categoryOf } from '../output/layout';

/** How bad a finding is: errors fail the gate. */
export type CheckSeverity = 'error' | 'warning';

/** One reason the gate gives. */
export interface CheckFinding {
  readonly severity: CheckSeverity;
  /** a stable rule id (`template-removed-without-preserve`, ...). */
  readonly rule: string;
  /** the object concerned, as `Kind.group namespace/name`. @default - the change as a whole */
  readonly object?: string;
  readonly message: string;
}

/** Options of {@link checkChange}. */
export interface CheckOptions {
  /**
   * a policy change that moves the claim of an existing template is an error, not a warning.
   *
   * @default false
   */
  readonly strict?: boolean;
}

/** The verdict of {@link checkChange}. */
export interface CheckResult {
  /** true when no finding is an error. */
  readonly ok: boolean;
  /** every finding, errors first, then by object. */
  readonly findings: readonly CheckFinding[];
}

interface Side {
  readonly templates: KubeObject[];
  readonly policies: KubeObject[];
  readonly claims: Map<string, TemplateClaim>;
  readonly policiesById: Map<string, KubeObject>;
  readonly templatesById: Map<string, KubeObject>;
}

/**
 * The pull-request gate over two `dist/` trees, `base` (what is deployed) and `head`
 * (what the pull request would deploy). It refuses a change that would delete live
 * objects in a member cluster:
 *
 * - `template-removed-without-preserve`: a template is removed (or moved to another
 *   namespace, which is a removal and a creation) while the policy claiming it in the base
 *   did not have `preserveResourcesOnDeletion: true`. Deleting the template deletes its
 *   Works and so the member object (karmada-semantics §6, `execution_controller.handleWorkDelete`).
 *   The flag must reach every Work first: arming and releasing are two commits.
 * - `cluster-removed-without-preserve`: a policy claiming a template stops placing it on
 *   a cluster while the base policy lacked the flag: that cluster's Work is deleted.
 * - `claim-moves` (warning, error with `strict`): a template existing on both sides would be
 *   claimed by another policy. The detector never re-evaluates a claim
 *   (`pkg/detector/policy.go`, preemption is off by default), so the change would not apply.
 */
export function checkChange(base: DistTree, head: DistTree, options: CheckOptions = {}): CheckResult {
  const b = side(base);
  const h = side(head);
  const findings: CheckFinding[] = [];

  for (const [id, template] of b.templatesById) {
    const claim = b.claims.get(id);
    const winner = claim?.winner;
    if (!winner) continue; // never propagated: removing it deletes nothing in a member cluster
    const policy = b.policiesById.get(policyId(winner))!;
    const preserved = (policy.spec as { preserveResourcesOnDeletion?: boolean } | undefined)?.preserveResourcesOnDeletion === true;
    const object = formatKey(keyOf(template));
    if (!h.templatesById.has(id)) {
      if (!preserved) {
        findings.push({
          severity: 'error', rule: 'template-removed-without-preserve', object,
          message: `${object} is removed, but ${formatPolicyRef(winner)} that claims it in the base does not have preserveResourcesOnDeletion: true: ` +
            'Karmada would delete the live object in the member cluster. Arm the rollback first (rollback: true), merge and sync it, ' +
            'verify every Work carries the flag (karmada-migrate verify-rollback), then remove the template in a later commit',
        });
      }
      continue;
    }
    const headClaim = h.claims.get(id);
    const headWinner = headClaim?.winner;
    if (!preserved) {
      const before = clustersOf(policy);
      const headPolicy = headWinner ? h.policiesById.get(policyId(headWinner)) : undefined;
      const after = headPolicy ? clustersOf(headPolicy) : [];
      const lost = before.filter(c => !after.includes(c));
      if (lost.length > 0 && headWinner && policyId(headWinner) === policyId(winner)) {
        findings.push({
          severity: 'error', rule: 'cluster-removed-without-preserve', object,
          message: `${formatPolicyRef(winner)} stops placing ${object} on ${lost.join(', ')} without preserveResourcesOnDeletion: true in the base: ` +
            'Karmada would delete the live object there. Arm the rollback first, in a commit of its own',
        });
      }
    }
    if (headWinner && policyId(headWinner) !== policyId(winner)) {
      findings.push({
        severity: options.strict ? 'error' : 'warning', rule: 'claim-moves', object,
        message: `${object} is claimed by ${formatPolicyRef(winner)} in the base but would be by ${formatPolicyRef(headWinner)}: ` +
          'Karmada never re-evaluates a claim, so the live binding keeps the old policy until the template is re-created',
      });
    } else if (!headWinner && h.policies.length > 0) {
      findings.push({
        severity: 'warning', rule: 'claim-lost', object,
        message: `${object} is claimed by ${formatPolicyRef(winner)} in the base and by no policy in the head: ` +
          'Karmada keeps its binding as it was, and template changes stop reaching the member cluster',
      });
    }
  }
  findings.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || cmp(x.object ?? '', y.object ?? '') || cmp(x.rule, y.rule));
  return { ok: !findings.some(f => f.severity === 'error'), findings };
}

function side(tree: DistTree): Side {
  const templates: KubeObject[] = [];
  const policies: KubeObject[] = [];
  for (const o of tree.values()) {
    const category = categoryOf(o);
    if (category === 'policies' && o.kind.endsWith('PropagationPolicy')) policies.push(o);
    else if (category === 'templates') templates.push(o);
  }
  const report = simulateClaims(templates, policies, { policiesBeforeTemplates: true });
  const claims = new Map<string, TemplateClaim>();
  report.templates.forEach((c, i) => claims.set(templateId(templates[i]), c));
  return {
    templates,
    policies,
    claims,
    policiesById: new Map(policies.map(p => [policyId({ kind: p.kind as PolicyRef['kind'], namespace: p.metadata.namespace, name: p.metadata.name }), p])),
    templatesById: new Map(templates.map(t => [templateId(t), t])),
  };
}

function templateId(o: KubeObject): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function policyId(p: PolicyRef): string {
  return `${p.kind}/${p.namespace ?? ''}/${p.name}`;
}

function clustersOf(policy: KubeObject): string[] {
  const spec = policy.spec as { placement?: { clusterAffinity?: { clusterNames?: string[] } } } | undefined;
  return spec?.placement?.clusterAffinity?.clusterNames ?? [];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
