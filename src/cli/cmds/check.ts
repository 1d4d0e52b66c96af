import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Argv, CommandModule } from 'yargs';
import { synthesizeConfig } from '../../config/synthesize-config';
import { CheckFinding, checkChange } from '../../report/check';
import { DistTree, readDistAtRevision, readDistDir } from '../../report/dist-tree';
import { toYaml } from '../../output/render';

/** the flags of `karmada-migrate check`. */
export interface CheckArgs {
  readonly base: string;
  readonly config?: string;
  readonly dist: string;
  readonly strict: boolean;
  readonly format: 'text' | 'json';
}

/** `karmada-migrate check`: the pull-request gate. */
export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'The pull-request gate: refuse a change to dist/ that would delete live objects in a member cluster, or a stale dist/',
  builder: (y: Argv) => y
    .option('base', { type: 'string', demandOption: true, desc: 'What is deployed: a dist/ directory, or a Git revision (dist/ is read from it)' })
    .option('config', { alias: 'c', type: 'string', desc: 'Also fail when dist/ is not what this config synthesizes (stale)' })
    .option('dist', { type: 'string', default: 'dist', desc: 'The dist/ of the change' })
    .option('strict', { type: 'boolean', default: false, desc: 'A policy change that moves the claim of an existing template is an error, not a warning' })
    .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, desc: 'Output format' })
    .example('$0 check --base origin/main --config migration.yaml', 'Gate a pull request against the deployed branch')
    .example('$0 check --base /tmp/deployed-dist --dist dist', 'Compare two dist/ folders') as Argv<CheckArgs>,
  handler: (args) => {
    const result = runCheck(args);
    if (args.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(formatFindings(result.findings, result.ok));
    if (!result.ok) process.exitCode = 1;
  },
};

/** reads both sides and runs every check; `stale` is reported as a finding. */
export function runCheck(args: CheckArgs): { ok: boolean; findings: CheckFinding[] } {
  const head = readDistDir(args.dist);
  const base = readBase(args.base, args.dist);
  const findings: CheckFinding[] = [];
  if (args.config) findings.push(...staleness(args.config, head));
  const result = checkChange(base, head, { strict: args.strict });
  findings.push(...result.findings);
  return { ok: !findings.some(f => f.severity === 'error'), findings };
}

function readBase(base: string, dist: string): DistTree {
  if (fs.existsSync(base) && fs.statSync(base).isDirectory()) return readDistDir(base);
  const repo = path.resolve(path.dirname(path.resolve(dist)));
  const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo, encoding: 'utf8' }).trim();
  return readDistAtRevision(top, base, path.relative(top, path.resolve(dist)).split(path.sep).join('/'));
}

function staleness(config: string, head: DistTree): CheckFinding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-check-'));
  try {
    synthesizeConfig({ config, outdir: path.join(dir, 'dist') });
    const fresh = readDistDir(path.join(dir, 'dist'));
    const differ = [...new Set([...fresh.keys(), ...head.keys()])]
      .filter(f => !fresh.has(f) || !head.has(f) || toYaml(fresh.get(f)) !== toYaml(head.get(f))).sort();
    if (differ.length === 0) return [];
    return [{ severity: 'error', rule: 'stale-dist', message: `dist/ is not what ${config} synthesizes (${differ.length} file(s) differ, first: ${differ[0]}); run the synth and commit dist/` }];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** the findings as text, one per line. */
export function formatFindings(findings: readonly CheckFinding[], ok: boolean): string {
  const lines = findings.map(f => `${f.severity.toUpperCase()} [${f.rule}] ${f.message}`);
  lines.push(ok ? `check passed${findings.length ? ` with ${findings.length} warning(s)` : ''}` : 'check failed');
  return lines.join('\n') + '\n';
}
