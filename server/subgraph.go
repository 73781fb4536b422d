package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

// subgraphParams reads a neighbourhood request: around (one or more node
// IDs, comma-separated), depth, limit (most nodes), and the filters pred,
// kind, min_confidence, from, to and direction. Depth and limit over the
// server's caps are refused with 400 rather than silently cut, so a client
// knows what it got.
func (s *Server) subgraphParams(r *http.Request) ([]graph.ID, query.SubgraphOptions, error) {
	q := r.URL.Query()
	var opts query.SubgraphOptions
	if q.Get("around") == "" {
		return nil, opts, badRequest("parameter around (a node ID, or several comma-separated) is required")
	}
	seeds, err := idList("around", q.Get("around"), s.opts.MaxResults)
	if err != nil {
		return nil, opts, err
	}
	if opts.Depth, err = s.intParam(r, "depth", 1, s.opts.MaxDepth); err != nil {
		return nil, opts, err
	}
	if opts.Depth == 0 {
		return nil, opts, badRequest("parameter depth: must be at least 1")
	}
	if opts.MaxResults, err = s.intParam(r, "limit", s.opts.MaxResults, s.opts.MaxResults); err != nil {
		return nil, opts, err
	}
	if opts.MaxResults == 0 {
		return nil, opts, badRequest("parameter limit: must be at least 1")
	}
	opts.MaxDepth = s.opts.MaxDepth
	for _, p := range splitList(q.Get("pred")) {
		opts.Predicates = append(opts.Predicates, graph.Predicate(p))
	}
	for _, k := range splitList(q.Get("kind")) {
		opts.Kinds = append(opts.Kinds, graph.Kind(k))
	}
	if v := q.Get("min_confidence"); v != "" {
		if opts.MinConfidence, err = strconv.ParseFloat(v, 64); err != nil {
			return nil, opts, badRequest("parameter min_confidence: %q is not a number", v)
		}
	}
	if opts.From, err = dateParam(r, "from", false); err != nil {
		return nil, opts, err
	}
	if opts.To, err = dateParam(r, "to", true); err != nil {
		return nil, opts, err
	}
	switch q.Get("direction") {
	case "", "both":
	case "out":
		opts.Direction = query.OutOnly
	case "in":
		opts.Direction = query.InOnly
	default:
		return nil, opts, badRequest("parameter direction: %q (want out, in or both)", q.Get("direction"))
	}
	return seeds, opts, nil
}

// idList parses comma-separated node IDs, at most limit of them.
func idList(param, v string, limit int) ([]graph.ID, error) {
	parts := splitList(v)
	if len(parts) > limit {
		return nil, fmt.Errorf("parameter %s: %d nodes is over the server's limit of %d: %w", param, len(parts), limit, graph.ErrLimit)
	}
	ids := make([]graph.ID, 0, len(parts))
	for _, p := range parts {
		id, err := graph.ParseID(p)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", param, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dateParam reads a YYYY-MM-DD or RFC 3339 date; zero when absent. A bare
// date as the end of a range (end) means the end of that day.
func dateParam(r *http.Request, name string, end bool) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := query.ParseDate(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("parameter %s: %w", name, err)
	}
	if end && len(v) == len(time.DateOnly) {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
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
		for _, e := range out {
			if in[e.To] {
				es = append(es, e)
			}
		}
	}
	return ns, es, nil
}
