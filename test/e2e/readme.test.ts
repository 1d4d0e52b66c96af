// The README runs: every shell block meant to run is run, in a copy of the example on a
// temporary Git repository, and every output the README shows is compared with what the
// command prints. A block that cannot run here (it needs the npm registry or a Karmada API
// server) says so in an HTML comment right above it, `<!-- readme-test: skip: <why> -->`, and
// a block that needs a step the prose describes (arming, releasing) names it,
// `<!-- readme-test: setup=<step> -->`, one of SETUPS below. A shell block with neither
// fails the test, so a new one is either run or explicitly excused.
//
// `npx karmada-migrate` runs this checkout's compiled CLI (lib/, built by `npm test`).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT, withTempDir } from '../util';

/** A fenced block of the README. */
interface Block {
  /** the fence's info string: `sh`, `yaml`, `` (none). */
  readonly info: string;
  /** its lines, without the fences and the indentation of the fence. */
  readonly lines: readonly string[];
  /** the README line of the opening fence (1-based). */
  readonly line: number;
  /** the `readme-test:` directive right above it. @default - none */
  readonly directive?: string;
}

function readmeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(Math.min(indent, lines[j].search(/\S|$/))));
    const above = lines.slice(Math.max(0, i - 2), i).map(l => /<!-- readme-test: (.*?) -->/.exec(l)?.[1]).filter(Boolean);
    out.push({ info: open[2], lines: body, line: i + 1, ...(above.length ? { directive: above[above.length - 1] } : {}) });
    i = j;
  }
  return out;
}

/** The copy of the example the README's commands run in: a Git repository at the committed state. */
class Example {
  private readonly env: NodeJS.ProcessEnv;

