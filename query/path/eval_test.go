package path_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/path"
)

// The test graph, one batch per article (edges are labelled with the
// article that asserts them):
//
//	alice ─said(art1, art2)─▶ c1 ─via 0─▶ interview ─aired_on─▶ tv
//	                           └─via 1──────────────────────────▶ tv
//	bob ──said(art1)────────▶ c2 ─via 0─▶ tv
//
//	art1 ─contains─▶ c1, c2     art1 ─reported_by─▶ agency     art1 ─published_by─▶ paper
//	art2 ─contains─▶ c1         art2 ─published_by─▶ paper
//
//	        ┌──────republished_from──────┐
//	        ▼                            │
//	art2 ─republished_from─▶ art3 ───────┘        (a cycle: art2 ⇄ art3)
//	  ▲                       │
//	  │                       └─republished_from─▶ art4 ─reported_by─▶ agency
//	art5 ─republished_from─▶ art2, art3            (a diamond over the cycle)
type fixture struct {
	s                                 *mem.Store
	alice, bob, c1, c2, interview, tv graph.Node
	agency, paper                     graph.Node
	art1, art2, art3, art4, art5      graph.Node
}

func node(kind graph.Kind, sub, name string) graph.Node {
	return graph.Node{ID: graph.NewID(kind, name), Kind: kind, Subkind: sub, Name: name}
}

// newFixture builds the test graph; t may be nil (in examples), and then a
// failure panics.
func newFixture(t testing.TB) *fixture {
	if t != nil {
		t.Helper()
	}
	f := &fixture{
		s:         mem.New(),
		alice:     node(graph.KindPerson, "", "Alice Example"),
		bob:       node(graph.KindPerson, "", "Bob Example"),
		c1:        node(graph.KindClaim, "", "Spies were caught"),
		c2:        node(graph.KindClaim, "", "Nothing happened"),
		interview: node(graph.KindWork, graph.SubInterview, "an interview"),
		tv:        node(graph.KindOutlet, graph.SubBroadcaster, "State TV"),
		agency:    node(graph.KindOutlet, graph.SubAgency, "Wire Agency"),
		paper:     node(graph.KindOutlet, graph.SubPublisher, "Daily Paper"),
		art1:      node(graph.KindArticle, "", "Article one"),
		art2:      node(graph.KindArticle, "", "Article two"),
		art3:      node(graph.KindArticle, "", "Article three"),
		art4:      node(graph.KindArticle, "", "Article four"),
		art5:      node(graph.KindArticle, "", "Article five"),
	}
	ctx := context.Background()
	e := func(art graph.Node, from graph.Node, p graph.Predicate, to graph.Node, seq int) graph.Edge {
		return graph.Edge{From: from.ID, To: to.ID, Predicate: p, Seq: seq,
			Prov: graph.Provenance{Article: art.ID, Confidence: 0.9, Ingested: time.Unix(0, 0).UTC()}}
	}
	all := []graph.Node{f.alice, f.bob, f.c1, f.c2, f.interview, f.tv, f.agency, f.paper}
	batches := []graph.Batch{
		{Article: f.art1, Nodes: all, Edges: []graph.Edge{
			e(f.art1, f.alice, graph.Said, f.c1, 0), e(f.art1, f.bob, graph.Said, f.c2, 0),
			e(f.art1, f.art1, graph.Contains, f.c1, 0), e(f.art1, f.art1, graph.Contains, f.c2, 0),
			e(f.art1, f.c1, graph.Via, f.interview, 0), e(f.art1, f.c1, graph.Via, f.tv, 1),
			e(f.art1, f.interview, graph.AiredOn, f.tv, 0), e(f.art1, f.c2, graph.Via, f.tv, 0),
			e(f.art1, f.art1, graph.ReportedBy, f.agency, 0), e(f.art1, f.art1, graph.PublishedBy, f.paper, 0),
		}},
		{Article: f.art3},
		{Article: f.art4},
		{Article: f.art2, Edges: []graph.Edge{
			e(f.art2, f.alice, graph.Said, f.c1, 0), e(f.art2, f.art2, graph.Contains, f.c1, 0),
			e(f.art2, f.art2, graph.PublishedBy, f.paper, 0), e(f.art2, f.art2, graph.RepublishedFrom, f.art3, 0),
		}},
		{Article: f.art3, Edges: []graph.Edge{
			e(f.art3, f.art3, graph.RepublishedFrom, f.art2, 0), e(f.art3, f.art3, graph.RepublishedFrom, f.art4, 0),
		}},
		{Article: f.art4, Edges: []graph.Edge{e(f.art4, f.art4, graph.ReportedBy, f.agency, 0)}},
		{Article: f.art5, Edges: []graph.Edge{
			e(f.art5, f.art5, graph.RepublishedFrom, f.art2, 0), e(f.art5, f.art5, graph.RepublishedFrom, f.art3, 0),
		}},
	}
	for i := range batches {
		if err := f.s.WriteArticle(ctx, &batches[i]); err != nil {
			if t == nil {
				panic(err)
			}
			t.Fatalf("write %s: %v", batches[i].Article.Name, err)
		}
	}
	return f
}

