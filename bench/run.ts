// `npm run bench`: synthetic estates of several sizes, each measured in a child process
// (bench/measure.ts); prints a table of medians, ratios against the references measured
// in the same run, and growth factors, and writes the same as JSON.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { generateEstate } from './generate';
import { FreshMemoryProbe, probeFreshMemory, PROBE_MIB } from './machine-probe';
import type { PipelineMeasurement } from './measure';

/** one size: the medians of every stage, in ms, and the peak RSS of our pipeline. */
interface Measurement {
  readonly apps: number;
  readonly objects: number;
  readonly templates: number;
  readonly runs: number;
  readonly ms: Record<string, number>;
  /** peak RSS of the synth pipeline (load, clean, build, write) in the bench's process, its runs and the incremental one, in MiB. */
  readonly peakRssMiB: number;
  /** peak RSS of `karmada-migrate synth` in a process of its own, as a user runs it, in MiB. */
  readonly cliPeakRssMiB: number;
  /** the same with the estate in one export file, a List of every object, in MiB. */
  readonly cliOneFilePeakRssMiB: number;
  /** peak RSS of the review stages (plan with a live export, check), in MiB. */
  readonly reviewPeakRssMiB: number;
  /** files the synth after a one-app change rewrote, of the files of dist/. */
  readonly rewritten?: { readonly files: number; readonly of: number };
}

interface BenchArgs {
  readonly sizes: string;
  readonly runs: number;
  readonly largeRuns: number;
  readonly out: string;
  readonly cdk8sCli: boolean;
  readonly scratch?: string;
}

/** room an app takes in the scratch folder at most: its export, its dist/ and Git copy, the references' outputs (7.5 kB of export each). */
const SCRATCH_BYTES_PER_APP = 40_000;

/**
 * where the estates and every output are written: a memory file system when the machine has one
 * with room for the largest estate, so the ratios measure the software. On this project's machine
 * (a cloud disk, ext4 mounted with `discard`) writing the same 62,800 small files took 17 s on one
 * try and 34 to 42 s on the next ones, after the previous ones were removed: the disk, not the
 * pipeline, decided the ratios. A container's /dev/shm is often 64 MiB: then the temporary folder.
 */
function defaultScratch(largestApps: number): string {
  const shm = '/dev/shm';
  const needed = largestApps * SCRATCH_BYTES_PER_APP;
  try {
    fs.accessSync(shm, fs.constants.W_OK);
    const { bavail, bsize } = fs.statfsSync(shm);
    if (bavail * bsize >= needed) return shm;
    process.stderr.write(`${shm} has ${Math.round(bavail * bsize / 2 ** 20)} MiB free, ${Math.round(needed / 2 ** 20)} MiB needed: ` +
      `writing to ${os.tmpdir()} (the disk's speed will weigh on the ratios)\n`);
  } catch {
    // no memory file system here
  }
  return os.tmpdir();
}

