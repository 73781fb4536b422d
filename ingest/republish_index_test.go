package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest/article"
)

func randomSignature(r *rand.Rand) Signature {
	var sig Signature
	for j := range sig {
		sig[j] = r.Uint32()
	}
	return sig
}

// TestBandIndex checks lookups against a plain map from band hash to
// articles, through many merges of sorted runs, for hashes shared by
// several articles and for hashes absent.
func TestBandIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var x bandIndex
	want := map[uint64][]uint32{}
	var shared []uint64 // band hashes that several articles have
	n := 20000
	if testing.Short() {
		n = 5000
	}
	for i := range n {
		bands := randomSignature(r).bands()
		if i%7 == 0 && len(shared) > 0 {
			bands[3] = shared[r.IntN(len(shared))]
		}
		if i%100 == 0 {
			shared = append(shared, bands[5])
		}
		if err := x.add(graph.ID(i), bands, sketch{}); err != nil {
			t.Fatal(err)
		}
		for _, h := range bands {
			want[h] = append(want[h], uint32(i))
		}
		if i%997 != 0 {
			continue
		}
		// Probe a sample of present and absent hashes as the index grows.
		probe := append(slices.Clone(shared), r.Uint64(), r.Uint64())
		for h := range want {
			if len(probe) > 200 {
				break
			}
			probe = append(probe, h)
		}
		check := func(how string, h uint64, got []uint32) {
			t.Helper()
			slices.Sort(got)
			if exp := want[h]; !slices.Equal(got, exp) && !(len(exp) == 0 && len(got) == 0) {
				t.Fatalf("after %d articles: %s entries under %x = %v, want %v", i+1, how, h, got, exp)
			}
		}
		for _, h := range probe {
			check("single", h, x.appendEntries(nil, h))
		}
		// All bands at once, as Link looks them up.
		for len(probe) >= numBands {
			var ends [numBands]int
			bands := [numBands]uint64(probe[:numBands])
			got := x.lookup(nil, &bands, &ends)
			for b, h := range bands {
				start := 0
				if b > 0 {
					start = ends[b-1]
				}
				check("batch", h, got[start:ends[b]])
			}
			probe = probe[numBands:]
		}
	}
	for _, sh := range x.shards {
		for i := 1; i < len(sh.runs); i++ {
			if len(sh.runs[i].e)*runRatio >= len(sh.runs[i-1].e) {
				t.Fatalf("runs of %d then %d entries: not merged", len(sh.runs[i-1].e), len(sh.runs[i].e))
			}
		}
	}
}

// TestRunBucket checks that a run's directory leads to the first entry at
// or above any value, with runs of equal keys and skewed keys.
func TestRunBucket(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 5000} {
		for _, skew := range []bool{false, true} {
			e := make([]uint64, n)
			for i := range e {
				e[i] = r.Uint64()
				if skew {
					e[i] >>= r.IntN(40) // most near zero
				}
				if i > 0 && r.IntN(4) == 0 {
					e[i] = e[i-1] // equal keys
				}
			}
			slices.Sort(e)
			run := newRun(e)
			if n >= 2*bucketSize && run.dir == nil {
				t.Fatalf("run of %d entries has no directory", n)
			}
			probes := []uint64{0, 1, ^uint64(0)}
			for range 200 {
				probes = append(probes, r.Uint64())
			}
			for _, v := range e {
				probes = append(probes, v, v-1, v+1)
			}
			for _, v := range probes {
				want, _ := slices.BinarySearch(e, v)
				lo, hi := run.bucket(v)
				got, _ := slices.BinarySearch(e[lo:hi], v)
				if got += lo; got != want {
					t.Fatalf("%d entries (skew %v), value %x: bucket [%d, %d) gives %d, want %d", n, skew, v, lo, hi, got, want)
				}
			}
		}
	}
}

// BenchmarkBandLookup measures one Link's lookups (all bands of a new
// signature) in an index of n articles.
func BenchmarkBandLookup(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 100_000 {
				b.Skip("-short")
			}
			r := rand.New(rand.NewPCG(5, 6))
			var x bandIndex
			for i := range n {
				if err := x.add(graph.ID(i), randomSignature(r).bands(), sketch{}); err != nil {
					b.Fatal(err)
				}
			}
			var buf []uint32
			var ends [numBands]int
			for b.Loop() {
				bands := randomSignature(r).bands()
				buf = x.lookup(buf[:0], &bands, &ends)
			}
		})
	}
}

