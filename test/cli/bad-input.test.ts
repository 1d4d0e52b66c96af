// bad inventories, table-driven: each gives one clear message naming the file, the document and the
// line where they exist, through `karmada-migrate inventory` and through `karmada-migrate synth`,
// which exits 1 and leaves its output folder untouched.
import { constants } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from './run-cli';
import { withTempDir, writeMigrationConfig } from '../util';

/** a file's content; `{ sparse: n }` is an n-byte file that takes no disk space. */
type Content = string | Buffer | { readonly sparse: number } | { readonly symlinkTo: string } | { readonly directory: true };

interface BadInput {
  /** the files of the inventory, relative to the config's folder. */
  readonly files: Record<string, Content>;
  /** the inventory paths given. @default ['inv.yaml'] */
  readonly paths?: string[];
  /** the whole message, location first, paths as given. */
  readonly message: string;
}

const CM = 'apiVersion: v1\nkind: ConfigMap\n';
const cm = (name: string, extra = '') => `${CM}metadata: {name: ${name}, namespace: shop${extra}}\n`;

// nine levels of nine aliases each: 9^9 (387 million) strings once expanded.
function billionLaughs(): string {
  const lines = [`${CM}metadata: {name: lol, namespace: shop}`, 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  return lines.join('\n');
}

const CASES: Record<string, BadInput> = {
  // malformed YAML
  'a flow mapping left open': { files: { 'inv.yaml': `${CM}metadata: {name: x\n` }, message: 'inv.yaml:3: malformed YAML: unexpected end of the stream within a flow collection\n  1 | apiVersion: v1\n  2 | kind: ConfigMap\n  3 | metadata: {name: x\n    |                   ^' },
  'a key indented less than its siblings': { files: { 'inv.yaml': `${CM}metadata:\n    name: x\n  namespace: y\n` }, message: 'inv.yaml:5: malformed YAML: bad indentation of a mapping entry\n  3 | metadata:\n  4 |     name: x\n  5 |   namespace: y\n    |   ^' },
  'a tab for indentation': { files: { 'inv.yaml': `${CM}metadata:\n\tname: x\n` }, message: 'inv.yaml:4: malformed YAML: tab characters must not be used in indentation\n  2 | kind: ConfigMap\n  3 | metadata:\n  4 | →name: x\n    | ^' },
  'a key given twice': { files: { 'inv.yaml': `${CM}kind: Secret\nmetadata: {name: x, namespace: shop}\n` }, message: 'inv.yaml:3: malformed YAML: duplicated mapping key\n  1 | apiVersion: v1\n  2 | kind: ConfigMap\n  3 | kind: Secret\n    | ^' },
  'an unterminated quoted string': { files: { 'inv.yaml': `${CM}metadata: {name: "x, namespace: shop}\n` },
    message: 'inv.yaml:3: malformed YAML: unexpected end of the stream within a double quoted scalar\n  1 | apiVersion: v1\n  2 | kind: ConfigMap\n  3 | metadata: {name: "x, namespace: shop}\n    |                                      ^' },
  'an alias to no anchor': { files: { 'inv.yaml': `${CM}metadata: {name: x, namespace: shop}\ndata: *nope\n` }, message: 'inv.yaml:4: malformed YAML: unidentified alias "nope"\n  2 | kind: ConfigMap\n  3 | metadata: {name: x, namespace: shop}\n  4 | data: *nope\n    |            ^' },
  'a tag YAML 1.2 core does not know': { files: { 'inv.yaml': `${CM}metadata: {name: x, namespace: shop}\nbinaryData: {k: !!binary aGk=}\n` },
    message: 'inv.yaml:4: malformed YAML: unknown tag !<tag:yaml.org,2002:binary>\n  2 | kind: ConfigMap\n  3 | metadata: {name: x, namespace: shop}\n  4 | binaryData: {k: !!binary aGk=}\n    |                              ^' },
  'malformed YAML in the third document': { files: { 'inv.yaml': `${cm('a')}---\n${cm('b')}---\n${CM}metadata: [\n` }, message: 'inv.yaml:11 (document 2): malformed YAML: unexpected end of the stream within a flow collection\n   9 | apiVersion: v1\n  10 | kind: ConfigMap\n  11 | metadata: [\n     |            ^' },
  'NUL bytes (a binary file)': { files: { 'inv.yaml': Buffer.from([0x6b, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]) }, message: 'inv.yaml:1: malformed YAML: null byte is not allowed in input\n  1 | k: \u0000\u0001\u0002\n    |    ^' },
  // documents that are not objects
  'a document that is a list': { files: { 'inv.yaml': '# objects\n- a\n- b\n' }, message: 'inv.yaml:2: expected a Kubernetes object (a mapping), found a list' },
  'a document that is a string': { files: { 'inv.yaml': `${cm('a')}---\njust text\n` }, message: 'inv.yaml:5 (document 1): expected a Kubernetes object (a mapping), found a string' },
  'a document that is a number': { files: { 'inv.yaml': '42\n' }, message: 'inv.yaml:1: expected a Kubernetes object (a mapping), found a number' },
  'a List item that is a string': { files: { 'inv.yaml': `apiVersion: v1\nkind: List\nitems:\n- ${cm('a').replace(/\n(?!$)/g, '\n  ')}- oops\n` },
    message: 'inv.yaml:7: items[1]: expected a Kubernetes object (a mapping), found a string' },
  'a List item that is null': { files: { 'inv.yaml': 'apiVersion: v1\nkind: List\nitems:\n- ~\n' }, message: 'inv.yaml:4: items[0]: expected a Kubernetes object (a mapping), found null' },
  // js-yaml reports no event for an empty item, so no item has a line: the List's line, never the next item's.
  'a List item left empty, before a good one': { files: { 'inv.yaml': `apiVersion: v1\nkind: List\nitems:\n-\n- ${cm('a').replace(/\n(?!$)/g, '\n  ')}` },
    message: 'inv.yaml:1: items[0]: expected a Kubernetes object (a mapping), found null' },
  'a List item that is a list': { files: { 'inv.yaml': 'apiVersion: v1\nkind: List\nitems:\n- [a, b]\n' }, message: 'inv.yaml:4: items[0]: expected a Kubernetes object (a mapping), found a list' },
  'a List whose items is a mapping': { files: { 'inv.yaml': 'apiVersion: v1\nkind: List\nitems: {a: b}\n' }, message: 'inv.yaml:1: the items of a List must be a list of objects, found a mapping' },
  // required fields and their types
  'no apiVersion': { files: { 'inv.yaml': 'kind: ConfigMap\nmetadata: {name: x, namespace: shop}\n' }, message: 'inv.yaml:1: missing apiVersion' },
  'an empty apiVersion': { files: { 'inv.yaml': 'apiVersion: ""\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n' }, message: 'inv.yaml:1: missing apiVersion' },
  'an apiVersion that is a number': { files: { 'inv.yaml': 'apiVersion: 1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n' },
    message: 'inv.yaml:1: apiVersion must be a string, found a number' },
  'no kind': { files: { 'inv.yaml': 'apiVersion: v1\nmetadata: {name: x, namespace: shop}\n' }, message: 'inv.yaml:1: missing kind' },
  'a kind that is a list': { files: { 'inv.yaml': 'apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: x, namespace: shop}\n' }, message: 'inv.yaml:1: kind must be a string, found a list' },
  'no metadata': { files: { 'inv.yaml': `${CM}data: {}\n` }, message: 'inv.yaml:1: missing metadata.name' },
  'metadata that is a string': { files: { 'inv.yaml': `${CM}metadata: x\n` }, message: 'inv.yaml:1: metadata must be a mapping, found a string' },
  'no metadata.name': { files: { 'inv.yaml': `${CM}metadata: {namespace: shop}\n` }, message: 'inv.yaml:1: missing metadata.name' },
  'an empty metadata.name': { files: { 'inv.yaml': `${CM}metadata: {name: "", namespace: shop}\n` }, message: 'inv.yaml:1: missing metadata.name' },
  'a metadata.name that is a number': { files: { 'inv.yaml': `${CM}metadata: {name: 12, namespace: shop}\n` }, message: 'inv.yaml:1: metadata.name must be a string, found a number' },
  'only metadata.generateName': { files: { 'inv.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: x-, namespace: shop}\n' },
    message: 'inv.yaml:1: missing metadata.name (metadata.generateName alone gives no stable identity to take over)' },
  'a metadata.namespace that is a number': { files: { 'inv.yaml': `${CM}metadata: {name: x, namespace: 7}\n` }, message: 'inv.yaml:1: metadata.namespace must be a string, found a number' },
  'metadata.labels that is a list': { files: { 'inv.yaml': cm('x', ', labels: [a]') }, message: 'inv.yaml:1: metadata.labels must be a mapping, found a list' },
  'a label value that is a number': { files: { 'inv.yaml': cm('x', ', labels: {v: 1}') },
    message: 'inv.yaml:1: metadata.labels.v must be a string, found a number; quote the value in YAML' },
  'an annotation value that is a boolean': { files: { 'inv.yaml': cm('x', ', annotations: {a: true}') },
    message: 'inv.yaml:1: metadata.annotations.a must be a string, found a boolean; quote the value in YAML' },
  // namespaces
  'a namespaced kind without namespace': { files: { 'inv.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' },
    message: 'inv.yaml:1: namespaced kind Deployment.apps without metadata.namespace; add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory' },
  'a List item of a namespaced kind without namespace': { files: { 'inv.yaml': `apiVersion: v1\nkind: List\nitems:\n- ${cm('a').replace(/\n(?!$)/g, '\n  ')}- ${CM.replace(/\n(?!$)/g, '\n  ')}  metadata: {name: b}\n` },
    message: 'inv.yaml:7: items[1]: namespaced kind ConfigMap without metadata.namespace; add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory' },
  'a custom kind its CRD declares namespaced, without namespace': {
    files: { 'inv.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Widget}}\n' +
      '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' },
    message: 'inv.yaml:6 (document 1): namespaced kind Widget.example.com without metadata.namespace; add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory' },
  // duplicates
  'the same object twice in a file': { files: { 'inv.yaml': `${cm('x')}---\n${cm('x')}` },
    message: 'inv.yaml:5 (document 1): ConfigMap shop/x is also defined at inv.yaml:1 (document 0); keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)' },
  'the same object in two files': { files: { 'a.yaml': cm('x'), 'b.yaml': cm('x') }, paths: ['a.yaml', 'b.yaml'],
    message: 'b.yaml:1: ConfigMap shop/x is also defined at a.yaml:1; keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)' },
  'the same autoscaler in two versions': {
    files: { 'inv.yaml': 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n---\n' +
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n' },
    message: 'inv.yaml:5 (document 1): HorizontalPodAutoscaler.autoscaling shop/web is also defined at inv.yaml:1 (document 0); keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)' },
  'the same object in a List and in a directory file': { files: { 'dir/a.yaml': cm('x'), 'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop' } }] }) },
    paths: ['dir', 'list.json'],
    message: 'list.json:1: items[0]: ConfigMap shop/x is also defined at dir/a.yaml:1; keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)' },
  // hostile input
  'an alias bomb': { files: { 'inv.yaml': billionLaughs() }, message: 'inv.yaml:1: YAML aliases expand to more than 5000000 values (maxNodes); refusing what looks like an alias bomb' },
  'an alias to the mapping that holds it': { files: { 'inv.yaml': `${cm('x')}data: &loop\n  self: *loop\n` }, message: 'inv.yaml:1: nested deeper than 256 levels (maxDepth)' },
  'a flow sequence nested 10,000 deep': { files: { 'inv.yaml': `${'['.repeat(10000)}${']'.repeat(10000)}` }, message: 'inv.yaml:1: nested deeper than 256 levels (maxDepth)' },
  'a block mapping nested 10,000 deep': { files: { 'inv.yaml': Array.from({ length: 10000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') },
    message: 'inv.yaml:256: nested deeper than 256 levels (maxDepth)' },
  'JSON nested 300 deep': { files: { 'inv.json': `{"a": ${'['.repeat(300)}${']'.repeat(300)}}` }, paths: ['inv.json'], message: 'inv.json:1: nested deeper than 256 levels (maxDepth)' },
  'a file above what one string holds': { files: { 'inv.yaml': { sparse: constants.MAX_STRING_LENGTH + 1 } },
    message: `inv.yaml: the file is ${constants.MAX_STRING_LENGTH + 1} bytes, more than one file can be read at once (${constants.MAX_STRING_LENGTH} bytes); split the export (kubectl get ... per namespace or per kind)` },
  // JSON
  'JSON without a comma': { files: { 'inv.json': '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap"\n  "metadata": {}\n}\n' }, paths: ['inv.json'],
    message: 'inv.json:4: malformed YAML: missed comma between flow collection entries\n  2 |   "apiVersion": "v1",\n  3 |   "kind": "ConfigMap"\n  4 |   "metadata": {}\n    |   ^' },
  'JSON with an unterminated string': { files: { 'inv.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x}}\n' }, paths: ['inv.json'],
    message: 'inv.json:1: malformed YAML: unexpected end of the stream within a double quoted scalar\n  1 | {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x}}\n    |                                                                    ^' },
  'JSON that is an array of strings': { files: { 'inv.json': '["a", "b"]' }, paths: ['inv.json'], message: 'inv.json:1: expected a Kubernetes object (a mapping), found a list' },
  'a JSON List item without kind': { files: { 'inv.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', metadata: { name: 'x' } }] }, null, 2) },
    paths: ['inv.json'], message: 'inv.json:1: items[0]: missing kind' },
  // paths
  'a directory with no manifests': { files: { 'empty/README.md': '# nothing here\n', 'empty/.hidden.yaml': cm('x') }, paths: ['empty'],
    message: 'empty: the directory holds no .yaml, .yml or .json file (hidden entries are skipped); point at the export or the manifests' },
  'an empty directory': { files: { 'empty': { directory: true } }, paths: ['empty'],
    message: 'empty: the directory holds no .yaml, .yml or .json file (hidden entries are skipped); point at the export or the manifests' },
  'a path that does not exist': { files: {}, paths: ['missing.yaml'], message: 'missing.yaml: no such file or directory' },
  'a path through a file': { files: { 'inv.yaml': cm('x') }, paths: ['inv.yaml/more.yaml'], message: 'inv.yaml/more.yaml: no such file or directory' },
  'a link to nothing': { files: { 'inv.yaml': { symlinkTo: 'gone.yaml' } }, message: 'inv.yaml: no such file or directory' },
  'a bad file deep in a directory': { files: { 'dir/a/ok.yaml': cm('a'), 'dir/b/bad.yml': `${cm('b')}---\n- x\n` }, paths: ['dir'],
    message: `${path.join('dir', 'b', 'bad.yml')}:5 (document 1): expected a Kubernetes object (a mapping), found a list` },
};

