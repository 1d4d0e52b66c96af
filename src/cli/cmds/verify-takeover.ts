import { Argv, CommandModule } from 'yargs';
import { CANNOT_EVALUATE } from './check';
import { EvidenceKinds, readEvidence } from '../evidence';
import { InputError } from '../../errors';
import { bindingEvidence } from '../../karmada/bindings';
import { KubeObject } from '../../kube/object';
import { readDistDir } from '../../report/dist-tree';
import { jsonReportFile, ReportFileKind, writePlanFile } from '../../report/plan-file';
import { formatTakeoverVerification, verifyTakeover } from '../../report/verify-takeover';

/** the flags of `karmada-migrate verify-takeover`. */
export interface VerifyTakeoverArgs {
  readonly bindings: readonly string[];
  readonly works: readonly string[];
  readonly before?: readonly string[];
  readonly after?: readonly string[];
  readonly dist: string;
  readonly migration?: string;
  readonly format: 'text' | 'json';
  readonly output?: string;
}

const GET_BINDINGS = 'kubectl get resourcebindings.work.karmada.io,clusterresourcebindings.work.karmada.io -A -o yaml';
const GET_WORKS = 'kubectl get works.work.karmada.io -A -o yaml';

/** what --bindings holds. */
const BINDINGS: EvidenceKinds = { flag: '--bindings', group: 'work.karmada.io', kinds: ['ResourceBinding', 'ClusterResourceBinding'], give: GET_BINDINGS };
/** what --works holds. */
const WORKS: EvidenceKinds = { flag: '--works', group: 'work.karmada.io', kinds: ['Work'], give: GET_WORKS };

/** a takeover verification `--output` may replace: one karmada-migrate wrote. */
export const TAKEOVER_VERIFICATION_FILE: ReportFileKind = jsonReportFile('VerifyTakeoverReport', 'takeover verification', 'takeovers/member1.json');

/** `karmada-migrate verify-takeover`: did Karmada take every template over, without a restart? */
export const verifyTakeoverCommand: CommandModule<object, VerifyTakeoverArgs> = {
  command: 'verify-takeover',
  describe: 'Prove the takeover: each template of the migration has a binding claimed by the predicted policy and scheduled to its source cluster, ' +
    'its Work there applied; with --before/--after, the same object, no pod rolled, replicas and generation as the template says. ' +
    `Exit 0 every template taken over, 1 not, ${CANNOT_EVALUATE} could not evaluate`,
  builder: (y: Argv) => y
    .option('bindings', { requiresArg: true, type: 'string', array: true, demandOption: true, desc: `The output of '${GET_BINDINGS}' on the Karmada API server (JSON too; '-' for stdin)` })
    .option('works', { requiresArg: true, type: 'string', array: true, demandOption: true, desc: `The output of '${GET_WORKS}' on the Karmada API server` })
    .option('before', { requiresArg: true, type: 'string', array: true, desc: 'An export of the source cluster before the takeover (kubectl get ... -A -o yaml, with the ReplicaSets and Pods for the pod evidence); needs --after' })
    .option('after', { requiresArg: true, type: 'string', array: true, desc: 'The same export after the takeover; needs --before' })
    .option('dist', { requiresArg: true, type: 'string', default: 'dist', desc: 'The dist/ of the takeover' })
    .option('migration', { requiresArg: true, type: 'string', desc: 'The migration to verify (a folder of dist/); needed when dist/ holds several' })
    .option('format', { requiresArg: true, choices: ['text', 'json'] as const, default: 'text' as const, desc: 'Output format (json: a VerifyTakeoverReport)' })
    .option('output', { requiresArg: true, alias: 'o', type: 'string', desc: 'Also write the JSON report to this file, replaced in one step' })
    .example('$0 verify-takeover --bindings rb.yaml --works works.yaml --before before/member1.yaml --after after/member1.yaml', 'After the takeover synced: Karmada\'s side and the member\'s')
    .example('$0 verify-takeover --bindings rb.yaml --works works.yaml --format json', 'Karmada\'s side only, for a bot') as Argv<VerifyTakeoverArgs>,
  handler: (args) => {
    const before = args.before?.length ? args.before : undefined;
    const after = args.after?.length ? args.after : undefined;
    if ((before === undefined) !== (after === undefined)) {
      throw new InputError(`${before ? '--before' : '--after'} needs ${before ? '--after' : '--before'}: the member side compares an export of the source cluster ` +
        'taken before the takeover with one taken after it; give both, or neither to verify Karmada\'s side only');
    }
    const bindings = readEvidence(args.bindings, bindingEvidence, BINDINGS);
    const works = readEvidence(args.works, objects => objects, WORKS);
    const member = before && after ? {
      before: readEvidence(before, objects => objects as KubeObject[]),
      after: readEvidence(after, objects => objects as KubeObject[]),
      beforeFile: before.join(', '),
      afterFile: after.join(', '),
    } : undefined;
    const report = verifyTakeover(bindings, works, readDistDir(args.dist), {
      worksFile: args.works.join(', '),
      ...(args.migration !== undefined ? { migration: args.migration } : {}),
      ...(member ? { member } : {}),
    });
    const json = JSON.stringify(report, null, 2) + '\n';
    if (args.output !== undefined) {
      writePlanFile(args.output, json, [...args.bindings, ...args.works, ...(before ?? []), ...(after ?? []), args.dist], TAKEOVER_VERIFICATION_FILE);
    }
    process.stdout.write(args.format === 'json' ? json : formatTakeoverVerification(report));
    if (!report.passed) process.exitCode = 1;
  },
};
