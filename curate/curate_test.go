package curate_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

// The test graph, one batch per article:
//
//	art1: kadyrov("Ramzan Kadyrov", alias "Chechen leader") ─said─▶ c1   (mention "Ramzan Kadyrov")
//	      kadyrov ─said─▶ c4                                             (mention "Chechen leader")
//	      art1 ─contains─▶ c1, c4      art1 ─mentions─▶ kadyrov
//	art2: short("Kadyrov") ─said─▶ c2     art2 ─contains─▶ c2   art2 ─mentions─▶ short
//	art3: short ─said─▶ c3               art3 ─contains─▶ c3
//
// "Kadyrov" is the same man under a second node, which a merge fixes.
var (
	kadyrov = graph.Node{ID: graph.NewID("entity", "ramzan kadyrov"), Kind: graph.KindPerson, Name: "Ramzan Kadyrov", Aliases: []string{"Chechen leader"}}
	short   = graph.Node{ID: graph.NewID("entity", "kadyrov"), Kind: graph.KindPerson, Name: "Kadyrov"}
	c1      = claimNode("Spies are being sent")
	c2      = claimNode("They gather information")
	c3      = claimNode("Nobody is fighting there")
	c4      = claimNode("We are ready")
	art1    = articleNode("one")
	art2    = articleNode("two")
	art3    = articleNode("three")
	meta    = curate.Meta{By: "analyst", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
)

func claimNode(s string) graph.Node {
	return graph.Node{ID: graph.NewID(graph.KindClaim, s), Kind: graph.KindClaim, Name: s}
}

func articleNode(s string) graph.Node {
	return graph.Node{ID: graph.NewID(graph.KindArticle, s), Kind: graph.KindArticle, Name: "Article " + s}
}

func edge(art graph.Node, from graph.ID, p graph.Predicate, to graph.ID, text string) graph.Edge {
	return graph.Edge{From: from, To: to, Predicate: p, Prov: graph.Provenance{Article: art.ID, Text: text, Confidence: 0.8, Ingested: time.Unix(1, 0).UTC()}}
}

func batches() map[string]*graph.Batch {
	return map[string]*graph.Batch{
		"art1": {Article: art1, Nodes: []graph.Node{kadyrov, c1, c4}, Edges: []graph.Edge{
			edge(art1, kadyrov.ID, graph.Said, c1.ID, "Ramzan Kadyrov"),
			edge(art1, kadyrov.ID, graph.Said, c4.ID, "Chechen leader"),
			edge(art1, art1.ID, graph.Contains, c1.ID, ""),
			edge(art1, art1.ID, graph.Contains, c4.ID, ""),
			edge(art1, art1.ID, graph.Mentions, kadyrov.ID, "Ramzan Kadyrov"),
		}},
		"art2": {Article: art2, Nodes: []graph.Node{short, c2}, Edges: []graph.Edge{
			edge(art2, short.ID, graph.Said, c2.ID, "Kadyrov"),
			edge(art2, art2.ID, graph.Contains, c2.ID, ""),
			edge(art2, art2.ID, graph.Mentions, short.ID, "Kadyrov"),
		}},
		"art3": {Article: art3, Nodes: []graph.Node{short, c3}, Edges: []graph.Edge{
			edge(art3, short.ID, graph.Said, c3.ID, "Kadyrov"),
			edge(art3, art3.ID, graph.Contains, c3.ID, ""),
		}},
	}
}

func ingest(t *testing.T, s *mem.Store, names ...string) {
	t.Helper()
	b := batches()
	for _, n := range names {
		if err := s.WriteArticle(context.Background(), b[n]); err != nil {
			t.Fatalf("write %s: %v", n, err)
		}
	}
	if _, err := curate.Reapply(context.Background(), s, s); err != nil {
		t.Fatalf("reapply: %v", err)
	}
}

// dump is the graph as JSON lines without the audit log's own nodes.
func dump(t *testing.T, s *mem.Store, skip ...graph.ID) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	err := s.ScanNodes(ctx, "", func(n graph.Node) error {
		if n.Subkind == curate.Subkind || slices.Contains(skip, n.ID) {
			return nil
		}
		return enc.Encode(n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ScanEdges(ctx, func(e graph.Edge) error { return enc.Encode(e) }); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func hasEdge(t *testing.T, s *mem.Store, from graph.ID, p graph.Predicate, to graph.ID) bool {
	t.Helper()
	es, err := s.Edges(context.Background(), from, graph.Out, p)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(es, func(e graph.Edge) bool { return e.To == to })
}

func said(t *testing.T, s *mem.Store, who graph.ID) []graph.ID {
	t.Helper()
	es, err := s.Edges(context.Background(), who, graph.Out, graph.Said)
	if err != nil {
		t.Fatal(err)
	}
	var out []graph.ID
	for _, e := range es {
		if !slices.Contains(out, e.To) {
			out = append(out, e.To)
		}
	}
	slices.Sort(out)
	return out
}

func ids(xs ...graph.ID) []graph.ID { slices.Sort(xs); return xs }

func TestMergeSurvivesReingestAndUndoes(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1", "art2")
	before := dump(t, s)

	e, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, meta)
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.By != "analyst" || !e.At.Equal(meta.At) || e.Inverse == "" {
		t.Errorf("entry = %+v", e)
	}
	check := func(when string, claims []graph.ID) {
		t.Helper()
		if got := said(t, s, kadyrov.ID); !slices.Equal(got, claims) {
			t.Errorf("%s: Ramzan Kadyrov said %v, want %v", when, got, claims)
		}
		if !hasEdge(t, s, short.ID, graph.AliasOf, kadyrov.ID) {
			t.Errorf("%s: no alias_of edge", when)
		}
		found, err := s.FindName(ctx, "Kadyrov", false, 0)
		if err != nil || !slices.Contains(found, kadyrov.ID) {
			t.Errorf("%s: FindName(Kadyrov) = %v, %v; want the canonical node too", when, found, err)
		}
	}
	check("after merge", ids(c1.ID, c2.ID, c4.ID))

	// Re-ingesting the same articles keeps the merge.
	ingest(t, s, "art1", "art2")
	check("after re-ingest", ids(c1.ID, c2.ID, c4.ID))
	// A new article about the merged node reaches the canonical one too.
	ingest(t, s, "art3")
	check("after a new article", ids(c1.ID, c2.ID, c3.ID, c4.ID))

	log, err := curate.Log(ctx, s)
	if err != nil || len(log) != 1 || log[0].Op != curate.OpMerge {
		t.Fatalf("log = %+v, %v", log, err)
	}

	// Without art3 for the comparison: undo after deleting it.
	if err := s.DeleteArticle(ctx, art3.ID); err != nil {
		t.Fatal(err)
	}
	u, err := curate.Undo(ctx, s, s, e.ID, meta)
	if err != nil {
		t.Fatal(err)
	}
	if u.Op != curate.OpUndo || u.Target != e.ID || u.Seq != 2 {
		t.Errorf("undo entry = %+v", u)
	}
	if after := dump(t, s, c3.ID); after != before {
		t.Errorf("undo did not restore the graph:\nbefore\n%s\nafter\n%s", before, after)
	}
	// Replaying the log after an undo changes nothing.
	ingest(t, s, "art1", "art2")
	if after := dump(t, s, c3.ID); after != before {
		t.Errorf("reapply after undo changed the graph")
	}
	if _, err := curate.Undo(ctx, s, s, e.ID, meta); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("second undo: %v, want ErrInvalid", err)
	}
	// Undoing the undo merges again.
	if _, err := curate.Undo(ctx, s, s, u.ID, meta); err != nil {
		t.Fatal(err)
	}
	check("after undoing the undo", ids(c1.ID, c2.ID, c4.ID))
}

func TestSplitTakesBackMerge(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1", "art2")
	before := dump(t, s)
	m, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, meta)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := curate.Split(ctx, s, s, kadyrov.ID, "kadyrov", meta)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Target != m.ID || sp.Alias != short.ID {
		t.Errorf("split entry = %+v", sp)
	}
	if after := dump(t, s); after != before {
		t.Errorf("split did not take the merge back:\n%s\nvs\n%s", before, after)
	}
	got, err := curate.Find(ctx, s, "1")
	if err != nil || !got.Undone || got.UndoneBy != sp.ID {
		t.Errorf("merge entry after split = %+v, %v", got, err)
	}
	ingest(t, s, "art1", "art2")
	if after := dump(t, s); after != before {
		t.Errorf("reapply brought the merge back")
	}
	if _, err := curate.Undo(ctx, s, s, sp.ID, meta); err != nil {
		t.Fatal(err)
	}
	if !hasEdge(t, s, short.ID, graph.AliasOf, kadyrov.ID) || !slices.Contains(said(t, s, kadyrov.ID), c2.ID) {
		t.Errorf("undoing the split did not merge again")
	}
}

func TestSplitAlias(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1")
	before := dump(t, s)
	e, err := curate.Split(ctx, s, s, kadyrov.ID, "Chechen leader", meta)
	if err != nil {
		t.Fatal(err)
	}
	leader := e.Alias
	check := func(when string) {
		t.Helper()
		n, err := s.Node(ctx, kadyrov.ID)
		if err != nil || slices.Contains(n.Aliases, "Chechen leader") {
			t.Errorf("%s: Kadyrov still has the alias: %+v %v", when, n, err)
		}
		if got := said(t, s, kadyrov.ID); !slices.Equal(got, []graph.ID{c1.ID}) {
			t.Errorf("%s: Kadyrov said %v, want only c1", when, got)
		}
		if got := said(t, s, leader); !slices.Equal(got, []graph.ID{c4.ID}) {
			t.Errorf("%s: the split-off node said %v, want c4", when, got)
		}
	}
	check("after split")
	ingest(t, s, "art1") // brings the alias and the edge back; Reapply moves them again
	check("after re-ingest")
	if _, err := curate.Undo(ctx, s, s, e.ID, meta); err != nil {
		t.Fatal(err)
	}
	// The node made by the split stays (nodes are never deleted), bare.
	if after := dump(t, s, leader); after != before {
		t.Errorf("undo did not restore the graph:\n%s\nvs\n%s", before, after)
	}
}

func TestCorrectSpeaker(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1", "art2")
	before := dump(t, s)
	e, err := curate.CorrectSpeaker(ctx, s, s, c2.ID, "Ramzan Kadyrov", meta)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		if got := said(t, s, short.ID); len(got) != 0 {
			t.Errorf("%s: Kadyrov still said %v", when, got)
		}
		if !slices.Contains(said(t, s, kadyrov.ID), c2.ID) {
			t.Errorf("%s: Ramzan Kadyrov did not say c2", when)
		}
	}
	check("after correction")
	ingest(t, s, "art2")
	check("after re-ingest")
	if _, err := curate.CorrectSpeaker(ctx, s, s, c2.ID, "Ramzan Kadyrov", meta); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("repeated correction: %v, want ErrInvalid", err)
	}
	if _, err := curate.Undo(ctx, s, s, e.ID, meta); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, s); after != before {
		t.Errorf("undo did not restore the graph:\n%s\nvs\n%s", before, after)
	}

	// A speaker the graph does not know is made, as ingest would.
	e, err = curate.CorrectSpeaker(ctx, s, s, c1.ID, "Dmitry Peskov", meta)
	if err != nil {
		t.Fatal(err)
	}
	if !e.CreatedNode || e.Speaker != graph.NewID("entity", "dmitry peskov") || !slices.Equal(said(t, s, e.Speaker), []graph.ID{c1.ID}) {
		t.Errorf("new speaker: %+v", e)
	}
}

