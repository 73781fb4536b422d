package dgraph_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph/dgraphtest"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

func TestMain(m *testing.M) {
	code := dgraphtest.Main(m)
	if shared.badger != nil {
		shared.badger.Close()
	}
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// tempDirs are removed after the tests (stores shared between tests
// outlive any one test's TempDir).
var tempDirs []string

var (
	graphs     atomic.Int64
	schemaOnce sync.Once
)

// openStore opens a fresh, empty store: a new graph name on the shared
// cluster, so stores a test holds at once do not see each other.
func openStore(tb testing.TB) *dgraph.Store {
	tb.Helper()
	c := dgraphtest.Shared(tb)
	ctx := context.Background()
	var err error
	schemaOnce.Do(func() {
		var s *dgraph.Store
		if s, err = dgraph.Open(ctx, c.Alpha, dgraph.Options{Graph: "schema"}); err == nil {
			err = s.Close()
		}
	})
	if err != nil {
		tb.Fatalf("install schema: %v", err)
	}
	name := fmt.Sprintf("t%d-%d", os.Getpid(), graphs.Add(1))
	s, err := dgraph.Open(ctx, c.Alpha, dgraph.Options{Graph: name, SkipSchema: true})
	if err != nil {
		tb.Fatalf("open dgraph store: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	graphtest.TestAll(t, func(t *testing.T) graph.Store { return openStore(t) })
}
