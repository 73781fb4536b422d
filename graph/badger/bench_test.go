package badger

import (
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

// BenchmarkWriteVsRaw compares Store.WriteArticle with the floor badger
// itself sets: one db.Update blindly setting the same keys and values
// (no validation, no reads, no merging, no old-version cleanup). The
// ratio metric is store time over raw time; it is the overhead worth
// attacking in a write-performance issue.
func BenchmarkWriteVsRaw(b *testing.B) {
	for _, disk := range []bool{false, true} {
		name := "InMemory"
		if disk {
			name = "OnDisk"
		}
		b.Run(name, func(b *testing.B) {
			open := func() *Store {
				dir, opts := "", Options{InMemory: true}
				if disk {
					dir, opts = b.TempDir(), DefaultOptions()
				}
				s, err := Open(dir, opts)
				if err != nil {
					b.Fatal(err)
				}
				return s
			}
			store, raw := open(), open()
			defer store.Close()
			defer raw.Close()
			batches := make([]*graph.Batch, b.N)
			for i := range batches {
				batches[i] = graphtest.GenerateBatch(2_000_000 + i)
			}
			var tStore, tRaw time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if err := store.WriteArticle(ctx, batches[i]); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if err := raw.db.Update(func(txn *badger.Txn) error { return rawWrite(txn, batches[i]) }); err != nil {
					b.Fatal(err)
				}
				tStore += mid.Sub(start)
				tRaw += time.Since(mid)
			}
			b.StopTimer()
			b.ReportMetric(float64(tStore.Nanoseconds())/float64(b.N), "store-ns/article")
			b.ReportMetric(float64(tRaw.Nanoseconds())/float64(b.N), "raw-ns/article")
			b.ReportMetric(float64(tStore)/float64(tRaw), "store/raw")
		})
	}
}

// rawWrite sets the keys WriteArticle would write for b into an empty
// store, with none of its reads or checks.
func rawWrite(txn *badger.Txn, b *graph.Batch) error {
	for _, n := range append([]graph.Node{b.Article}, b.Nodes...) {
		if err := txn.Set(nodeKey(n.ID), encodeNode(&n)); err != nil {
			return err
		}
		if err := txn.Set(kindKey(n.Kind, n.ID), nil); err != nil {
			return err
		}
		for _, name := range nodeNames(n) {
			if err := txn.Set(nameKey(name, n.ID), nil); err != nil {
				return err
			}
		}
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		k := edgeKey{From: e.From, To: e.To, Pred: uint8(e.Predicate.Index()), Article: e.Prov.Article}
		if err := setEdge(txn, k, encodeEdge(e)); err != nil {
			return err
		}
	}
	return nil
}
