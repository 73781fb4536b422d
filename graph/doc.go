// Package graph is sourcetrace's shared vocabulary: the nodes, edges and
// provenance of a source-reliability knowledge graph, and the Reader, Writer
// and Store interfaces that every storage backend implements.
//
// It imports only the standard library. Backends live underneath it
// (graph/badger, graph/mem) and the conformance suite every backend must pass
// lives in graph/graphtest.
//
// # Model
//
// An attribution in an article becomes a small subgraph:
//
//	speaker --said--> claim --via(seq 0)--> channel --via(seq 1)--> channel ...
//	article --contains--> claim
//	article --reported_by--> agency      article --published_by--> publisher
//
// A claim node is identified by its speaker and normalised content, so the
// same claim reported by several articles is one node with several reports;
// each edge carries the Provenance of the article that asserted it (article
// ID, character spans, extractor, confidence, ingest time). A provenance chain
// is read back as: speaker, the claim's via channels of one article in Seq
// order, then that article's reporting agency and publisher.
//
// # Writing
//
// Everything one article asserts is written as one Batch through
// Writer.WriteArticle, atomically: it all lands or none of it does, and it
// replaces whatever an earlier version of the same article wrote. That makes
// re-ingestion idempotent and a crash harmless.
package graph
