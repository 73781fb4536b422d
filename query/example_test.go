package query_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query"
)

// A made-up article: a minister's claim, made in an interview that was part
// of a programme aired on a broadcaster, credited to a news agency and
// published by a website.
func ExampleChains() {
	ctx := context.Background()
	s := mem.New()
	node := func(kind graph.Kind, sub, name string) graph.Node {
		return graph.Node{ID: graph.NewID(kind, name), Kind: kind, Subkind: sub, Name: name}
	}
	article := node(graph.KindArticle, "", "Minister promises new ferry")
	article.Attrs = map[string]string{graph.AttrPublished: "2024-05-01"}
	minister := node(graph.KindPerson, "", "Ann Minister")
	claim := node(graph.KindClaim, "", "a new ferry will run from June")
	claim.Attrs = map[string]string{graph.AttrClaimKind: "indirect", graph.AttrCue: "promised"}
	interview := node(graph.KindWork, graph.SubInterview, "an interview")
	programme := node(graph.KindWork, graph.SubReport, "the Evening Report")
	radio := node(graph.KindOutlet, graph.SubBroadcaster, "Coast Radio")
	agency := node(graph.KindOutlet, graph.SubAgency, "Harbour Press Agency")
	site := node(graph.KindOutlet, graph.SubPublisher, "Island News")

	prov := graph.Provenance{Article: article.ID, Confidence: 0.9, Ingested: time.Unix(0, 0)}
	edge := func(from graph.Node, p graph.Predicate, to graph.Node, seq int) graph.Edge {
		return graph.Edge{From: from.ID, To: to.ID, Predicate: p, Seq: seq, Prov: prov}
	}
	err := s.WriteArticle(ctx, &graph.Batch{
		Article: article,
		Nodes:   []graph.Node{minister, claim, interview, programme, radio, agency, site},
		Edges: []graph.Edge{
			edge(minister, graph.Said, claim, 0),
			edge(article, graph.Contains, claim, 0),
			edge(claim, graph.Via, interview, 0),
			edge(claim, graph.Via, programme, 1),
			edge(claim, graph.Via, radio, 2),
			edge(article, graph.ReportedBy, agency, 0),
			edge(article, graph.PublishedBy, site, 0),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	chains, err := query.Chains(ctx, s, claim.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chains[0])
	query.WriteChains(os.Stdout, chains)
	// Output:
	// Ann Minister → an interview → the Evening Report → Coast Radio → Harbour Press Agency → Island News
	// claim e77cbb778617fe4b  "a new ferry will run from June" (indirect, "promised")
	//   Ann Minister (person)
	//   └─ said → an interview (work: interview)
	//      └─ via → the Evening Report (work: report)
	//         └─ via → Coast Radio (outlet: broadcaster)
	//            └─ reported by → Harbour Press Agency (outlet: news agency)
	//               └─ published by → Island News (outlet: publisher)
	//                  └─ in article "Minister promises new ferry" (2024-05-01)
}
