import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from './run-cli';
import { InventoryReport } from '../../src/inventory/inventory-report';
import { ROOT, withTempDir } from '../util';

const MIXED = path.join(ROOT, 'test', 'fixtures', 'mixed-export.yaml');
const EXAMPLE = path.join(ROOT, 'inventory', 'member1.yaml');

// runs the CLI from the sources in a child process, `input` on its standard input.
function runWithStdin(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  return withTempDir(dir => {
    const script = path.join(dir, 'run.ts');
    fs.writeFileSync(script, `import { runCli } from ${JSON.stringify(path.join(ROOT, 'src', 'cli'))};\nvoid runCli(process.argv.slice(2));\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, input, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  });
}

describe('karmada-migrate inventory', () => {
  test('prints what each object becomes, warnings, missing dependencies and totals as an aligned table', async () => {
    // WHEN the mixed export is inventoried (paths shown as given)
    const r = await runCapturing(['inventory', path.relative(process.cwd(), MIXED)]);

    // THEN it succeeds with the table
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^OBJECT {2,}SOURCE {2,}RESULT {2,}TEMPLATE OR REASON$/);
    expect(r.stdout).toContain('Deployment.apps shop/web ');
    expect(lines.find(l => l.startsWith('Deployment.apps shop/web '))).toMatch(/^Deployment\.apps shop\/web +test\/fixtures\/mixed-export\.yaml:26 +template +templates\/shop\/Deployment\.apps_web\.yaml$/);
    expect(lines.find(l => l.startsWith('Secret shop/web-env '))).toMatch(
      / dropped \(secret-unmanaged\) +Secret left unmanaged in the member cluster \(secrets: Unmanaged\); referenced by: Deployment\.apps shop\/web$/);
    expect(r.stdout).toContain('\nWARNINGS (1)\n  test/fixtures/mixed-export.yaml:357: HorizontalPodAutoscaler.autoscaling shop/db scales StatefulSet.apps shop/db:');
    expect(r.stdout).toContain('\nMISSING DEPENDENCIES (1)\n  test/fixtures/mixed-export.yaml:202: Deployment.apps shop/api refers to ConfigMap shop/feature-flags ' +
      '(spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name), which is not in the inventory\n');
    expect(r.stdout).toMatch(/\nKIND +KEPT +DROPPED\nConfigMap +2 +1\n/);
    expect(r.stdout).toMatch(/\ntotal +13 +20\n\nsecrets: Unmanaged\n$/);
    // aligned: every object line has its source at the same column.
    const column = lines[0].indexOf('SOURCE');
    for (const l of lines.slice(1, 34)) expect(l.slice(column)).toMatch(/^test\/fixtures\/mixed-export\.yaml:\d+ /);
  });

  test('prints the same content as JSON, deterministically', async () => {
    // WHEN the export is inventoried twice as JSON
    const a = await runCapturing(['inventory', MIXED, '--format', 'json']);
    const b = await runCapturing(['inventory', MIXED, '-f', 'json']);

    // THEN the output is the report, the same both times
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout) as InventoryReport;
    expect(report.objects).toHaveLength(33);
    expect(report.objects.find(o => o.object === 'Deployment.apps shop/web')).toStrictEqual({
      object: 'Deployment.apps shop/web', source: { file: MIXED, document: 0, documents: 1, line: 26 }, result: 'template', path: 'templates/shop/Deployment.apps_web.yaml',
    });
    expect(report.warnings).toHaveLength(1);
    expect(report.missingDependencies).toStrictEqual([{
      object: 'Deployment.apps shop/api', source: { file: MIXED, document: 0, documents: 1, line: 202 }, dependency: 'ConfigMap shop/feature-flags',
      paths: ['spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
    }]);
    expect(report.totals[report.totals.length - 1]).toStrictEqual({ kind: 'total', kept: 13, dropped: 20 });
  });

  test('--migration shows paths as under dist/; --secrets Plaintext keeps Secrets', async () => {
    const r = await runCapturing(['inventory', MIXED, '--migration', 'member1', '--secrets', 'Plaintext', '--format', 'json']);
    const report = JSON.parse(r.stdout) as InventoryReport;
    expect(report.secrets).toBe('Plaintext');
    expect(report.objects.find(o => o.object === 'Secret shop/web-env')).toMatchObject({ result: 'template', path: 'member1/templates/shop/Secret_web-env.yaml' });
  });

  test('reads standard input for -', () => {
    // GIVEN the example export on standard input WHEN inventoried THEN the source is `-`
    const r = runWithStdin(['inventory', '-'], fs.readFileSync(EXAMPLE, 'utf8'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Deployment\.apps default\/nginx +-:7 +template +templates\/default\/Deployment\.apps_nginx\.yaml$/m);
  });

  test('--default-namespace and --on-duplicate reach the reader', () => withTempDir(async dir => {
    // GIVEN manifests without namespace, one of them twice
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\ndata: {v: "1"}\n';
    fs.writeFileSync(path.join(dir, 'a.yaml'), cm);
    fs.writeFileSync(path.join(dir, 'b.yaml'), cm.replace('"1"', '"2"'));

    // WHEN inventoried without and with the flags
    const failed = await runCapturing(['inventory', path.join(dir, 'a.yaml')]);
    const dup = await runCapturing(['inventory', dir, '--default-namespace', 'shop']);
    const last = await runCapturing(['inventory', dir, '--default-namespace', 'shop', '--on-duplicate', 'last']);

    // THEN each behaves as the reader's options say
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('namespaced kind ConfigMap without metadata.namespace; add it (an export always has it), or give a default: spec.defaultNamespace');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(`${path.join(dir, 'b.yaml')}:1: ConfigMap shop/conf is also defined at ${path.join(dir, 'a.yaml')}:1`);
    expect(last.code).toBe(0);
    expect(last.stdout).toMatch(new RegExp(`^ConfigMap shop/conf +${path.join(dir, 'b.yaml')}:1 +template`, 'm'));
  }));

  test('the README shows what it prints for the embedded example', async () => {
    // GIVEN the example block of the README WHEN the command runs from the repo root THEN it prints exactly that
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /```\n\$ npx karmada-migrate inventory inventory\/member1\.yaml\n([\s\S]*?)```/.exec(readme);
    const previous = process.cwd();
    process.chdir(ROOT);
    try {
      expect((await runCapturing(['inventory', 'inventory/member1.yaml'])).stdout).toBe(block?.[1]);
    } finally {
      process.chdir(previous);
    }
  });

  test('--help shows the flags and examples', async () => {
    const r = await runCapturing(['inventory', '--help']);
    for (const flag of ['--format', '--default-namespace', '--on-duplicate', '--secrets', '--max-file-bytes', 'Examples:']) expect(r.stdout).toContain(flag);
  });

  test.each([
    [['inventory'], 'Not enough non-option arguments: got 0, need at least 1\nusage: karmada-migrate inventory <files..> [options]  (karmada-migrate inventory --help for every option)\n'],
    [['inventory', EXAMPLE, '--bogus'], 'Unknown argument: --bogus'],
    [['inventory', EXAMPLE, '--format', 'yaml'], 'Invalid values:\n  Argument: format, Given: "yaml", Choices: "table", "json"'],
    [['inventory', EXAMPLE, '--secrets', 'plain'], 'Argument: secrets, Given: "plain", Choices: "Unmanaged", "Plaintext"'],
    [['inventory', EXAMPLE, '--on-duplicate', 'newest'], 'Argument: on-duplicate, Given: "newest", Choices: "error", "first", "last"'],
    [['inventory', EXAMPLE, '--max-file-bytes', 'lots'], '--max-file-bytes must be a positive whole number of bytes, got NaN'],
    [['inventory', EXAMPLE, '--max-file-bytes', '0'], '--max-file-bytes must be a positive whole number of bytes, got 0'],
    [['inventory', EXAMPLE, '--max-file-bytes', '100'], `${EXAMPLE}: the file is ${fs.statSync(EXAMPLE).size} bytes, above the limit of 100 bytes; raise it with --max-file-bytes (karmada-migrate inventory) or spec.limits.maxFileBytes (migration.yaml)`],
    [['inventory', 'no/such.yaml'], 'no/such.yaml: no such file or directory'],
  ])('fails with exit 1 and a clear message: %j', async (args, message) => {
    const r = await runCapturing(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/^karmada-migrate: /);
  });
});
