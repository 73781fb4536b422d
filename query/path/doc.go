// Package path is a small path language for walking the provenance graph,
// in the spirit of Cayley's path API and Gremlin, and a k-shortest-paths
// search between two nodes.
//
// # Language
//
// An expression is a starting point followed by steps joined by dots:
//
//	speaker("Ramzan Kadyrov").said().via*().airedOn()
//	speaker("Kadyrov").said().in("contains").out("published_by")
//	claim("674fb906b7e4a083").in("said")
//	node("Interfax").in("via").has(kind: "claim").limit(5)
//	outlet("Agence France-Presse").in("reported_by").out("contains")
//
// Starting points: node(NAME|ID), speaker(...), outlet(...), claim(...),
// article(...). A 16-hex-digit ID names that node; anything else is looked
// up by name (graph.Reader.FindName), exactly first and then as a prefix;
// speaker, outlet, claim and article keep only nodes of their kind.
//
// Steps:
//
//	out(PRED...)   follow outgoing edges (of the given predicates; none: all)
//	in(PRED...)    follow incoming edges
//	said(), via(), partOf(), airedOn(), contains(), reportedBy(),
//	publishedBy(), mentions(), aliasOf(), republishedFrom(), ...
//	               out() of that predicate; snake_case names work too
//	STEP*()        follow the step repeatedly, emitting every node reached
//	               at depth 1..N; N is STEP*(N) or STEP*(..., depth: N),
//	               else the configured limit
//	has(kind: K, subkind: S, name: N)  keep nodes matching all given keys
//	limit(N)       keep the first N results
//	unique()       keep the first result per node
//
// Strings are Go-style double-quoted literals. Parse returns a *SyntaxError
// naming the column (in characters, from 1) of the first problem; it wraps
// graph.ErrInvalid.
//
// # Evaluation
//
// Evaluate walks a graph.Reader. Each result carries the path that reached
// it, and each walk remembers the nodes on its own path only: a recursive
// step never revisits a node of its own path (so circular reporting cannot
// loop), but a node reached along two branches is reached twice (so no
// branch is hidden). Order is deterministic: results follow the order of
// their inputs, and edges come in the Reader's stable order. A recursive
// depth or a number of steps over Options.MaxDepth is an error wrapping
// graph.ErrLimit; more than Options.MaxResults results at any step are cut
// and Result.Truncated set.
//
// # K shortest paths
//
// KShortest lists up to k simple paths between two nodes, shortest first,
// ties broken by comparing the node ID sequences. For each length in turn
// it enumerates paths in lexicographic order with a depth-first search
// whose second half is pruned by breadth-first distances back from the
// target, grown to half the length; so it finds the k answers without
// listing every path or exploring the whole graph around a hub. A budget
// of examined edges bounds the work (Paths.Truncated).
package path
