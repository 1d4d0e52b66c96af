import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { readExportFiles } from '../../src/inventory/parallel-read';
import { FileLimits, FileRef } from '../../src/inventory/read-file';
import { readInventory } from '../../src/inventory/read';
import { withTempDir, writeFiles } from './fixtures';

// ts-jest runs the sources, which have no compiled worker beside them: the worker is the one
// `npm test` builds into lib/ first (`npm run build`), from these same sources.
const WORKER = path.join(__dirname, '..', '..', 'lib', 'src', 'inventory', 'read-worker.js');
const LIMITS: FileLimits = { maxFileBytes: 1 << 20, maxDepth: 64, maxNodes: 100_000 };
const ALWAYS = { minBytes: 0, workerScript: WORKER };
const NEVER = { minBytes: Infinity };

beforeAll(() => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build (npm test does) before these tests`);
});

function refs(dir: string, names: readonly string[]): FileRef[] {
  return names.map(n => ({ display: n, resolved: path.join(dir, n) }));
}

// what a read gives, errors included, in a form toStrictEqual compares (-0 kept apart from 0).
function outcome(read: () => unknown): unknown {
  try {
    return { value: JSON.parse(JSON.stringify(read(), (_k, v: unknown) => (Object.is(v, -0) ? '<-0>' : v))) as unknown };
  } catch (e) {
    // the location of the worker's error is an object of node's realm, not of jest's: compared as JSON.
    return { error: (e as Error).name, message: (e as Error).message, location: JSON.stringify((e as { location?: unknown }).location) };
  }
}

const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ns\ndata:\n  k: "${data}"\n`;

// one file of an export: documents, a List, JSON, a -0, or something wrong at some line.
const fileText = fc.oneof(
  fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 4 }).map(ns => ns.map((n, i) => configMap(`${n}-${i}`, n)).join('---\n')),
  fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 })
    .map(ns => `apiVersion: v1\nkind: List\nitems:\n${ns.map((n, i) => `- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: ${n}-${i}\n    namespace: ns\n`).join('')}`),
  fc.constant('{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "zero", "namespace": "ns"}, "spec": {"replicas": -0}}'),
  fc.constant('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j", "namespace": "ns", "__proto__": "p"}}'),
  fc.constant(`${configMap('ok', 'x')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n`),
  fc.constant('apiVersion: v1\nkind: ConfigMap\n'),
  fc.constant('# nothing but a comment\n'),
);

