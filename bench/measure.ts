// Measures one generated estate with one pipeline (ours, the floor or the naive cdk8s
// way), in a process of its own so that its peak RSS is its own; the heap is collected
// between runs. Prints one JSON line on stdout.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { buildMigration } from '../src/pipeline/build-migration';
import { readConfig } from '../src/config/read-config';
import { Inventory } from '../src/inventory/inventory';
import { keyOf, keyString, KubeObject } from '../src/kube/object';
import { cleanObject } from '../src/inventory/clean';
import { manifestPath } from '../src/output/layout';
import { MigrationApp } from '../src/pipeline/migration-app';
import { checkChange } from '../src/report/check';
import { buildPlan } from '../src/report/plan';
import { readInventory } from '../src/inventory/read';
import { readDistDir, readDistSnapshot } from '../src/report/dist-tree';
import { writeFiles } from '../src/output/write-tree';
import { execFileSync, spawnSync } from 'child_process';
import { limitHeapGrowth } from '../src/runtime/heap-growth';
import { collectAfterRead, enableCollectAfterRead } from '../src/runtime/collect-after-read';

// the bench runs the TypeScript sources (tsx), beside which there is no compiled worker: the
// export is read with the one `npm run bench` builds into lib/, as the CLI reads it.
/** the compiled CLI, which `npm run bench` builds. */
const CLI = path.join(__dirname, '..', 'bin', 'karmada-migrate.js');
const PARALLEL = { parallel: { workerScript: path.join(__dirname, '..', 'lib', 'src', 'inventory', 'read-worker.js') } };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-bench-'));
}

type Pipeline = 'ours' | 'cli' | 'cli-one-file' | 'review' | 'floor' | 'naive';

/** the median time of each stage of one pipeline, and the peak RSS of its process. */
export interface PipelineMeasurement {
  readonly pipeline: Pipeline;
  readonly ms: Record<string, number>;
  readonly peakRssMiB: number;
  readonly objects: number;
  readonly templates: number;
  /** with the `ours` pipeline: how many files a synth after a one-app change rewrote (mtime changed), of how many. */
  readonly rewritten?: { readonly files: number; readonly of: number };
}

/** the export file, object and value the one-app change edits (the ConfigMap of the first app). */
export const ONE_APP_CHANGE = { from: 'LOG_LEVEL: info', to: 'LOG_LEVEL: debug' };

