// Package server is sourcetrace's HTTP interface: a JSON API over a
// graph.Store and the embedded analyst page (package web) that draws
// provenance chains with Cytoscape.js.
//
// Routes (all GET unless noted; every error is JSON {"error", "status"}):
//
//	/                              the analyst page
//	/healthz                       liveness: {"status":"ok"}
//	/api/search?q=WORDS[&speaker=&outlet=&kind=&from=&to=&limit=]
//	/api/claims/{id}               one claim with its node, reports and grade
//	/api/claims/{id}/chains        its provenance chains, plus a drawable graph
//	/api/origins/{id}              its reports grouped by independent origin
//	/api/timeline/{id}             its reports in time, with impossible orderings
//	/api/entities/{name}           what is known about an entity (name or ID)
//	/api/subgraph?around=ID&depth=N[&limit=&pred=&kind=&direction=&from=&to=&min_confidence=]
//	/api/explain/{id}              why a claim or entity has its grade
//	/api/export?format=F&around=ID&depth=N   (or &ids=ID,ID,...)
//	/api/stats                     counts and rankings
//	/api/formats                   the export formats
//	POST /api/ingest               upload an article (bearer token)
//
// The handlers stay thin: each parses its parameters, calls one function of
// package query, assess or export, and writes the result; the one function
// fail maps every error to a status. Limits (body size, walk depth, node
// and result counts) and a per-request timeout bound what a request can cost.
//
// No lock serialises requests: the store answers readers while an upload is
// being ingested, each call on its own consistent snapshot.
package server
