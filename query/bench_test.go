package query_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

// BenchmarkChains reads the chains of one claim reported by 50 articles,
// each with three channels, an agency and a publisher, every article
// republished from the one before (a 50-deep republication line).
func BenchmarkChains(b *testing.B) {
	const n = 50
	f := newFixture(b)
	f.node("sp", graph.KindPerson, "", "Speaker", nil)
	f.node("c", graph.KindClaim, "", "the claim", nil)
	for _, ch := range []string{"w1", "w2", "o1", "ag", "pub"} {
		f.node(ch, graph.KindOutlet, "", ch, nil)
	}
	var pairs [][2]string
	for i := range n {
		a := fmt.Sprintf("A%d", i)
		f.node(a, graph.KindArticle, "", a, art(fmt.Sprintf("2020-01-%02d", i%28+1)))
		f.article(a, rel{"sp", graph.Said, "c", 0}, rel{a, graph.Contains, "c", 0},
			rel{"c", graph.Via, "w1", 0}, rel{"c", graph.Via, "w2", 1}, rel{"c", graph.Via, "o1", 2},
			rel{a, graph.ReportedBy, "ag", 0}, rel{a, graph.PublishedBy, "pub", 0})
		if i > 0 && i%10 != 0 { // lines of ten, to stay within MaxDepth
			pairs = append(pairs, [2]string{a, fmt.Sprintf("A%d", i-1)})
		}
	}
	f.republished(pairs...)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		chains, err := query.Chains(ctx, f.s, f.id("c"))
		if err != nil || len(chains) != n {
			b.Fatalf("%d chains, %v", len(chains), err)
		}
	}
}
