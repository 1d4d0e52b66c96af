import { Argv, CommandModule } from 'yargs';
import { CANNOT_EVALUATE } from './check';
import { readEvidence } from '../evidence';
import { KubeObject } from '../../kube/object';
import { readDistDir } from '../../report/dist-tree';
import { jsonReportFile, ReportFileKind, writePlanFile } from '../../report/plan-file';
import { formatRehearsal, migrationDigests, rehearse } from '../../report/rehearse';

/** the flags of `karmada-migrate rehearse`. */
export interface RehearseArgs {
  readonly works: readonly string[];
  readonly live: readonly string[];
  readonly dist: string;
  readonly migration?: string;
  readonly format: 'text' | 'json';
  readonly output?: string;
}

/** a rehearsal report `--output` may replace: one karmada-migrate wrote. */
export const REHEARSAL_FILE: ReportFileKind = jsonReportFile('RehearsalReport', 'rehearsal report', 'rehearsals/member1.json');

/** `karmada-migrate rehearse`: what lifting a rehearsal's suspension would do to the live objects. */
export const rehearseCommand: CommandModule<object, RehearseArgs> = {
  command: 'rehearse',
  describe: 'Rehearse a takeover while its policies suspend dispatching: each Work\'s manifest (what Karmada will PUT) against the live object. ' +
    `Exit 0 clean, 1 a pod restart, a replica change, a failing apply, a missing Work or a Work not suspended, ${CANNOT_EVALUATE} could not evaluate`,
  builder: (y: Argv) => y
    .option('works', { requiresArg: true, type: 'string', array: true, demandOption: true, desc: "The output of 'kubectl get works.work.karmada.io -A -o json', while the policies suspend dispatching (YAML too; '-' for stdin)" })
    .option('live', { requiresArg: true, type: 'string', array: true, demandOption: true, desc: 'An export of the member cluster (kubectl get ... -A -o yaml; a file, a directory or -)' })
    .option('dist', { requiresArg: true, type: 'string', default: 'dist', desc: 'The dist/ holding the migration in the Rehearse phase' })
    .option('migration', { requiresArg: true, type: 'string', desc: 'The migration to rehearse (a folder of dist/); needed when several are in the Rehearse phase' })
    .option('format', { requiresArg: true, choices: ['text', 'json'] as const, default: 'text' as const, desc: 'Output format (json: a RehearsalReport)' })
    .option('output', { requiresArg: true, alias: 'o', type: 'string', desc: 'Also write the JSON report to this file (rehearsals/<migration>.json beside dist/ is what the gate reads), replaced in one step' })
    .example('$0 rehearse --works works.json --live live/member1.yaml --output rehearsals/member1.json', 'Rehearse, and write the report the gate needs to lift the suspension') as Argv<RehearseArgs>,
  handler: (args) => {
    const works = readEvidence(args.works, objects => objects);
    const live = readEvidence(args.live, objects => objects as KubeObject[]);
    const tree = readDistDir(args.dist);
    const report = rehearse(works, live, tree, migrationDigests(args.dist, tree), {
      file: args.works.join(', '),
      ...(args.migration !== undefined ? { migration: args.migration } : {}),
    });
    const json = JSON.stringify(report, null, 2) + '\n';
    if (args.output !== undefined) writePlanFile(args.output, json, [...args.works, ...args.live, args.dist], REHEARSAL_FILE);
    process.stdout.write(args.format === 'json' ? json : formatRehearsal(report));
    if (!report.clean) process.exitCode = 1;
  },
};
