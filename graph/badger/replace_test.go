package badger_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/badger"
)

// A replaced node loses aliases from the name index, and kind changes are refused.
func TestReplaceNode(t *testing.T) {
	ctx := context.Background()
	s, err := badger.Open(t.TempDir(), badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := graph.Node{ID: 7, Kind: graph.KindPerson, Name: "Ramzan Kadyrov", Aliases: []string{"Kadyrov", "the Chechen leader"}}
	if err := s.PutNode(ctx, n); err != nil {
		t.Fatal(err)
	}
	n.Aliases = []string{"Kadyrov"}
	n.Name = "Ramzan A. Kadyrov"
	if err := s.ReplaceNode(ctx, n); err != nil {
		t.Fatal(err)
	}
	got, err := s.Node(ctx, 7)
	if err != nil || got.Name != "Ramzan A. Kadyrov" || !slices.Equal(got.Aliases, []string{"Kadyrov"}) {
		t.Fatalf("node = %+v, %v", got, err)
	}
	for name, want := range map[string]int{"the Chechen leader": 0, "Ramzan Kadyrov": 0, "Kadyrov": 1, "Ramzan A. Kadyrov": 1} {
		ids, err := s.FindName(ctx, name, false, 0)
		if err != nil || len(ids) != want {
			t.Errorf("FindName(%q) = %v, %v; want %d hits", name, ids, err, want)
		}
	}
	n.Kind = graph.KindOrganisation
	if err := s.ReplaceNode(ctx, n); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("kind change: %v, want ErrInvalid", err)
	}
	if err := s.ReplaceNode(ctx, graph.Node{ID: 8, Kind: graph.KindPerson, Name: "x"}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("missing node: %v, want ErrNotFound", err)
	}
	if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("check after replace: %v %v", probs, err)
	}
}