func TestCorrectContent(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1")
	before := dump(t, s)
	e, err := curate.CorrectContent(ctx, s, s, c1.ID, "Spies are being sent to Syria", meta)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		n, err := s.Node(ctx, c1.ID)
		if err != nil || n.Name != "Spies are being sent to Syria" {
			t.Errorf("%s: claim = %+v, %v", when, n, err)
		}
		found, err := s.FindName(ctx, "spies are being sent to syria", false, 0)
		if err != nil || !slices.Equal(found, []graph.ID{c1.ID}) {
			t.Errorf("%s: FindName(new wording) = %v, %v", when, found, err)
		}
	}
	check("after correction")
	ingest(t, s, "art1")
	check("after re-ingest")
	if _, err := curate.Undo(ctx, s, s, e.ID, meta); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, s); after != before {
		t.Errorf("undo did not restore the graph:\n%s\nvs\n%s", before, after)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1", "art2")
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"MergeSelf", func() error { _, err := curate.Merge(ctx, s, s, short.ID, short.ID, meta); return err }, graph.ErrInvalid},
		{"MergeClaim", func() error { _, err := curate.Merge(ctx, s, s, kadyrov.ID, c1.ID, meta); return err }, graph.ErrInvalid},
		{"MergeMissing", func() error { _, err := curate.Merge(ctx, s, s, kadyrov.ID, 42, meta); return err }, graph.ErrNotFound},
		{"SplitUnknown", func() error { _, err := curate.Split(ctx, s, s, kadyrov.ID, "Somebody Else", meta); return err }, graph.ErrNotFound},
		{"SplitOwnName", func() error { _, err := curate.Split(ctx, s, s, kadyrov.ID, "ramzan kadyrov", meta); return err }, graph.ErrInvalid},
		{"CorrectNotClaim", func() error { _, err := curate.CorrectContent(ctx, s, s, kadyrov.ID, "x", meta); return err }, graph.ErrInvalid},
		{"CorrectEmpty", func() error { _, err := curate.CorrectContent(ctx, s, s, c1.ID, "  ", meta); return err }, graph.ErrInvalid},
		{"UndoMissing", func() error { _, err := curate.Undo(ctx, s, s, 42, meta); return err }, graph.ErrNotFound},
		{"FindBadRef", func() error { _, err := curate.Find(ctx, s, "x1"); return err }, graph.ErrInvalid},
		{"FindNotCuration", func() error { _, err := curate.Find(ctx, s, c1.ID.String()); return err }, graph.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	log, err := curate.Log(ctx, s)
	if err != nil || len(log) != 0 {
		t.Errorf("failed curations were logged: %+v %v", log, err)
	}

	// Merged twice, and undoing an entry a later one builds on.
	m, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, meta); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("merging twice: %v, want ErrInvalid", err)
	}
	if _, err := curate.CorrectSpeaker(ctx, s, s, c2.ID, "Kadyrov", meta); err != nil {
		t.Fatal(err)
	}
	if _, err := curate.Undo(ctx, s, s, m.ID, meta); !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "undo it first") {
		t.Errorf("undo under a later curation: %v", err)
	}
}

// TestOverlappingCurations undoes a correction that rewrote an edge a
// merge had copied: the merge's edge must come back.
func TestOverlappingCurations(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ingest(t, s, "art1", "art2")
	if _, err := curate.Merge(ctx, s, s, kadyrov.ID, short.ID, meta); err != nil {
		t.Fatal(err)
	}
	c, err := curate.CorrectSpeaker(ctx, s, s, c2.ID, kadyrov.ID.String(), meta)
	if err != nil {
		t.Fatal(err)
	}
	if got := said(t, s, short.ID); len(got) != 0 {
		t.Errorf("after correction, Kadyrov said %v", got)
	}
	if _, err := curate.Undo(ctx, s, s, c.ID, meta); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(said(t, s, kadyrov.ID), c2.ID) || !slices.Contains(said(t, s, short.ID), c2.ID) {
		t.Errorf("after undoing the correction: Ramzan Kadyrov said %v, Kadyrov said %v; want c2 for both (the merge stands)",
			said(t, s, kadyrov.ID), said(t, s, short.ID))
	}
}
