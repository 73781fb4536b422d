package export_test

import (
	"context"
	"fmt"
	"os"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
)

func ExampleWrite() {
	speaker := graph.Node{ID: 0x1, Kind: graph.KindPerson, Name: "A Speaker"}
	claim := graph.Node{ID: 0x2, Kind: graph.KindClaim, Name: `"It happened"`}
	article := graph.Node{ID: 0x3, Kind: graph.KindArticle, Name: "Report"}
	said := graph.Edge{From: speaker.ID, To: claim.ID, Predicate: graph.Said, Prov: graph.Provenance{Article: article.ID, Confidence: 0.9}}
	src := export.Static([]graph.Node{speaker, claim, article}, []graph.Edge{said})
	st, err := export.Write(context.Background(), os.Stdout, export.DOT, src, export.Options{})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(st.Nodes, "nodes,", st.Edges, "edge")
	// Output:
	// digraph sourcetrace {
	//   rankdir=LR;
	//   node [shape=box];
	//   "0000000000000001" [label="A Speaker", shape=ellipse, "kind"="person"];
	//   "0000000000000002" [label="\"It happened\"", shape=note, "kind"="claim"];
	//   "0000000000000003" [label="Report", shape=folder, "kind"="article"];
	//   "0000000000000001" -> "0000000000000002" [id="0000000000000001-said-0000000000000002-0000000000000003-0", label="said", "seq"="0", "article"="0000000000000003", "confidence"="0.9"];
	// }
	// 3 nodes, 1 edge
}
