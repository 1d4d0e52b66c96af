import * as path from 'path';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { synthesizeConfig } from '../../src/pipeline/synthesis';
import { KindTakeover } from '../../src/constructs/kind-takeover';
import { Migration } from '../../src/constructs/migration';
import { Inventory } from '../../src/inventory/inventory';
import { parseSecretPolicy, SecretPolicy, secretDataProblems, secretReferences, unmanagedSecretReason } from '../../src/inventory/secrets';
import { formatKey, KubeObject } from '../../src/kube/object';
import { readTree, ROOT, withTempDir, writeMigrationConfig } from '../util';

const MIXED = path.join(__dirname, '..', 'fixtures', 'mixed-export.yaml');
// the data of the Secrets of the mixed export, as it reads there.
const SECRET_VALUES = ['cG9zdGdyZXM6Ly93ZWI6d2ViQGRiOjU0MzIvc2hvcA==', 'bm90LWEtcmVhbC1rZXk=', 'eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiZFhObGNqcHdZWE56In19fQ==',
  'bm90LWEtcmVhbC10b2tlbg==', 'bm90LWEtcmVhbC1jZXJ0'];

function secret(name: string, fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'shop' }, type: 'Opaque', ...fields };
}


/** the files of a synthesized folder that hold a Secret with data or stringData, and those that hold a known Secret value anywhere. */
function scanForSecretData(dir: string): { secretsWithData: string[]; valuesFound: string[] } {
  const secretsWithData: string[] = [];
  const valuesFound: string[] = [];
  for (const [file, text] of Object.entries(readTree(dir))) {
    for (const doc of yaml.loadAll(text) as Array<Record<string, unknown> | null>) {
      if (doc?.kind === 'Secret' && (doc.data !== undefined || doc.stringData !== undefined)) secretsWithData.push(file);
    }
    for (const v of SECRET_VALUES) if (text.includes(v)) valuesFound.push(`${file}: ${v}`);
  }
  return { secretsWithData, valuesFound };
}

function writeConfig(dir: string, spec: string): string {
  return writeMigrationConfig(path.join(dir, 'migration.yaml'), [`  inventory: [${JSON.stringify(MIXED)}]`, spec]);
}

const TAKEOVERS = [
  '  takeovers:',
  '    - {name: deployments-pp, kind: {apiVersion: apps/v1, kind: Deployment}}',
  '    - {name: ingresses-pp, kind: {apiVersion: networking.k8s.io/v1, kind: Ingress}}',
  '    - name: db-pp',
  '      app:',
  '        namespace: shop',
  '        includeDependencies: true',
  '        resources: [{apiVersion: apps/v1, kind: StatefulSet, name: db}]',
].join('\n');

describe('secrets: no Secret data reaches dist/', () => {
  test('by default, a synthesized dist/ holds no Secret and no Secret value, although the workloads use four', () => withTempDir(dir => {
    // GIVEN the mixed export (four Secrets) and takeovers of every Deployment, the Ingress and the StatefulSet with its dependencies
    const config = writeConfig(dir, TAKEOVERS);

    // WHEN it is synthesized
    const out = path.join(dir, 'dist');
    const result = synthesizeConfig({ config, outdir: out });

    // THEN the workloads are there, and no Secret data anywhere
    expect(result.files).toContain('member1/templates/shop/Deployment.apps_web.yaml');
    expect(result.files).toContain('member1/templates/shop/PersistentVolumeClaim_db-backup.yaml');
    expect(result.files.filter(f => f.includes('Secret'))).toStrictEqual([]);
    expect(scanForSecretData(out)).toStrictEqual({ secretsWithData: [], valuesFound: [] });
  }));

  test('with secrets: Plaintext, the Secrets a takeover selects are written with their data (the scan sees them)', () => withTempDir(dir => {
    // GIVEN the same, opting in to plaintext Secrets
    const config = writeConfig(dir, `  secrets: Plaintext\n${TAKEOVERS}`);

    // WHEN it is synthesized
    const out = path.join(dir, 'dist');
    synthesizeConfig({ config, outdir: out });

    // THEN the StatefulSet's pull Secret is a template, with its data; the token Secret never is
    expect(scanForSecretData(out)).toStrictEqual({
      secretsWithData: ['member1/templates/shop/Secret_regcred.yaml'],
      valuesFound: [`member1/templates/shop/Secret_regcred.yaml: ${SECRET_VALUES[2]}`],
    });
  }));

  test('the committed dist/ of the example holds no Secret data', () => {
    expect(scanForSecretData(path.join(ROOT, 'dist'))).toStrictEqual({ secretsWithData: [], valuesFound: [] });
  });

  test('a Migration refuses Secret data given in code unless it says Plaintext', () => {
    // GIVEN Secrets with data and with stringData, handed to a Migration directly, and taken over
    const objects = [secret('a', { data: { k: 'dg==' } }), secret('b', { stringData: { k: 'v' } }), secret('empty', { data: {} })].map(object => ({ object }));
    const unmanaged = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects });
    new KindTakeover(unmanaged, 'secrets', { apiVersion: 'v1', kind: 'Secret' });
    const plaintext = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects, secrets: SecretPolicy.PLAINTEXT });
    new KindTakeover(plaintext, 'secrets', { apiVersion: 'v1', kind: 'Secret' });

    // THEN the default migration fails naming each, the plaintext one synthesizes them
    expect(() => Testing.synth(unmanaged)).toThrow('[member1] Secret shop/a would be written to dist/ with its data in plain text; leave Secrets out of the templates ' +
      '(secrets: Unmanaged, the default) or opt in with secrets: Plaintext\n  [member1] Secret shop/b would be written');
    expect(Testing.synth(plaintext).map(m => m.metadata.name)).toStrictEqual(expect.arrayContaining(['a', 'b', 'empty']));
  });
});

