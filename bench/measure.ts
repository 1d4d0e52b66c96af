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
import { KubeObject } from '../src/kube/object';
import { manifestPath } from '../src/output/layout';
import { MigrationApp } from '../src/pipeline/migration-app';
import { checkChange } from '../src/report/check';
import { buildPlan } from '../src/report/plan';
import { readInventory } from '../src/inventory/read';
import { readDistDir, readDistSnapshot } from '../src/report/dist-tree';
import { writeFiles } from '../src/output/write-tree';

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

type Pipeline = 'ours' | 'review' | 'floor' | 'naive';

/** the median time of each stage of one pipeline, and the peak RSS of its process. */
export interface PipelineMeasurement {
  readonly pipeline: Pipeline;
  readonly ms: Record<string, number>;
  readonly peakRssMiB: number;
  readonly objects: number;
  readonly templates: number;
}

function measure(pipeline: Pipeline, config: string, runs: number): PipelineMeasurement {
  const [loaded] = readConfig(config);
  const inventoryDir = path.join(path.dirname(config), 'inventory');
  const exportFiles = fs.readdirSync(inventoryDir).sort().map(f => path.join(inventoryDir, f));
  const samples: Record<string, number[]> = {};
  const record = (stage: string, ms: number) => (samples[stage] ??= []).push(ms);
  // the references work on the very objects our pipeline turns into templates (ours saves them).
  const cleanedFile = path.join(path.dirname(config), 'cleaned.json');
  const cleaned: KubeObject[] | undefined = pipeline === 'floor' || pipeline === 'naive' ? JSON.parse(fs.readFileSync(cleanedFile, 'utf8')) : undefined;
  let objects = 0;
  let templates = cleaned?.length ?? 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  // the plan's inputs, read once: the live export, and the inventory made from it.
  const reviewInput = pipeline === 'review' ? (() => {
    const live = readInventory([inventoryDir]).map(o => o.object);
    return { live, inventory: Inventory.fromObjects(live) };
  })() : undefined;
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
        const load = time(() => { inventory = Inventory.load([inventoryDir]); });
        const app = new MigrationApp({ outdir: dist });
        const build = time(() => buildMigration(app, loaded, new Map([[loaded.config.spec.sourceCluster!, inventory!]])));
        const synth = time(() => app.synthFiles());
        templates = inventory!.templates.length;
        if (r === runs - 1) fs.writeFileSync(cleanedFile, JSON.stringify(inventory!.templates.map(t => t.object)));
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
        // the review plan: claims of every template and Overwrite risks against the live export.
        const { live, inventory } = reviewInput!;
        templates = inventory.templates.length;
        gc?.();
        record('plan', time(() => {
          buildPlan({ migrations: [{ name: 'member1', sourceCluster: 'member1', inventory }], dist: readDistDir(dist), live });
        }));
      } else if (pipeline === 'floor') {
        record('floor', time(() => {
          objects = 0;
          for (const f of exportFiles) {
            for (const doc of yaml.loadAll(fs.readFileSync(f, 'utf8'))) objects += ((doc as { items?: unknown[] }).items ?? [doc]).length;
          }
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
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]));
  const peak = process.resourceUsage().maxRSS;
  return { pipeline, ms, peakRssMiB: Math.round(Math.max(peak, base) / 1024), objects, templates };
}

const [pipeline, config, runs] = process.argv.slice(2);
process.stdout.write(JSON.stringify(measure(pipeline as Pipeline, config, Number(runs))) + '\n');
