package mem

import (
	"context"
	"fmt"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Check implements graph.Checker: it verifies that the adjacency, article
// and name indexes agree with the node and edge maps. Only a bug in this
// package can make it report anything, which is what the test suite checks.
func (s *Store) Check(ctx context.Context) ([]graph.Problem, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, "check"); err != nil {
		return nil, err
	}
	var probs []graph.Problem
	report := func(kind, format string, args ...any) {
		probs = append(probs, graph.Problem{Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}
	for k, e := range s.edges {
		desc := fmt.Sprintf("%s -%s-> %s (article %s)", e.From, e.Predicate, e.To, e.Prov.Article)
		for _, id := range []ID{k.from, k.to} {
			if _, ok := s.nodes[id]; !ok {
				report("dangling-edge", "%s: node %s missing", desc, id)
			}
		}
		if _, ok := s.out[k.from][k]; !ok {
			report("missing-forward", "%s", desc)
		}
		if _, ok := s.in[k.to][k]; !ok {
			report("missing-reverse", "%s", desc)
		}
		if k.article != 0 {
			if _, ok := s.byArticle[k.article][k]; !ok {
				report("article-index", "%s not indexed under its article", desc)
			}
		}
	}
	for name, idx := range map[string]map[ID]map[edgeKey]struct{}{"out": s.out, "in": s.in, "article": s.byArticle} {
		for _, set := range idx {
			for k := range set {
				if _, ok := s.edges[k]; !ok {
					report("stale-index", "%s index holds missing edge %s -%s-> %s (article %s)",
						name, k.from, graph.Predicates[k.pred], k.to, k.article)
				}
			}
		}
	}
	for id, n := range s.nodes {
		if id != n.ID {
			report("node-key", "node stored under %s has id %s", id, n.ID)
		}
		for _, name := range nodeNames(n) {
			if _, ok := s.names[name][id]; !ok {
				report("name-index", "node %s: name %q not indexed", id, name)
			}
		}
	}
	for name, ids := range s.names {
		for id := range ids {
			n, ok := s.nodes[id]
			if !ok || !slices.Contains(nodeNames(n), name) {
				report("name-index", "name %q indexes node %s, which lacks it", name, id)
			}
		}
	}
	slices.SortFunc(probs, func(a, b graph.Problem) int {
		if a.Kind != b.Kind {
			if a.Kind < b.Kind {
				return -1
			}
			return 1
		}
		if a.Detail < b.Detail {
			return -1
		}
		if a.Detail > b.Detail {
			return 1
		}
		return 0
	})
	return probs, nil
}
