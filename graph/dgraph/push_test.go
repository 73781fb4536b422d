package dgraph_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

// dump renders everything a store holds, in scan order, as JSON lines.
func dump(t *testing.T, r graph.Reader) (nodes, edges []string) {
	t.Helper()
	ctx := context.Background()
	if err := r.ScanNodes(ctx, "", func(n graph.Node) error {
		b, err := json.Marshal(n)
		nodes = append(nodes, string(b))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Edge scan orders differ between stores; compare each node's edges,
	// whose order the contract fixes.
	if err := r.ScanNodes(ctx, "", func(n graph.Node) error {
		es, err := r.Edges(ctx, n.ID, graph.Out)
		for _, e := range es {
			e.Prov.Ingested = e.Prov.Ingested.UTC()
			b, _ := json.Marshal(e)
			edges = append(edges, string(b))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return nodes, edges
}

func sameDump(t *testing.T, what string, gn, ge, wn, we []string) {
	t.Helper()
	if len(gn) != len(wn) || len(ge) != len(we) {
		t.Fatalf("%s: %d nodes, %d edges; want %d, %d", what, len(gn), len(ge), len(wn), len(we))
	}
	for i := range gn {
		if gn[i] != wn[i] {
			t.Fatalf("%s: node %d:\n got %s\nwant %s", what, i, gn[i], wn[i])
		}
	}
	for i := range ge {
		if ge[i] != we[i] {
			t.Fatalf("%s: edge %d:\n got %s\nwant %s", what, i, ge[i], we[i])
		}
	}
}

// TestPush pushes a generated graph whose articles share speakers,
// channels and part_of triples, with concurrent small batches (so
// batches conflict and are retried), twice.
func TestPush(t *testing.T) {
	ctx := context.Background()
	src := mem.New()
	for n := range 30 {
		if err := src.WriteArticle(ctx, graphtest.GenerateBatch(n)); err != nil {
			t.Fatal(err)
		}
	}
	// An analyst edge of no article, too.
	b := graphtest.GenerateBatch(0)
	if err := src.PutEdges(ctx, []graph.Edge{{From: b.Edges[len(b.Edges)-1].From, To: b.Edges[0].To, Predicate: graph.Supports, Prov: graph.Provenance{Confidence: 0.5}}}); err != nil {
		t.Fatal(err)
	}
	wn, we := dump(t, src)
	dst := openStore(t)
	defer dst.Close()
	var calls int
	for i, opts := range []dgraph.PushOptions{
		{Batch: 13, Workers: 4, Progress: func(dgraph.PushProgress) { calls++ }},
		{Batch: 100, Workers: 2},
	} {
		st, err := dst.Push(ctx, src, opts)
		if err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
		if st.Nodes != len(wn) || st.Edges != len(we) {
			t.Errorf("push %d: pushed %d nodes, %d edges; source has %d, %d", i, st.Nodes, st.Edges, len(wn), len(we))
		}
		gn, ge := dump(t, dst)
		sameDump(t, "after push", gn, ge, wn, we)
		if probs, err := dst.Check(ctx); err != nil || len(probs) != 0 {
			t.Errorf("check after push %d: %v, %v", i, probs, err)
		}
	}
	if want := (len(wn)+12)/13 + (len(we)+12)/13; calls != want {
		t.Errorf("progress called %d times, want once per batch (%d)", calls, want)
	}
	// The source loses an article; a push with Prune follows it, and one
	// without would not.
	art := graphtest.GenerateBatch(3).Article.ID
	if err := src.DeleteArticle(ctx, art); err != nil {
		t.Fatal(err)
	}
	wn, we = dump(t, src)
	st, err := dst.Push(ctx, src, dgraph.PushOptions{Batch: 50, Prune: true})
	if err != nil {
		t.Fatalf("push with prune: %v", err)
	}
	if st.PrunedNodes != 1 || st.PrunedEdges == 0 {
		t.Errorf("prune deleted %d nodes, %d edges; want the article and its edges", st.PrunedNodes, st.PrunedEdges)
	}
	gn, ge := dump(t, dst)
	sameDump(t, "after push with prune", gn, ge, wn, we)
	if probs, err := dst.Check(ctx); err != nil || len(probs) != 0 {
		t.Errorf("check after prune: %v, %v", probs, err)
	}
	gs, _ := dst.Stats(ctx)
	ws, _ := src.Stats(ctx)
	if g, w := mustJSON(t, gs), mustJSON(t, ws); g != w {
		t.Errorf("stats after push:\n got %s\nwant %s", g, w)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
