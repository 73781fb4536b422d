package ingest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// wireCorpus generates article texts whose word frequencies follow a Zipf
// law over a few thousand words, so that common phrases recur across
// unrelated articles and give the band index chance candidates, as news
// does; every tenth article is an edited copy of a recent one.
type wireCorpus struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []string
	texts []string
}

func newWireCorpus(seed uint64) *wireCorpus {
	r := rand.New(rand.NewPCG(seed, seed^0xc0ffee))
	c := &wireCorpus{r: r, zipf: rand.NewZipf(r, 1.1, 2, 2999)}
	for i := range 3000 {
		c.vocab = append(c.vocab, fmt.Sprintf("w%d", i))
	}
	return c
}

// doc returns the i-th generated article.
func (c *wireCorpus) doc(i int) article.Document {
	var text string
	if i%10 == 9 && len(c.texts) > 20 {
		src := c.texts[len(c.texts)-1-c.r.IntN(20)]
		text = fmt.Sprintf("Headline %d\n", i) + edit(src, 20+c.r.IntN(30))
	} else {
		w := make([]string, 150+c.r.IntN(250))
		for j := range w {
			w[j] = c.vocab[c.zipf.Uint64()]
		}
		text = strings.Join(w, " ")
		if c.r.IntN(8) == 0 {
			text = "LONDON (Reuters) - " + text
		}
	}
	c.texts = append(c.texts, text)
	if len(c.texts) > 64 {
		c.texts = c.texts[len(c.texts)-32:]
	}
	doc := article.Document{URL: fmt.Sprintf("https://outlet%d.example/%d", i%97, i), Title: fmt.Sprint("Story ", i), Text: text}
	if c.r.IntN(5) != 0 {
		doc.Published = day("2020-01-01").AddDate(0, 0, c.r.IntN(2000))
	}
	return doc
}

// batch builds doc's bare annotated batch, as writeDoc does.
func wireBatch(d *ingest.Republished, doc article.Document) *graph.Batch {
	attrs := map[string]string{graph.AttrRetrieved: "2024-01-01T00:00:00Z"}
	if !doc.Published.IsZero() {
		attrs[graph.AttrPublished] = doc.Published.Format(time.DateOnly)
	}
	b := &graph.Batch{Article: graph.Node{ID: ingest.ArticleID(doc), Kind: graph.KindArticle, Name: doc.Title, Attrs: attrs}}
	d.Annotate(doc, b)
	return b
}

// storeRandomArticles puts n article nodes with random signatures (no two
// alike, so the band index holds n×bands distinct entries, the worst case
// for its size) into s, one in eight crediting an agency.
func storeRandomArticles(tb testing.TB, s *mem.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(n), 99))
	for i := range n {
		var sig ingest.Signature
		for j := range sig {
			sig[j] = r.Uint32()
		}
		attrs := map[string]string{
			ingest.AttrMinHash:  sig.String(),
			graph.AttrPublished: day("2000-01-01").AddDate(0, 0, r.IntN(9000)).Format(time.DateOnly),
		}
		if i%8 == 0 {
			attrs[ingest.AttrCredits] = "reuters"
		}
		id := graph.ID(r.Uint64() | 1)
		if err := s.PutNode(ctx, graph.Node{ID: id, Kind: graph.KindArticle, Name: "a", Attrs: attrs}); err != nil {
			tb.Fatal(err)
		}
	}
}

func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// detectorBytes loads a detector over a store of n stored articles (by
// linking one more article, which makes it read the fingerprints) and
// returns its heap size per stored article.
func detectorBytes(tb testing.TB, n int) float64 {
	tb.Helper()
	s := mem.New()
	storeRandomArticles(tb, s, n)
	ctx := context.Background()
	c := newWireCorpus(1)
	doc := c.doc(0)
	before := heapAlloc()
	d := ingest.NewRepublished(s, s)
	b := wireBatch(d, doc)
	if err := s.WriteArticle(ctx, b); err != nil {
		tb.Fatal(err)
	}
	if err := d.Link(ctx, b); err != nil {
		tb.Fatal(err)
	}
	after := heapAlloc()
	runtime.KeepAlive(d)
	runtime.KeepAlive(s)
	return (float64(after) - float64(before)) / float64(n)
}

// detectorLinkedBytes starts a detector on an empty store and links n
// articles with random signatures one by one, returning the detector's
// heap size per article: the heap it frees when dropped.
func detectorLinkedBytes(tb testing.TB, n int) float64 {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(n), 7))
	s := mem.New()
	d := ingest.NewRepublished(s, s)
	for range n {
		var sig ingest.Signature
		for j := range sig {
			sig[j] = r.Uint32()
		}
		b := &graph.Batch{Article: graph.Node{ID: graph.ID(r.Uint64() | 1), Kind: graph.KindArticle, Name: "a",
			Attrs: map[string]string{ingest.AttrMinHash: sig.String(), graph.AttrPublished: "2020-02-02"}}}
		if err := s.WriteArticle(ctx, b); err != nil {
			tb.Fatal(err)
		}
		if err := d.Link(ctx, b); err != nil {
			tb.Fatal(err)
		}
	}
	with := heapAlloc()
	runtime.KeepAlive(d)
	d = nil
	without := heapAlloc()
	runtime.KeepAlive(s)
	return (float64(with) - float64(without)) / float64(n)
}

