package path

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// ShortestOptions shape a KShortest search.
type ShortestOptions struct {
	// Preds restricts the edges followed (none: all).
	Preds []graph.Predicate
	// MaxDepth is the longest path looked for, in edges.
	MaxDepth int
	// Undirected follows edges both ways; otherwise only outgoing.
	Undirected bool
	// DepthLimit is the configured ceiling on MaxDepth (query.max_depth);
	// 0 means none.
	DepthLimit int
	// Budget bounds the edges the search may examine (0: DefaultBudget);
	// when it runs out the answer so far is returned with Truncated set.
	Budget int
}

// DefaultBudget is the default ShortestOptions.Budget.
const DefaultBudget = 2_000_000

// PathEdge is one edge of a path. Forward is false when an undirected
// search crossed the edge against its direction. Parallel edges (one per
// reporting article) are one step; Article is the first of them.
type PathEdge struct {
	From      graph.ID        `json:"from"`
	To        graph.ID        `json:"to"`
	Predicate graph.Predicate `json:"predicate"`
	Forward   bool            `json:"forward"`
	Article   graph.ID        `json:"article,omitempty"`
}

// Path is a simple path: Nodes[i] and Nodes[i+1] are joined by Edges[i].
type Path struct {
	Length int        `json:"length"`
	Nodes  []NodeRef  `json:"nodes"`
	Edges  []PathEdge `json:"edges"`
}

// Paths is KShortest's answer.
type Paths struct {
	From  NodeRef `json:"from"`
	To    NodeRef `json:"to"`
	Paths []Path  `json:"paths"`
	// Truncated says the search budget ran out before k paths of length
	// up to MaxDepth were found or ruled out.
	Truncated bool `json:"truncated,omitempty"`
}

// arc is an edge as seen from one end.
type arc struct {
	other   graph.ID
	pred    graph.Predicate
	forward bool
	article graph.ID
}

type searcher struct {
	r      graph.Reader
	opts   ShortestOptions
	adj    map[graph.ID][]arc // arcs a path may take from a node
	radj   map[graph.ID][]arc // arcs that lead into a node (for distances)
	budget int
	out    bool // budget exhausted
	// The backward breadth-first search, grown on demand (see grow).
	dist     map[graph.ID]int
	frontier []graph.ID
	radius   int
	complete bool // every node that can reach to has its distance
}

