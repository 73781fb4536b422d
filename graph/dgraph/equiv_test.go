package dgraph_test

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/graph/dgraph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/path"
)

// pair is one graph in both stores: ingested into Badger, pushed to Dgraph.
type pair struct {
	badger *gbadger.Store
	dgraph *dgraph.Store
	push   dgraph.PushStats
	skip   string
	err    error
}

var (
	pairOnce sync.Once
	shared   pair
)

// bbcFiles lists the first n BBC articles, taken round-robin across the
// categories so every section is represented; nil when the corpus is
// absent.
func bbcFiles(n int) []string {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "bbc")
	var cats [][]string
	for _, c := range []string{"business", "entertainment", "politics", "sport", "tech"} {
		files, _ := filepath.Glob(filepath.Join(root, c, "*.txt"))
		slices.Sort(files)
		if len(files) > 0 {
			cats = append(cats, files)
		}
	}
	var out []string
	for i := 0; len(out) < n; i++ {
		added := false
		for _, fs := range cats {
			if i < len(fs) && len(out) < n {
				out = append(out, fs[i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// corpusPair builds the founding article plus 500 BBC articles (50 with
// -short) into Badger and pushes them to Dgraph, once per test binary.
func corpusPair(tb testing.TB) *pair {
	tb.Helper()
	requireDgraph(tb)
	pairOnce.Do(func() {
		n := 500
		if testing.Short() {
			n = 50
		}
		files := bbcFiles(n)
		if len(files) == 0 {
			shared.skip = "BBC corpus not found at ../shared/corpus/bbc; skipping the equivalence test"
			return
		}
		dir, err := os.MkdirTemp("", "sourcetrace-equiv-")
		if err != nil {
			shared.err = err
			return
		}
		tempDirs = append(tempDirs, dir)
		bs, err := gbadger.Open(dir, gbadger.DefaultOptions())
		if err != nil {
			shared.err = err
			return
		}
		shared.badger = bs
		in := &ingest.Ingester{Writer: bs, Extractor: extract.New(extract.Options{}), ReadOptions: article.DefaultOptions(),
			Meta: ingest.Meta{Extractor: "equiv", Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}
		ctx := context.Background()
		if _, shared.err = in.Run(ctx, append([]string{filepath.Join("..", "..", "examples", "kadyrov-spies.txt")}, files...)); shared.err != nil {
			return
		}
		shared.dgraph = openStore(tb)
		shared.push, shared.err = shared.dgraph.Push(ctx, bs, dgraph.PushOptions{})
	})
	if shared.skip != "" {
		tb.Skip(shared.skip)
	}
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return &shared
}

// requireDgraph skips tb without a Dgraph binary, before any slow ingest.
func requireDgraph(tb testing.TB) {
	tb.Helper()
	if err := openStore(tb).Close(); err != nil {
		tb.Fatal(err)
	}
}

// sample picks claims: the 20 with the most reports, then every k-th
// claim in ID order, at most max in all.
func sample(tb testing.TB, r graph.Reader, limit int) []graph.ID {
	ctx := context.Background()
	type cr struct {
		id      graph.ID
		reports int
	}
	var all []cr
	if err := r.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
		all = append(all, cr{id: n.ID})
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	for i := range all {
		in, err := r.Edges(ctx, all[i].id, graph.In, graph.Contains)
		if err != nil {
			tb.Fatal(err)
		}
		all[i].reports = len(in)
	}
	var out []graph.ID
	step := max(1, len(all)/limit)
	for i := 0; i < len(all) && len(out) < limit-20; i += step {
		out = append(out, all[i].id)
	}
	slices.SortStableFunc(all, func(a, b cr) int { return cmp.Compare(b.reports, a.reports) })
	for _, c := range all[:min(20, len(all))] {
		if !slices.Contains(out, c.id) {
			out = append(out, c.id)
		}
	}
	return out
}

// same compares two answers by their JSON, which is what users see.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: marshal: %v %v", what, err1, err2)
	}
	if string(g) != string(w) {
		t.Errorf("%s differs:\n dgraph %s\n badger %s", what, g, w)
	}
}

func TestEquivalence(t *testing.T) {
	p := corpusPair(t)
	ctx := context.Background()
	bs, ds := p.badger, p.dgraph
	bst, err := bs.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := ds.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "stats", dst, bst)
	if probs, err := ds.Check(ctx); err != nil || len(probs) != 0 {
		t.Errorf("check after push: %v, %v", probs, err)
	}
	t.Logf("graph: %d nodes, %d edges; push: %s, %.0f edges/s", bst.Nodes, bst.Edges, p.push.Elapsed.Round(time.Millisecond), p.push.EdgesPerSecond)

	// Pushing again changes nothing.
	if _, err := ds.Push(ctx, bs, dgraph.PushOptions{Batch: 500}); err != nil {
		t.Fatal(err)
	}
	if again, err := ds.Stats(ctx); err != nil || !slicesEqualStats(again, dst) {
		t.Errorf("stats after a second push: %+v, %v; want %+v", again, err, dst)
	}

	claims := sample(t, bs, 150)
	t.Run("Chains", func(t *testing.T) {
		for _, id := range claims {
			want, err := query.Chains(ctx, bs, id)
			if err != nil {
				t.Fatalf("badger chains %s: %v", id, err)
			}
			viaReader, err := query.Chains(ctx, ds, id)
			if err != nil {
				t.Fatalf("dgraph reader chains %s: %v", id, err)
			}
			same(t, "chains (reader) of "+id.String(), viaReader, want)
			native, err := ds.Chains(ctx, id)
			if err != nil {
				t.Fatalf("dgraph DQL chains %s: %v", id, err)
			}
			same(t, "chains (DQL) of "+id.String(), native, want)
		}
	})
	t.Run("Origins", func(t *testing.T) {
		for _, id := range claims[:min(len(claims), 80)] {
			want, err := query.Origins(ctx, bs, id, query.ClusterOptions{})
			if err != nil {
				t.Fatalf("badger origins %s: %v", id, err)
			}
			viaReader, err := query.Origins(ctx, ds, id, query.ClusterOptions{})
			if err != nil {
				t.Fatalf("dgraph reader origins %s: %v", id, err)
			}
			same(t, "origins (reader) of "+id.String(), viaReader, want)
			native, err := ds.Origins(ctx, id, query.ClusterOptions{})
			if err != nil {
				t.Fatalf("dgraph DQL origins %s: %v", id, err)
			}
			same(t, "origins (DQL) of "+id.String(), native, want)
		}
	})
	t.Run("ClaimsBy", func(t *testing.T) {
		var names []string
		if err := bs.ScanNodes(ctx, graph.KindPerson, func(n graph.Node) error {
			if len(names) < 60 {
				names = append(names, n.Name)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		names = append(names, "Ramzan Kadyrov", "kadyrov", "nobody at all")
		for _, name := range names {
			want, werr := query.ClaimsBy(ctx, bs, name)
			viaReader, rerr := query.ClaimsBy(ctx, ds, name)
			native, nerr := ds.ClaimsBy(ctx, name)
			if (werr == nil) != (rerr == nil) || (werr == nil) != (nerr == nil) {
				t.Errorf("claims by %q: errors badger %v, reader %v, DQL %v", name, werr, rerr, nerr)
				continue
			}
			if werr != nil {
				same(t, "claims-by error for "+name, nerr.Error(), werr.Error())
				continue
			}
			same(t, "claims by (reader) "+name, viaReader, want)
			same(t, "claims by (DQL) "+name, native, want)
		}
	})
	t.Run("Path", func(t *testing.T) {
		// From speakers to the articles reporting them, and from one
		// speaker to the next one sampled.
		var pairs [][2]graph.ID
		var prev graph.ID
		for _, id := range claims[:min(len(claims), 40)] {
			said, err := bs.Edges(ctx, id, graph.In, graph.Said)
			if err != nil || len(said) == 0 {
				continue
			}
			contains, err := bs.Edges(ctx, id, graph.In, graph.Contains)
			if err != nil || len(contains) == 0 {
				continue
			}
			pairs = append(pairs, [2]graph.ID{said[0].From, contains[len(contains)-1].From})
			if prev != 0 && prev != said[0].From {
				pairs = append(pairs, [2]graph.ID{prev, said[0].From})
			}
			prev = said[0].From
		}
		if len(pairs) == 0 {
			t.Fatal("no speaker-outlet pairs to test")
		}
		opts := path.ShortestOptions{MaxDepth: 4, Undirected: true}
		exact, none := 0, 0
		defer func() { t.Logf("%d pairs: %d compared exactly, %d with no path", len(pairs), exact, none) }()
		for _, pr := range pairs {
			want, err := path.KShortest(ctx, bs, pr[0], pr[1], 3, opts)
			if err != nil {
				t.Fatalf("badger paths %s-%s: %v", pr[0], pr[1], err)
			}
			viaReader, err := path.KShortest(ctx, ds, pr[0], pr[1], 3, opts)
			if err != nil {
				t.Fatalf("dgraph reader paths: %v", err)
			}
			same(t, "paths (reader) "+pr[0].String()+"-"+pr[1].String(), viaReader, want)
			native, found, err := ds.Shortest(ctx, pr[0], pr[1], opts)
			if err != nil {
				t.Fatalf("dgraph DQL shortest: %v", err)
			}
			// Dgraph's shortest gives one path of the least length; the
			// length must agree, and the path must be one KShortest finds
			// when it is the only one of that length.
			if len(want.Paths) == 0 {
				none++
				if found {
					t.Errorf("DQL shortest %s-%s: length %d, badger finds none", pr[0], pr[1], native.Length)
				}
				continue
			}
			if !found || native.Length != want.Paths[0].Length {
				t.Errorf("DQL shortest %s-%s: length %d, badger %d", pr[0], pr[1], native.Length, want.Paths[0].Length)
			}
			if len(want.Paths) == 1 || want.Paths[1].Length > want.Paths[0].Length {
				exact++
				same(t, "DQL shortest "+pr[0].String()+"-"+pr[1].String(), native, want.Paths[0])
			}
		}
	})
}

func slicesEqualStats(a, b graph.Stats) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
