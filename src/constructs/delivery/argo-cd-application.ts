import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../../imports/argoproj.io';

/**
 * Where Argo CD applies: the Karmada API server as registered in Argo CD
 * (`argocd cluster add <karmada-apiserver-context>`), by name or by server URL.
 */
export interface ArgoCdDestination {
  /** the cluster name in Argo CD (`karmada`). One of `name` and `server`. @default - by server */
  readonly name?: string;
  /** the API server URL. One of `name` and `server`. @default - by name */
  readonly server?: string;
}

/** The options of an Argo CD Application or ApplicationSet that applies a migration to Karmada. */
export interface ArgoCdOptions {
  /** the Karmada API server in Argo CD. */
  readonly destination: ArgoCdDestination;
  /** the Git repository that holds `dist/`. */
  readonly repoURL: string;
  /** the repo path of the migration's folder (`dist/member1`). */
  readonly path: string;
  /** @default 'HEAD' */
  readonly targetRevision?: string;
  /** the Argo CD project. @default 'default' */
  readonly project?: string;
  /** the namespace Argo CD runs in. @default 'argocd' */
  readonly namespace?: string;
  /**
   * automated sync prunes what left Git. Rollback relies on it (the release commit
   * removes the templates); the PR gate keeps it safe.
   *
   * @default true
   */
  readonly prune?: boolean;
  /** automated sync reverts changes made on the Karmada API server. @default true */
  readonly selfHeal?: boolean;
  /**
   * let automated sync prune everything (Argo CD refuses by default).
   *
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Props of an {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps extends ArgoCdOptions {
  /** `metadata.name`. */
  readonly name: string;
}

/** the directory options that read every manifest of the folder and nothing else (whatever glob semantics Argo CD applies). */
export const MANIFESTS_ONLY = { recurse: true, include: '{*.yaml,**/*.yaml}' } as const;

/**
 * The sync options of every delivery: server-side apply, so that neither the
 * `last-applied-configuration` annotation (which Karmada would copy onto the member
 * objects) nor a full replace reaches Karmada (a PUT without the webhook-set
 * permanent-id label is denied, karmada pkg/webhook/propagationpolicy/validating.go).
 * Never `Replace=true`.
 */
export const SYNC_OPTIONS = ['ServerSideApply=true', 'PrunePropagationPolicy=foreground', 'ApplyOutOfSyncOnly=true'];

/**
 * An Argo CD Application that applies a migration's folder of `dist/` to the Karmada API
 * server: automated sync, policies in an earlier sync wave than templates (the waves are
 * on the objects), prune in reverse wave order, never a replace.
 *
 * It carries no resources finalizer: deleting the Application leaves what it applied
 * in place, so the member cluster's workloads can never be deleted through it.
 */
export class ArgoCdApplication extends Construct {
  /** the generated L1 object (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    checkArgoCdOptions('ArgoCdApplication', props);
    this.apiObject = new l1.Application(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'argocd' },
      spec: {
        project: props.project ?? 'default',
        destination: renderDestination(props.destination),
        source: { repoUrl: props.repoURL, targetRevision: props.targetRevision ?? 'HEAD', path: props.path, directory: { ...MANIFESTS_ONLY } },
        syncPolicy: renderSyncPolicy(props),
      },
    });
  }
}

/** @internal */
export function renderDestination(d: ArgoCdDestination): { name?: string; server?: string } {
  return d.name ? { name: d.name } : { server: d.server };
}

/** @internal */
export function renderSyncPolicy(props: ArgoCdOptions) {
  return {
    automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true, allowEmpty: props.allowEmpty ?? false },
    syncOptions: [...SYNC_OPTIONS],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  };
}

/** @internal checks what makes an Argo CD delivery invalid on its own. */
export function checkArgoCdOptions(what: string, props: ArgoCdOptions): void {
  const d = props.destination;
  if (!d || (!d.name === !d.server)) {
    throw new Error(`${what} 'destination' (${JSON.stringify(d)}) needs exactly one of 'name' (the cluster name in Argo CD) or 'server' (the Karmada API server URL)`);
  }
  if (!props.repoURL) throw new Error(`${what} 'repoURL' must be the Git repository that holds dist/`);
  if (!props.path || props.path.startsWith('/')) throw new Error(`${what} 'path' (${JSON.stringify(props.path)}) must be a path inside the repository, like dist/member1`);
}
