import { compareKeys, formatGroupKind, formatKey, keyString, ObjectKey } from '../kube/object';
import { RETAIN_REPLICAS_LABEL } from './hpa';
import { Inventory } from './inventory';
import { SecretPolicy } from './secrets';
import { formatSourceLine, SourceLocation } from '../errors';
import { manifestPath } from '../output/layout';

/** Options of {@link inventoryReport}. */
export interface InventoryReportOptions {
  /**
   * the name of the Migration (its `metadata.name`), the first folder of every path
   * under `dist/`.
   *
   * @default - paths are relative to the migration's folder (`templates/default/...`)
   */
  readonly migration?: string;
}

/** What became of one object of the input. */
export interface InventoryReportObject {
  /** the object, `Deployment.apps default/nginx`. */
  readonly object: string;
  /** where it was read from. */
  readonly source: SourceLocation;
  /** `template`: it may become a resource template; `dropped`: it never does. */
  readonly result: 'template' | 'dropped';
  /** for a template, the file it is written to under `dist/` once a takeover selects it. @default - dropped */
  readonly path?: string;
  /** for a dropped object, the id of the rule that dropped it. @default - a template */
  readonly rule?: string;
  /** for a dropped object, why. @default - a template */
  readonly reason?: string;
}

/** A warning about an object, as {@link InventoryReport} lists it. */
export interface InventoryReportWarning {
  /** the object concerned. */
  readonly object: string;
  readonly source: SourceLocation;
  readonly message: string;
}

/** A dependency the inventory lacks, as {@link InventoryReport} lists it. */
export interface InventoryReportMissingDependency {
  /** the template that refers to it. */
  readonly object: string;
  /** where that template was read from. */
  readonly source: SourceLocation;
  /** what it refers to, `ConfigMap shop/web-config`. */
  readonly dependency: string;
  /** where the template names it. */
  readonly paths: readonly string[];
}

/** A Deployment whose live replicas Karmada keeps, as {@link InventoryReport} lists it. */
export interface InventoryReportRetainReplicas {
  /** the Deployment, `Deployment.apps shop/web`. */
  readonly object: string;
  /** where it was read from. */
  readonly source: SourceLocation;
  /** the HorizontalPodAutoscalers that scale it; empty when the input carried the label already. */
  readonly autoscalers: readonly string[];
}

/** How many objects of a kind were kept and dropped. */
export interface InventoryReportTotal {
  /** `Deployment.apps`, `ConfigMap`; `total` on the last line. */
  readonly kind: string;
  readonly kept: number;
  readonly dropped: number;
}

/** What an inventory makes of its input: the first thing a user looks at. */
export interface InventoryReport {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'InventoryReport';
  /** what became of Secrets. */
  readonly secrets: SecretPolicy;
  /** every object of the input, sorted by group, kind, namespace and name. */
  readonly objects: readonly InventoryReportObject[];
  readonly warnings: readonly InventoryReportWarning[];
  readonly missingDependencies: readonly InventoryReportMissingDependency[];
  /**
   * the Deployments that get (or have) the label `resourcetemplate.karmada.io/retain-replicas: "true"`, so that Karmada keeps the
   * replicas their autoscaler sets, in key order.
   */
  readonly retainReplicas: readonly InventoryReportRetainReplicas[];
  /** per kind, sorted by group then kind, then one line `total`. */
  readonly totals: readonly InventoryReportTotal[];
}

/**
 * Describes what an inventory made of its input: for every object, the template file it
 * becomes or why it is dropped; the warnings; the dependencies the inventory lacks; and
 * totals per kind. The result is plain data (the JSON output of
 * `karmada-migrate inventory`), in a deterministic order.
 */
