package ingest_test

import (
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
	for _, bad := range []string{"", "!!!", sig.String()[:40]} {
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

// writeDoc builds a bare batch for doc (no extraction), annotates it and
// writes it.
func writeDoc(t testing.TB, s *mem.Store, d *ingest.Republished, doc article.Document) *graph.Batch {
	t.Helper()
	ctx := context.Background()
	attrs := map[string]string{graph.AttrRetrieved: "2024-01-01T00:00:00Z"}
	if !doc.Published.IsZero() {
		attrs[graph.AttrPublished] = doc.Published.Format(time.DateOnly)
	}
	b := &graph.Batch{Article: graph.Node{ID: ingest.ArticleID(doc), Kind: graph.KindArticle, Name: doc.Title, Attrs: attrs}}
	done, err := d.Annotate(ctx, doc, b)
	if err != nil {
		t.Fatal(err)
	}
	err = s.WriteArticle(ctx, b)
	done(err == nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func republishedEdges(t testing.TB, s *mem.Store) []graph.Edge {
	var out []graph.Edge
	s.ScanEdges(context.Background(), func(e graph.Edge) error {
		if e.Predicate == graph.RepublishedFrom {
			out = append(out, e)
		}
		return nil
	})
	return out
}

func TestRepublished(t *testing.T) {
	s := mem.New()
	story := "PARIS (AFP) - " + prose(7, 300)
	src := article.Document{URL: "https://agency.example/1", Title: "Agency", Text: story, Published: day("2020-01-02")}
	cp := article.Document{URL: "https://paper.example/1", Title: "Paper", Text: "Talks resume\n" + edit(story, 25), Published: day("2020-01-03")}
	old := article.Document{URL: "https://early.example/1", Title: "Early", Text: edit(story, 30), Published: day("2020-01-01")}
	other := article.Document{URL: "https://other.example/1", Title: "Other", Text: prose(8, 300), Published: day("2020-01-05")}

	d := ingest.NewRepublished(s)
	writeDoc(t, s, d, src)
	if b := writeDoc(t, s, d, cp); len(b.Edges) != 1 {
		t.Fatalf("copy: %d edges, want 1", len(b.Edges))
	}
	// A fresh detector (a new run) finds the stored fingerprints.
	d = ingest.NewRepublished(s)
	writeDoc(t, s, d, other)
	writeDoc(t, s, d, old)
	writeDoc(t, s, d, cp) // re-ingest: its edge is replaced, no self-match

	id := ingest.ArticleID
	type pair struct{ from, to, article graph.ID }
	var got []pair
	for _, e := range republishedEdges(t, s) {
		got = append(got, pair{e.From, e.To, e.Prov.Article})
		if e.Prov.Extractor != "republish" || e.Prov.Confidence < 0.5 || !strings.Contains(e.Prov.Text, "similarity") {
			t.Errorf("edge provenance %+v", e.Prov)
		}
	}
	want := []pair{
		// Re-ingested, the copy names the earliest copy now known.
		{id(cp), id(old), id(cp)},
		// The older article, ingested later, is the source of the stored one.
		{id(src), id(old), id(old)},
	}
	slices.SortFunc(got, func(a, b pair) int { return int(a.article>>1) - int(b.article>>1) })
	slices.SortFunc(want, func(a, b pair) int { return int(a.article>>1) - int(b.article>>1) })
	if !slices.Equal(got, want) {
		t.Errorf("republished_from edges %v, want %v", got, want)
	}
	n, err := s.Node(context.Background(), id(other))
	if err != nil || n.Attrs[ingest.AttrMinHash] == "" {
		t.Errorf("unrelated article has no fingerprint: %v", err)
	}
	// Deleting the copy removes the edge it asserted.
	if err := s.DeleteArticle(context.Background(), id(cp)); err != nil {
		t.Fatal(err)
	}
	if len(republishedEdges(t, s)) != 1 {
		t.Errorf("edges after deleting the copy: %v", republishedEdges(t, s))
	}
}

// TestRepublishedConcurrent writes twenty copies of one story from eight
// workers at once: however they interleave, every copy ends up joined to
// the others through republished_from edges.
func TestRepublishedConcurrent(t *testing.T) {
	s := mem.New()
	d := ingest.NewRepublished(s)
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
	parent := map[graph.ID]graph.ID{}
	var find func(graph.ID) graph.ID
	find = func(x graph.ID) graph.ID {
		if p, ok := parent[x]; ok && p != x {
			return find(p)
		}
		return x
	}
	edges := republishedEdges(t, s)
	for _, e := range edges {
		parent[find(e.From)] = find(e.To)
	}
	root := find(ids[0])
	for _, id := range ids {
		if find(id) != root {
			t.Fatalf("copy %s not joined to the others; edges %d", id, len(edges))
		}
	}
	if len(edges) != n-1 {
		t.Errorf("%d edges for %d copies, want %d (one per later copy)", len(edges), n, n-1)
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
		for _, e := range b.Edges {
			if e.Predicate == graph.Said {
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
		d := ingest.NewRepublished(s)
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
			done := func(bool) {}
			if detect {
				if done, err = d.Annotate(ctx, doc, b); err != nil {
					t.Fatal(err)
				}
			}
			err = s.WriteArticle(ctx, b)
			done(err == nil)
			if err != nil {
				t.Fatal(err)
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
