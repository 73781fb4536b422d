package path

import (
	"context"
	"fmt"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Options bound an evaluation.
type Options struct {
	// MaxDepth is the deepest recursive step and the most edge-following
	// steps an expression may have (config query.max_depth).
	MaxDepth int
	// MaxResults caps the results kept after any step (config
	// query.max_results); 0 means no cap.
	MaxResults int
}

// NodeRef identifies a node with what a reader needs to recognise it.
type NodeRef struct {
	ID      graph.ID   `json:"id"`
	Name    string     `json:"name"`
	Kind    graph.Kind `json:"kind"`
	Subkind string     `json:"subkind,omitempty"`
}

// Row is one result: a node and the path of node IDs that reached it,
// from the starting point to the node itself.
type Row struct {
	NodeRef
	Path []graph.ID `json:"path"`
}

// Result is what an expression evaluates to.
type Result struct {
	Expr string `json:"expr"`
	Rows []Row  `json:"rows"`
	// Truncated says some step had more than Options.MaxResults results
	// and the rest were dropped.
	Truncated bool `json:"truncated,omitempty"`
}

// Run parses src and evaluates it.
func Run(ctx context.Context, r graph.Reader, src string, opts Options) (Result, error) {
	e, err := Parse(src)
	if err != nil {
		return Result{}, err
	}
	return Evaluate(ctx, r, e, opts)
}

// walk is one traversal: where it is and the path that led there.
type walk struct {
	id   graph.ID
	path []graph.ID
}

func (w walk) onPath(id graph.ID) bool { return slices.Contains(w.path, id) }

func (w walk) to(id graph.ID) walk {
	p := make([]graph.ID, len(w.path)+1)
	copy(p, w.path)
	p[len(w.path)] = id
	return walk{id: id, path: p}
}

type evaluator struct {
	r         graph.Reader
	opts      Options
	nodes     map[graph.ID]graph.Node
	truncated bool
	// next caches the current step's neighbours of each node: many walks
	// pass through the same hub.
	next map[graph.ID][]graph.ID
}

// Evaluate runs e over r.
func Evaluate(ctx context.Context, r graph.Reader, e *Expr, opts Options) (Result, error) {
	if opts.MaxDepth <= 0 {
		return Result{}, fmt.Errorf("evaluate %s: max depth %d must be positive: %w", e, opts.MaxDepth, graph.ErrInvalid)
	}
	hops := 0
	for i, s := range e.Steps {
		if s.Op != OpOut && s.Op != OpIn {
			continue
		}
		hops++
		if s.Star && s.Depth > opts.MaxDepth {
			return Result{}, fmt.Errorf("step %d %s: depth %d is over the limit of %d (query.max_depth): %w",
				i+1, s, s.Depth, opts.MaxDepth, graph.ErrLimit)
		}
	}
	if hops > opts.MaxDepth {
		return Result{}, fmt.Errorf("expression follows edges %d times, over the limit of %d (query.max_depth): %w",
			hops, opts.MaxDepth, graph.ErrLimit)
	}
	ev := &evaluator{r: r, opts: opts, nodes: map[graph.ID]graph.Node{}}
	walks, err := ev.start(ctx, e.Start)
	if err != nil {
		return Result{}, err
	}
	for i, s := range e.Steps {
		if walks, err = ev.step(ctx, s, walks); err != nil {
			return Result{}, fmt.Errorf("step %d %s: %w", i+1, s, err)
		}
	}
	res := Result{Expr: e.String(), Rows: make([]Row, 0, len(walks)), Truncated: ev.truncated}
	for _, w := range walks {
		n, err := ev.node(ctx, w.id)
		if err != nil {
			return Result{}, err
		}
		res.Rows = append(res.Rows, Row{NodeRef: NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}, Path: w.path})
	}
	return res, nil
}

func (ev *evaluator) node(ctx context.Context, id graph.ID) (graph.Node, error) {
	if n, ok := ev.nodes[id]; ok {
		return n, nil
	}
	n, err := ev.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	ev.nodes[id] = n
	return n, nil
}

// full reports whether n results reach the cap, marking the result
// truncated when more were on offer.
func (ev *evaluator) full(n int) bool {
	if ev.opts.MaxResults > 0 && n >= ev.opts.MaxResults {
		ev.truncated = true
		return true
	}
	return false
}

// startKind says which nodes a starting point keeps.
func startKind(fn string, k graph.Kind) bool {
	switch fn {
	case "speaker":
		return k.IsSpeaker()
	case "outlet":
		return k == graph.KindOutlet
	case "claim":
		return k == graph.KindClaim
	case "article":
		return k == graph.KindArticle
	}
	return true
}