export function inventoryReport(inventory: Inventory, options: InventoryReportOptions = {}): InventoryReport {
  const rows: Array<{ key: ObjectKey; row: InventoryReportObject }> = [];
  for (const t of inventory.templates) {
    rows.push({ key: t.key, row: { object: formatKey(t.key), source: t.source, result: 'template', path: pathOf(t.object, options.migration) } });
  }
  for (const d of inventory.dropped) {
    rows.push({ key: d.key, row: { object: formatKey(d.key), source: d.source, result: 'dropped', rule: d.rule, reason: d.reason } });
  }
  rows.sort((a, b) => compareKeys(a.key, b.key));

  const totals = new Map<string, { key: ObjectKey; kept: number; dropped: number }>();
  for (const { key, row } of rows) {
    const kind = formatGroupKind(key.group, key.kind);
    const total = totals.get(kind) ?? { key, kept: 0, dropped: 0 };
    if (row.result === 'template') total.kept++;
    else total.dropped++;
    totals.set(kind, total);
  }

  return {
    apiVersion: 'karmada-migrate.io/v1alpha1',
    kind: 'InventoryReport',
    secrets: inventory.secrets,
    objects: rows.map(r => r.row),
    warnings: inventory.warnings.map(w => ({ object: formatKey(w.key), source: w.source, message: w.message })),
    missingDependencies: inventory.missingDependencies().map(m => ({
      object: formatKey(m.dependent),
      source: m.source,
      dependency: formatKey(m.dependency.key),
      paths: m.dependency.paths,
    })),
    retainReplicas: inventory.retainReplicas.map(r => ({
      object: formatKey(r.key),
      source: inventory.templates.find(t => keyString(t.key) === keyString(r.key))!.source,
      autoscalers: r.autoscalers.map(formatKey),
    })),
    totals: [
      ...[...totals.entries()].map(([kind, t]) => ({ kind, kept: t.kept, dropped: t.dropped })),
      { kind: 'total', kept: inventory.templates.length, dropped: inventory.dropped.length },
    ],
  };
}

/**
 * Renders a report as aligned plain text: the objects (object, source, result, template
 * path or drop reason), then the warnings and the missing dependencies when there are
 * any, then the totals per kind. Deterministic: the same report gives the same text.
 */
export function formatInventoryTable(report: InventoryReport): string {
  const out: string[] = [];
  out.push(...alignColumns([
    ['OBJECT', 'SOURCE', 'RESULT', 'TEMPLATE OR REASON'],
    ...report.objects.map(o => [
      o.object,
      formatSourceLine(o.source),
      o.result === 'template' ? 'template' : `dropped (${o.rule})`,
      (o.result === 'template' ? o.path : o.reason) ?? '',
    ]),
  ]));
  if (report.warnings.length) {
    out.push('', `WARNINGS (${report.warnings.length})`);
    for (const w of report.warnings) out.push(`  ${formatSourceLine(w.source)}: ${w.message}`);
  }
  if (report.missingDependencies.length) {
    out.push('', `MISSING DEPENDENCIES (${report.missingDependencies.length})`);
    for (const m of report.missingDependencies) {
      out.push(`  ${formatSourceLine(m.source)}: ${m.object} refers to ${m.dependency} (${m.paths.join(', ')}), which is not in the inventory`);
    }
  }
  if (report.retainReplicas.length) {
    out.push('', `RETAIN REPLICAS (${report.retainReplicas.length}): Karmada keeps their live spec.replicas (${RETAIN_REPLICAS_LABEL}: "true")`);
    for (const r of report.retainReplicas) {
      out.push(`  ${formatSourceLine(r.source)}: ${r.object}, ${r.autoscalers.length ? `scaled by ${r.autoscalers.join(', ')}` : 'labelled in the input'}`);
    }
  }
  out.push('', ...alignColumns([['KIND', 'KEPT', 'DROPPED'], ...report.totals.map(t => [t.kind, String(t.kept), String(t.dropped)])]));
  out.push('', `secrets: ${report.secrets}`);
  return out.join('\n') + '\n';
}

// the file's path under dist/; without a migration name, relative to the migration's folder.
function pathOf(obj: Parameters<typeof manifestPath>[1], migration: string | undefined): string {
  return migration ? manifestPath(migration, obj) : manifestPath('', obj).slice(1);
}


// pads every column but the last to its widest cell; trailing spaces are trimmed.
function alignColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(row => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
