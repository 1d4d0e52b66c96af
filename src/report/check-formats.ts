// The gate's findings where GitHub shows them on the diff: SARIF 2.1.0 for code scanning, and the
// workflow commands of GitHub Actions (annotations).
import { CHECK_RULES, CheckFinding } from './check';

/** Options of {@link checkToSarif} and {@link checkToGithub}. */
export interface CheckLocationOptions {
  /**
   * the path of `dist/` from the repository root, `/`-separated: a finding's file is placed
   * under it, and a finding about the change as a whole is placed on it.
   *
   * @default 'dist'
   */
  readonly distPath?: string;
  /**
   * the version of karmada-migrate, for the SARIF tool.
   *
   * @default - none
   */
  readonly version?: string;
}

/** The SARIF 2.1.0 schema a {@link checkToSarif} log declares. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A SARIF 2.1.0 log: the part of the format {@link checkToSarif} writes. */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

/** One run of a tool, as SARIF writes it. */
export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      /** @default - none */
      readonly version?: string;
      readonly rules: ReadonlyArray<{
        readonly id: string;
        readonly shortDescription: { readonly text: string };
        readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
      }>;
    };
  };
  readonly results: ReadonlyArray<{
    readonly ruleId: string;
    readonly ruleIndex: number;
    readonly level: 'error' | 'warning';
    readonly message: { readonly text: string };
    readonly locations: ReadonlyArray<{
      readonly physicalLocation: {
        readonly artifactLocation: { readonly uri: string };
        readonly region: { readonly startLine: number };
      };
    }>;
    /** @default - none: the change as a whole */
    readonly properties?: { readonly object: string };
  }>;
}

// the rules the gate reports only as warnings (else errors; claim-moves is an error with --strict).
const WARNING_RULES = new Set(['claim-moves', 'claim-lost', 'reclaimed', 'removal-trusts-git', 'evidence-disagrees']);

/**
 * The findings as a SARIF 2.1.0 log for GitHub code scanning: one run of `karmada-migrate`, the
 * rules of {@link CHECK_RULES} with their descriptions, a result per finding at its file of
 * `dist/` from the repository root (line 1: the gate reads objects, not lines), or at `dist/`
 * itself for a finding about the change as a whole.
 */
export function checkToSarif(findings: readonly CheckFinding[], options: CheckLocationOptions = {}): SarifLog {
  const ids = [...new Set([...Object.keys(CHECK_RULES), ...findings.map(f => f.rule)])];
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'karmada-migrate',
          ...(options.version ? { version: options.version } : {}),
          rules: ids.map(id => ({
            id, shortDescription: { text: CHECK_RULES[id] ?? id },
            defaultConfiguration: { level: WARNING_RULES.has(id) ? 'warning' as const : 'error' as const },
          })),
        },
      },
      results: findings.map(f => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule)!,
        level: f.severity,
        message: { text: messageOf(f) },
        locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(f, options) }, region: { startLine: 1 } } }],
        ...(f.object !== undefined ? { properties: { object: f.object } } : {}),
      })),
    }],
  };
}

/**
 * The findings as GitHub Actions workflow commands, one line each
 * (`::error file=dist/x.yaml,line=1,title=rule::message`, `::warning` for a warning), then the
 * verdict: GitHub shows each as an annotation on the file of the pull request.
 */
export function checkToGithub(findings: readonly CheckFinding[], ok: boolean, options: CheckLocationOptions = {}): string {
  const lines = findings.map(f => {
    const props = [...(f.file !== undefined ? [`file=${escapeGithubProperty(uriOf(f, options))}`, 'line=1'] : []), `title=${escapeGithubProperty(f.rule)}`];
    return `::${f.severity} ${props.join(',')}::${escapeGithubData(messageOf(f))}`;
  });
  const warnings = findings.filter(f => f.severity === 'warning').length;
  lines.push(ok ? `check passed${warnings ? ` with ${warnings} warning(s)` : ''}` : `check failed: ${findings.length - warnings} error(s)`);
  return lines.join('\n') + '\n';
}

/**
 * The message of a workflow command, escaped as GitHub's toolkit does (`escapeData` of
 * actions/toolkit packages/core/src/command.ts): `%`, carriage return and line feed.
 */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * A property of a workflow command (`file=`, `title=`), escaped as GitHub's toolkit does
 * (`escapeProperty` of actions/toolkit packages/core/src/command.ts): also `:` and `,`.
 */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function messageOf(f: CheckFinding): string {
  return `${f.message}${f.fix ? `\nfix: ${f.fix}` : ''}`;
}

function uriOf(f: CheckFinding, options: CheckLocationOptions): string {
  const dist = (options.distPath ?? 'dist').replace(/\/+$/, '') || '.';
  if (f.file === undefined) return dist;
  return dist === '.' ? f.file : `${dist}/${f.file}`;
}
