// `npm run bench:fleet`: a fleet of member clusters (20 × 2,000 apps by default), each copy a
// little different, synthesized as one migration (`spec.sources`: consolidation, one template
// per object, the OverridePolicies), against references measured in the same run through the
// same code path (`Synthesis.run(...).validated()` and the atomic write, as `karmada-migrate synth`):
// - one cluster holding the same number of exported objects (clusters × apps apps): the target,
//   the fleet within 2x of it;
// - one cluster of the fleet's size in apps (apps apps), for scale.
// Each synthesis runs in a process of its own (its peak RSS is its own). Not part of `npm test`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { generateEstate, KIND_TAKEOVERS } from './generate';
import { Synthesis } from '../src/pipeline/synthesis';

interface FleetArgs {
  readonly clusters: number;
  readonly apps: number;
  readonly runs: number;
  readonly out: string;
  readonly measure?: string;
}

/** one synthesis, measured in its own process. */
interface SynthMeasurement {
  /** median wall time of read, clean, consolidate, build, validate and write, in ms. */
  readonly ms: number;
  readonly peakRssMiB: number;
  /** files written to dist/. */
  readonly files: number;
  readonly templates: number;
  readonly overridePolicies: number;
}

const TAKEOVERS = [...KIND_TAKEOVERS, ''];

/** cluster `c` of the fleet: the differences a real fleet has, spread so that every kind of overrider is used. */
function variant(c: number, clusters: number) {
  return (objects: Array<Record<string, unknown>>, a: number): Array<Record<string, unknown>> => {
    // one app in ten does not run on this cluster (never the same ten on every cluster).
    if ((a + c) % 10 === 0) return [];
    return objects.map(o => {
      const copy = structuredClone(o) as {
        kind: string; metadata: { labels?: Record<string, string> }; spec?: Record<string, unknown>; data?: Record<string, string>;
      };
      if (copy.kind === 'Deployment') {
        const spec = copy.spec as { replicas: number; template: { spec: { containers: Array<{ image: string }> } } };
        // replicas per cluster (each keeps its own count); a canary image on the last quarter of the clusters.
        spec.replicas = 2 + ((a + c) % 3);
        const [container] = spec.template.spec.containers;
        if (a % 4 === 0 && c >= Math.ceil(clusters * 3 / 4)) container.image = container.image.replace(/\.0$/, '.1');
        if (a % 7 === 0) copy.metadata.labels = { ...copy.metadata.labels, 'topology.example.com/region': `r${c % 4}` };
      }
      if (copy.kind === 'ConfigMap' && c % 5 === 0) copy.data = { ...copy.data, LOG_LEVEL: 'debug' };
      return copy as Record<string, unknown>;
    });
  };
}

function clusterName(c: number): string {
  return `member${String(c + 1).padStart(2, '0')}`;
}

/** writes the fleet and the two single-cluster references under `dir`; returns their configs. */
function generate(dir: string, clusters: number, apps: number): { fleet: string; sameObjects: string; sameApps: string; exported: number } {
  let exported = 0;
  const sources: string[] = [];
  for (let c = 0; c < clusters; c++) {
    const name = clusterName(c);
    const estate = generateEstate(path.join(dir, name), { apps, appTakeoverEvery: Number.MAX_SAFE_INTEGER, vary: variant(c, clusters) });
    exported += estate.objects;
    sources.push(`    - {cluster: ${name}, inventory: [${name}/inventory]}`);
  }
  const fleet = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(fleet, ['apiVersion: karmada-migrate.io/v1alpha1', 'kind: Migration', 'metadata: {name: fleet}', 'spec:', '  sources:', ...sources, ...TAKEOVERS].join('\n'));
  const single = (name: string, n: number): string => {
    generateEstate(path.join(dir, name), { apps: n, appTakeoverEvery: Number.MAX_SAFE_INTEGER });
    const config = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(config, ['apiVersion: karmada-migrate.io/v1alpha1', 'kind: Migration', 'metadata: {name: member1}', 'spec:', '  sourceCluster: member1',
      `  inventory: [${name}/inventory]`, ...TAKEOVERS].join('\n'));
    return config;
  };
  return { fleet, sameObjects: single('same-objects', Math.round(exported / 5)), sameApps: single('same-apps', apps), exported };
}

