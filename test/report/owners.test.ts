// step 0 by owner: each owner of the templates gets the steps that stop it without deleting anything.
import { ObjectOwner } from '../../src/inventory/owners';
import { planOwners } from '../../src/report/owners';

const helm: ObjectOwner = { tool: 'helm', name: 'cart', namespace: 'shop', evidence: 'annotation meta.helm.sh/release-name' };
const kustomization: ObjectOwner = { tool: 'flux-kustomization', name: 'apps', namespace: 'flux-system', evidence: 'label kustomize.toolkit.fluxcd.io/name' };

describe('planOwners', () => {
  test('groups the templates by owner, each with its steps', () => {
    const owners = planOwners([
      { id: 'Service shop/cart', owner: helm }, { id: 'Deployment.apps shop/cart', owner: helm },
      { id: 'Deployment.apps shop/web', owner: kustomization },
      { id: 'Deployment.apps default/nginx', owner: { tool: 'argocd', name: 'member1-apps', evidence: 'annotation argocd.argoproj.io/tracking-id' } },
      { id: 'ConfigMap default/x', owner: { tool: 'unknown', evidence: '' } },
    ], 'clusters/member1.yaml');
    expect(owners.map(o => [o.owner, o.templates])).toStrictEqual([
      ['Argo CD Application member1-apps', ['Deployment.apps default/nginx']],
      ['Flux Kustomization flux-system/apps', ['Deployment.apps shop/web']],
      ['Helm release shop/cart', ['Deployment.apps shop/cart', 'Service shop/cart']],
      ['unknown', ['ConfigMap default/x']],
    ]);
    const commands = Object.fromEntries(owners.map(o => [o.owner, o.steps.flatMap(s => s.commands)]));
    // Helm: forget the release (its Secrets), never uninstall it.
    expect(commands['Helm release shop/cart']).toStrictEqual(['kubectl -n shop delete secret -l owner=helm,name=cart']);
    expect(owners[2].steps[1].title).toContain('never run helm uninstall cart');
    // Flux: suspend (prune off, deletion orphans), then delete.
    expect(commands['Flux Kustomization flux-system/apps']).toStrictEqual([
      'kubectl -n flux-system patch kustomization apps --type merge -p \'{"spec":{"suspend":true,"prune":false,"deletionPolicy":"Orphan"}}\'',
      'kubectl -n flux-system delete kustomization apps',
    ]);
    // Argo CD: the exact plan comes from the Application's manifest.
    expect(commands['Argo CD Application member1-apps']).toStrictEqual([
      'kubectl -n argocd get application member1-apps -o yaml > member1-apps.application.yaml',
      'karmada-migrate plan --config clusters/member1.yaml --handover-from member1-apps.application.yaml',
    ]);
    expect(commands.unknown).toStrictEqual([]);
  });

  test('a fleet: an owner names the clusters where it applies templates, each template once; without clusters, none', () => {
    const owners = planOwners([
      { id: 'Service shop/cart', owner: helm, cluster: 'member2' }, { id: 'Service shop/cart', owner: helm, cluster: 'member1' },
      { id: 'Deployment.apps shop/cart', owner: helm, cluster: 'member2' },
      { id: 'Deployment.apps shop/web', owner: kustomization, cluster: 'member3' },
    ]);
    expect(owners.map(o => [o.owner, o.templates, o.clusters])).toStrictEqual([
      ['Flux Kustomization flux-system/apps', ['Deployment.apps shop/web'], ['member3']],
      ['Helm release shop/cart', ['Deployment.apps shop/cart', 'Service shop/cart'], ['member1', 'member2']],
    ]);
    expect(planOwners([{ id: 'Service shop/cart', owner: helm }])[0]).not.toHaveProperty('clusters');
  });

  test('a name no shell should see gets no command', () => {
    const [o] = planOwners([{ id: 'Service shop/cart', owner: { ...helm, name: 'x; rm -rf /' } }]);
    expect(o.steps.flatMap(s => s.commands)).toStrictEqual([]);
    expect(o.steps[0].title).toContain('is not a Kubernetes name, so no command is given');
  });
});