describe('readExportFiles: two threads give what one does', () => {
  test('the objects, their locations and the first error in file order are those of reading the files one by one', () => {
    fc.assert(fc.property(fc.array(fileText, { minLength: 2, maxLength: 6 }), fc.boolean(), (texts, missing) => withTempDir(dir => {
      // GIVEN files of an export (one of them maybe missing)
      const names = texts.map((t, i) => `f${i}.${t.startsWith('{') ? 'json' : 'yaml'}`);
      writeFiles(dir, Object.fromEntries(names.map((n, i) => [n, texts[i]])));
      if (missing) fs.rmSync(path.join(dir, names[names.length - 1]));

      // WHEN they are read on two threads and on one
      const parallel = outcome(() => readExportFiles(refs(dir, names), LIMITS, ALWAYS));
      const sequential = outcome(() => readExportFiles(refs(dir, names), LIMITS, NEVER));

      // THEN the outcomes are the same
      expect(parallel).toStrictEqual(sequential);
    })), { numRuns: 25 });
  });

  test('a -0 read by the worker stays -0 (JSON text would make it 0)', () => withTempDir(dir => {
    // GIVEN two files, the second (the worker's) a JSON file with replicas: -0, which JSON.parse reads as -0
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.json': '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "z", "namespace": "ns"}, "spec": {"replicas": -0}}' });

    // WHEN they are read on two threads
    const [, b] = readExportFiles(refs(dir, ['a.yaml', 'b.json']), LIMITS, ALWAYS);

    // THEN the worker's object has -0
    expect(Object.is((b[0].object.spec as { replicas: number }).replicas, -0)).toBe(true);
  }));

  test('an error in this thread\'s files comes before one in the worker\'s', () => withTempDir(dir => {
    // GIVEN a malformed first file and a missing last one
    writeFiles(dir, { 'a.yaml': 'kind: [\n', 'b.yaml': configMap('b', 'x') });

    // WHEN they are read on two threads
    const read = () => readExportFiles(refs(dir, ['a.yaml', 'b.yaml', 'gone.yaml']), LIMITS, ALWAYS);

    // THEN the error is the first file's, an InputError naming it
    expect(read).toThrow(expect.objectContaining({ name: 'InputError', message: expect.stringMatching(/^a\.yaml:/) }) as Error);
  }));

  test('the worker\'s error is an InputError naming its file, document and line', () => withTempDir(dir => {
    // GIVEN a good first file and a second whose second document has no name
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.yaml': `${configMap('b', 'y')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n` });

    // WHEN they are read on two threads
    let error: unknown;
    try {
      readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), LIMITS, ALWAYS);
    } catch (e) {
      error = e;
    }

    // THEN it is the error one thread throws, located in b.yaml's document 1
    expect(error).toMatchObject({ name: 'InputError', location: { file: 'b.yaml', document: 1, documents: 2, line: 9 } });
    expect(outcome(() => readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), LIMITS, NEVER))).toStrictEqual(outcome(() => {
      throw error;
    }));
  }));

  test('an aliased node read by the worker stays one object shared by its uses, as one thread reads it', () => withTempDir(dir => {
    // GIVEN two files, the second (the worker's) with an anchor and an alias
    writeFiles(dir, {
      'a.yaml': configMap('a', 'x'),
      'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: ns\n  labels: &l {app: b}\n  annotations: *l\n',
    });

    // WHEN they are read on two threads
    const [, [b]] = readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), LIMITS, ALWAYS);

    // THEN the labels and the annotations are one object, as js-yaml made them
    expect(JSON.stringify(b.object.metadata.labels)).toBe('{"app":"b"}');
    expect(b.object.metadata.annotations).toBe(b.object.metadata.labels);
  }));

  test('a pipe is read once, on this thread: the files are not split when one is not a regular file', () => withTempDir(dir => {
    // GIVEN a file and a named pipe a slow writer fills after the read has begun
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'objects.yaml': [1, 2, 3, 4].map(i => configMap(`p${i}`, 'y')).join('---\n') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const writer = spawn('sh', ['-c', 'sleep 0.5; cat objects.yaml > pipe.yaml'], { cwd: dir, stdio: 'ignore' });

    // WHEN they are read with the worker allowed and a short stall
    const read = readExportFiles(refs(dir, ['a.yaml', 'pipe.yaml']), LIMITS, { ...ALWAYS, stallMs: 100 });
    writer.kill();

    // THEN every object of the pipe is there
    expect(read.flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'p1', 'p2', 'p3', 'p4']);
  }));

  test('above the default maxDepth the files are read on this thread (the threads\' stacks differ)', () => withTempDir(dir => {
    // GIVEN files, and a worker that would hand back garbage
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.yaml': configMap('b', 'y'), 'bad-worker.js': fakeWorker('port.postMessage({ index: 0, json: "[]" })') });

    // WHEN they are read with maxDepth 257 THEN the worker was not asked
    const read = readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), { ...LIMITS, maxDepth: 257 }, { minBytes: 0, workerScript: path.join(dir, 'bad-worker.js') });
    expect(read.flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'b']);
  }));

  test('a worker that dies (here, of a heap too small to start) is replaced by this thread after stallMs', () => withTempDir(dir => {
    // GIVEN files, and a worker given 1 MB of heap
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.yaml': configMap('b', 'y'), 'c.yaml': configMap('c', 'z') });
    const names = ['a.yaml', 'b.yaml', 'c.yaml'];

    // WHEN they are read on two threads
    const tiny = { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 };
    const read = readExportFiles(refs(dir, names), LIMITS, { ...ALWAYS, stallMs: 300, resourceLimits: tiny });

    // THEN every file is read all the same
    expect(read.map(objects => objects.map(o => o.object.metadata.name))).toStrictEqual([['a'], ['b'], ['c']]);
  }));

  test.each([
    ['a heap limit node refuses', { ...ALWAYS, resourceLimits: { stackSizeMb: 1e7 } }],
    ['a script path node refuses (relative, without ./)', { minBytes: 0, workerScript: path.relative(process.cwd(), WORKER) }],
  ])('a worker that cannot be started (%s) leaves the files to this thread', (_why, options) => withTempDir(dir => {
    // GIVEN files, and options with which new Worker throws at once
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.yaml': configMap('b', 'y') });

    // WHEN they are read THEN they are read, as without a worker
    const read = readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), LIMITS, options);
    expect(read.flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'b']);
  }));

  test('below minBytes, or without the compiled worker, the files are read on this thread', () => withTempDir(dir => {
    // GIVEN two small files
    writeFiles(dir, { 'a.yaml': configMap('a', 'x'), 'b.yaml': configMap('b', 'y') });

    // WHEN they are read with a worker script that does not exist
    const read = readExportFiles(refs(dir, ['a.yaml', 'b.yaml']), LIMITS, { minBytes: 0, workerScript: path.join(dir, 'none.js') });

    // THEN they are read
    expect(read.flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'b']);
  }));
});

