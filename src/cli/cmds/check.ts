import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Argv, CommandModule } from 'yargs';
import { InputError, isValidationFailedError } from '../../errors';
import { bindingEvidence } from '../../karmada/bindings';
import { memberClusters } from '../../karmada/placement';
import { CheckEvidence, CheckFinding, checkChange } from '../../report/check';
import { checkToGithub, checkToSarif } from '../../report/check-formats';
import { ChangeRead, readChangeInScope } from '../../report/change-scope';
import { DistSnapshot, readDistFiles, readDistSnapshot, readDistSnapshotAtRevision, unchangedSinceRevision } from '../../report/dist-tree';
import { RehearsalEvidence, rehearsalReportPath } from '../../report/gate/suspension-rules';
import { migrationDigests } from '../../report/rehearse';
import { readTextFile } from '../../text-file';
import { topFolder } from '../../output/layout';
import { toYaml } from '../../output/to-yaml';
import { readEvidence } from '../evidence';

/** the flags of `karmada-migrate check`. */
export interface CheckArgs {
  readonly base: string;
  readonly config?: string;
  readonly dist: string;
  readonly strict: boolean;
  readonly initial: boolean;
  readonly bindings?: readonly string[];
  readonly clusters?: readonly string[];
  readonly format: 'text' | 'json' | 'sarif' | 'github';
  readonly 'dist-root'?: string;
  /** read every file of both sides, even when the change touches only templates. @default false */
  readonly full?: boolean;
}

/** What `check --format json` prints. */
export interface CheckReport {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'CheckReport';
  /** true: the change is accepted (exit 0); false: refused (exit 1). */
  readonly ok: boolean;
  readonly findings: readonly CheckFinding[];
  /** what the gate read: every manifest, or the change's scope (report/change-scope.ts). */
  readonly scope: CheckScope;
}

/** What {@link runCheck} read to judge the change. */
export interface CheckScope {
  /** `change`: the files the change reaches; `full`: every manifest of both sides. */
  readonly read: 'change' | 'full';
  /** with `change`: how many manifest files were read, of how many. */
  readonly files?: number;
  readonly of?: number;
  /** with `full` and a revision as --base: why the change's scope was not enough. */
  readonly why?: string;
}

/** the exit code of `check` and `verify-rollback` when the evidence cannot be read: bad input, no Git repository. */
export const CANNOT_EVALUATE = 3;

/** `karmada-migrate check`: the pull-request gate. */
export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'The pull-request gate: refuse a change to dist/ unless the evidence proves it deletes no live object in a member cluster. ' +
    `Exit 0 accepted, 1 refused, ${CANNOT_EVALUATE} could not evaluate (bad input, no Git repository)`,
  builder: (y: Argv) => y
    .option('base', { requiresArg: true, type: 'string', demandOption: true, desc: 'What is deployed: a dist/ directory, or a Git revision (dist/ is read from it)' })
    .option('config', { requiresArg: true, alias: 'c', type: 'string', desc: 'Also fail when dist/ is not what this config synthesizes (stale); - reads it from standard input' })
    .option('dist', { requiresArg: true, type: 'string', default: 'dist', desc: 'The dist/ of the change; a missing folder is an empty dist/ (the migration removed)' })
    .option('bindings', { requiresArg: true, type: 'string', array: true, desc: "Evidence: 'kubectl get resourcebindings.work.karmada.io,clusterresourcebindings.work.karmada.io -A -o json' ('-' for stdin): the live claimant, preserve flag and clusters of each template" })
    .option('clusters', { requiresArg: true, type: 'string', array: true, desc: "Evidence: 'kubectl get clusters.cluster.karmada.io -o json': resolves placements that select clusters by label or field" })
    .option('dist-root', { requiresArg: true, type: 'string', desc: 'The path of dist/ in the repository the deliveries read (default: its path in the Git repository holding it)' })
    .option('initial', { type: 'boolean', default: false, desc: 'The first takeover: nothing is deployed, so a base without dist/ is accepted' })
    .option('full', { type: 'boolean', default: false, desc: 'Read and judge every file of both sides, even when the change touches only templates (by default, with a revision as --base, the gate reads what the change reaches)' })
    .option('strict', { type: 'boolean', default: false, desc: 'A policy change that moves the claim of an existing template is an error, not a warning' })
    .option('format', { requiresArg: true, choices: ['text', 'json', 'sarif', 'github'] as const, default: 'text' as const,
      desc: 'Output format: json, a CheckReport with rule ids; sarif, SARIF 2.1.0 for GitHub code scanning; github, workflow annotations on the files of dist/' })
    .example('$0 check --base origin/main --config migration.yaml', 'Gate a pull request against the deployed branch')
    .example('$0 check --base origin/main --bindings bindings.json --clusters clusters.json', 'Gate it against the live claims and clusters')
    .example('$0 check --base /tmp/deployed-dist --dist dist', 'Compare two dist/ folders')
    .example('$0 check --base origin/main --format github', 'In a GitHub workflow: each finding an annotation on its file of dist/') as Argv<CheckArgs>,
  handler: async (args) => {
    const result = await runCheck(args);
    if (args.format === 'json') {
      const report: CheckReport = { apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'CheckReport', ok: result.ok, findings: result.findings, scope: result.scope };
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else if (args.format === 'sarif') {
      process.stdout.write(JSON.stringify(checkToSarif(result.findings, { distPath: result.distPath }), null, 2) + '\n');
    } else if (args.format === 'github') {
      process.stdout.write(checkToGithub(result.findings, result.ok, { distPath: result.distPath }));
    } else {
      process.stdout.write(formatFindings(result.findings, result.ok) + formatScope(result.scope));
    }
    if (!result.ok) process.exitCode = 1;
  },
};

