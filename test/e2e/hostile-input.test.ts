// Hostile and odd input to every command, and to both synth paths: each case gets its exit code,
// one message (never a stack trace), and leaves the workspace byte-identical (a checksum of every
// file, .git included, before and after).
import { execFileSync, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCapturing } from '../cli/run-cli';
import { rehearsingDist } from '../rehearsal-fixtures';
import { ROOT, withTempDir } from '../util';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8');
const INVENTORY = fs.readFileSync(path.join(ROOT, 'inventory', 'member1.yaml'), 'utf8');
const CM = (name: string, namespace = 'shop', extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${JSON.stringify(name)}, namespace: ${JSON.stringify(namespace)}${extra}}\n`;

/** every file under a folder with its content (symbolic links by target), hashed: the workspace's fingerprint. */
function checksum(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      hash.update(path.relative(dir, p));
      if (e.isSymbolicLink()) hash.update(`->${fs.readlinkSync(p)}`);
      else if (e.isDirectory()) walk(p);
      else hash.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function write(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
}

const edit = (from: string, to: string) => (dir: string) => {
  const config = fs.readFileSync(path.join(dir, 'migration.yaml'), 'utf8');
  if (!config.includes(from)) throw new Error(`the example has no ${JSON.stringify(from)}`);
  fs.writeFileSync(path.join(dir, 'migration.yaml'), config.replace(from, to));
};
const inventoryHolds = (text: string) => (dir: string) => write(dir, { 'inventory/member1.yaml': `${INVENTORY}\n---\n${text}` });

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
}

/** a Git repository whose one commit holds the example's dist/. */
function repository(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'deployed');
}

interface Case {
  /** changes to the example project (migration.yaml, inventory/member1.yaml) before the run. */
  readonly setup?: (dir: string) => void;
  /** the command, run with the workspace as the current directory. */
  readonly args: readonly string[];
  readonly code: number;
  /** a part of the message on stderr. */
  readonly message: string | RegExp;
}

/** the example's dist/ in the workspace (returns true to chain). */
const withDist = (dir: string): true => {
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  return true;
};

const SYNTH = ['synth', '--config', 'migration.yaml', '--output', 'out'];

const CASES: Record<string, Case> = {
  // ---- migration.yaml ----
  'synth: no config file': { setup: d => fs.rmSync(path.join(d, 'migration.yaml')), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: an empty config': { setup: d => write(d, { 'migration.yaml': '' }), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: a config that is not YAML': { setup: d => write(d, { 'migration.yaml': 'a: [\n' }), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: a list for a config': { setup: d => write(d, { 'migration.yaml': '- a\n- b\n' }), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: another apiVersion': { setup: edit('karmada-migrate.io/v1alpha1', 'karmada-migrate.io/v2'), args: SYNTH, code: 1, message: 'apiVersion' },
  'synth: another kind': { setup: edit('kind: Migration', 'kind: Migrations'), args: SYNTH, code: 1, message: 'kind' },
  'synth: no metadata.name': { setup: edit('  name: member1\n', '  labels: {}\n'), args: SYNTH, code: 1, message: 'metadata' },
  'synth: an uppercase migration name': { setup: edit('name: member1', 'name: Member1'), args: SYNTH, code: 1, message: 'metadata.name' },
  'synth: a migration named like the delivery folder': { setup: edit('name: member1', 'name: _delivery'), args: SYNTH, code: 1, message: 'metadata.name' },
  'synth: a migration named constructor': { setup: edit('name: member1', 'name: constructor'), args: SYNTH, code: 1, message: "metadata.name: 'constructor' cannot name a migration: the cdk8s construct tree" },
  'synth: a migration named ..': { setup: edit('name: member1', 'name: ".."'), args: SYNTH, code: 1, message: 'metadata.name' },
  'synth: an unknown field': { setup: edit('spec:\n', 'spec:\n  specs: 1\n'), args: SYNTH, code: 1, message: 'specs' },
  'synth: a misspelled field': { setup: edit('selectBy: Name', 'selectby: Name'), args: SYNTH, code: 1, message: 'selectby' },
  'synth: no sourceCluster': { setup: edit('  sourceCluster: member1', '  # sourceCluster removed'), args: SYNTH, code: 1, message: 'sourceCluster' },
  'synth: a sourceCluster that is no cluster name': { setup: edit('sourceCluster: member1', 'sourceCluster: "Member 1"'), args: SYNTH, code: 1, message: 'sourceCluster' },
  'synth: an empty inventory list': { setup: edit('    - inventory/member1.yaml\n', '    []\n').bind(null), args: SYNTH, code: 1, message: 'inventory' },
  'synth: an inventory path that does not exist': { setup: edit('inventory/member1.yaml', 'inventory/member2.yaml'), args: SYNTH, code: 1, message: 'member2.yaml' },
  'synth: an inventory folder without manifests': { setup: d => { fs.mkdirSync(path.join(d, 'empty')); edit('inventory/member1.yaml', 'empty')(d); }, args: SYNTH, code: 1, message: 'holds no .yaml' },
  'synth: no takeovers': { setup: d => write(d, { 'migration.yaml': EXAMPLE.slice(0, EXAMPLE.indexOf('  takeovers:')) + '  takeovers: []\n' }), args: SYNTH, code: 1, message: 'takeovers' },
  'synth: a takeover neither by kind nor by app': { setup: edit('    - name: deployments-pp', '    - name: empty\n    - name: deployments-pp'), args: SYNTH, code: 1, message: 'takeovers' },
  'synth: a takeover apiVersion that is none': { setup: edit('kind: {apiVersion: apps/v1, kind: Deployment}', 'kind: {apiVersion: "apps//v1", kind: Deployment}'), args: SYNTH, code: 1, message: 'apiVersion' },
  'synth: a takeover that selects nothing': { setup: edit('kind: {apiVersion: apps/v1, kind: Deployment}', 'kind: {apiVersion: apps/v1, kind: StatefulSet}'), args: SYNTH, code: 1, message: 'selects nothing' },
  'synth: an app resource the inventory lacks': { setup: edit('name: nginx-svc}', 'name: nope}'), args: SYNTH, code: 1, message: 'is not in the inventory' },
  'synth: two takeovers with one name in a namespace': { setup: edit('- name: nginx-pp', '- name: services-pp'), args: SYNTH, code: 1, message: 'is made twice' },
  'synth: a release not armed': { setup: edit('  takeovers:\n', '  phase: Release\n  takeovers:\n'), args: SYNTH, code: 1, message: 'preserveResourcesOnDeletion' },
  'synth: a phase spelled in lower case': { setup: edit('  takeovers:\n', '  phase: rehearse\n  takeovers:\n'), args: SYNTH, code: 1, message: 'spec.phase: must be one of: Rehearse, Takeover, Release' },
  'synth: a rehearsal taking a ServiceImport over (its webhook sets propagateDeps)': {
    setup: d => { edit('  takeovers:\n', '  phase: Rehearse\n  takeovers:\n')(d); inventoryHolds('apiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceImport\nmetadata: {name: web, namespace: shop}\nspec: {type: ClusterSetIP, ports: []}\n')(d);
      edit('  takeovers:\n', '  takeovers:\n    - name: imports-pp\n      kind: {apiVersion: multicluster.x-k8s.io/v1alpha1, kind: ServiceImport}\n')(d); },
    args: SYNTH, code: 2, message: 'migration/suspended-rehearsal',
  },
  'synth: an unknown secrets policy': { setup: edit('  takeovers:\n', '  secrets: Sometimes\n  takeovers:\n'), args: SYNTH, code: 1, message: 'secrets' },
  'synth: an Argo CD destination by name and server': {
    setup: edit('  takeovers:\n', '  delivery: {argocd: {destination: {name: k, server: "https://k"}, repoURL: r, path: dist/member1}}\n  takeovers:\n'), args: SYNTH, code: 1, message: 'destination',
  },
  'synth: a Flux delivery without path': { setup: edit('  takeovers:\n', '  delivery: {flux: {sourceRef: {name: g}, kubeConfigSecretRef: k}}\n  takeovers:\n'), args: SYNTH, code: 1, message: 'path' },
  'synth: a file limit below the export': { setup: edit('  takeovers:\n', '  limits: {maxFileBytes: 10}\n  takeovers:\n'), args: SYNTH, code: 1, message: 'spec.limits.maxFileBytes' },
  'synth: an unknown onDuplicate': { setup: edit('  takeovers:\n', '  onDuplicate: both\n  takeovers:\n'), args: SYNTH, code: 1, message: 'onDuplicate' },
  'synth: a defaultNamespace that is no namespace': { setup: edit('  takeovers:\n', '  defaultNamespace: "../x"\n  takeovers:\n'), args: SYNTH, code: 1, message: 'defaultNamespace' },
  'synth: a priority that is no integer': { setup: edit('    - name: nginx-pp', '    - name: nginx-pp\n      priority: high\n      #'), args: SYNTH, code: 1, message: 'priority' },
  'synth: a kind-only Service takeover in default (a rule)': { setup: edit('selectBy: Name', 'selectBy: Kind'), args: SYNTH, code: 2, message: 'karmada-own-objects' },
  'synth: an alias bomb in the config': { setup: d => write(d, { 'migration.yaml': `a: &a [x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n` }), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: a config nested 10,000 deep': { setup: d => write(d, { 'migration.yaml': `${'['.repeat(10000)}${']'.repeat(10000)}` }), args: SYNTH, code: 1, message: 'migration.yaml' },
  'synth: two migrations writing one object': { setup: d => write(d, { 'migration.yaml': `${EXAMPLE}\n---\n${EXAMPLE.replace('name: member1', 'name: member2').replace('sourceCluster: member1', 'sourceCluster: member2')}` }), args: SYNTH, code: 1, message: 'written by migration' },

  // ---- the output folder ----
  'synth --output .': { args: ['synth', '--config', 'migration.yaml', '--output', '.'], code: 1, message: 'it is the current directory' },
  'synth --output ""': { args: ['synth', '--config', 'migration.yaml', '--output', ''], code: 1, message: 'it is the current directory' },
  'synth --output ..': { args: ['synth', '--config', 'migration.yaml', '--output', '..'], code: 1, message: 'ancestor of the current directory' },
  'synth --output /': { args: ['synth', '--config', 'migration.yaml', '--output', '/'], code: 1, message: 'root of the file system' },
  'synth --output migration.yaml': { args: ['synth', '--config', 'migration.yaml', '--output', 'migration.yaml'], code: 1, message: 'an input of the migration' },
  'synth --output inventory': { args: ['synth', '--config', 'migration.yaml', '--output', 'inventory'], code: 1, message: 'an input of the migration' },
  'synth --output inside the inventory folder': { setup: edit('    - inventory/member1.yaml', '    - inventory'), args: ['synth', '--config', 'migration.yaml', '--output', 'inventory/out'], code: 1, message: 'inside the inventory folder' },
  'synth --output an existing file': { setup: d => write(d, { 'notes.txt': 'x' }), args: ['synth', '--config', 'migration.yaml', '--output', 'notes.txt'], code: 1, message: 'an existing file' },
  'synth --output a folder of other files': { setup: d => write(d, { 'src/main.ts': 'x' }), args: ['synth', '--config', 'migration.yaml', '--output', 'src'], code: 1, message: 'which karmada-migrate does not write' },
  'synth --output a link to the current directory': { setup: d => fs.symlinkSync(d, path.join(d, 'link')), args: ['synth', '--config', 'migration.yaml', '--output', 'link'], code: 1, message: 'it is the current directory' },
  'synth --output a folder another synth is writing': { setup: d => write(d, { '.out.lock': `${process.ppid}\n` }), args: SYNTH, code: 1, message: 'another karmada-migrate' },

  // ---- inventories ----
  'synth: a name that climbs out': { setup: inventoryHolds(CM('../../x')), args: SYNTH, code: 1, message: 'is not a Kubernetes object name' },
  'synth: a namespace that climbs out': { setup: inventoryHolds(CM('x', '../../../../escaped')), args: SYNTH, code: 1, message: 'is not a namespace name' },
  'synth: a name with a slash': { setup: inventoryHolds(CM('a/b')), args: SYNTH, code: 1, message: 'is not a Kubernetes object name' },
  'synth: an uppercase name': { setup: inventoryHolds(CM('Web')), args: SYNTH, code: 1, message: 'is not a Kubernetes object name' },
  'synth: the cluster folder as a namespace': { setup: inventoryHolds(CM('x', '_cluster')), args: SYNTH, code: 1, message: 'is not a namespace name' },
  'synth: a 300-character name': { setup: inventoryHolds(CM('a'.repeat(300))), args: SYNTH, code: 1, message: 'is not a Kubernetes object name' },
  'synth: a kind that climbs out': { setup: inventoryHolds('apiVersion: v1\nkind: ../X\nmetadata: {name: x, namespace: shop}\n'), args: SYNTH, code: 1, message: 'is not a Kubernetes kind' },
  'synth: a group that climbs out': { setup: inventoryHolds('apiVersion: ../x/v1\nkind: X\nmetadata: {name: x, namespace: shop}\n'), args: SYNTH, code: 1, message: 'the group must be a DNS subdomain' },
  'synth: an empty group before the slash': { setup: inventoryHolds('apiVersion: /v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n'), args: SYNTH, code: 1, message: 'the group before \'/\' is empty' },
  'synth: an object without apiVersion': { setup: inventoryHolds('kind: ConfigMap\nmetadata: {name: x, namespace: shop}\n'), args: SYNTH, code: 1, message: 'missing apiVersion' },
  'synth: metadata as a string': { setup: inventoryHolds('apiVersion: v1\nkind: ConfigMap\nmetadata: x\n'), args: SYNTH, code: 1, message: 'metadata must be a mapping' },
  'synth: a label that is a number': { setup: inventoryHolds(CM('x', 'shop', ', labels: {a: 1}')), args: SYNTH, code: 1, message: 'must be a string' },
  'synth: generateName only': { setup: inventoryHolds('apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-, namespace: shop}\n'), args: SYNTH, code: 1, message: 'generateName' },
  'synth: an object given twice': { setup: inventoryHolds(`${CM('x')}---\n${CM('x')}`), args: SYNTH, code: 1, message: 'is also defined at' },
  'synth: a namespaced object without namespace': { setup: inventoryHolds('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'), args: SYNTH, code: 1, message: 'without metadata.namespace' },
  'synth: a List of scalars': { setup: inventoryHolds('apiVersion: v1\nkind: List\nitems: [1, 2]\n'), args: SYNTH, code: 1, message: 'items[0]' },
  'synth: a tab for indentation': { setup: inventoryHolds('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n'), args: SYNTH, code: 1, message: 'tab characters' },
  'synth: bytes that are no text': { setup: d => write(d, { 'inventory/member1.yaml': '\u0000\u0001\u0002\u00ff' }), args: SYNTH, code: 1, message: 'member1.yaml' },
  'synth: an alias bomb in the inventory': {
    setup: inventoryHolds(`${CM('lol')}data:\n  a: &a [l,l,l,l,l,l,l,l,l]\n${Array.from({ length: 8 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`),
    args: SYNTH, code: 1, message: 'alias bomb',
  },
  'synth: an inventory nested 10,000 deep': { setup: inventoryHolds(`${'['.repeat(10000)}${']'.repeat(10000)}`), args: SYNTH, code: 1, message: 'nested deeper' },
  'synth: a removed version an app takes over': {
    setup: d => { inventoryHolds('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: psp}\nspec: {}\n')(d); edit('kind: {apiVersion: apps/v1, kind: Deployment}\n      scope: Namespace', 'kind: {apiVersion: policy/v1beta1, kind: PodSecurityPolicy}\n      scope: Cluster')(d); },
    args: SYNTH, code: 1, message: 'selects nothing',
  },
  // valid input named like JavaScript's own properties: taken as any other (plan renders the whole tree, writing nothing).
  'plan: labels, selectors and fields named constructor, __proto__, toString': {
    setup: inventoryHolds('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: y, namespace: default, labels: {constructor: y, __proto__: p}, annotations: {toString: t}}\n' +
      'spec: {selector: {matchLabels: {constructor: y}}, template: {metadata: {labels: {constructor: y}}, spec: {containers: [{name: c, image: i}]}}}\n'),
    args: ['plan', '--config', 'migration.yaml'], code: 0, message: '',
  },
  'plan: a CRD whose schema has a property named constructor': {
    setup: d => {
      inventoryHolds('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: foos.ex.io}\nspec:\n  group: ex.io\n  scope: Namespaced\n' +
        '  names: {kind: Foo, plural: foos}\n  versions:\n    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, properties: ' +
        '{spec: {type: object, required: [constructor], properties: {constructor: {type: string}, toString: {type: integer, default: 1}}}}}}}\n' +
        '---\napiVersion: ex.io/v1\nkind: Foo\nmetadata: {name: f, namespace: default}\nspec: {constructor: c}\n')(d);
      edit('  takeovers:\n', '  takeovers:\n    - name: foos\n      kind: {apiVersion: ex.io/v1, kind: Foo}\n')(d);
    },
    args: ['plan', '--config', 'migration.yaml'], code: 0, message: '',
  },
  'plan: a namespace named constructor': {
    setup: inventoryHolds('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: y, namespace: constructor}\n' +
      'spec: {selector: {matchLabels: {a: y}}, template: {metadata: {labels: {a: y}}, spec: {containers: [{name: c, image: i}]}}}\n'),
    args: ['plan', '--config', 'migration.yaml'], code: 0, message: '',
  },
  'synth: an inventory policy named like one a takeover makes (one file, two objects)': {
    setup: d => {
      inventoryHolds('apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: deployments-pp, namespace: default}\n' +
        'spec: {resourceSelectors: [{apiVersion: v1, kind: ConfigMap}], placement: {clusterAffinity: {clusterNames: [member1]}}}\n')(d);
      edit('  takeovers:\n', '  takeovers:\n    - name: pp-pp\n      kind: {apiVersion: policy.karmada.io/v1alpha1, kind: PropagationPolicy}\n')(d);
    },
    args: SYNTH, code: 1, message: /^karmada-migrate: The object read from inventory\/member1\.yaml:\d+ \(document 1\) and the object made by migration\.yaml:\d+: spec\.takeovers\[1\] \(deployments-pp\) would both be written to member1\/policies\/default\/PropagationPolicy\.policy\.karmada\.io_deployments-pp\.yaml/,
  },
  'synth: a custom resource in a version its CRD does not serve': {
    setup: d => {
      inventoryHolds('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: foos.ex.io}\n' +
        'spec: {group: ex.io, scope: Namespaced, names: {kind: Foo, plural: foos}, versions: [{name: v2, served: true, storage: true}, {name: v10, served: true}]}\n' +
        '---\napiVersion: ex.io/v1\nkind: Foo\nmetadata: {name: f, namespace: default}\nspec: {a: 1}\n')(d);
      edit('  takeovers:\n', '  takeovers:\n    - name: foos\n      kind: {apiVersion: ex.io/v1, kind: Foo}\n')(d);
    },
    args: SYNTH, code: 1, message: /inventory\/member1\.yaml:\d+ \(document 2\): apiVersion ex\.io\/v1: its CustomResourceDefinition foos\.ex\.io does not define v1 \(it serves v10, v2\)/,
  },
  'inventory: a custom resource whose CRD serves no version': {
    setup: inventoryHolds('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: foos.ex.io}\n' +
      'spec: {group: ex.io, scope: Namespaced, names: {kind: Foo, plural: foos}, versions: [{name: v1, served: false, storage: true}]}\n' +
      '---\napiVersion: ex.io/v1\nkind: Foo\nmetadata: {name: f, namespace: default}\n'),
    args: ['inventory', 'inventory/member1.yaml'], code: 1, message: 'its CustomResourceDefinition foos.ex.io serves no version',
  },
  'synth: an extensions/v1beta1 Ingress without servicePort (never given a made-up port)': {
    setup: d => {
      inventoryHolds('apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: default}\n' +
        'spec: {backend: {serviceName: nginx-svc}, rules: [{http: {paths: [{path: /, backend: {serviceName: nginx-svc, servicePort: null}}]}}]}\n')(d);
      edit('  takeovers:\n', '  takeovers:\n    - name: ingresses\n      kind: {apiVersion: networking.k8s.io/v1, kind: Ingress}\n')(d);
    },
    args: SYNTH, code: 1, message: /selects nothing: the migration has no Ingress\.networking\.k8s\.io object; the inventory left out Ingress\.extensions default\/web \(inventory\/member1\.yaml:\d+\): .*rewrite it as networking\.k8s\.io\/v1: spec\.backend\.servicePort is missing/,
  },
  'synth: an integer beyond 2^53 (never rounded, never written as 1e+26)': {
    setup: inventoryHolds('apiVersion: v1\nkind: Service\nmetadata: {name: big, namespace: default}\nspec:\n  ports:\n    - port: 99999999999999999999999999\n'),
    args: SYNTH, code: 1, message: /inventory\/member1\.yaml:\d+ \(document 1\): spec\.ports\[0\]\.port: 99999999999999999999999999 is an integer beyond .*\(it would write 1e\+26\)/,
  },
  'inventory: a JSON export with comments': {
    setup: d => write(d, { 'x.json': '// kubectl get all -o json\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}}\n' }),
    args: ['inventory', 'x.json'], code: 1, message: 'x.json:1: JSON does not allow comments',
  },
  'inventory: a JSON export with a key twice (refused as in YAML)': {
    setup: d => write(d, { 'x.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default", "namespace": "kube-system"}}\n' }),
    args: ['inventory', 'x.json'], code: 1, message: 'x.json:1: metadata.namespace: the key "namespace" appears twice',
  },
  'inventory: a name that climbs out': { setup: inventoryHolds(CM('../../x')), args: ['inventory', 'inventory/member1.yaml'], code: 1, message: 'is not a Kubernetes object name' },
  'inventory: a namespace that climbs out': { setup: inventoryHolds(CM('x', '../x')), args: ['inventory', 'inventory/member1.yaml'], code: 1, message: 'is not a namespace name' },
  'inventory: a file that does not exist': { args: ['inventory', 'nope.yaml'], code: 1, message: 'nope.yaml' },
  'inventory: a folder without manifests': { setup: d => fs.mkdirSync(path.join(d, 'empty')), args: ['inventory', 'empty'], code: 1, message: 'holds no .yaml' },
  'inventory: malformed JSON': { setup: d => write(d, { 'x.json': '{"a": }' }), args: ['inventory', 'x.json'], code: 1, message: 'x.json' },
  'inventory: a limit that is no number': { args: ['inventory', 'inventory/member1.yaml', '--max-file-bytes', 'lots'], code: 1, message: 'max-file-bytes' },
  'inventory: a limit below the file': { args: ['inventory', 'inventory/member1.yaml', '--max-file-bytes', '10'], code: 1, message: 'above the limit of 10 bytes' },
  'inventory: an unknown format': { args: ['inventory', 'inventory/member1.yaml', '--format', 'xml'], code: 1, message: 'format' },
  'inventory: an unknown onDuplicate': { args: ['inventory', 'inventory/member1.yaml', '--on-duplicate', 'both'], code: 1, message: 'on-duplicate' },
  'inventory: a default namespace that is none': { setup: inventoryHolds('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'), args: ['inventory', 'inventory/member1.yaml', '--default-namespace', '../x'], code: 1, message: 'namespace' },

  // ---- plan ----
  'plan: a live export that does not exist': { args: ['plan', '--config', 'migration.yaml', '--live', 'live.yaml'], code: 1, message: 'live.yaml' },
  'plan: a malformed live export': { setup: d => write(d, { 'live.yaml': 'a: [\n' }), args: ['plan', '--config', 'migration.yaml', '--live', 'live.yaml'], code: 1, message: 'live.yaml' },
  'plan: a live export with one object twice': { setup: d => write(d, { 'live.yaml': `${CM('x')}---\n${CM('x')}` }), args: ['plan', '--config', 'migration.yaml', '--live', 'live.yaml'], code: 1, message: 'live.yaml' },
  'plan: a handover file that does not exist': { args: ['plan', '--config', 'migration.yaml', '--handover-from', 'app.yaml'], code: 1, message: 'app.yaml' },
  'plan: a ConfigMap to hand over from': { setup: d => write(d, { 'app.yaml': CM('x') }), args: ['plan', '--config', 'migration.yaml', '--handover-from', 'app.yaml'], code: 1, message: 'not an Argo CD Application, Flux Kustomization or Flux HelmRelease' },
  'plan: two objects to hand over from': { setup: d => write(d, { 'app.yaml': `${CM('x')}---\n${CM('y')}` }), args: ['plan', '--config', 'migration.yaml', '--handover-from', 'app.yaml'], code: 1, message: 'holds 2 objects' },
  'plan: an Application named to run a shell command': {
    setup: d => write(d, { 'app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: "x;rm -rf /", namespace: argocd}\nspec: {destination: {name: member1}}\n' }),
    args: ['plan', '--config', 'migration.yaml', '--handover-from', 'app.yaml'], code: 1, message: 'is not a Kubernetes object name',
  },
  'plan: a Kustomization named to run a shell command': {
    setup: d => write(d, { 'k.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: "$(id)", namespace: flux-system}\nspec: {}\n' }),
    args: ['plan', '--config', 'migration.yaml', '--handover-from', 'k.yaml'], code: 1, message: 'is not a Kubernetes object name',
  },
  'plan: an object name that would forge the Markdown (a new Problems section)': {
    setup: inventoryHolds('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "evil` | x |\\n\\n## Problems\\n\\nNone: looks fine <img src=x>"}\nrules: []\n'),
    args: ['plan', '--config', 'migration.yaml'], code: 0, message: '',
  },
  'plan: an unknown format': { args: ['plan', '--config', 'migration.yaml', '--format', 'pdf'], code: 1, message: 'format' },
  'plan: a config that does not exist': { args: ['plan', '--config', 'nope.yaml'], code: 1, message: 'nope.yaml' },

  // ---- check ----
  'check: a revision that does not exist': { setup: repository, args: ['check', '--base', 'no-such-rev'], code: 3, message: "'no-such-rev' is neither a directory nor a Git revision" },
  'check: a revision outside any Git repository': { setup: d => fs.cpSync(path.join(ROOT, 'dist'), path.join(d, 'dist'), { recursive: true }), args: ['check', '--base', 'HEAD'], code: 3, message: 'in no Git repository' },
  'check: --base and --dist the same folder': { setup: d => fs.cpSync(path.join(ROOT, 'dist'), path.join(d, 'dist'), { recursive: true }), args: ['check', '--base', 'dist', '--dist', 'dist'], code: 3, message: 'are the same folder' },
  'check: malformed YAML in dist/': { setup: d => { repository(d); write(d, { 'dist/member1/templates/default/Service_nginx-svc.yaml': 'a: [\n' }); }, args: ['check', '--base', 'HEAD'], code: 3, message: 'malformed YAML' },
  'check: two objects in one file of dist/': { setup: d => { repository(d); write(d, { 'dist/member1/templates/default/Service_nginx-svc.yaml': `${CM('a')}---\n${CM('b')}` }); }, args: ['check', '--base', 'HEAD'], code: 3, message: 'holds 2 objects' },
  'check: an integer beyond 2^53 in dist/ (two values must not compare equal after rounding)': {
    setup: d => { repository(d); write(d, { 'dist/member1/templates/default/Service_nginx-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx-svc, namespace: default}\nspec:\n  x: 9007199254740993\n' }); },
    args: ['check', '--base', 'HEAD'], code: 3, message: /Service_nginx-svc\.yaml:5: spec\.x: 9007199254740993 is an integer beyond/,
  },
  'check: a list for a manifest': { setup: d => { repository(d); write(d, { 'dist/member1/templates/default/Service_nginx-svc.yaml': '- a\n' }); }, args: ['check', '--base', 'HEAD'], code: 3, message: 'not a Kubernetes object' },
  'check: --dist a file': { setup: d => { repository(d); write(d, { 'notes.txt': 'x' }); }, args: ['check', '--base', 'HEAD', '--dist', 'notes.txt'], code: 3, message: 'not a directory' },
  'check: malformed bindings': { setup: d => { repository(d); write(d, { 'b.json': '{' }); }, args: ['check', '--base', 'HEAD', '--bindings', 'b.json'], code: 3, message: 'b.json' },
  'check: bindings that are Works': {
    setup: d => { repository(d); write(d, { 'b.yaml': 'apiVersion: work.karmada.io/v1alpha1\nkind: Work\nmetadata: {name: w, namespace: karmada-es-member1}\n' }); },
    args: ['check', '--base', 'HEAD', '--bindings', 'b.yaml'], code: 3, message: 'is not a work.karmada.io ResourceBinding',
  },
  'check: clusters that are ConfigMaps': { setup: d => { repository(d); write(d, { 'c.yaml': CM('x') }); }, args: ['check', '--base', 'HEAD', '--clusters', 'c.yaml'], code: 3, message: 'is not a cluster.karmada.io Cluster' },
  'check: bindings that do not exist': { setup: repository, args: ['check', '--base', 'HEAD', '--bindings', 'b.json'], code: 3, message: 'b.json' },
  'check: a symbolic link in dist/': { setup: d => { repository(d); fs.symlinkSync('/etc/hostname', path.join(d, 'dist/member1/templates/default/link.yaml')); }, args: ['check', '--base', 'HEAD'], code: 3, message: 'a symbolic link in dist/' },
  'check: an unknown format': { setup: repository, args: ['check', '--base', 'HEAD', '--format', 'sarif2'], code: 3, message: 'format' },
  'check: no --base': { setup: repository, args: ['check'], code: 3, message: 'base' },
  'check: a policy of another API version in dist/': {
    setup: d => { repository(d); write(d, { 'dist/member1/policies/default/PropagationPolicy.policy.karmada.io_x.yaml': 'apiVersion: policy.karmada.io/v1\nkind: PropagationPolicy\nmetadata: {name: x, namespace: default}\nspec: {}\n' }); },
    args: ['check', '--base', 'HEAD'], code: 3, message: 'only policy.karmada.io/v1alpha1',
  },
  'check: a manifest of a 253-character name at the shortened path synth writes it to': {
    setup: d => {
      repository(d);
      const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
      write(d, { [`dist/member1/templates/default/ConfigMap_${name.slice(0, 255 - 'ConfigMap_'.length - 26)}~${createHash('sha256').update(`ConfigMap_${name}`).digest('hex').slice(0, 20)}.yaml`]: CM(name, 'default') });
    },
    args: ['check', '--base', 'HEAD'], code: 0, message: '',
  },
  'check: an empty base without --initial (refused, not a crash)': { setup: d => { repository(d); fs.mkdirSync(path.join(d, 'empty')); }, args: ['check', '--base', 'empty'], code: 1, message: '' },

  // ---- rehearse ----
  'rehearse: --output onto a template of the dist/ it rehearses': {
    setup: d => { rehearsingDist(d); write(d, { 'w.json': '{"apiVersion": "v1", "kind": "List", "items": []}' }); },
    args: ['rehearse', '--works', 'w.json', '--live', 'inventory/member1.yaml', '--output', 'dist/member1/templates/default/Service_nginx-svc.yaml'],
    code: 3, message: 'rehearse could not evaluate: refusing to write the rehearsal report to dist/member1/templates/default/Service_nginx-svc.yaml: it is inside dist, an input of the rehearsal report',
  },
  // ---- verify-rollback ----
  'verify-rollback: no --works': { args: ['verify-rollback'], code: 3, message: 'works' },
  'verify-rollback: works that do not exist': { args: ['verify-rollback', '--works', 'w.json', '--dist', 'out'], code: 3, message: 'w.json' },
  'verify-rollback: malformed works': { setup: d => write(d, { 'w.json': '{"items": [' }), args: ['verify-rollback', '--works', 'w.json'], code: 3, message: 'w.json' },
  'verify-rollback: an item that is not a Work': { setup: d => withDist(d) && write(d, { 'w.yaml': CM('x') }), args: ['verify-rollback', '--works', 'w.yaml'], code: 3, message: 'is not a Work' },
  'verify-rollback: manifests that are not a list': {
    setup: d => withDist(d) && write(d, { 'w.yaml': 'apiVersion: work.karmada.io/v1alpha1\nkind: Work\nmetadata: {name: w, namespace: karmada-es-member1}\nspec: {workload: {manifests: {}}}\n' }),
    args: ['verify-rollback', '--works', 'w.yaml'], code: 3, message: 'spec.workload.manifests must be a list',
  },
  'verify-rollback: a dist/ that does not exist': { setup: d => write(d, { 'w.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }), args: ['verify-rollback', '--works', 'w.yaml', '--dist', 'nope'], code: 3, message: 'no such directory' },
  'verify-rollback: bindings that are ConfigMaps': { setup: d => withDist(d) && write(d, { 'w.yaml': 'apiVersion: v1\nkind: List\nitems: []\n', 'b.yaml': CM('x') }), args: ['verify-rollback', '--works', 'w.yaml', '--bindings', 'b.yaml'], code: 3, message: 'is not a work.karmada.io ResourceBinding' },
  'verify-rollback: clusters that are ConfigMaps': { setup: d => withDist(d) && write(d, { 'w.yaml': 'apiVersion: v1\nkind: List\nitems: []\n', 'c.yaml': CM('x') }), args: ['verify-rollback', '--works', 'w.yaml', '--clusters', 'c.yaml'], code: 3, message: 'is not a cluster.karmada.io Cluster' },
  'verify-rollback: an alias bomb for works': {
    setup: d => write(d, { 'w.yaml': `a: &a [l,l,l,l,l,l,l,l,l]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n` }),
    args: ['verify-rollback', '--works', 'w.yaml'], code: 3, message: 'w.yaml',
  },
  'verify-rollback: no Work at all (not armed, not a crash)': { setup: d => { fs.cpSync(path.join(ROOT, 'dist'), path.join(d, 'dist'), { recursive: true }); write(d, { 'w.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }); }, args: ['verify-rollback', '--works', 'w.yaml'], code: 1, message: '' },
  // ---- verify-takeover ----
  'verify-takeover: no --bindings': { args: ['verify-takeover', '--works', 'w.yaml'], code: 3, message: 'bindings' },
  'verify-takeover: Works that are ConfigMaps': {
    setup: d => withDist(d) && write(d, { 'b.yaml': 'apiVersion: v1\nkind: List\nitems: []\n', 'w.yaml': CM('x') }),
    args: ['verify-takeover', '--bindings', 'b.yaml', '--works', 'w.yaml'], code: 3,
    message: /w\.yaml:1: --works: ConfigMap shop\/x \(v1\) is not a Work of work\.karmada\.io/,
  },
  'verify-takeover: --before without --after': {
    setup: d => withDist(d) && write(d, { 'e.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }),
    args: ['verify-takeover', '--bindings', 'e.yaml', '--works', 'e.yaml', '--before', 'inventory/member1.yaml'], code: 3, message: '--before needs --after',
  },
  'verify-takeover: --output onto the export it reads': {
    setup: d => withDist(d) && write(d, { 'e.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }),
    args: ['verify-takeover', '--bindings', 'e.yaml', '--works', 'e.yaml', '--before', 'inventory/member1.yaml', '--after', 'inventory/member1.yaml', '--output', 'inventory/member1.yaml'],
    code: 3, message: 'refusing to write the takeover verification to inventory/member1.yaml: it is inventory/member1.yaml, an input of the takeover verification',
  },
  'verify-takeover: no binding and no Work at all (not taken over, not a crash)': {
    setup: d => withDist(d) && write(d, { 'e.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' }), args: ['verify-takeover', '--bindings', 'e.yaml', '--works', 'e.yaml'], code: 1, message: '',
  },

  // ---- the command line ----
  'an unknown command': { args: ['synthesize'], code: 1, message: 'Unknown' },
  'no command': { args: [], code: 1, message: 'Name a command' },
  'an unknown flag': { args: ['synth', '--outptu', 'x'], code: 1, message: 'outptu' },
  'a flag without its value': { args: ['synth', '--config'], code: 1, message: 'config' },
  // a flag given twice, negated or dotted: a usage error naming it, for every command (the gates exit 3).
  'synth --output twice': { args: [...SYNTH, '--output', 'b'], code: 1, message: '--output is given 2 times (--output, --output); give it once' },
  'synth --no-output': { args: ['synth', '--no-output'], code: 1, message: '--no-output: --output takes a value and has no --no- form' },
  'synth --output.x=1': { args: ['synth', '--output.x=1'], code: 1, message: '--output.x: --output has no sub-options' },
  'synth -c twice': { args: ['synth', '-c', 'migration.yaml', '-c', 'migration.yaml', '-o', 'e'], code: 1, message: '--config is given 2 times (-c, -c)' },
  'synth -c and --config': { args: ['synth', '-c', 'migration.yaml', '--config=migration.yaml'], code: 1, message: '--config is given 2 times (-c, --config)' },
  'plan --format twice': { args: ['plan', '--format', 'json', '--format', 'markdown'], code: 1, message: '--format is given 2 times' },
  'plan --output twice': { args: ['plan', '-o', 'a.md', '--output', 'b.md'], code: 1, message: '--output is given 2 times (-o, --output)' },
  'plan --no-live': { args: ['plan', '--no-live'], code: 1, message: '--no-live: --live takes a value' },
  'plan --live.x=1': { args: ['plan', '--live.x=1'], code: 1, message: '--live.x: --live has no sub-options' },
  'plan --handoverFrom and --handover-from': { args: ['plan', '--handoverFrom', 'a.yaml', '--handover-from', 'b.yaml'], code: 1, message: '--handover-from is given 2 times' },
  'inventory --secrets twice': { args: ['inventory', 'inventory', '--secrets', 'Plaintext', '--secrets', 'Unmanaged'], code: 1, message: '--secrets is given 2 times' },
  'inventory -f and --format': { args: ['inventory', 'inventory', '-f', 'json', '--format', 'table'], code: 1, message: '--format is given 2 times (-f, --format)' },
  'inventory --no-max-file-bytes': { args: ['inventory', 'inventory', '--no-max-file-bytes'], code: 1, message: '--max-file-bytes takes a value' },
  'inventory --format.x': { args: ['inventory', 'inventory', '--format.x', 'json'], code: 1, message: '--format.x: --format has no sub-options' },
  'check --dist twice': { setup: repository, args: ['check', '--base', 'HEAD', '--dist', 'a', '--dist', 'b'], code: 3, message: 'check could not evaluate: --dist is given 2 times' },
  'check --dist 0 --dist true': { setup: repository, args: ['check', '--base', 'c', '--dist', '0', '--dist', 'true'], code: 3, message: '--dist is given 2 times' },
  'check --no-base': { setup: repository, args: ['check', '--no-base'], code: 3, message: '--no-base: --base takes a value' },
  'check --strict twice': { setup: repository, args: ['check', '--base', 'HEAD', '--strict', '--no-strict'], code: 3, message: '--strict is given 2 times (--strict, --no-strict)' },
  'check --strict=maybe': { setup: repository, args: ['check', '--base', 'HEAD', '--strict=maybe'], code: 3, message: '--strict=maybe: --strict is a switch' },
  'check --format twice': { setup: repository, args: ['check', '--base', 'HEAD', '--format', 'json', '--format', 'text'], code: 3, message: '--format is given 2 times' },
  'verify-rollback --dist twice': { args: ['verify-rollback', '--works', 'w.json', '--dist', 'a', '--dist', 'b'], code: 3, message: '--dist is given 2 times' },
  'standard input for two options': { args: ['plan', '--live', '-', '--handover-from', '-'], code: 1, message: 'standard input (-) is given to --live and --handover-from, and can be read once' },
  'standard input for the config and the evidence': { setup: repository, args: ['check', '--base', 'HEAD', '-c', '-', '--bindings', '-'], code: 3, message: 'given to --config and --bindings' },

  // ---- devices, and values no JSON holds ----
  'inventory /dev/zero': { args: ['inventory', '/dev/zero'], code: 1, message: '/dev/zero: it is a character device, not a file' },
  'inventory /dev/null (no export, though empty)': { args: ['inventory', '/dev/null'], code: 1, message: '/dev/null: it is a character device' },
  'synth --config /dev/zero': { args: ['synth', '--config', '/dev/zero', '--output', 'out'], code: 1, message: '/dev/zero: cannot read the config: it is a character device' },
  'synth --config a directory': { args: ['synth', '--config', 'inventory', '--output', 'out'], code: 1, message: 'inventory: cannot read the config: it is a directory' },
  'synth: an inventory that is /dev/zero': { setup: edit('inventory/member1.yaml', '/dev/zero'), args: SYNTH, code: 1, message: 'spec.inventory: /dev/zero: it is a character device' },
  'plan: a live export that is /dev/zero': { args: ['plan', '--live', '/dev/zero'], code: 1, message: '/dev/zero: it is a character device' },
  'plan: a handover file that is /dev/urandom': { args: ['plan', '--handover-from', '/dev/urandom'], code: 1, message: '/dev/urandom: cannot read the Application: it is a character device' },
  'verify-rollback: works that are /dev/zero': { args: ['verify-rollback', '--works', '/dev/zero'], code: 3, message: '/dev/zero: it is a character device' },
  'synth: a !!binary config': { setup: d => write(d, { 'migration.yaml': '!!binary aGk=\n' }), args: SYNTH, code: 1, message: /line 1: \(document\): binary data \(!!binary\) is no JSON data[^\n]*\n$/ },
  'synth: a !!binary field': { setup: edit('  sourceCluster: member1', '  sourceCluster: !!binary bWVtYmVyMQ=='), args: SYNTH, code: 1, message: 'line 9: spec.sourceCluster: binary data (!!binary) is no JSON data' },
  'synth: a YAML 1.1 date': { setup: d => write(d, { 'migration.yaml': `%YAML 1.1\n---\n${EXAMPLE.replace('  name: member1\n', '  name: member1\n  annotations: {at: 2024-01-01}\n')}` }), args: SYNTH, code: 1, message: 'metadata.annotations.at: a timestamp' },
  'synth: a !!set and a .nan': { setup: edit('  takeovers:\n', '  x: !!set {a}\n  y: .nan\n  takeovers:\n'), args: SYNTH, code: 1, message: /spec\.x: a set \(!!set\)[\s\S]*spec\.y: NaN is no JSON number/ },

  // ---- plan --output ----
  'plan --output the config': { args: ['plan', '--output', 'migration.yaml'], code: 1, message: 'refusing to write the plan to migration.yaml: it is migration.yaml, an input of the plan' },
  'plan --output an inventory file': { args: ['plan', '-o', 'inventory/member1.yaml'], code: 1, message: 'it is inventory/member1.yaml, an input of the plan' },
  'plan --output inside an inventory folder': { setup: edit('    - inventory/member1.yaml', '    - inventory'), args: ['plan', '-o', 'inventory/plan.md'], code: 1, message: 'it is inside inventory, an input of the plan' },
  'plan --output the live export': { setup: d => write(d, { 'live.yaml': INVENTORY }), args: ['plan', '--live', 'live.yaml', '-o', 'live.yaml'], code: 1, message: 'it is live.yaml, an input of the plan' },
  'plan --output the handover file': { setup: d => write(d, { 'app.yaml': 'x: 1\n' }), args: ['plan', '--handover-from', 'app.yaml', '-o', 'app.yaml'], code: 1, message: 'app.yaml' },
  'plan --output a link to the config': { setup: d => fs.symlinkSync('migration.yaml', path.join(d, 'plan.md')), args: ['plan', '-o', 'plan.md'], code: 1, message: 'it is migration.yaml, an input of the plan' },
  'plan --output a directory': { args: ['plan', '-o', 'inventory'], code: 1, message: 'it is a directory' },
  'plan --output .': { args: ['plan', '-o', '.'], code: 1, message: 'it is a directory' },
  'plan --output a file that is no plan': { setup: d => write(d, { 'notes.md': '# my notes\n' }), args: ['plan', '-o', 'notes.md'], code: 1, message: 'it is an existing file that is not a plan karmada-migrate wrote' },
  'plan --output a device': { args: ['plan', '-o', '/dev/null'], code: 1, message: 'it is not a regular file' },
};

describe('hostile input', () => {
  const cwd = process.cwd();
  const home = process.env.HOME;
  afterEach(() => {
    process.chdir(cwd);
    process.env.HOME = home;
  });

  test.each(Object.entries(CASES))('%s', (_, c) => withTempDir(async base => {
    // the workspace is a folder of its own, so that `..` of it is a folder of the test too.
    const dir = path.join(base, 'workspace');
    fs.mkdirSync(dir);
    write(dir, { 'migration.yaml': EXAMPLE, 'inventory/member1.yaml': INVENTORY });
    c.setup?.(dir);
    const before = checksum(base);
    process.chdir(dir);
    process.env.HOME = path.join(base, 'home');
    const r = await runCapturing([...c.args]);
    process.chdir(cwd);
    const out = r.stdout + r.stderr;
    expect({ code: r.code, stack: /\n\s+at .+:\d+:\d+/.test(out) }).toStrictEqual({ code: c.code, stack: false });
    if (typeof c.message === 'string') expect(r.stderr + (c.code === 1 && !r.stderr ? r.stdout : '')).toContain(c.message);
    else expect(r.stderr).toMatch(c.message);
    expect(checksum(base)).toBe(before);
  }));
});

// what a shell connects: standard input from a device or a pipe, standard output to a full disk or
// to a reader that is gone. Through the built CLI, as a shell runs it.
interface StreamCase {
  readonly setup?: (dir: string) => void;
  readonly args: readonly string[];
  /** standard input: /dev/zero, or a text piped in. */
  readonly stdin?: { readonly device: string } | string;
  /** standard output: /dev/full, a reader gone before anything is written, or a pipe read. */
  readonly stdout: 'full' | 'gone' | 'read';
  readonly code: number;
  /** a part of the message on stderr; '' for none at all. */
  readonly message: string;
}

const STREAM_CASES: Record<string, StreamCase> = {
  'synth -c - < /dev/zero': { args: ['synth', '-c', '-', '-o', 'out'], stdin: { device: '/dev/zero' }, stdout: 'read', code: 1, message: '-: standard input is longer than the limit of 16777216 bytes' },
  'inventory - < /dev/zero': { args: ['inventory', '-', '--max-file-bytes', '1000000'], stdin: { device: '/dev/zero' }, stdout: 'read', code: 1, message: 'standard input is longer than the limit of 1000000 bytes' },
  'synth -c - with a !!binary config piped in': { args: ['synth', '-c', '-', '-o', 'out'], stdin: '!!binary aGk=\n', stdout: 'read', code: 1, message: 'binary data (!!binary) is no JSON data' },
  'plan -c - --output an inventory file of the piped config': { args: ['plan', '-c', '-', '-o', 'inventory/member1.yaml'], stdin: EXAMPLE, stdout: 'read', code: 1, message: 'it is inventory/member1.yaml, an input of the plan' },
  'plan > /dev/full': { args: ['plan'], stdout: 'full', code: 1, message: 'cannot write to standard output: ENOSPC' },
  'check > /dev/full': { setup: repository, args: ['check', '--base', 'HEAD'], stdout: 'full', code: 3, message: 'cannot write to standard output: ENOSPC' },
  'inventory | a reader gone': { args: ['inventory', 'inventory'], stdout: 'gone', code: 0, message: '' },
};

describe('hostile input through standard input and output', () => {
  const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');
  function run(dir: string, c: StreamCase): Promise<{ code: number | null; stderr: string }> {
    const fds: number[] = [];
    const open = (file: string, flags: string) => {
      fds.push(fs.openSync(file, flags));
      return fds[fds.length - 1];
    };
    const stdin = typeof c.stdin === 'object' ? open(c.stdin.device, 'r') : 'pipe';
    const stdout = c.stdout === 'full' ? open('/dev/full', 'w') : 'pipe';
    return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...c.args], { cwd: dir, stdio: [stdin, stdout, 'pipe'] });
      if (c.stdout === 'gone') child.stdout?.destroy();
      else child.stdout?.resume();
      // a run that refuses its input early closes its end of the pipe.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(typeof c.stdin === 'string' ? c.stdin : '');
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', code => resolve({ code, stderr }));
    }).finally(() => fds.forEach(fd => fs.closeSync(fd)));
  }

  const full = fs.existsSync('/dev/full') ? test : test.skip;
  full.each(Object.entries(STREAM_CASES))('%s', (_, c) => withTempDir(async base => {
    const dir = path.join(base, 'workspace');
    fs.mkdirSync(dir);
    write(dir, { 'migration.yaml': EXAMPLE, 'inventory/member1.yaml': INVENTORY });
    c.setup?.(dir);
    const before = checksum(base);
    const r = await run(dir, c);
    expect({ code: r.code, stack: /\n\s+at .+:\d+:\d+/.test(r.stderr) }).toStrictEqual({ code: c.code, stack: false });
    if (c.message) {
      expect(r.stderr).toContain(c.message);
      expect(r.stderr.split('\n').filter(l => !l.startsWith('  - '))).toHaveLength(2);
    } else {
      expect(r.stderr).toBe('');
    }
    expect(checksum(base)).toBe(before);
  }));
});

describe('hostile input through cdk8s synth', () => {
  const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  function project(dir: string): void {
    for (const entry of ['cdk8s.yaml', 'migration.yaml', 'inventory', 'src', 'imports', 'schemas', 'validation-plugin', 'bin', 'package.json', 'tsconfig.json', 'dist']) {
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  }
  const synth = (dir: string, env: Record<string, string> = {}) => spawnSync(CDK8S, ['synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  // the staging folder is the cdk8s CLI's own (it empties it before every run): everything else is checked.
  const userFiles = (dir: string) => checksum(dir).length && (() => { const staging = path.join(dir, '.cdk8s.out'); fs.rmSync(staging, { recursive: true, force: true }); return checksum(dir); })();

  test.each<[string, (dir: string) => void, Record<string, string>, number, string]>([
    ['a config that does not exist', () => undefined, { KARMADA_MIGRATE_CONFIG: 'nope.yaml' }, 1, 'nope.yaml'],
    ['a takeover that selects nothing', d => fs.writeFileSync(path.join(d, 'migration.yaml'), EXAMPLE.replace('kind: Deployment}', 'kind: StatefulSet}')), {}, 1, 'selects nothing'],
    ['a name that climbs out', d => fs.appendFileSync(path.join(d, 'inventory/member1.yaml'), `\n---\n${CM('x', '../../escaped')}`), {}, 1, 'is not a namespace name'],
    ['the plugin publishing over the config', d => fs.writeFileSync(path.join(d, 'cdk8s.yaml'), fs.readFileSync(path.join(d, 'cdk8s.yaml'), 'utf8').replace('publishTo: dist', 'publishTo: migration.yaml')),
      {}, 2, 'an input of the migration'],
    // the README's exit codes: the cdk8s CLI turns any non-zero exit of the app (4, a bug, here) into 1.
    ['an app that exits 4', d => fs.writeFileSync(path.join(d, 'cdk8s.yaml'), fs.readFileSync(path.join(d, 'cdk8s.yaml'), 'utf8').replace('app: node bin/cdk8s-app.js', "app: node -e 'process.exit(4)'")),
      {}, 1, 'returned a non-zero exit code 4'],
  ])('%s', (_, setup, env, code, message) => withTempDir(dir => {
    project(dir);
    setup(dir);
    const before = userFiles(dir);
    const r = synth(dir, env);
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(code);
    expect(out).toContain(message);
    // the cdk8s CLI prints a trace of its own when the app exits non-zero; ours must not.
    const ours = out.replace(/Error: command "[^"]*" at \S+ returned a non-zero exit code \d+(\n\s+at .*)*/g, '');
    expect(/\n\s+at .+:\d+:\d+/.test(ours)).toBe(false);
    expect(userFiles(dir)).toBe(before);
  }));
});

// keep the linter honest about os (HOME is set per case above).
void os.homedir;