func names(res path.Result) []string {
	var out []string
	for _, r := range res.Rows {
		out = append(out, r.Name)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestEvaluate(t *testing.T) {
	f := newFixture(t)
	opts := path.Options{MaxDepth: 12, MaxResults: 100}
	tests := []struct {
		expr string
		want []string // sorted names of the results
	}{
		// Two articles assert alice said c1: one result, not two.
		{`speaker("Alice Example").said()`, []string{"Spies were caught"}},
		{`speaker("alice").said()`, []string{"Spies were caught"}}, // prefix match
		{`speaker("Alice Example").said().via()`, []string{"State TV", "an interview"}},
		{`speaker("Alice Example").said().via().airedOn()`, []string{"State TV"}},
		{`speaker("Alice Example").said().in("contains").out("published_by")`, []string{"Daily Paper", "Daily Paper"}},
		{`speaker("Alice Example").said().in("contains").out("published_by").unique()`, []string{"Daily Paper"}},
		{`node("State TV").in("via").has(kind: "claim")`, []string{"Nothing happened", "Spies were caught"}},
		{`node("State TV").in()`, []string{"Nothing happened", "Spies were caught", "an interview"}},
		{`node("State TV").in().has(kind: "work", subkind: "interview")`, []string{"an interview"}},
		{`node("State TV").in().has(name: "AN INTERVIEW")`, []string{"an interview"}},
		{`outlet("Wire Agency").in("reported_by").out("contains")`, []string{"Nothing happened", "Spies were caught"}},
		{`outlet("Wire Agency").in("reported_by")`, []string{"Article four", "Article one"}},
		{`speaker("Bob Example").said().in("said")`, []string{"Bob Example"}},
		{`node("Article two").republishedFrom*()`, []string{"Article four", "Article three"}},
		{`node("Article three").republished_from*()`, []string{"Article four", "Article two"}},
		{`node("Article two").republishedFrom*(1)`, []string{"Article three"}},
		{`node("Article five").republishedFrom*()`, []string{"Article four", "Article four", "Article three", "Article three", "Article two", "Article two"}},
		{`node("Article five").republishedFrom*().unique()`, []string{"Article four", "Article three", "Article two"}},
		{`node("Article four").in*("republished_from")`, []string{"Article five", "Article five", "Article three", "Article two"}},
		{`claim("` + graph.NewID(graph.KindClaim, "Spies were caught").String() + `").in("said")`, []string{"Alice Example"}},
		{`article("Article one").out("contains").limit(1)`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			res, err := path.Run(context.Background(), f.s, tt.expr, opts)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tt.want == nil {
				return
			}
			if got := sorted(names(res)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if res.Truncated {
				t.Errorf("truncated")
			}
			for _, r := range res.Rows {
				if len(r.Path) == 0 || r.Path[len(r.Path)-1] != r.ID {
					t.Errorf("row %s: path %v does not end at it", r.Name, r.Path)
				}
			}
		})
	}
}

// TestCycleBranches checks that a walk over the diamond through the
// cycle reaches article four along both branches, each on a path without
// repeats.
func TestCycleBranches(t *testing.T) {
	f := newFixture(t)
	res, err := path.Run(context.Background(), f.s, `article("Article five").republishedFrom*()`, path.Options{MaxDepth: 12})
	if err != nil {
		t.Fatal(err)
	}
	var paths [][]graph.ID
	for _, r := range res.Rows {
		seen := map[graph.ID]bool{}
		for _, id := range r.Path {
			if seen[id] {
				t.Errorf("path %v repeats %s", r.Path, id)
			}
			seen[id] = true
		}
		if r.ID == f.art4.ID {
			paths = append(paths, r.Path)
		}
	}
	want := [][]graph.ID{{f.art5.ID, f.art2.ID, f.art3.ID, f.art4.ID}, {f.art5.ID, f.art3.ID, f.art4.ID}}
	slices.SortFunc(paths, func(a, b []graph.ID) int { return len(b) - len(a) })
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths to article four = %v, want %v", paths, want)
	}
}

func TestEvaluateDeterministic(t *testing.T) {
	f := newFixture(t)
	expr := `node("Article five").republishedFrom*().in("republished_from").out()`
	first, err := path.Run(context.Background(), f.s, expr, path.Options{MaxDepth: 12})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := path.Run(context.Background(), f.s, expr, path.Options{MaxDepth: 12})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("results differ between runs")
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		expr string
		opts path.Options
		want error
	}{
		{`node("Nobody At All")`, path.Options{MaxDepth: 12}, graph.ErrNotFound},
		{`outlet("Alice Example")`, path.Options{MaxDepth: 12}, graph.ErrNotFound}, // wrong kind
		{`node("State TV").via*(13)`, path.Options{MaxDepth: 12}, graph.ErrLimit},
		{`node("State TV").in().in().in()`, path.Options{MaxDepth: 2}, graph.ErrLimit},
		{`node("State TV").in(`, path.Options{MaxDepth: 12}, graph.ErrInvalid},
		{`node("State TV")`, path.Options{}, graph.ErrInvalid},
		{`node("!!!")`, path.Options{MaxDepth: 12}, graph.ErrInvalid}, // empty after normalising
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := path.Run(context.Background(), f.s, tt.expr, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEvaluateTruncated(t *testing.T) {
	f := newFixture(t)
	res, err := path.Run(context.Background(), f.s, `node("State TV").in()`, path.Options{MaxDepth: 12, MaxResults: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || !res.Truncated {
		t.Errorf("got %d rows, truncated %v; want 2, true", len(res.Rows), res.Truncated)
	}
	res, err = path.Run(context.Background(), f.s, `node("State TV").in().limit(2)`, path.Options{MaxDepth: 12, MaxResults: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || res.Truncated {
		t.Errorf("limit: got %d rows, truncated %v; want 2, false", len(res.Rows), res.Truncated)
	}
}

// FuzzEvaluate runs arbitrary expressions over the test graph: evaluation
// never panics, fails only with the documented sentinel errors, respects
// the result cap, and every row's path ends at its node.
func FuzzEvaluate(f *testing.F) {
	for _, s := range []string{
		`node("Article five").republishedFrom*().unique()`,
		`speaker("Alice Example").said().in("contains").out("published_by")`,
		`node("State TV").in*().out*(depth: 2).limit(3)`,
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := path.Parse(s)
		if err != nil {
			return
		}
		res, err := path.Evaluate(context.Background(), fx.s, e, path.Options{MaxDepth: 6, MaxResults: 50})
		if err != nil {
			if !errors.Is(err, graph.ErrNotFound) && !errors.Is(err, graph.ErrLimit) && !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("%s: unexpected error %v", s, err)
			}
			return
		}
		if len(res.Rows) > 50 {
			t.Fatalf("%s: %d rows over the cap", s, len(res.Rows))
		}
		for _, r := range res.Rows {
			if len(r.Path) == 0 || r.Path[len(r.Path)-1] != r.ID {
				t.Fatalf("%s: row %s has path %v", s, r.ID, r.Path)
			}
		}
	})
}
