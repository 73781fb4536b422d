package path_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
	"github.com/sourcetrace/sourcetrace/query/path"
)

// benchStore loads the graphtest benchmark graph (400 articles, about
// 9,000 nodes and 16,000 edges) into a badger store on disk.
func benchStore(b *testing.B) graph.Store {
	b.Helper()
	s, err := gbadger.Open(b.TempDir(), gbadger.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for n := range 400 {
		if err := s.WriteArticle(context.Background(), graphtest.GenerateBatch(n)); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkEvaluate(b *testing.B) {
	s := benchStore(b)
	for _, expr := range []string{
		`speaker("Speaker Number 7").said().via()`,
		`speaker("Speaker Number 7").said().in("contains").out("published_by").unique()`,
		`outlet("Publisher Outlet 3").in("published_by").out("contains").in("said").unique()`,
		`node("Channel Work 5").in*("via", "part_of", depth: 3).has(kind: "claim").unique()`,
	} {
		e, err := path.Parse(expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(expr, func(b *testing.B) {
			var rows int
			for b.Loop() {
				res, err := path.Evaluate(context.Background(), s, e, path.Options{MaxDepth: 12, MaxResults: 100000})
				if err != nil {
					b.Fatal(err)
				}
				rows = len(res.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

func BenchmarkParse(b *testing.B) {
	const expr = `speaker("Ramzan Kadyrov").said().via*(3).airedOn().in("published_by").has(kind: "article").unique().limit(10)`
	for b.Loop() {
		if _, err := path.Parse(expr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKShortest(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	find := func(name string) graph.ID {
		ids, err := s.FindName(ctx, name, false, 1)
		if err != nil || len(ids) == 0 {
			b.Fatalf("find %q: %v %v", name, ids, err)
		}
		return ids[0]
	}
	from, to := find("Speaker Number 7"), find("Speaker Number 211")
	for _, k := range []int{1, 10} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			var n int
			for b.Loop() {
				res, err := path.KShortest(ctx, s, from, to, k, path.ShortestOptions{MaxDepth: 6, Undirected: true})
				if err != nil {
					b.Fatal(err)
				}
				n = len(res.Paths)
			}
			b.ReportMetric(float64(n), "paths")
		})
	}
}
