import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as l1 from '../../../imports/kustomize.toolkit.fluxcd.io';

/** The Flux source that holds `dist/`. */
export interface FluxSourceRef {
  /** @default 'GitRepository' */
  readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket';
  readonly name: string;
  /** @default - the namespace of the Kustomizations */
  readonly namespace?: string;
}

/** Props of a {@link FluxDelivery}. */
export interface FluxDeliveryProps {
  /** the source that holds `dist/`. */
  readonly sourceRef: FluxSourceRef;
  /** the path of the migration's folder in the source (`./dist/member1`). */
  readonly path: string;
  /** the Secret holding the kubeconfig of the Karmada API server (`spec.kubeConfig.secretRef`). */
  readonly kubeConfigSecretRef: string;
  /** the prefix of the Kustomizations' names (`<prefix>-namespaces`, `-policies`, `-templates`). */
  readonly namePrefix: string;
  /** the namespace Flux runs in. @default 'flux-system' */
  readonly namespace?: string;
  /** @default '10m' */
  readonly interval?: string;
}

/**
 * Three Flux Kustomizations that apply a migration's folder of `dist/` to the Karmada API
 * server, in order through `dependsOn`: the Namespaces, then the policies, then the
 * templates (a policy must exist before the templates it claims, karmada pkg/detector/policy.go).
 *
 * `prune: true` (the release step removes templates through it); no `wait` and no health
 * checks, which Karmada's aggregated status cannot satisfy (it carries no conditions:
 * karmada pkg/resourceinterpreter/default/native/aggregatestatus.go; kustomize-controller
 * docs/spec/v1/kustomizations.md, health checks); the Namespaces are never pruned (they carry
 * `kustomize.toolkit.fluxcd.io/prune: disabled`), and deleting a Kustomization orphans
 * what it applied (`deletionPolicy: Orphan`).
 */
export class FluxDelivery extends Construct {
  /** the Kustomizations, in apply order. */
  public readonly kustomizations: ApiObject[] = [];

  public constructor(scope: Construct, id: string, props: FluxDeliveryProps) {
    super(scope, id);
    if (!props.sourceRef?.name) throw new Error("FluxDelivery 'sourceRef.name' must name the Flux source (a GitRepository) that holds dist/");
    if (!props.kubeConfigSecretRef) throw new Error("FluxDelivery 'kubeConfigSecretRef' must name the Secret with the kubeconfig of the Karmada API server");
    if (!props.path) throw new Error("FluxDelivery 'path' must be the path of the migration's folder in the source, like ./dist/member1");
    const namespace = props.namespace ?? 'flux-system';
    const base = props.path.replace(/\/+$/, '');
    let previous: string | undefined;
    for (const part of ['namespaces', 'policies', 'templates']) {
      const name = `${props.namePrefix}-${part}`;
      this.kustomizations.push(new l1.Kustomization(this, part, {
        metadata: { name, namespace },
        spec: {
          interval: props.interval ?? '10m',
          path: `${base}/${part}`,
          prune: true,
          deletionPolicy: l1.KustomizationSpecDeletionPolicy.ORPHAN,
          sourceRef: {
            kind: (props.sourceRef.kind ?? 'GitRepository') as l1.KustomizationSpecSourceRefKind,
            name: props.sourceRef.name,
            ...(props.sourceRef.namespace ? { namespace: props.sourceRef.namespace } : {}),
          },
          kubeConfig: { secretRef: { name: props.kubeConfigSecretRef } },
          ...(previous ? { dependsOn: [{ name: previous }] } : {}),
        },
      }));
      previous = name;
    }
  }
}
