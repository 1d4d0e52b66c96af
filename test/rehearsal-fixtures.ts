// The example in the Rehearse phase, and the Works Karmada builds for it while dispatching is
// suspended (pkg/controllers/binding/common.go: ensureWork; the manifest carries the claim
// metadata of its template, pkg/detector/claim.go, and Karmada's labels).
import * as fs from 'fs';
import * as path from 'path';
import { generateWorkName } from '../src/karmada/works';
import { KubeObject } from '../src/kube/object';
import { categoryOf } from '../src/output/layout';
import { readDistDir } from '../src/report/dist-tree';
import { ROOT } from './util';

/** how a test bends a Work. */
export interface WorkOptions {
  /** @default true */
  readonly suspended?: boolean;
  /** @default 'member1' */
  readonly cluster?: string;
  /** the PropagationPolicy (of the template's namespace) its manifest names. @default the example's claimant */
  readonly claimant?: string;
  /** edits the manifest. */
  readonly edit?: (m: KubeObject) => void;
}

/** the policy of the example that claims a template: the app's for nginx, else the per-kind ones. */
export function exampleClaimant(t: KubeObject): string {
  if (t.metadata.namespace === 'default' && (t.metadata.name === 'nginx' || t.metadata.name === 'nginx-svc')) return 'nginx-pp';
  return t.kind === 'Deployment' ? 'deployments-pp' : 'services-pp';
}

/** a Work as Karmada writes it: the template with its claim metadata and Karmada's labels, suspended. */
export function rehearsalWork(t: KubeObject, opts: WorkOptions = {}): object {
  const copy = JSON.parse(JSON.stringify(t)) as KubeObject;
  const manifest: KubeObject = {
    ...copy,
    metadata: {
      ...copy.metadata,
      labels: { ...copy.metadata.labels, 'karmada.io/managed': 'true', 'propagationpolicy.karmada.io/permanent-id': 'b3c1f0a4-6f1e-4c8a-9a57-1d2e3f4a5b6c' },
      annotations: {
        ...copy.metadata.annotations,
        'propagationpolicy.karmada.io/name': opts.claimant ?? exampleClaimant(t), 'propagationpolicy.karmada.io/namespace': t.metadata.namespace!,
        'work.karmada.io/conflict-resolution': 'overwrite',
      },
    },
  };
  opts.edit?.(manifest);
  return {
    apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work',
    metadata: { name: generateWorkName(t.kind, t.metadata.name, t.metadata.namespace), namespace: `karmada-es-${opts.cluster ?? 'member1'}` },
    spec: { workload: { manifests: [manifest] }, ...(opts.suspended === false ? {} : { suspendDispatching: true }) },
  };
}

/** the templates of a dist/. */
export function templatesOf(tree: ReadonlyMap<string, KubeObject>): KubeObject[] {
  return [...tree].filter(([, o]) => categoryOf(o) === 'templates').map(([, o]) => o);
}

/** Works for every template of a dist/, bent per template name. */
export function rehearsalWorks(tree: ReadonlyMap<string, KubeObject>, edits: Record<string, WorkOptions> = {}): object[] {
  return templatesOf(tree).map(t => rehearsalWork(t, edits[t.metadata.name]));
}

/**
 * copies the example's dist/ into `dir/dist` with every policy suspending dispatching (as
 * `phase: Rehearse` writes them: spec.suspension.dispatching, the last key of spec).
 *
 * @returns the path of the copy
 */
export function rehearsingDist(dir: string): string {
  const dist = path.join(dir, 'dist');
  fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  for (const [file, o] of readDistDir(dist)) {
    if (categoryOf(o) !== 'policies') continue;
    fs.appendFileSync(path.join(dist, file), '  suspension:\n    dispatching: true\n');
  }
  return dist;
}
