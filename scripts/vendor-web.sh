#!/usr/bin/env bash
# vendor-web.sh copies the pinned browser libraries the analyst page uses
# into web/dist/vendor, so that `go build` embeds them and the page never
# loads anything from a CDN. The copied files are committed; run this only
# to change a version (edit the pins below), then commit the result.
#
# Needs npm and network access to the npm registry. Usage:
#   scripts/vendor-web.sh            # fetch and copy
#   scripts/vendor-web.sh --check    # fetch and verify the committed copies match
set -euo pipefail

# Pinned versions. cytoscape-dagre 4.x bundles dagre (v3, @dagrejs/dagre)
# into its dist files, so dagre needs no separate script.
CYTOSCAPE_VERSION=3.34.4
CYTOSCAPE_DAGRE_VERSION=4.0.1

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/web/dist/vendor"
check=false
if [[ "${1:-}" == "--check" ]]; then
	check=true
elif [[ $# -gt 0 ]]; then
	echo "usage: $0 [--check]" >&2
	exit 2
fi

command -v npm >/dev/null || { echo "vendor-web: npm not found in PATH" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# npm pack downloads the exact published tarball (no install scripts run).
fetch() { # name version
	local name=$1 version=$2 tgz
	tgz=$(cd "$tmp" && npm pack --silent "$name@$version" | tail -n 1)
	mkdir -p "$tmp/$name"
	tar -xzf "$tmp/$tgz" -C "$tmp/$name"
	echo "vendor-web: fetched $name@$version ($tgz)" >&2
}

fetch cytoscape "$CYTOSCAPE_VERSION"
fetch cytoscape-dagre "$CYTOSCAPE_DAGRE_VERSION"

# source-in-package:destination-name
files=(
	"cytoscape/package/dist/cytoscape.min.js:cytoscape.min.js"
	"cytoscape/package/LICENSE:LICENSE.cytoscape"
	"cytoscape-dagre/package/dist/cytoscape-dagre.min.js:cytoscape-dagre.min.js"
	"cytoscape-dagre/package/LICENSE:LICENSE.cytoscape-dagre"
)

status=0
mkdir -p "$dest"
for f in "${files[@]}"; do
	src="$tmp/${f%%:*}"
	dst="$dest/${f##*:}"
	[[ -f "$src" ]] || { echo "vendor-web: $src missing from the package" >&2; exit 1; }
	if $check; then
		if ! cmp -s "$src" "$dst"; then
			echo "vendor-web: $dst differs from the pinned package" >&2
			status=1
		fi
	else
		cp "$src" "$dst"
	fi
done

if ! $check; then
	cat >"$dest/VERSIONS" <<VERSIONS
# Written by scripts/vendor-web.sh; do not edit by hand.
cytoscape $CYTOSCAPE_VERSION
cytoscape-dagre $CYTOSCAPE_DAGRE_VERSION (bundles dagre)
VERSIONS
	echo "vendor-web: copied into $dest" >&2
fi
exit $status
