import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as jsYaml from 'js-yaml';
import { readInventory, readObjects } from '../../src/inventory/read';
import * as heapGrowth from '../../src/runtime/heap-growth';
import { compareKeys, formatKey, keyOf, KubeObject } from '../../src/kube/object';
import { ALL_NAMESPACES, configMapYaml, DEFAULT_NAMESPACE, fixturePath, FIXTURES, withTempDir, writeFiles } from './fixtures';

// reads files written into a temp dir, with paths relative to it (as they appear in messages).
function readTemp(files: Record<string, string>, paths: string[], options: Parameters<typeof readInventory>[1] = {}) {
  return withTempDir(dir => {
    writeFiles(dir, files);
    return readInventory(paths, { baseDir: dir, ...options });
  });
}

const yaml = (text: string) => jsYaml.load(text) as KubeObject;

function keys(objects: ReturnType<typeof readInventory>): string[] {
  return objects.map(o => formatKey(keyOf(o.object)));
}

describe('readInventory: formats', () => {
  test('reads a YAML export as it is, timestamps staying strings', () => {
    // GIVEN the metrics-server Deployment export
    const file = fixturePath('deployment-restartedat-metrics-server.yaml');

    // WHEN it is read
    const objects = readInventory([file]);

    // THEN it is one object, uncleaned, located at the start of the file
    expect(objects).toHaveLength(1);
    expect(objects[0].source).toStrictEqual({ file, document: 0, documents: 1, line: 1 });
    expect(objects[0].object.metadata.resourceVersion).toBe('1482');
    expect(objects[0].object.metadata.creationTimestamp).toBe('2024-10-23T15:10:15Z');
  });

  test('reads a JSON export', () => {
    // GIVEN the HPA export in JSON
    const file = fixturePath('hpa-autoscaling-v1.json');

    // WHEN it is read
    const objects = readInventory([file]);

    // THEN the object is exactly what JSON.parse gives
    expect(objects).toStrictEqual([{ object: JSON.parse(fs.readFileSync(file, 'utf8')), source: { file, document: 0, documents: 1, line: 1 } }]);
  });

  test('reads YAML written in a .json file, as kubectl does', () => {
    // GIVEN a .json file that holds YAML
    const files = { 'cm.json': configMapYaml('yaml-in-json') };

    // WHEN it is read
    const objects = readTemp(files, ['cm.json']);

    // THEN the YAML parser reads it
    expect(keys(objects)).toStrictEqual(['ConfigMap default/yaml-in-json']);
  });

  test('flattens a kind: List export, locating each item at its line', () => {
    // GIVEN `kubectl get all -o yaml` of namespace default
    const file = fixturePath(DEFAULT_NAMESPACE);
    const lines = fs.readFileSync(file, 'utf8').split('\n');

    // WHEN it is read
    const objects = readInventory([file]);

    // THEN every item is an object of document 0 whose line is the item's `- ` line
    expect(keys(objects)).toStrictEqual([
      'Pod default/classifier-deployment-69dc975787-cw4m8',
      'Service default/classifier-service',
      'Service default/kubernetes',
      'Deployment.apps default/classifier-deployment',
      'ReplicaSet.apps default/classifier-deployment-69dc975787',
      'ReplicaSet.apps default/classifier-deployment-6cbcc458f4',
    ]);
    expect(objects[1].source).toStrictEqual({ file, document: 0, documents: 1, line: 124 });
    for (const o of objects) {
      expect(o.source.document).toBe(0);
      expect(lines[o.source.line! - 1]).toBe(`- apiVersion: ${o.object.apiVersion}`);
    }
  });

  test('flattens *List kinds and nested lists, and keeps a custom kind named like a list', () => {
    // GIVEN a DeploymentList holding a List, and a custom AllowList object (it has a name)
    const files = {
      'lists.yaml': [
        'apiVersion: apps/v1',
        'kind: DeploymentList',
        'items:',
        '- apiVersion: apps/v1',
        '  kind: Deployment',
        '  metadata: {name: web, namespace: shop}',
        '- apiVersion: v1',
        '  kind: List',
        '  items:',
        '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: nested, namespace: shop}}',
        '---',
        'apiVersion: example.com/v1',
        'kind: AllowList',
        'metadata: {name: ips, namespace: shop}',
        'items: [10.0.0.1]',
        '---',
        'apiVersion: v1',
        'kind: List',
        'metadata: {resourceVersion: ""}',
      ].join('\n'),
    };

    // WHEN they are read
    const objects = readTemp(files, ['lists.yaml']);

    // THEN the lists are replaced by their items, the nested one at its parent item's line
    expect(objects.map(o => [formatKey(keyOf(o.object)), o.source])).toStrictEqual([
      ['ConfigMap shop/nested', { file: 'lists.yaml', document: 0, documents: 3, line: 7 }],
      ['Deployment.apps shop/web', { file: 'lists.yaml', document: 0, documents: 3, line: 4 }],
      ['AllowList.example.com shop/ips', { file: 'lists.yaml', document: 1, documents: 3, line: 12 }],
    ]);
  });

  test('reads multi-document files, skipping empty and comment-only documents', () => {
    // GIVEN a stream with a comment before the first marker, a comment-only and an empty document
    const text = [
      '# leading comment',
      '---',
      '# only a comment',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a, namespace: default}',
      '---',
      '',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: b, namespace: default}',
      '...',
      '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: default}}',
      '',
    ].join('\n');

    // WHEN it is read
    const objects = readTemp({ 'multi.yaml': text }, ['multi.yaml']);

    // THEN documents are numbered as YAML numbers them and located at their first line of content
    expect(objects.map(o => [o.object.metadata.name, o.source])).toStrictEqual([
      ['a', { file: 'multi.yaml', document: 1, documents: 3, line: 5 }],
      ['b', { file: 'multi.yaml', document: 3, documents: 3, line: 11 }],
      ['c', { file: 'multi.yaml', document: 4, documents: 3, line: 15 }],
    ]);
  });

  test('reads a %YAML directive, a document after a ... marker and a byte order mark', () => {
    // GIVEN a stream with all three
    const text = '\ufeff%YAML 1.2\n---\n' + configMapYaml('a') + '...\n' + configMapYaml('b');

    // WHEN it is read
    const objects = readTemp({ 'odd.yaml': text }, ['odd.yaml']);

    // THEN both documents are read
    expect(objects.map(o => [o.object.metadata.name, o.source.document, o.source.line])).toStrictEqual([['a', 0, 3], ['b', 1, 11]]);
  });

  test('reads merge keys and small aliases, unshared by nothing else', () => {
    // GIVEN objects sharing labels through an anchor, and a merge key
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- &base',
      '  apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: a, namespace: default, labels: &labels {app: shop}}',
      '- <<: *base',
      '  metadata: {name: b, namespace: default, labels: *labels}',
    ].join('\n');

    // WHEN it is read
    const objects = readTemp({ 'aliases.yaml': text }, ['aliases.yaml']);

    // THEN the merge key supplied apiVersion and kind, and the alias the labels
    expect(objects.map(o => o.object)).toStrictEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', labels: { app: 'shop' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default', labels: { app: 'shop' } } },
    ]);
  });

  test('accepts an alias-free file with more values than maxNodes', () => {
    // GIVEN a 2,000-item ConfigMap, far above a maxNodes of 10
    const data = Array.from({ length: 2000 }, (_, i) => `  k${i}: v`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: default}\ndata:\n${data}\n`;

    // WHEN it is read with maxNodes 10
    const objects = readTemp({ 'big.yaml': text }, ['big.yaml'], { maxNodes: 10 });

    // THEN it passes: the file's own size raises the budget
    expect(Object.keys(objects[0].object.data as object)).toHaveLength(2000);
  });
});

describe('readInventory: paths', () => {
  test('reads directories recursively, by name, only .yaml/.yml/.json, skipping hidden entries and directory links', () => {
    withTempDir(dir => {
      // GIVEN a tree with other files, hidden entries and a link to a directory
      writeFiles(dir, {
        'inv/b/2.yaml': configMapYaml('two'),
        'inv/a.yml': configMapYaml('one'),
        'inv/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three', namespace: 'default' } }),
        'inv/notes.txt': 'not yaml',
        'inv/.hidden/x.yaml': configMapYaml('hidden'),
        'inv/.x.yaml': configMapYaml('hidden-file'),
        'inv/sub/deeper/z.yaml': configMapYaml('four'),
        'elsewhere/y.yaml': configMapYaml('linked'),
      });
      fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'inv/link'));
      fs.symlinkSync(path.join(dir, 'elsewhere/y.yaml'), path.join(dir, 'inv/file-link.yaml'));

      // WHEN the directory is read
      const objects = readInventory(['inv'], { baseDir: dir });

      // THEN the YAML and JSON files are read, with paths under the directory as given
      expect(objects.map(o => [o.object.metadata.name, o.source.file])).toStrictEqual([
        ['four', 'inv/sub/deeper/z.yaml'],
        ['linked', 'inv/file-link.yaml'],
        ['one', 'inv/a.yml'],
        ['three', 'inv/c.json'],
        ['two', 'inv/b/2.yaml'],
      ]);
    });
  });

  test('reads a directory in name order (the first of two duplicates is a.yaml)', () => {
    // GIVEN the same object in b/x.yaml and a.yaml
    const files = { 'd/b/x.yaml': configMapYaml('same'), 'd/a.yaml': configMapYaml('same') };

    // WHEN the directory is read keeping the first
    const objects = readTemp(files, ['d'], { onDuplicate: 'first' });

    // THEN a.yaml was read first
    expect(objects[0].source.file).toBe('d/a.yaml');
  });

  test('resolves relative paths against baseDir and reports them as given', () => {
    // GIVEN a relative path
    const files = { 'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: default}\n' };

    // WHEN it is read THEN the message shows the path as given
    expect(() => readTemp(files, ['./x/cm.yaml'])).toThrow('./x/cm.yaml:1: missing metadata.name');
  });

  test('reads - from options.stdin', () => {
    // GIVEN YAML on stdin
    const stdin = configMapYaml('from-stdin');

    // WHEN - is read
    const objects = readInventory(['-'], { stdin });

    // THEN the file is -
    expect(objects).toStrictEqual([{
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-stdin', namespace: 'default' }, data: { k: 'v' } },
      source: { file: '-', document: 0, documents: 1, line: 1 },
    }]);
  });

  test('fails when a path does not exist', () => {
    // GIVEN a path that does not exist WHEN read THEN the message names it as given
    expect(() => readInventory(['missing.yaml'], { baseDir: FIXTURES })).toThrow('missing.yaml: no such file or directory');
  });

  test('fails when a file is above maxFileBytes', () => {
    // GIVEN a 2,091-byte export and a 1,000-byte limit
    const file = fixturePath('deployment-restartedat-metrics-server.yaml');

    // WHEN it is read THEN the message names the size, the limit and the option
    expect(() => readInventory([file], { maxFileBytes: 1000 }))
      .toThrow(`${file}: the file is 2920 bytes, above the limit of 1000 bytes; raise it with --max-file-bytes (karmada-migrate inventory) or spec.limits.maxFileBytes (migration.yaml)`);
  });
});

describe('readInventory: malformed input', () => {
  test('fails when YAML is malformed, at the line js-yaml names, with the lines and a caret', () => {
    // GIVEN a flow mapping left open WHEN read THEN the message points after its last character
    const text = '---\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n';
    expect(() => readTemp({ 'bad.yaml': text }, ['bad.yaml']))
      .toThrow('bad.yaml:5: malformed YAML: unexpected end of the stream within a flow collection\n' +
        '  3 | apiVersion: v1\n' +
        '  4 | kind: ConfigMap\n' +
        '  5 | metadata: {name: x\n' +
        '    |                   ^');
    // GIVEN a bad line in the middle of the second document WHEN read THEN the lines are numbered as in the file
    const second = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n   namespace: c\ndata: {}\n';
    expect(() => readTemp({ 'two.yaml': second }, ['two.yaml'])).toThrow('two.yaml:9 (document 1): malformed YAML: bad indentation of a mapping entry\n' +
      '  7 | metadata:\n' +
      '  8 |   name: b\n' +
      '  9 |    namespace: c\n' +
      '    |             ^');
  });

  test('fails when a mapping has a key twice', () => {
    // GIVEN kind twice in the second document WHEN read THEN the message names that document and line
    const text = configMapYaml('a') + '---\napiVersion: v1\nkind: ConfigMap\nkind: Secret\n';
    expect(() => readTemp({ 'dup.yaml': text }, ['dup.yaml'])).toThrow('dup.yaml:11 (document 1): malformed YAML: duplicated mapping key');
  });

  test('fails when a JSON object has a key twice, naming the line and the field (JSON.parse would keep the last)', () => {
    const text = '{"apiVersion": "v1", "kind": "List", "items": [\n {"apiVersion": "v1", "kind": "ConfigMap",\n  "metadata": {"name": "a", "namespace": "default", "namespace": "kube-system"}}]}\n';
    expect(() => readTemp({ 'dup.json': text }, ['dup.json'])).toThrow('dup.json:3: items[0].metadata.namespace: the key "namespace" appears twice');
    expect(() => readInventory(['-'], { stdin: text })).toThrow('-:3: items[0].metadata.namespace: the key "namespace" appears twice');
  });

  test('fails on JSON with comments with a message of its own, at the line of the first', () => {
    const text = '{\n  "apiVersion": "v1", // core\n  "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}\n}\n';
    const message = ':2: JSON does not allow comments, and this line holds one (the text is JSON once they are gone): remove the comments';
    expect(() => readTemp({ 'c.json': text }, ['c.json'])).toThrow(`c.json${message}`);
    // on stdin too, where a leading comment is what tells JSON.
    expect(() => readInventory(['-'], { stdin: `// exported\n${text.replace(' // core', '')}` })).toThrow('-:1: JSON does not allow comments');
  });

  test('refuses an integer a JavaScript number cannot hold exactly, in YAML and in JSON, at its line and field', () => {
    // 9007199254740993 would be written as 9007199254740992, 99999999999999999999999999 as 1e+26.
    const yamlText = `${configMapYaml('a')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  terminationGracePeriodSeconds: 9007199254740993\n`;
    expect(() => readTemp({ 'pod.yaml': yamlText }, ['pod.yaml'])).toThrow(`pod.yaml:${yamlText.split('\n').length - 1} (document 1): spec.terminationGracePeriodSeconds: ` +
      '9007199254740993 is an integer beyond ±(2^53 - 1) = 9007199254740991, which karmada-migrate cannot hold exactly (it would write 9007199254740992)');
    const listText = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s, namespace: default}\n    spec:\n      ports:\n        - port: 99999999999999999999999999\n';
    expect(() => readTemp({ 'list.yaml': listText }, ['list.yaml'])).toThrow('list.yaml:9: items[0].spec.ports[0].port: 99999999999999999999999999 is an integer beyond');
    const json = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},\n "spec": {"terminationGracePeriodSeconds": -9007199254740993}}';
    expect(() => readTemp({ 'pod.json': json }, ['pod.json'])).toThrow('pod.json:2: spec.terminationGracePeriodSeconds: -9007199254740993 is an integer beyond');
    // the largest exact integer is read as it is.
    expect(readTemp({ 'ok.json': json.replace('-9007199254740993', '9007199254740991') }, ['ok.json'])[0].object.spec).toStrictEqual({ terminationGracePeriodSeconds: 9007199254740991 });
  });

  test('fails when a .json file is neither JSON nor YAML, at the line', () => {
    // GIVEN JSON without a comma WHEN read THEN the YAML parser names the line
    const text = '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap"\n  "metadata": {}\n}\n';
    expect(() => readTemp({ 'bad.json': text }, ['bad.json'])).toThrow('bad.json:4: malformed YAML: missed comma between flow collection entries');
  });

  test('fails when a document is not a mapping', () => {
    // GIVEN a document that is a list WHEN read THEN it is refused at its first line
    expect(() => readTemp({ 'list.yaml': '# c\n- a\n- b\n' }, ['list.yaml']))
      .toThrow('list.yaml:2: expected a Kubernetes object (a mapping), found a list');
  });

  test.each([
    ['apiVersion is missing', 'kind: ConfigMap\nmetadata: {name: x}', 'missing apiVersion'],
    ['apiVersion is empty', 'apiVersion: ""\nkind: ConfigMap\nmetadata: {name: x}', 'missing apiVersion'],
    ['apiVersion is not a string', 'apiVersion: 1\nkind: ConfigMap\nmetadata: {name: x}', 'apiVersion must be a string, found a number'],
    ['kind is missing', 'apiVersion: v1\nmetadata: {name: x}', 'missing kind'],
    ['kind is not a string', 'apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: x}', 'kind must be a string, found a list'],
    ['metadata is missing', 'apiVersion: v1\nkind: ConfigMap', 'missing metadata.name'],
    ['metadata is not a mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: x', 'metadata must be a mapping, found a string'],
    ['metadata.name is missing', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: default}', 'missing metadata.name'],
    ['metadata.name is not a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 12}', 'metadata.name must be a string, found a number'],
    ['only metadata.generateName is set', 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: x-}',
      'missing metadata.name (metadata.generateName alone gives no stable identity to take over)'],
    ['metadata.namespace is not a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: 1}', 'metadata.namespace must be a string, found a number'],
    ['metadata.labels is not a mapping', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: [a]}', 'metadata.labels must be a mapping, found a list'],
    ['a label value is not a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {v: 1}}',
      'metadata.labels.v must be a string, found a number; quote the value in YAML'],
    ['an annotation value is not a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: {a: true}}',
      'metadata.annotations.a must be a string, found a boolean; quote the value in YAML'],
  ])('fails when %s', (_, text, message) => {
    // GIVEN an object missing a required field, or with a wrong type WHEN read THEN the message names the field
    expect(() => readTemp({ 'o.yaml': `# an object\n${text}\n` }, ['o.yaml'])).toThrow(`o.yaml:2: ${message}`);
  });

  test('fails when a List item is not an object, naming the item and its line', () => {
    // GIVEN a List whose second item has no metadata WHEN read THEN the message names items[1] at its line
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: default}\n- apiVersion: v1\n  kind: ConfigMap\n';
    expect(() => readTemp({ 'list.yaml': text }, ['list.yaml'])).toThrow('list.yaml:7: items[1]: missing metadata.name');
  });

  test('reads empty labels and annotations (null in YAML) as absent', () => {
    // GIVEN `labels:` and `annotations:` without values WHEN read THEN they are left out
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\n  labels:\n  annotations:\n';
    const objects = readTemp({ 'o.yaml': text }, ['o.yaml']);
    expect(objects[0].object.metadata).toStrictEqual({ name: 'x', namespace: 'default' });
  });
});

