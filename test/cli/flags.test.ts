import { flagProblem, OptionTypes } from '../../src/cli/flags';
import { runCapturing } from './run-cli';

// the option table yargs builds for a command with these flags (what getOptions() returns).
const OPTIONS: OptionTypes = {
  key: { 'help': true, 'version': true, 'config': true, 'c': true, 'output': true, 'live': true, 'strict': true, 'max-file-bytes': true, 'format': true },
  alias: { config: ['c'] },
  array: ['live'],
  boolean: ['help', 'version', 'strict'],
};

describe('flagProblem', () => {
  test.each<[string, string[], Record<string, unknown>, string | undefined]>([
    ['flags given once', ['synth', '-c', 'm.yaml', '--output=out', '--strict', '--format', 'json'], { config: 'm.yaml', output: 'out', strict: true, format: 'json' }, undefined],
    ['a list option given twice', ['plan', '--live', 'a', '--live', 'b'], { live: ['a', 'b'] }, undefined],
    ['a switch negated', ['check', '--no-strict'], { strict: false }, undefined],
    ['a switch as --x=false', ['check', '--strict=false'], { strict: false }, undefined],
    ['the same after --', ['synth', '--output', 'a', '--', '--output', 'b'], { output: 'a' }, undefined],
    ['a negative number as a value', ['inventory', '--max-file-bytes', '-5'], { 'max-file-bytes': -5 }, undefined],
    ['a value given twice', ['synth', '--output', 'a', '--output', 'b'], { output: ['a', 'b'] }, '--output is given 2 times (--output, --output); give it once'],
    ['a value given by its alias and its name', ['synth', '-c', 'a', '--config=b'], { config: ['a', 'b'] }, '--config is given 2 times (-c, --config); give it once'],
    ['a value given in camel case too', ['inventory', '--maxFileBytes', '1', '--max-file-bytes', '2'], { 'max-file-bytes': [1, 2] },
      '--max-file-bytes is given 2 times (--maxFileBytes, --max-file-bytes); give it once'],
    ['a choice given twice', ['plan', '--format', 'json', '--format', 'text'], { format: ['json', 'text'] }, '--format is given 2 times (--format, --format); give it once'],
    ['a switch given twice', ['check', '--strict', '--no-strict'], { strict: false }, '--strict is given 2 times (--strict, --no-strict); give it once'],
    ['a switch with a value', ['check', '--strict=yes'], { strict: false }, '--strict=yes: --strict is a switch: give --strict or --no-strict'],
    ['a value negated', ['synth', '--no-output'], { output: false }, '--no-output: --output takes a value and has no --no- form; give --output VALUE, or leave it out'],
    ['a number negated (yargs makes it 0)', ['inventory', '--no-max-file-bytes'], { 'max-file-bytes': 0 }, '--no-max-file-bytes: --max-file-bytes takes a value and has no --no- form; give --max-file-bytes VALUE, or leave it out'],
    ['a list negated', ['plan', '--no-live'], { live: [false] }, '--no-live: --live takes a value and has no --no- form; give --live VALUE, or leave it out'],
    ['a value dotted', ['synth', '--output.x=1'], { output: { x: 1 } }, '--output.x: --output has no sub-options (no dotted names); give --output VALUE'],
    ['a list dotted', ['plan', '--live.a.b', 'x'], { live: { a: { b: 'x' } } }, '--live.a.b: --live has no sub-options (no dotted names); give --live VALUE'],
    ['a switch dotted', ['check', '--strict.x'], { strict: { x: true } }, '--strict.x: --strict has no sub-options (no dotted names); give --strict'],
    ['a value the scan cannot see, of the wrong type', ['synth'], { output: ['a', 'b'] }, '--output is malformed (["a","b"]); give it once, as --output VALUE'],
    ['a list holding something else than strings', ['plan'], { live: ['a', 1] }, '--live is malformed (["a",1]); give it once, as --live VALUE'],
  ])('%s', (_, args, parsed, problem) => {
    expect(flagProblem(args, parsed, OPTIONS)).toBe(problem);
  });

  test('standard input can be read by one option only', () => {
    const readers = ['config', 'live'];
    expect(flagProblem(['plan', '-c=-', '--live=-'], { config: '-', live: ['-'] }, OPTIONS, readers))
      .toBe('standard input (-) is given to --config and --live, and can be read once; give a file to all of them but one');
    expect(flagProblem(['plan', '--live=-', '--live=-'], { live: ['-', '-'] }, OPTIONS, readers)).toBeUndefined();
    expect(flagProblem(['plan', '-c=-'], { config: '-', output: '-' }, OPTIONS, readers)).toBeUndefined();
  });
});

describe('the rule on every command', () => {
  test.each([
    [['synth', '--output', 'a', '--output', 'b'], 1, '--output is given 2 times'],
    [['inventory', 'x.yaml', '--format', 'json', '--format', 'table'], 1, '--format is given 2 times'],
    [['plan', '--no-output'], 1, '--no-output: --output takes a value'],
    [['check', '--base', 'a', '--base', 'b'], 3, 'check could not evaluate: --base is given 2 times'],
    [['verify-rollback', '--works', 'w.json', '--format.x=json'], 3, 'verify-rollback could not evaluate: --format.x: --format has no sub-options'],
  ])('%j: exit %d, one message', async (args, code, message) => {
    const r = await runCapturing(args);
    expect(r).toStrictEqual({ code, stdout: '', stderr: expect.stringContaining(message) as unknown });
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('a missing argument prints the usage line of the command', () => {
  test.each<[string[], number, string]>([
    [['inventory'], 1, 'karmada-migrate: Not enough non-option arguments: got 0, need at least 1\n' +
      'usage: karmada-migrate inventory <files..> [options]  (karmada-migrate inventory --help for every option)\n'],
    [['verify-rollback'], 3, 'karmada-migrate: verify-rollback could not evaluate: Missing required argument: works\n' +
      'usage: karmada-migrate verify-rollback --works <file..> [options]  (karmada-migrate verify-rollback --help for every option)\n'],
    [['rehearse', '--works', 'w.json'], 3, 'karmada-migrate: rehearse could not evaluate: Missing required argument: live\n' +
      'usage: karmada-migrate rehearse --live <file..> --works <file..> [options]  (karmada-migrate rehearse --help for every option)\n'],
    [['verify-takeover', '--works', 'w.yaml'], 3, 'karmada-migrate: verify-takeover could not evaluate: Missing required argument: bindings\n' +
      'usage: karmada-migrate verify-takeover --bindings <file..> --works <file..> [options]  (karmada-migrate verify-takeover --help for every option)\n'],
    [['check'], 3, 'karmada-migrate: check could not evaluate: Missing required argument: base\n' +
      'usage: karmada-migrate check --base <rev-or-dir> [options]  (karmada-migrate check --help for every option)\n'],
  ])('%j exits %d with the message and the usage', async (args, code, stderr) => {
    const r = await runCapturing(args);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([code, '', stderr]);
  });

  test('another usage error has no usage line', async () => {
    const r = await runCapturing(['inventory', 'a.yaml', '--bogus']);
    expect(r.stderr).not.toContain('usage:');
  });
});
