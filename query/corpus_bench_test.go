package query_test

import (
	"bytes"
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/search"
)

// The corpus benchmarks query a graph built from BBC and Reuters articles
// with the real extractor, in a Badger store on disk. Extraction is slow, so
// the graph is built once per benchmark process (into the first
// benchmark's b.TempDir) and kept as a backup in memory; every benchmark
// restores it into its own b.TempDir. Run:
//
//	go test ./query -run '^$' -bench 'Chain$|Origins|Search|Subgraph' -benchtime 2000x
//
// (-short: BBC business articles and one Reuters file instead of all BBC
// articles and four Reuters files.) Each reports the p50 and p99 latency
// of one query over a spread of targets.

var corpus struct {
	once   sync.Once
	backup []byte
	err    error
	skip   string
}

func corpusRoot() string { return filepath.Join("..", "..", "shared", "corpus") }

// corpusStore gives a store holding the benchmark graph.
func corpusStore(b *testing.B) *gbadger.Store {
	b.Helper()
	corpus.once.Do(func() { buildCorpus(b) })
	if corpus.skip != "" {
		b.Skip(corpus.skip)
	}
	if corpus.err != nil {
		b.Fatal(corpus.err)
	}
	s, err := gbadger.Open(b.TempDir(), gbadger.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.Restore(context.Background(), bytes.NewReader(corpus.backup)); err != nil {
		b.Fatal(err)
	}
	return s
}

func buildCorpus(b *testing.B) {
	root := corpusRoot()
	bbc := filepath.Join(root, "bbc")
	reuters := []string{"reut2-000.sgm", "reut2-001.sgm", "reut2-002.sgm", "reut2-003.sgm"}
	if testing.Short() {
		bbc = filepath.Join(bbc, "business")
		reuters = reuters[:1]
	}
	if _, err := os.Stat(bbc); err != nil {
		corpus.skip = "corpus not found at " + root + " (../shared is absent); skipping"
		return
	}
	paths := []string{bbc}
	for _, f := range reuters {
		paths = append(paths, filepath.Join(root, "reuters21578", f))
	}
	s, err := gbadger.Open(b.TempDir(), gbadger.DefaultOptions())
	if err != nil {
		corpus.err = err
		return
	}
	defer s.Close()
	in := &ingest.Ingester{Writer: s, Extractor: extract.New(extract.Options{}), ReadOptions: article.DefaultOptions(),
		Meta: ingest.Meta{Extractor: "bench", Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}
	start := time.Now()
	sum, err := in.Run(context.Background(), paths)
	if err != nil {
		corpus.err = err
		return
	}
	st, _ := s.Stats(context.Background())
	b.Logf("benchmark graph: %d articles, %d nodes, %d edges, built in %s", sum.Articles, st.Nodes, st.Edges, time.Since(start).Round(time.Millisecond))
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		corpus.err = err
		return
	}
	corpus.backup = buf.Bytes()
}

// sampleClaims picks claims to query: the 50 with most reports, then every
// 50th claim in ID order (most claims have one report).
func sampleClaims(b *testing.B, r graph.Reader) []graph.ID {
	ctx := context.Background()
	type cr struct {
		id      graph.ID
		reports int
	}
	var all []cr
	err := r.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
		all = append(all, cr{id: n.ID})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for i := range all {
		in, err := r.Edges(ctx, all[i].id, graph.In, graph.Contains)
		if err != nil {
			b.Fatal(err)
		}
		all[i].reports = len(in)
	}
	var out []graph.ID
	for i := 0; i < len(all); i += 50 {
		out = append(out, all[i].id)
	}
	slices.SortStableFunc(all, func(a, b cr) int { return cmp.Compare(b.reports, a.reports) })
	for _, c := range all[:min(50, len(all))] {
		out = append(out, c.id)
	}
	return out
}

// latencies times each iteration of fn over the targets and reports the
// p50 and p99.
func latencies[T any](b *testing.B, targets []T, fn func(T) error) {
	b.Helper()
	if len(targets) == 0 {
		b.Fatal("no targets")
	}
	var d []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		start := time.Now()
		if err := fn(targets[i%len(targets)]); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
		i++
	}
	b.StopTimer()
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Nanoseconds()), "p99-ns")
}

func BenchmarkChain(b *testing.B) {
	s := corpusStore(b)
	ctx := context.Background()
	latencies(b, sampleClaims(b, s), func(id graph.ID) error {
		_, err := query.Chains(ctx, s, id)
		return err
	})
}

func BenchmarkOrigins(b *testing.B) {
	s := corpusStore(b)
	ctx := context.Background()
	latencies(b, sampleClaims(b, s), func(id graph.ID) error {
		_, err := query.Origins(ctx, s, id, query.ClusterOptions{})
		return err
	})
}

// BenchmarkSubgraph walks two hops around speakers, capped as the default
// configuration caps it.
func BenchmarkSubgraph(b *testing.B) {
	s := corpusStore(b)
	ctx := context.Background()
	var speakers []graph.ID
	err := s.ScanNodes(ctx, graph.KindPerson, func(n graph.Node) error {
		if len(speakers) < 200 {
			speakers = append(speakers, n.ID)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	latencies(b, speakers, func(id graph.ID) error {
		_, err := query.Neighbourhood(ctx, s, []graph.ID{id}, query.SubgraphOptions{Depth: 2, MaxDepth: 8, MaxResults: 1000})
		return err
	})
}

// BenchmarkSearch runs word queries taken from claims (the longest word of
// every 40th claim), every fourth narrowed to direct quotes.
func BenchmarkSearch(b *testing.B) {
	s := corpusStore(b)
	ctx := context.Background()
	ix, _, err := search.Rebuild(ctx, filepath.Join(b.TempDir(), "search.bleve"), s, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	var queries []search.Query
	i := 0
	err = s.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
		i++
		if i%40 != 0 {
			return nil
		}
		longest := ""
		for _, w := range strings.FieldsFunc(n.Name, func(r rune) bool { return !('a' <= r && r <= 'z') }) {
			if len(w) > len(longest) {
				longest = w
			}
		}
		if len(longest) >= 5 {
			q := search.Query{Words: longest, Limit: 20}
			if len(queries)%4 == 3 {
				q.Kind = "direct"
			}
			queries = append(queries, q)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	latencies(b, queries, func(q search.Query) error {
		_, err := ix.Search(ctx, s, q)
		return err
	})
}
