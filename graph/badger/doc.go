// Package badger is the persistent graph.Store, on a Badger key-value
// database. It is the only package that imports badger; no badger type
// appears in its API.
//
// Layout: keys.go documents the key space (nodes by ID, forward and
// reverse adjacency, kind, name and per-article indexes, schema version)
// and codec.go the compact, versioned value encoding. WriteArticle is one
// badger transaction, so an article lands whole or not at all, and a new
// version removes exactly the edges the old one wrote.
//
// Operations: Open takes badger's directory lock, so a second process (or
// a second Open) on the same directory fails with graph.ErrInUse; a store
// written by an incompatible layout fails with graph.ErrSchemaVersion. The
// value log is garbage-collected in the background. Backup and Restore
// (graph.Backuper) use badger's stream backup behind a small header, and
// Check (graph.Checker) verifies that indexes and adjacency agree.
package badger
