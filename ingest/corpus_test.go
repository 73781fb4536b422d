package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
)

// corpus returns the shared corpus directory named by parts, skipping the
// test when it is absent.
func corpus(t testing.TB, parts ...string) string {
	dir := filepath.Join(append([]string{moduleRoot(t), "..", "shared", "corpus"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available at %s: %v", dir, err)
	}
	return dir
}

// TestCorpusBBC ingests the BBC corpus (with -short or -race only the
// first 150 politics articles) with the rule extractor: real articles must all land, the store must stay
// consistent and every claim must have a chain.
func TestCorpusBBC(t *testing.T) {
	paths := []string{corpus(t, "bbc")}
	if testing.Short() || raceEnabled {
		files, err := filepath.Glob(filepath.Join(paths[0], "politics", "*.txt"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no politics articles: %v", err)
		}
		slices.Sort(files)
		paths = files[:min(150, len(files))]
	}
	ctx := context.Background()
	s := mem.New()
	in := &ingest.Ingester{Writer: s, Extractor: extract.New(extract.Options{}),
		ReadOptions: article.DefaultOptions(), Meta: ingest.Meta{Extractor: "rules", Version: "test"}}
	sum, err := in.Run(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles, %d claims, %d entities, %d edges, %d skipped, %d warnings in %s",
		sum.Articles, sum.Claims, sum.Entities, sum.Edges, len(sum.Skipped), len(sum.Warnings), sum.Elapsed)
	for i, w := range sum.Warnings {
		if i == 10 {
			break
		}
		t.Logf("warning: %s", w)
	}
	if len(sum.Skipped) > 0 {
		t.Errorf("skipped %v", sum.Skipped)
	}
	if sum.Articles == 0 || sum.Claims == 0 {
		t.Fatalf("nothing ingested: %+v", sum)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("store check: %d problems, first %v; err %v", len(problems), problems[:min(1, len(problems))], err)
	}
	rep, err := query.Stats(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	// The full BBC set repeats some articles verbatim: they are left out.
	if rep.ByKind["article"] != sum.Articles || (len(paths) == 1 && sum.Duplicates == 0) {
		t.Errorf("store has %d articles, summary %d, %d duplicates", rep.ByKind["article"], sum.Articles, sum.Duplicates)
	}
	t.Logf("claims with several reports %d, anonymous %d, unresolved %d", rep.MultiReport, rep.Anonymous, rep.Unresolved)
}
