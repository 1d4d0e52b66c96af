import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from './run-cli';
import { MAX_FILE_NAME_BYTES } from '../../src/output/layout';
import { ROOT, withTempDir } from '../util';

const run = runCapturing;

describe('karmada-migrate synth', () => {
  test('writes the example and says what it wrote', () => withTempDir(async dir => {
    const out = path.join(dir, 'out');
    const r = await run(['synth', '--config', path.join(ROOT, 'migration.yaml'), '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote \d+ files to .*out \(\d+ namespaces?, \d+ polic(y|ies), \d+ templates?\)\n$/);
    expect(fs.existsSync(path.join(out, 'member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml'))).toBe(true);
  }));

  test('a valid 253-character name is written under a file name of at most 255 bytes, which check agrees with', () => withTempDir(async dir => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'migration.yaml'), path.join(dir, 'migration.yaml'));
    fs.appendFileSync(path.join(dir, 'inventory', 'member1.yaml'), `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: default}\n` +
      'spec: {selector: {matchLabels: {a: y}}, template: {metadata: {labels: {a: y}}, spec: {containers: [{name: c, image: i}]}}}\n');
    const out = path.join(dir, 'out');
    const r = await run(['synth', '--config', path.join(dir, 'migration.yaml'), '--output', out]);
    expect({ code: r.code, stderr: r.stderr }).toStrictEqual({ code: 0, stderr: '' });
    const [file] = fs.readdirSync(path.join(out, 'member1/templates/default')).filter(f => f.includes('aaaa'));
    expect(Buffer.byteLength(file)).toBe(MAX_FILE_NAME_BYTES);
    expect(file).toMatch(/^Deployment\.apps_a{63}\.b{63}\.c{63}\.d+~[0-9a-f]{20}\.yaml$/);
    // the gate computes the same path: the object is where karmada-migrate writes it (no misplaced-manifest).
    const check = await run(['check', '--base', path.join(ROOT, 'dist'), '--dist', out]);
    expect({ code: check.code, out: check.stdout + check.stderr }).toStrictEqual({ code: 0, out: 'check passed\n' });
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
    expect(r.stderr).toMatch(new RegExp(`^karmada-migrate: ${config}:\\d+: spec.inventory: .*inventory/member1.yaml.*no such file or directory`));
    expect(fs.readdirSync(out)).toStrictEqual(['previous.yaml']);
  }));

  test('fails with exit 1 on an unknown command or flag', async () => {
    expect((await run(['synthesize'])).code).toBe(1);
    const r = await run(['synth', '--outptu', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown argument');
  });
});
