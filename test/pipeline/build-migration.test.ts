import * as path from 'path';
import { MigrationApp } from '../../src';
import { buildFromConfigFile } from '../../src/pipeline/build-migration';
import * as fs from 'fs';
import { MigrationPhase } from '../../src';
import { ROOT, withTempDir } from '../util';

describe('buildFromConfigFile', () => {
  test('builds the example through the constructs, construct paths mirroring the config', () => {
    // GIVEN
    const app = new MigrationApp({ outdir: 'never-written' });

    // WHEN
    const [migration] = buildFromConfigFile(app, path.join(ROOT, 'migration.yaml'));

    // THEN
    expect(migration.node.id).toBe('member1');
    expect(migration.sourceCluster).toBe('member1');
    expect(migration.rollback).toBe(false);
    const takeovers = migration.node.children.filter(c => c.node.id.startsWith('takeovers['));
    expect(takeovers.map(t => `${t.node.id} ${t.constructor.name}`)).toStrictEqual([
      'takeovers[0] KindTakeover', 'takeovers[1] KindTakeover', 'takeovers[2] AppTakeover',
    ]);
    expect(migration.resourceTemplates.map(t => `${t.namespace}/${t.kind}/${t.name}`)).toStrictEqual([
      'default/Service/nginx-svc', 'shop/Service/cart', 'shop/Service/storefront',
      'default/Deployment/nginx', 'shop/Deployment/cart', 'shop/Deployment/storefront',
    ]);
  });

  test('the inventory reader dropped what must not be a template', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    buildFromConfigFile(app, path.join(ROOT, 'migration.yaml'));
    const names = [...app.render().keys()].join('\n');
    for (const dropped of ['kubernetes', 'kube-root-ca.crt', 'nginx-7c5ddbdf54', 'coredns']) expect(names).not.toContain(`_${dropped}.yaml`);
  });

  test('phase: Rehearse builds a Rehearse migration: every policy suspends dispatching', () => withTempDir(dir => {
    const config = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8')
      .replace('  sourceCluster: member1', '  sourceCluster: member1\n  phase: Rehearse')
      .replace('    - inventory/member1.yaml', `    - ${JSON.stringify(path.join(ROOT, 'inventory/member1.yaml'))}`);
    expect(config).toContain('phase: Rehearse');
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config);
    const app = new MigrationApp({ outdir: path.join(dir, 'never-written') });
    const [migration] = buildFromConfigFile(app, path.join(dir, 'migration.yaml'));
    expect(migration.phase).toBe(MigrationPhase.REHEARSE);
    const policies = [...app.render().entries()].filter(([file]) => file.includes('/policies/'));
    expect(policies).toHaveLength(5);
    for (const [, text] of policies) expect(text).toContain('suspension:\n    dispatching: true\n');
  }));
});