describe('secrets: the inventory', () => {
  test('leaves every Secret unmanaged by default, naming the objects that use it', () => {
    // GIVEN a Secret used by nothing and one used by a Deployment, in code
    const inventory = Inventory.fromObjects([
      secret('unused', { data: { k: 'dg==' } }),
      secret('used', { data: { k: 'dg==' } }),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
        spec: { template: { spec: { containers: [{ name: 'web', envFrom: [{ secretRef: { name: 'used' } }] }] } } } },
    ]);

    // THEN both are dropped, with the rule secret-unmanaged
    expect(inventory.dropped.map(d => [d.key.name, d.rule, d.reason])).toStrictEqual([
      ['unused', 'secret-unmanaged', 'Secret left unmanaged in the member cluster (secrets: Unmanaged); referenced by: none'],
      ['used', 'secret-unmanaged', 'Secret left unmanaged in the member cluster (secrets: Unmanaged); referenced by: Deployment.apps shop/web'],
    ]);
    expect(inventory.secrets).toBe(SecretPolicy.UNMANAGED);
    expect(inventory.findDropped({ group: '', kind: 'Secret', namespace: 'shop', name: 'used' })?.rule).toBe('secret-unmanaged');
  });

  test('secretReferences lists, for each Secret named, the objects that name it', () => {
    // GIVEN the objects of the mixed export
    const objects = Inventory.load([MIXED], { secrets: SecretPolicy.PLAINTEXT }).templates.map(t => t.object);

    // WHEN the Secret references are listed THEN each Secret has its users, in key order
    expect(secretReferences(objects).map(r => `${formatKey(r.secret)} <- ${r.referencedBy.map(formatKey).join(', ')}`)).toStrictEqual([
      'Secret shop/regcred <- Deployment.apps shop/web, StatefulSet.apps shop/db',
      'Secret shop/shop-tls <- Ingress.networking.k8s.io shop/web',
      'Secret shop/web-env <- Deployment.apps shop/web',
    ]);
  });

  test('unmanagedSecretReason and secretDataProblems', () => {
    expect(unmanagedSecretReason([{ group: 'apps', kind: 'Deployment', namespace: 'a', name: 'b' }]))
      .toBe('Secret left unmanaged in the member cluster (secrets: Unmanaged); referenced by: Deployment.apps a/b');
    expect(secretDataProblems([secret('x', { data: { k: 'dg==' } })], SecretPolicy.PLAINTEXT)).toStrictEqual([]);
    expect(secretDataProblems([secret('x', {}), secret('y', { data: null }), { ...secret('z', { data: { k: 'dg==' } }), apiVersion: 'example.com/v1' }],
      SecretPolicy.UNMANAGED)).toStrictEqual([]);
  });

  test('parseSecretPolicy reads the two spellings and names the choices otherwise', () => {
    expect(parseSecretPolicy('Unmanaged')).toBe(SecretPolicy.UNMANAGED);
    expect(parseSecretPolicy('Plaintext')).toBe(SecretPolicy.PLAINTEXT);
    expect(() => parseSecretPolicy('plaintext')).toThrow('secrets policy "plaintext" is not one of Unmanaged, Plaintext');
  });
});
