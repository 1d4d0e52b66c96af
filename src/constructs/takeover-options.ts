import { RetainEntry } from '../karmada/retention';

/**
 * The options every takeover shares.
 */
export interface TakeoverOptions {
  /**
   * `metadata.name` of the policies the takeover makes.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * `spec.preserveResourcesOnDeletion` of the takeover's policies.
   *
   * @default - the migration's `rollback` flag
   */
  readonly preserveResourcesOnDeletion?: boolean;

  /**
   * `spec.priority` of the takeover's policies: among several policies matching a
   * template, the higher explicit priority wins before any other rule.
   *
   * @default 0
   */
  readonly priority?: number;

  /**
   * fields of the member objects Karmada keeps instead of the template's, for the templates this
   * takeover selects (see `Migration.retainFields`); a KindTakeover's entries name its kind.
   *
   * @default - none
   */
  readonly retain?: readonly RetainEntry[];
}
