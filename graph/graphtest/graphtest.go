package graphtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

// TestAll runs the conformance suite against stores made by open, which must
// return a fresh, empty store on every call. The suite closes every store
// it opens.
func TestAll(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Helper()
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) graph.Store)
	}{
		{"NodeRoundTrip", testNodeRoundTrip},
		{"NodeNotFound", testNodeNotFound},
		{"NodeInvalid", testNodeInvalid},
		{"NodeMerge", testNodeMerge},
		{"ReturnedValuesAreCopies", testCopies},
		{"EdgeRoundTrip", testEdgeRoundTrip},
		{"EdgesOut", testEdgesOut},
		{"EdgesIn", testEdgesIn},
		{"EdgesPredicateFilter", testEdgesFilter},
		{"EdgesOrderAmongMany", testEdgesMany},
		{"EdgesNone", testEdgesNone},
		{"EdgesInMirrorOut", testMirror},
		{"ParallelEdges", testParallelEdges},
		{"WriteArticleIdempotent", testIdempotent},
		{"WriteArticleReplaces", testReplace},
		{"WriteArticleMergesNodes", testWriteMerges},
		{"WriteArticleDuplicateEdge", testDuplicateEdge},
		{"WriteArticleAtomic", testAtomic},
		{"DeleteArticle", testDeleteArticle},
		{"PutEdges", testPutEdges},
		{"DeleteEdges", testDeleteEdges},
		{"FindName", testFindName},
		{"ScanNodes", testScanNodes},
		{"ScanEdges", testScanEdges},
		{"ScanCallbackMayCallStore", testNestedScan},
		{"Stats", testStats},
		{"Check", testCheck},
		{"Backup", testBackup},
		{"Context", testContext},
		{"Closed", testClosed},
		{"ConcurrentReadersDuringWrites", testConcurrent},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

var ctx = context.Background()

// fresh opens a store and arranges for it to be closed.
func fresh(t *testing.T, open func(t *testing.T) graph.Store) graph.Store {
	t.Helper()
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// withFixture opens a store holding articles A and B.
func withFixture(t *testing.T, open func(t *testing.T) graph.Store) graph.Store {
	t.Helper()
	s := fresh(t, open)
	mustWrite(t, s, batchA())
	mustWrite(t, s, batchB())
	return s
}

func mustWrite(t testing.TB, s graph.Store, b *graph.Batch) {
	t.Helper()
	if err := s.WriteArticle(ctx, b); err != nil {
		t.Fatalf("write article %s: %v", b.Article.ID, err)
	}
}

func mustNode(t *testing.T, s graph.Store, id graph.ID) graph.Node {
	t.Helper()
	n, err := s.Node(ctx, id)
	if err != nil {
		t.Fatalf("node %s: %v", id, err)
	}
	return n
}

func mustEdges(t *testing.T, s graph.Store, id graph.ID, dir graph.Direction, preds ...graph.Predicate) []graph.Edge {
	t.Helper()
	es, err := s.Edges(ctx, id, dir, preds...)
	if err != nil {
		t.Fatalf("edges of %s (dir %d, %v): %v", id, dir, preds, err)
	}
	return es
}

// describe renders edges as "from -pred-> to @article #seq" lines, so a
// failing comparison shows what differs at a glance.
func describe(es []graph.Edge) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s -%s-> %s @%s #%d", e.From, e.Predicate, e.To, e.Prov.Article, e.Seq)
	}
	return out
}

func wantEdges(t *testing.T, what string, got, want []graph.Edge) {
	t.Helper()
	g, w := describe(got), describe(want)
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got %d edges:\n  %s\nwant %d edges:\n  %s", what,
			len(g), strings.Join(g, "\n  "), len(w), strings.Join(w, "\n  "))
	}
}

// canonNode and canonEdge erase differences the contract does not promise
// to keep: nil versus empty slices and maps, and a time's location.
func canonNode(n graph.Node) graph.Node {
	if len(n.Aliases) == 0 {
		n.Aliases = nil
	}
	if len(n.Roles) == 0 {
		n.Roles = nil
	}
	if len(n.Attrs) == 0 {
		n.Attrs = nil
	}
	return n
}

func canonEdge(e graph.Edge) graph.Edge {
	if len(e.Prov.Spans) == 0 {
		e.Prov.Spans = nil
	}
	e.Prov.Ingested = e.Prov.Ingested.UTC()
	return e
}

