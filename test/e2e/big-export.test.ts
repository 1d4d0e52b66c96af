import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { generateEstate } from '../../bench/generate';
import { PARALLEL_MIN_BYTES } from '../../src/inventory/parallel-read';
import { synthesizeConfig } from '../../src/pipeline/synthesis';
import { readTree, ROOT, withTempDir } from '../util';

const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// the compiled CLI reads an export of PARALLEL_MIN_BYTES or more on two threads (inventory/parallel-read.ts);
// the sources run here by ts-jest have no compiled worker and read it on one.
describe('a big export through the CLI', () => {
  test('read on two threads, it gives the dist/ one thread gives, byte for byte', () => withTempDir(dir => {
    // GIVEN an estate whose export (one file per namespace) is above the threshold
    const estate = generateEstate(dir, { apps: 2400 });
    const bytes = estate.exportFiles.reduce((n, f) => n + fs.statSync(f).size, 0);
    expect(bytes).toBeGreaterThan(PARALLEL_MIN_BYTES);

    // WHEN the CLI synthesizes it, and this process does
    const r = cli(['synth', '--config', estate.config, '--output', 'by-cli'], dir);
    synthesizeConfig({ config: estate.config, outdir: path.join(dir, 'in-process') });

    // THEN the trees are the same
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readTree(path.join(dir, 'by-cli'))).toStrictEqual(readTree(path.join(dir, 'in-process')));

    // AND GIVEN a wrong object in the last file (the worker's)
    const last = estate.exportFiles[estate.exportFiles.length - 1];
    fs.appendFileSync(last, '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: x\n');
    let inProcess = '';
    try {
      synthesizeConfig({ config: estate.config, outdir: path.join(dir, 'in-process') });
    } catch (e) {
      inProcess = (e as Error).message;
    }

    // WHEN the CLI synthesizes it
    const failed = cli(['synth', '--config', estate.config, '--output', 'by-cli'], dir);

    // THEN it exits 1 with the message one thread gives, naming the file, document and line, and leaves the output as it was
    expect(inProcess).toMatch(/team-0023\.yaml:\d+ \(document 1\): .*metadata\.name/);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(inProcess);
    expect(readTree(path.join(dir, 'by-cli'))).toStrictEqual(readTree(path.join(dir, 'in-process')));
  }));
});

// runtime/collect-after-read.ts: the CLI asks V8 for a full collection once an export of 10,000
// objects or more is read and cleaned (a `testing` collection in --trace-gc), never for a small one.
describe('the collection after the read, through the CLI', () => {
  const testingCollections = (stdout: string) => stdout.split('\n').filter(l => /Mark-Compact.*\btesting\b/.test(l)).length;

  test('once on an export of 10,500 objects, none on the example; node started with --expose-gc-as still synthesizes', () => withTempDir(dir => {
    const estate = generateEstate(dir, { apps: 2100 });
    expect(estate.objects).toBe(10500);

    const traced = spawnSync(process.execPath, ['--trace-gc', BIN, 'synth', '--config', estate.config, '--output', 'traced'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(traced.status).toBe(0);
    expect(testingCollections(traced.stdout)).toBe(1);

    const example = spawnSync(process.execPath, ['--trace-gc', BIN, 'synth', '--config', path.join(ROOT, 'migration.yaml'), '--output', path.join(dir, 'example')], { cwd: dir, encoding: 'utf8' });
    expect(example.status).toBe(0);
    expect(testingCollections(example.stdout)).toBe(0);

    const named = spawnSync(process.execPath, ['--expose-gc-as=collect', BIN, 'synth', '--config', estate.config, '--output', 'named'], { cwd: dir, encoding: 'utf8' });
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(readTree(path.join(dir, 'named'))).toStrictEqual(readTree(path.join(dir, 'traced')));
  }));
});
