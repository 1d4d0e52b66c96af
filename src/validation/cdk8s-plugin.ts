// The cdk8s validation plugin (declared in cdk8s.yaml): `cdk8s synth` runs it on the
// manifests the app wrote to its staging folder, reports every violation with its construct
// path and exits 2 on any; only when there is none does it publish dist/.
import * as fs from 'fs';
import * as path from 'path';
import type { ValidationContext } from 'cdk8s-cli/lib/plugins/validation';
import { formatViolation, validateManifests } from './validate-manifests';
import { KubeObject } from '../inventory/types';
import { writeTreeAtomically } from '../output/write-tree';

/** The `properties` of the plugin in cdk8s.yaml. */
export interface KarmadaMigrateValidationProps {
  /**
   * the folder to replace with the validated manifests (the committed `dist/`).
   *
   * @default - publish nothing
   */
  readonly publishTo?: string;

  /**
   * the folder the app wrote to (cdk8s.yaml `output`), published as a whole.
   *
   * @default '.cdk8s.out'
   */
  readonly staging?: string;
}

/** The validation plugin class cdk8s.yaml names. */
export class KarmadaMigrateValidation {
  public constructor(private readonly props: KarmadaMigrateValidationProps = {}) {}

  /** validates the synthesized manifests; publishes them when all pass. */
  public async validate(context: ValidationContext): Promise<void> {
    const byFile = new Map<string, KubeObject[]>();
    for (const file of context.manifests) byFile.set(file, context.parseManifest(file).filter(d => d) as KubeObject[]);
    const manifests = [...byFile.values()].flat();
    const violations = validateManifests(manifests);
    const fileOf = new Map<KubeObject, string>();
    for (const [file, docs] of byFile) for (const d of docs) fileOf.set(d, file);
    const byRule = new Map<string, typeof violations>();
    for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);
    for (const [rule, vs] of byRule) {
      context.report.addViolation({
        ruleName: rule,
        recommendation: vs[0].message,
        fix: vs[0].fix,
        violatingResources: vs.map(v => ({ resourceName: v.object.metadata.name, manifestPath: fileOf.get(v.object)!, locations: [v.path ?? '(object)'] })),
      });
      for (const v of vs) context.logger.log(formatViolation(v));
    }
    if (violations.length > 0) {
      context.report.submit('failure', { violations: String(violations.length) });
      return;
    }
    if (this.props.publishTo) publish(this.props.staging ?? '.cdk8s.out', this.props.publishTo);
    context.report.submit('success');
  }
}

// the app wrote the manifests under one folder (the staging folder): copy its .yaml files.
function publish(staging: string, target: string): void {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(staging, { recursive: true, withFileTypes: true })) {
    if (!f.isFile() || f.name === 'construct-metadata.json') continue;
    const full = path.join(f.parentPath, f.name);
    files.set(path.relative(staging, full), fs.readFileSync(full, 'utf8'));
  }
  writeTreeAtomically(target, files);
}