// maxDetectorBytes is the detector's memory budget per stored article.
const maxDetectorBytes = 350

// TestRepublishedMemory checks the detector's heap per stored article,
// whether it read the articles from the store or linked them itself.
func TestRepublishedMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation sizes")
	}
	n := 50000
	if testing.Short() {
		n = 20000
	}
	if got := detectorBytes(t, n); got > maxDetectorBytes {
		t.Errorf("loaded detector: %.0f bytes per stored article, want at most %d", got, maxDetectorBytes)
	} else {
		t.Logf("loaded detector: %.0f bytes per stored article", got)
	}
	if got := detectorLinkedBytes(t, n/2); got > maxDetectorBytes {
		t.Errorf("linking detector: %.0f bytes per article, want at most %d", got, maxDetectorBytes)
	} else {
		t.Logf("linking detector: %.0f bytes per article", got)
	}
}

// BenchmarkRepublishedMemory reports the heap of a detector loaded over
// 100k and 1M stored articles (-short: 100k only), per article.
func BenchmarkRepublishedMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 100_000 {
				b.Skip("-short")
			}
			var got float64
			for b.Loop() {
				got = detectorBytes(b, n)
			}
			b.ReportMetric(got, "B/article")
		})
	}
}

// BenchmarkRepublishedLinkScale measures Link of new articles matching
// none against 100k and 1M stored ones (-short: 100k only), random
// signatures: the cost of the index alone as it grows.
func BenchmarkRepublishedLinkScale(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 100_000 {
				b.Skip("-short")
			}
			ctx := context.Background()
			s := mem.New()
			storeRandomArticles(b, s, n)
			d := ingest.NewRepublished(s, s)
			r := rand.New(rand.NewPCG(11, 12))
			const pool = 8192
			batches := make([]*graph.Batch, pool)
			for i := range batches {
				var sig ingest.Signature
				for j := range sig {
					sig[j] = r.Uint32()
				}
				batches[i] = &graph.Batch{Article: graph.Node{ID: graph.ID(r.Uint64() | 1), Kind: graph.KindArticle, Name: "a",
					Attrs: map[string]string{ingest.AttrMinHash: sig.String(), graph.AttrPublished: "2020-02-02"}}}
				if err := s.WriteArticle(ctx, batches[i]); err != nil {
					b.Fatal(err)
				}
			}
			if err := d.Link(ctx, batches[pool-1]); err != nil { // loads the index
				b.Fatal(err)
			}
			runtime.GC()
			b.ResetTimer()
			for i := range b.N {
				if err := d.Link(ctx, batches[i%pool]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// countingReader counts node reads: Link's cost of checking candidates.
type countingReader struct {
	*mem.Store
	nodes atomic.Int64
}

func (c *countingReader) Node(ctx context.Context, id graph.ID) (graph.Node, error) {
	c.nodes.Add(1)
	return c.Store.Node(ctx, id)
}

// BenchmarkRepublishedLink measures Link of new articles (written to the
// store beforehand) against a store already holding 50k
// (-short: 5k) generated articles, a tenth of them copies, and reports the
// node reads per Link.
func BenchmarkRepublishedLink(b *testing.B) {
	n := 50000
	if testing.Short() {
		n = 5000
	}
	ctx := context.Background()
	s := mem.New()
	cr := &countingReader{Store: s}
	d := ingest.NewRepublished(cr, s)
	c := newWireCorpus(42)
	for i := range n {
		bt := wireBatch(d, c.doc(i))
		if err := s.WriteArticle(ctx, bt); err != nil {
			b.Fatal(err)
		}
	}
	// Load the fingerprints before timing.
	bt := wireBatch(d, c.doc(n))
	if err := s.WriteArticle(ctx, bt); err != nil {
		b.Fatal(err)
	}
	if err := d.Link(ctx, bt); err != nil {
		b.Fatal(err)
	}
	// Write the articles to link first, so that only Link is timed.
	const pool = 8192
	batches := make([]*graph.Batch, pool)
	for i := range batches {
		batches[i] = wireBatch(d, c.doc(n+1+i))
		if err := s.WriteArticle(ctx, batches[i]); err != nil {
			b.Fatal(err)
		}
	}
	cr.nodes.Store(0)
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	for i := range b.N {
		if err := d.Link(ctx, batches[i%pool]); err != nil { // past the pool, re-links
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cr.nodes.Load())/float64(b.N), "reads/op")
}

// BenchmarkRepublishedAnnotate measures fingerprinting and credit finding
// for generated articles of 150–400 words, one in eight with a credit.
func BenchmarkRepublishedAnnotate(b *testing.B) {
	c := newWireCorpus(3)
	docs := make([]article.Document, 256)
	for i := range docs {
		docs[i] = c.doc(i)
	}
	d := ingest.NewRepublished(mem.New(), nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Annotate(docs[i%len(docs)], &graph.Batch{})
	}
}