describe('readInventory: hostile input', () => {
  // nine levels of nine aliases each: 9^9 (387 million) strings once expanded.
  function billionLaughs(): string {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol, namespace: default}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    return lines.join('\n');
  }

  test('refuses a billion-laughs document before walking it', () => {
    // GIVEN a 1 KB document that expands to 387 million values
    const text = billionLaughs();

    // WHEN it is read THEN it is refused, well before it could be walked
    expect(() => readTemp({ 'lol.yaml': text }, ['lol.yaml']))
      .toThrow('lol.yaml:1: YAML aliases expand to more than 5000000 values (maxNodes); refusing what looks like an alias bomb');
  });

  test('fails when an alias refers to the node that holds it', () => {
    // GIVEN a mapping that contains itself WHEN read THEN the walk stops at maxDepth
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\ndata: &loop\n  self: *loop\n';
    expect(() => readTemp({ 'loop.yaml': text }, ['loop.yaml'])).toThrow('loop.yaml:1: nested deeper than 256 levels (maxDepth)');
  });

  test('fails when a flow sequence is nested 10,000 deep', () => {
    // GIVEN [[[[...]]]] 10,000 deep WHEN read THEN js-yaml's depth limit refuses it
    const text = `${'['.repeat(10000)}${']'.repeat(10000)}`;
    expect(() => readTemp({ 'deep.yaml': text }, ['deep.yaml'])).toThrow('deep.yaml:1: nested deeper than 256 levels (maxDepth)');
  });

  test('fails when a block mapping is nested 10,000 deep, at the line where it gets too deep', () => {
    // GIVEN a block mapping 10,000 deep WHEN read THEN it is refused where it passes 256 levels
    const text = Array.from({ length: 10000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(() => readTemp({ 'deep.yaml': text }, ['deep.yaml'])).toThrow('deep.yaml:256: nested deeper than 256 levels (maxDepth)');
  });

  test('fails when JSON is nested deeper than maxDepth', () => {
    // GIVEN JSON 301 levels deep WHEN read THEN the walk refuses it
    const text = `{"a": ${'['.repeat(300)}${']'.repeat(300)}}`;
    expect(() => readTemp({ 'deep.json': text }, ['deep.json'])).toThrow('deep.json:1: nested deeper than 256 levels (maxDepth)');
  });

  test('fails without a stack overflow when maxDepth is raised beyond what the stack holds', () => {
    // GIVEN 100,000-deep YAML and JSON, and no effective depth limit
    const files = { 'deep.yaml': `a: ${'['.repeat(100000)}${']'.repeat(100000)}`, 'deep.json': `${'['.repeat(100000)}${']'.repeat(100000)}` };
    const options = { maxDepth: 1e9 };

    // WHEN each is read THEN the exhausted stack is an InputError
    expect(() => readTemp(files, ['deep.yaml'], options))
      .toThrow('deep.yaml:1: nested too deeply to parse (the call stack ran out); lower maxDepth');
    expect(() => readTemp(files, ['deep.json'], options))
      .toThrow('deep.json:1: nested too deeply to walk (the call stack ran out); lower maxDepth');
  });
});

describe('readInventory: namespaces', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

  test('fails when a namespaced kind has no namespace', () => {
    // GIVEN a Deployment without a namespace WHEN read THEN the message says how to fix it
    expect(() => readTemp({ 'web.yaml': deployment }, ['web.yaml'])).toThrow('web.yaml:1: namespaced kind Deployment.apps ' +
      'without metadata.namespace; add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory');
  });

  test('gives defaultNamespace to a namespaced kind without one', () => {
    // GIVEN a Deployment without a namespace WHEN read with defaultNamespace THEN it gets it
    const objects = readTemp({ 'web.yaml': deployment }, ['web.yaml'], { defaultNamespace: 'shop' });
    expect(objects[0].object.metadata).toStrictEqual({ name: 'web', namespace: 'shop' });
  });

  test('drops the namespace of a cluster-scoped kind, as kubectl does', () => {
    // GIVEN a ClusterRole with a namespace WHEN read THEN the namespace is gone
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, namespace: shop}\n';
    const objects = readTemp({ 'role.yaml': text }, ['role.yaml']);
    expect(objects[0].object.metadata).toStrictEqual({ name: 'reader' });
  });

  test('uses the scope a CustomResourceDefinition in the inventory declares', () => {
    // GIVEN a namespaced CRD, a cluster-scoped one, and a resource of each
    const crd = (kind: string, scope: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${kind.toLowerCase()}s.example.com}\n` +
      `spec: {group: example.com, scope: ${scope}, names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}}\n`;
    const files = {
      'crds.yaml': `${crd('Widget', 'Namespaced')}---\n${crd('Gadget', 'Cluster')}`,
      'crs.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: shop}\n',
    };

    // WHEN they are read with a default namespace
    const objects = readTemp(files, ['crs.yaml', 'crds.yaml'], { defaultNamespace: 'shop' });

    // THEN the Widget gets the namespace and the Gadget loses it
    expect(keys(objects)).toStrictEqual([
      'CustomResourceDefinition.apiextensions.k8s.io gadgets.example.com',
      'CustomResourceDefinition.apiextensions.k8s.io widgets.example.com',
      'Gadget.example.com g',
      'Widget.example.com shop/w',
    ]);
  });

  test('refuses a custom resource in a version its CustomResourceDefinition does not serve, at its file, document and line', () => {
    // written unchanged, the Karmada API server would refuse the template when its delivery applies it.
    const crd = (served: boolean) => 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: foos.ex.io}\n' +
      `spec: {group: ex.io, scope: Namespaced, names: {kind: Foo, plural: foos}, versions: [{name: v2, served: ${served}, storage: true}, {name: v10, served: ${served}}]}\n`;
    const cr = (version: string) => `apiVersion: ex.io/${version}\nkind: Foo\nmetadata: {name: f, namespace: shop}\n`;
    expect(keys(readTemp({ 'crd.yaml': crd(true), 'cr.yaml': cr('v2') }, ['crd.yaml', 'cr.yaml']))).toStrictEqual(['CustomResourceDefinition.apiextensions.k8s.io foos.ex.io', 'Foo.ex.io shop/f']);
    expect(() => readTemp({ 'crd.yaml': crd(true), 'cr.yaml': `# the export\n${cr('v1')}` }, ['crd.yaml', 'cr.yaml']))
      .toThrow('cr.yaml:2: apiVersion ex.io/v1: its CustomResourceDefinition foos.ex.io does not define v1 (it serves v10, v2)');
    expect(() => readTemp({ 'crd.yaml': crd(false), 'cr.yaml': cr('v2') }, ['crd.yaml', 'cr.yaml']))
      .toThrow('cr.yaml:1: apiVersion ex.io/v2: its CustomResourceDefinition foos.ex.io serves no version');
    // objects built in code are checked the same way.
    expect(() => readObjects([yaml(crd(true)), yaml(cr('v1'))])).toThrow('<code> (document 1): apiVersion ex.io/v1: its CustomResourceDefinition foos.ex.io does not define v1');
  });

  test('leaves a kind of unknown scope as it is', () => {
    // GIVEN a custom kind without its CRD WHEN read with defaultNamespace THEN it keeps no namespace
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n';
    const objects = readTemp({ 'cr.yaml': text }, ['cr.yaml'], { defaultNamespace: 'shop' });
    expect(keys(objects)).toStrictEqual(['Widget.example.com w']);
  });
});

