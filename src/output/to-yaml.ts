import * as yaml from 'js-yaml';
import { goYamlHazard } from '../kube/go-yaml';

/**
 * one manifest as YAML: no anchors, no folding, keys in the order given (cdk8s sorts them); every
 * string quoted when one would read otherwise in YAML 1.1, as Argo CD, Flux and kubectl read it.
 */
export function toYaml(manifest: unknown): string {
  const text = yaml.dump(manifest, { noRefs: true, lineWidth: -1, sortKeys: false });
  return goYamlHazard(text) ? yaml.dump(manifest, { noRefs: true, lineWidth: -1, sortKeys: false, forceQuotes: true }) : text;
}
