#!/usr/bin/env bash
# `npm run build:prebuilds`: the Node-API binaries that ship, one per platform,
# built by prebuildify through node-gyp (binding.gyp) and stripped:
# prebuilds/linux-x64 natively, prebuilds/linux-arm64 with Debian's cross
# compiler (apt-get install g++-aarch64-linux-gnu). Installs nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."

cross=aarch64-linux-gnu
if ! command -v "$cross-g++" >/dev/null; then
  echo "build:prebuilds needs $cross-g++: apt-get install g++-aarch64-linux-gnu" >&2
  exit 1
fi

rm -rf prebuilds
prebuildify --napi --strip --quiet
# node-gyp takes the cross tools from CC/CXX/LINK and the target from --arch.
CC=$cross-gcc CXX=$cross-g++ LINK=$cross-g++ AR=$cross-ar \
  prebuildify --napi --strip --quiet --arch arm64 --strip-bin "$cross-strip"
# The cross build replaced build/ with arm64 objects: the local build is x64.
rm -rf build