describe('readInventory: duplicates', () => {
  test('fails when the same object is in two files, naming both places', () => {
    // GIVEN two real exports that both hold kube-system/metrics-server
    const list = fixturePath(ALL_NAMESPACES);
    const single = fixturePath('deployment-restartedat-metrics-server.yaml');

    // WHEN both are read THEN the error names both places
    expect(() => readInventory([single, list])).toThrow(`${list}:3052: items[28]: ` +
      `Deployment.apps kube-system/metrics-server is also defined at ${single}:1; ` +
      'keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)');
  });

  test('fails when the same object is twice in one file, whatever the version of its apiVersion', () => {
    // GIVEN apps/v1 and apps/v1beta2 Deployment shop/web WHEN read THEN both places are named
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n---\n' +
      'apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n';
    expect(() => readTemp({ 'twice.yaml': text }, ['twice.yaml'])).toThrow('twice.yaml:5 (document 1): Deployment.apps shop/web ' +
      'is also defined at twice.yaml:1 (document 0); keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)');
  });

  test.each([['first', '1.yaml'], ['last', '2.yaml']] as const)('keeps the %s one with onDuplicate', (onDuplicate, winner) => {
    // GIVEN the same object in two files
    const files = { '1.yaml': configMapYaml('same'), '2.yaml': configMapYaml('same') };

    // WHEN read with onDuplicate
    const objects = readTemp(files, ['1.yaml', '2.yaml'], { onDuplicate });

    // THEN one object is kept, from the chosen file
    expect(objects.map(o => o.source.file)).toStrictEqual([winner]);
  });
});

