package path_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/path"
)

func nodeIDs(p path.Path) []graph.ID {
	var out []graph.ID
	for _, n := range p.Nodes {
		out = append(out, n.ID)
	}
	return out
}

func TestKShortest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		from, to graph.Node
		k        int
		opts     path.ShortestOptions
		want     [][]graph.ID
	}{
		{"Directed", f.alice, f.tv, 5, path.ShortestOptions{MaxDepth: 6},
			[][]graph.ID{{f.alice.ID, f.c1.ID, f.tv.ID}, {f.alice.ID, f.c1.ID, f.interview.ID, f.tv.ID}}},
		{"DirectedK1", f.alice, f.tv, 1, path.ShortestOptions{MaxDepth: 6},
			[][]graph.ID{{f.alice.ID, f.c1.ID, f.tv.ID}}},
		{"DepthCut", f.alice, f.tv, 5, path.ShortestOptions{MaxDepth: 2},
			[][]graph.ID{{f.alice.ID, f.c1.ID, f.tv.ID}}},
		{"PredFilter", f.alice, f.tv, 5, path.ShortestOptions{MaxDepth: 6, Preds: []graph.Predicate{graph.Said, graph.Via, graph.AiredOn}},
			[][]graph.ID{{f.alice.ID, f.c1.ID, f.tv.ID}, {f.alice.ID, f.c1.ID, f.interview.ID, f.tv.ID}}},
		{"NoPath", f.tv, f.alice, 5, path.ShortestOptions{MaxDepth: 6}, nil},
		{"ThroughCycle", f.art5, f.art4, 5, path.ShortestOptions{MaxDepth: 6},
			[][]graph.ID{{f.art5.ID, f.art3.ID, f.art4.ID}, {f.art5.ID, f.art2.ID, f.art3.ID, f.art4.ID}}},
		{"Self", f.bob, f.bob, 3, path.ShortestOptions{MaxDepth: 3}, [][]graph.ID{{f.bob.ID}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := path.KShortest(ctx, f.s, tt.from.ID, tt.to.ID, tt.k, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]graph.ID
			for _, p := range res.Paths {
				got = append(got, nodeIDs(p))
				if p.Length != len(p.Edges) || len(p.Nodes) != len(p.Edges)+1 {
					t.Errorf("path %v: length %d, %d edges, %d nodes", nodeIDs(p), p.Length, len(p.Edges), len(p.Nodes))
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("paths\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

// brute lists every simple path from from to to of at most depth edges,
// in KShortest's order, by plain exhaustive search.
func brute(t *testing.T, r graph.Reader, from, to graph.ID, depth int, undirected bool) [][]string {
	type step struct {
		other   graph.ID
		pred    graph.Predicate
		forward bool
	}
	ctx := context.Background()
	next := func(v graph.ID) []step {
		var out []step
		for _, dir := range []graph.Direction{graph.Out, graph.In} {
			if dir == graph.In && !undirected {
				continue
			}
			es, err := r.Edges(ctx, v, dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				s := step{e.To, e.Predicate, dir == graph.Out}
				if dir == graph.In {
					s.other = e.From
				}
				if s.other != v && !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return out
	}
	type found struct {
		nodes []graph.ID
		steps []step
	}
	var all []found
	var walk func(nodes []graph.ID, steps []step)
	walk = func(nodes []graph.ID, steps []step) {
		v := nodes[len(nodes)-1]
		if v == to {
			all = append(all, found{slices.Clone(nodes), slices.Clone(steps)})
			return
		}
		if len(steps) == depth {
			return
		}
		for _, s := range next(v) {
			if !slices.Contains(nodes, s.other) {
				walk(append(nodes, s.other), append(steps, s))
			}
		}
	}
	walk([]graph.ID{from}, nil)
	slices.SortFunc(all, func(a, b found) int {
		if c := cmp.Compare(len(a.steps), len(b.steps)); c != 0 {
			return c
		}
		for i := range a.steps {
			x, y := a.steps[i], b.steps[i]
			fx, fy := 0, 0
			if !x.forward {
				fx = 1
			}
			if !y.forward {
				fy = 1
			}
			if c := cmp.Or(cmp.Compare(x.other, y.other), cmp.Compare(fx, fy), cmp.Compare(x.pred.Index(), y.pred.Index())); c != 0 {
				return c
			}
		}
		return 0
	})
	var out [][]string
	for _, f := range all {
		var s []string
		for i, st := range f.steps {
			s = append(s, fmt.Sprintf("%s %s %v %s", f.nodes[i], st.pred, st.forward, st.other))
		}
		out = append(out, s)
	}
	return out
}

func describePaths(res path.Paths) [][]string {
	var out [][]string
	for _, p := range res.Paths {
		var s []string
		for i, e := range p.Edges {
			s = append(s, fmt.Sprintf("%s %s %v %s", p.Nodes[i].ID, e.Predicate, e.Forward, p.Nodes[i+1].ID))
		}
		out = append(out, s)
	}
	return out
}

// TestKShortestAgainstBruteForce compares every pair of fixture nodes, both
// ways, directed and undirected, with exhaustive enumeration.
func TestKShortestAgainstBruteForce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	all := []graph.Node{f.alice, f.bob, f.c1, f.c2, f.interview, f.tv, f.agency, f.paper, f.art1, f.art2, f.art3, f.art4, f.art5}
	for _, undirected := range []bool{false, true} {
		for _, a := range all {
			for _, b := range all {
				if a.ID == b.ID {
					continue
				}
				want := brute(t, f.s, a.ID, b.ID, 5, undirected)
				for _, k := range []int{1, 3, 50} {
					res, err := path.KShortest(ctx, f.s, a.ID, b.ID, k, path.ShortestOptions{MaxDepth: 5, Undirected: undirected})
					if err != nil {
						t.Fatal(err)
					}
					w := want
					if len(w) > k {
						w = w[:k]
					}
					if got := describePaths(res); !(len(got) == 0 && len(w) == 0) && !reflect.DeepEqual(got, w) {
						t.Errorf("%s → %s k=%d undirected=%v:\n got %v\nwant %v", a.Name, b.Name, k, undirected, got, w)
					}
				}
			}
		}
	}
}

func TestKShortestErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		from, to graph.ID
		k        int
		opts     path.ShortestOptions
		want     error
	}{
		{"OverLimit", f.alice.ID, f.tv.ID, 3, path.ShortestOptions{MaxDepth: 20, DepthLimit: 12}, graph.ErrLimit},
		{"UnknownFrom", 42, f.tv.ID, 3, path.ShortestOptions{MaxDepth: 3}, graph.ErrNotFound},
		{"UnknownTo", f.alice.ID, 42, 3, path.ShortestOptions{MaxDepth: 3}, graph.ErrNotFound},
		{"ZeroK", f.alice.ID, f.tv.ID, 0, path.ShortestOptions{MaxDepth: 3}, graph.ErrInvalid},
		{"ZeroDepth", f.alice.ID, f.tv.ID, 1, path.ShortestOptions{}, graph.ErrInvalid},
		{"BadPred", f.alice.ID, f.tv.ID, 1, path.ShortestOptions{MaxDepth: 3, Preds: []graph.Predicate{"knows"}}, graph.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := path.KShortest(ctx, f.s, tt.from, tt.to, tt.k, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestKShortestBudget(t *testing.T) {
	f := newFixture(t)
	res, err := path.KShortest(context.Background(), f.s, f.alice.ID, f.bob.ID, 10, path.ShortestOptions{MaxDepth: 8, Undirected: true, Budget: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated {
		t.Errorf("a budget of 5 did not truncate: %d paths", len(res.Paths))
	}
	res, err = path.KShortest(context.Background(), f.s, f.alice.ID, f.bob.ID, 10, path.ShortestOptions{MaxDepth: 8, Undirected: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(brute(t, f.s, f.alice.ID, f.bob.ID, 8, true)); res.Truncated || len(res.Paths) != want || want < 2 {
		t.Errorf("default budget: %d paths, truncated %v; want %d, false", len(res.Paths), res.Truncated, want)
	}
}
