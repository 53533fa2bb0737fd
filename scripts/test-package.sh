#!/usr/bin/env bash
# `npm run test:package`: the package as a user gets it. Packs it, checks the
# tarball's file list, installs it offline into a fresh project on a PATH with
# only node, npm and sh (no compiler, make or python3, so a source build would
# fail), then runs a CommonJS, an ES module and a TypeScript consumer.
# Needs this platform's prebuild (`npm run build:prebuilds`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prebuild="prebuilds/$(node -p 'process.platform + "-" + process.arch')/numpool.node"
if [[ ! -f $prebuild ]]; then
  echo "test:package: $prebuild is missing; run npm run build:prebuilds" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/numpool-package-XXXXXX")
trap 'rm -rf "$work"' EXIT

tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
node scripts/check-tarball.js "$tarball"

mkdir "$work/bin" "$work/app"
ln -s "$(command -v node)" "$work/bin/node"
ln -s "$(command -v npm)" "$work/bin/npm"
ln -s "$(command -v sh)" "$work/bin/sh"
bare="$work/bin"
for tool in cc gcc g++ c++ clang make python3; do
  if PATH=$bare command -v "$tool" >/dev/null; then
    echo "test:package: $tool is on the bare PATH" >&2
    exit 1
  fi
done

cd "$work/app"
echo '{ "name": "consumer", "private": true }' >package.json
PATH=$bare npm install --offline --no-audit --no-fund --loglevel=error "$tarball"
cp "$root"/scripts/consumer/* .
cp consumer.mts consumer.cts
export NUMPOOL_REFERENCE="$root/test/reference.js"
PATH=$bare node consumer.cjs
PATH=$bare node consumer.mjs
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
