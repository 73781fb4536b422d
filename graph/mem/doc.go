// Package mem is an in-memory graph.Store: maps guarded by one RWMutex.
//
// It implements every documented behaviour of graph.Reader and graph.Writer
// (and graph.Checker) and passes graph/graphtest, so packages above the
// storage layer can use it in unit tests without touching disk. Writes take
// the exclusive lock, which makes WriteArticle trivially atomic and gives
// every read a consistent snapshot. Nothing is persisted.
package mem
