//go:build tools

// Package tools pins the Dgraph server so scripts/build-dgraph.sh can build
// it from this separate module, keeping Dgraph's large dependency tree out of
// the main sourcetrace module.
package tools

import _ "github.com/hypermodeinc/dgraph/v25/dgraph"
