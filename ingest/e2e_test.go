package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
)

// moduleRoot is the repository root, two levels above this package.
func moduleRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate test file")
	}
	return filepath.Join(filepath.Dir(file), "..")
}

// TestEndToEndBadger runs the real pipeline (reader, extractor, Build,
// badger store on disk, queries) over the example article and checks the
// invariants that hold whatever the extractor's quality: nothing skipped,
// a consistent store, claims whose chains start at their speaker and end
// at the article's outlets, and an unchanged graph after re-ingesting.
func TestEndToEndBadger(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "examples", "kadyrov-spies.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("example article not found: %v", err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := &ingest.Ingester{
		Writer: s, Extractor: extract.New(extract.Options{}), Workers: 2,
		ReadOptions: article.DefaultOptions(), Meta: ingest.Meta{Extractor: "rules", Version: "test"},
	}
	sum, err := in.Run(ctx, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 1 || len(sum.Skipped) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if sum.Claims == 0 {
		t.Fatal("the extractor found no claims in the example article")
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("store check: %v %v", problems, err)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}

	docs, err := article.ReadFile(ctx, path, article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	claims, err := query.ArticleClaims(ctx, s, ingest.ArticleID(docs[0]))
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != sum.Claims {
		t.Errorf("article has %d claims, summary says %d", len(claims), sum.Claims)
	}
	outlets, err := s.Edges(ctx, ingest.ArticleID(docs[0]), graph.Out, graph.ReportedBy, graph.PublishedBy)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		chains, err := query.Chains(ctx, s, c.ID)
		if err != nil {
			t.Fatalf("chains of %s: %v", c.ID, err)
		}
		if len(chains) != 1 {
			t.Errorf("claim %q: %d chains, want 1 (one report)", c.Content, len(chains))
			continue
		}
		hops := chains[0].Hops
		if len(hops) == 0 || hops[0].ID != c.SpeakerID || hops[0].Predicate != graph.Said {
			t.Errorf("chain %s does not start at speaker %s", chains[0], c.Speaker)
		}
		if len(hops) < len(outlets) || (len(outlets) > 0 && hops[len(hops)-1].ID != outlets[len(outlets)-1].To) {
			t.Errorf("chain %s does not end at the article's outlets", chains[0])
		}
	}
	var sb strings.Builder
	for _, c := range claims {
		chains, _ := query.Chains(ctx, s, c.ID)
		query.WriteChains(&sb, chains)
	}
	t.Logf("chains:\n%s", sb.String())

	if _, err := in.Run(ctx, []string{path}); err != nil {
		t.Fatal(err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Nodes != after.Nodes || before.Edges != after.Edges {
		t.Errorf("re-ingest changed the graph: %+v -> %+v", before, after)
	}
}
