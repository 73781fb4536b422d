package badger

import (
	"errors"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

// TestWriteArticlesEqualsWriteArticle writes the same batches one by one
// and in groups (with a shared node merged twice in a group and one
// article rewritten within its group) and compares every key and value.
func TestWriteArticlesEqualsWriteArticle(t *testing.T) {
	var bs []*graph.Batch
	for i := range 60 {
		bs = append(bs, graphtest.GenerateBatch(i))
	}
	changed := graphtest.GenerateBatch(3) // a new version of article 3
	changed.Edges = changed.Edges[:len(changed.Edges)-4]
	bs = append(bs[:5], append([]*graph.Batch{changed}, bs[5:]...)...) // same group as the first version

	want := openTest(t)
	for _, b := range bs {
		if err := want.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	got := openTest(t)
	for i := 0; i < len(bs); i += 7 {
		if err := got.WriteArticles(ctx, bs[i:min(i+7, len(bs))]); err != nil {
			t.Fatal(err)
		}
	}
	w, g := dump(t, want), dump(t, got)
	if len(w) != len(g) {
		t.Errorf("%d keys after WriteArticles, %d after WriteArticle", len(g), len(w))
	}
	for k, v := range w {
		if g[k] != v {
			t.Errorf("key %x: %x, want %x", k, g[k], v)
		}
	}
	if probs, err := got.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

// TestWriteArticlesAllOrNothing: a bad batch anywhere in the group leaves
// the store untouched.
func TestWriteArticlesAllOrNothing(t *testing.T) {
	dangling := smallBatch()
	dangling.Edges[0].From = 777 // stored nowhere
	invalid := smallBatch()
	invalid.Article.Kind = graph.KindClaim
	for _, bad := range []*graph.Batch{dangling, invalid} {
		s := openTest(t)
		before := dump(t, s)
		err := s.WriteArticles(ctx, []*graph.Batch{graphtest.GenerateBatch(1), bad})
		if !errors.Is(err, graph.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
		if after := dump(t, s); len(after) != len(before) {
			t.Errorf("%d keys after a failed group, %d before", len(after), len(before))
		}
	}
}
