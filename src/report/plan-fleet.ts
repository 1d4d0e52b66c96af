// The plan's view of a fleet (a migration of several member clusters): per template, the clusters
// that get it as written, those an override policy changes it for (and which fields), and those it
// is not placed on; and, per cluster, the object Karmada puts in that cluster's Work. Karmada
// sources: pkg/util/overridemanager/overridemanager.go (ApplyOverridePolicies, modelled by
// karmada/overrides.ts), pkg/controllers/binding/common.go (ensureWork: a cluster whose overrides
// fail gets no new manifest).
import { compareStrings, getOwn, isJsonObject, JsonObject, JsonValue, str } from '../kube/json';
import { KubeObject } from '../kube/object';
import {
  AppliedOverride, applyOverridePolicies, OverridePolicyManifest, OverriderOperator, Overriders, parseJsonPointer,
} from '../karmada/overrides';

/** The overriders of an OverridePolicy rule, as the plan names them. */
export type PlanOverriderKind = 'imageOverrider' | 'commandOverrider' | 'argsOverrider' | 'labelsOverrider' | 'annotationsOverrider' | 'plaintext';

/** One field an override policy changes on a cluster's copy of a template. */
export interface PlanOverriddenField {
  /** the overrider that changes it. */
  readonly overrider: PlanOverriderKind;
  /** its operator. */
  readonly operator: OverriderOperator;
  /**
   * the JSON pointer of the field: a `plaintext` operation's path, an `imageOverrider`'s
   * `predicate.path`.
   *
   * @default - none: a label or annotation (`key`), a container's command or args (`container`), or every container's image
   */
  readonly path?: string;
  /**
   * the label or annotation key.
   *
   * @default - not a label or annotation
   */
  readonly key?: string;
  /**
   * the container whose image, command or args change, by name (an image's, read from the
   * template at `path`).
   *
   * @default - not one container, or its name is not known
   */
  readonly container?: string;
  /**
   * the image component an `imageOverrider` changes.
   *
   * @default - not an image
   */
  readonly component?: 'Registry' | 'Repository' | 'Tag';
}

/** What the override policies do to a template on one cluster. */
export interface PlanClusterOverride {
  /** the member cluster. */
  readonly cluster: string;
  /** the override policies applied, in Karmada's order (`OverridePolicy shop/fleet-web-deployment`). */
  readonly policies: readonly string[];
  /** the fields they change, in the order they are applied. */
  readonly fields: readonly PlanOverriddenField[];
}

/** A cluster where the override policies of a template fail. */
export interface PlanOverrideFailure {
  /** the member cluster. */
  readonly cluster: string;
  /** the policy and the overrider that fail, and why. */
  readonly error: string;
}

/** One template of a fleet, across its clusters. */
export interface PlanFleetObject {
  /** the template (`Deployment.apps shop/web`). */
  readonly object: string;
  /** its file under `dist/`. */
  readonly file: string;
  /** the migration it belongs to. */
  readonly migration: string;
  /** the clusters the policy that claims it places it on, sorted; empty when no policy claims it. */
  readonly placedOn: readonly string[];
  /** the clusters of {@link placedOn} that get the template as written, sorted. */
  readonly identicalIn: readonly string[];
  /** the clusters of {@link placedOn} whose copy override policies change, sorted. */
  readonly overriddenIn: readonly PlanClusterOverride[];
  /**
   * the clusters of {@link placedOn} where an override fails: Karmada applies no override there
   * and the Work keeps its previous manifest (none for a new takeover), sorted.
   *
   * @default - none
   */
  readonly failedIn?: readonly PlanOverrideFailure[];
  /** the clusters of the migration it is not placed on (their exports lack it): Karmada leaves them alone, sorted. */
  readonly notPlacedIn: readonly string[];
}

/** The fleet view of the plan: present when a migration takes over several member clusters. */
export interface PlanFleet {
  /** the member clusters of the migrations of several clusters, sorted. */
  readonly clusters: readonly string[];
  /** the OverridePolicies and ClusterOverridePolicies of `dist/`. */
  readonly overridePolicies: number;
  /** every template of those migrations, in `dist/` path order. */
  readonly objects: readonly PlanFleetObject[];
}

/** A template's copy for one member cluster: the object of its Work, or why the overrides fail. */
export type ClusterCopy =
  | { readonly object: KubeObject; readonly override?: PlanClusterOverride }
  | { readonly error: string };

/**
 * The OverridePolicies and ClusterOverridePolicies of `dist/`, indexed by the names their
 * selectors give, so that each template is matched against the few that may select it.
 */
export class OverridePolicyIndex {
  /** how many policies. */
  public readonly size: number;
  private readonly byName = new Map<string, OverridePolicyManifest[]>();
  private readonly unnamed: OverridePolicyManifest[] = [];
  private readonly byRef = new Map<string, OverridePolicyManifest>();

