package badger

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

// dump returns every key and value of the store, in key order.
func dump(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = string(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func batchesSrc(bs []*graph.Batch) func(func(*graph.Batch) error) error {
	return func(yield func(*graph.Batch) error) error {
		for _, b := range bs {
			if err := yield(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestBulkLoadEqualsWriteArticle loads the same batches both ways, with
// runs small enough to force many spills, and compares every key and
// value: merged nodes, name and kind indexes, edges.
func TestBulkLoadEqualsWriteArticle(t *testing.T) {
	for _, runBytes := range []int{bulkRunBytes, 4 << 10} {
		t.Run(fmt.Sprint(runBytes), func(t *testing.T) {
			saved := bulkRunBytes
			bulkRunBytes = runBytes
			t.Cleanup(func() { bulkRunBytes = saved })
			var bs []*graph.Batch
			for i := range 120 {
				bs = append(bs, graphtest.GenerateBatch(i))
			}
			// A node met again with a new alias, role and attribute, and
			// a different name that merging must not index.
			extra := smallBatch()
			old := extra.Nodes[0].ID
			extra.Nodes[0].ID = bs[0].Nodes[3].ID
			extra.Nodes[0].Kind = bs[0].Nodes[3].Kind
			for i := range extra.Edges {
				if extra.Edges[i].From == old {
					extra.Edges[i].From = extra.Nodes[0].ID
				}
			}
			extra.Nodes[0].Roles = []string{"minister"}
			extra.Nodes[0].Attrs = map[string]string{"x": "y"}
			bs = append(bs, extra)

			want := openTest(t)
			for _, b := range bs {
				if err := want.WriteArticle(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			got := openTest(t)
			st, err := got.BulkLoad(ctx, batchesSrc(bs))
			if err != nil {
				t.Fatal(err)
			}
			if runBytes < 1<<20 && st.Runs < 5 {
				t.Errorf("%d runs, want several", st.Runs)
			}
			w, g := dump(t, want), dump(t, got)
			if len(w) != len(g) {
				t.Errorf("bulk load wrote %d keys, WriteArticle %d", len(g), len(w))
			}
			for k, v := range w {
				gv, ok := g[k]
				switch {
				case !ok:
					t.Errorf("key %x missing after bulk load", k)
				case gv != v:
					t.Errorf("key %x: value %x, want %x", k, gv, v)
				}
			}
			for k := range g {
				if _, ok := w[k]; !ok {
					t.Errorf("bulk load wrote extra key %x", k)
				}
			}
			stats, err := got.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Edges != st.Edges || stats.Nodes != st.Nodes || st.Articles != len(bs) {
				t.Errorf("bulk stats %+v, store stats %+v", st, stats)
			}
			if probs, err := got.Check(ctx); err != nil || len(probs) > 0 {
				t.Errorf("check after bulk load: %v %v", probs, err)
			}
			// The store takes ordinary writes afterwards.
			if err := got.WriteArticle(ctx, graphtest.GenerateBatch(9999)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBulkLoadRefuses(t *testing.T) {
	dangling := smallBatch()
	dangling.Edges[0].From = 777
	tests := []struct {
		name    string
		prefill bool
		batches []*graph.Batch
	}{
		{"non-empty store", true, []*graph.Batch{graphtest.GenerateBatch(1)}},
		{"same article twice", false, []*graph.Batch{graphtest.GenerateBatch(1), graphtest.GenerateBatch(1)}},
		{"dangling edge", false, []*graph.Batch{dangling}},
		{"invalid batch", false, []*graph.Batch{{Article: graph.Node{ID: 5, Kind: graph.KindClaim, Name: "x"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			if tt.prefill {
				if err := s.WriteArticle(ctx, graphtest.GenerateBatch(2)); err != nil {
					t.Fatal(err)
				}
			}
			before := dump(t, s)
			_, err := s.BulkLoad(ctx, batchesSrc(tt.batches))
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if after := dump(t, s); len(after) != len(before) {
				t.Errorf("%d keys after a refused load, %d before", len(after), len(before))
			}
		})
	}
}

func TestBulkLoadSourceError(t *testing.T) {
	s := openTest(t)
	boom := errors.New("boom")
	_, err := s.BulkLoad(ctx, func(yield func(*graph.Batch) error) error {
		if err := yield(graphtest.GenerateBatch(1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got := dump(t, s); len(got) != 1 {
		t.Errorf("%d keys after a failed load, want the schema key only", len(got))
	}
}

// TestBulkLoadOnDisk reopens a bulk-loaded store: the tables StreamWriter
// wrote must survive a close.
func TestBulkLoadOnDisk(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var bs []*graph.Batch
	for i := range 50 {
		bs = append(bs, graphtest.GenerateBatch(i))
	}
	st, err := s.BulkLoad(ctx, batchesSrc(bs))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Edges != st.Edges || stats.Nodes != st.Nodes {
		t.Errorf("after reopen %+v, loaded %+v", stats, st)
	}
	if err := s.WriteArticle(ctx, graphtest.GenerateBatch(500)); err != nil {
		t.Fatal(err)
	}
}

// TestBulkLoadRepeatedNodeOrder: a node written as A, then B, then A
// again must end with A's attributes, as WriteArticle leaves it, even
// though the loader skips occurrences identical to the previous one.
func TestBulkLoadRepeatedNodeOrder(t *testing.T) {
	mk := func(art graph.ID, v string) *graph.Batch {
		b := smallBatch()
		b.Article.ID = art
		b.Nodes[0].Attrs = map[string]string{"k": v}
		b.Nodes[1].ID = art + 1000 // a claim of its own
		for i := range b.Edges {
			b.Edges[i].Prov.Article = art
			b.Edges[i].To = art + 1000
			if b.Edges[i].From == 100 {
				b.Edges[i].From = art
			}
		}
		return b
	}
	bs := []*graph.Batch{mk(100, "a"), mk(101, "b"), mk(102, "a"), mk(103, "a")}
	want := openTest(t)
	for _, b := range bs {
		if err := want.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	got := openTest(t)
	if _, err := got.BulkLoad(ctx, batchesSrc(bs)); err != nil {
		t.Fatal(err)
	}
	w, g := dump(t, want), dump(t, got)
	if len(w) != len(g) {
		t.Fatalf("%d keys, want %d", len(g), len(w))
	}
	for k, v := range w {
		if g[k] != v {
			t.Errorf("key %x: %x, want %x", k, g[k], v)
		}
	}
	n, err := got.Node(ctx, 1)
	if err != nil || n.Attrs["k"] != "a" {
		t.Errorf("node 1 = %+v, %v; want attribute k=a", n, err)
	}
}

// TestPutNodeRepeatedAliases: the unchanged-node fast path must not keep
// a repeated alias that merging drops.
func TestPutNodeRepeatedAliases(t *testing.T) {
	s := openTest(t)
	n := graph.Node{ID: 9, Kind: graph.KindPerson, Name: "Dana Reyes", Aliases: []string{"D. Reyes", "D. Reyes"}}
	for range 2 {
		if err := s.PutNode(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Node(ctx, 9)
	if err != nil || len(got.Aliases) != 1 {
		t.Errorf("node %+v, %v; want the alias once", got, err)
	}
}
