//go:build unix

package badger

import (
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

// BenchmarkBulkLoad loads 20,000 generated articles (about 800,000 edges)
// into a fresh on-disk store per iteration. Besides wall time it reports
// the process CPU time per load, which a busy shared machine disturbs
// much less.
func BenchmarkBulkLoad(b *testing.B) {
	const n = 20_000
	bs := make([]*graph.Batch, n)
	edges := 0
	for i := range bs {
		bs[i] = graphtest.GenerateBatch(i)
		edges += len(bs[i].Edges)
	}
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		if _, err := s.BulkLoad(ctx, batchesSrc(bs)); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(edges*b.N)/b.Elapsed().Seconds(), "edges/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWriteArticlesVsRaw writes 4,000 generated articles in groups
// of 25 (about 1,000 edges) with WriteArticles and, interleaved group by
// group on a second store, with raw db.Update of the same keys.
func BenchmarkWriteArticlesVsRaw(b *testing.B) {
	const n, group = 4000, 25
	bs := make([]*graph.Batch, n)
	for i := range bs {
		bs[i] = graphtest.GenerateBatch(3_000_000 + i)
	}
	var tStore, tRaw time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		raw, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < n; i += group {
			g := bs[i:min(i+group, n)]
			start := time.Now()
			if err := s.WriteArticles(ctx, g); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			err := raw.db.Update(func(txn *badger.Txn) error {
				for _, bt := range g {
					if err := EncodeBatch(bt, txn.Set); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			tStore += mid.Sub(start)
			tRaw += time.Since(mid)
		}
		b.StopTimer()
		s.Close()
		raw.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(tStore)/float64(tRaw), "store/raw")
}
