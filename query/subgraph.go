package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// SubgraphOptions select a neighbourhood. The zero value walks one hop in
// both directions along every predicate, with no caps.
type SubgraphOptions struct {
	// Depth is how many edges from a seed the walk goes; 0 means 1.
	Depth int
	// MaxDepth caps Depth (config query.max_depth); 0 means no cap. A
	// deeper request is walked to MaxDepth and marked Truncated when
	// there was more to see.
	MaxDepth int
	// MaxResults caps the number of nodes (config query.max_results); 0
	// means no cap. The walk stops when it is reached, marked Truncated.
	MaxResults int
	// Predicates, when any, are the only edges followed.
	Predicates []graph.Predicate
	// Kinds, when any, are the only kinds of node included besides the
	// seeds (which are always included).
	Kinds []graph.Kind
	// From and To, when set, leave out articles published (else
	// retrieved) outside [From, To]; an article with no date is kept.
	From, To time.Time
	// MinConfidence leaves out edges whose provenance confidence is lower.
	MinConfidence float64
	// Direction limits the walk to Out or In edges; Both (the default)
	// follows both.
	Direction SubgraphDirection
}

// SubgraphDirection says which edges a subgraph walk follows.
type SubgraphDirection int

// Walk directions.
const (
	Both SubgraphDirection = iota
	OutOnly
	InOnly
)

// Subgraph is a set of nodes and the edges between them.
type Subgraph struct {
	Seeds []graph.ID   `json:"seeds"`
	Nodes []graph.Node `json:"nodes"` // ascending ID
	Edges []graph.Edge `json:"edges"` // by From, predicate, To, article, Seq
	// Depth is the depth actually walked.
	Depth int `json:"depth"`
	// Truncated says the result was cut by MaxDepth or MaxResults: more
	// nodes matched than are listed.
	Truncated bool `json:"truncated"`
}

// Neighbourhood walks breadth-first from the seeds and returns every node
// within the depth that passes the filters, with the edges among them. The
// walk keeps a visited set, so cycles never loop; it visits each level in
// ascending ID order and each node's edges in the store's stable order, so
// the same graph and options always give the same (also truncated) result.
// An unknown seed gives an error wrapping graph.ErrNotFound.
func Neighbourhood(ctx context.Context, r graph.Reader, seeds []graph.ID, opts SubgraphOptions) (*Subgraph, error) {
	if len(seeds) == 0 {
		return nil, fmt.Errorf("subgraph: no seed nodes: %w", graph.ErrInvalid)
	}
	for _, p := range opts.Predicates {
		if !p.Valid() {
			return nil, fmt.Errorf("subgraph: unknown predicate %q: %w", p, graph.ErrInvalid)
		}
	}
	for _, k := range opts.Kinds {
		if !k.Valid() {
			return nil, fmt.Errorf("subgraph: unknown node kind %q: %w", k, graph.ErrInvalid)
		}
	}
	if opts.MinConfidence < 0 || opts.MinConfidence > 1 {
		return nil, fmt.Errorf("subgraph: minimum confidence %v outside [0,1]: %w", opts.MinConfidence, graph.ErrInvalid)
	}
	depth := max(opts.Depth, 1)
	sg := &Subgraph{Seeds: slices.Clone(seeds)}
	if opts.MaxDepth > 0 && depth > opts.MaxDepth {
		depth = opts.MaxDepth
	}
	sg.Depth = depth
	s := &subWalk{r: r, opts: opts, nodes: map[graph.ID]graph.Node{}, rejected: map[graph.ID]bool{}}
	var frontier []graph.ID
	for _, id := range seeds {
		n, err := r.Node(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("subgraph: seed %s: %w", id, err)
		}
		if _, ok := s.nodes[id]; ok {
			continue
		}
		if s.full() {
			sg.Truncated = true
			break
		}
		s.nodes[id] = n
		frontier = append(frontier, id)
	}
	for level := 0; level < depth && len(frontier) > 0 && !sg.Truncated; level++ {
		slices.Sort(frontier)
		var next []graph.ID
		for _, id := range frontier {
			added, cut, err := s.expand(ctx, id, false)
			if err != nil {
				return nil, fmt.Errorf("subgraph: %w", err)
			}
			next = append(next, added...)
			if cut {
				sg.Truncated = true
				break
			}
		}
		frontier = next
	}
	// Walked to a capped depth: was there more beyond it?
	if !sg.Truncated && depth < max(opts.Depth, 1) {
		for _, id := range frontier {
			_, more, err := s.expand(ctx, id, true)
			if err != nil {
				return nil, fmt.Errorf("subgraph: %w", err)
			}
			if more {
				sg.Truncated = true
				break
			}
		}
	}
	// Edges among the included nodes, each once.
	seen := map[edgeIdentity]bool{}
	for id := range s.nodes {
		edges, err := s.edges(ctx, id, graph.Out)
		if err != nil {
			return nil, fmt.Errorf("subgraph: %w", err)
		}
		for _, e := range edges {
			if _, ok := s.nodes[e.To]; !ok {
				continue
			}
			k := edgeIdentity{e.From, e.To, e.Predicate, e.Prov.Article}
			if !seen[k] {
				seen[k] = true
				sg.Edges = append(sg.Edges, e)
			}
		}
	}
	sg.Nodes = make([]graph.Node, 0, len(s.nodes))
	for _, n := range s.nodes {
		sg.Nodes = append(sg.Nodes, n)
	}
	slices.SortFunc(sg.Nodes, func(a, b graph.Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(sg.Edges, func(a, b graph.Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Predicate.Index(), b.Predicate.Index()),
			cmp.Compare(a.To, b.To), cmp.Compare(a.Prov.Article, b.Prov.Article), cmp.Compare(a.Seq, b.Seq))
	})
	return sg, nil
}

