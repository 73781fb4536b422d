// Package dgraphtest runs a throwaway Dgraph cluster (one zero, one alpha)
// on free loopback ports with temporary directories, from the binary
// scripts/build-dgraph.sh builds. Tests skip with a clear message when the
// binary is absent ($SOURCETRACE_DGRAPH_BIN, else the build script's cache
// path).
package dgraphtest
