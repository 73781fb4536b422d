package export_test

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/export"
)

var (
	benchOnce sync.Once
	benchSrc  export.Source
	benchN    int
)

// BenchmarkWrite exports a generated news graph of about 100k edges in each
// format and reports edges/s. Allocations per op stay proportional to the
// records written, with no buffer growing with the graph.
func BenchmarkWrite(b *testing.B) {
	benchOnce.Do(func() {
		nodes, edges := flatten(genNews(100_000))
		benchSrc = export.Static(nodes, edges)
		benchN = len(edges)
	})
	ctx := context.Background()
	for _, f := range export.Formats() {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			var bytes int64
			for b.Loop() {
				var st export.Stats
				var err error
				if f == export.CSV {
					st, _, err = export.WriteCSV(ctx, b.TempDir(), benchSrc, export.Options{})
				} else {
					st, err = export.Write(ctx, io.Discard, f, benchSrc, export.Options{})
				}
				if err != nil {
					b.Fatal(err)
				}
				bytes = st.Bytes
			}
			b.SetBytes(bytes)
			b.ReportMetric(float64(benchN)*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
		})
	}
}

// BenchmarkReadNQuads imports an N-Quads export of a generated news graph
// of about 10k edges into a mem store.
func BenchmarkReadNQuads(b *testing.B) {
	nodes, edges := flatten(genNews(10_000))
	var buf bytes.Buffer
	if _, err := export.Write(context.Background(), &buf, export.NQuads, export.Static(nodes, edges), export.Options{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		s := mem.New()
		if _, err := export.ReadNQuads(context.Background(), bytes.NewReader(buf.Bytes()), s); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(len(edges))*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
}
