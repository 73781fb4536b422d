// Package dgraph is a graph.Store kept in a Dgraph cluster, for graphs that
// outgrow one machine's Badger store. It is the only package that imports
// the Dgraph client (dgo).
//
// # Data model
//
// The store writes the shape of query/export's "dgraph" N-Quads format and
// uses its DQL schema (export.WriteDQLSchema), so a pushed graph and a
// loaded export look alike:
//
//   - a node is a Dgraph node with xid = export.NodeIRI(id), dgraph.type
//     from its kind, and the vocab kind, name, alias, role_title and attr/*
//     predicates; it also keeps its JSON (vocab record), which holds the
//     alias order and attributes of any key, and the NormalizeName forms of
//     its names (vocab norm_name) that FindName looks up;
//   - an edge is a reified Assertion node (from, to, predicate, seq,
//     article, spans, text, extractor, version, confidence, ingested) with
//     a stable xid, plus the direct triple from -predicate-> to, which
//     exists while at least one assertion does. Traversals (@recurse,
//     shortest, ~reverse) walk the direct triples and read provenance from
//     the assertions. Facets cannot carry it: a triple holds one set of
//     facets, but the same edge is asserted by many articles.
//
// Several stores can share a cluster: Options.Graph names one, and its
// nodes' xids are prefixed with that name (the default graph uses bare
// IRIs, as the export does).
//
// Writes are Dgraph transactions: WriteArticle is atomic, and a write that
// conflicts with a concurrent one is retried a few times before failing
// with graph.ErrConflict. Every Reader call runs in one read-only
// transaction and so sees one snapshot.
//
// Beyond graph.Store the store offers Push (copy another store in,
// idempotently, in batches), Check (graph.Checker: assertions and direct
// triples in step, name index right) and queries Dgraph answers in one or
// two requests instead of one per hop: Chains, Origins, ClaimsBy and
// Shortest (query.go).
package dgraph