// KShortest returns up to k simple paths from from to to, shortest first;
// paths of one length are ordered by their node ID sequences, then by the
// edges' direction and predicate, so the answer is stable.
func KShortest(ctx context.Context, r graph.Reader, from, to graph.ID, k int, opts ShortestOptions) (Paths, error) {
	switch {
	case k < 1:
		return Paths{}, fmt.Errorf("k shortest paths: k = %d, want at least 1: %w", k, graph.ErrInvalid)
	case opts.MaxDepth < 1:
		return Paths{}, fmt.Errorf("k shortest paths: depth %d, want at least 1: %w", opts.MaxDepth, graph.ErrInvalid)
	case opts.DepthLimit > 0 && opts.MaxDepth > opts.DepthLimit:
		return Paths{}, fmt.Errorf("k shortest paths: depth %d is over the limit of %d (query.max_depth): %w", opts.MaxDepth, opts.DepthLimit, graph.ErrLimit)
	}
	for _, p := range opts.Preds {
		if !p.Valid() {
			return Paths{}, fmt.Errorf("k shortest paths: unknown predicate %q: %w", p, graph.ErrInvalid)
		}
	}
	fromNode, err := r.Node(ctx, from)
	if err != nil {
		return Paths{}, fmt.Errorf("k shortest paths: from: %w", err)
	}
	toNode, err := r.Node(ctx, to)
	if err != nil {
		return Paths{}, fmt.Errorf("k shortest paths: to: %w", err)
	}
	res := Paths{From: ref(fromNode), To: ref(toNode), Paths: []Path{}}
	if from == to {
		res.Paths = append(res.Paths, Path{Nodes: []NodeRef{ref(fromNode)}, Edges: []PathEdge{}})
		return res, nil
	}
	s := &searcher{r: r, opts: opts, adj: map[graph.ID][]arc{}, radj: map[graph.ID][]arc{}, budget: opts.Budget}
	if s.budget <= 0 {
		s.budget = DefaultBudget
	}
	// Distances back from to are grown only to half the length being
	// enumerated: the depth-first search prunes its second half with them
	// and walks its first half freely, so the work is two balls of half
	// the radius rather than one of the whole, which on a densely linked
	// graph is most of it.
	s.dist, s.frontier = map[graph.ID]int{to: 0}, []graph.ID{to}
	dist := s.dist
	var found [][]arc
	nodes := []graph.ID{from}
	var arcs []arc
	// dfs extends the path by exactly remaining edges to reach to, taking
	// arcs in ascending order so paths come out lexicographically.
	var dfs func(v graph.ID, remaining int) error
	dfs = func(v graph.ID, remaining int) error {
		if remaining == 0 {
			if v == to {
				found = append(found, slices.Clone(arcs))
			}
			return nil
		}
		next, err := s.arcs(ctx, v, false)
		if err != nil {
			return err
		}
		for _, a := range next {
			if len(found) == k || s.out {
				return nil
			}
			if s.budget--; s.budget < 0 {
				s.out = true
				return nil
			}
			if d, ok := dist[a.other]; ok && d > remaining-1 || !ok && (s.complete || remaining-1 <= s.radius) || slices.Contains(nodes, a.other) {
				continue // too far from to, or already on the path
			}
			if a.other == to && remaining > 1 {
				continue // to ends the path; a simple path cannot leave it again
			}
			nodes = append(nodes, a.other)
			arcs = append(arcs, a)
			err := dfs(a.other, remaining-1)
			nodes, arcs = nodes[:len(nodes)-1], arcs[:len(arcs)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	for length := 1; length <= opts.MaxDepth && len(found) < k && !s.out; length++ {
		if err := ctx.Err(); err != nil {
			return Paths{}, fmt.Errorf("k shortest paths: %w", err)
		}
		if err := s.grow(ctx, length/2); err != nil {
			return Paths{}, fmt.Errorf("k shortest paths: %w", err)
		}
		d, known := dist[from]
		if !known && s.complete {
			break // the search back from to ran out: from cannot reach it
		}
		if known && d > length {
			continue
		}
		if err := dfs(from, length); err != nil {
			return Paths{}, fmt.Errorf("k shortest paths: %w", err)
		}
	}
	res.Truncated = s.out
	cache := map[graph.ID]NodeRef{from: ref(fromNode), to: ref(toNode)}
	for _, f := range found {
		p := Path{Length: len(f), Nodes: []NodeRef{ref(fromNode)}, Edges: make([]PathEdge, 0, len(f))}
		prev := from
		for _, a := range f {
			nr, ok := cache[a.other]
			if !ok {
				n, err := r.Node(ctx, a.other)
				if err != nil {
					return Paths{}, fmt.Errorf("k shortest paths: %w", err)
				}
				nr = ref(n)
				cache[a.other] = nr
			}
			p.Nodes = append(p.Nodes, nr)
			e := PathEdge{From: prev, To: a.other, Predicate: a.pred, Forward: a.forward, Article: a.article}
			if !a.forward {
				e.From, e.To = a.other, prev
			}
			p.Edges = append(p.Edges, e)
			prev = a.other
		}
		res.Paths = append(res.Paths, p)
	}
	return res, nil
}

func ref(n graph.Node) NodeRef {
	return NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}
}

// arcs lists the arcs a path may take from id (reverse: the arcs by which
// a path may arrive at id), deduplicated over articles and sorted by the
// other end, then direction (outgoing first), then predicate.
func (s *searcher) arcs(ctx context.Context, id graph.ID, reverse bool) ([]arc, error) {
	cache := s.adj
	if reverse && !s.opts.Undirected {
		cache = s.radj
	}
	if a, ok := cache[id]; ok {
		return a, nil
	}
	var dirs []graph.Direction
	switch {
	case s.opts.Undirected:
		dirs = []graph.Direction{graph.Out, graph.In}
	case reverse:
		dirs = []graph.Direction{graph.In}
	default:
		dirs = []graph.Direction{graph.Out}
	}
	type key struct {
		other   graph.ID
		pred    graph.Predicate
		forward bool
	}
	seen := map[key]bool{}
	var out []arc
	for _, dir := range dirs {
		edges, err := s.r.Edges(ctx, id, dir, s.opts.Preds...)
		if err != nil {
			return nil, err
		}
		for _, e := range edges {
			a := arc{other: e.To, pred: e.Predicate, forward: dir == graph.Out, article: e.Prov.Article}
			if dir == graph.In {
				a.other = e.From
			}
			if reverse && !s.opts.Undirected {
				a.forward = true // the edge points at id: a path crosses it forwards
			}
			k := key{a.other, a.pred, a.forward}
			if a.other == id || seen[k] {
				continue // self-loops never help a simple path
			}
			seen[k] = true
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b arc) int {
		fa, fb := 0, 0
		if !a.forward {
			fa = 1
		}
		if !b.forward {
			fb = 1
		}
		return cmp.Or(cmp.Compare(a.other, b.other), cmp.Compare(fa, fb), cmp.Compare(a.pred.Index(), b.pred.Index()))
	})
	cache[id] = out
	return out, nil
}

// grow extends the breadth-first search back from the target to the
// given radius: dist is the fewest edges from each node to the target,
// ignoring whether paths are simple, which makes it a lower bound the
// depth-first search can prune with.
func (s *searcher) grow(ctx context.Context, radius int) error {
	for s.radius < radius && len(s.frontier) > 0 {
		d := s.radius + 1
		var next []graph.ID
		for _, v := range s.frontier {
			arcs, err := s.arcs(ctx, v, true)
			if err != nil {
				return err
			}
			for _, a := range arcs {
				if s.budget--; s.budget < 0 {
					s.out = true
					return nil
				}
				if _, ok := s.dist[a.other]; !ok {
					s.dist[a.other] = d
					next = append(next, a.other)
				}
			}
		}
		s.frontier, s.radius = next, d
	}
	s.complete = len(s.frontier) == 0
	return nil
}
