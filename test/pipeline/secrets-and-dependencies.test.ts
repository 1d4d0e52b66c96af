// `spec.secrets` and `app.includeDependencies` in migration.yaml, from the schema to the constructs.
import * as fs from 'fs';
import * as path from 'path';
import { AppTakeover, MigrationApp, SecretPolicy } from '../../src';
import { buildFromConfigFile } from '../../src/pipeline/build-migration';
import { readConfig } from '../../src/config/read-config';
import { ROOT, withTempDir, writeMigrationConfig } from '../util';

const MIXED = path.join(ROOT, 'test', 'fixtures', 'mixed-export.yaml');

function config(dir: string, spec: string, app: string): string {
  return writeMigrationConfig(path.join(dir, 'migration.yaml'), [
    `  inventory: [${JSON.stringify(MIXED)}]`,
    spec,
    '  takeovers:',
    '    - name: web-pp',
    '      app:',
    '        namespace: shop',
    app,
    '        resources: [{apiVersion: apps/v1, kind: Deployment, name: web}]',
  ].filter(l => l !== ''));
}

describe('migration.yaml: secrets and includeDependencies', () => {
  test('reach the inventory, the Migration and the AppTakeover', () => withTempDir(dir => {
    // GIVEN a config opting in to plaintext Secrets and the app's dependencies
    const file = config(dir, '  secrets: Plaintext', '        includeDependencies: true');

    // WHEN it is built
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, file);

    // THEN the Secrets were loaded as templates and the app selected its dependencies by name
    expect(migration.secrets).toBe(SecretPolicy.PLAINTEXT);
    const takeover = migration.node.findChild('takeovers[0]') as AppTakeover;
    expect(takeover.policy.resourceSelectors.map(s => `${s.kind}/${s.name}`)).toStrictEqual([
      'Deployment/web', 'ConfigMap/web-config', 'Secret/regcred', 'Secret/web-env', 'ServiceAccount/web',
    ]);
    expect([...app.render().keys()].filter(f => f.includes('Secret'))).toStrictEqual([
      'member1/templates/shop/Secret_regcred.yaml', 'member1/templates/shop/Secret_web-env.yaml',
    ]);
  }));

  test('default to Unmanaged and no dependencies', () => withTempDir(dir => {
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, config(dir, '', ''));
    expect(migration.secrets).toBe(SecretPolicy.UNMANAGED);
    expect((migration.node.findChild('takeovers[0]') as AppTakeover).policy.resourceSelectors).toHaveLength(1);
    expect([...app.render().keys()].sort()).toStrictEqual([
      'member1/namespaces/Namespace_shop.yaml', 'member1/policies/shop/PropagationPolicy.policy.karmada.io_web-pp.yaml',
      'member1/templates/shop/Deployment.apps_web.yaml',
    ]);
  }));

  test('a missing dependency is reported at the takeover in the config', () => withTempDir(dir => {
    // GIVEN the api Deployment, whose feature-flags ConfigMap is not exported, with its dependencies
    const file = config(dir, '', '        includeDependencies: true');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: web}', 'name: api}'));

    // WHEN it is rendered THEN the problem names the config line of the takeover, the workload and the reference
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    buildFromConfigFile(app, file);
    expect(() => app.render()).toThrow(`${file}:8: spec.takeovers[0] (web-pp): Deployment.apps shop/api refers to ConfigMap shop/feature-flags ` +
      '(spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name), which is not in the inventory');
  }));

  test('the schema refuses other values', () => withTempDir(dir => {
    const file = config(dir, '  secrets: plaintext', '        includeDependencies: "yes"');
    expect(() => readConfig(file)).toThrow('not a valid Migration (2 problems):\n' +
      "  - line 7: spec.secrets: must be one of: Unmanaged, Plaintext; did you mean 'Plaintext'?\n" +
      '  - line 12: spec.takeovers[0].app.includeDependencies: must be boolean');
  }));
});