describe('readInventory: order', () => {
  // every real export but two that repeat objects of the all-namespaces List (a Deployment, the kubernetes Service).
  const files = fs.readdirSync(FIXTURES)
    .filter(f => /\.(ya?ml|json)$/.test(f) && f !== 'deployment-restartedat-metrics-server.yaml' && f !== DEFAULT_NAMESPACE)
    .map(fixturePath);

  test('gives the identical result whatever the order of the paths', () => {
    // GIVEN the result of reading the exports in directory order
    const expected = readInventory(files);

    // WHEN the same files are read in any other order THEN the result is identical
    fc.assert(fc.property(fc.shuffledSubarray(files, { minLength: files.length }), shuffled => {
      expect(readInventory(shuffled)).toStrictEqual(expected);
    }), { numRuns: 25 });
  });

  test('sorts by group, kind, namespace and name', () => {
    // WHEN the exports are read
    const objects = readInventory(files);

    // THEN the core group comes first and every key is above the one before
    expect(keys(objects).slice(0, 3)).toStrictEqual(['ConfigMap redis/kube-root-ca.crt', 'PersistentVolumeClaim redis/redis-data', 'Pod default/model-server-b884894f4-h2zkf']);
    expect(keys(objects).slice(-1)).toStrictEqual(['Ingress.networking.k8s.io default/drawio-ingress']);
    for (let i = 1; i < objects.length; i++) expect(compareKeys(keyOf(objects[i - 1].object), keyOf(objects[i].object))).toBe(-1);
  });
});

