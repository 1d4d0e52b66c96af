// The exit codes the README's table documents are the ones the CLI sets.
import * as fs from 'fs';
import * as path from 'path';
import { CANNOT_EVALUATE } from '../../src/cli/cmds/check';
import { INTERNAL_ERROR, ValidationFailedError } from '../../src/errors';
import { ROOT } from '../util';

describe('README exit codes', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('\n## ', readme.indexOf('### Exit codes')));
  const cells = (line: string) => line.split(' | ').map(c => c.replace(/^\| |\s*\|$/g, ''));
  const lines = section.split('\n');
  const header = cells(lines.find(l => l.startsWith('| code |'))!);
  const row = (code: number) => lines.find(l => l.startsWith(`| ${code} |`));
  const cell = (code: number, column: string) => cells(row(code)!)[header.findIndex(h => h.includes(column))];

  test('every code the CLI sets has its row', () => {
    expect(row(0)).toContain('done');
    expect(row(1)).toContain('bad input or usage');
    expect(row(new ValidationFailedError('x').exitCode)).toContain('rule');
    expect(row(CANNOT_EVALUATE)).toContain('could not evaluate');
    expect(row(INTERNAL_ERROR)).toContain('unexpected error');
  });

  // the cdk8s CLI rejects any non-zero exit of the app as a failure of its own, exit 1
  // (cdk8s-cli lib/util.js shell, lib/cli/index.js main); the validation plugin's failure exits 2.
  test('cdk8s synth has a column of its own: 1 for bad input and a crash of the app, 2 for a rule or publishTo, never 4', () => {
    expect(header.filter(h => h.includes('`cdk8s synth`'))).toStrictEqual(['`cdk8s synth` (and `npm run synth`)']);
    expect(cell(1, '`cdk8s synth`')).toMatch(/bad input.*unexpected error of the app/);
    expect(cell(2, '`cdk8s synth`')).toMatch(/rule.*publishTo/);
    expect(cell(INTERNAL_ERROR, '`cdk8s synth`')).toMatch(/^— /);
    expect(cell(CANNOT_EVALUATE, '`cdk8s synth`')).toBe('—');
  });
});
