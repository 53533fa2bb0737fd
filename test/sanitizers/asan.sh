#!/usr/bin/env bash
# `npm run test:asan`: builds the addon with AddressSanitizer and
# UndefinedBehaviorSanitizer (cmake-js, build-asan/) and runs the whole test
# suite against it. Node itself is not instrumented, so the ASan runtime is
# preloaded; leak detection stays off because Node's own exit-time
# allocations would drown the report. Any ASan or UBSan report halts the
# process with a non-zero code, failing the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx cmake-js rebuild --parallel "$(nproc)" --out build-asan \
  --CDNUMPOOL_SANITIZE=address,undefined,float-cast-overflow >/dev/null
npm run build:ts --silent
export NUMPOOL_ADDON="$PWD/build-asan/Release/numpool.node"
# A build without the sanitizers linked in would pass silently. ldd's output
# is read whole first: `ldd | grep -q` under pipefail fails at random when grep
# exits before ldd has written its last line (SIGPIPE).
libraries="$(ldd "$NUMPOOL_ADDON")"
for runtime in libasan libubsan; do
  if [[ $libraries != *"$runtime"* ]]; then
    echo "test:asan: $NUMPOOL_ADDON does not link $runtime" >&2
    exit 1
  fi
done
LD_PRELOAD="$(g++ -print-file-name=libasan.so)"
export LD_PRELOAD
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Kernels and allocations run 3-5x slower here: latency bounds scale by 4
# (measured under load: cancellation up to 86 ms against 16 ms unsanitized).
export NUMPOOL_TEST_TIME_SCALE=4
npm run --silent test:suite
