import { compareKeys, formatGroupKind, keyOf, keyString, KubeObject, ObjectKey } from '../kube/object';
import { cleanObject } from './clean';
import { CLEAN_RULES, CleanRule } from './clean-rules';
import { Dependency, findReferences } from './dependencies';
import { DROP_RULES, DropRule, matchDropRule } from './drop-rules';
import { applyHpaTargets, RetainedReplicas } from './hpa';
import { ObjectsOptions, readInventory, readObjects, ReadOptions } from './read';
import { isSecret, SecretPolicy, UNMANAGED_SECRET_RULE, unmanagedSecretReason } from './secrets';
import { ObjectOwner, ownerOf } from './owners';
import { convertRemovedVersion } from '../kube/api-versions';
import { JsonObject } from '../kube/json';
import { statefulSetClaimMatcher } from './statefulset-claims';
import { InventoryObject, InventoryWarning } from './types';
import { SourceLocation } from '../errors';

/** The drop rule of an object in an apiVersion the Karmada API server no longer serves, that cannot be converted without loss. */
export const REMOVED_VERSION_RULE = 'removed-api-version';

/** An object of the inventory that may become a resource template. */
export interface InventoryTemplate {
  readonly key: ObjectKey;
  /** the object, cleaned of what the cluster filled in. */
  readonly object: KubeObject;
  /** where it was read from. */
  readonly source: SourceLocation;
  /** who applies it to the cluster today (read before cleaning, which strips the marks). */
  readonly owner: ObjectOwner;
}

/** An object the inventory left out, and why. */
export interface DroppedObject {
  readonly key: ObjectKey;
  /** where it was read from. */
  readonly source: SourceLocation;
  /** why it must not become a resource template, in words for the user. */
  readonly reason: string;
  /** the id of the drop rule that matched (`secret-unmanaged` and `statefulset-claim` for the inventory-wide ones). */
  readonly rule: string;
}

/** A dependency of a template that the inventory does not hold at all. */
export interface MissingDependency {
  /** the template that refers to it. */
  readonly dependent: ObjectKey;
  /** where that template was read from. */
  readonly source: SourceLocation;
  /** what it refers to, and where. Never optional: a missing optional reference is not reported. */
  readonly dependency: Dependency;
}

/** The rules an {@link Inventory} drops and cleans objects by. */
export interface InventoryRuleOptions {
  /**
   * the rules that leave objects out, tried in order.
   *
   * @default DROP_RULES
   */
  readonly dropRules?: readonly DropRule[];

  /**
   * the rules that clean the objects kept, applied in order.
   *
   * @default CLEAN_RULES
   */
  readonly cleanRules?: readonly CleanRule[];

  /**
   * what becomes of Secrets: left unmanaged in the member cluster (dropped, with the
   * objects that refer to them), or templates with their data in plain text.
   *
   * @default SecretPolicy.UNMANAGED
   */
  readonly secrets?: SecretPolicy;
}

/** Options of {@link Inventory.load}. */
export interface InventoryOptions extends ReadOptions, InventoryRuleOptions {}

/** Options of {@link Inventory.fromObjects}. */
export interface InventoryObjectsOptions extends ObjectsOptions, InventoryRuleOptions {}

/**
 * The objects of a cluster export (or of manifests) that may become resource templates:
 * read, with what must never be a template dropped and the rest cleaned.
 *
 * Loading runs, in order: the drop rules (and the claims StatefulSets make from their
 * volumeClaimTemplates), the clean rules, the autoscaler pass (a Deployment a
 * HorizontalPodAutoscaler scales gets `resourcetemplate.karmada.io/retain-replicas: "true"`,
 * see `applyHpaTargets`), then the secrets policy.
 *
 * @example
 * const inventory = Inventory.load(['inventory/member1.yaml']);
 * inventory.byGroupKind('apps', 'Deployment'); // cleaned Deployments, in key order
 * inventory.dropped;                           // ReplicaSets, Pods, Secrets ... and why
 * inventory.missingDependencies();             // what the templates refer to and the inventory lacks
 */
