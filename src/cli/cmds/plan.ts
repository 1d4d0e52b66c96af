import { Argv, CommandModule } from 'yargs';
import { buildPlan, planToJson } from '../../report/plan';
import { writePlanFile } from '../../report/plan-file';
import { loadPlanInput } from '../../report/plan-input';
import { planToMarkdown } from '../../report/plan-markdown';

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
}

/** `karmada-migrate plan`: the review plan of a migration pull request. */
export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan',
  describe: 'Write the review plan of a migration: who claims each template, overlaps, what the Overwrite does to the live objects, ' +
    'unmanaged Secrets, rollback readiness, and the handover from the old pipeline',
  builder: (y: Argv) => y
    .option('config', { requiresArg: true, alias: 'c', type: 'string', default: 'migration.yaml', desc: 'The migration config; inventory paths in it are relative to it (- reads it from standard input, its inventory paths then relative to the current directory)' })
    .option('live', { requiresArg: true, type: 'string', array: true, desc: 'An export of the live member cluster (kubectl get ... -A -o yaml; a file, a directory or -), to predict what the Overwrite changes; repeatable' })
    .option('handover-from', { requiresArg: true, type: 'string', desc: 'The Argo CD Application, Flux Kustomization or Flux HelmRelease that applies these objects to the member cluster today: the plan gets the steps to stop it safely (step 0)' })
    .option('format', { requiresArg: true, choices: ['markdown', 'json'] as const, default: 'markdown' as const, desc: 'GitHub-flavoured Markdown for the pull request, or JSON for bots' })
    .option('output', { requiresArg: true, alias: 'o', type: 'string', desc: 'Write the plan to this file instead of standard output: never an input, a directory, or a file that is not a plan karmada-migrate wrote; replaced in one step' })
    .example('$0 plan --config migration.yaml', 'The plan of the example, as Markdown')
    .example('$0 plan --live live/member1.yaml --output plan.md', 'With what taking over does to the live objects, written to plan.md')
    .example('$0 plan --handover-from old-app.yaml --format json', 'As JSON, with the handover from the old Argo CD Application') as Argv<PlanArgs>,
  handler: (args) => {
    const input = loadPlanInput({ config: args.config, live: args.live, handoverFrom: args.handoverFrom });
    const plan = buildPlan(input);
    const text = args.format === 'json' ? planToJson(plan) : planToMarkdown(plan);
    if (args.output === undefined) {
      process.stdout.write(text);
      return;
    }
    writePlanFile(args.output, text, input.inputs);
    process.stdout.write(`wrote the plan to ${args.output}\n`);
  },
};
