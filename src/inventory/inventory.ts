import { formatGroupKind, keyString } from './_util';
import { cleanObject } from './clean';
import { CLEAN_RULES, CleanRule } from './clean-rules';
import { DROP_RULES, DropRule, matchDropRule } from './drop-rules';
import { ObjectsOptions, readInventory, readObjects, ReadOptions } from './read';
import { InventoryObject, keyOf, KubeObject, ObjectKey } from './types';
import { SourceLocation } from '../errors';

/** An object of the inventory that may become a resource template. */
export interface InventoryTemplate {
  readonly key: ObjectKey;
  /** the object, cleaned of what the cluster filled in. */
  readonly object: KubeObject;
  /** where it was read from. */
  readonly source: SourceLocation;
}

/** An object the inventory left out, and why. */
export interface DroppedObject {
  readonly key: ObjectKey;
  /** where it was read from. */
  readonly source: SourceLocation;
  /** why it must not become a resource template, in words for the user. */
  readonly reason: string;
  /** the id of the drop rule that matched. */
  readonly rule: string;
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
}

/** Options of {@link Inventory.load}. */
export interface InventoryOptions extends ReadOptions, InventoryRuleOptions {}

/** Options of {@link Inventory.fromObjects}. */
export interface InventoryObjectsOptions extends ObjectsOptions, InventoryRuleOptions {}

/**
 * The objects of a cluster export (or of manifests) that may become resource templates:
 * read, with what must never be a template dropped and the rest cleaned.
 *
 * @example
 * const inventory = Inventory.load(['inventory/member1.yaml']);
 * inventory.byGroupKind('apps', 'Deployment'); // cleaned Deployments, in key order
 * inventory.dropped;                           // ReplicaSets, Pods, ... and why
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
  /** the namespaces of the templates, sorted. */
  public readonly namespaces: readonly string[];
  private readonly byKey = new Map<string, InventoryTemplate>();
  private readonly byKind = new Map<string, InventoryTemplate[]>();

  private constructor(objects: readonly InventoryObject[], options: InventoryRuleOptions) {
    const dropRules = options.dropRules ?? DROP_RULES;
    const cleanRules = options.cleanRules ?? CLEAN_RULES;
    const templates: InventoryTemplate[] = [];
    const dropped: DroppedObject[] = [];
    const namespaces = new Set<string>();
    for (const { object, source } of objects) {
      const key = keyOf(object);
      // rules look at the object as read: cleaning removes ownerReferences, which they need.
      const match = matchDropRule(object, dropRules);
      if (match) {
        dropped.push({ key, source, reason: match.reason, rule: match.rule });
        continue;
      }
      const template = { key, object: cleanObject(object, cleanRules), source };
      templates.push(template);
      this.byKey.set(keyString(key), template);
      const gk = formatGroupKind(key.group, key.kind);
      const ofKind = this.byKind.get(gk);
      if (ofKind) ofKind.push(template);
      else this.byKind.set(gk, [template]);
      if (key.namespace) namespaces.add(key.namespace);
    }
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
}
