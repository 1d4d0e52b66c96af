// Where a migration is in its lifecycle: a module of its own, so that the reports that name a
// phase (report/plan.ts, report/plan-markdown.ts) load without cdk8s and the constructs.

/** Where a migration is in its lifecycle. */
export enum MigrationPhase {
  /**
   * templates and policies, every policy with `spec.suspension.dispatching: true`: Karmada
   * claims the templates and builds the Works (what it would apply, after overrides) but
   * applies nothing to the member cluster. No policy may propagate dependencies (their
   * bindings are not suspended) or activate lazily (lifting the suspension would not reach
   * the bindings).
   */
  REHEARSE = 'Rehearse',
  /** templates and policies: Karmada takes the member objects over. */
  TAKEOVER = 'Takeover',
  /**
   * the release step of a rollback: the templates are no longer written, so GitOps
   * deletes them from Karmada; the policies stay, and must all preserve the member
   * objects (`preserveResourcesOnDeletion: true`, armed in an earlier commit).
   */
  RELEASE = 'Release',
}

/**
 * The phase a config names (`spec.phase`); Takeover when it names none.
 *
 * @throws Error naming the value and the phases when it is none of them
 */
export function parseMigrationPhase(value: string | undefined): MigrationPhase {
  if (value === undefined) return MigrationPhase.TAKEOVER;
  const phase = Object.values(MigrationPhase).find(p => p === value);
  if (!phase) throw new Error(`phase ${JSON.stringify(value)} is none of ${Object.values(MigrationPhase).join(', ')}`);
  return phase;
}