function writeFiles(dir: string, files: Record<string, Content>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) fs.writeFileSync(file, content);
    else if ('sparse' in content) fs.truncateSync((fs.writeFileSync(file, ''), file), content.sparse);
    else if ('symlinkTo' in content) fs.symlinkSync(content.symlinkTo, file);
    else fs.mkdirSync(file);
  }
}

// a config with the inventory paths of a case, in `dir`.
function writeConfig(dir: string, paths: string[]): string {
  return writeMigrationConfig(path.join(dir, 'migration.yaml'), [
    '  inventory:',
    ...paths.map(p => `    - ${JSON.stringify(p)}`),
    '  takeovers:',
    '    - {name: configmaps, kind: {apiVersion: v1, kind: ConfigMap}}',
  ]);
}

// runs with `dir` as the current directory, so that paths given relative appear as given.
async function inDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(previous);
  }
}

describe('bad inventories', () => {
  test('there are at least 40 cases', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(40);
  });

  test.each(Object.entries(CASES))('%s: one clear message, exit 1, output untouched', (_, c) => withTempDir(async dir => {
    // GIVEN the files of the case, a config reading them, and an output folder from an earlier run
    writeFiles(dir, c.files);
    const paths = c.paths ?? ['inv.yaml'];
    const config = writeConfig(dir, paths);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'previous.yaml'), 'kept\n');

    // WHEN the inventory command reads the paths, and synth reads the config
    const inventory = await inDir(dir, () => runCapturing(['inventory', ...paths]));
    const synth = await runCapturing(['synth', '--config', config, '--output', out]);

    // THEN both fail with exit 1 and the message, synth naming the config field first; the output is as it was
    expect([inventory.code, inventory.stdout, inventory.stderr]).toStrictEqual([1, '', `karmada-migrate: ${c.message}\n`]);
    expect(synth.code).toBe(1);
    expect(synth.stdout).toBe('');
    expect(synth.stderr).toBe(`karmada-migrate: ${config}:6: spec.inventory: ${c.message}\n`);
    expect(fs.readdirSync(out)).toStrictEqual(['previous.yaml']);
    expect(fs.readFileSync(path.join(out, 'previous.yaml'), 'utf8')).toBe('kept\n');
  }));
});