export class Inventory {
  /**
   * Reads files, directories or stdin (`-`) with {@link readInventory}, then drops and cleans.
   *
   * @throws InputError naming the file, the document and the line of the first problem
   */
  public static load(paths: readonly string[], options: InventoryOptions = {}): Inventory {
    return new Inventory(readInventory(paths, options), options);
  }

  /**
   * Builds an inventory from objects made in code, checked with {@link readObjects}. The
   * objects are not changed.
   *
   * @param source where the objects come from, for messages; object `i` gets document `i`
   * @throws InputError at the first problem
   */
  public static fromObjects(objects: readonly KubeObject[], source: SourceLocation = { file: '<code>' },
    options: InventoryObjectsOptions = {}): Inventory {
    return new Inventory(readObjects(objects, source, options), options);
  }

  /** the objects that may become templates, cleaned, sorted by `compareKeys`. */
  public readonly templates: readonly InventoryTemplate[];
  /** the objects left out, sorted by `compareKeys`. */
  public readonly dropped: readonly DroppedObject[];
  /** objects converted from an apiVersion the Karmada API server no longer serves, in read order. */
  public readonly conversions: Array<{ readonly key: ObjectKey; readonly source: SourceLocation; readonly from: string; readonly to: string }> = [];
  /** the namespaces of the templates, sorted. */
  public readonly namespaces: readonly string[];
  /** what the user should know about some objects (autoscaler targets), in key order of the object concerned. */
  public readonly warnings: readonly InventoryWarning[];
  /**
   * the Deployments that keep their live replicas under Karmada (`resourcetemplate.karmada.io/retain-replicas: "true"`):
   * each one an autoscaler of the inventory scales, and each the input labelled already; in key order.
   */
  public readonly retainReplicas: readonly RetainedReplicas[];
  /** what became of the Secrets. */
  public readonly secrets: SecretPolicy;
  private readonly byKey = new Map<string, InventoryTemplate>();
  private readonly byKind = new Map<string, InventoryTemplate[]>();
  private readonly droppedByKey = new Map<string, DroppedObject>();
  private readonly dependenciesByKey = new Map<string, readonly Dependency[]>();
  private readonly referrers = new Map<string, ObjectKey[]>();

  // `objects` is the constructor's own array (made by readInventory or readObjects): each entry is
  // let go of once handled, so the estate as read and the estate cleaned are not held at once.
  private constructor(objects: Array<InventoryObject | undefined>, options: InventoryRuleOptions) {
    const dropRules = options.dropRules ?? DROP_RULES;
    const cleanRules = options.cleanRules ?? CLEAN_RULES;
    this.secrets = options.secrets ?? SecretPolicy.UNMANAGED;
    const claimOfStatefulSet = statefulSetClaimMatcher(objects.map(o => o!.object));
    let kept: InventoryTemplate[] = [];
    const dropped: DroppedObject[] = [];
    for (let i = 0; i < objects.length; i++) {
      const { object, source } = objects[i]!;
      objects[i] = undefined;
      const key = keyOf(object);
      // rules look at the object as read: cleaning removes ownerReferences, which they need.
      const match = matchDropRule(object, dropRules) ?? claimOfStatefulSet(object);
      if (match) {
        dropped.push({ key, source, reason: match.reason, rule: match.rule });
        continue;
      }
      const cleaned = cleanObject(object, cleanRules);
      // a version the Karmada API server no longer serves: converted where nothing is lost, else left out with the replacement named.
      const conversion = convertRemovedVersion(cleaned as unknown as JsonObject);
      if (conversion && 'refused' in conversion) {
        dropped.push({ key, source, reason: conversion.refused, rule: REMOVED_VERSION_RULE });
        continue;
      }
      const converted = conversion ? conversion.converted as unknown as KubeObject : cleaned;
      // the group may change (extensions to apps): the identity is that of the object written.
      if (conversion) this.conversions.push({ key: keyOf(converted), source, from: conversion.from, to: conversion.to });
      kept.push({ key: keyOf(converted), object: converted, source, owner: ownerOf(object) });
    }

    const hpa = applyHpaTargets(kept);
    kept = hpa.templates;
    this.warnings = hpa.warnings;
    this.retainReplicas = [...hpa.retained].sort((a, b) => compareKeys(a.key, b.key));

    for (const t of kept) {
      const dependencies = findReferences(t.object);
      if (dependencies.length === 0) continue;
      this.dependenciesByKey.set(keyString(t.key), dependencies);
      for (const d of dependencies) {
        const k = keyString(d.key);
        const list = this.referrers.get(k);
        if (list) list.push(t.key);
        else this.referrers.set(k, [t.key]);
      }
    }

    const templates: InventoryTemplate[] = [];
    const namespaces = new Set<string>();
    for (const t of kept) {
      if (this.secrets === SecretPolicy.UNMANAGED && isSecret(t.object)) {
        dropped.push({ key: t.key, source: t.source, reason: unmanagedSecretReason(this.referencedBy(t.key)), rule: UNMANAGED_SECRET_RULE });
        continue;
      }
      templates.push(t);
      this.byKey.set(keyString(t.key), t);
      const gk = formatGroupKind(t.key.group, t.key.kind);
      const ofKind = this.byKind.get(gk);
      if (ofKind) ofKind.push(t);
      else this.byKind.set(gk, [t]);
      if (t.key.namespace) namespaces.add(t.key.namespace);
    }
    dropped.sort((a, b) => compareKeys(a.key, b.key));
    for (const d of dropped) this.droppedByKey.set(keyString(d.key), d);
    this.templates = templates;
    this.dropped = dropped;
    this.namespaces = [...namespaces].sort();
  }