func sameNode(t *testing.T, what string, got, want graph.Node) {
	t.Helper()
	if g, w := canonNode(got), canonNode(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

func sameEdges(t *testing.T, what string, got, want []graph.Edge) {
	t.Helper()
	wantEdges(t, what, got, want)
	if len(got) != len(want) {
		return
	}
	for i := range got {
		if g, w := canonEdge(got[i]), canonEdge(want[i]); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: edge %d:\n got %+v\nwant %+v", what, i, g, w)
		}
	}
}

func scanEdges(t *testing.T, s graph.Store) []graph.Edge {
	t.Helper()
	var es []graph.Edge
	if err := s.ScanEdges(ctx, func(e graph.Edge) error { es = append(es, e); return nil }); err != nil {
		t.Fatalf("scan edges: %v", err)
	}
	return es
}

func scanNodes(t *testing.T, s graph.Store, kind graph.Kind) []graph.Node {
	t.Helper()
	var ns []graph.Node
	if err := s.ScanNodes(ctx, kind, func(n graph.Node) error { ns = append(ns, n); return nil }); err != nil {
		t.Fatalf("scan nodes %q: %v", kind, err)
	}
	return ns
}

func ids(ns []graph.Node) []graph.ID {
	out := make([]graph.ID, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

func mustStats(t *testing.T, s graph.Store) graph.Stats {
	t.Helper()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return st
}

// wantErr fails unless err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want one wrapping %q", what, err, target)
	}
}

// snapshot captures everything observable, to compare stores before and
// after an operation that should change nothing.
type snapshot struct {
	nodes []graph.Node
	edges []graph.Edge
	stats graph.Stats
}

func take(t *testing.T, s graph.Store) snapshot {
	t.Helper()
	return snapshot{scanNodes(t, s, ""), scanEdges(t, s), mustStats(t, s)}
}

func sameSnapshot(t *testing.T, what string, got, want snapshot) {
	t.Helper()
	if len(got.nodes) != len(want.nodes) {
		t.Errorf("%s: %d nodes, want %d", what, len(got.nodes), len(want.nodes))
	} else {
		for i := range got.nodes {
			sameNode(t, what, got.nodes[i], want.nodes[i])
		}
	}
	sameEdges(t, what, got.edges, want.edges)
	if !reflect.DeepEqual(got.stats, want.stats) {
		t.Errorf("%s: stats %+v, want %+v", what, got.stats, want.stats)
	}
}

func testNodeRoundTrip(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	for _, n := range []graph.Node{
		nodeZoe(), nodeAFP(), nodeClaim(),
		{ID: 1, Kind: graph.KindAnonymous, Name: "a source in the leadership"},
		{ID: ^graph.ID(0), Kind: graph.KindUnresolved, Name: "他说", Attrs: map[string]string{"": "empty key", "k": ""}},
	} {
		if err := s.PutNode(ctx, n); err != nil {
			t.Fatalf("put node %s: %v", n.ID, err)
		}
		sameNode(t, "node "+n.ID.String(), mustNode(t, s, n.ID), n)
	}
}

func testNodeNotFound(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	for _, id := range []graph.ID{0, 0x999, ^graph.ID(0)} {
		_, err := s.Node(ctx, id)
		wantErr(t, "node "+id.String(), err, graph.ErrNotFound)
	}
}

func testNodeInvalid(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	for name, n := range map[string]graph.Node{
		"zero id":      {Kind: graph.KindPerson, Name: "x"},
		"unknown kind": {ID: 7, Kind: "planet", Name: "x"},
		"empty kind":   {ID: 7, Name: "x"},
		"blank name":   {ID: 7, Kind: graph.KindPerson, Name: " \t"},
	} {
		wantErr(t, name, s.PutNode(ctx, n), graph.ErrInvalid)
	}
	if st := mustStats(t, s); st.Nodes != 0 {
		t.Errorf("invalid nodes were stored: %+v", st)
	}
}

func testNodeMerge(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	a := graph.Node{ID: 9, Kind: graph.KindPerson, Name: "Anna Schmidt", Aliases: []string{"A. Schmidt"},
		Roles: []string{"spokeswoman"}, Attrs: map[string]string{"x": "1", "y": "2"}}
	b := graph.Node{ID: 9, Kind: graph.KindOrganisation, Subkind: "ignored-kind-kept", Name: "Different Name",
		Aliases: []string{"Schmidt", "A. Schmidt"}, Roles: []string{"minister"}, Attrs: map[string]string{"y": "3"}}
	for _, n := range []graph.Node{a, b} {
		if err := s.PutNode(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	sameNode(t, "merged node", mustNode(t, s, 9), graph.MergeNode(a, b))
	// The new alias is findable; the rejected second name is not.
	got, err := s.FindName(ctx, "schmidt", false, 0)
	if err != nil || !slices.Equal(got, []graph.ID{9}) {
		t.Errorf("find merged alias: %v, %v; want [9]", got, err)
	}
	got, err = s.FindName(ctx, "different name", false, 0)
	if err != nil || len(got) != 0 {
		t.Errorf("find discarded name: %v, %v; want none", got, err)
	}
	if st := mustStats(t, s); st.Nodes != 1 || st.ByKind[graph.KindPerson] != 1 {
		t.Errorf("stats after merge: %+v", st)
	}
}

func testCopies(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	n := mustNode(t, s, idZoe)
	n.Aliases[0] = "changed"
	n.Attrs["nationality"] = "changed"
	sameNode(t, "node after caller mutated a returned copy", mustNode(t, s, idZoe), nodeZoe())

	es := mustEdges(t, s, idZoe, graph.Out)
	es[0].Prov.Spans[0].Start = 999
	again := mustEdges(t, s, idZoe, graph.Out)
	if again[0].Prov.Spans[0].Start == 999 {
		t.Error("mutating a returned edge changed the store")
	}

	// Nor does the store keep the caller's slices.
	b := batchA()
	s2 := fresh(t, open)
	mustWrite(t, s2, b)
	b.Nodes[0].Aliases[0] = "changed"
	b.Edges[0].Prov.Spans[0].End = 999
	sameNode(t, "node after caller mutated its batch", mustNode(t, s2, idZoe), nodeZoe())
	if es := mustEdges(t, s2, idZoe, graph.Out); es[0].Prov.Spans[0].End == 999 {
		t.Error("mutating the written batch changed the store")
	}
}

func testEdgeRoundTrip(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	b := batchA()
	// Vary every provenance field, including the zero values.
	b.Edges[0].Prov = graph.Provenance{Article: idArtA}
	b.Edges[1].Prov.Confidence = 1
	b.Edges[1].Prov.Text = "ünïcödé “quoted”"
	b.Edges[2].Seq = 1 << 20
	mustWrite(t, s, b)
	byKey := map[string]graph.Edge{}
	for _, e := range b.Edges {
		byKey[describe([]graph.Edge{e})[0]] = e
	}
	got := scanEdges(t, s)
	if len(got) != len(b.Edges) {
		t.Fatalf("scan: %d edges, want %d", len(got), len(b.Edges))
	}
	for _, e := range got {
		k := describe([]graph.Edge{e})[0]
		w, ok := byKey[k]
		if !ok {
			t.Errorf("unexpected edge %s", k)
			continue
		}
		sameEdges(t, "edge "+k, []graph.Edge{e}, []graph.Edge{w})
	}
}

func testEdgesOut(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	// By predicate (Predicates order), then the other endpoint, then article.
	sameEdges(t, "out of artB", mustEdges(t, s, idArtB, graph.Out), []graph.Edge{
		batchB().Edges[2], // contains claim
		batchB().Edges[3], // contains denial
		batchB().Edges[4], // published_by planet
		batchB().Edges[5], // mentions zoltan
		batchB().Edges[6], // republished_from artA
	})
	// The via edges come by endpoint (doc 0x401 before interview 0x402),
	// not by Seq: Seq only breaks ties, and there are none.
	sameEdges(t, "out of claim", mustEdges(t, s, idClaim, graph.Out), []graph.Edge{
		batchA().Edges[2], batchA().Edges[1],
	})
	sameEdges(t, "out of zoe", mustEdges(t, s, idZoe, graph.Out), []graph.Edge{
		batchA().Edges[0], batchB().Edges[0],
	})
}

func testEdgesIn(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	sameEdges(t, "in to claim", mustEdges(t, s, idClaim, graph.In), []graph.Edge{
		batchA().Edges[0],  // said from zoe @A
		batchB().Edges[0],  // said from zoe @B
		batchA().Edges[5],  // contains from artA
		batchB().Edges[2],  // contains from artB
		batchA().Edges[10], // contradicts from denial
	})
	sameEdges(t, "in to artA", mustEdges(t, s, idArtA, graph.In), []graph.Edge{batchB().Edges[6]})
	sameEdges(t, "in to doc", mustEdges(t, s, idDoc, graph.In), []graph.Edge{
		batchA().Edges[2], batchA().Edges[3],
	})
}

func testEdgesFilter(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	sameEdges(t, "in to claim, said", mustEdges(t, s, idClaim, graph.In, graph.Said),
		[]graph.Edge{batchA().Edges[0], batchB().Edges[0]})
	// Filter order and repetition do not change the result order.
	want := []graph.Edge{batchA().Edges[0], batchB().Edges[0], batchA().Edges[10]}
	sameEdges(t, "in to claim, contradicts+said", mustEdges(t, s, idClaim, graph.In, graph.Contradicts, graph.Said), want)
	sameEdges(t, "in to claim, said+contradicts+said", mustEdges(t, s, idClaim, graph.In, graph.Said, graph.Contradicts, graph.Said), want)
	sameEdges(t, "out of artA, published_by", mustEdges(t, s, idArtA, graph.Out, graph.PublishedBy),
		[]graph.Edge{batchA().Edges[7]})
	if es := mustEdges(t, s, idClaim, graph.In, graph.Supports); len(es) != 0 {
		t.Errorf("in to claim, supports: %v, want none", describe(es))
	}
	_, err := s.Edges(ctx, idClaim, graph.In, "likes")
	wantErr(t, "unknown predicate filter", err, graph.ErrInvalid)
}

func testEdgesMany(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	// Article 0xb00+k mentions persons 0x1000+j for j in a scrambled order;
	// every article also mentions person 0x1000.
	const persons, articles = 24, 5
	for k := articles - 1; k >= 0; k-- {
		art := graph.ID(0xb00 + k)
		b := &graph.Batch{Article: graph.Node{ID: art, Kind: graph.KindArticle, Name: fmt.Sprintf("Article %d", k)}}
		for j := range persons {
			p := graph.ID(0x1000 + (j*7+k)%persons) // 7 is coprime to 24
			b.Nodes = append(b.Nodes, graph.Node{ID: p, Kind: graph.KindPerson, Name: fmt.Sprintf("Person %d", p)})
			b.Edges = append(b.Edges, edge(art, graph.Mentions, p, art, j))
		}
		mustWrite(t, s, b)
	}
	var got []string
	for _, e := range mustEdges(t, s, 0xb02, graph.Out) {
		got = append(got, e.To.String())
	}
	var want []string
	for j := range persons {
		want = append(want, graph.ID(0x1000+j).String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("out of article 0xb02, by endpoint:\n got %v\nwant %v", got, want)
	}
	got, want = nil, nil
	for _, e := range mustEdges(t, s, 0x1000, graph.In) {
		got = append(got, e.From.String()+"@"+e.Prov.Article.String())
	}
	for k := range articles {
		want = append(want, graph.ID(0xb00+k).String()+"@"+graph.ID(0xb00+k).String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("in to person 0x1000, by endpoint:\n got %v\nwant %v", got, want)
	}
}

func testEdgesNone(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	for _, tc := range []struct {
		id  graph.ID
		dir graph.Direction
	}{{idTV, graph.Out}, {idArtB, graph.In}, {0x999, graph.Out}, {0x999, graph.In}} {
		es, err := s.Edges(ctx, tc.id, tc.dir)
		if err != nil || len(es) != 0 {
			t.Errorf("edges of %s dir %d: %v, %v; want empty, no error", tc.id, tc.dir, describe(es), err)
		}
	}
}

// testMirror checks that every edge is seen once going out of its source,
// once coming into its target, and once by ScanEdges.
func testMirror(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	mustWrite(t, s, batchA2())
	scanned := describe(scanEdges(t, s))
	var out, in []string
	for _, n := range scanNodes(t, s, "") {
		out = append(out, describe(mustEdges(t, s, n.ID, graph.Out))...)
		in = append(in, describe(mustEdges(t, s, n.ID, graph.In))...)
	}
	slices.Sort(scanned)
	slices.Sort(out)
	slices.Sort(in)
	if !slices.Equal(out, scanned) || !slices.Equal(in, scanned) {
		t.Errorf("edges by source, by target and by scan differ:\n out  %v\n in   %v\n scan %v", out, in, scanned)
	}
}

func testParallelEdges(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	es := mustEdges(t, s, idMinistry, graph.Out, graph.Said)
	if len(es) != 2 || es[0].Prov.Article != idArtA || es[1].Prov.Article != idArtB || es[0].To != es[1].To {
		t.Errorf("ministry said: %v; want the same edge once per article", describe(es))
	}
}

func testIdempotent(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	before := take(t, s)
	mustWrite(t, s, batchA())
	mustWrite(t, s, batchB())
	mustWrite(t, s, batchA())
	sameSnapshot(t, "after rewriting both articles", take(t, s), before)

	// The order articles arrive in does not matter either.
	s2 := fresh(t, open)
	mustWrite(t, s2, batchA())
	mustWrite(t, s2, batchB())
	sameSnapshot(t, "second store, same writes", take(t, s2), before)
}

func testReplace(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	mustWrite(t, s, batchA2())
	st := mustStats(t, s)
	if st.Edges != 4+7 {
		t.Errorf("after new version of A: %d edges, want 11", st.Edges)
	}
	sameEdges(t, "out of claim", mustEdges(t, s, idClaim, graph.Out), []graph.Edge{batchA2().Edges[1]})
	sameEdges(t, "out of denial", mustEdges(t, s, idDenial, graph.Out), nil)
	// Article B's edges are untouched, including its parallel ones.
	sameEdges(t, "ministry said", mustEdges(t, s, idMinistry, graph.Out), []graph.Edge{batchB().Edges[1]})
	sameEdges(t, "zoe said", mustEdges(t, s, idZoe, graph.Out), []graph.Edge{batchA2().Edges[0], batchB().Edges[0]})
	// Nodes are kept: other articles (or later ones) may use them.
	mustNode(t, s, idInterview)

	// A version that changes only an edge's provenance updates it, in
	// both directions.
	b := batchA2()
	b.Edges[0].Prov.Confidence = 0.3
	b.Edges[0].Prov.Spans = []graph.Span{{Start: 1, End: 4}}
	mustWrite(t, s, b)
	sameEdges(t, "zoe said, changed provenance", mustEdges(t, s, idZoe, graph.Out), []graph.Edge{b.Edges[0], batchB().Edges[0]})
	sameEdges(t, "in to claim, said, changed provenance", mustEdges(t, s, idClaim, graph.In, graph.Said), []graph.Edge{b.Edges[0], batchB().Edges[0]})

	// Going back to the first version restores the original graph.
	mustWrite(t, s, batchA())
	s2 := withFixture(t, open)
	sameSnapshot(t, "after restoring version 1", take(t, s), take(t, s2))
}

func testWriteMerges(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	b := batchA2()
	extra := graph.Node{ID: idZoe, Kind: graph.KindPerson, Name: "Zoe M.", Aliases: []string{"Dr Müller"},
		Attrs: map[string]string{"title": "Dr"}}
	// The node appears twice in one batch; both occurrences merge.
	b.Nodes = append(b.Nodes, extra, graph.Node{ID: idZoe, Kind: graph.KindPerson, Name: "x", Roles: []string{"author"}})
	mustWrite(t, s, b)
	want := graph.MergeNode(graph.MergeNode(nodeZoe(), extra), graph.Node{Roles: []string{"author"}})
	sameNode(t, "merged zoe", mustNode(t, s, idZoe), want)
	got, err := s.FindName(ctx, "dr muller", false, 0)
	if err != nil || !slices.Equal(got, []graph.ID{idZoe}) {
		t.Errorf("find alias added by merge: %v, %v", got, err)
	}
}

func testDuplicateEdge(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	b := batchA()
	dup := b.Edges[0]
	dup.Prov.Confidence = 0.25
	b.Edges = append(b.Edges, dup)
	mustWrite(t, s, b)
	// Within one article (From, Predicate, To) is unique: the last wins.
	sameEdges(t, "zoe said", mustEdges(t, s, idZoe, graph.Out), []graph.Edge{dup})
	if st := mustStats(t, s); st.Edges != 11 {
		t.Errorf("%d edges, want 11", st.Edges)
	}
}

func testAtomic(t *testing.T, open func(t *testing.T) graph.Store) {
	for _, tc := range []struct {
		name  string
		spoil func(b *graph.Batch)
	}{
		{"unknown predicate", func(b *graph.Batch) { b.Edges[len(b.Edges)-1].Predicate = "likes" }},
		{"confidence above 1", func(b *graph.Batch) { b.Edges[3].Prov.Confidence = 1.5 }},
		{"zero endpoint", func(b *graph.Batch) { b.Edges[4].To = 0 }},
		{"missing endpoint", func(b *graph.Batch) { b.Edges[5].To = 0x999 }},
		{"foreign provenance", func(b *graph.Batch) { b.Edges[2].Prov.Article = 0x999 }},
		{"invalid node", func(b *graph.Batch) { b.Nodes[len(b.Nodes)-1].Name = "" }},
		{"article of wrong kind", func(b *graph.Batch) { b.Article.Kind = graph.KindWork }},
		{"article without id", func(b *graph.Batch) { b.Article.ID = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fresh(t, open)
			mustWrite(t, s, batchB2())
			before := take(t, s)
			// A new article and, separately, a new version of a stored one.
			for _, mk := range []func() *graph.Batch{batchA, batchB} {
				b := mk()
				b.Nodes = append(b.Nodes, nodeArtA()) // B needs A's node here
				tc.spoil(b)
				wantErr(t, "write spoilt batch", s.WriteArticle(ctx, b), graph.ErrInvalid)
				sameSnapshot(t, "after failed write", take(t, s), before)
			}
		})
	}
	t.Run("nil batch", func(t *testing.T) {
		s := fresh(t, open)
		wantErr(t, "nil batch", s.WriteArticle(ctx, nil), graph.ErrInvalid)
	})
}

// batchB2 is batch B carrying article A's node too, so it can be written
// into an empty store.
func batchB2() *graph.Batch {
	b := batchB()
	b.Nodes = append(b.Nodes, nodeArtA())
	return b
}

func testDeleteArticle(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	if err := s.DeleteArticle(ctx, idArtA); err != nil {
		t.Fatalf("delete article A: %v", err)
	}
	_, err := s.Node(ctx, idArtA)
	wantErr(t, "deleted article node", err, graph.ErrNotFound)
	// B's republished_from edge pointed at A; it goes with A so nothing dangles.
	b := batchB()
	sameEdges(t, "all edges", scanEdges(t, s), sortedLikeScan(t, s, b.Edges[:6]))
	st := mustStats(t, s)
	if st.Nodes != 11 || st.ByKind[graph.KindArticle] != 1 || st.Edges != 6 {
		t.Errorf("stats after delete: %+v", st)
	}
	if got, err := s.FindName(ctx, nodeArtA().Name, false, 0); err != nil || len(got) != 0 {
		t.Errorf("deleted article still found by name: %v, %v", got, err)
	}
	wantErr(t, "delete again", s.DeleteArticle(ctx, idArtA), graph.ErrNotFound)
	wantErr(t, "delete a claim as an article", s.DeleteArticle(ctx, idClaim), graph.ErrNotFound)
	mustNode(t, s, idClaim)
	checkClean(t, s)

	// A deleted article can be written again.
	mustWrite(t, s, batchA())
	if st := mustStats(t, s); st.Edges != 17 {
		t.Errorf("after rewriting A: %d edges, want 17", st.Edges)
	}
}

// sortedLikeScan orders want by the store's ScanEdges order, which is only
// promised to be stable; the set is what the caller checks.
func sortedLikeScan(t *testing.T, s graph.Store, want []graph.Edge) []graph.Edge {
	t.Helper()
	pos := map[string]int{}
	for i, d := range describe(scanEdges(t, s)) {
		pos[d] = i
	}
	out := slices.Clone(want)
	slices.SortStableFunc(out, func(a, b graph.Edge) int {
		pa, oka := pos[describe([]graph.Edge{a})[0]]
		pb, okb := pos[describe([]graph.Edge{b})[0]]
		if !oka {
			pa = len(pos)
		}
		if !okb {
			pb = len(pos)
		}
		return pa - pb
	})
	return out
}

func testPutEdges(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	sup := edge(idDenial, graph.Supports, idClaim, 0, 0)
	sup.Prov.Extractor = "analyst"
	if err := s.PutEdges(ctx, []graph.Edge{sup}); err != nil {
		t.Fatalf("put edges: %v", err)
	}
	// Writing it again replaces it.
	sup.Prov.Confidence = 0.5
	if err := s.PutEdges(ctx, []graph.Edge{sup}); err != nil {
		t.Fatalf("put edges again: %v", err)
	}
	sameEdges(t, "out of denial", mustEdges(t, s, idDenial, graph.Out), []graph.Edge{sup, batchA().Edges[10]})
	// Rewriting or replacing an article leaves edges of no article alone.
	mustWrite(t, s, batchA2())
	sameEdges(t, "out of denial after A2", mustEdges(t, s, idDenial, graph.Out), []graph.Edge{sup})

	before := take(t, s)
	for name, es := range map[string][]graph.Edge{
		"with article":     {sup, edge(idDenial, graph.Supports, idClaim, idArtA, 0)},
		"missing endpoint": {sup, edge(idDenial, graph.Supports, 0x999, 0, 0)},
		"bad predicate":    {sup, edge(idDenial, "likes", idClaim, 0, 0)},
	} {
		es[0].Prov.Confidence = 0.1
		wantErr(t, "put edges "+name, s.PutEdges(ctx, es), graph.ErrInvalid)
		sameSnapshot(t, "after failed put edges "+name, take(t, s), before)
	}
	checkClean(t, s)
}

func testDeleteEdges(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	// Matched by From, Predicate, To and article: A's copy goes, B's stays.
	gone := batchA().Edges[0]
	gone.Seq, gone.Prov.Confidence = 99, 0.1 // other fields do not matter
	err := s.DeleteEdges(ctx, []graph.Edge{gone,
		edge(idZoe, graph.Said, idClaim, 0x999, 0), // missing: ignored
		edge(idZoe, "likes", idClaim, idArtA, 0),   // cannot exist: ignored
	})
	if err != nil {
		t.Fatalf("delete edges: %v", err)
	}
	sameEdges(t, "zoe said", mustEdges(t, s, idZoe, graph.Out), []graph.Edge{batchB().Edges[0]})
	sameEdges(t, "in to claim, said", mustEdges(t, s, idClaim, graph.In, graph.Said), []graph.Edge{batchB().Edges[0]})
	if st := mustStats(t, s); st.Edges != 17 {
		t.Errorf("%d edges, want 17", st.Edges)
	}
	checkClean(t, s)
	// A later version of article A does not resurrect the deleted edge
	// unless it carries it.
	mustWrite(t, s, batchA())
	if st := mustStats(t, s); st.Edges != 18 {
		t.Errorf("after rewriting A: %d edges, want 18", st.Edges)
	}
	checkClean(t, s)
}

func testFindName(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	for _, tc := range []struct {
		name   string
		prefix bool
		limit  int
		want   []graph.ID
	}{
		{"Zoë Müller", false, 0, []graph.ID{idZoe}},
		{"ZOE MULLER", false, 0, []graph.ID{idZoe}},
		{"zoe  müller!", false, 0, []graph.ID{idZoe}},
		{"Z. Muller", false, 0, []graph.ID{idZoe}}, // alias
		{"afp", false, 0, []graph.ID{idAFP}},
		{"agence france presse", false, 0, []graph.ID{idAFP}},
		{"AGENCE FRANCE–PRESSE", false, 0, []graph.ID{idAFP}},
		{"zoe", false, 0, []graph.ID{}}, // exact means the whole name
		{"nobody", false, 0, []graph.ID{}},
		// Prefix: ordered by normalised name, then ID. "z muller" (zoe's
		// alias) < "zoe mueller" (alias) < "zoe muller" < "zoltan kovacs";
		// zoe counts once, at her first name.
		{"z", true, 0, []graph.ID{idZoe, idZoltan}},
		{"zo", true, 0, []graph.ID{idZoe, idZoltan}},
		{"Zol", true, 0, []graph.ID{idZoltan}},
		{"z", true, 1, []graph.ID{idZoe}},
		{"the", true, 0, []graph.ID{idDoc, idClaim, idDenial}}, // "the hidden files" first
		{"the", true, 2, []graph.ID{idDoc, idClaim}},
		{"THE R", true, 0, []graph.ID{idDenial}},
		{"minist", true, 0, []graph.ID{idArtA, idArtB, idMinistry}}, // minister < ministry d < ministry o
		{"q", true, 0, []graph.ID{}},
	} {
		got, err := s.FindName(ctx, tc.name, tc.prefix, tc.limit)
		if err != nil {
			t.Errorf("find %q prefix=%v limit=%d: %v", tc.name, tc.prefix, tc.limit, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("find %q prefix=%v limit=%d: %v, want %v", tc.name, tc.prefix, tc.limit, got, tc.want)
		}
	}
	for _, name := range []string{"", "  ", "--"} {
		_, err := s.FindName(ctx, name, true, 0)
		wantErr(t, fmt.Sprintf("find %q", name), err, graph.ErrInvalid)
	}
}

func testScanNodes(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	for _, tc := range []struct {
		kind graph.Kind
		want []graph.ID
	}{
		{"", []graph.ID{idZoe, idZoltan, idMinistry, idAFP, idPlanet, idTV, idDoc, idInterview, idClaim, idDenial, idArtA, idArtB}},
		{graph.KindOutlet, []graph.ID{idAFP, idPlanet, idTV}},
		{graph.KindArticle, []graph.ID{idArtA, idArtB}},
		{graph.KindAssessment, []graph.ID{}},
	} {
		got := ids(scanNodes(t, s, tc.kind))
		if !slices.Equal(got, tc.want) {
			t.Errorf("scan %q: %v, want %v", tc.kind, got, tc.want)
		}
	}
	nodes := scanNodes(t, s, graph.KindWork)
	if len(nodes) == 2 {
		sameNode(t, "scanned doc", nodes[0], nodeDoc())
		sameNode(t, "scanned interview", nodes[1], nodeInterview())
	}
	stop := errors.New("stop")
	n := 0
	err := s.ScanNodes(ctx, "", func(graph.Node) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("scan stopped by fn: err %v after %d calls; want stop after 3", err, n)
	}
}

func testScanEdges(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	got := scanEdges(t, s)
	if len(got) != 18 {
		t.Fatalf("scan: %d edges, want 18", len(got))
	}
	seen := map[string]bool{}
	for _, d := range describe(got) {
		if seen[d] {
			t.Errorf("edge %s scanned twice", d)
		}
		seen[d] = true
	}
	for _, e := range append(batchA().Edges, batchB().Edges...) {
		if d := describe([]graph.Edge{e})[0]; !seen[d] {
			t.Errorf("edge %s not scanned", d)
		}
	}
	// Stable: the same graph built in another order scans the same way.
	s2 := fresh(t, open)
	mustWrite(t, s2, batchB2())
	mustWrite(t, s2, batchA())
	sameEdges(t, "scan of a store written in the other order", scanEdges(t, s2), got)

	stop := errors.New("stop")
	n := 0
	err := s.ScanEdges(ctx, func(graph.Edge) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("scan stopped by fn: err %v after %d calls; want stop after 5", err, n)
	}
}

// testNestedScan calls the store from inside scan callbacks, which the
// query layer does (scan articles, read each one's edges).
func testNestedScan(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	total := 0
	err := s.ScanNodes(ctx, graph.KindArticle, func(n graph.Node) error {
		es, err := s.Edges(ctx, n.ID, graph.Out)
		total += len(es)
		return err
	})
	if err != nil || total != 4+5 {
		t.Errorf("nested edges in scan nodes: %d edges, %v; want 9", total, err)
	}
	err = s.ScanEdges(ctx, func(e graph.Edge) error {
		_, err := s.Node(ctx, e.From)
		return err
	})
	if err != nil {
		t.Errorf("nested node in scan edges: %v", err)
	}
}

func testStats(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	empty := mustStats(t, s)
	if empty.Nodes != 0 || empty.Edges != 0 || len(empty.ByKind) != 0 || len(empty.ByPredicate) != 0 {
		t.Errorf("empty store stats: %+v", empty)
	}
	mustWrite(t, s, batchA())
	mustWrite(t, s, batchB())
	want := graph.Stats{
		Nodes: 12, Edges: 18,
		ByKind: map[graph.Kind]int{graph.KindArticle: 2, graph.KindPerson: 2, graph.KindOrganisation: 1,
			graph.KindOutlet: 3, graph.KindWork: 2, graph.KindClaim: 2},
		ByPredicate: map[graph.Predicate]int{graph.Said: 4, graph.Via: 2, graph.PartOf: 1, graph.AiredOn: 1,
			graph.Contains: 4, graph.ReportedBy: 1, graph.PublishedBy: 2, graph.Mentions: 1,
			graph.RepublishedFrom: 1, graph.Contradicts: 1},
	}
	if got := mustStats(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("stats:\n got %+v\nwant %+v", got, want)
	}
}

func checkClean(t *testing.T, s graph.Store) {
	t.Helper()
	c, ok := s.(graph.Checker)
	if !ok {
		return
	}
	probs, err := c.Check(ctx)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, p := range probs {
		t.Errorf("check: %s: %s", p.Kind, p.Detail)
	}
}

func testCheck(t *testing.T, open func(t *testing.T) graph.Store) {
	s := fresh(t, open)
	if _, ok := s.(graph.Checker); !ok {
		t.Skip("store is not a graph.Checker")
	}
	checkClean(t, s)
	mustWrite(t, s, batchA())
	mustWrite(t, s, batchB())
	mustWrite(t, s, batchA2())
	checkClean(t, s)
}

func testBackup(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	bk, ok := s.(graph.Backuper)
	if !ok {
		t.Skip("store is not a graph.Backuper")
	}
	if err := s.PutEdges(ctx, []graph.Edge{edge(idDenial, graph.Supports, idClaim, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	want := take(t, s)
	var buf bytes.Buffer
	if err := bk.Backup(ctx, &buf); err != nil {
		t.Fatalf("backup: %v", err)
	}
	// Restoring replaces what the target held.
	s2 := fresh(t, open)
	if err := s2.PutNode(ctx, graph.Node{ID: 0x777, Kind: graph.KindPerson, Name: "Stray Node"}); err != nil {
		t.Fatal(err)
	}
	if err := s2.(graph.Backuper).Restore(ctx, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("restore: %v", err)
	}
	sameSnapshot(t, "restored store", take(t, s2), want)
	if got, err := s2.FindName(ctx, "stray node", false, 0); err != nil || len(got) != 0 {
		t.Errorf("node from before the restore still found: %v, %v", got, err)
	}
	checkClean(t, s2)
	// The restored store keeps working: article indexes came along.
	mustWrite(t, s2, batchA2())
	if st := mustStats(t, s2); st.Edges != 4+7+1 {
		t.Errorf("after new version of A in restored store: %d edges, want 12", st.Edges)
	}
	err := s2.(graph.Backuper).Restore(ctx, strings.NewReader("not a backup"))
	if err == nil {
		t.Error("restore of garbage: no error")
	}
}

func testContext(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	before := take(t, s)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := s.Node(cctx, idZoe)
	wantErr(t, "node with cancelled context", err, context.Canceled)
	_, err = s.Edges(cctx, idZoe, graph.Out)
	wantErr(t, "edges with cancelled context", err, context.Canceled)
	err = s.ScanEdges(cctx, func(graph.Edge) error { return nil })
	wantErr(t, "scan edges with cancelled context", err, context.Canceled)
	wantErr(t, "write with cancelled context", s.WriteArticle(cctx, batchA2()), context.Canceled)
	wantErr(t, "delete with cancelled context", s.DeleteArticle(cctx, idArtA), context.Canceled)
	sameSnapshot(t, "after cancelled writes", take(t, s), before)
}

func testClosed(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	_, err := s.Node(ctx, idZoe)
	wantErr(t, "node after close", err, graph.ErrClosed)
	_, err = s.Edges(ctx, idZoe, graph.Out)
	wantErr(t, "edges after close", err, graph.ErrClosed)
	_, err = s.FindName(ctx, "zoe", true, 0)
	wantErr(t, "find name after close", err, graph.ErrClosed)
	wantErr(t, "write after close", s.WriteArticle(ctx, batchA()), graph.ErrClosed)
	wantErr(t, "put node after close", s.PutNode(ctx, nodeTV()), graph.ErrClosed)
	_, err = s.Stats(ctx)
	wantErr(t, "stats after close", err, graph.ErrClosed)
	// The cleanup closes it a second time, which must be harmless.
}

// testConcurrent runs writers adding articles that all touch one shared
// node while readers check that every read sees whole articles only.
func testConcurrent(t *testing.T, open func(t *testing.T) graph.Store) {
	s := withFixture(t, open)
	const writers, perWriter, claims = 3, 8, 5
	articleID := func(w, i int) graph.ID { return graph.ID(0x10000 + w*0x100 + i) }
	mk := func(w, i int) *graph.Batch {
		art := articleID(w, i)
		b := &graph.Batch{
			Article: graph.Node{ID: art, Kind: graph.KindArticle, Name: fmt.Sprintf("Concurrent article %d-%d", w, i)},
			// Every writer merges a new alias into zoe: a lost update
			// would lose an alias.
			Nodes: []graph.Node{{ID: idZoe, Kind: graph.KindPerson, Name: "Zoë Müller",
				Aliases: []string{fmt.Sprintf("zoe alias %d-%d", w, i)}}},
		}
		for c := range claims {
			cid := art<<8 | graph.ID(c+1)
			b.Nodes = append(b.Nodes, graph.Node{ID: cid, Kind: graph.KindClaim, Name: fmt.Sprintf("claim %d-%d-%d", w, i, c)})
			b.Edges = append(b.Edges, edge(art, graph.Contains, cid, art, 0), edge(idZoe, graph.Said, cid, art, 0))
		}
		return b
	}
	var (
		wg      sync.WaitGroup
		done    = make(chan struct{})
		errs    = make(chan error, 64)
		written sync.Map
	)
	report := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				b := mk(w, i)
				for {
					err := s.WriteArticle(ctx, b)
					if errors.Is(err, graph.ErrConflict) {
						continue // documented as retryable
					}
					if err != nil {
						report(fmt.Errorf("writer %d: %w", w, err))
						return
					}
					break
				}
				written.Store(articleID(w, i), true)
			}
		}()
	}
	var rg sync.WaitGroup
	for r := range 2 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				w, i := n%writers, (n/writers)%perWriter
				art := articleID(w, i)
				// Loaded before reading: a write known complete must be seen.
				_, wasWritten := written.Load(art)
				es, err := s.Edges(ctx, art, graph.Out)
				if err != nil {
					report(fmt.Errorf("reader %d: %w", r, err))
					return
				}
				if len(es) != 0 && len(es) != claims || wasWritten && len(es) != claims {
					report(fmt.Errorf("reader %d: article %s has %d edges (written: %v), want 0 or %d", r, art, len(es), wasWritten, claims))
				}
				said, err := s.Edges(ctx, idZoe, graph.Out, graph.Said)
				if err != nil {
					report(err)
					return
				}
				if (len(said)-2)%claims != 0 {
					report(fmt.Errorf("reader %d: zoe has %d said edges: a partial article is visible", r, len(said)))
				}
				st, err := s.Stats(ctx)
				if err != nil {
					report(err)
					return
				}
				sum := 0
				for _, c := range st.ByPredicate {
					sum += c
				}
				if sum != st.Edges || (st.Edges-18)%(2*claims) != 0 {
					report(fmt.Errorf("reader %d: inconsistent stats %+v", r, st))
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := mustStats(t, s)
	if want := 18 + writers*perWriter*2*claims; st.Edges != want {
		t.Errorf("%d edges after concurrent writes, want %d", st.Edges, want)
	}
	zoe := mustNode(t, s, idZoe)
	aliases := map[string]bool{}
	for _, a := range zoe.Aliases {
		aliases[a] = true
	}
	for w := range writers {
		for i := range perWriter {
			if a := fmt.Sprintf("zoe alias %d-%d", w, i); !aliases[a] {
				t.Errorf("alias %q lost by a concurrent merge", a)
			}
		}
	}
	if got := slices.Sorted(maps.Keys(aliases)); len(got) != writers*perWriter+2 {
		t.Errorf("zoe has %d aliases, want %d", len(got), writers*perWriter+2)
	}
	checkClean(t, s)
}
