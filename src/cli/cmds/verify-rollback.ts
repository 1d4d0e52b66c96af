import * as fs from 'fs';
import * as path from 'path';
import { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors';
import { readDistDir } from '../../report/dist-tree';
import { verifyRollback } from '../../report/verify-rollback';
import { categoryOf } from '../../output/layout';

/** the flags of `karmada-migrate verify-rollback`. */
export interface VerifyRollbackArgs {
  readonly works: string;
  readonly dist: string;
  readonly format: 'text' | 'json';
}

/** `karmada-migrate verify-rollback`: is every Work of the migration armed? */
export const verifyRollbackCommand: CommandModule<object, VerifyRollbackArgs> = {
  command: 'verify-rollback',
  describe: 'Exit 1 listing every Work of the migration\'s templates that does not yet carry spec.preserveResourcesOnDeletion: true',
  builder: (y: Argv) => y
    .option('works', { type: 'string', demandOption: true, desc: "The output of 'kubectl get works.work.karmada.io -A -o json' ('-' for stdin)" })
    .option('dist', { type: 'string', default: 'dist', desc: 'The dist/ holding the migration\'s templates' })
    .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, desc: 'Output format' })
    .example('kubectl get works.work.karmada.io -A -o json > works.json && $0 verify-rollback --works works.json', 'Check before the release commit') as Argv<VerifyRollbackArgs>,
  handler: (args) => {
    const text = args.works === '-' ? fs.readFileSync(0, 'utf8') : readFile(args.works);
    let works: unknown;
    try {
      works = JSON.parse(text);
    } catch (e) {
      throw new InputError(`not JSON: ${(e as Error).message}`, { file: args.works });
    }
    const templates = [...readDistDir(args.dist).values()].filter(o => categoryOf(o) === 'templates');
    const result = verifyRollback(works, templates, args.works);
    if (args.format === 'json') {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      for (const w of result.unarmed) process.stdout.write(`NOT ARMED ${w.namespace}/${w.name}: ${w.objects.join(', ')}\n`);
      for (const t of result.withoutWork) process.stdout.write(`NO WORK ${t}\n`);
      process.stdout.write(result.ready
        ? `rollback armed: all ${result.works} Work(s) of the migration carry preserveResourcesOnDeletion: true\n`
        : `rollback not armed: ${result.unarmed.length} of ${result.works} Work(s) lack preserveResourcesOnDeletion: true\n`);
    }
    if (!result.ready) process.exitCode = 1;
  },
};

function readFile(file: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch {
    throw new InputError('cannot read the file', { file });
  }
}
