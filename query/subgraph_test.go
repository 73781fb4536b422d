package query_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func (w *world) shortNames(nodes []graph.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, w.names([]graph.ID{n.ID})...)
	}
	sort.Strings(out)
	return out
}

// ring: articles R1 → R2 → R3 → R1 (republished_from, a cycle), each
// containing claim x by speaker p; R1 is also published by outlet o with
// a low-confidence edge. R3 is dated 2019, the others 2021.
func ring(t testing.TB) *world {
	w := newWorld(t)
	w.n("p", graph.KindPerson, "Pat")
	w.n("x", graph.KindClaim, "a claim")
	w.n("o", graph.KindOutlet, "Outlet")
	w.n("R1", graph.KindArticle, "R1", graph.AttrPublished, "2021-01-01")
	w.n("R2", graph.KindArticle, "R2", graph.AttrPublished, "2021-01-02T10:00:00Z")
	w.n("R3", graph.KindArticle, "R3", graph.AttrPublished, "2019-05-05")
	w.a("R1", 0.9, "p said x", "R1 contains x", "R1 republished_from R2")
	w.a("R2", 0.9, "p said x", "R2 contains x", "R2 republished_from R3")
	w.a("R3", 0.9, "p said x", "R3 contains x", "R3 republished_from R1")
	// A separate, low-confidence assertion.
	w.n("L", graph.KindArticle, "L")
	w.a("L", 0.2, "L published_by o", "L contains x")
	return w
}

func TestNeighbourhood(t *testing.T) {
	w := ring(t)
	ctx := context.Background()
	tests := []struct {
		name      string
		seeds     []string
		opts      query.SubgraphOptions
		want      []string
		truncated bool
		wantErr   error
	}{
		{"OneHop", []string{"p"}, query.SubgraphOptions{}, []string{"p", "x"}, false, nil},
		{"TwoHops", []string{"p"}, query.SubgraphOptions{Depth: 2}, []string{"L", "R1", "R2", "R3", "p", "x"}, false, nil},
		{"Cycle", []string{"R1"}, query.SubgraphOptions{Depth: 10, Predicates: []graph.Predicate{graph.RepublishedFrom}},
			[]string{"R1", "R2", "R3"}, false, nil},
		{"OutOnly", []string{"R1"}, query.SubgraphOptions{Depth: 1, Direction: query.OutOnly, Predicates: []graph.Predicate{graph.RepublishedFrom}},
			[]string{"R1", "R2"}, false, nil},
		{"InOnly", []string{"R1"}, query.SubgraphOptions{Depth: 1, Direction: query.InOnly, Predicates: []graph.Predicate{graph.RepublishedFrom}},
			[]string{"R1", "R3"}, false, nil},
		{"MinConfidence", []string{"x"}, query.SubgraphOptions{Depth: 2, MinConfidence: 0.5}, []string{"R1", "R2", "R3", "p", "x"}, false, nil},
		{"Kinds", []string{"x"}, query.SubgraphOptions{Depth: 3, Kinds: []graph.Kind{graph.KindOutlet, graph.KindArticle}},
			[]string{"L", "R1", "R2", "R3", "o", "x"}, false, nil},
		{"DateRange", []string{"x"}, query.SubgraphOptions{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
			[]string{"L", "R1", "R2", "p", "x"}, false, nil}, // L has no date: kept
		{"DepthCap", []string{"p"}, query.SubgraphOptions{Depth: 5, MaxDepth: 1}, []string{"p", "x"}, true, nil},
		{"DepthCapNothingBeyond", []string{"o"}, query.SubgraphOptions{Depth: 9, MaxDepth: 1, Predicates: []graph.Predicate{graph.PublishedBy}},
			[]string{"L", "o"}, false, nil},
		// said precedes contains in predicate order, so p is kept before any article.
		{"ResultCap", []string{"x"}, query.SubgraphOptions{Depth: 2, MaxResults: 2}, []string{"p", "x"}, true, nil},
		{"Seeds", []string{"o", "p"}, query.SubgraphOptions{Predicates: []graph.Predicate{graph.Said}}, []string{"o", "p", "x"}, false, nil},
		{"UnknownPredicate", []string{"p"}, query.SubgraphOptions{Predicates: []graph.Predicate{"likes"}}, nil, false, graph.ErrInvalid},
		{"UnknownKind", []string{"p"}, query.SubgraphOptions{Kinds: []graph.Kind{"planet"}}, nil, false, graph.ErrInvalid},
		{"BadConfidence", []string{"p"}, query.SubgraphOptions{MinConfidence: 2}, nil, false, graph.ErrInvalid},
		{"NoSeeds", nil, query.SubgraphOptions{}, nil, false, graph.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seeds []graph.ID
			for _, s := range tt.seeds {
				seeds = append(seeds, w.id(s))
			}
			sg, err := query.Neighbourhood(ctx, w.s, seeds, tt.opts)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := w.shortNames(sg.Nodes); !slices.Equal(got, tt.want) {
				t.Errorf("nodes = %v, want %v", got, tt.want)
			}
			if sg.Truncated != tt.truncated {
				t.Errorf("truncated = %v, want %v", sg.Truncated, tt.truncated)
			}
			in := map[graph.ID]bool{}
			for _, n := range sg.Nodes {
				in[n.ID] = true
			}
			for _, e := range sg.Edges {
				if !in[e.From] || !in[e.To] {
					t.Errorf("edge %s -%s-> %s leaves the subgraph", e.From, e.Predicate, e.To)
				}
				if e.Prov.Confidence < tt.opts.MinConfidence {
					t.Errorf("edge below minimum confidence: %+v", e)
				}
			}
		})
	}
}

func TestNeighbourhoodEdgesAndStability(t *testing.T) {
	w := ring(t)
	ctx := context.Background()
	opts := query.SubgraphOptions{Depth: 3, MaxResults: 4}
	a, err := query.Neighbourhood(ctx, w.s, []graph.ID{w.id("R2")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, err := query.Neighbourhood(ctx, w.s, []graph.ID{w.id("R2")}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(a.Nodes, b.Nodes, func(x, y graph.Node) bool { return x.ID == y.ID }) ||
			len(a.Edges) != len(b.Edges) {
			t.Fatalf("two runs differ: %v vs %v", w.shortNames(a.Nodes), w.shortNames(b.Nodes))
		}
	}
	// All three republished_from edges of the ring and the said edge
	// are among R1, R2, R3, p, x when the whole ring is included.
	full, err := query.Neighbourhood(ctx, w.s, []graph.ID{w.id("R1")}, query.SubgraphOptions{Depth: 2, MinConfidence: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	count := map[graph.Predicate]int{}
	for _, e := range full.Edges {
		count[e.Predicate]++
	}
	if count[graph.RepublishedFrom] != 3 || count[graph.Contains] != 3 || count[graph.Said] != 3 {
		t.Errorf("edge counts %v, want 3 republished_from, 3 contains, 3 said (one per article)", count)
	}
	for i := 1; i < len(full.Nodes); i++ {
		if full.Nodes[i-1].ID >= full.Nodes[i].ID {
			t.Fatalf("nodes not in ascending ID order")
		}
	}
}

func TestNeighbourhoodUnknownSeed(t *testing.T) {
	w := ring(t)
	if _, err := query.Neighbourhood(context.Background(), w.s, []graph.ID{42}, query.SubgraphOptions{}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
