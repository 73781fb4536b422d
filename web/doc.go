// Package web holds the analyst page that `sourcetrace serve` serves: plain
// HTML, CSS and JavaScript under dist/, embedded into the binary with
// go:embed, so the server needs no files on disk and no build step.
//
// The graph drawing uses Cytoscape.js with the cytoscape-dagre layout,
// vendored at pinned versions into dist/vendor by scripts/vendor-web.sh
// (see dist/vendor/VERSIONS). The page never loads anything from another
// origin.
package web
