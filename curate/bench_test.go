package curate_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

// BenchmarkReapply measures the replay ingest runs after every write, on
// the graphtest benchmark graph (400 articles) with 20 merges of speakers
// (each with the claims and mentions of several articles) and 20 speaker
// corrections in the log.
func BenchmarkReapply(b *testing.B) {
	ctx := context.Background()
	s, err := gbadger.Open(b.TempDir(), gbadger.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for n := range 400 {
		if err := s.WriteArticle(ctx, graphtest.GenerateBatch(n)); err != nil {
			b.Fatal(err)
		}
	}
	find := func(name string) graph.ID {
		ids, err := s.FindName(ctx, name, false, 1)
		if err != nil || len(ids) == 0 {
			b.Fatalf("find %q: %v %v", name, ids, err)
		}
		return ids[0]
	}
	m := curate.Meta{By: "bench"}
	for i := range 20 {
		a, c := find(fmt.Sprint("Speaker Number ", 2*i)), find(fmt.Sprint("Speaker Number ", 2*i+1))
		if _, err := curate.Merge(ctx, s, s, a, c, m); err != nil {
			b.Fatal(err)
		}
		claim := find(fmt.Sprintf("claim 0 of article %d says something", 100+i))
		if _, err := curate.CorrectSpeaker(ctx, s, s, claim, fmt.Sprint("Speaker Number ", 300+i), m); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		n, err := curate.Reapply(ctx, s, s)
		if err != nil || n != 40 {
			b.Fatalf("reapply: %d, %v", n, err)
		}
	}
}