function main(): void {
  const args = yargs(process.argv.slice(2))
    .option('sizes', { type: 'string', default: '1000,5000,20000', desc: 'App counts to measure (each app: a Deployment, a Service, a ConfigMap, plus a ReplicaSet and a Pod to drop)' })
    .option('runs', { type: 'number', default: 3, desc: 'Runs per stage; the median is reported' })
    .option('large-runs', { type: 'number', default: 2, desc: 'Runs per stage from 20,000 apps on (keeps the default bench under five minutes on 2 cores)' })
    .option('out', { type: 'string', default: path.join(__dirname, 'results.json'), desc: 'Where to write the results as JSON' })
    .option('cdk8s-cli', { type: 'boolean', default: true, desc: 'Also time cdk8s synth through its CLI (needs lib/: npm run build); --no-cdk8s-cli skips it' })
    .option('scratch', { type: 'string', desc: 'The folder the estates and outputs are written in (default: /dev/shm, a memory file system, when writable, else the temporary folder)' })
    .strict()
    .parseSync() as BenchArgs;
  const sizes = args.sizes.split(',').map(s => Number(s.trim())).filter(n => n > 0);
  const results: Measurement[] = [];
  const scratch = args.scratch ?? defaultScratch(Math.max(...sizes));
  for (const apps of sizes) {
    const dir = fs.mkdtempSync(path.join(scratch, 'karmada-migrate-estate-'));
    try {
      const estate = generateEstate(dir, { apps });
      process.stderr.write(`measuring ${apps} apps (${estate.objects} exported objects)...\n`);
      // ours first: it leaves the dist/ the review stages read.
      const runs = apps >= 20000 ? args.largeRuns : args.runs;
      const [ours, cli, cliOneFile, review, floor, naive] = (['ours', 'cli', 'cli-one-file', 'review', 'floor', 'naive'] as const).map(pipeline => {
        const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'measure.ts'), pipeline, estate.config, String(runs)],
          // the child's temporary folders (the references' outputs, the runs' dist/) are in the scratch folder too.
          { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, TMPDIR: scratch } });
        if (r.status !== 0) throw new Error(`measuring ${pipeline} on ${apps} apps failed:\n${r.stderr}`);
        return JSON.parse(r.stdout) as PipelineMeasurement;
      });
      results.push({
        apps, objects: floor.objects, templates: ours.templates, runs,
        ms: { ...ours.ms, ...cli.ms, ...cliOneFile.ms, ...review.ms, ...floor.ms, ...naive.ms },
        peakRssMiB: ours.peakRssMiB, cliPeakRssMiB: cli.peakRssMiB, cliOneFilePeakRssMiB: cliOneFile.peakRssMiB, reviewPeakRssMiB: review.peakRssMiB,
        ...(ours.rewritten ? { rewritten: ours.rewritten } : {}),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const machine = {
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, scratch,
  };
  // what the machine charges for fresh memory while as much as each size's synth holds is in use (machine-probe.ts).
  // A failure of the probe costs its rows, not the estates' figures.
  process.stderr.write('measuring the cost of fresh memory on this machine...\n');
  let freshMemory: FreshMemoryProbe | undefined;
  try {
    freshMemory = probeFreshMemory([...new Set(results.flatMap(r => [r.cliPeakRssMiB, r.peakRssMiB]))], scratch, args.runs);
  } catch (e) {
    process.stderr.write(`the memory probe failed, its rows are left out: ${(e as Error).message}\n`);
  }
  const report = { date: new Date().toISOString(), machine: { ...machine, freshMemory }, results, summary: summarize(results) };
  // the estates' figures are written first: the CLI's below cannot lose them.
  fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(formatTable(results, report.summary, machine, freshMemory));
  if (args.cdk8sCli) {
    process.stderr.write('measuring cdk8s synth of the embedded example against a single-object app...\n');
    const cli = measureCdk8sCli(args.runs, scratch);
    fs.writeFileSync(args.out, JSON.stringify({ ...report, cdk8sCli: cli }, null, 2) + '\n');
    process.stdout.write(`\ncdk8s synth (median of ${args.runs}): embedded example ${cli.exampleMs} ms, single-object app ${cli.singleMs} ms, ratio ${cli.ratio}x\n`);
  }
  process.stdout.write(`\nresults written to ${args.out}\n`);
}

interface Summary {
  /** end-to-end synth / floor (parse + clean + dump, as issue 14 defines it) and / naive cdk8s, per size. */
  readonly ratios: Record<string, { readonly vsFloor: number; readonly vsNaive: number }>;
  /**
   * time(largest) / time(the size measured before it), per stage, with the ratio of their
   * inputs (`input`: 4 from 5,000 to 20,000 apps, 2.5 from 20,000 to 50,000): a stage that grows
   * linearly has a factor close to `input`.
   */
  readonly growth?: { readonly from: number; readonly to: number; readonly input: number; readonly factors: Record<string, number> };
}

function summarize(results: Measurement[]): Summary {
  const ratios: Record<string, { vsFloor: number; vsNaive: number }> = {};
  for (const r of results) {
    ratios[r.apps] = { vsFloor: round(r.ms['end-to-end'] / r.ms.floor), vsNaive: round(r.ms['end-to-end'] / r.ms['naive-cdk8s']) };
  }
  if (results.length < 2) return { ratios };
  const largest = results[results.length - 1];
  const before = results[results.length - 2];
  const factors = Object.fromEntries(Object.keys(largest.ms).map(k => [k, round(largest.ms[k] / Math.max(1, before.ms[k]))]));
  return { ratios, growth: { from: before.apps, to: largest.apps, input: round(largest.apps / before.apps), factors } };
}

function formatTable(results: Measurement[], summary: Summary, machine: Record<string, unknown>, freshMemory?: FreshMemoryProbe): string {
  const stages = Object.keys(results[0]?.ms ?? {});
  const header = ['stage (median ms)', ...results.map(r => `${r.apps} apps`)];
  if (summary.growth) header.push(`growth ${summary.growth.from}->${summary.growth.to} (input ${summary.growth.input}x)`);
  const rows: string[][] = [header];
  for (const s of stages) {
    const row = [s, ...results.map(r => String(r.ms[s]))];
    if (summary.growth) row.push(`${summary.growth.factors[s]}x`);
    rows.push(row);
  }
  rows.push(['end-to-end / floor', ...results.map(r => `${summary.ratios[r.apps].vsFloor}x`)]);
  rows.push(['end-to-end / floor-no-clean', ...results.map(r => `${round(r.ms['end-to-end'] / r.ms['floor-no-clean'])}x`)]);
  rows.push(['end-to-end / naive cdk8s', ...results.map(r => `${summary.ratios[r.apps].vsNaive}x`)]);
  rows.push(['runs (median of)', ...results.map(r => String(r.runs))]);
  rows.push(['exported objects', ...results.map(r => String(r.objects))]);
  rows.push(['templates', ...results.map(r => String(r.templates))]);
  rows.push(['peak RSS, karmada-migrate synth (MiB)', ...results.map(r => String(r.cliPeakRssMiB))]);
  rows.push(['the same, the export as one file (MiB)', ...results.map(r => String(r.cliOneFilePeakRssMiB))]);
  rows.push(['peak RSS, synth runs in one process (MiB)', ...results.map(r => String(r.peakRssMiB))]);
  rows.push(['peak RSS, plan+check (MiB)', ...results.map(r => String(r.reviewPeakRssMiB))]);
  rows.push(['plan / floor', ...results.map(r => `${round(r.ms.plan / r.ms.floor)}x`)]);
  rows.push(['files rewritten, one-app change', ...results.map(r => (r.rewritten ? `${r.rewritten.files} of ${r.rewritten.of}` : '-'))]);
  // the machine: filling fresh memory, alone (the same in every column) and while a process holds as much as that size's synth.
  if (freshMemory) {
    rows.push([`machine: fill ${PROBE_MIB} MiB, alone (ms)`, ...results.map(() => String(freshMemory.aloneMs))]);
    rows.push(['the same, the CLI synth\'s peak held (ms)', ...results.map(r => String(freshMemory.heldMs[r.cliPeakRssMiB]))]);
    rows.push(['the same, the bench\'s synth peak held (ms)', ...results.map(r => String(freshMemory.heldMs[r.peakRssMiB]))]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length)));
  const lines = rows.map(r => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join('  '));
  lines.splice(1, 0, widths.map(w => '-'.repeat(w)).join('  '));
  return `machine: ${JSON.stringify(machine)}\n${lines.join('\n')}\n`;
}