function measure(pipeline: Pipeline, config: string, runs: number): PipelineMeasurement {
  const [loaded] = readConfig(config);
  const inventoryDir = path.join(path.dirname(config), 'inventory');
  const exportFiles = fs.readdirSync(inventoryDir).sort().map(f => path.join(inventoryDir, f));
  const samples: Record<string, number[]> = {};
  const record = (stage: string, ms: number) => (samples[stage] ??= []).push(ms);
  // the references work on the very objects our pipeline turns into templates (ours saves them).
  const cleanedFile = path.join(path.dirname(config), 'cleaned.json');
  const cleaned: KubeObject[] | undefined = pipeline === 'floor' || pipeline === 'naive' ? JSON.parse(fs.readFileSync(cleanedFile, 'utf8')) : undefined;
  const templateKeys = cleaned && new Set(cleaned.map(o => keyString(keyOf(o))));
  let objects = 0;
  let templates = cleaned?.length ?? 0;
  let rewritten: { files: number; of: number } | undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  const checkout = pipeline === 'review' ? commitDistWithOneAppChange(path.dirname(config)) : undefined;
  if (pipeline === 'cli') return measureCli(config, runs, 'synth-cli');
  if (pipeline === 'cli-one-file') {
    const one = tempDir();
    try {
      return measureCli(writeOneFileEstate(config, one), runs, 'synth-cli-one-file');
    } finally {
      fs.rmSync(one, { recursive: true, force: true });
    }
  }
  const base = process.resourceUsage().maxRSS;

  for (let r = 0; r < runs; r++) {
    gc?.();
    const out = tempDir();
    try {
      if (pipeline === 'ours') {
        // one pipeline run, stage by stage: end-to-end is their sum. The last run's dist/ is
        // kept beside the estate for the review stages.
        const dist = r === runs - 1 ? path.join(path.dirname(config), 'dist') : path.join(out, 'dist');
        let inventory: Inventory | undefined;
        const load = time(() => {
          inventory = Inventory.load([inventoryDir], PARALLEL);
          collectAfterRead(inventory.templates.length + inventory.dropped.length);
        });
        const app = new MigrationApp({ outdir: dist });
        const build = time(() => buildMigration(app, loaded, new Map([[loaded.config.spec.sourceCluster!, inventory!]])));
        const synth = time(() => app.synthFiles());
        templates = inventory!.templates.length;
        if (r === runs - 1) writeJsonArray(cleanedFile, inventory!.templates.map(t => t.object));
        record('load+clean', load);
        record('build', build);
        record('synth', synth);
        record('end-to-end', load + build + synth);
      } else if (pipeline === 'review') {
        const dist = path.join(path.dirname(config), 'dist');
        gc?.();
        // the PR gate on the output against itself, as the CLI runs it: both trees read from disk,
        // deliveries resolved, claims simulated on both sides.
        record('check', time(() => {
          const result = checkChange(readDistSnapshot(dist), readDistSnapshot(dist), { distRoot: 'dist' });
          if (!result.ok) throw new Error(`check failed on an unchanged dist/: ${JSON.stringify(result.findings.slice(0, 3))}`);
        }));
        // the gate of a pull request changing one app, through the compiled CLI in a process of its own,
        // as CI runs it (node's start included): --base a revision, dist/ in the working tree.
        record('check-incremental', time(() => {
          const cli = spawnSync(process.execPath, [CLI, 'check', '--base', 'HEAD', '--dist', 'dist', '--format', 'json'],
            { cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 26 });
          const report = JSON.parse(cli.stdout || '{}') as { ok?: boolean; findings?: unknown[]; scope?: { read: string; why?: string } };
          if (cli.status !== 0 || !report.ok) throw new Error(`check --base HEAD failed on a one-app change (exit ${cli.status}): ${cli.stderr}${JSON.stringify(report.findings?.slice(0, 3))}`);
          if (report.scope?.read !== 'change') throw new Error(`check --base HEAD read every file of a one-app change: ${report.scope?.why}`);
        }));
      } else if (pipeline === 'floor') {
        // the floor as issue 14 defines it: js-yaml parse of the export, the default clean rules on
        // the objects that become templates (the same ones as ours), a dump of each to a file of its own.
        record('floor', time(() => {
          objects = 0;
          const files = new Map<string, string>();
          for (const f of exportFiles) {
            for (const doc of yaml.loadAll(fs.readFileSync(f, 'utf8'))) {
              for (const o of ((doc as { items?: KubeObject[] }).items ?? [doc as KubeObject])) {
                objects++;
                if (!templateKeys!.has(keyString(keyOf(o)))) continue;
                const clean = cleanObject(o);
                files.set(manifestPath('member1', clean), yaml.dump(clean, { noRefs: true, lineWidth: -1 }));
              }
            }
          }
          if (files.size !== cleaned!.length) throw new Error(`the floor cleaned ${files.size} objects, ours made ${cleaned!.length} templates`);
          writeFiles(out, files);
        }));
        // the floor of the earlier rounds, without the clean: parse, and a dump of our cleaned objects.
        record('floor-no-clean', time(() => {
          for (const f of exportFiles) yaml.loadAll(fs.readFileSync(f, 'utf8'));
          const files = new Map<string, string>();
          for (const o of cleaned!) files.set(manifestPath('member1', o), yaml.dump(o, { noRefs: true, lineWidth: -1 }));
          writeFiles(out, files);
        }));
      } else {
        record('naive-cdk8s', time(() => {
          for (const f of exportFiles) yaml.loadAll(fs.readFileSync(f, 'utf8'));
          const app = new App({ outdir: out });
          const charts = new Map<string, Chart>();
          for (const o of cleaned!) {
            const ns = o.metadata.namespace ?? 'cluster';
            let chart = charts.get(ns);
            if (!chart) charts.set(ns, chart = new Chart(app, ns));
            new ApiObject(chart, `${o.kind}-${o.metadata.name}`, o);
          }
          app.synth();
        }));
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  // the review plan: claims of every template and Overwrite risks against the live export, read
  // once, after the gate's runs (which, as through the CLI, do not hold them).
  if (pipeline === 'review') {
    const live = readInventory([inventoryDir], PARALLEL).map(o => o.object);
    const inventory = Inventory.fromObjects(live);
    templates = inventory.templates.length;
    const dist = path.join(path.dirname(config), 'dist');
    for (let r = 0; r < runs; r++) {
      gc?.();
      record('plan', time(() => {
        buildPlan({ migrations: [{ name: 'member1', sourceCluster: 'member1', inventory }], dist: readDistDir(dist), live });
      }));
    }
  }
  // after the loop, where nothing of the runs is held any more: the incremental run's peak RSS is its own, not added to theirs.
  if (pipeline === 'ours') rewritten = synthAfterOneAppChange(loaded, inventoryDir, exportFiles[0], path.join(path.dirname(config), 'dist'), record);
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]));
  const peak = process.resourceUsage().maxRSS;
  return { pipeline, ms, peakRssMiB: Math.round(Math.max(peak, base) / 1024), objects, templates, ...(rewritten ? { rewritten } : {}) };
}

/**
 * `karmada-migrate synth` as a user runs it: the compiled CLI in a process of its own (node's
 * start, the heap settings it sets for itself and its reader thread included), its peak RSS the
 * largest of its runs, reported by bench/report-rss.js preloaded into it.
 */
