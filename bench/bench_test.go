package bench_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/bench"
	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

var ctx = context.Background()

// corpusRoot finds ../shared/corpus relative to the module root, or skips.
func corpusRoot(tb testing.TB) string {
	root := filepath.Join("..", "..", "shared", "corpus")
	for _, c := range bench.Corpora {
		if _, err := os.Stat(filepath.Join(root, c)); err != nil {
			tb.Skipf("corpus %s not available at %s: %v", c, root, err)
		}
	}
	return root
}

// TestRunQuick runs every stage on a few files of each corpus and checks
// that the report is complete and consistent.
func TestRunQuick(t *testing.T) {
	root := corpusRoot(t)
	if raceEnabled && testing.Short() {
		t.Skip("a whole run takes minutes under the race detector; the stages' own tests cover their concurrency")
	}
	limit, queries := 40, 30
	if testing.Short() || raceEnabled {
		limit, queries = 10, 10
	}
	rep, err := bench.Run(ctx, bench.Options{CorpusRoot: root, Dir: t.TempDir(), Scale: 3, Queries: queries, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Ingest) != len(bench.Corpora) {
		t.Fatalf("%d ingest results", len(rep.Ingest))
	}
	for _, in := range rep.Ingest {
		if in.Articles == 0 || in.Edges == 0 || in.ArticlesPerS <= 0 {
			t.Errorf("ingest %s: %+v", in.Corpus, in)
		}
	}
	if rep.Extract.Sentences == 0 || rep.ExtractSentencesPerS <= 0 {
		t.Errorf("extract: %+v", rep.Extract)
	}
	if rep.StoreVsRawBadger <= 0 || rep.Store.Keys < 3*rep.Store.Edges {
		t.Errorf("store: %+v", rep.Store)
	}
	// Three copies give about three times the edges of one: the renamed
	// copies are new articles, not duplicates (a renamed entity can map
	// a little differently, hence the slack).
	one := rep.Store.Edges
	if got := rep.Large.Stats.Edges; got < 2*one || got > 31*one/10 {
		t.Errorf("large graph of 3 copies has %d edges, one copy %d", got, one)
	}
	if rep.Large.Claims < 2*rep.Large.Gen.Claims/3/2 {
		t.Errorf("only %d distinct claims of %d generated", rep.Large.Claims, rep.Large.Gen.Claims)
	}
	if rep.ChainP99Ms == nil || *rep.ChainP99Ms <= 0 {
		t.Errorf("chain p99 missing: %+v", rep.Queries)
	}
	if rep.Export.Edges != rep.Edges {
		t.Errorf("export wrote %d edges, graph has %d", rep.Export.Edges, rep.Edges)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var flat map[string]any
	if err := json.Unmarshal(b, &flat); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ingest_articles_per_s", "extract_sentences_per_s", "store_vs_raw_badger",
		"chain_p99_ms", "search_p99_ms", "ingest_peak_rss_mib", "edges"} {
		if _, ok := flat[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil || !strings.Contains(text.String(), "store/raw") {
		t.Errorf("text report: %v\n%s", err, text.String())
	}
}

// TestGenerateDeterministic: the same copies give the same batches, and
// copies rename people.
func TestGenerateDeterministic(t *testing.T) {
	root := corpusRoot(t)
	docs, err := bench.LoadDocs(ctx, []string{filepath.Join(root, "bbc", "politics")}, 30)
	if err != nil {
		t.Fatal(err)
	}
	ext, err := bench.ExtractAll(ctx, newExtractor(), docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	collect := func() ([]*graph.Batch, bench.GenStats) {
		var out []*graph.Batch
		st, err := bench.Generate(ctx, ext, 2, func(b *graph.Batch) error { out = append(out, b); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out, st
	}
	a, st := collect()
	b, _ := collect()
	if len(a) != len(b) || len(a) != 2*len(docs) || st.Articles != len(a) {
		t.Fatalf("%d and %d batches for %d docs, stats %+v", len(a), len(b), len(docs), st)
	}
	people := func(bs []*graph.Batch) map[string]bool {
		m := map[string]bool{}
		for _, bt := range bs {
			for _, n := range bt.Nodes {
				if n.Kind == graph.KindPerson {
					m[n.Name] = true
				}
			}
		}
		return m
	}
	for i := range a {
		ja, _ := json.Marshal(a[i])
		jb, _ := json.Marshal(b[i])
		if string(ja) != string(jb) {
			t.Fatalf("batch %d differs between runs", i)
		}
	}
	orig, copy1 := people(a[:len(docs)]), people(a[len(docs):])
	renamed := 0
	for n := range copy1 {
		if !orig[n] {
			renamed++
		}
	}
	if len(copy1) == 0 || renamed < len(copy1)/2 {
		t.Errorf("copy 1 has %d people, only %d renamed", len(copy1), renamed)
	}
	if a[0].Article.ID == a[len(docs)].Article.ID {
		t.Error("copy 1 reuses the original article ID")
	}
}

// The benchmarks below run the stages of Run one at a time, so a profile
// (-cpuprofile) covers one stage. Ingest and store benchmarks read the
// whole BBC corpus: run them with -benchtime=1x.

func BenchmarkIngestBBC(b *testing.B) {
	root := corpusRoot(b)
	for b.Loop() {
		r, err := bench.Ingest(ctx, b.TempDir(), "bbc", []string{filepath.Join(root, "bbc")}, 0, extract.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.ArticlesPerS, "articles/s")
		b.ReportMetric(r.EdgesPerS, "edges/s")
		b.ReportMetric(r.PeakRSSMiB, "peak-RSS-MiB")
	}
}

func bbcDocs(b *testing.B) []bench.Doc {
	root := corpusRoot(b)
	docs, err := bench.LoadDocs(ctx, []string{filepath.Join(root, "bbc")}, 0)
	if err != nil {
		b.Fatal(err)
	}
	ext, err := bench.ExtractAll(ctx, newExtractor(), docs, 0)
	if err != nil {
		b.Fatal(err)
	}
	return ext
}

func BenchmarkExtractBBC(b *testing.B) {
	root := corpusRoot(b)
	docs, err := bench.LoadDocs(ctx, []string{filepath.Join(root, "bbc")}, 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, _, err := bench.Extract(ctx, docs, 0, extract.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.SentencesPerS, "sentences/s")
		b.ReportMetric(r.ArticlesPerS, "articles/s")
	}
}

func BenchmarkStoreVsRawBBC(b *testing.B) {
	batches, err := bench.Batches(bbcDocs(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		r, err := bench.StoreVsRaw(ctx, b.TempDir(), batches)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.Ratio, "store/raw")
		b.ReportMetric(r.PerArticleRatio, "per-article/raw")
		b.ReportMetric(r.StoreEdgesPerS, "store-edges/s")
		b.ReportMetric(r.RawUpdateEdgesPerS, "raw-edges/s")
		b.ReportMetric(r.BulkEdgesPerS, "bulk-edges/s")
	}
}

// BenchmarkQueriesBBC measures query latency on BBC bulk loaded twice
// (-benchtime=1x; the latency figures are the metrics).
func BenchmarkQueriesBBC(b *testing.B) {
	ext := bbcDocs(b)
	s, err := gbadger.Open(b.TempDir(), gbadger.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var gen bench.GenStats
	_, err = s.BulkLoad(ctx, func(yield func(*graph.Batch) error) error {
		var err error
		gen, err = bench.Generate(ctx, ext, 2, yield)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		ls, err := bench.Queries(ctx, s, gen.SampleClaims, gen.SampleNames, 500)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range ls {
			b.ReportMetric(l.P99Ms, l.Query+"-p99-ms")
		}
	}
}
