// `plan --output FILE`: the plan replaces FILE only when that destroys nothing, and in one step.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../errors';
import { realPath } from '../output/output-target';
import { readTextPrefix } from '../text-file';

/**
 * How a plan karmada-migrate wrote starts: the Markdown plan with its heading
 * (`planToMarkdown`), the JSON plan with its apiVersion and kind (`planToJson`).
 */
const PLAN_START = /^(?:# Migration plan\r?\n|\{\s*"apiVersion":\s*"karmada-migrate\.io\/[^"]*",\s*"kind":\s*"Plan")/;

/** What a report file written by {@link writePlanFile} is: the plan, or another report. */
export interface ReportFileKind {
  /** what it is called in messages (`plan`). */
  readonly noun: string;
  /** how a file of it that karmada-migrate wrote starts: only such a file (or an empty one) is replaced. */
  readonly start: RegExp;
  /** that start, for a reader. */
  readonly described: string;
  /** a file name, for a reader. */
  readonly example: string;
}

/**
 * A JSON report of karmada-migrate's (`RehearsalReport`, `VerifyTakeoverReport`...) as a file `--output`
 * may replace: it starts with the apiVersion `karmada-migrate.io/...` and its `kind`, as the
 * commands write them.
 *
 * @param kind the report's `kind`
 * @param noun what it is called in messages (`rehearsal report`)
 * @param example a file name, for a reader
 */
export function jsonReportFile(kind: string, noun: string, example: string): ReportFileKind {
  return {
    noun, example, described: `a karmada-migrate.io ${kind}`,
    start: new RegExp(`^\\{\\s*"apiVersion":\\s*"karmada-migrate\\.io\\/[^"]*",\\s*"kind":\\s*"${kind}"`),
  };
}

/** the plan. */
export const PLAN_FILE: ReportFileKind = {
  noun: 'plan', start: PLAN_START, example: 'plan.md',
  described: 'a Markdown plan starts with "# Migration plan", a JSON plan is a karmada-migrate.io Plan',
};

/**
 * Why a plan must not be written to `target`, or undefined when it may: `target` is one of
 * `inputs` (the config, an inventory file, a live export, the old pipeline's manifest) or inside
 * one of them (an inventory folder), a directory, not a regular file (a device, a pipe), or an
 * existing file that is not a plan karmada-migrate wrote (empty files excepted: nothing is lost).
 * Symbolic links are followed: the file they point to is what would be replaced.
 *
 * @param inputs the files and folders the plan is made from
 */
export function planFileProblem(target: string, inputs: readonly string[], kind: ReportFileKind = PLAN_FILE): string | undefined {
  const real = realPath(target);
  for (const input of inputs) {
    const p = realPath(input);
    const shown = path.relative(process.cwd(), path.resolve(input)) || input;
    if (real === p) return `it is ${shown}, an input of the ${kind.noun}`;
    if (isInside(real, p)) return `it is inside ${shown}, an input of the ${kind.noun}`;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return undefined;
  }
  if (stat.isDirectory()) return `it is a directory: give the path of a file, such as ${kind.example}`;
  if (!stat.isFile()) return `it is not a regular file (a device, a pipe or a socket): leave out --output to write the ${kind.noun} to standard output`;
  if (stat.size === 0) return undefined;
  if (!kind.start.test(readTextPrefix(real, 256) ?? '')) {
    return `it is an existing file that is not a ${kind.noun} karmada-migrate wrote (${kind.described}): remove it first, or choose another path`;
  }
  return undefined;
}

/**
 * Writes a plan to `target` as a whole or not at all: refused as {@link planFileProblem} says,
 * else written to a temporary file beside it (beside the file a symbolic link points to), which
 * replaces it by one rename. Missing folders are made.
 *
 * @throws InputError naming the file and why it is refused, or the file-system error
 */
export function writePlanFile(target: string, text: string, inputs: readonly string[], kind: ReportFileKind = PLAN_FILE): void {
  const problem = planFileProblem(target, inputs, kind);
  if (problem) throw new InputError(`refusing to write the ${kind.noun} to ${target}: ${problem}`);
  const real = realPath(target);
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.writeFileSync(temp, text, { flag: 'wx' });
    fs.renameSync(temp, real);
  } catch (e) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the error that matters is the first one.
    }
    const err = e as NodeJS.ErrnoException;
    const reason = err.message.replace(/^[A-Z]+: /, '').split(',')[0];
    throw new InputError(`cannot write the ${kind.noun}: ${err.code ?? 'error'} (${reason})${err.path ? ` on ${err.path}` : ''}; ${target} is unchanged`, { file: target });
  }
}

function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}
