package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

func BenchmarkBuild(b *testing.B) {
	doc, res := harbourDoc(), harbourResult(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ingest.Build(doc, res, testMeta); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunFake measures the pipeline without extraction cost: 200
// small articles read from disk, built and written to graph/mem.
func BenchmarkRunFake(b *testing.B) {
	const n = 200
	dir := b.TempDir()
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("a%03d.txt", i)] = fmt.Sprintf("Story %d\n\nAnna Berg said the bridge will close in week %d on Radio North. Carl Dahl said traffic will move %d.\n", i, i, i)
	}
	writeTree(b, dir, files)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		in := newIngester(mem.New())
		sum, err := in.Run(ctx, []string{dir})
		if err != nil || sum.Articles != n {
			b.Fatalf("%+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkRunCorpus ingests 100 BBC politics articles with the rule
// extractor into graph/mem.
func BenchmarkRunCorpus(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpus(b, "bbc"), "politics", "*.txt"))
	if len(files) < 100 {
		b.Skip("BBC politics articles not available")
	}
	files = files[:100]
	x := extract.New(extract.Options{})
	ctx := context.Background()
	for b.Loop() {
		in := newIngester(mem.New())
		in.Extractor, in.Workers = x, 0
		if _, err := in.Run(ctx, files); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(100*b.N)/b.Elapsed().Seconds(), "articles/s")
}