type edgeIdentity struct {
	from, to graph.ID
	pred     graph.Predicate
	article  graph.ID
}

type subWalk struct {
	r        graph.Reader
	opts     SubgraphOptions
	nodes    map[graph.ID]graph.Node
	rejected map[graph.ID]bool // nodes that failed a filter, not read twice
}

func (s *subWalk) full() bool {
	return s.opts.MaxResults > 0 && len(s.nodes) >= s.opts.MaxResults
}

// edges gives id's edges in one direction that pass the predicate and
// confidence filters.
func (s *subWalk) edges(ctx context.Context, id graph.ID, dir graph.Direction) ([]graph.Edge, error) {
	all, err := s.r.Edges(ctx, id, dir, s.opts.Predicates...)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Edge, 0, len(all))
	for _, e := range all {
		if e.Prov.Confidence >= s.opts.MinConfidence {
			out = append(out, e)
		}
	}
	return out, nil
}

// expand adds id's unvisited neighbours that pass the filters and returns
// them. cut reports that MaxResults stopped it early. With probe it adds
// nothing and reports (as cut) whether any such neighbour exists.
func (s *subWalk) expand(ctx context.Context, id graph.ID, probe bool) (added []graph.ID, cut bool, err error) {
	var dirs []graph.Direction
	switch s.opts.Direction {
	case OutOnly:
		dirs = []graph.Direction{graph.Out}
	case InOnly:
		dirs = []graph.Direction{graph.In}
	default:
		dirs = []graph.Direction{graph.Out, graph.In}
	}
	for _, dir := range dirs {
		edges, err := s.edges(ctx, id, dir)
		if err != nil {
			return nil, false, err
		}
		for _, e := range edges {
			other := e.To
			if dir == graph.In {
				other = e.From
			}
			if _, ok := s.nodes[other]; ok || s.rejected[other] {
				continue
			}
			n, err := s.r.Node(ctx, other)
			if err != nil {
				return nil, false, fmt.Errorf("node %s (edge %s -%s-> %s): %w", other, e.From, e.Predicate, e.To, err)
			}
			if !s.keep(n) {
				s.rejected[other] = true
				continue
			}
			if probe {
				return nil, true, nil
			}
			if s.full() {
				return added, true, nil
			}
			s.nodes[other] = n
			added = append(added, other)
		}
	}
	return added, false, nil
}

// keep applies the kind and date filters.
func (s *subWalk) keep(n graph.Node) bool {
	if len(s.opts.Kinds) > 0 && !slices.Contains(s.opts.Kinds, n.Kind) {
		return false
	}
	if n.Kind == graph.KindArticle && (!s.opts.From.IsZero() || !s.opts.To.IsZero()) {
		t, _, ok := ArticleDate(n)
		if !ok {
			return true
		}
		if !s.opts.From.IsZero() && t.Before(s.opts.From) {
			return false
		}
		if !s.opts.To.IsZero() && t.After(s.opts.To) {
			return false
		}
	}
	return true
}

// ArticleDate gives an article's publication date, else its retrieval
// time, and which of the two it is ("published" or "retrieved"). ok is false
// when neither parses.
func ArticleDate(n graph.Node) (t time.Time, source string, ok bool) {
	for _, k := range []string{graph.AttrPublished, graph.AttrRetrieved} {
		if t, err := ParseDate(n.Attrs[k]); err == nil {
			return t, k, true
		}
	}
	return time.Time{}, "", false
}

// ParseDate reads the dates sourcetrace stores: RFC 3339 times or
// YYYY-MM-DD dates (taken as midnight UTC).
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD or RFC 3339: %w", s, graph.ErrInvalid)
	}
	return t, nil
}