describe('readObjects', () => {
  test('checks objects built in code like files, without changing them', () => {
    // GIVEN objects made in code, one without a namespace
    const objects: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'shop' } },
    ];
    const before = JSON.parse(JSON.stringify(objects));

    // WHEN they are read with a default namespace
    const read = readObjects(objects, { file: 'main.ts' }, { defaultNamespace: 'shop' });

    // THEN they are sorted, located by index, and the input is unchanged
    expect(read).toStrictEqual([
      { object: objects[1], source: { file: 'main.ts', document: 1, documents: 2 } },
      { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }, source: { file: 'main.ts', document: 0, documents: 2 } },
    ]);
    expect(objects).toStrictEqual(before);
  });

  test('fails when an object built in code lacks a name', () => {
    // GIVEN an object without a name WHEN checked THEN the message names its index
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } } as unknown as KubeObject];
    expect(() => readObjects(objects)).toThrow('<code>: missing metadata.name');
  });
});

describe('readInventory: identities the API server would refuse', () => {
  // k8s apimachinery validation: namespaces are DNS-1123 labels, Services DNS-1035 labels, RBAC
  // names path segments, other names DNS-1123 subdomains; they become paths under dist/.
  const doc = (kind: string, apiVersion: string, name: string, namespace?: string) =>
    `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\n${namespace === undefined ? '' : `  namespace: ${JSON.stringify(namespace)}\n`}`;
  test.each<[string, string, string]>([
    ['a namespace that climbs out', doc('ConfigMap', 'v1', 'x', '../../../../escaped'),
      'metadata.namespace "../../../../escaped" is not a namespace name: at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit'],
    ['a name that climbs out', doc('ConfigMap', 'v1', '../../x', 'default'), 'metadata.name "../../x" is not a Kubernetes object name'],
    ['..', doc('ConfigMap', 'v1', '..', 'default'), 'metadata.name ".." is not a Kubernetes object name'],
    ['a slash', doc('Deployment', 'apps/v1', 'a/b', 'default'), 'metadata.name "a/b" is not a Kubernetes object name'],
    ['uppercase', doc('ConfigMap', 'v1', 'Web', 'default'), 'metadata.name "Web" is not a Kubernetes object name'],
    ['the cluster folder as a namespace', doc('ConfigMap', 'v1', 'x', '_cluster'), 'metadata.namespace "_cluster" is not a namespace name'],
    ['a 300-character name', doc('ConfigMap', 'v1', 'a'.repeat(300), 'default'), `metadata.name "${'a'.repeat(300)}" is not a Kubernetes object name`],
    ['a Service name starting with a digit', doc('Service', 'v1', '1web', 'default'), 'metadata.name "1web" is not a Service name'],
    ['an RBAC name with a slash', doc('ClusterRole', 'rbac.authorization.k8s.io/v1', 'a/b'), 'metadata.name "a/b" is not an RBAC name'],
    ['a kind that climbs out', doc('../Deployment', 'apps/v1', 'x', 'default'), 'kind "../Deployment" is not a Kubernetes kind'],
    ['a group that climbs out', doc('Deployment', '../apps/v1', 'x', 'default'), 'apiVersion "../apps/v1": the group must be a DNS subdomain'],
  ])('%s is refused with file, document and line', (_, text, message) => {
    expect(() => readTemp({ 'bad.yaml': `${doc('ConfigMap', 'v1', 'ok', 'default')}${text}` }, ['bad.yaml'])).toThrow(`bad.yaml:8 (document 1): ${message}`);
  });

  test('real names of every rule pass: system: RBAC names, dotted names, a Service, a Namespace', () => {
    const text = [doc('ClusterRole', 'rbac.authorization.k8s.io/v1', 'system:aggregate-to-edit'), doc('ConfigMap', 'v1', 'kube-root-ca.crt', 'default'),
      doc('Service', 'v1', 'web', 'default'), doc('Namespace', 'v1', 'shop')].join('');
    expect(readTemp({ 'ok.yaml': text }, ['ok.yaml'])).toHaveLength(4);
  });
});

describe('the heap growth while a big file is read', () => {
  afterEach(() => jest.restoreAllMocks());

  test('is told the size of the largest regular file, on whichever thread each is read, and the length of standard input', () => {
    const tighten = jest.spyOn(heapGrowth, 'tightenHeapGrowthForRead');
    withTempDir(dir => {
      writeFiles(dir, { 'a.yaml': configMapYaml('a'), 'big/b.yaml': configMapYaml('b').replace('k: v', `k: ${'v'.repeat(5000)}`) });
      const stdin = configMapYaml('s');
      readInventory([path.join(dir, 'a.yaml'), '-', path.join(dir, 'big')], { stdin });
      expect(tighten.mock.calls).toEqual([[fs.statSync(path.join(dir, 'big', 'b.yaml')).size], [stdin.length]]);
    });
  });
});