function measureInProcess(config: string, runs: number): SynthMeasurement {
  const times: number[] = [];
  let files = 0;
  let templates = 0;
  let overridePolicies = 0;
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-fleet-out-'));
    try {
      const start = process.hrtime.bigint();
      const synthesis = Synthesis.run({ config });
      const tree = synthesis.validated();
      synthesis.publish(path.join(out, 'dist'), tree.files);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      files = tree.files.size;
      templates = [...tree.files.keys()].filter(f => f.includes('/templates/') && f.endsWith('.yaml')).length;
      overridePolicies = [...tree.files.keys()].filter(f => /OverridePolicy\.policy\.karmada\.io_/.test(f)).length;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  const sorted = times.sort((a, b) => a - b);
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  return { ms: Math.round(sorted[Math.floor(sorted.length / 2)]), peakRssMiB, files, templates, overridePolicies };
}

function measure(config: string, runs: number): SynthMeasurement {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', __filename, '--measure', config, '--runs', String(runs)],
    { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`measuring ${config} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as SynthMeasurement;
}

function main(): void {
  const args = yargs(process.argv.slice(2))
    .option('clusters', { type: 'number', default: 20, desc: 'Member clusters of the fleet' })
    .option('apps', { type: 'number', default: 2000, desc: 'Apps per cluster (a Deployment, a Service, a ConfigMap, plus a ReplicaSet and a Pod to drop)' })
    .option('runs', { type: 'number', default: 1, desc: 'Runs per synthesis; the median is reported' })
    .option('out', { type: 'string', default: path.join(__dirname, 'fleet-results.json'), desc: 'Where to write the results as JSON' })
    .option('measure', { type: 'string', hidden: true, desc: 'Internal: measure one config in this process' })
    .strict()
    .parseSync() as FleetArgs;
  if (args.measure) {
    process.stdout.write(JSON.stringify(measureInProcess(args.measure, args.runs)) + '\n');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-fleet-'));
  try {
    process.stderr.write(`generating ${args.clusters} clusters × ${args.apps} apps...\n`);
    const configs = generate(dir, args.clusters, args.apps);
    process.stderr.write(`measuring the fleet (${configs.exported} exported objects)...\n`);
    const fleet = measure(configs.fleet, args.runs);
    process.stderr.write('measuring one cluster with as many exported objects...\n');
    const sameObjects = measure(configs.sameObjects, args.runs);
    process.stderr.write(`measuring one cluster of ${args.apps} apps...\n`);
    const sameApps = measure(configs.sameApps, args.runs);
    const ratio = Math.round(fleet.ms / sameObjects.ms * 100) / 100;
    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
    const report = {
      date: new Date().toISOString(), machine, clusters: args.clusters, apps: args.apps, exportedObjects: configs.exported, runs: args.runs,
      fleet, sameObjects, sameApps, fleetVsSameObjects: ratio,
    };
    fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
    const row = (what: string, m: SynthMeasurement) =>
      `${what.padEnd(44)} ${[m.ms, m.peakRssMiB, m.templates, m.overridePolicies].map((n, i) => String(n).padStart(i === 0 ? 8 : 9)).join(' ')}`;
    process.stdout.write([
      `synth (median ms of ${args.runs})`.padEnd(44) + '       ms  RSS (MiB) templates overrides',
      row(`fleet: ${args.clusters} clusters × ${args.apps} apps`, fleet),
      row(`one cluster, same exported objects (${Math.round(configs.exported / 5)} apps)`, sameObjects),
      row(`one cluster, ${args.apps} apps`, sameApps),
      `fleet / one cluster with the same exported objects: ${ratio}x (target: at most 2x)`,
      `machine: ${machine.cpus} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
      `results written to ${args.out}`,
      '',
    ].join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
