package assess_test

import (
	"context"
	"testing"

	"github.com/sourcetrace/sourcetrace/assess"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
)

func BenchmarkZZBBC(b *testing.B) {
	s, err := gbadger.Open("/tmp/stbbc2", gbadger.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := assess.Assess(context.Background(), s, assess.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
