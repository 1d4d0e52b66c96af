import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { InputError } from '../../src/errors';
import { CrdSchemaSet } from '../../src/kube';

const CRDS = path.join(__dirname, '../../crds/karmada-v1.18.2');
const POLICY = 'policy.karmada.io/v1alpha1';

function withTempFile<T>(name: string, text: string, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-crd-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('CrdSchemaSet', () => {
  test('fromDirectory reads one schema per (group, version, kind) of the seven v1.18.2 CRD files', () => {
    // WHEN
    const set = CrdSchemaSet.fromDirectory(CRDS);

    // THEN
    expect(set.schemas.map((s) => `${s.apiVersion} ${s.kind} ${s.scope}`)).toStrictEqual([
      'config.karmada.io/v1alpha1 ResourceInterpreterCustomization Cluster',
      'policy.karmada.io/v1alpha1 ClusterOverridePolicy Cluster',
      'policy.karmada.io/v1alpha1 ClusterPropagationPolicy Cluster',
      'policy.karmada.io/v1alpha1 OverridePolicy Namespaced',
      'policy.karmada.io/v1alpha1 PropagationPolicy Namespaced',
      'work.karmada.io/v1alpha1 ResourceBinding Namespaced',
      'work.karmada.io/v1alpha2 ResourceBinding Namespaced',
      'work.karmada.io/v1alpha1 Work Namespaced',
    ]);
  });

  test('fromFiles reads a multi-document file and skips empty documents', () => {
    // GIVEN the two policy CRDs concatenated, with a leading and a trailing `---`
    const text = ['policy.karmada.io_propagationpolicies.yaml', 'policy.karmada.io_clusterpropagationpolicies.yaml']
      .map((f) => fs.readFileSync(path.join(CRDS, f), 'utf8')).join('\n---\n') + '\n---\n';

    // WHEN
    const set = withTempFile('policies.yaml', text, (file) => CrdSchemaSet.fromFiles([file]));

    // THEN
    expect(set.schemas.map((s) => s.kind)).toStrictEqual(['PropagationPolicy', 'ClusterPropagationPolicy']);
  });

  test('fromDocuments reads parsed CRDs', () => {
    // GIVEN
    const docs = yaml.loadAll(fs.readFileSync(path.join(CRDS, 'work.karmada.io_works.yaml'), 'utf8'));

    // WHEN
    const set = CrdSchemaSet.fromDocuments(docs);

    // THEN
    expect(set.schemaFor('work.karmada.io/v1alpha1', 'Work')?.plural).toBe('works');
  });

  test('schemaFor finds a kind by apiVersion and kind, and nothing for an unknown version', () => {
    // GIVEN
    const set = CrdSchemaSet.fromDirectory(CRDS);

    // THEN
    expect(set.schemaFor(POLICY, 'PropagationPolicy')?.kind).toBe('PropagationPolicy');
    expect(set.schemaFor('work.karmada.io/v1alpha2', 'ResourceBinding')?.version).toBe('v1alpha2');
    expect(set.schemaFor('policy.karmada.io/v1', 'PropagationPolicy')).toBeUndefined();
  });

  test('validate dispatches on apiVersion and kind', () => {
    // GIVEN
    const set = CrdSchemaSet.fromDirectory(CRDS);

    // THEN
    expect(set.validate({ apiVersion: POLICY, kind: 'PropagationPolicy', metadata: { name: 'x' }, spec: {} })).toStrictEqual([
      { path: 'spec.resourceSelectors', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails validation when no CRD of the set serves the kind', () => {
    // GIVEN
    const set = CrdSchemaSet.fromDirectory(CRDS);

    // THEN
    expect(set.validate({ apiVersion: 'apps/v1', kind: 'Deployment' })).toStrictEqual([
      { path: 'kind', message: 'no CRD of the set serves Deployment in apps/v1', effect: 'rejected' },
    ]);
  });

  test('fails validation when apiVersion or kind is missing', () => {
    expect(CrdSchemaSet.fromDirectory(CRDS).validate({ metadata: { name: 'x' } })).toStrictEqual([
      { path: 'apiVersion', message: 'required', effect: 'rejected' },
      { path: 'kind', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails when applying defaults to a kind the set does not know', () => {
    expect(() => CrdSchemaSet.fromDirectory(CRDS).applyDefaults({ apiVersion: 'v1', kind: 'ConfigMap' }))
      .toThrow('no CRD of the set serves ConfigMap in v1');
  });

  test('fails when two CRDs define the same kind and version', () => {
    // GIVEN
    const doc = yaml.load(fs.readFileSync(path.join(CRDS, 'work.karmada.io_works.yaml'), 'utf8'));

    // THEN
    expect(() => CrdSchemaSet.fromDocuments([doc, doc])).toThrow('two CRDs define Work in work.karmada.io/v1alpha1');
  });

  test('fails when a file is not YAML, naming the file and the line', () => {
    withTempFile('broken.yaml', 'apiVersion: v1\nkind: [\n', (file) => {
      let error: unknown;
      try {
        CrdSchemaSet.fromFiles([file]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      // the flow left open at the end of line 2, with the lines and a caret
      expect((error as InputError).location).toStrictEqual({ file, line: 2 });
      expect((error as InputError).message).toBe(`${file}:2: malformed YAML: unexpected end of the stream within a flow collection\n` +
        '  1 | apiVersion: v1\n  2 | kind: [\n    |        ^');
    });
  });

  test('fails when a document is not a CRD, naming the file and the document', () => {
    withTempFile('mixed.yaml', 'apiVersion: v1\nkind: ConfigMap\n', (file) => {
      expect(() => CrdSchemaSet.fromFiles([file])).toThrow(`${file}: expected a CustomResourceDefinition, got kind "ConfigMap"`);
    });
  });

  test('fails when a file does not exist', () => {
    expect(() => CrdSchemaSet.fromFiles(['/nonexistent/crd.yaml'])).toThrow('/nonexistent/crd.yaml: cannot read the CRD file: no such file or directory');
  });

  test('refuses a device instead of reading it without end', () => {
    expect(() => CrdSchemaSet.fromFiles(['/dev/zero'])).toThrow('/dev/zero: cannot read the CRD file: it is a character device, not a file');
  });
});

describe('a schema that repeats a subschema', () => {
  // Argo CD's Application holds its ApplicationSource in spec.source, spec.sources[] and a dozen
  // places of its status; the validator compiles it once and still names each field.
  const argo = CrdSchemaSet.fromFiles([path.join(__dirname, '../../crds/argo-cd-v3.5.1/application-crd.yaml')]);
  const source = (forceString: unknown) => ({ repoURL: 'https://git.example.com/a.git', helm: { parameters: [{ name: 'a', forceString }] } });

  test('each place of a shared subschema reports its own path', () => {
    // GIVEN the same mistake in spec.source and spec.sources[1]
    const app = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' },
      spec: { destination: { name: 'in-cluster' }, project: 'default', source: source('yes'), sources: [source(true), source(1)] },
    };

    // WHEN
    const violations = argo.validate(app).filter((v) => v.effect === 'rejected');

    // THEN
    expect(violations.map((v) => [v.path, v.message])).toStrictEqual([
      ['spec.source.helm.parameters[0].forceString', 'must be boolean'],
      ['spec.sources[1].helm.parameters[0].forceString', 'must be boolean'],
    ]);
  });

  test('a valid object is valid in every place', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' },
      spec: { destination: { name: 'in-cluster' }, project: 'default', source: source(true), sources: [source(false)] },
    };
    expect(argo.validate(app)).toStrictEqual([]);
  });
});