// BenchmarkBandAdd measures indexing one article's bands, merges
// included, in an index growing to a million articles.
func BenchmarkBandAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	var x bandIndex
	bands := make([][numBands]uint64, 1<<16)
	for i := range bands {
		bands[i] = randomSignature(r).bands()
	}
	for i := 0; b.Loop(); i++ {
		if i == 1_000_000 {
			b.StopTimer()
			x = bandIndex{}
			i = 0
			b.StartTimer()
		}
		if err := x.add(graph.ID(i), bands[i%len(bands)], sketch{}); err != nil {
			b.Fatal(err)
		}
	}
}

// wireText makes a text of n words drawn from a small vocabulary, so that
// unrelated texts share a few 5-grams (chance candidates) and copies,
// made by changing every k-th word, share many.
func wireText(r *rand.Rand, n int) []string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("v%d", int(r.ExpFloat64()*12))
	}
	return w
}

func editWords(w []string, k int, tag string) string {
	w = slices.Clone(w)
	for i := k - 1; i < len(w); i += k {
		w[i] = tag
	}
	return strings.Join(w, " ")
}

// TestRepublishedMatchesRule feeds copies of a few stories, unrelated
// articles, agency credits and undated articles, in random order, some
// first stored with another text, through the detector, and checks its
// edges against the rule computed by brute force over the final set of
// articles: each article links to the earliest preceding article sharing
// a band with it whose similarity reaches the pair's threshold.
func TestRepublishedMatchesRule(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { testMatchesRule(t, seed) })
	}
}

