package export_test

import (
	"fmt"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// genNews generates a news provenance graph of about nEdges edges as
// per-article batches: in each article a speaker said a claim via a
// documentary aired on a broadcaster, and the article, reported by an
// agency and published by a publisher, contains the claim. Each claim is
// reported by three articles, so said, via and contains edges run in
// parallel, as they do in real news.
func genNews(nEdges int) []graph.Batch {
	const perArticle = 6
	articles := nEdges / perArticle
	pool := func(k graph.Kind, sub, prefix string, i int) graph.Node {
		return graph.Node{ID: graph.NewID(k, prefix, fmt.Sprint(i)), Kind: k, Subkind: sub, Name: fmt.Sprintf("%s %d", prefix, i)}
	}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]graph.Batch, 0, articles)
	for i := range articles {
		a := graph.Node{ID: graph.NewID(graph.KindArticle, fmt.Sprint(i)), Kind: graph.KindArticle,
			Name:  fmt.Sprintf("Report %d: officials \"deny\" <claims> & more", i),
			Attrs: map[string]string{graph.AttrURL: fmt.Sprintf("https://news.example/%d", i), graph.AttrPublished: t0.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)}}
		c := i / 3
		speaker := pool(graph.KindPerson, "", "Speaker", c%2000)
		speaker.Aliases = []string{fmt.Sprintf("S. %d", c%2000)}
		claim := graph.Node{ID: graph.NewID(graph.KindClaim, fmt.Sprint(c)), Kind: graph.KindClaim,
			Name:  fmt.Sprintf("Claim %d was made\nwith \"quotes\" and a long enough body of text to look like a real quotation from a news article", c),
			Attrs: map[string]string{graph.AttrClaimKind: []string{"direct", "indirect"}[c%2]}}
		doc := pool(graph.KindWork, graph.SubDocumentary, "Documentary", c%300)
		tv := pool(graph.KindOutlet, graph.SubBroadcaster, "Broadcaster", c%40)
		agency := pool(graph.KindOutlet, graph.SubAgency, "Agency", i%25)
		paper := pool(graph.KindOutlet, graph.SubPublisher, "Publisher", i%120)
		p := func(conf float64, spans ...graph.Span) graph.Provenance {
			return graph.Provenance{Article: a.ID, Spans: spans, Extractor: "rules", Version: "v1", Confidence: conf, Ingested: t0.Add(time.Duration(i) * time.Minute)}
		}
		out = append(out, graph.Batch{Article: a, Nodes: []graph.Node{speaker, claim, doc, tv, agency, paper}, Edges: []graph.Edge{
			{From: speaker.ID, To: claim.ID, Predicate: graph.Said, Prov: p(0.9, graph.Span{Start: 10, End: 120})},
			{From: claim.ID, To: doc.ID, Predicate: graph.Via, Prov: p(0.8)},
			{From: doc.ID, To: tv.ID, Predicate: graph.AiredOn, Prov: p(0.7)},
			{From: a.ID, To: claim.ID, Predicate: graph.Contains, Prov: p(1)},
			{From: a.ID, To: agency.ID, Predicate: graph.ReportedBy, Prov: p(0.95)},
			{From: a.ID, To: paper.ID, Predicate: graph.PublishedBy, Prov: p(1)},
		}})
	}
	return out
}

// flatten returns a batch list's nodes and edges, for export.Static.
func flatten(bs []graph.Batch) ([]graph.Node, []graph.Edge) {
	var nodes []graph.Node
	var edges []graph.Edge
	for _, b := range bs {
		nodes = append(nodes, b.Article)
		nodes = append(nodes, b.Nodes...)
		edges = append(edges, b.Edges...)
	}
	return nodes, edges
}
