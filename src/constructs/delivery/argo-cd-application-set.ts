import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../../imports/argoproj.io';
import { Migration } from '../migration';
import { ArgoCdOptions, checkArgoCdOptions, MANIFESTS_ONLY, renderDestination, renderSyncPolicy } from './argo-cd-application';

/** Props of an {@link ArgoCdApplicationSet}. */
export interface ArgoCdApplicationSetProps extends ArgoCdOptions {
  /** `metadata.name`, and the prefix of the generated Applications' names. */
  readonly name: string;
}

/**
 * For large estates: an Argo CD ApplicationSet whose Git directory generator makes one
 * Application per namespace folder of a migration (`<path>/policies/<namespace>`), each
 * syncing that namespace's policies and templates (two sources), so a sync, a diff or a
 * failure stays within one namespace. The Namespace objects go through an Application of
 * their own ({@link ArgoCdApplication} on `<path>/namespaces`).
 *
 * `syncPolicy.preserveResourcesOnDeletion: true`: the generated Applications carry no
 * resources finalizer, so deleting the ApplicationSet, or a namespace folder leaving Git,
 * never deletes what was applied. Removing templates is the release step's job, through
 * automated prune inside each Application. Every namespace folder therefore exists in
 * both `policies/` and `templates/` (with a `.keep` when it has no manifest), see `Migration`.
 */
export class ArgoCdApplicationSet extends Construct {
  /** the generated L1 object (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ArgoCdApplicationSetProps) {
    super(scope, id);
    checkArgoCdOptions('ArgoCdApplicationSet', props);
    const migration = this.node.scopes.find(s => Migration.isMigration(s));
    if (migration) (migration as Migration).requireNamespaceFolders();
    const base = props.path.replace(/\/+$/, '');
    const revision = props.targetRevision ?? 'HEAD';
    const source = (path: string) => ({ repoUrl: props.repoURL, targetRevision: revision, path, directory: { ...MANIFESTS_ONLY } });
    this.apiObject = new l1.ApplicationSet(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'argocd' },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ git: { repoUrl: props.repoURL, revision, directories: [{ path: `${base}/policies/*` }] } }],
        syncPolicy: { preserveResourcesOnDeletion: true },
        template: {
          // basenameNormalized turns `_cluster` into a valid name.
          metadata: { name: `${props.name}-{{.path.basenameNormalized}}`, namespace: props.namespace ?? 'argocd' },
          spec: {
            project: props.project ?? 'default',
            destination: renderDestination(props.destination),
            sources: [source('{{.path.path}}'), source(`${base}/templates/{{.path.basename}}`)],
            syncPolicy: renderSyncPolicy(props),
          },
        },
      },
    });
  }
}