  public constructor(public readonly dir: string) {
    for (const entry of ['migration.yaml', 'inventory', 'dist', 'schemas', 'package.json', 'cdk8s.yaml']) {
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    // `npx karmada-migrate` in the README: this checkout's CLI.
    const bin = path.join(dir, '..', 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'karmada-migrate'), `#!/bin/sh\nexec node ${JSON.stringify(path.join(ROOT, 'bin', 'karmada-migrate.js'))} "$@"\n`, { mode: 0o755 });
    this.env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, GIT_PAGER: 'cat', COLUMNS: '80', NO_COLOR: '1' };
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'ci');
    this.commit('the example');
    this.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  }

  public git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }

  public commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }

  public edit(file: string, from: string, to: string): void {
    const text = fs.readFileSync(path.join(this.dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no "${from}" to replace`);
    fs.writeFileSync(path.join(this.dir, file), text.replace(from, to));
  }

  /** runs one command line of the README as a shell would, `npx karmada-migrate` being the CLI. */
  public run(command: string): { code: number; out: string } {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', command.replace(/\bnpx karmada-migrate\b/g, 'karmada-migrate')], {
      cwd: this.dir, env: this.env, encoding: 'utf8',
    });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  }
}

/** The steps the prose asks for before a block, by the name its `setup=` directive gives. */
const SETUPS: Record<string, (e: Example) => void> = {
  // "Rollback, step by step", 1: set `rollback: true` (on top of the deployed takeover).
  arm: e => {
    e.commit('the deployed takeover');
    e.edit('migration.yaml', 'rollback: false', 'rollback: true');
  },
  // 3: set `phase: Release`, on top of the armed commit.
  release: e => {
    e.commit('armed');
    e.edit('migration.yaml', '  takeovers:\n', '  phase: Release\n  takeovers:\n');
  },
};

/** the commands of a shell block: one a line (a line ending in \\ goes on), comments and blank lines left out. */
function commandsOf(block: Block): string[] {
  const joined = block.lines.join('\n').replace(/\\\n\s*/g, ' ').split('\n');
  return joined.map(l => l.replace(/\s+#.*$/, '').trim()).filter(l => l && !l.startsWith('#'));
}

/**
 * whether `actual` is what `shown` shows: line by line, trailing spaces ignored, a `…` line of
 * the README standing for any number of lines.
 */
function showsOutput(shown: readonly string[], actual: readonly string[]): boolean {
  const trim = (l: string) => l.replace(/\s+$/, '');
  const match = (s: number, a: number): boolean => {
    if (s === shown.length) return a === actual.length;
    if (trim(shown[s]) === '…') {
      for (let k = a; k <= actual.length; k++) if (match(s + 1, k)) return true;
      return false;
    }
    return a < actual.length && trim(shown[s]) === trim(actual[a]) && match(s + 1, a + 1);
  };
  return match(0, 0);
}

/** the `$ command` lines of an output block, each with the lines it shows. */
function transcriptOf(block: Block): Array<{ command: string; output: string[] }> {
  const out: Array<{ command: string; output: string[] }> = [];
  for (const line of block.lines) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), output: [] });
    else out[out.length - 1].output.push(line);
  }
  while (out.length && out[out.length - 1].output.length && out[out.length - 1].output[out[out.length - 1].output.length - 1] === '') {
    out[out.length - 1].output.pop();
  }
  return out;
}

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const BLOCKS = readmeBlocks(README);
const isShell = (b: Block) => b.info === 'sh' || b.info === 'console' || b.info === 'bash';
const isTranscript = (b: Block) => b.info === '' && b.lines[0]?.startsWith('$ ');

describe('the README', () => {
  test('its directives are a reason to skip or a known setup step', () => {
    const unknown = BLOCKS.filter(b => b.directive !== undefined && !/^skip: \S/.test(b.directive) && !(b.directive.replace(/^setup=/, '') in SETUPS));
    expect(unknown.map(b => `README.md:${b.line}: ${b.directive}`)).toStrictEqual([]);
  });

  test('its commands run, and print what it shows, in order on one copy of the example', () => withTempDir(dir => {
    const example = new Example(path.join(dir, 'example'));
    const failures: string[] = [];
    let ran = 0;
    for (const block of BLOCKS) {
      if (block.directive?.startsWith('skip:')) continue;
      if (block.directive?.startsWith('setup=')) SETUPS[block.directive.slice('setup='.length)](example);
      if (isShell(block)) {
        for (const command of commandsOf(block)) {
          const r = example.run(command);
          ran++;
          if (r.code !== 0) failures.push(`README.md:${block.line}: \`${command}\` exited ${r.code}:\n${r.out}`);
        }
      } else if (isTranscript(block)) {
        for (const step of transcriptOf(block)) {
          const r = example.run(step.command);
          ran++;
          const actual = r.out.replace(/\n$/, '').split('\n');
          if (!showsOutput(step.output, actual)) {
            failures.push(`README.md:${block.line}: \`${step.command}\` (exit ${r.code}) printed:\n${r.out}\nthe README shows:\n${step.output.join('\n')}`);
          }
        }
      }
    }
    expect(failures).toStrictEqual([]);
    expect(ran).toBeGreaterThanOrEqual(6);
  }));

  test('a YAML block headed by a dist/ path is that file of the committed dist/', () => {
    const shown = BLOCKS.filter(b => b.info === 'yaml' && /^# dist\//.test(b.lines[0] ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    for (const block of shown) {
      const file = block.lines[0].slice(2).trim();
      expect([file, yaml.load(block.lines.slice(1).join('\n'))]).toStrictEqual([file, yaml.load(fs.readFileSync(path.join(ROOT, file), 'utf8'))]);
    }
  });

  test('showsOutput: exact lines, trailing spaces ignored, … for any number of lines', () => {
    expect(showsOutput(['a', 'b'], ['a  ', 'b'])).toBe(true);
    expect(showsOutput(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(showsOutput(['a', '…', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(showsOutput(['a', '…', 'd'], ['a', 'd'])).toBe(true);
    expect(showsOutput(['a', '…'], ['a', 'x', 'y'])).toBe(true);
    expect(showsOutput(['a', '…', 'd'], ['a', 'b', 'c'])).toBe(false);
    expect(showsOutput(['…', 'b', '…'], ['x', 'y'])).toBe(false);
  });
});