// a worker script speaking the protocol of read-worker.ts: `body` runs with `port` and `post(message)` (which signals it).
function fakeWorker(body: string): string {
  return `const { workerData } = require('worker_threads');
const { port, signal } = workerData;
const counters = new Int32Array(signal);
const post = m => { port.postMessage(m); Atomics.add(counters, 0, 1); Atomics.notify(counters, 0); };
${body}
`;
}

describe('readExportFiles: the protocol with the worker', () => {
  // c.yaml is most of the bytes: this thread reads the files before it, the worker c.yaml and the ones after.
  const files = { 'a.yaml': configMap('a', 'x'), 'b.yaml': 'kind: [\n', 'c.yaml': `${configMap('c', 'y')}#${'-'.repeat(1000)}\n`, 'd.yaml': configMap('d', 'z') };
  const names = ['a.yaml', 'c.yaml', 'd.yaml'];
  const read = (dir: string, body: string, list = names, stallMs = 5000) => {
    fs.writeFileSync(path.join(dir, 'worker.js'), fakeWorker(body));
    return readExportFiles(refs(dir, list), LIMITS, { minBytes: 0, workerScript: path.join(dir, 'worker.js'), stallMs });
  };

  test('a file handed back is read here, with the ones after it', () => withTempDir(dir => {
    // GIVEN a worker that hands back its first file (as on a text too long for JSON)
    writeFiles(dir, files);
    // WHEN the files are read THEN every one is read here
    expect(read(dir, 'post({ index: 0, handBack: true });').flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'c', 'd']);
  }));

  test('the worker\'s error waits until this thread\'s files are read: an error in one of them comes first', () => withTempDir(dir => {
    // GIVEN this thread's second file malformed, and a worker that fails at once
    writeFiles(dir, files);
    const error = 'post({ index: 0, error: { message: "c.yaml: worker error", location: { file: "c.yaml" } } });';

    // WHEN the files are read THEN the error is b.yaml's, this thread's
    expect(() => read(dir, error, ['a.yaml', 'b.yaml', 'c.yaml'])).toThrow(/^b\.yaml:/);
    // AND with this thread's files good, it is the worker's, an InputError
    expect(() => read(dir, error, ['a.yaml', 'c.yaml', 'd.yaml'])).toThrow(expect.objectContaining({ name: 'InputError', message: 'c.yaml: worker error' }) as Error);
  }));

  test('a worker silent for stallMs is taken for dead: what it sent is kept, the rest read here', () => withTempDir(dir => {
    // GIVEN a worker that sends its first file (as JSON), then hangs
    writeFiles(dir, files);
    const first = JSON.stringify([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-worker', namespace: 'ns' } }, source: { file: 'c.yaml' } }]);

    // WHEN the files are read THEN the first is the worker's, the last read here
    const got = read(dir, `post({ index: 0, json: ${JSON.stringify(first)} }); setInterval(() => {}, 1000);`, names, 300);
    expect(got.flat().map(o => o.object.metadata.name)).toStrictEqual(['a', 'from-worker', 'd']);
  }));
});

describe('readInventory: on two threads', () => {
  test('a directory read with the worker gives the objects read without it, standard input first', () => withTempDir(dir => {
    // GIVEN a folder of files and an export on standard input
    writeFiles(dir, Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`e/f${i}.yaml`, configMap(`c${i}`, String(i))])));
    const read = (parallel: object) => readInventory(['-', 'e'], { baseDir: dir, stdin: configMap('s', 'in'), parallel });

    // WHEN it is read on two threads and on one
    // THEN the result is the same
    expect(outcome(() => read(ALWAYS))).toStrictEqual(outcome(() => read(NEVER)));
    expect(read(ALWAYS)).toHaveLength(9);
  }));

  test('a path that does not exist is told after the files before it, as one thread tells it', () => withTempDir(dir => {
    // GIVEN a good folder, then a missing one
    writeFiles(dir, { 'e/a.yaml': configMap('a', 'x'), 'e/b.yaml': configMap('b', 'y') });
    const read = (parallel: object) => outcome(() => readInventory(['e', 'missing'], { baseDir: dir, parallel }));

    // THEN both name the missing path
    expect(read(ALWAYS)).toStrictEqual(read(NEVER));
    expect(read(ALWAYS)).toMatchObject({ error: 'InputError', message: expect.stringContaining('missing') });
  }));
});
