import * as path from 'path';
import { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors';
import { buildPlan, planToJson } from '../../report/plan';
import { planFileProblem, writePlanFile } from '../../report/plan-file';
import { PLAN_MAX_CHARACTERS, planToMarkdown } from '../../report/plan-markdown';

/** the flags of `karmada-migrate plan`. */
export interface PlanArgs {
  /** the migration config. */
  readonly config: string;
  /** live exports. @default - none */
  readonly live?: string[];
  /** the old Application (yargs' camel-case alias). @default - none */
  readonly handoverFrom?: string;
  /** the old Application, as spelled on the command line. @default - none */
  readonly 'handover-from'?: string;
  /** `markdown` or `json`. */
  readonly format: 'markdown' | 'json';
  /** the file to write. @default - standard output */
  readonly output?: string;
  /** the file to write the full plan to, nothing left out (yargs' camel-case alias). @default - none */
  readonly outputFull?: string;
  /** the same, as spelled on the command line. @default - none */
  readonly 'output-full'?: string;
}

/** `karmada-migrate plan`: the review plan of a migration pull request. */
export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan',
  describe: 'Write the review plan of a migration: who claims each template, overlaps, what the Overwrite does to the live objects, ' +
    'unmanaged Secrets, rollback readiness, and the handover from the old pipeline',
  builder: (y: Argv) => y
    .option('config', { requiresArg: true, alias: 'c', type: 'string', default: 'migration.yaml', desc: 'The migration config; inventory paths in it are relative to it (- reads it from standard input, its inventory paths then relative to the current directory)' })
    .option('live', { requiresArg: true, type: 'string', array: true, desc: 'An export of the live member cluster (kubectl get ... -A -o yaml; a file, a directory or -), to predict what the Overwrite changes; ' +
      'CLUSTER=PATH names the cluster it comes from (required when a migration takes over several clusters: one per cluster); repeatable' })
    .option('handover-from', { requiresArg: true, type: 'string', desc: 'The Argo CD Application, Flux Kustomization or Flux HelmRelease that applies these objects to the member cluster today: the plan gets the steps to stop it safely (step 0)' })
    .option('format', { requiresArg: true, choices: ['markdown', 'json'] as const, default: 'markdown' as const, desc: 'GitHub-flavoured Markdown for the pull request, or JSON for bots' })
    .option('output', { requiresArg: true, alias: 'o', type: 'string', desc: 'Write the plan to this file instead of standard output: never an input, a directory, or a file that is not a plan karmada-migrate wrote; replaced in one step' })
    .option('output-full', { requiresArg: true, type: 'string', desc: `Also write the full plan to this file, nothing left out (the Markdown plan is shortened to ${PLAN_MAX_CHARACTERS} characters for a pull-request comment), under the same rules as --output` })
    .example('$0 plan --config migration.yaml', 'The plan of the example, as Markdown')
    .example('$0 plan --live live/member1.yaml --output plan.md', 'With what taking over does to the live objects, written to plan.md')
    .example('$0 plan --live member1=live/m1.yaml --live member2=live/m2.yaml', 'A fleet: each cluster\'s export, named; the plan predicts each cluster with its overrides')
    .example('$0 plan --output plan.md --output-full plan-full.md', 'The plan for the pull-request comment, and the full plan as an artifact')
    .example('$0 plan --handover-from old-app.yaml --format json', 'As JSON, with the handover from the old Argo CD Application') as Argv<PlanArgs>,
  handler: async (args) => {
    const full = args.outputFull;
    if (full !== undefined && args.output !== undefined && path.resolve(full) === path.resolve(args.output)) {
      throw new InputError(`--output-full ${full} is also --output: give the full plan a file of its own, such as plan-full.md`);
    }
    // loaded when the command runs: the synthesis (cdk8s, the constructs) is a fifth of a second the other commands do without.
    const { loadPlanInput } = await import('../../report/plan-input');
    const input = loadPlanInput({ config: args.config, live: args.live, handoverFrom: args.handoverFrom });
    const plan = buildPlan(input);
    const text = args.format === 'json' ? planToJson(plan) : planToMarkdown(plan);
    if (full !== undefined) {
      // neither file is written when the other is refused.
      const problem = args.output === undefined ? undefined : planFileProblem(args.output, input.inputs);
      if (problem) throw new InputError(`refusing to write the plan to ${args.output}: ${problem}`);
      // the JSON plan has everything already.
      writePlanFile(full, args.format === 'json' ? text : planToMarkdown(plan, { maxCharacters: Infinity, maxRows: Infinity, maxListItems: Infinity }), input.inputs);
    }
    if (args.output === undefined) {
      process.stdout.write(text);
      return;
    }
    writePlanFile(args.output, text, input.inputs);
    process.stdout.write(`wrote the plan to ${args.output}${full !== undefined ? ` and the full plan to ${full}` : ''}\n`);
  },
};
