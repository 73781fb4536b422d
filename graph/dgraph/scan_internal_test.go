package dgraph

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph/dgraphtest"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

// TestScanPages checks that scans page correctly when a page ends inside a
// run of filtered-out entries: small pages, nodes of two kinds interleaved
// in ID order, assertions between them.
func TestScanPages(t *testing.T) {
	c := dgraphtest.Shared(t)
	ctx := context.Background()
	s, err := Open(ctx, c.Alpha, Options{Graph: "scanpages"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 3

	ref := mem.New()
	art := graph.Node{ID: 0xeeee000000000001, Kind: graph.KindArticle, Name: "Article"}
	b := &graph.Batch{Article: art}
	for i := range 20 {
		kind := graph.KindPerson
		if i%3 == 0 {
			kind = graph.KindClaim
		}
		// IDs spread over the whole range, some starting with "ed", the
		// prefix of assertion xids.
		id := graph.ID(uint64(i+1)<<59 | 0xed)
		if i%4 == 0 {
			id = graph.ID(0xed00000000000000 + uint64(i))
		}
		b.Nodes = append(b.Nodes, graph.Node{ID: id, Kind: kind, Name: fmt.Sprintf("node %d", i)})
		b.Edges = append(b.Edges, graph.Edge{From: art.ID, To: id, Predicate: graph.Mentions, Prov: graph.Provenance{Article: art.ID}})
	}
	for _, st := range []graph.Store{s, ref} {
		if err := st.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, kind := range []graph.Kind{"", graph.KindPerson, graph.KindClaim, graph.KindArticle} {
		var got, want []graph.ID
		if err := s.ScanNodes(ctx, kind, func(n graph.Node) error { got = append(got, n.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := ref.ScanNodes(ctx, kind, func(n graph.Node) error { want = append(want, n.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("scan %q nodes with pages of %d:\n got %v\nwant %v", kind, pageSize, got, want)
		}
	}
	n := 0
	seen := map[graph.ID]bool{}
	if err := s.ScanEdges(ctx, func(e graph.Edge) error { n++; seen[e.To] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != len(b.Edges) || len(seen) != len(b.Edges) {
		t.Errorf("scan edges with pages of %d: %d edges to %d nodes, want %d", pageSize, n, len(seen), len(b.Edges))
	}
}