function measureCli(config: string, runs: number, stage: string): PipelineMeasurement {
  const times: number[] = [];
  let peakKiB = 0;
  for (let r = 0; r < runs; r++) {
    const out = tempDir();
    const rss = path.join(out, 'rss');
    const dist = path.join(out, 'dist');
    try {
      times.push(time(() => {
        const cli = spawnSync(process.execPath, ['--require', path.join(__dirname, 'report-rss.js'), CLI, 'synth', '--config', config, '--output', dist],
          { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, KARMADA_MIGRATE_BENCH_RSS: rss } });
        if (cli.status !== 0) throw new Error(`karmada-migrate synth failed (exit ${cli.status}):\n${cli.stderr}`);
      }));
      peakKiB = Math.max(peakKiB, Number(fs.readFileSync(rss, 'utf8')));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  return { pipeline: 'cli', ms: { [stage]: Math.round(median(times)) }, peakRssMiB: Math.round(peakKiB / 1024), objects: 0, templates: 0 };
}

/**
 * The estate of `config` as one export file in `dir`: a single List of every object, the shape
 * of `kubectl get -A -o yaml` (the generator's files are Lists, their items cut after `items:`).
 * Returns the config beside it.
 */
function writeOneFileEstate(config: string, dir: string): string {
  fs.mkdirSync(path.join(dir, 'inventory'));
  const fd = fs.openSync(path.join(dir, 'inventory', 'all.yaml'), 'w');
  try {
    fs.writeSync(fd, "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ''\nitems:\n");
    const inventory = path.join(path.dirname(config), 'inventory');
    for (const f of fs.readdirSync(inventory).sort()) {
      const text = fs.readFileSync(path.join(inventory, f), 'utf8');
      const items = text.indexOf('\nitems:\n');
      if (items < 0) throw new Error(`${f}: not a List of the generator`);
      fs.writeSync(fd, text.slice(items + '\nitems:\n'.length));
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.copyFileSync(config, path.join(dir, 'migration.yaml'));
  return path.join(dir, 'migration.yaml');
}

// a JSON array written an element at a time: the bench's bookkeeping must not add a string of
// the whole estate to the peak RSS it measures.
function writeJsonArray(file: string, items: readonly unknown[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    items.forEach((item, i) => fs.writeSync(fd, `${i === 0 ? '[' : ','}${JSON.stringify(item)}`));
    fs.writeSync(fd, items.length === 0 ? '[]' : ']');
  } finally {
    fs.closeSync(fd);
  }
}

// the incremental synth: one app's ConfigMap changes in the export, the pipeline runs again into
// the dist/ it wrote; every file is dated long ago first, so a file rewritten is one whose mtime moved.
function synthAfterOneAppChange(loaded: ReturnType<typeof readConfig>[number], inventoryDir: string, exportFile: string, dist: string,
  record: (stage: string, ms: number) => void): { files: number; of: number } {
  const longAgo = new Date('2001-02-03T04:05:06Z');
  const files = fs.readdirSync(dist, { recursive: true, withFileTypes: true }).filter(f => f.isFile()).map(f => path.join(f.parentPath, f.name));
  for (const f of files) fs.utimesSync(f, longAgo, longAgo);
  const text = fs.readFileSync(exportFile, 'utf8');
  fs.writeFileSync(exportFile, text.replace(ONE_APP_CHANGE.from, ONE_APP_CHANGE.to));
  try {
    (globalThis as { gc?: () => void }).gc?.();
    record('synth-incremental', time(() => {
      const inventory = Inventory.load([inventoryDir], PARALLEL);
      const app = new MigrationApp({ outdir: dist });
      buildMigration(app, loaded, new Map([[loaded.config.spec.sourceCluster!, inventory]]));
      app.synthFiles();
    }));
  } finally {
    fs.writeFileSync(exportFile, text);
  }
  const after = fs.readdirSync(dist, { recursive: true, withFileTypes: true }).filter(f => f.isFile()).map(f => path.join(f.parentPath, f.name));
  return { files: after.filter(f => fs.statSync(f).mtime.getTime() !== longAgo.getTime()).length, of: after.length };
}

// dist/ beside the estate committed to a fresh repository, then one app's ConfigMap edited in the working tree.
function commitDistWithOneAppChange(dir: string): string {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const checkout = path.join(dir, 'checkout');
  fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
  fs.rmSync(checkout, { recursive: true, force: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', 'dist');
  git(dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'deployed');
  // the gate runs where CI runs it: in a clone of the repository, its files as the checkout wrote
  // them, the pull request's change on top.
  git(dir, 'clone', '-q', '--no-hardlinks', dir, checkout);
  const file = path.join(checkout, 'dist', 'member1', 'templates', 'team-0000', 'ConfigMap_app-000000-config.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(ONE_APP_CHANGE.from, ONE_APP_CHANGE.to));
  return checkout;
}

const [pipeline, config, runs] = process.argv.slice(2);
// our pipelines run with the heap settings the CLI sets for itself; the references with node's own.
if (pipeline === 'ours' || pipeline === 'review') {
  limitHeapGrowth();
  enableCollectAfterRead();
}
process.stdout.write(JSON.stringify(measure(pipeline as Pipeline, config, Number(runs))) + '\n');