/**
 * `cdk8s synth` through the real CLI, on a copy of this project (the embedded example, its
 * validation plugin included) and on an app with a single object run the same way (tsx):
 * startup is dominated by the runner, so the two should be close.
 */
function measureCdk8sCli(runs: number, scratch: string): { exampleMs: number; singleMs: number; ratio: number } {
  const root = path.join(__dirname, '..');
  const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
  const work = fs.mkdtempSync(path.join(scratch, 'karmada-migrate-cli-'));
  try {
    const example = path.join(work, 'example');
    const single = path.join(work, 'single');
    for (const entry of ['cdk8s.yaml', 'migration.yaml', 'inventory', 'src', 'imports', 'validation-plugin', 'bin', 'package.json', 'tsconfig.json', 'lib']) {
      fs.cpSync(path.join(root, entry), path.join(example, entry), { recursive: true });
    }
    fs.mkdirSync(single);
    fs.writeFileSync(path.join(single, 'cdk8s.yaml'), 'language: typescript\napp: node --import tsx main.ts\n');
    fs.writeFileSync(path.join(single, 'main.ts'), [
      "import { ApiObject, App, Chart } from 'cdk8s';",
      'const app = new App();',
      "new ApiObject(new Chart(app, 'single'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } });",
      'app.synth();',
      '',
    ].join('\n'));
    for (const dir of [example, single]) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    const timeIn = (dir: string) => {
      const t = process.hrtime.bigint();
      const r = spawnSync(cdk8s, ['synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`cdk8s synth failed in ${dir}:\n${r.stdout}\n${r.stderr}`);
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    // a first run of each fills tsx's transpile cache, as on a developer's machine.
    timeIn(example);
    timeIn(single);
    const e: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < runs; i++) {
      e.push(timeIn(example));
      s.push(timeIn(single));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { exampleMs: Math.round(med(e)), singleMs: Math.round(med(s)), ratio: round(med(e) / med(s)) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main();
