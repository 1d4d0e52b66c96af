// The exit codes the README's table documents are the ones the CLI sets.
import * as fs from 'fs';
import * as path from 'path';
import { CANNOT_EVALUATE } from '../../src/cli/cmds/check';
import { INTERNAL_ERROR, ValidationFailedError } from '../../src/errors';
import { ROOT } from '../util';

describe('README exit codes', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Exit codes'), readme.indexOf('\n## ', readme.indexOf('### Exit codes')));
  const row = (code: number) => section.split('\n').find(l => l.startsWith(`| ${code} |`));

  test('every code the CLI sets has its row', () => {
    expect(row(0)).toContain('done');
    expect(row(1)).toContain('bad input or usage');
    expect(row(new ValidationFailedError('x').exitCode)).toContain('rule');
    expect(row(CANNOT_EVALUATE)).toContain('could not evaluate');
    expect(row(INTERNAL_ERROR)).toContain('unexpected error');
  });
});
