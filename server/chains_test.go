package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/server"
)

// TestChainGraphMerges draws a claim reported twice, the second article
// republishing the first: shared nodes are drawn once, shared steps are one
// edge counting both articles, and the republication is an edge of its own.
func TestChainGraphMerges(t *testing.T) {
	ctx := context.Background()
	node := func(k graph.Kind, sub, name string) graph.Node {
		return graph.Node{ID: graph.NewID(k, name), Kind: k, Subkind: sub, Name: name}
	}
	speaker := node(graph.KindPerson, "", "Pat Speaker")
	claim := node(graph.KindClaim, "", "the dam will hold")
	claim.Attrs = map[string]string{graph.AttrClaimKind: "indirect", graph.AttrCue: "said", "credibility": "3"}
	radio := node(graph.KindWork, graph.SubInterview, "a radio interview")
	wire := node(graph.KindOutlet, graph.SubAgency, "Wire Agency")
	wire.Attrs = map[string]string{"reliability": "B"}
	paperX := node(graph.KindOutlet, graph.SubPublisher, "Paper X")
	paperY := node(graph.KindOutlet, graph.SubPublisher, "Paper Y")
	art1 := node(graph.KindArticle, "", "Dam will hold, says Speaker")
	art1.Attrs = map[string]string{graph.AttrPublished: "2024-03-01"}
	art2 := node(graph.KindArticle, "", "Speaker: dam safe")
	art2.Attrs = map[string]string{graph.AttrPublished: "2024-03-02"}

	edge := func(from, to graph.Node, p graph.Predicate, art graph.Node) graph.Edge {
		return graph.Edge{From: from.ID, To: to.ID, Predicate: p, Prov: graph.Provenance{Article: art.ID, Confidence: 0.9}}
	}
	st := mem.New()
	defer st.Close()
	for _, b := range []*graph.Batch{
		{Article: art1, Nodes: []graph.Node{speaker, claim, radio, wire, paperX}, Edges: []graph.Edge{
			edge(speaker, claim, graph.Said, art1), edge(claim, radio, graph.Via, art1), edge(art1, claim, graph.Contains, art1),
			edge(art1, wire, graph.ReportedBy, art1), edge(art1, paperX, graph.PublishedBy, art1)}},
		{Article: art2, Nodes: []graph.Node{speaker, claim, radio, paperY, art1}, Edges: []graph.Edge{
			edge(speaker, claim, graph.Said, art2), edge(claim, radio, graph.Via, art2), edge(art2, claim, graph.Contains, art2),
			edge(art2, paperY, graph.PublishedBy, art2), edge(art2, art1, graph.RepublishedFrom, art2)}},
	} {
		if err := st.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(server.New(server.Options{Store: st}).Handler())
	defer srv.Close()
	f := &fixture{srv: srv}

	var res server.ChainsResult
	f.get(t, "/api/claims/"+claim.ID.String()+"/chains", http.StatusOK, &res)
	if len(res.Chains) != 2 {
		t.Fatalf("%d chains, want 2: %v", len(res.Chains), res.Chains)
	}
	if res.Claim.Credibility != "3" || res.Claim.Published != "2024-03-01" || res.Claim.Reports != 2 || res.Claim.Speaker != "Pat Speaker" {
		t.Errorf("claim %+v: want credibility 3, earliest date 2024-03-01, 2 reports, speaker Pat Speaker", res.Claim)
	}
	count := map[graph.ID]int{}
	grade := map[graph.ID]string{}
	for _, n := range res.Graph.Nodes {
		count[n.ID]++
		grade[n.ID] = n.Grade
	}
	for _, n := range []graph.Node{speaker, radio, wire, paperX, paperY, art1, art2} {
		if count[n.ID] != 1 {
			t.Errorf("%s drawn %d times, want once", n.Name, count[n.ID])
		}
	}
	if count[claim.ID] != 0 {
		t.Error("the claim itself is drawn; chains run from its speaker")
	}
	if grade[wire.ID] != "B" {
		t.Errorf("agency grade %q, want B", grade[wire.ID])
	}
	type key struct {
		from, to graph.ID
		label    string
	}
	edges := map[key]int{}
	for _, e := range res.Graph.Edges {
		edges[key{e.Source, e.Target, e.Label}] = e.Articles
	}
	for k, want := range map[key]int{
		{speaker.ID, radio.ID, "said"}:           2, // both articles
		{radio.ID, wire.ID, "reported by"}:       1,
		{wire.ID, paperX.ID, "published by"}:     2, // art1's, also on art2's chain through art1
		{paperX.ID, art1.ID, "in article"}:       1,
		{radio.ID, paperY.ID, "published by"}:    1,
		{paperY.ID, art1.ID, "republished from"}: 1,
		{art1.ID, wire.ID, "reported by"}:        1,
		{paperX.ID, art2.ID, "in article"}:       1,
	} {
		if got := edges[k]; got != want {
			t.Errorf("edge %s -%s-> %s: %d articles, want %d", k.from, k.label, k.to, got, want)
		}
	}
	if len(edges) != 8 {
		t.Errorf("%d edges drawn, want 8: %v", len(edges), edges)
	}
}
