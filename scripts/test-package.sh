#!/usr/bin/env bash
# `npm run test:package`: the package as a user gets it. Packs it, checks the
# tarball's file list, and under each Node of the matrix (node-matrix.sh)
# installs it (from the npm cache, the registry only for what the cache
# lacks) into a fresh project on a PATH with only node, npm and
# sh (no compiler, make or python3, so a source build would fail) and runs a
# CommonJS and an ES module consumer; then type-checks a TypeScript consumer,
# and runs the CommonJS one on Windows under wine (wine-node.sh).
# Needs the prebuilds (`npm run build:prebuilds`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/node-matrix.sh
platform="linux-$(node -p process.arch)"
for prebuild in "prebuilds/$platform/numpool.node" prebuilds/win32-x64/numpool.node; do
  if [[ ! -f $prebuild ]]; then
    echo "test:package: $prebuild is missing; run npm run build:prebuilds" >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/numpool-package-XXXXXX")
trap 'rm -rf "$work"' EXIT

tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
node scripts/check-tarball.js "$tarball"
export NUMPOOL_REFERENCE="$root/test/reference.js"

for version in "${node_matrix[@]}"; do
  bare="$work/bin-$version"
  mkdir "$bare"
  ln -s "$(bash scripts/fetch-node.sh "$platform" "$version")" "$bare/node"
  ln -s "$(command -v npm)" "$bare/npm"
  ln -s "$(command -v sh)" "$bare/sh"
  for tool in cc gcc g++ c++ clang make python3; do
    if PATH=$bare command -v "$tool" >/dev/null; then
      echo "test:package: $tool is on the bare PATH" >&2
      exit 1
    fi
  done
  app="$work/app-$version"
  mkdir "$app"
  cp scripts/consumer/* "$app"
  (
    cd "$app"
    echo '{ "name": "consumer", "private": true }' >package.json
    PATH=$bare npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball"
    echo "Node $(PATH=$bare node -p process.version):"
    PATH=$bare node consumer.cjs
    PATH=$bare node consumer.mjs
  )
done

cd "$app"
cp consumer.mts consumer.cts
cat >tsconfig.json <<JSON
{
  "compilerOptions": {
    "module": "node16",
    "strict": true,
    "noEmit": true,
    "types": ["node"],
    "typeRoots": ["$root/node_modules/@types"]
  },
  "files": ["consumer.mts", "consumer.cts"]
}
JSON
PATH=$bare node "$root/node_modules/typescript/bin/tsc" -p .
echo "TypeScript: consumer.mts and consumer.cts type-check against the shipped types"
echo "Windows (wine), $(bash "$root/scripts/wine-node.sh" -p 'process.version + " " + process.platform'):"
bash "$root/scripts/wine-node.sh" consumer.cjs
