#!/usr/bin/env bash
# Regenerates imports/ from the pinned CRDs with the real `cdk8s import`: Karmada
# v1.18.2 (policy.karmada.io, work.karmada.io), Argo CD v3.5.1 (argoproj.io) and Flux
# kustomize-controller v1.9.4 (kustomize.toolkit.fluxcd.io), kept in crds/ (see
# crds/SOURCES.md).
#
# cdk8s-cli writes one module per API group and overwrites earlier files of the same
# group (cdk8s-cli #3797), so the CRDs of each group are concatenated into one
# multi-document file first.
#
# usage: scripts/import-crds.sh [CRDS_DIR (default crds/)] [OUT_DIR (default imports/)]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
crds=${1:-$here/crds}
out=${2:-$here/imports}
sets="karmada-v1.18.2 argo-cd-v3.5.1 flux-kustomize-controller-v1.9.4"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for set in $sets; do
  for f in $(ls "$crds/$set"/*.yaml | LC_ALL=C sort); do
    group=$(sed -n 's/^  group: *//p' "$f" | head -n 1)
    { cat "$f"; printf '\n---\n'; } >> "$work/$group.yaml"
  done
done
cd "$work"
for spec in $(ls "$work"/*.yaml | LC_ALL=C sort); do
  "$here/node_modules/.bin/cdk8s" import --no-check-upgrade --language typescript --no-save --output "$work/out" "$spec" >/dev/null
done
mkdir -p "$out"
cp "$work"/out/*.ts "$out"/
# the schemas the validation checks dist/ against at synth time (descriptions dropped:
# they are half the size and never read).
node -e '
const fs = require("fs"), yaml = require(process.argv[1] + "/node_modules/js-yaml");
const strip = v => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
  ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)])) : v;
const crds = process.argv.slice(3).map(f => yaml.load(fs.readFileSync(f, "utf8"))).map(c => ({
  apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.metadata.name }, spec: strip(c.spec) }));
fs.writeFileSync(process.argv[2], JSON.stringify(crds) + "\n");
' "$here" "$out/crd-schemas.json" \
  "$crds"/karmada-v1.18.2/policy.karmada.io_*.yaml \
  "$crds"/argo-cd-v3.5.1/application-crd.yaml \
  "$crds"/flux-kustomize-controller-v1.9.4/kustomize.toolkit.fluxcd.io_kustomizations.yaml
ls "$out"
