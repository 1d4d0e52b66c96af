import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KubeObject } from '../src/kube/object';

/**
 * writes a migration.yaml for the migration member1 of the cluster member1 at `file`: the
 * header, then the given lines of its spec (each indented as in the file). Returns `file`.
 */
export function writeMigrationConfig(file: string, specLines: readonly string[]): string {
  fs.writeFileSync(file, ['apiVersion: karmada-migrate.io/v1alpha1', 'kind: Migration', 'metadata: {name: member1}', 'spec:', '  sourceCluster: member1', ...specLines, ''].join('\n'));
  return file;
}

/** the repository root. */
export const ROOT = path.join(__dirname, '..');
/** the four PropagationPolicies of Karmada's "migrate in batch" page (test/fixtures/seed/SOURCES.md). */
export const SEED_POLICIES = path.join(ROOT, 'test', 'fixtures', 'seed', 'migrate-in-batch-policies.yaml');

/** runs `fn` in a fresh temp folder, removed afterwards (once the promise settles, for an async `fn`). */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-test-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  let result: T;
  try {
    result = fn(dir);
  } catch (e) {
    cleanup();
    throw e;
  }
  if (result instanceof Promise) return result.finally(cleanup) as T;
  cleanup();
  return result;
}

/** runs git in a folder and returns what it printed (what it said on stderr is in the error it throws). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** a new Git repository in a folder: branch main, a committer set. */
export function initRepo(dir: string, objectFormat: 'sha1' | 'sha256' = 'sha1'): void {
  git(dir, 'init', '-q', '-b', 'main', `--object-format=${objectFormat}`);
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
}

/** every file under a folder: relative path (with `/`) => content, in path order. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter(f => f.isFile())
    .map(f => path.relative(dir, path.join(f.parentPath, f.name)).split(path.sep).join('/')).sort();
  for (const f of files) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

/** a cleaned Deployment template. */
export function deployment(namespace: string, name: string, apiVersion = 'apps/v1'): KubeObject {
  return {
    apiVersion,
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1` }] } },
    },
  };
}

/** a cleaned Service template. */
export function service(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
  };
}

/** a cleaned ClusterRole template. */
export function clusterRole(name: string): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] };
}

/** the documents of a multi-document YAML file, parsed, in file order. */
export function yamlDocumentsOf(file: string): unknown[] {
  return yaml.loadAll(fs.readFileSync(file, 'utf8'));
}
