package assess_test

import (
	"context"
	"fmt"
	"time"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

// Two people reported by two agencies say the same thing: two independent
// origins, so the claim is confirmed by other sources (1). An analyst
// grade seeds the agency's reliability.
func ExampleAssess() {
	ctx := context.Background()
	st := mem.New()
	defer st.Close()
	node := func(kind graph.Kind, name string) graph.ID {
		id := graph.NewID(kind, name)
		_ = st.PutNode(ctx, graph.Node{ID: id, Kind: kind, Name: name})
		return id
	}
	wire := node(graph.KindOutlet, "Example Wire")
	if _, err := assess.Rate(ctx, st, st, wire, "B", "editor", "long accurate record", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		fmt.Println(err)
	}
	var claims []graph.ID
	for _, who := range []string{"Ada Example", "Ben Example"} {
		speaker := node(graph.KindPerson, who)
		art := graph.NewID(graph.KindArticle, who)
		claim := graph.NewID(graph.KindClaim, who, "the bridge reopened")
		claims = append(claims, claim)
		p := graph.Provenance{Article: art, Confidence: 1}
		err := st.WriteArticle(ctx, &graph.Batch{
			Article: graph.Node{ID: art, Kind: graph.KindArticle, Name: "report by " + who},
			Nodes: []graph.Node{{ID: claim, Kind: graph.KindClaim, Name: "The old bridge over the river reopened to traffic on Monday",
				Attrs: map[string]string{graph.AttrCue: "said"}}},
			Edges: []graph.Edge{
				{From: speaker, To: claim, Predicate: graph.Said, Prov: p},
				{From: art, To: claim, Predicate: graph.Contains, Prov: p},
				{From: art, To: wire, Predicate: graph.ReportedBy, Prov: p},
			},
		})
		if err != nil {
			fmt.Println(err)
		}
	}
	res, err := assess.Assess(ctx, st, assess.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := res.Claim(claims[0])
	w, _ := res.Source(wire)
	fmt.Printf("claim: %d (%s), %d independent origins\n", c.Credibility, c.Meaning, c.Independent)
	fmt.Printf("wire: %s (%s), basis %s\n", w.Reliability, w.Reliability.Meaning(), w.Basis)
	fmt.Println("converged:", res.Converged)
	// Output:
	// claim: 1 (confirmed by other sources), 2 independent origins
	// wire: B (usually reliable), basis analyst
	// converged: true
}
