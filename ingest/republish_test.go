package ingest_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
)

// prose makes n pseudo-random words from a small vocabulary, as a stand-in
// for an article body; seed picks the text.
func prose(seed uint64, n int) string {
	vocab := strings.Fields(`the minister said on tuesday that talks would resume after
		officials from both sides met in the capital where protesters gathered outside
		parliament as police closed roads near the station and a spokesman declined to
		comment on reports of new sanctions against companies linked to the government`)
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(w, " ")
}

// edit changes every k-th word, as a sub-editor would lightly.
func edit(text string, k int) string {
	w := strings.Fields(text)
	for i := k - 1; i < len(w); i += k {
		w[i] = "edited"
	}
	return strings.Join(w, " ")
}

func TestFingerprint(t *testing.T) {
	base := prose(1, 400)
	sig, ok := ingest.Fingerprint(base)
	if !ok {
		t.Fatal("400 words not fingerprinted")
	}
	tests := []struct {
		name     string
		other    string
		min, max float64
	}{
		{"Identical", base, 1, 1},
		{"CaseAndPunctuation", strings.ToUpper(strings.ReplaceAll(base, " ", ", ")), 1, 1},
		{"NewHeadline", "BREAKING: talks to resume\n\n" + base, 0.85, 1},
		{"LightEdit", edit(base, 40), 0.6, 0.95},
		{"FirstHalf", strings.Join(strings.Fields(base)[:200], " "), 0.35, 0.65},
		{"Unrelated", prose(2, 400), 0, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := ingest.Fingerprint(tt.other)
			if !ok {
				t.Fatal("not fingerprinted")
			}
			if s := sig.Similarity(o); s < tt.min || s > tt.max {
				t.Errorf("similarity %.3f outside [%v, %v]", s, tt.min, tt.max)
			}
		})
	}
	if _, ok := ingest.Fingerprint("A short brief of a few words only."); ok {
		t.Error("a short text was fingerprinted")
	}
	back, err := ingest.ParseSignature(sig.String())
	if err != nil || back != sig {
		t.Errorf("signature round trip: %v", err)
	}
	wrapped := sig.String()[:100] + "\n" + sig.String()[100:] // decodes to a signature, but not one text
	for _, bad := range []string{"", "!!!", sig.String()[:40], wrapped} {
		if _, err := ingest.ParseSignature(bad); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("ParseSignature(%.10q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestCredits(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"MOSCOW (Reuters) - The Kremlin said", []string{"reuters"}},
		{"PARIS, May 3 (AFP) - Officials", []string{"agence france presse"}},
		{"told Agence France-Presse on Monday", []string{"agence france presse"}},
		{"WASHINGTON (AP) — and Interfax reported", []string{"associated press", "interfax"}},
		{"A local council meeting.", nil},
		{"He was apprehended in the APT.", nil}, // AP inside a word is no credit
	}
	for _, tt := range tests {
		if got := ingest.Credits(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Credits(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// writeDoc builds a bare batch for doc (no extraction), annotates, writes
// and links it.
func writeDoc(t testing.TB, s *mem.Store, d *ingest.Republished, doc article.Document) *graph.Batch {
	t.Helper()
	ctx := context.Background()
	attrs := map[string]string{graph.AttrRetrieved: "2024-01-01T00:00:00Z"}
	if !doc.Published.IsZero() {
		attrs[graph.AttrPublished] = doc.Published.Format(time.DateOnly)
	}
	b := &graph.Batch{Article: graph.Node{ID: ingest.ArticleID(doc), Kind: graph.KindArticle, Name: doc.Title, Attrs: attrs}}
	d.Annotate(doc, b)
	if err := s.WriteArticle(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := d.Link(ctx, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

type link struct{ from, to graph.ID }

func republishedEdges(t testing.TB, s *mem.Store) []link {
	t.Helper()
	var out []link
	err := s.ScanEdges(context.Background(), func(e graph.Edge) error {
		if e.Predicate != graph.RepublishedFrom {
			return nil
		}
		if e.Prov.Article != 0 || e.Prov.Extractor != ingest.RepublishExtractor || e.Prov.Confidence < 0.5 ||
			!strings.Contains(e.Prov.Text, "similarity") {
			t.Errorf("edge provenance %+v", e.Prov)
		}
		out = append(out, link{e.From, e.To})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b link) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	return out
}

func sortLinks(l []link) []link {
	slices.SortFunc(l, func(a, b link) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	return l
}

func TestRepublished(t *testing.T) {
	s := mem.New()
	story := "PARIS (AFP) - " + prose(7, 300)
	src := article.Document{URL: "https://agency.example/1", Title: "Agency", Text: story, Published: day("2020-01-02")}
	cp := article.Document{URL: "https://paper.example/1", Title: "Paper", Text: "Talks resume\n" + edit(story, 25), Published: day("2020-01-03")}
	old := article.Document{URL: "https://early.example/1", Title: "Early", Text: edit(story, 30), Published: day("2020-01-01")}
	other := article.Document{URL: "https://other.example/1", Title: "Other", Text: prose(8, 300), Published: day("2020-01-05")}
	id := ingest.ArticleID

	d := ingest.NewRepublished(s, s)
	writeDoc(t, s, d, src)
	writeDoc(t, s, d, cp)
	if got, want := republishedEdges(t, s), []link{{id(cp), id(src)}}; !slices.Equal(got, want) {
		t.Fatalf("after the copy: %v, want %v", got, want)
	}
	// A fresh detector (a new run) finds the stored fingerprints. The
	// older article, ingested last, becomes the source of both.
	d = ingest.NewRepublished(s, s)
	writeDoc(t, s, d, other)
	writeDoc(t, s, d, old)
	want := sortLinks([]link{{id(src), id(old)}, {id(cp), id(old)}})
	if got := republishedEdges(t, s); !slices.Equal(got, want) {
		t.Errorf("after the older article: %v, want %v", got, want)
	}
	writeDoc(t, s, d, cp) // re-ingest changes nothing
	if got := republishedEdges(t, s); !slices.Equal(got, want) {
		t.Errorf("after re-ingesting the copy: %v, want %v", got, want)
	}
	n, err := s.Node(context.Background(), id(other))
	if err != nil || n.Attrs[ingest.AttrMinHash] == "" {
		t.Errorf("unrelated article has no fingerprint: %v", err)
	}
	if n, _ := s.Node(context.Background(), id(src)); n.Attrs[ingest.AttrCredits] != "agence france presse" {
		t.Errorf("credits attribute %q", n.Attrs[ingest.AttrCredits])
	}
	// Deleting the source removes the edges touching it.
	if err := s.DeleteArticle(context.Background(), id(old)); err != nil {
		t.Fatal(err)
	}
	if got := republishedEdges(t, s); len(got) != 0 {
		t.Errorf("edges after deleting their source: %v", got)
	}
}

// TestRepublishedOrderIndependent ingests the same copies in different
// orders into fresh stores: the edges must come out the same.
func TestRepublishedOrderIndependent(t *testing.T) {
	story := prose(21, 250)
	var docs []article.Document
	for i, date := range []string{"2021-05-03", "2021-05-01", "", "2021-05-02", "", "2021-05-01"} {
		doc := article.Document{URL: fmt.Sprintf("https://o%d.example/", i), Title: fmt.Sprint("copy ", i),
			Text: fmt.Sprintf("Headline %d\n", i) + edit(story, 40+5*i)}
		if date != "" {
			doc.Published = day(date)
		}
		docs = append(docs, doc)
	}
	docs = append(docs, article.Document{URL: "https://x.example/", Title: "unrelated", Text: prose(22, 250)})
	var first []link
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 8 {
		s := mem.New()
		d := ingest.NewRepublished(s, s)
		for _, i := range r.Perm(len(docs)) {
			writeDoc(t, s, d, docs[i])
		}
		got := republishedEdges(t, s)
		if round == 0 {
			first = got
			if len(got) != 5 {
				t.Fatalf("%d edges for 6 copies, want 5: %v", len(got), got)
			}
			continue
		}
		if !slices.Equal(got, first) {
			t.Fatalf("order %d gives %v, first order gave %v", round, got, first)
		}
	}
}

// TestRepublishedConcurrent writes twenty copies of one story from eight
// workers at once: every later copy ends up linked to the earliest.
func TestRepublishedConcurrent(t *testing.T) {
	s := mem.New()
	d := ingest.NewRepublished(s, s)
	story := prose(11, 300)
	const n = 20
	docs := make(chan article.Document)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for doc := range docs {
				writeDoc(t, s, d, doc)
			}
		})
	}
	var ids []graph.ID
	for i := range n {
		doc := article.Document{URL: fmt.Sprintf("https://outlet%d.example/x", i), Title: fmt.Sprint("Outlet ", i),
			Text: fmt.Sprintf("Outlet %d headline\n", i) + edit(story, 30+i)}
		ids = append(ids, ingest.ArticleID(doc))
		docs <- doc
	}
	close(docs)
	wg.Wait()
	first := slices.Min(ids) // all undated: the lowest ID is the earliest
	var want []link
	for _, id := range ids {
		if id != first {
			want = append(want, link{id, first})
		}
	}
	if got := republishedEdges(t, s); !slices.Equal(got, sortLinks(want)) {
		t.Errorf("edges %v, want every copy linked to %s", got, first)
	}
}

// TestRepublishedOrigins runs real articles through extraction, Build and
// the detector: five outlets running one BBC story (new headline, a word
// changed here and there) give one independent origin for its claims, where
// without the detector each outlet would count as its own.
func TestRepublishedOrigins(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "bbc", "politics")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("BBC corpus not found at %s (../shared is absent); skipping", dir)
	}
	ctx := context.Background()
	x := extract.New(extract.Options{})
	meta := ingest.Meta{Extractor: "test", Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	// The first story with a claim by a named speaker.
	var story article.Document
	var claim graph.ID
	for _, f := range files[:min(len(files), 50)] {
		docs, err := article.ReadFile(ctx, f, article.DefaultOptions())
		if err != nil || len(docs) != 1 {
			continue
		}
		b, _, err := ingest.Build(docs[0], x.Extract(docs[0].Text), meta)
		if err != nil {
			continue
		}
		kinds := map[graph.ID]graph.Kind{}
		for _, n := range b.Nodes {
			kinds[n.ID] = n.Kind
		}
		via := map[graph.ID]bool{}
		for _, e := range b.Edges {
			if e.Predicate == graph.Via {
				via[e.From] = true
			}
		}
		for _, e := range b.Edges {
			// A named speaker's claim has the same ID in every copy; an
			// unresolved or anonymous speaker is scoped to its article. A
			// claim through a named channel ("told GMTV") is one origin
			// with or without the detector, so it cannot tell them apart.
			if k := kinds[e.From]; e.Predicate == graph.Said && !via[e.To] && (k == graph.KindPerson || k == graph.KindOrganisation) {
				story, claim = docs[0], e.To
				break
			}
		}
		if claim != 0 {
			break
		}
	}
	if claim == 0 {
		t.Skip("no BBC politics article among the first 50 has a claim by a named speaker")
	}
	for _, detect := range []bool{false, true} {
		s := mem.New()
		d := ingest.NewRepublished(s, s)
		for i := range 5 {
			doc := story
			doc.Source = fmt.Sprintf("outlet%d.txt", i)
			doc.URL = fmt.Sprintf("https://outlet%d.example/story", i)
			doc.Published = day("2024-03-01").AddDate(0, 0, i)
			if i > 0 { // the copies edit a word in the last paragraph
				doc.Text = strings.TrimRight(doc.Text, "\n ") + fmt.Sprintf(" (Copy %d.)", i)
			}
			b, _, err := ingest.Build(doc, x.Extract(doc.Text), meta)
			if err != nil {
				t.Fatal(err)
			}
			if detect {
				d.Annotate(doc, b)
			}
			if err := s.WriteArticle(ctx, b); err != nil {
				t.Fatal(err)
			}
			if detect {
				if err := d.Link(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, err := query.Origins(ctx, s, claim, query.ClusterOptions{Similarity: -1})
		if err != nil {
			t.Fatal(err)
		}
		want := 5
		if detect {
			want = 1
		}
		if res.Reports != 5 || res.Independent != want {
			t.Errorf("detect=%v: %d reports from %d origins, want 5 from %d", detect, res.Reports, res.Independent, want)
		}
	}
}
