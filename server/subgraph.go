package server

import (
	"context"
	"fmt"

	"github.com/sourcetrace/sourcetrace/graph"
)

// walkLimits bound a neighbourhood walk.
type walkLimits struct {
	depth  int // hops from the start node
	fanout int // edges followed per node and direction
	nodes  int // nodes in the result
}

// neighbourhood returns the nodes within limits.depth hops of around,
// following edges both ways, and every edge among them that the walk saw.
// It breadth-first walks so the nearest nodes are kept when a cap bites,
// and reports whether one did.
func neighbourhood(ctx context.Context, r graph.Reader, around graph.ID, lim walkLimits) ([]graph.Node, []graph.Edge, bool, error) {
	start, err := r.Node(ctx, around)
	if err != nil {
		return nil, nil, false, fmt.Errorf("subgraph around %s: %w", around, err)
	}
	ns := []graph.Node{start}
	in := map[graph.ID]bool{around: true}
	var seen []graph.Edge
	truncated := false
	frontier := []graph.ID{around}
	for d := 0; d < lim.depth && len(frontier) > 0; d++ {
		var next []graph.ID
		for _, id := range frontier {
			for _, dir := range []graph.Direction{graph.Out, graph.In} {
				es, err := r.Edges(ctx, id, dir)
				if err != nil {
					return nil, nil, false, fmt.Errorf("subgraph around %s: edges of %s: %w", around, id, err)
				}
				if len(es) > lim.fanout {
					es, truncated = es[:lim.fanout], true
				}
				for _, e := range es {
					other := e.To
					if dir == graph.In {
						other = e.From
					}
					seen = append(seen, e)
					if in[other] {
						continue
					}
					if len(ns) >= lim.nodes {
						truncated = true
						continue
					}
					n, err := r.Node(ctx, other)
					if err != nil {
						return nil, nil, false, fmt.Errorf("subgraph around %s: %w", around, err)
					}
					in[other] = true
					ns = append(ns, n)
					next = append(next, other)
				}
			}
		}
		frontier = next
	}
	return ns, induced(in, seen), truncated, nil
}

// induced keeps the edges whose both ends are in the set, once each (an
// edge is seen from both of its ends).
func induced(in map[graph.ID]bool, edges []graph.Edge) []graph.Edge {
	type key struct {
		from, to, art graph.ID
		pred          graph.Predicate
		seq           int
	}
	dup := map[key]bool{}
	out := []graph.Edge{}
	for _, e := range edges {
		k := key{e.From, e.To, e.Prov.Article, e.Predicate, e.Seq}
		if !in[e.From] || !in[e.To] || dup[k] {
			continue
		}
		dup[k] = true
		out = append(out, e)
	}
	return out
}

// among returns the nodes with the given IDs and every edge between them.
func among(ctx context.Context, r graph.Reader, ids []graph.ID) ([]graph.Node, []graph.Edge, error) {
	in := make(map[graph.ID]bool, len(ids))
	var ns []graph.Node
	var es []graph.Edge
	for _, id := range ids {
		if in[id] {
			continue
		}
		n, err := r.Node(ctx, id)
		if err != nil {
			return nil, nil, fmt.Errorf("subgraph of %d nodes: %w", len(ids), err)
		}
		in[id] = true
		ns = append(ns, n)
	}
	for _, n := range ns {
		out, err := r.Edges(ctx, n.ID, graph.Out)
		if err != nil {
			return nil, nil, fmt.Errorf("subgraph of %d nodes: edges of %s: %w", len(ids), n.ID, err)
		}
		es = append(es, out...)
	}
	return ns, induced(in, es), nil
}
