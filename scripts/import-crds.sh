#!/usr/bin/env bash
# Regenerates imports/ from the pinned Karmada CRDs with the real `cdk8s import`.
#
# cdk8s-cli writes one module per API group and overwrites earlier files of the same
# group (cdk8s-cli #3797), so the CRDs of each group are concatenated into one
# multi-document file first.
#
# usage: scripts/import-crds.sh [CRD_DIR] [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
crds=${1:-$here/../shared/crds/karmada-v1.18.2}
out=${2:-$here/imports}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for group in policy.karmada.io work.karmada.io; do
  for f in $(ls "$crds"/"$group"_*.yaml | LC_ALL=C sort); do
    cat "$f"
    printf '\n---\n'
  done > "$work/$group.yaml"
done
cd "$work"
for group in policy.karmada.io work.karmada.io; do
  "$here/node_modules/.bin/cdk8s" import --no-check-upgrade --language typescript --no-save --output "$work/out" "$work/$group.yaml" >/dev/null
done
mkdir -p "$out"
cp "$work"/out/*.ts "$out"/
ls "$out"
