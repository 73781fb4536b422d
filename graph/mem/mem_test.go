package mem_test

import (
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

func TestConformance(t *testing.T) {
	graphtest.TestAll(t, func(t *testing.T) graph.Store { return mem.New() })
}

func BenchmarkStore(b *testing.B) {
	graphtest.BenchmarkAll(b, func(b *testing.B) graph.Store { return mem.New() })
}
