import * as fs from 'fs';
import * as path from 'path';
import { readConfig } from '../../src/config/read-config';
import { ROOT, withTempDir } from '../util';

function configFile(dir: string, text: string): string {
  const file = path.join(dir, 'migration.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const VALID = `apiVersion: karmada-migrate.io/v1alpha1
kind: Migration
metadata: {name: member1}
spec:
  sourceCluster: member1
  inventory: [inventory/member1.yaml]
  takeovers:
    - name: deployments-pp
      kind: {apiVersion: apps/v1, kind: Deployment}
    - name: nginx-pp
      app:
        namespace: default
        resources:
          - {apiVersion: apps/v1, kind: Deployment, name: nginx}
`;

describe('readConfig', () => {
  test('reads the embedded example', () => {
    const [loaded] = readConfig(path.join(ROOT, 'migration.yaml'));
    expect(loaded.config.metadata.name).toBe('member1');
    expect(loaded.config.spec.takeovers.map(t => t.name)).toStrictEqual(['deployments-pp', 'services-pp', 'nginx-pp']);
  });

  test('locates fields by line', () => withTempDir(dir => {
    const [loaded] = readConfig(configFile(dir, VALID));
    expect(loaded.locate(['spec', 'takeovers', 1])).toStrictEqual({ file: path.join(dir, 'migration.yaml'), document: 0, documents: 1, line: 10 });
  }));

  test('a migration named constructor is refused at its line, with the reason', () => withTempDir(dir => {
    // a DNS label, but the construct tree keeps children in a plain object (Object.prototype.constructor).
    expect(() => readConfig(configFile(dir, VALID.replace('{name: member1}', '{name: constructor}'))))
      .toThrow("line 3: metadata.name: 'constructor' cannot name a migration: the cdk8s construct tree keeps its children by name in a plain JavaScript object");
  }));

  test('reads several Migration documents', () => withTempDir(dir => {
    const file = configFile(dir, `${VALID}---\n${VALID.replace('name: member1}', 'name: member2}')}`);
    expect(readConfig(file).map(l => [l.config.metadata.name, l.document])).toStrictEqual([['member1', 0], ['member2', 1]]);
  }));

  describe('fails', () => {
    test('fails when a field is missing, naming its path and line', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('{apiVersion: apps/v1, kind: Deployment, name: nginx}', '{apiVersion: apps/v1, name: nginx}'));
      expect(() => readConfig(file)).toThrow(`${file}:1: not a valid Migration (1 problem):\n` +
        '  - line 14: spec.takeovers[1].app.resources[0].kind: required');
    }));

    test('fails on unknown fields and wrong types, all at once', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('  sourceCluster: member1', '  sourceCluster: member1\n  rollbak: true\n  createNamespaces: "no"'));
      expect(() => readConfig(file)).toThrow('not a valid Migration (2 problems):\n' +
        "  - line 6: spec.rollbak: unknown field; did you mean 'rollback'?\n" +
        '  - line 7: spec.createNamespaces: must be boolean');
    }));

    test('fails when a takeover has neither or both of kind and app', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('      kind: {apiVersion: apps/v1, kind: Deployment}\n', '').replace('    - name: nginx-pp\n', '    - name: nginx-pp\n      kind: {apiVersion: v1, kind: Service}\n'));
      expect(() => readConfig(file)).toThrow('not a valid Migration (2 problems):\n' +
        "  - line 8: spec.takeovers[0]: needs either 'kind' (take over every object of a kind) or 'app' (objects by name)\n" +
        "  - line 9: spec.takeovers[1]: has both 'kind' and 'app'; make them two takeovers");
    }));

    test('fails when an app takeover has a scope', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('    - name: nginx-pp\n', '    - name: nginx-pp\n      scope: Cluster\n'));
      expect(() => readConfig(file)).toThrow("  - line 11: spec.takeovers[1].scope: applies to a 'kind' takeover only");
    }));

    test('fails on an enum value', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('kind: {apiVersion: apps/v1, kind: Deployment}\n', 'kind: {apiVersion: apps/v1, kind: Deployment}\n      scope: Everywhere\n'));
      expect(() => readConfig(file)).toThrow('spec.takeovers[0].scope: must be one of: Namespace, Cluster');
    }));

    test('phase: Rehearse is read; another spelling is refused with the phases', () => withTempDir(dir => {
      const [loaded] = readConfig(configFile(dir, VALID.replace('  sourceCluster: member1\n', '  sourceCluster: member1\n  phase: Rehearse\n')));
      expect(loaded.config.spec.phase).toBe('Rehearse');
      const file = configFile(dir, VALID.replace('  sourceCluster: member1\n', '  sourceCluster: member1\n  phase: rehearse\n'));
      expect(() => readConfig(file)).toThrow("line 6: spec.phase: must be one of: Rehearse, Takeover, Release; did you mean 'Rehearse'?");
    }));

    test('fails on malformed YAML with its line, the lines before and a caret', () => withTempDir(dir => {
      const file = configFile(dir, 'apiVersion: karmada-migrate.io/v1alpha1\nkind: [Migration\n');
      expect(() => readConfig(file)).toThrow(`${file}:2: malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n` +
        '  1 | apiVersion: karmada-migrate.io/v1alpha1\n' +
        '  2 | kind: [Migration\n' +
        '    |                 ^');
      const nested = configFile(dir, VALID.replace('  sourceCluster: member1', '  sourceCluster: member1: x'));
      expect(() => readConfig(nested)).toThrow(`${nested}:5: malformed YAML: Nested mappings are not allowed in compact mappings\n` +
        '  3 | metadata: {name: member1}\n' +
        '  4 | spec:\n' +
        '  5 |   sourceCluster: member1: x\n' +
        '    |                  ^');
    }));

    test('suggests the field or the value that was meant', () => withTempDir(dir => {
      const file = configFile(dir, VALID
        .replace('  sourceCluster: member1\n', '  sourceCluster: member1\n  phase: release\n  createNamespace: false\n')
        .replace('kind: {apiVersion: apps/v1, kind: Deployment}\n', 'kind: {apiVersion: apps/v1, kind: Deployment}\n      selectby: Name\n      Scope: Cluster\n'));
      expect(() => readConfig(file)).toThrow('not a valid Migration (4 problems):\n' +
        "  - line 7: spec.createNamespace: unknown field; did you mean 'createNamespaces'?\n" +
        "  - line 12: spec.takeovers[0].selectby: unknown field; did you mean 'selectBy'?\n" +
        "  - line 13: spec.takeovers[0].Scope: unknown field; did you mean 'scope'?\n" +
        "  - line 6: spec.phase: must be one of: Rehearse, Takeover, Release; did you mean 'Release'?");
    }));

    test('an unknown field nothing is close to gets no suggestion', () => withTempDir(dir => {
      const file = configFile(dir, VALID.replace('  sourceCluster: member1\n', '  sourceCluster: member1\n  color: blue\n'));
      expect(() => readConfig(file)).toThrow(/- line 6: spec\.color: unknown field$/m);
    }));

    test('fails on a missing file or an empty one', () => withTempDir(dir => {
      expect(() => readConfig(path.join(dir, 'nope.yaml'))).toThrow(`${path.join(dir, 'nope.yaml')}: cannot read the config: no such file`);
      expect(() => readConfig(configFile(dir, '# nothing\n'))).toThrow('the config holds no Migration document');
    }));

    test('fails when two documents share a name', () => withTempDir(dir => {
      expect(() => readConfig(configFile(dir, `${VALID}---\n${VALID}`)))
        .toThrow("metadata.name: 'member1' is also the name of document 0; each Migration needs its own name");
    }));
  });
});
