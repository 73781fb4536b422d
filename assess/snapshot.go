package assess

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// snapshot caches what Assess reads. A complete snapshot is filled by one
// scan of the store (fast for a whole-graph pass); an incomplete one asks
// the Reader node by node (cheap for a few claims).
type snapshot struct {
	r        graph.Reader
	complete bool
	nodes    map[graph.ID]graph.Node
	missing  map[graph.ID]bool
	out, in  map[graph.ID][]graph.Edge
	loaded   map[graph.ID]bool // adjacency of this node is cached (incomplete mode)
}

func newSnapshot(r graph.Reader) *snapshot {
	return &snapshot{r: r, nodes: map[graph.ID]graph.Node{}, missing: map[graph.ID]bool{},
		out: map[graph.ID][]graph.Edge{}, in: map[graph.ID][]graph.Edge{}, loaded: map[graph.ID]bool{}}
}

// loadAll reads every node and edge.
func (s *snapshot) loadAll(ctx context.Context) error {
	if err := s.r.ScanNodes(ctx, "", func(n graph.Node) error {
		s.nodes[n.ID] = n
		return nil
	}); err != nil {
		return fmt.Errorf("scan nodes: %w", err)
	}
	if err := s.r.ScanEdges(ctx, func(e graph.Edge) error {
		s.out[e.From] = append(s.out[e.From], e)
		s.in[e.To] = append(s.in[e.To], e)
		return nil
	}); err != nil {
		return fmt.Errorf("scan edges: %w", err)
	}
	// The Reader.Edges order, so both modes see edges identically.
	for id, es := range s.out {
		sortEdges(es, func(e graph.Edge) graph.ID { return e.To })
		s.out[id] = es
	}
	for id, es := range s.in {
		sortEdges(es, func(e graph.Edge) graph.ID { return e.From })
		s.in[id] = es
	}
	s.complete = true
	return nil
}

func sortEdges(es []graph.Edge, other func(graph.Edge) graph.ID) {
	slices.SortFunc(es, func(a, b graph.Edge) int {
		return cmp.Or(cmp.Compare(a.Predicate.Index(), b.Predicate.Index()), cmp.Compare(other(a), other(b)),
			cmp.Compare(a.Prov.Article, b.Prov.Article), cmp.Compare(a.Seq, b.Seq))
	})
}

// node returns the node; ok is false when it does not exist.
func (s *snapshot) node(ctx context.Context, id graph.ID) (graph.Node, bool, error) {
	if n, ok := s.nodes[id]; ok {
		return n, true, nil
	}
	if s.complete || s.missing[id] {
		return graph.Node{}, false, nil
	}
	n, err := s.r.Node(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		s.missing[id] = true
		return graph.Node{}, false, nil
	}
	if err != nil {
		return graph.Node{}, false, fmt.Errorf("node %s: %w", id, err)
	}
	s.nodes[id] = n
	return n, true, nil
}

// edges returns the node's edges in one direction with one of the
// predicates (all when none are given).
func (s *snapshot) edges(ctx context.Context, id graph.ID, dir graph.Direction, preds ...graph.Predicate) ([]graph.Edge, error) {
	if !s.complete && !s.loaded[id] {
		o, err := s.r.Edges(ctx, id, graph.Out)
		if err != nil {
			return nil, fmt.Errorf("edges of %s: %w", id, err)
		}
		i, err := s.r.Edges(ctx, id, graph.In)
		if err != nil {
			return nil, fmt.Errorf("edges of %s: %w", id, err)
		}
		s.out[id], s.in[id], s.loaded[id] = o, i, true
	}
	all := s.out[id]
	if dir == graph.In {
		all = s.in[id]
	}
	if len(preds) == 0 {
		return all, nil
	}
	var out []graph.Edge
	for _, e := range all {
		if slices.Contains(preds, e.Predicate) {
			out = append(out, e)
		}
	}
	return out, nil
}

// canon follows alias_of edges to the canonical node, stopping at cycles.
func (s *snapshot) canon(ctx context.Context, id graph.ID) (graph.ID, error) {
	seen := map[graph.ID]bool{}
	for !seen[id] {
		seen[id] = true
		es, err := s.edges(ctx, id, graph.Out, graph.AliasOf)
		if err != nil {
			return 0, err
		}
		if len(es) == 0 {
			return id, nil
		}
		id = es[0].To
	}
	return id, nil
}

// root follows republished_from to the original article; in a cycle
// (circular reporting) every member gets the cycle's smallest ID, so the
// whole circle counts as one origin.
func (s *snapshot) root(ctx context.Context, article graph.ID) (graph.ID, error) {
	var path []graph.ID
	pos := map[graph.ID]int{}
	id := article
	for {
		if i, ok := pos[id]; ok {
			return slices.Min(path[i:]), nil
		}
		pos[id] = len(path)
		path = append(path, id)
		es, err := s.edges(ctx, id, graph.Out, graph.RepublishedFrom)
		if err != nil {
			return 0, err
		}
		if len(es) == 0 {
			return id, nil
		}
		id = es[0].To
	}
}

// firstOut returns the target of the node's first edge with the
// predicate, preferring one from the given article.
func (s *snapshot) firstOut(ctx context.Context, id graph.ID, p graph.Predicate, article graph.ID) (graph.ID, error) {
	es, err := s.edges(ctx, id, graph.Out, p)
	if err != nil || len(es) == 0 {
		return 0, err
	}
	for _, e := range es {
		if e.Prov.Article == article {
			return e.To, nil
		}
	}
	return es[0].To, nil
}

// byName returns the one non-claim node with this name or alias, or 0 when
// there is none or more than one.
func (s *snapshot) byName(ctx context.Context, name string) (graph.ID, error) {
	if graph.NormalizeName(name) == "" {
		return 0, nil
	}
	ids, err := s.r.FindName(ctx, name, false, 3)
	if err != nil {
		return 0, fmt.Errorf("find %q: %w", name, err)
	}
	var found graph.ID
	for _, id := range ids {
		n, ok, err := s.node(ctx, id)
		if err != nil {
			return 0, err
		}
		if !ok || n.Kind == graph.KindClaim || n.Kind == graph.KindArticle || n.Kind == graph.KindAssessment {
			continue
		}
		if found != 0 {
			return 0, nil
		}
		found = id
	}
	return found, nil
}