/**
 * reads both sides and the evidence, and runs every check; `stale` is reported as a finding.
 *
 * @throws InputError when a side or the evidence cannot be read (exit {@link CANNOT_EVALUATE})
 */
export async function runCheck(args: CheckArgs): Promise<{ ok: boolean; findings: CheckFinding[]; distPath: string; scope: CheckScope }> {
  const repo = gitTopLevel(args.dist);
  const inRepo = repo ? path.relative(repo, path.resolve(args.dist)).split(path.sep).join('/') : path.basename(path.resolve(args.dist));
  const distRoot = args['dist-root'] ?? inRepo;
  const evidence: CheckEvidence = {
    ...(args.bindings?.length ? { bindings: readEvidence(args.bindings, bindingEvidence) } : {}),
    ...(args.clusters?.length ? { clusters: readEvidence(args.clusters, memberClusters) } : {}),
  };
  const inScope = repo && !isDirectory(args.base) ? await changeInScope(args, repo, inRepo, distRoot) : undefined;
  const findings: CheckFinding[] = [];
  let result: ReturnType<typeof checkChange>;
  let scope: CheckScope;
  if (inScope && 'scoped' in inScope) {
    const { base, head, read, of } = inScope.scoped;
    // no digest: one is of all the templates of a migration, and a migration the change touches has no report (change-scope.ts).
    const rehearsals = rehearsalEvidence(args.dist, head, false);
    result = checkChange(base, head, { strict: args.strict, initial: args.initial, evidence, distRoot, rehearsals });
    scope = { read: 'change', files: read, of };
  } else {
    const head = readDistSnapshot(args.dist);
    const base = readBase(args.base, repo, inRepo, args.dist, head);
    if (args.config) findings.push(...await staleness(args.config, head));
    const rehearsals = rehearsalEvidence(args.dist, head);
    result = checkChange(base, head, { strict: args.strict, initial: args.initial, evidence, distRoot, rehearsals });
    scope = { read: 'full', ...(inScope && 'full' in inScope ? { why: inScope.full } : {}) };
  }
  findings.push(...result.findings);
  // where the annotations go: dist/ from the repository root, or from the current directory outside one.
  const distPath = repo ? inRepo : path.relative(process.cwd(), path.resolve(args.dist)).split(path.sep).join('/') || '.';
  return { ok: !findings.some(f => f.severity === 'error'), findings, distPath, scope };
}

// the change read in its scope, or why every file must be read (undefined: --full).
async function changeInScope(args: CheckArgs, repo: string, inRepo: string, distRoot: string): Promise<ChangeRead | undefined> {
  if (args.full) return undefined;
  if (args.config) return { full: '--config compares every file of dist/ with the synthesis' };
  if (args.bindings?.length || args.clusters?.length) return { full: 'the evidence (--bindings, --clusters) is compared with every template' };
  if (args.initial) return { full: '--initial' };
  return readChangeInScope(repo, args.base, inRepo, args.dist, distRoot);
}

function isDirectory(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}

/** what the gate read, after the verdict of the text format. */
export function formatScope(scope: CheckScope): string {
  if (scope.read === 'change') {
    return `read the change's scope: ${scope.files} of ${scope.of} manifests; the others are unchanged since the base and not judged again (--full judges every file)\n`;
  }
  // every file read: the usual reading, said only in --format json (scope.why).
  return '';
}

