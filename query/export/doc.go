// Package export writes a graph or a computed subgraph in the formats other
// tools read, and imports the N-Quads form back.
//
// Every encoder streams from a Source (nodes, then edges), so exporting the
// whole graph holds one node or edge at a time; GraphML and GEXF read the
// nodes twice to declare their attribute columns first, and JSON-LD keeps
// the IDs of direct-quote claims (a few bytes each) to emit prov:wasQuotedFrom.
//
// Formats: GraphML (Gephi, yEd, NetworkX), GEXF 1.2 (Gephi), JSON-LD with
// W3C PROV-O (inline context), N-Quads (RDF 1.1), the Dgraph dialect of
// N-Quads with its DQL schema, CSV for neo4j-admin import, DOT (Graphviz)
// and Cytoscape.js JSON. Edges get the same unique ID everywhere (EdgeID):
// parallel edges between two nodes, one per reporting article, are common
// here, and several tools silently drop edges whose IDs repeat.
//
// # N-Quads and edge provenance
//
// Nodes are IRIs under IDBase (never blank nodes, so loads split over
// several runs join up). Each edge is written twice: as a direct triple
// (from, predicate, to) for querying, and reified as a resource under
// EdgeBase carrying from, to, predicate, seq, article, spans, text,
// extractor, version, confidence and ingested as typed literals. The
// reification, not Dgraph facets, carries provenance because it is plain
// RDF that any parser and both Dgraph loaders read, and ReadNQuads restores
// the exact edges from it; exporting what ReadNQuads imported gives the same
// bytes.
//
// Format nquads labels every quad of an edge with its article's IRI, as RDF
// datasets do. Dgraph cannot load that: its loaders read the fourth term as
// a namespace number. Format dgraph therefore drops the label (the reified
// edge still names its article) and states classes with dgraph.type instead
// of rdf:type, matching the types of WriteDQLSchema. Load it with
//
//	dgraph live --files graph.nq --format rdf --schema schema.dql --upsertPredicate xid
//
// (DgraphLiveCommand; or dgraph bulk --store_xids) so that node IRIs are
// kept as xids and later loads join the nodes already stored. ReadNQuads
// reads both forms.
package export