func (ev *evaluator) start(ctx context.Context, s Start) ([]walk, error) {
	if id, err := graph.ParseID(s.Arg); err == nil {
		n, err := ev.node(ctx, id)
		if err == nil && startKind(s.Func, n.Kind) {
			return []walk{{id: id, path: []graph.ID{id}}}, nil
		}
	}
	limit := 0
	if ev.opts.MaxResults > 0 {
		limit = ev.opts.MaxResults + 1
	}
	for _, prefix := range []bool{false, true} {
		ids, err := ev.r.FindName(ctx, s.Arg, prefix, limit)
		if err != nil {
			return nil, fmt.Errorf("%s(%q): %w", s.Func, s.Arg, err)
		}
		var out []walk
		for _, id := range ids {
			n, err := ev.node(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("%s(%q): %w", s.Func, s.Arg, err)
			}
			if !startKind(s.Func, n.Kind) {
				continue
			}
			if ev.full(len(out)) {
				break
			}
			out = append(out, walk{id: id, path: []graph.ID{id}})
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("%s(%q): no %s with that name or ID: %w", s.Func, s.Arg, s.Func, graph.ErrNotFound)
}

func (ev *evaluator) step(ctx context.Context, s Step, in []walk) ([]walk, error) {
	ev.next = map[graph.ID][]graph.ID{}
	switch s.Op {
	case OpOut, OpIn:
		if s.Star {
			return ev.recurse(ctx, s, in)
		}
		var out []walk
		for _, w := range in {
			next, err := ev.neighbours(ctx, s, w.id)
			if err != nil {
				return nil, err
			}
			for _, id := range next {
				if ev.full(len(out)) {
					return out, nil
				}
				out = append(out, w.to(id))
			}
		}
		return out, nil
	case OpHas:
		var out []walk
		for _, w := range in {
			n, err := ev.node(ctx, w.id)
			if err != nil {
				return nil, err
			}
			if s.Kind != "" && n.Kind != s.Kind ||
				s.Subkind != "" && n.Subkind != s.Subkind ||
				s.NodeName != "" && !hasName(n, s.NodeName) {
				continue
			}
			out = append(out, w)
		}
		return out, nil
	case OpLimit:
		if len(in) > s.N {
			in = in[:s.N]
		}
		return in, nil
	case OpUnique:
		seen := map[graph.ID]bool{}
		var out []walk
		for _, w := range in {
			if !seen[w.id] {
				seen[w.id] = true
				out = append(out, w)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown operation %d: %w", s.Op, graph.ErrInvalid)
}

func hasName(n graph.Node, name string) bool {
	want := graph.NormalizeName(name)
	if graph.NormalizeName(n.Name) == want {
		return true
	}
	for _, a := range n.Aliases {
		if graph.NormalizeName(a) == want {
			return true
		}
	}
	return false
}

// neighbours returns the distinct nodes one step away, in the Reader's
// edge order: parallel edges (one per reporting article) count once.
func (ev *evaluator) neighbours(ctx context.Context, s Step, id graph.ID) ([]graph.ID, error) {
	if ids, ok := ev.next[id]; ok {
		return ids, nil
	}
	dir := graph.Out
	if s.Op == OpIn {
		dir = graph.In
	}
	edges, err := ev.r.Edges(ctx, id, dir, s.Preds...)
	if err != nil {
		return nil, err
	}
	var out []graph.ID
	seen := map[graph.ID]bool{}
	for _, e := range edges {
		other := e.To
		if dir == graph.In {
			other = e.From
		}
		if !seen[other] {
			seen[other] = true
			out = append(out, other)
		}
	}
	ev.next[id] = out
	return out, nil
}

// recurse follows s breadth first from each input walk, emitting every
// node reached at depth 1..limit. A walk never steps onto a node already
// on its own path, which ends cycles without hiding other branches.
func (ev *evaluator) recurse(ctx context.Context, s Step, in []walk) ([]walk, error) {
	depth := s.Depth
	if depth == 0 {
		depth = ev.opts.MaxDepth
	}
	var out []walk
	for _, w := range in {
		frontier := []walk{w}
		for d := 1; d <= depth && len(frontier) > 0; d++ {
			var next []walk
			for _, f := range frontier {
				ids, err := ev.neighbours(ctx, s, f.id)
				if err != nil {
					return nil, err
				}
				for _, id := range ids {
					if f.onPath(id) {
						continue
					}
					if ev.full(len(out)) {
						return out, nil
					}
					nw := f.to(id)
					out = append(out, nw)
					next = append(next, nw)
				}
			}
			frontier = next
		}
	}
	return out, nil
}
