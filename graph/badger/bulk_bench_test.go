//go:build unix

package badger

import (
	"syscall"
	"testing"
	"time"

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
