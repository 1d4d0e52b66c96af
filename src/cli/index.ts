import yargs from 'yargs';
import { checkCommand } from './cmds/check';
import { inventoryCommand } from './cmds/inventory';
import { planCommand } from './cmds/plan';
import { synthCommand } from './cmds/synth';
import { verifyRollbackCommand } from './cmds/verify-rollback';
import { isInputError, isValidationFailedError } from '../errors';

/**
 * Runs the CLI on `argv` (without the node and script entries). User errors print
 * their message and set exit code 1; anything else is a bug and prints its stack.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await yargs([...argv])
      .scriptName('karmada-migrate')
      .usage('$0 <command> [options]\n\nMove the workloads of a Kubernetes cluster under Karmada through GitOps.')
      .command(synthCommand)
      .command(inventoryCommand)
      .command(planCommand)
      .command(checkCommand)
      .command(verifyRollbackCommand)
      .demandCommand(1, 'Name a command; see --help.')
      .strict()
      .strictCommands()
      .recommendCommands()
      .showHelpOnFail(false)
      .exitProcess(false)
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(msg);
      })
      .epilogue('Docs: README.md. Exit codes: 0 done, 1 bad input or usage, 2 validation failed.')
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
    if (isInputError(e) || e instanceof UsageError) {
      process.stderr.write(`karmada-migrate: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
