#!/usr/bin/env bash
# Regenerates imports/ from the pinned CRDs with the real `cdk8s import`: Karmada
# v1.18.2 (policy.karmada.io, config.karmada.io), Argo CD v3.5.1 (argoproj.io) and Flux kustomize-controller
# v1.9.4 (kustomize.toolkit.fluxcd.io), kept in crds/ (see crds/SOURCES.md).
#
# Only what the constructs write is generated: the PropagationPolicy,
# ClusterPropagationPolicy, OverridePolicy and ClusterOverridePolicy CRDs (not work.karmada.io,
# which the tests read as CRD files), the ResourceInterpreterCustomization CRD (for `retain`), the
# Application CRD, the ApplicationSet CRD with its `git`
# generator only (the other generators, matrix and merge nesting all of them again, make 93%
# of the generated module), and the Kustomization CRD.
#
# cdk8s-cli writes one module per API group and overwrites earlier files of the same
# group (cdk8s-cli #3797), so the CRDs of each group are concatenated into one
# multi-document file first.
#
# usage: scripts/import-crds.sh [CRDS_DIR (default crds/)] [OUT_DIR (default imports/)]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
crds=$(cd "${1:-$here/crds}" && pwd)
mkdir -p "${2:-$here/imports}"
out=$(cd "${2:-$here/imports}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
generated="karmada-v1.18.2/policy.karmada.io_clusterpropagationpolicies.yaml karmada-v1.18.2/policy.karmada.io_propagationpolicies.yaml
  karmada-v1.18.2/policy.karmada.io_clusteroverridepolicies.yaml karmada-v1.18.2/policy.karmada.io_overridepolicies.yaml
  karmada-v1.18.2/config.karmada.io_resourceinterpretercustomizations.yaml
  argo-cd-v3.5.1/application-crd.yaml argo-cd-v3.5.1/applicationset-crd.yaml
  flux-kustomize-controller-v1.9.4/kustomize.toolkit.fluxcd.io_kustomizations.yaml"
for f in $generated; do
  group=$(sed -n 's/^  group: *//p' "$crds/$f" | head -n 1)
  if [ "$(basename "$f")" = applicationset-crd.yaml ]; then
    # the ApplicationSet with its git generator only (the one ArgoCdApplicationSet writes).
    node -e '
const fs = require("fs"), yaml = require(process.argv[1] + "/node_modules/js-yaml");
const crd = yaml.load(fs.readFileSync(process.argv[2], "utf8"));
for (const v of crd.spec.versions) {
  const generators = v.schema.openAPIV3Schema.properties.spec.properties.generators.items.properties;
  for (const k of Object.keys(generators)) if (k !== "git") delete generators[k];
}
process.stdout.write(yaml.dump(crd, { noRefs: true, lineWidth: -1 }));
' "$here" "$crds/$f" > "$work/applicationset-git-only.crd"
    cat "$work/applicationset-git-only.crd" >> "$work/$group.yaml"
  else
    cat "$crds/$f" >> "$work/$group.yaml"
  fi
  printf '\n---\n' >> "$work/$group.yaml"
done
cd "$work"
for spec in $(ls "$work"/*.yaml | LC_ALL=C sort); do
  "$here/node_modules/.bin/cdk8s" import --no-check-upgrade --language typescript --no-save --output "$work/out" "$spec" >/dev/null
done
mkdir -p "$out"
cp "$work"/out/*.ts "$out"/
# the schemas the validation checks dist/ against at synth time (descriptions dropped:
# they are half the size and never read). The ApplicationSet's is the git-only one: it checks
# what ArgoCdApplicationSet writes, and refuses any other generator as a field the API server
# of this schema would drop.
node -e '
const fs = require("fs"), yaml = require(process.argv[1] + "/node_modules/js-yaml");
const strip = v => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
  ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)])) : v;
const crds = process.argv.slice(3).map(f => yaml.load(fs.readFileSync(f, "utf8"))).map(c => ({
  apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.metadata.name }, spec: strip(c.spec) }));
fs.writeFileSync(process.argv[2], JSON.stringify(crds) + "\n");
' "$here" "$out/crd-schemas.json" \
  "$crds"/karmada-v1.18.2/policy.karmada.io_*.yaml \
  "$crds"/karmada-v1.18.2/config.karmada.io_resourceinterpretercustomizations.yaml \
  "$crds"/argo-cd-v3.5.1/application-crd.yaml \
  "$work"/applicationset-git-only.crd \
  "$crds"/flux-kustomize-controller-v1.9.4/kustomize.toolkit.fluxcd.io_kustomizations.yaml
ls "$out"
