// The stages after the build, shared by MigrationApp (the TypeScript face) and Synthesis (the
// config's): check the construct tree → render → check Karmada's and the migration's rules.
import { IConstruct } from 'constructs';
import { renderManifests } from './render';
import { InputError, ValidationFailedError } from '../errors';
import { KubeObject } from '../kube/object';
import { formatViolation, ManifestViolation, validateManifests } from '../validation/validate-manifests';

/** The manifests of a tree, rendered: `dist/` files and the objects in them. */
export interface RenderedTree {
  /** relative path under `dist/` => YAML, sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  /** the objects written, in the order they were rendered. */
  readonly manifests: readonly KubeObject[];
  /** the chart (the migration: the top folder of `dist/`) of each object written. */
  readonly chartOf: ReadonlyMap<KubeObject, string>;
}

/**
 * renders a tree without checking it first (see {@link problemsError}); `describe` names where
 * a construct was described, for the message of two objects that share a file.
 */
export function renderUnchecked(root: IConstruct, describe?: (c: IConstruct) => string | undefined): RenderedTree {
  const manifests: KubeObject[] = [];
  const chartOf = new Map<KubeObject, string>();
  const files = renderManifests(root, {
    onManifest: (m, chart) => {
      manifests.push(m);
      chartOf.set(m, chart);
    },
    describe,
  });
  return { files, manifests, chartOf };
}

/**
 * Checks rendered manifests against Karmada's and the migration's rules.
 *
 * @throws ValidationFailedError listing every violation
 */
export function assertRules(
  manifests: readonly KubeObject[], sourceClusters: readonly string[], clustersOf?: (manifest: KubeObject) => readonly string[] | undefined,
): void {
  const violations = validateManifests(manifests, { sourceClusters, ...(clustersOf ? { clustersOf } : {}) });
  if (violations.length > 0) throw violationsError(violations);
}

/** the error for a construct tree with problems: every one of them, one a line. */
export function problemsError(problems: readonly string[]): InputError {
  return new InputError(`the migration is not valid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`);
}

/** the error for manifests that break rules: every violation, one a line. */
export function violationsError(violations: readonly ManifestViolation[]): ValidationFailedError {
  return new ValidationFailedError(`${violations.length} violation${violations.length > 1 ? 's' : ''} of Karmada's or the migration's rules:\n  ` +
    violations.map(formatViolation).join('\n  '));
}
