import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from './run-cli';
import { ROOT, withTempDir } from '../util';

const run = runCapturing;

describe('karmada-migrate synth', () => {
  test('writes the example and says what it wrote', () => withTempDir(async dir => {
    const out = path.join(dir, 'out');
    const r = await run(['synth', '--config', path.join(ROOT, 'migration.yaml'), '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \d+ files to .*out \(\d+ namespaces, \d+ policies, \d+ templates\)\n$/);
    expect(fs.existsSync(path.join(out, 'member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml'))).toBe(true);
  }));

  test('--help shows the flags and examples', async () => {
    const r = await run(['synth', '--help']);
    expect(r.stdout).toContain('--config');
    expect(r.stdout).toContain('--output');
    expect(r.stdout).toContain('Examples:');
  });

  test('fails with exit 1 and one message when the inventory file is missing; the output is untouched', () => withTempDir(async dir => {
    // GIVEN
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'previous.yaml'), 'kept\n');
    const config = path.join(dir, 'migration.yaml');
    fs.writeFileSync(config, fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8'));

    // WHEN
    const r = await run(['synth', '--config', config, '--output', out]);

    // THEN
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^karmada-migrate: ${config} \\(document 0, line \\d+\\): spec.inventory: .*inventory/member1.yaml.*no such file or directory`));
    expect(fs.readdirSync(out)).toStrictEqual(['previous.yaml']);
  }));

  test('fails with exit 1 on an unknown command or flag', async () => {
    expect((await run(['synthesize'])).code).toBe(1);
    const r = await run(['synth', '--outptu', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown argument');
  });
});