func testMatchesRule(t *testing.T, seed uint64) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(8, seed))
	type art struct {
		doc   article.Document
		batch *graph.Batch
	}
	var arts []art
	for story := range 6 {
		base := wireText(r, 120+r.IntN(200))
		for c := range 2 + r.IntN(6) {
			text := editWords(base, 12+r.IntN(30), fmt.Sprint("e", c))
			if story%2 == 0 && r.IntN(2) == 0 {
				text = "LONDON (Reuters) - " + text
			}
			doc := article.Document{URL: fmt.Sprintf("https://o%d.example/%d", c, story), Title: "t", Text: text}
			if r.IntN(4) != 0 {
				doc.Published = time.Date(2020, 1, 1+r.IntN(5), 0, 0, 0, 0, time.UTC)
			}
			arts = append(arts, art{doc: doc})
		}
	}
	for i := range 40 {
		arts = append(arts, art{doc: article.Document{URL: fmt.Sprintf("https://u.example/%d", i), Title: "u",
			Text: strings.Join(wireText(r, 150), " "), Published: time.Date(2020, 1, 1+r.IntN(5), 0, 0, 0, 0, time.UTC)}})
	}
	s := mem.New()
	d := NewRepublished(s, s)
	write := func(doc article.Document) *graph.Batch {
		t.Helper()
		b := &graph.Batch{Article: graph.Node{ID: ArticleID(doc), Kind: graph.KindArticle, Name: doc.Title,
			Attrs: map[string]string{graph.AttrRetrieved: "2024-01-01T00:00:00Z"}}}
		if !doc.Published.IsZero() {
			b.Article.Attrs[graph.AttrPublished] = doc.Published.Format(time.DateOnly)
		}
		d.Annotate(doc, b)
		if err := s.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := d.Link(ctx, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Some articles are first stored with an unrelated text, leaving stale
	// index entries behind when they are re-ingested.
	for _, i := range r.Perm(len(arts))[:10] {
		first := arts[i].doc
		first.Text = strings.Join(wireText(r, 150), " ")
		write(first)
	}
	for _, i := range r.Perm(len(arts)) {
		arts[i].batch = write(arts[i].doc)
	}
	entries := len(d.idx.ids)
	for _, i := range r.Perm(len(arts))[:10] {
		write(arts[i].doc) // unchanged: changes nothing
	}
	if len(d.idx.ids) != entries {
		t.Errorf("re-ingesting unchanged articles grew the index from %d to %d entries", entries, len(d.idx.ids))
	}

	var want []string
	for _, b := range arts {
		me, _ := knownFrom(b.batch.Article)
		var src *known
		var srcID graph.ID
		for _, a := range arts {
			k, _ := knownFrom(a.batch.Article)
			if a.batch.Article.ID == b.batch.Article.ID || !shareBand(me.sig.bands(), k.sig.bands()) ||
				me.sig.Similarity(k.sig) < d.threshold(me, k) || k.order.compare(me.order) >= 0 {
				continue
			}
			if src == nil || k.order.compare(src.order) < 0 {
				src, srcID = k, a.batch.Article.ID
			}
		}
		if src != nil {
			want = append(want, fmt.Sprint(b.batch.Article.ID, "->", srcID))
		}
	}
	var got []string
	err := s.ScanEdges(ctx, func(e graph.Edge) error {
		if e.Predicate == graph.RepublishedFrom {
			got = append(got, fmt.Sprint(e.From, "->", e.To))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) < 5 {
		t.Fatalf("only %d copies to link: the test data has too few", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("edges\n%v\nwant\n%v", got, want)
	}
	t.Logf("%d articles, %d edges", len(arts), len(want))
}

// TestRepublishedIndexGrowth: linking an article again adds no index
// entry unless its text changed.
func TestRepublishedIndexGrowth(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 1))
	s := mem.New()
	d := NewRepublished(s, s)
	doc := article.Document{URL: "https://a.example/", Title: "a", Text: strings.Join(wireText(r, 100), " ")}
	for i, tc := range []struct {
		text string
		want int
	}{{doc.Text, 1}, {doc.Text, 1}, {doc.Text + " more words here", 2}, {doc.Text + " more words here", 2}, {doc.Text, 2}} {
		doc.Text = tc.text
		b := &graph.Batch{Article: graph.Node{ID: ArticleID(doc), Kind: graph.KindArticle, Name: "a"}}
		d.Annotate(doc, b)
		if err := s.WriteArticle(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := d.Link(ctx, b); err != nil {
			t.Fatal(err)
		}
		if got := len(d.idx.ids); got != tc.want {
			t.Errorf("step %d: %d index entries, want %d", i, got, tc.want)
		}
	}
}

// TestCreditsLiterals: the literal check before each credit pattern never
// changes its answer, on texts made of credit fragments and near misses.
func TestCreditsLiterals(t *testing.T) {
	frags := []string{"(AP)", "AP", "(Associated Press)", "Associated Press", "Associated Pressure", "Reuters", "(Reuters)",
		"Reutersx", "AFP", "(AFP)", "AFPx", "Agence France-Presse", "Agence France Presse", "Agence France–Presse",
		"Agence France", "(dpa)", "dpa", "Deutsche Presse-Agentur", "(UPI)", "United Press International", "(PA)",
		"Press Association", "Press Associations", "Interfax", "Interfaxx", "TASS", "ITAR-TASS", "TASSx", "Xinhua",
		"said", "the", " ", "-", "x", "(", ")", "\n"}
	r := rand.New(rand.NewPCG(2, 3))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteString(frags[r.IntN(len(frags))])
			if r.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		text := b.String()
		var want []string
		for _, p := range creditPatterns {
			if p.re.MatchString(text) {
				want = append(want, p.name)
			}
		}
		if got := Credits(text); !slices.Equal(got, want) {
			t.Fatalf("Credits(%q) = %v, patterns alone give %v", text, got, want)
		}
	}
}

// TestRepublishedLoadRetry: a load cut short (here by a cancelled
// context) leaves nothing behind, so the next Link's load indexes each
// stored article once.
func TestRepublishedLoadRetry(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	s := mem.New()
	for i := range 3000 { // the store checks its context every 1024 nodes
		doc := article.Document{URL: fmt.Sprintf("https://a.example/%d", i), Title: "a", Text: strings.Join(wireText(r, 60), " ")}
		b := &graph.Batch{Article: graph.Node{ID: ArticleID(doc), Kind: graph.KindArticle, Name: "a"}}
		NewRepublished(s, s).Annotate(doc, b)
		if err := s.WriteArticle(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := NewRepublished(&cancelReader{Reader: s, cancel: cancel, after: 1500}, s)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(ctx); err == nil {
		t.Fatal("load with a cancelled context succeeded")
	}
	if n := len(d.idx.ids); n != 0 {
		t.Errorf("a failed load left %d index entries", n)
	}
	if err := d.load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := len(d.idx.ids); got != 3000 {
		t.Errorf("%d index entries after loading 3000 articles", got)
	}
}

// cancelReader cancels a context after some nodes have been scanned.
type cancelReader struct {
	graph.Reader
	cancel func()
	after  int
}

func (c *cancelReader) ScanNodes(ctx context.Context, kind graph.Kind, fn func(graph.Node) error) error {
	n := 0
	return c.Reader.ScanNodes(ctx, kind, func(node graph.Node) error {
		if n++; n == c.after {
			c.cancel()
		}
		return fn(node)
	})
}
