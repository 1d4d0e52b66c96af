// One side of a change as the gate reads it: Karmada holds one object per identity, so two files
// writing the same one (a policy, an override policy, a customization, a quota) overwrite each other.
import { KubeObject } from '../../../src/kube/object';
import { manifestPath } from '../../../src/output/layout';
import { checkChange } from '../../../src/report/check';
import { DistTree } from '../../../src/report/dist-tree';
import { readSide } from '../../../src/report/gate/side';
import { deployment } from '../../util';

const web = deployment('shop', 'web');
const pp: KubeObject = {
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'web-pp', namespace: 'shop' },
  spec: { placement: { clusterAffinity: { clusterNames: ['member1', 'member2'] } }, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }] },
};
const op = (tag: string): KubeObject => ({
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name: 'web-op', namespace: 'shop' },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
    overrideRules: [{ targetCluster: { clusterNames: ['member2'] }, overriders: { imageOverrider: [{ component: 'Tag', operator: 'replace', value: tag }] } }],
  },
});
const quota = (cpu: string): KubeObject => ({
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'FederatedResourceQuota', metadata: { name: 'shop', namespace: 'shop' }, spec: { overall: { cpu } },
});

function tree(entries: ReadonlyArray<readonly [string, KubeObject]>): DistTree {
  return new Map(entries.map(([folder, o]) => [manifestPath(folder, o), o]));
}

describe('readSide: Karmada\'s own objects written twice', () => {
  test.each<[string, KubeObject, KubeObject, string]>([
    ['an OverridePolicy', op('1'), op('2'), 'OverridePolicy.policy.karmada.io shop/web-op'],
    ['another Karmada object', quota('1'), quota('2'), 'FederatedResourceQuota.policy.karmada.io shop/shop'],
  ])('%s in two migration folders is a duplicate, the first read kept', (_, first, second, id) => {
    const side = readSide({ manifests: tree([['aaa', first], ['zzz', second]]), files: new Set(), exists: true, where: 'head' }, 'dist');
    expect(side.duplicates.map(([x, y]) => [x.id, x.file, y.file])).toStrictEqual([[id, manifestPath('aaa', first), manifestPath('zzz', second)]]);
  });

  test('the gate refuses a second OverridePolicy file, whichever is read first', () => {
    const base = tree([['aaa', web], ['aaa', pp], ['aaa', op('1')]]);
    for (const folder of ['zzz', '000']) {
      const head = folder === 'zzz' ? new Map([...base, ...tree([[folder, op('2')]])]) : new Map([...tree([[folder, op('2')]]), ...base]);
      const result = checkChange(base, head);
      expect(result.ok).toBe(false);
      expect(result.findings.filter(f => f.rule === 'duplicate-identity').map(f => f.object)).toStrictEqual(['OverridePolicy.policy.karmada.io shop/web-op']);
    }
  });
});
