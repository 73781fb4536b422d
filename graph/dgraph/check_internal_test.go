package dgraph

import (
	"context"
	"slices"
	"testing"

	"github.com/dgraph-io/dgo/v250/protos/api"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph/dgraphtest"
)

// TestCheckFinds damages a store behind its back and expects Check to
// name each kind of damage.
func TestCheckFinds(t *testing.T) {
	c := dgraphtest.Shared(t)
	ctx := context.Background()
	s, err := Open(ctx, c.Alpha, Options{Graph: "checkfinds"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	art := graph.Node{ID: 0xa1, Kind: graph.KindArticle, Name: "Article"}
	zoe := graph.Node{ID: 0xb1, Kind: graph.KindPerson, Name: "Zoe"}
	claim := graph.Node{ID: 0xc1, Kind: graph.KindClaim, Name: "a claim"}
	err = s.WriteArticle(ctx, &graph.Batch{Article: art, Nodes: []graph.Node{zoe, claim}, Edges: []graph.Edge{
		{From: zoe.ID, To: claim.ID, Predicate: graph.Said, Prov: graph.Provenance{Article: art.ID}},
		{From: art.ID, To: claim.ID, Predicate: graph.Contains, Prov: graph.Provenance{Article: art.ID}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if probs, err := s.Check(ctx); err != nil || len(probs) != 0 {
		t.Fatalf("check of a sound store: %v, %v", probs, err)
	}
	uid := func(id graph.ID) string {
		var res struct{ Q []struct{ UID string } }
		if err := (querier{s.dg.NewReadOnlyTxn()}).query(ctx, `query q($x: string) { q(func: eq(xid, $x)) { uid } }`,
			map[string]string{"$x": s.nodeXID(id)}, &res); err != nil || len(res.Q) != 1 {
			t.Fatalf("uid of %s: %v %v", id, res, err)
		}
		return "<" + res.Q[0].UID + ">"
	}
	// Drop the said triple, add an unsupported mentions triple and a
	// stray indexed name.
	_, err = s.dg.NewTxn().Do(ctx, &api.Request{CommitNow: true, Mutations: []*api.Mutation{{
		DelNquads: []byte(uid(zoe.ID) + " " + v("said") + " " + uid(claim.ID) + " ."),
		SetNquads: []byte(uid(art.ID) + " " + v("mentions") + " " + uid(zoe.ID) + " .\n" +
			uid(zoe.ID) + " " + pNorm + ` "someone else" .`),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	probs, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, p := range probs {
		kinds = append(kinds, p.Kind)
	}
	slices.Sort(kinds)
	if want := []string{"missing-triple", "name-index", "orphan-triple"}; !slices.Equal(kinds, want) {
		t.Errorf("problems %v, want kinds %v", probs, want)
	}
}

// TestWriteReusesLoadedNode: a node a live load of an export made (xid,
// no record) is completed in place by a write, not duplicated.
func TestWriteReusesLoadedNode(t *testing.T) {
	c := dgraphtest.Shared(t)
	ctx := context.Background()
	s, err := Open(ctx, c.Alpha, Options{Graph: "loaded"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := graph.Node{ID: 0x77, Kind: graph.KindPerson, Name: "Loaded Person"}
	_, err = s.dg.NewTxn().Do(ctx, &api.Request{CommitNow: true, Mutations: []*api.Mutation{{
		SetNquads: []byte(`_:x <xid> ` + nquadString(s.nodeXID(n.ID)) + " .\n_:x " + pKind + ` "person" .`),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Node(ctx, n.ID); err == nil {
		t.Fatal("a node without a record is visible")
	}
	if err := s.PutNode(ctx, n); err != nil {
		t.Fatal(err)
	}
	var res struct{ Q []struct{ UID string } }
	if err := (querier{s.dg.NewReadOnlyTxn()}).query(ctx, `query q($x: string) { q(func: eq(xid, $x)) { uid } }`,
		map[string]string{"$x": s.nodeXID(n.ID)}, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Q) != 1 {
		t.Errorf("%d nodes with the xid after the write, want 1", len(res.Q))
	}
	if got, err := s.Node(ctx, n.ID); err != nil || got.Name != n.Name {
		t.Errorf("node after write: %+v, %v", got, err)
	}
}
