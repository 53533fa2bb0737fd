#!/usr/bin/env bash
# `npm run build:prebuilds`: the Node-API binaries that ship, one per platform,
# stripped. prebuilds/linux-x64 natively and prebuilds/linux-arm64 with
# Debian's cross compiler (g++-aarch64-linux-gnu), by prebuildify through
# node-gyp (binding.gyp) in its portable form: glibc 2.28 or newer, no C++
# runtime needed (scripts/check-glibc-policy.js checks). prebuilds/win32-x64
# with MinGW-w64 (g++-mingw-w64-x86-64-posix) through CMakeLists.txt, as
# node-gyp cannot cross-build for Windows. Installs nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."

cross=aarch64-linux-gnu
mingw=x86_64-w64-mingw32
declare -A debian=([$cross-g++]=g++-aarch64-linux-gnu [$mingw-g++-posix]=g++-mingw-w64-x86-64-posix)
for tool in "${!debian[@]}"; do
  if ! command -v "$tool" >/dev/null; then
    echo "build:prebuilds needs $tool: apt-get install ${debian[$tool]}" >&2
    exit 1
  fi
done

rm -rf prebuilds
export npm_config_numpool_portable=true
prebuildify --napi --strip --quiet
# node-gyp takes the cross tools from CC/CXX/LINK and the target from --arch.
CC=$cross-gcc CXX=$cross-g++ LINK=$cross-g++ AR=$cross-ar \
  prebuildify --napi --strip --quiet --arch arm64 --strip-bin "$cross-strip"
# The cross build replaced build/ with arm64 objects: the local build is x64.
rm -rf build

cmake -S . -B build-win32 -DCMAKE_TOOLCHAIN_FILE=scripts/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-win32 -j "$(nproc)" >/dev/null
mkdir -p prebuilds/win32-x64
"$mingw-strip" -o prebuilds/win32-x64/numpool.node build-win32/numpool.node
