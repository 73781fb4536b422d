package article_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// TestBBCCorpus reads a few real BBC articles: title on line 1, Text the
// whole file, and no byline invented where the BBC has none.
func TestBBCCorpus(t *testing.T) {
	dir := corpusDir(t, "bbc")
	for _, name := range []string{"business/001.txt", "politics/010.txt", "sport/100.txt", "tech/200.txt", "entertainment/050.txt"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Skipf("%s: %v", name, err)
			}
			docs, err := article.ReadFile(context.Background(), p, article.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			d := docs[0]
			checkDoc(t, d)
			first, _, _ := strings.Cut(string(raw), "\n")
			if d.Title != strings.TrimSpace(first) || d.Text != string(raw) {
				t.Errorf("title %q, want the first line %q; Text equal to file: %v", d.Title, first, d.Text == string(raw))
			}
			if d.Author != "" || d.Agency != "" {
				t.Errorf("BBC files carry no byline, got author=%q agency=%q", d.Author, d.Agency)
			}
		})
	}
}

// TestReutersCorpus streams one real .sgm file.
func TestReutersCorpus(t *testing.T) {
	p := filepath.Join(corpusDir(t, "reuters21578"), "reut2-000.sgm")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%v", err)
	}
	n, withAuthor := 0, 0
	err := article.Walk(context.Background(), []string{p}, article.DefaultOptions(), func(d article.Document) error {
		checkDoc(t, d)
		n++
		if d.Agency != "Reuters" || d.ID == "" || d.Published.IsZero() || d.Title == "" {
			t.Errorf("%s: %+v", d.Source, d)
		}
		if d.Published.Year() != 1987 {
			t.Errorf("%s: published %v", d.Source, d.Published)
		}
		for _, bad := range []string{"&#", "&lt;", "\x03", "<BODY>"} {
			if strings.Contains(d.Text, bad) {
				t.Errorf("%s: text keeps %q", d.Source, bad)
			}
		}
		if d.Author != "" {
			withAuthor++
		}
		if d.ID == "1" {
			want := time.Date(1987, 2, 26, 15, 1, 1, 790e6, time.UTC)
			if d.Title != "BAHIA COCOA REVIEW" || !d.Published.Equal(want) || !strings.HasPrefix(d.Text, "BAHIA COCOA REVIEW\n\nShowers continued") {
				t.Errorf("NEWID 1: %+v", d)
			}
		}
		return nil
	}, func(err error) { t.Errorf("unexpected error: %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 1000 {
		t.Errorf("read %d articles, want 1000", n)
	}
	if withAuthor == 0 {
		t.Error("no <AUTHOR> was read")
	}
}

// BenchmarkReadBBC reads the whole BBC corpus per iteration.
func BenchmarkReadBBC(b *testing.B) {
	dir := corpusDir(b, "bbc")
	ctx := context.Background()
	files, size, err := article.Count(ctx, []string{dir})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		err := article.Walk(ctx, []string{dir}, article.DefaultOptions(), func(article.Document) error { return nil },
			func(err error) { b.Fatal(err) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkReadReuters streams one Reuters-21578 file per iteration.
func BenchmarkReadReuters(b *testing.B) {
	p := filepath.Join(corpusDir(b, "reuters21578"), "reut2-000.sgm")
	fi, err := os.Stat(p)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		article.Walk(context.Background(), []string{p}, article.DefaultOptions(), func(article.Document) error { docs++; return nil }, nil)
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// TestSeedExample reads the founding article kept in examples/: the title,
// the agency credit under it and the outlet named by its promotion lines.
func TestSeedExample(t *testing.T) {
	p := filepath.Join("..", "..", "examples", "kadyrov-spies.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("example not present: %v", err)
	}
	docs, err := article.ReadFile(context.Background(), p, article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	checkDoc(t, d)
	if d.Title != "Chechen strongman claims Russian spies are infiltrating Islamic State" ||
		d.Agency != "Agence France-Presse" || d.Outlet != "GlobalPost" || d.Author != "" {
		t.Errorf("title=%q agency=%q outlet=%q author=%q", d.Title, d.Agency, d.Outlet, d.Author)
	}
}

// TestPolNeARAgencies scores agency recognition against the "wire" column
// of PolNeAR's metadata: no agency may be invented, and most credited wire
// stories must be recognised (the few missed carry no credit in their text).
func TestPolNeARAgencies(t *testing.T) {
	dir := corpusDir(t, "polnear")
	meta, err := os.ReadFile(filepath.Join(dir, "metadata.tsv"))
	if err != nil {
		t.Skipf("metadata: %v", err)
	}
	canonical := map[string]string{"ap": "Associated Press", "upi": "United Press International",
		"reuters": "Reuters", "afp": "Agence France-Presse"}
	wire := map[string]string{}
	for _, line := range strings.Split(string(meta), "\n")[1:] {
		f := strings.Split(line, "\t")
		if len(f) >= 12 {
			wire[f[1]] = canonical[strings.ToLower(f[11])]
		}
	}
	var tp, fp, fn int
	err = article.Walk(context.Background(), []string{dir}, article.DefaultOptions(), func(d article.Document) error {
		want, ok := wire[strings.TrimSuffix(filepath.Base(d.Source), ".txt")]
		switch {
		case !ok:
		case want != "" && d.Agency == want:
			tp++
		case want == "" && d.Agency != "":
			fp++
			t.Errorf("%s: agency %q invented", d.Source, d.Agency)
		case want != "":
			fn++
		}
		return nil
	}, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	recall := float64(tp) / float64(tp+fn)
	t.Logf("wire agencies: %d found, %d missed, %d invented (recall %.2f)", tp, fn, fp, recall)
	if tp+fn == 0 || recall < 0.85 {
		t.Errorf("recall %.2f below 0.85", recall)
	}
}

// BenchmarkReadHTML extracts the article fixture per iteration.
func BenchmarkReadHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/article.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := article.Read(context.Background(), strings.NewReader(string(data)), "article.html", article.FormatHTML, article.DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