/**
 * the rehearsal reports beside the head's dist/ (rehearsals/<migration>.json in the folder
 * holding it), and the digests of the templates of each migration that has one (a digest is
 * compared with a report only: rehearsalRefusal), so a change without reports reads no template twice.
 */
function rehearsalEvidence(dist: string, head: DistSnapshot, digest = true): RehearsalEvidence {
  const reports = new Map<string, { file: string; text?: string }>();
  const beside = path.dirname(path.resolve(dist));
  const migrations = new Set<string>();
  for (const files of [head.manifests.keys(), head.unread ?? []]) {
    for (const f of files) if (f.includes('/')) migrations.add(topFolder(f));
  }
  for (const migration of [...migrations]) {
    const file = path.join(beside, ...rehearsalReportPath(migration).split('/'));
    const shown = path.relative(process.cwd(), file) || file;
    const present = fs.existsSync(file) && fs.statSync(file).isFile();
    reports.set(migration, present ? { file: shown, text: readTextFile(file, { shownAs: shown }) } : { file: shown });
  }
  const reported = new Set([...reports].filter(([, r]) => r.text !== undefined).map(([m]) => m));
  const digests = digest && head.exists && reported.size > 0 ? migrationDigests(dist, head.manifests, reported) : new Map<string, string>();
  return { reports, digests };
}

// a revision is read incrementally: the files Git finds unchanged in the working tree's dist/ are
// taken from `head` (read already), the others read from Git (readDistSnapshotAtRevision).
function readBase(base: string, repo: string | undefined, distRoot: string, dist: string, head: DistSnapshot): DistSnapshot {
  if (fs.existsSync(base) && fs.statSync(base).isDirectory()) {
    if (fs.existsSync(dist) && fs.realpathSync(base) === fs.realpathSync(dist)) {
      throw new InputError(`--base and --dist are the same folder (${base}): nothing is compared; give the deployed dist/ as --base (a Git revision, or a copy)`);
    }
    return readDistSnapshot(base);
  }
  if (!repo) {
    throw new InputError(`--base '${base}' is not a directory, and the dist/ given is in no Git repository to read it as a revision from; ` +
      'run check inside the repository, or give the deployed dist/ as a directory');
  }
  return readDistSnapshotAtRevision(repo, base, distRoot, { snapshot: head, unchanged: unchangedSinceRevision(repo, base, distRoot) });
}

// the repository holding `dist` (which may not exist: the change removed it), if any.
function gitTopLevel(dist: string): string | undefined {
  let dir = path.resolve(dist);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

// the config synthesized in memory, against the change's dist/.
async function staleness(config: string, head: DistSnapshot): Promise<CheckFinding[]> {
  // loaded when a config is given: cdk8s and the constructs are a fifth of a second a gate without one does without.
  const { Synthesis } = await import('../../pipeline/synthesis');
  let files: ReadonlyMap<string, string>;
  try {
    files = Synthesis.run({ config }).validated().files;
  } catch (e) {
    if (!isValidationFailedError(e)) throw e;
    return [{ severity: 'error', rule: 'stale-dist', message: `${config} does not synthesize: ${e.message}`, fix: 'fix the config, synthesize and commit dist/' }];
  }
  const fresh = readDistFiles(files, `${config} (synthesized)`);
  const differ = [...new Set([...fresh.keys(), ...head.manifests.keys()])]
    .filter(f => !fresh.has(f) || !head.manifests.has(f) || toYaml(fresh.get(f)) !== toYaml(head.manifests.get(f))).sort();
  if (differ.length === 0) return [];
  return [{
    severity: 'error', rule: 'stale-dist',
    message: `dist/ is not what ${config} synthesizes (${differ.length} file(s) differ, first: ${differ[0]})`,
    fix: 'run the synth and commit dist/', file: differ[0],
  }];
}

/** the findings as text, one paragraph each, then the verdict. */
export function formatFindings(findings: readonly CheckFinding[], ok: boolean): string {
  const lines = findings.map(f => `${f.severity.toUpperCase()} [${f.rule}] ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ''}`);
  const warnings = findings.filter(f => f.severity === 'warning').length;
  lines.push(ok ? `check passed${warnings ? ` with ${warnings} warning(s)` : ''}` : `check failed: ${findings.length - warnings} error(s)`);
  return lines.join('\n') + '\n';
}
