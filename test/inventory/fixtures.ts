// shared helpers of the inventory tests: the real exports and temp directories.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readInventory } from '../../src/inventory/read';
import { KubeObject } from '../../src/kube/object';

/** the real cluster exports (see SOURCES.md there); read in place, never copied. */
export const FIXTURES = path.join(__dirname, '../fixtures/real-exports');

/** the path of a real export. */
export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

/** reads a real export that holds one object. */
export function fixture(name: string): KubeObject {
  const objects = readInventory([fixturePath(name)]);
  if (objects.length !== 1) throw new Error(`${name} holds ${objects.length} objects`);
  return objects[0].object;
}

/** reads one item of a real List export by kind, namespace and name. */
export function listItem(file: string, kind: string, namespace: string, name: string): KubeObject {
  const found = readInventory([fixturePath(file)]).find(o =>
    o.object.kind === kind && o.object.metadata.namespace === namespace && o.object.metadata.name === name);
  if (!found) throw new Error(`${kind} ${namespace}/${name} is not in ${file}`);
  return found.object;
}

/** the all-namespaces `kubectl get all -A -o yaml` export. */
export const ALL_NAMESPACES = 'list-get-all-all-namespaces-minikube.yaml';
/** the `kubectl get all -o yaml` export of namespace default. */
export const DEFAULT_NAMESPACE = 'list-get-all-default-minikube.yaml';

/** runs `fn` in a fresh temp directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-test-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** writes files (path relative to `dir` => content), creating directories. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** a minimal ConfigMap in YAML. */
export function configMapYaml(name: string, namespace = 'default'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  k: v\n`;
}