  /** returns the template with this key (the apiVersion's version does not count). */
  public find(key: ObjectKey): InventoryTemplate | undefined {
    return this.byKey.get(keyString(key));
  }

  /**
   * returns the templates of an API group and kind, in key order.
   *
   * @param group the API group, `''` for the core group
   */
  public byGroupKind(group: string, kind: string): readonly InventoryTemplate[] {
    return this.byKind.get(formatGroupKind(group, kind)) ?? [];
  }

  /** returns why the object with this key was left out, or undefined when it was not. */
  public findDropped(key: ObjectKey): DroppedObject | undefined {
    return this.droppedByKey.get(keyString(key));
  }

  /**
   * returns what the template with this key refers to by name (see `findReferences`):
   * ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims of a pod template,
   * TLS Secrets of an Ingress, a StatefulSet's Service, the ServiceAccounts a binding grants
   * to. Empty for any other key.
   */
  public dependencies(key: ObjectKey): readonly Dependency[] {
    return this.dependenciesByKey.get(keyString(key)) ?? [];
  }

  /**
   * returns the templates that refer to the object with this key (whether the inventory
   * holds it or not), sorted by `compareKeys`: for an unmanaged Secret, the workloads that
   * use it in the member cluster.
   */
  public referencedBy(key: ObjectKey): readonly ObjectKey[] {
    return this.referrers.get(keyString(key)) ?? [];
  }

  /**
   * Returns the dependencies of the templates that the inventory does not hold at all
   * (neither as a template nor dropped), sorted by template then dependency. Not reported:
   * optional references (the pods start without them), Secrets when they are left
   * unmanaged (they stay in the member cluster, exported or not), and the
   * `kube-root-ca.crt` ConfigMap, which every namespace of every cluster has.
   */
  public missingDependencies(): MissingDependency[] {
    const missing: MissingDependency[] = [];
    for (const t of this.templates) {
      for (const dependency of this.dependencies(t.key)) {
        if (dependency.optional || this.find(dependency.key) || this.findDropped(dependency.key)) continue;
        if (this.secrets === SecretPolicy.UNMANAGED && dependency.key.kind === 'Secret') continue;
        if (dependency.key.kind === 'ConfigMap' && dependency.key.name === 'kube-root-ca.crt') continue;
        missing.push({ dependent: t.key, source: t.source, dependency });
      }
    }
    return missing;
  }
}