  /** @param policies the override policies, in any order */
  public constructor(policies: readonly KubeObject[]) {
    this.size = policies.length;
    for (const object of policies) {
      const p = object as unknown as OverridePolicyManifest;
      this.byRef.set(refOf(p.kind, p.kind === 'OverridePolicy' ? p.metadata.namespace ?? 'default' : undefined, p.metadata.name), p);
      const selectors = Array.isArray(p.spec?.resourceSelectors) ? p.spec.resourceSelectors : [];
      const names = selectors.map(s => (isJsonObject(s) && typeof s.name === 'string' && s.name !== '' ? s.name : undefined));
      // a policy without selectors, or with one selecting by kind or labels, may select any template.
      if (!names.length || names.some(n => n === undefined)) {
        this.unnamed.push(p);
        continue;
      }
      for (const n of new Set(names as string[])) this.byName.set(n, [...(this.byName.get(n) ?? []), p]);
    }
  }

  /**
   * The template's copy for a cluster, as Karmada builds its Work: the override policies applied
   * (`applyOverridePolicies`), with the fields they change; or, when one fails, the error.
   *
   * @param watchedApiVersion the version Karmada's detector sees the template in (its group's
   * preferred version), which the policies' selectors are matched against
   * @default watchedApiVersion - the template's own
   */
  public copyFor(template: KubeObject, cluster: string, watchedApiVersion: string = template.apiVersion): ClusterCopy {
    const candidates = [...(this.byName.get(template.metadata.name) ?? []), ...this.unnamed];
    if (!candidates.length) return { object: template };
    let result;
    try {
      result = applyOverridePolicies({ ...template, apiVersion: watchedApiVersion } as unknown as JsonObject, cluster, candidates);
    } catch (e) {
      return { error: (e as Error).message };
    }
    if (!result.applied.length) return { object: template };
    // compared with the live object in the version the template is written in.
    if (result.object.apiVersion === watchedApiVersion) result.object.apiVersion = template.apiVersion;
    const namespace = template.metadata.namespace || 'default';
    const policies: string[] = [];
    const fields: PlanOverriddenField[] = [];
    for (const a of result.applied) {
      const id = `${a.kind} ${a.kind === 'OverridePolicy' ? `${namespace}/` : ''}${a.name}`;
      if (!policies.includes(id)) policies.push(id);
      fields.push(...fieldsOf(this.overridersOf(a, namespace), template as unknown as JsonObject));
    }
    return { object: result.object as unknown as KubeObject, override: { cluster, policies, fields } };
  }

  private overridersOf(a: AppliedOverride, namespace: string): Overriders {
    const p = this.byRef.get(refOf(a.kind, a.kind === 'OverridePolicy' ? namespace : undefined, a.name))!;
    return a.rule < 0 ? p.spec.overriders! : p.spec.overrideRules![a.rule].overriders;
  }
}

function refOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/** The fields an overriders block changes, in Karmada's order (image, command, args, labels, annotations, plaintext). */
export function fieldsOf(overriders: Overriders, template: JsonObject): PlanOverriddenField[] {
  const out: PlanOverriddenField[] = [];
  for (const o of overriders.imageOverrider ?? []) {
    const path = o.predicate?.path;
    const container = path === undefined ? undefined : containerAt(template, path);
    out.push({ overrider: 'imageOverrider', operator: o.operator, ...(path !== undefined ? { path } : {}), ...(container ? { container } : {}), component: o.component });
  }
  for (const [overrider, list] of [['commandOverrider', overriders.commandOverrider], ['argsOverrider', overriders.argsOverrider]] as const) {
    for (const o of list ?? []) out.push({ overrider, operator: o.operator, container: o.containerName });
  }
  for (const [overrider, list] of [['labelsOverrider', overriders.labelsOverrider], ['annotationsOverrider', overriders.annotationsOverrider]] as const) {
    for (const o of list ?? []) {
      for (const key of Object.keys(o.value ?? {}).sort(compareStrings)) out.push({ overrider, operator: o.operator, key });
    }
  }
  for (const o of overriders.plaintext ?? []) out.push({ overrider: 'plaintext', operator: o.operator, path: o.path });
  return out;
}

// the name of the container whose image a predicate path (`/spec/template/spec/containers/0/image`) points at.
function containerAt(template: JsonObject, pointer: string): string | undefined {
  let tokens: string[];
  try {
    tokens = parseJsonPointer(pointer);
  } catch {
    return undefined;
  }
  if (tokens.length < 2 || tokens[tokens.length - 1] !== 'image') return undefined;
  let cur: JsonValue | undefined = template;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(t) ? cur[Number(t)] : undefined;
    else cur = isJsonObject(cur) ? getOwn(cur, t) : undefined;
  }
  const name = isJsonObject(cur) ? str(cur, 'name') : '';
  return name || undefined;
}
