import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KEEP_FILE, manifestPath } from '../output/layout';
import { toYaml } from '../output/to-yaml';
import { InputError, formatLocation } from '../errors';
import { formatKey, keyOf, KubeObject } from '../kube/object';
import { Migration } from '../constructs/migration';
import { ResourceTemplate } from '../constructs/resource-template';
import { allConstructs } from '../constructs/tree-walk';

/** Options of {@link renderManifests}. */
export interface RenderOptions {
  /** told each manifest, in the order they are rendered. */
  readonly onManifest?: (manifest: KubeObject, chart: string) => void;
  /**
   * where a construct was described (a config file and field), for messages; a template
   * names the inventory file, document and line it was read from.
   */
  readonly describe?: (c: IConstruct) => string | undefined;
}

/**
 * Renders every ApiObject of every chart under `root` to `dist/` files: path => YAML.
 *
 * Objects are rendered one by one (`ApiObject.toJson()`), not through `Chart.toJson()`,
 * which re-resolves and re-validates the whole app for every chart (cdk8s-core src/chart.ts
 * toJson, src/app.ts _synthChart). Run {@link collectProblems} first.
 *
 * @throws InputError when two objects would be written to the same file, naming where each comes from
 */
export function renderManifests(root: IConstruct, options: RenderOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const owners = new Map<string, ApiObject>();
  // the ApiObjects of each chart, in the order of a walk of the chart: a walk of the root visits each chart's
  // subtree in the same order, so one walk serves them all.
  const tree = allConstructs(root);
  const charts = tree.filter((c): c is Chart => Chart.isChart(c));
  const objectsOf = new Map<Chart, ApiObject[]>(charts.map(c => [c, []]));
  for (const c of tree) if (c instanceof ApiObject) objectsOf.get(c.chart)?.push(c);
  charts.sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  for (const chart of charts) {
    for (const c of objectsOf.get(chart)!) {
      const manifest = c.toJson();
      options.onManifest?.(manifest, chart.node.id);
      const file = manifestPath(chart.node.id, manifest);
      const other = owners.get(file);
      if (other) throw collision(file, manifest, [other, c], options.describe);
      owners.set(file, c);
      files.set(file, toYaml(manifest));
    }
    if (Migration.isMigration(chart)) addPlaceholders(chart, files);
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// two objects of one identity in one migration: the input's fault (an inventory object named like a
// policy a takeover makes, two charts writing one object), never a bug.
function collision(file: string, manifest: KubeObject, objects: readonly ApiObject[], describe?: (c: IConstruct) => string | undefined): InputError {
  const what = formatKey(keyOf(manifest));
  const [a, b] = objects.map(c => originOf(c, describe));
  const fromInventory = [a, b].filter(o => o.template).length;
  const fix = fromInventory === 1
    ? 'the inventory holds an object the migration also generates: leave it out of the inventory (or out of the takeover that selects it), or rename the takeover whose policy it is (a takeover names its policies after spec.takeovers[].name)'
    : 'keep one of them: leave one out of the inventory, or rename one';
  return new InputError(`${upperFirst(a.where)} and ${b.where} would both be written to ${file} (${what}): one file holds one object; ${fix}`);
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// where the object of a construct comes from: the inventory file, document and line of a
// template, else the config field of the nearest scope described, else the construct path.
function originOf(c: IConstruct, describe?: (c: IConstruct) => string | undefined): { where: string; template: boolean } {
  for (const s of c.node.scopes.slice().reverse()) {
    if (s instanceof ResourceTemplate && s.source) return { where: `the object read from ${formatLocation(s.source)}`, template: true };
    const d = describe?.(s);
    if (d) return { where: `the object made by ${d}`, template: s instanceof ResourceTemplate };
  }
  return { where: `the object of '${c.node.path}'`, template: c.node.scopes.some(s => s instanceof ResourceTemplate) };
}

// folders a delivery syncs must stay in Git even when empty: a Flux Kustomization or an Argo CD
// source whose path is gone fails instead of pruning what it applied.
function addPlaceholders(migration: Migration, files: Map<string, string>): void {
  const id = migration.node.id;
  const keep = '# kept for the GitOps delivery: this folder has no manifest (released, or nothing of this kind here)\n';
  const categories = new Set<string>();
  const folders = new Set<string>();
  const present = new Set<string>();
  for (const f of files.keys()) {
    const [m, category, ns, file] = f.split('/');
    if (m !== id) continue;
    categories.add(category);
    if ((category !== 'policies' && category !== 'templates') || !file) continue;
    folders.add(ns);
    present.add(`${category}/${ns}`);
  }
  // each category folder exists, empty or not: the Flux delivery applies each with a Kustomization of its own.
  for (const category of ['namespaces', 'policies', 'templates']) {
    if (!categories.has(category)) files.set(`${id}/${category}/${KEEP_FILE}`, keep);
  }
  if (!migration.mirrorNamespaceFolders) return;
  for (const ns of folders) {
    for (const category of ['policies', 'templates']) {
      if (!present.has(`${category}/${ns}`)) files.set(`${id}/${category}/${ns}/${KEEP_FILE}`, keep);
    }
  }
}
