// How Go's YAML readers (sigs.k8s.io/yaml over go-yaml v2, used by kubectl and Argo CD; kyaml in
// Flux's kustomize-controller) read a file differently from a YAML 1.2 reader: YAML 1.1 booleans
// (y, yes, on, off...) and numbers (0755 octal, 1_000, 1:30 sexagesimal), and merge keys (<<).
import { isScalar, parseAllDocuments, visit } from 'yaml';

// the cheap test first: most files have nothing a YAML 1.1 reader could take otherwise.
const HAZARD_HINT = /<<|[&*][^\s'"]|:\s+[-+]?(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|0[0-7]+|[0-9][0-9_]*_[0-9_]*|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9]*)?)\s*(?:#.*)?$|-\s+[-+]?(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|0[0-7]+)\s*$/m;
// plain scalars YAML 1.1 (Go's sigs.k8s.io/yaml, kyaml) reads as booleans or numbers, YAML 1.2 as strings or other numbers.
const YAML11_PLAIN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-7]+|[-+]?[0-9][0-9_]*_[0-9_]*|[-+]?[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9]*)?)$/;

/**
 * What in a file Argo CD, Flux and kubectl (YAML 1.1, with merge keys) read differently from
 * the gate (YAML 1.2 core), or undefined: anchors and aliases, merge keys, and plain scalars such
 * as `yes`, `on`, `0755`, `1_000` or `1:30`.
 */
export function goYamlHazard(text: string): string | undefined {
  if (!HAZARD_HINT.test(text)) return undefined;
  let found: string | undefined;
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Alias(_, node) {
        found ??= `an alias (*${node.source})`;
        return visit.BREAK;
      },
      Node(_, node) {
        if ((node as { anchor?: string }).anchor) {
          found ??= `an anchor (&${(node as { anchor?: string }).anchor})`;
          return visit.BREAK;
        }
        return undefined;
      },
      Pair(_, pair) {
        if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
          found ??= 'a merge key (<<)';
          return visit.BREAK;
        }
        return undefined;
      },
      Scalar(_, node) {
        if (node.anchor) {
          found ??= `an anchor (&${node.anchor})`;
          return visit.BREAK;
        }
        if (node.type === 'PLAIN' && typeof node.source === 'string' && YAML11_PLAIN.test(node.source)) {
          found ??= `the plain scalar ${node.source}, which YAML 1.1 reads as ${/^[yYnNoO]/.test(node.source) ? 'a boolean' : 'another number'}`;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) break;
  }
  return found;
}
