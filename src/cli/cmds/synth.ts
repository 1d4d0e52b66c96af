import { Argv, CommandModule } from 'yargs';

/** the flags of `karmada-migrate synth`. */
export interface SynthArgs {
  readonly config: string;
  readonly output: string;
}

// how the summary names one and several manifests of each category (SynthesizeConfigResult.counts).
const NOUNS: Readonly<Record<string, readonly [string, string]>> = {
  namespaces: ['namespace', 'namespaces'],
  policies: ['policy', 'policies'],
  templates: ['template', 'templates'],
  delivery: ['delivery object', 'delivery objects'],
};

/** `karmada-migrate synth`: what `cdk8s synth` does, without the cdk8s CLI. */
export const synthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: 'Synthesize a migration config to manifests (what `cdk8s synth` does, without the cdk8s CLI)',
  builder: (y: Argv) => y
    .option('config', { requiresArg: true, alias: 'c', type: 'string', default: 'migration.yaml', desc: 'The migration config; inventory paths in it are relative to it (- reads it from standard input, its inventory paths then relative to the current directory)' })
    .option('output', { requiresArg: true, alias: 'o', type: 'string', default: 'dist', desc: 'The folder to write; replaced as a whole, and only when synthesis succeeds' })
    .example('$0 synth', 'Synthesize ./migration.yaml to ./dist')
    .example('$0 synth --config clusters/member1.yaml --output out/member1', 'Synthesize another config to another folder') as Argv<SynthArgs>,
  handler: async (args) => {
    // loaded when the command runs: cdk8s and the constructs are a fifth of a second the other commands do without.
    const { synthesizeConfig, terminalProgress } = await import('../../pipeline/synthesis');
    const result = synthesizeConfig({ config: args.config, outdir: args.output, progress: terminalProgress() });
    const counts = Object.entries(result.counts).map(([k, v]) => `${v} ${(NOUNS[k] ?? [k, k])[v === 1 ? 0 : 1]}`).join(', ');
    process.stdout.write(`wrote ${result.files.length} files to ${args.output} (${counts})\n`);
    for (const w of result.warnings) process.stderr.write(`karmada-migrate: warning: ${w}\n`);
  },
};
