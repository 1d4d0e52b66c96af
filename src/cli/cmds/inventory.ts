import { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors';
import { DuplicatePolicy } from '../../inventory/duplicates';
import { Inventory } from '../../inventory/inventory';
import { formatInventoryTable, inventoryReport } from '../../inventory/inventory-report';
import { DEFAULT_MAX_FILE_BYTES } from '../../inventory/read';
import { SecretPolicy } from '../../inventory/secrets';

/** the flags of `karmada-migrate inventory`. */
export interface InventoryArgs {
  readonly files: string[];
  readonly format: 'table' | 'json';
  readonly 'default-namespace'?: string;
  readonly 'on-duplicate': DuplicatePolicy;
  readonly secrets: SecretPolicy;
  readonly 'max-file-bytes': number;
  readonly migration?: string;
}

/** `karmada-migrate inventory`: what each object of an export or manifest becomes, and why. */
export const inventoryCommand: CommandModule<object, InventoryArgs> = {
  command: 'inventory <files..>',
  describe: 'Show what each object of exports or manifests becomes: a template (and its file under dist/) or why it is dropped',
  builder: (y: Argv) => y
    // yargs re-parses variadic positionals as `--files <value>`, which drops a lone `-`;
    // read unknown dashed words as positionals, and refuse those but `-` in the handler.
    .parserConfiguration({ 'unknown-options-as-args': true })
    .positional('files', { type: 'string', array: true, desc: 'Files or directories (YAML or JSON, read recursively); - reads standard input' })
    .option('format', { requiresArg: true, alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, desc: 'Aligned plain text, or the same content as JSON' })
    .option('default-namespace', { requiresArg: true, type: 'string', desc: 'The namespace of namespaced objects that have none (manifests from Git)' })
    .option('on-duplicate', { requiresArg: true, choices: ['error', 'first', 'last'] as const, default: 'error' as const,
      desc: 'When an object is given twice: fail, or keep the one read first or last' })
    .option('secrets', { requiresArg: true, choices: [SecretPolicy.UNMANAGED, SecretPolicy.PLAINTEXT], default: SecretPolicy.UNMANAGED,
      desc: 'Leave Secrets unmanaged in the member cluster, or make them templates with their data in plain text' })
    .option('max-file-bytes', { requiresArg: true, type: 'number', default: DEFAULT_MAX_FILE_BYTES, desc: 'The largest file read, in bytes' })
    .option('migration', { requiresArg: true, type: 'string', desc: "The Migration's metadata.name, to show template paths as under dist/ (default: relative to its folder)" })
    .example('$0 inventory inventory/member1.yaml', 'What each exported object of member1 becomes')
    .example('kubectl get deploy,svc,cm,sa,pvc,ingress,hpa -A -o yaml | $0 inventory -', 'The same, straight from the cluster')
    .example('$0 inventory manifests/ --default-namespace shop --format json', 'Manifests from Git without namespaces, as JSON') as Argv<InventoryArgs>,
  handler: (args) => {
    process.stdout.write(runInventory(args));
  },
};

/**
 * Loads the inventory the flags describe and renders its report.
 *
 * @throws InputError naming the file, the document and the line of bad input, or the flag at fault
 */
export function runInventory(args: InventoryArgs): string {
  const unknown = args.files.filter(f => f.startsWith('-') && f !== '-');
  if (unknown.length) throw new InputError(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const maxFileBytes = args['max-file-bytes'];
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new InputError(`--max-file-bytes must be a positive whole number of bytes, got ${String(maxFileBytes)}`);
  }
  const inventory = Inventory.load(args.files, {
    defaultNamespace: args['default-namespace'],
    onDuplicate: args['on-duplicate'],
    secrets: args.secrets,
    maxFileBytes,
  });
  const report = inventoryReport(inventory, { migration: args.migration });
  return args.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatInventoryTable(report);
}
