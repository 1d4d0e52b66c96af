import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KEEP_FILE, manifestPath } from '../output/layout';
import { toYaml } from '../output/to-yaml';
import { KubeObject } from '../kube/object';
import { Migration } from '../constructs/migration';

/**
 * Renders every ApiObject of every chart under `root` to `dist/` files: path => YAML.
 *
 * Objects are rendered one by one (`ApiObject.toJson()`), not through `Chart.toJson()`,
 * which re-resolves and re-validates the whole app for every chart (cdk8s-core src/chart.ts
 * toJson, src/app.ts _synthChart). Run {@link collectProblems} first.
 *
 * @throws when two objects would be written to the same file
 */
export function renderManifests(root: IConstruct, onManifest?: (manifest: KubeObject) => void): Map<string, string> {
  const files = new Map<string, string>();
  const owners = new Map<string, string>();
  const charts = root.node.findAll().filter((c): c is Chart => Chart.isChart(c));
  charts.sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  for (const chart of charts) {
    for (const c of chart.node.findAll()) {
      if (!(c instanceof ApiObject) || Chart.of(c) !== chart) continue;
      const manifest = c.toJson();
      onManifest?.(manifest);
      const file = manifestPath(chart.node.id, manifest);
      const other = owners.get(file);
      if (other) {
        throw new Error(`'${other}' and '${c.node.path}' would both be written to ${file}: ` +
          'they are the same object (apiVersion group, kind, namespace and name); keep one');
      }
      owners.set(file, c.node.path);
      files.set(file, toYaml(manifest));
    }
    if (Migration.isMigration(chart)) addPlaceholders(chart, files);
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
