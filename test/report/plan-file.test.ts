import * as fs from 'fs';
import * as path from 'path';
import { jsonReportFile, planFileProblem, writePlanFile } from '../../src/report/plan-file';
import { withTempDir } from '../util';

const MARKDOWN = '# Migration plan\n\nMerging this change ...\n';
const JSON_PLAN = '{\n  "apiVersion": "karmada-migrate.io/v1alpha1",\n  "kind": "Plan",\n  "migrations": []\n}\n';

// runs with `dir` as the current directory: inputs are named relative to it.
function inDir<T>(dir: string, fn: () => T): T {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(previous);
  }
}

describe('planFileProblem', () => {
  test.each<[string, Record<string, string | null>, string, string | undefined]>([
    ['a new file', {}, 'plan.md', undefined],
    ['a new file in a new folder', {}, 'review/plan.md', undefined],
    ['a Markdown plan written before', { 'plan.md': MARKDOWN }, 'plan.md', undefined],
    ['a JSON plan written before', { 'plan.json': JSON_PLAN }, 'plan.json', undefined],
    ['a Markdown plan with CRLF line ends (a Git checkout on Windows)', { 'plan.md': MARKDOWN.replace(/\n/g, '\r\n') }, 'plan.md', undefined],
    ['an empty file: nothing to lose', { 'plan.md': '' }, 'plan.md', undefined],
    ['the config', {}, 'migration.yaml', 'it is migration.yaml, an input of the plan'],
    ['an inventory file', {}, 'inventory/member1.yaml', 'it is inventory/member1.yaml, an input of the plan'],
    ['a path inside an input folder', {}, 'live/plan.md', 'it is inside live, an input of the plan'],
    ['the config through ..', {}, 'inventory/../migration.yaml', 'it is migration.yaml, an input of the plan'],
    ['a directory', {}, 'inventory', 'it is a directory: give the path of a file, such as plan.md'],
    ['the current directory', {}, '.', 'it is a directory: give the path of a file, such as plan.md'],
    ['a file that is no plan', { 'notes.md': '# Notes\n' }, 'notes.md',
      'it is an existing file that is not a plan karmada-migrate wrote (a Markdown plan starts with "# Migration plan", a JSON plan is a karmada-migrate.io Plan): remove it first, or choose another path'],
    ['a JSON file of another kind', { 'cm.json': '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap"\n}\n' }, 'cm.json', expect.stringContaining('it is an existing file that is not a plan') as unknown as string],
    ['a plan heading further down', { 'notes.md': 'intro\n# Migration plan\n' }, 'notes.md', expect.stringContaining('not a plan karmada-migrate wrote') as unknown as string],
    ['a device', {}, '/dev/null', 'it is not a regular file (a device, a pipe or a socket): leave out --output to write the plan to standard output'],
  ])('%s', (_, files, target, problem) => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'migration.yaml'), 'x\n');
    fs.mkdirSync(path.join(dir, 'inventory'));
    fs.writeFileSync(path.join(dir, 'inventory', 'member1.yaml'), 'x\n');
    fs.mkdirSync(path.join(dir, 'live'));
    for (const [f, text] of Object.entries(files)) if (text !== null) fs.writeFileSync(path.join(dir, f), text);
    const inputs = ['migration.yaml', 'inventory/member1.yaml', 'live'].map(p => path.join(dir, p));
    expect(inDir(dir, () => planFileProblem(target, inputs))).toEqual(problem);
  }));

  test('a symbolic link is judged by the file it points to', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'migration.yaml'), 'x\n');
    fs.symlinkSync('migration.yaml', path.join(dir, 'plan.md'));
    expect(inDir(dir, () => planFileProblem('plan.md', [path.join(dir, 'migration.yaml')]))).toBe('it is migration.yaml, an input of the plan');
  }));
});

describe('writePlanFile', () => {
  test('writes a new file, folders made, and replaces a plan written before; no temporary file is left', () => withTempDir(dir => {
    const file = path.join(dir, 'review', 'plan.md');
    writePlanFile(file, MARKDOWN, []);
    writePlanFile(file, JSON_PLAN, []);
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON_PLAN);
    expect(fs.readdirSync(path.dirname(file))).toStrictEqual(['plan.md']);
  }));

  test('writes through a symbolic link: the link stays', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'real.md'), MARKDOWN);
    fs.symlinkSync('real.md', path.join(dir, 'plan.md'));
    writePlanFile(path.join(dir, 'plan.md'), `${MARKDOWN}more\n`, []);
    expect(fs.lstatSync(path.join(dir, 'plan.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real.md'), 'utf8')).toBe(`${MARKDOWN}more\n`);
  }));

  test('a refused target is named with the reason and left as it was', () => withTempDir(dir => {
    const config = path.join(dir, 'migration.yaml');
    fs.writeFileSync(config, 'x\n');
    expect(() => writePlanFile(config, MARKDOWN, [config])).toThrow(/^refusing to write the plan to .*migration\.yaml: it is .*migration\.yaml, an input of the plan$/);
    expect(fs.readFileSync(config, 'utf8')).toBe('x\n');
  }));

  test('a file-system error names the file and leaves it and its folder as they were', () => withTempDir(dir => {
    fs.writeFileSync(path.join(dir, 'plan.md'), MARKDOWN);
    // a file where the folder of the target should be: ENOTDIR.
    expect(() => writePlanFile(path.join(dir, 'plan.md', 'x.md'), MARKDOWN, [])).toThrow(/plan\.md\/x\.md: cannot write the plan: (ENOTDIR|EEXIST)/);
    expect(fs.readdirSync(dir)).toStrictEqual(['plan.md']);
    expect(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8')).toBe(MARKDOWN);
  }));
});

describe('jsonReportFile', () => {
  test('recognizes a report of its kind as the commands write it, and nothing else', () => {
    const kind = jsonReportFile('RehearsalReport', 'rehearsal report', 'rehearsals/member1.json');
    const report = (k: string) => `${JSON.stringify({ apiVersion: 'karmada-migrate.io/v1alpha1', kind: k, clean: true }, null, 2)}\n`;
    expect(kind.start.test(report('RehearsalReport'))).toBe(true);
    expect(kind.start.test(report('VerifyTakeoverReport'))).toBe(false);
    expect(kind.start.test(JSON.stringify({ apiVersion: 'example.io/v1', kind: 'RehearsalReport' }))).toBe(false);
    expect(kind.start.test(JSON.stringify({ kind: 'RehearsalReport', apiVersion: 'karmada-migrate.io/v1alpha1' }))).toBe(false);
    expect([kind.noun, kind.described, kind.example]).toStrictEqual(['rehearsal report', 'a karmada-migrate.io RehearsalReport', 'rehearsals/member1.json']);
  });
});
