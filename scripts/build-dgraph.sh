#!/usr/bin/env bash
# Builds the Dgraph server binary used by graph/dgraph's tests and the
# "Scaling out" docs. The server comes from tools/dgraph, a separate Go module,
# so Dgraph's dependency tree never enters the main sourcetrace module.
#
# Output: ${SOURCETRACE_DGRAPH_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/sourcetrace/dgraph/dgraph}
# An existing binary is reused; pass -f to rebuild.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SOURCETRACE_DGRAPH_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/sourcetrace/dgraph/dgraph}
force=0
if [[ ${1:-} == -f ]]; then force=1; fi

if [[ $force == 0 && -x $out ]] && "$out" version >/dev/null 2>&1; then
	echo "build-dgraph: reusing $out"
	exit 0
fi

mkdir -p "$(dirname "$out")"
cd "$root/tools/dgraph"
# go.sum is committed; "mod download" only fetches exact versions, which the
# proxy serves (it refuses version lists for this module, so never use @latest).
go mod download
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -o "$tmp" github.com/hypermodeinc/dgraph/v25/dgraph
mv "$tmp" "$out"
trap - EXIT
echo "build-dgraph: built $out"
