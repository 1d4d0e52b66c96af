import yargs, { CommandModule } from 'yargs';
import { CANNOT_EVALUATE, checkCommand } from './cmds/check';
import { inventoryCommand } from './cmds/inventory';
import { planCommand } from './cmds/plan';
import { rehearseCommand } from './cmds/rehearse';
import { synthCommand } from './cmds/synth';
import { verifyRollbackCommand } from './cmds/verify-rollback';
import { verifyTakeoverCommand } from './cmds/verify-takeover';
import { flagProblem, OptionTypes } from './flags';
import { describeUnexpected, INTERNAL_ERROR, isInputError, isValidationFailedError } from '../errors';

/**
 * Runs the CLI on `argv` (without the node and script entries). User errors print
 * their message and set exit code 1; anything else is a bug and prints its stack.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const args = stdinValues(argv);
  // the options of the command that runs, as the middleware saw them: for the usage line of a missing argument.
  let commandOptions: UsageOptions | undefined;
  try {
    await yargs(args)
      .scriptName('karmada-migrate')
      .usage('$0 <command> [options]\n\nMove the workloads of a Kubernetes cluster under Karmada through GitOps.')
      .command(synthCommand)
      .command(inventoryCommand)
      .command(planCommand)
      .command(checkCommand)
      .command(verifyRollbackCommand)
      .command(rehearseCommand)
      .command(verifyTakeoverCommand)
      // before yargs validates: a repeated, negated or dotted flag is told as such, not as a wrong choice.
      // yargs passes a middleware the instance, which holds the options of the command that runs
      // (yargs build/lib/middleware.js, applyMiddleware).
      .middleware((parsed, y?: unknown) => {
        const options = (y as { getOptions(): OptionTypes & UsageOptions }).getOptions();
        commandOptions = options;
        const problem = flagProblem(args, parsed, options, READERS);
        if (problem) throw new UsageError(problem);
      }, true)
      .demandCommand(1, 'Name a command; see --help.')
      .strict()
      .strictCommands()
      .recommendCommands()
      .showHelpOnFail(false)
      .exitProcess(false)
      .fail((msg, err) => {
        // yargs reports some usage errors (a flag without its value) as a YError of its own.
        if (err && err.name !== 'YError') throw err;
        const message = msg || err.message;
        // a missing argument is best answered with how the command is called.
        const missing = /^(?:Not enough non-option arguments|Missing required argument)/.test(message);
        const usage = missing ? usageLine(argv[0], commandOptions) : undefined;
        throw new UsageError(usage ? `${message}\n${usage}` : message);
      })
      .epilogue(`Docs: README.md. Exit codes: 0 done, 1 bad input or usage, 2 validation failed, ${INTERNAL_ERROR} unexpected error; ` +
        `check, verify-rollback, rehearse and verify-takeover: 0 accepted, 1 refused, ${CANNOT_EVALUATE} could not evaluate.`)
      .wrap(Math.min(120, process.stdout.columns ?? 100))
      .help()
      .version()
      .parseAsync();
  } catch (e) {
    if (isValidationFailedError(e)) {
      process.stderr.write(`karmada-migrate: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    // the gates keep 1 for "refused": input they cannot read is another answer.
    const gate = GATES.includes(argv[0]);
    if (isInputError(e) || e instanceof UsageError) {
      process.stderr.write(`karmada-migrate: ${gate ? `${argv[0]} could not evaluate: ` : ''}${e.message}\n`);
      process.exitCode = gate ? CANNOT_EVALUATE : 1;
      return;
    }
    process.stderr.write(`karmada-migrate: ${describeUnexpected(e)}\n`);
    process.exitCode = gate ? CANNOT_EVALUATE : INTERNAL_ERROR;
  }
}

/**
 * Makes a failure to write standard output one message, as Unix tools do, instead of the stack
 * Node prints for an 'error' event nobody listens to (Node lib/events.js, emit). A reader gone
 * (`| head -1`, EPIPE) is not told: what is left to print is dropped, and the run ends with the
 * exit code it earns (a gate is never cut short into an exit 0 before its verdict). Any other
 * failure (`> /dev/full`, ENOSPC) is told once on stderr and makes the exit code 1 (for the
 * gates 3, could not evaluate: their report is lost). A failure to write stderr has nobody left
 * to tell: it is dropped, the exit code stays. Nothing is ever reset to 0 afterwards. For the
 * program's entry (bin/karmada-migrate.js), once, before {@link runCli}.
 */
export function guardStandardOutput(argv: readonly string[], stdout: NodeJS.EventEmitter = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr): void {
  stderr.on('error', () => undefined);
  let told = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    // the first failure is the one that matters: writes after it fail as ERR_STREAM_DESTROYED.
    if (told) return;
    told = true;
    if (e.code === 'EPIPE') return;
    const reason = e.message.replace(/^[A-Z]+: /, '').split(',')[0];
    const fix = e.code === 'ENOSPC' || e.code === 'EDQUOT' ? '; free some space, or send it elsewhere' : '';
    stderr.write(`karmada-migrate: cannot write to standard output: ${e.code ?? 'error'} (${reason})${fix}\n`);
    process.exitCode = GATES.includes(argv[0]) ? CANNOT_EVALUATE : 1;
  });
}

/** the options that read a file, for which `-` means standard input (read once: by one of them). */
const READERS: readonly string[] = ['config', 'live', 'works', 'bindings', 'clusters', 'handover-from', 'before', 'after'];
const FILE_OPTIONS: ReadonlySet<string> = new Set([...READERS.map(o => `--${o}`), '-c']);

// yargs reads a lone `-` as a positional argument; `--live -` is `--live=-`.
function stdinValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (FILE_OPTIONS.has(argv[i]) && argv[i + 1] === '-') out.push(`${argv[i++]}=-`);
    else out.push(argv[i]);
  }
  return out;
}

/** the commands, by name: their usage line is printed with a missing argument. */
const COMMANDS = [synthCommand, inventoryCommand, planCommand, checkCommand, verifyRollbackCommand, rehearseCommand, verifyTakeoverCommand] as
  unknown as readonly CommandModule<object, never>[];

/** the part of yargs' `getOptions()` a usage line needs: the required options and their aliases. */
interface UsageOptions {
  readonly demandedOptions?: Readonly<Record<string, unknown>>;
  readonly array?: readonly string[];
}

/**
 * `usage: karmada-migrate inventory <files..> [options]`, with the command's required flags
 * (`--works <file..>`), and where to read the rest; undefined when `name` is no command.
 */
export function usageLine(name: string | undefined, options: UsageOptions | undefined): string | undefined {
  const command = COMMANDS.find(c => String(c.command).split(' ')[0] === name);
  if (!command) return undefined;
  const required = Object.keys(options?.demandedOptions ?? {}).sort()
    .map(o => `--${o} <${o === 'base' ? 'rev-or-dir' : options?.array?.includes(o) ? 'file..' : 'value'}>`);
  return `usage: karmada-migrate ${[String(command.command), ...required].join(' ')} [options]  (karmada-migrate ${name} --help for every option)`;
}

/** the commands whose exit code 1 means "refused" (see {@link CANNOT_EVALUATE}). */
const GATES: readonly string[] = ['check', 'verify-rollback', 'rehearse', 'verify-takeover'];

class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
