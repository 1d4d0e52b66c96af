// spec.sources (a fleet) beside sourceCluster + inventory (one cluster): exactly one form, errors at
// the field's line with the fix.
import * as fs from 'fs';
import * as path from 'path';
import { readConfig, sourcesOf } from '../../src/config/read-config';
import { withTempDir } from '../util';

const config = (spec: string) => `apiVersion: karmada-migrate.io/v1alpha1
kind: Migration
metadata: {name: fleet}
spec:
${spec}
  takeovers:
    - name: deployments-pp
      kind: {apiVersion: apps/v1, kind: Deployment}
`;

function read(dir: string, spec: string) {
  const file = path.join(dir, 'migration.yaml');
  fs.writeFileSync(file, config(spec));
  return readConfig(file);
}

describe('spec.sources', () => {
  test('the fleet form and the one-cluster form both read, as sources', () => withTempDir(dir => {
    const [fleet] = read(dir, '  sources:\n    - {cluster: member1, inventory: [a.yaml]}\n    - {cluster: member2, inventory: [b.yaml, c/]}\n  baseCluster: member2');
    expect(sourcesOf(fleet.config)).toStrictEqual([{ cluster: 'member1', inventory: ['a.yaml'] }, { cluster: 'member2', inventory: ['b.yaml', 'c/'] }]);
    const [one] = read(dir, '  sourceCluster: member1\n  inventory: [a.yaml]');
    expect(sourcesOf(one.config)).toStrictEqual([{ cluster: 'member1', inventory: ['a.yaml'] }]);
  }));

  test('a cluster name of 48 characters, the most Karmada admits, reads', () => withTempDir(dir => {
    const [fleet] = read(dir, `  sources:\n    - {cluster: ${'c'.repeat(48)}, inventory: [a.yaml]}`);
    expect(sourcesOf(fleet.config)[0].cluster).toHaveLength(48);
  }));

  test.each<[string, string, RegExp]>([
    ['both forms', '  sourceCluster: member1\n  sources:\n    - {cluster: member1, inventory: [a.yaml]}',
      /line 5: spec.sourceCluster: cannot be given with 'sources': use one form; move the cluster and its inventory into sources/],
    ['neither form', '  rollback: false', /line 4: spec.sourceCluster: required: give 'sourceCluster' and 'inventory' \(one cluster\), or 'sources'/],
    ['inventory without sourceCluster', '  inventory: [a.yaml]', /spec.sourceCluster: required with 'inventory'/],
    ['a cluster twice', '  sources:\n    - {cluster: member1, inventory: [a.yaml]}\n    - {cluster: member1, inventory: [b.yaml]}',
      /line 7: spec.sources\[1\].cluster: cluster 'member1' is also spec.sources\[0\]: give each cluster once/],
    ['a baseCluster not among the sources', '  sources:\n    - {cluster: member1, inventory: [a.yaml]}\n  baseCluster: membr1',
      /line 7: spec.baseCluster: 'membr1' is none of the clusters of spec.sources; did you mean 'member1'\?/],
    ['a baseCluster without sources', '  sourceCluster: member1\n  inventory: [a.yaml]\n  baseCluster: member1', /spec.baseCluster: applies to 'sources' only/],
    ['a source without inventory', '  sources:\n    - {cluster: member1}', /spec.sources\[0\].inventory: required/],
    // Karmada admits a cluster name of at most 48 characters, a DNS-1123 label (pkg/apis/cluster/validation ValidateClusterName).
    ['a cluster name Karmada refuses as too long', `  sources:\n    - {cluster: ${'c'.repeat(49)}, inventory: [a.yaml]}`,
      /line 6: spec.sources\[0\].cluster: must be at most 48 characters/],
    ['a sourceCluster with a dot', '  sourceCluster: member1.eu\n  inventory: [a.yaml]', /line 5: spec.sourceCluster: must match/],
    ['a baseCluster too long', `  sources:\n    - {cluster: member1, inventory: [a.yaml]}\n  baseCluster: ${'c'.repeat(49)}`,
      /spec.baseCluster: must be at most 48 characters/],
  ])('refused: %s', (_, spec, error) => withTempDir(dir => {
    expect(() => read(dir, spec)).toThrow(error);
  }));
});
