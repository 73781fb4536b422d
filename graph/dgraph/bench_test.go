package dgraph_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
	"github.com/sourcetrace/sourcetrace/query"
)

// The chain benchmarks answer query.Chains for the same sampled claims of
// the equivalence graph (founding article + 500 BBC articles; 50 with
// -short) from Badger, from Dgraph through the graph.Reader methods (one
// request per hop), and from Dgraph with one DQL request per claim:
//
//	go test ./graph/dgraph -run '^$' -bench Chain -benchtime 300x
func benchChains(b *testing.B, chains func(context.Context, graph.ID) ([]query.Chain, error)) {
	p := corpusPair(b)
	ids := sample(b, p.badger, 150)
	ctx := context.Background()
	var d []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := chains(ctx, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
		i++
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds()), "p99-µs")
}

func BenchmarkChainBadger(b *testing.B) {
	p := corpusPair(b)
	benchChains(b, func(ctx context.Context, id graph.ID) ([]query.Chain, error) { return query.Chains(ctx, p.badger, id) })
}

func BenchmarkChainDgraphReader(b *testing.B) {
	p := corpusPair(b)
	benchChains(b, func(ctx context.Context, id graph.ID) ([]query.Chain, error) { return query.Chains(ctx, p.dgraph, id) })
}

func BenchmarkChainDgraphDQL(b *testing.B) {
	p := corpusPair(b)
	benchChains(b, p.dgraph.Chains)
}

// BenchmarkStore runs graphtest's store benchmarks (writes and reads of
// generated articles) against Dgraph.
func BenchmarkStore(b *testing.B) {
	graphtest.BenchmarkAll(b, func(b *testing.B) graph.Store { return openStore(b) })
}
