// Package search is the full-text side index over claims: their content,
// their speakers' names and aliases, the outlets (publishers and agencies)
// of the articles reporting them, those articles' publication dates and the
// claim kind. It is a bleve index kept in its own directory (normally
// <data_dir>/search.bleve) beside the graph store, which stays the source of
// truth: the index holds nothing that cannot be rebuilt from the store.
//
// # Keeping it current
//
// Sync brings the index up to date with a store: it recomputes every
// claim's document from the graph, (re)indexes only the documents whose
// content hash changed and deletes those of claims no longer stored. The
// hashes (8 bytes a claim) and a stamp of the store's node and edge counts
// live in the index's internal storage, so Sync after an ingest costs a
// scan of the claims plus the indexing of what changed, and Stale can tell
// cheaply (one count of the store's keys) when the store has moved on
// since the last Sync. UpdateArticles is cheaper still after an ingest into
// a big store: it reindexes only the claims of the articles just written.
// Rebuild discards the index and indexes everything.
//
// The stamp compares counts by kind and predicate, so a change that keeps
// every count (an article re-ingested with one claim reworded and another
// dropped) is not seen by Stale; Sync still finds it.
//
// # One process at a time
//
// A bleve index is locked by the process that opens it; Open waits briefly
// and then fails with an error wrapping graph.ErrInUse. Close releases it.
package search
