import { ApiObject, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { IConstruct } from 'constructs';
import { manifestPath } from './layout';
import { KubeObject } from '../inventory/types';
import { Migration, MigrationPhase } from '../constructs/migration';

/**
 * Renders every ApiObject of every chart under `root` to `dist/` files: path => YAML.
 *
 * Objects are rendered one by one (`ApiObject.toJson()`), not through `Chart.toJson()`,
 * which re-resolves and re-validates the whole app for every chart (cdk8s-core; see
 * gitops-and-peers.md D13). Run {@link collectProblems} first.
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
    if (Migration.isMigration(chart) && chart.phase === MigrationPhase.RELEASE) {
      // the folder must stay in Git: a Flux Kustomization whose path is gone fails instead of pruning.
      files.set(`${chart.node.id}/templates/.keep`, '# released: the templates were removed from Karmada, the member objects kept\n');
    }
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** one manifest as YAML: no anchors, no folding, keys in the order given (cdk8s sorts them). */
export function toYaml(manifest: unknown): string {
  return yaml.dump(manifest, { noRefs: true, lineWidth: -1, sortKeys: false });
}
