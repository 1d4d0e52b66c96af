import { Argv, CommandModule } from 'yargs';
import { CANNOT_EVALUATE } from './check';
import { readEvidence } from '../evidence';
import { bindingEvidence } from '../../karmada/bindings';
import { memberClusters } from '../../karmada/placement';
import { readDistDir } from '../../report/dist-tree';
import { RollbackVerification, verifyRollback } from '../../report/verify-rollback';

/** the flags of `karmada-migrate verify-rollback`. */
export interface VerifyRollbackArgs {
  readonly works: readonly string[];
  readonly bindings?: readonly string[];
  readonly clusters?: readonly string[];
  readonly dist: string;
  readonly format: 'text' | 'json';
}

/** `karmada-migrate verify-rollback`: is every template's every Work armed? */
export const verifyRollbackCommand: CommandModule<object, VerifyRollbackArgs> = {
  command: 'verify-rollback',
  describe: 'Prove the rollback armed: every template of dist/ has a Work on each cluster of its placement, each with spec.preserveResourcesOnDeletion: true. ' +
    `Exit 0 armed, 1 not armed (with the reasons), ${CANNOT_EVALUATE} could not evaluate`,
  builder: (y: Argv) => y
    .option('works', { requiresArg: true, type: 'string', array: true, demandOption: true, desc: "The output of 'kubectl get works.work.karmada.io -A -o json' (YAML too; '-' for stdin)" })
    .option('bindings', { requiresArg: true, type: 'string', array: true, desc: "'kubectl get resourcebindings.work.karmada.io,clusterresourcebindings.work.karmada.io -A -o json': each binding must carry the flag, and its scheduled clusters need a Work" })
    .option('clusters', { requiresArg: true, type: 'string', array: true, desc: "'kubectl get clusters.cluster.karmada.io -o json': resolves placements that select clusters by label or field" })
    .option('dist', { requiresArg: true, type: 'string', default: 'dist', desc: 'The dist/ of the armed commit' })
    .option('format', { requiresArg: true, choices: ['text', 'json'] as const, default: 'text' as const, desc: 'Output format (json: a RollbackVerification)' })
    .example('kubectl get works.work.karmada.io -A -o json > works.json && $0 verify-rollback --works works.json', 'Check before the release commit')
    .example('kubectl get works.work.karmada.io -A -o json | $0 verify-rollback --works -', 'The same through standard input') as Argv<VerifyRollbackArgs>,
  handler: (args) => {
    const works = readEvidence(args.works, objects => objects);
    const result = verifyRollback(works, readDistDir(args.dist), {
      file: args.works.join(', '),
      ...(args.bindings?.length ? { bindings: readEvidence(args.bindings, bindingEvidence) } : {}),
      ...(args.clusters?.length ? { clusters: readEvidence(args.clusters, memberClusters) } : {}),
    });
    process.stdout.write(args.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatVerification(result));
    if (!result.ready) process.exitCode = 1;
  },
};

/** the verdict as text: every template not armed with its reasons, then the summary. */
export function formatVerification(result: RollbackVerification): string {
  const lines: string[] = [...result.problems.map(p => `NOT ARMED ${p}`)];
  for (const t of result.templates) {
    if (t.armed) continue;
    lines.push(`NOT ARMED ${t.object} (${t.file}):`, ...t.reasons.map(r => `  - ${r}`));
  }
  const armed = result.templates.filter(t => t.armed).length;
  lines.push(result.ready
    ? `rollback armed: all ${result.templates.length} template(s) have a preserving Work on every cluster of their placement (${result.works} Work(s))`
    : `rollback not armed: ${armed} of ${result.templates.length} template(s) armed`);
  return lines.join('\n') + '\n';
}
