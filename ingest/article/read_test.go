package article_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

func TestReadFileText(t *testing.T) {
	tests := []struct {
		file, title, author, agency, outlet string
	}{
		{"simple.txt", "Council approves new bridge budget", "", "", ""},
		{"byline.txt", "Council approves new bridge budget", "Jane Smith", "", ""},
		{"byline_agency.txt", "Port strike enters third day", "Tomas Lindqvist and Ana Ruiz", "Associated Press", ""},
		{"agency.txt", "Ministry says talks will resume", "", "Agence France-Presse", ""},
		{"crlf_paren.txt", "Ministry says talks will resume", "", "Associated Press", ""},
		{"credit.txt", "Grain exports rise in March", "", "Baltic News Service", ""},
		{"dateline.txt", "Quake shakes coastal towns", "", "Associated Press", ""},
		{"sentence_by.txt", "Prices expected to keep rising", "", "", ""},
		{"section.txt", "Why the vote matters", "", "", ""},
		{"role.txt", "Minister resigns over expenses", "Priya Raman", "", ""},
		{"name_agency.txt", "Minister resigns over expenses", "Priya Raman", "Reuters", ""},
		{"promo.txt", "Ministry says talks will resume", "", "Agence France-Presse", "Harbour Daily"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "txt", tt.file)
			docs, err := article.ReadFile(context.Background(), path, article.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1", len(docs))
			}
			d := docs[0]
			checkDoc(t, d)
			raw, _ := os.ReadFile(path)
			if d.Text != string(raw) {
				t.Errorf("Text is not the file exactly:\n got %q\nwant %q", d.Text, raw)
			}
			if d.Title != tt.title || d.Author != tt.author || d.Agency != tt.agency || d.Outlet != tt.outlet {
				t.Errorf("got title=%q author=%q agency=%q outlet=%q, want %q %q %q %q",
					d.Title, d.Author, d.Agency, d.Outlet, tt.title, tt.author, tt.agency, tt.outlet)
			}
			if d.Source != path || d.Repaired || len(d.Warnings) != 0 {
				t.Errorf("Source=%q Repaired=%v Warnings=%v", d.Source, d.Repaired, d.Warnings)
			}
		})
	}
}

// TestBylines covers the byline recogniser on its own, through Read.
func TestBylines(t *testing.T) {
	tests := []struct {
		name, text, author, agency string
	}{
		{"by upper-case", "T\n\nBY JIM KRANE, Associated Press\n\nBody text follows here.", "JIM KRANE", "Associated Press"},
		{"by agency", "T\n\nBy Reuters\n\nBody.", "", "Reuters"},
		{"credit prefix", "T\n\nSource: AFP\n\nBody.", "", "Agence France-Presse"},
		{"agency with acronym", "T\n\nAgence France-Presse (AFP)\n\nBody.", "", "Agence France-Presse"},
		{"bracketed", "T\n\n[dpa]\n\nBody.", "", "Deutsche Presse-Agentur"},
		{"acronym credit", "T\n\nBTA\n\nBody of the article, which is long enough to be a paragraph.", "", "BTA"},
		{"acronym needs blank after", "T\n\nBTA\nBody line directly after.", "", ""},
		{"credit needs an organisation word", "T\n\nNorthern Lights\n\nBody.", "", ""},
		{"person line is not a credit", "T\n\nJane Smith\n\nBody.", "", ""},
		{"by with particle", "T\n\nBy Ana de la Cruz\n\nBody.", "Ana de la Cruz", ""},
		{"single name is not a byline", "T\n\nBy Monday\n\nBody.", "", ""},
		{"by with role and agency", "T\n\nBy Li Wei, Xinhua correspondent\n\nBody.", "Li Wei", "Xinhua"},
		{"reporting by", "T\n\nReporting by Sam Otieno; editing follows\n\nBody.", "", ""},
		{"two names", "T\n\nBy Jane Smith, John Doe\n\nBody.", "Jane Smith, John Doe", ""},
		{"after first paragraph is ignored", "T\n\nThe council met on Monday to discuss the budget for next year.\n\nBy Jane Smith\n", "", ""},
		{"dateline with date", "T\n\nPARIS, March 3 (Reuters) - Shares fell on Monday.", "", "Reuters"},
		{"dateline unknown agency", "T\n\nPARIS (Foo) - Shares fell on Monday.", "", ""},
		{"agency then byline", "T\n\nAFP\nBy Marie Dubois\n\nBody.", "Marie Dubois", "Agence France-Presse"},
		{"title only", "Just a title", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := article.Read(context.Background(), strings.NewReader(tt.text), "in.txt", article.FormatText, article.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			d := docs[0]
			checkDoc(t, d)
			if d.Author != tt.author || d.Agency != tt.agency {
				t.Errorf("got author=%q agency=%q, want %q %q", d.Author, d.Agency, tt.author, tt.agency)
			}
		})
	}
}

func TestReadFileHTML(t *testing.T) {
	ctx := context.Background()
	t.Run("article", func(t *testing.T) {
		docs, err := article.ReadFile(ctx, "testdata/article.html", article.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		d := docs[0]
		checkDoc(t, d)
		if d.Title != "Harbour authority denies dredging plan" || d.Author != "Mira Okafor" ||
			d.Outlet != "The Coastal Herald" || d.URL != "https://herald.example.com/news/harbour-dredging" {
			t.Errorf("metadata: %+v", d)
		}
		if want := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC); !d.Published.Equal(want) {
			t.Errorf("Published = %v, want %v", d.Published, want)
		}
		if d.Agency != "" {
			t.Errorf("Agency = %q, want none", d.Agency)
		}
		if !strings.HasPrefix(d.Text, d.Title+"\n\n") {
			t.Errorf("Text should start with the title and a blank line: %q", d.Text)
		}
		for _, want := range []string{"\"There is no dredging plan on the table,\" a spokeswoman", "\n\nLocal fishermen"} {
			if !strings.Contains(d.Text, want) {
				t.Errorf("Text lacks %q:\n%s", want, d.Text)
			}
		}
		for _, junk := range []string{"Privacy", "Copyright", "Home"} {
			if strings.Contains(d.Text, junk) {
				t.Errorf("Text keeps boilerplate %q", junk)
			}
		}
	})
	t.Run("agency credit in the body", func(t *testing.T) {
		docs, err := article.ReadFile(ctx, "testdata/agency.html", article.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if d := docs[0]; d.Agency != "Agence France-Presse" || d.Author != "" || !d.Published.IsZero() {
			t.Errorf("agency=%q author=%q published=%v\n%s", d.Agency, d.Author, d.Published, d.Text)
		}
	})
	t.Run("broken markup", func(t *testing.T) {
		docs, err := article.ReadFile(ctx, "testdata/broken.html", article.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		d := docs[0]
		checkDoc(t, d)
		if d.Title != "Storm closes mountain pass" {
			t.Errorf("Title = %q", d.Title)
		}
		if !strings.Contains(d.Text, "Heavy snow closed the mountain pass overnight") || strings.Contains(d.Text, "<p>") {
			t.Errorf("Text = %q", d.Text)
		}
	})
	t.Run("no article", func(t *testing.T) {
		_, err := article.ReadFile(ctx, "testdata/noarticle.html", article.DefaultOptions())
		var fe *article.FileError
		if !errors.Is(err, article.ErrNoText) || !errors.As(err, &fe) || fe.Path != "testdata/noarticle.html" {
			t.Errorf("err = %v, want a FileError wrapping ErrNoText", err)
		}
	})
	t.Run("declared latin-1", func(t *testing.T) {
		page := "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 reopens</title></head><body><article>" +
			strings.Repeat("<p>The caf\xe9 on the square reopened on Monday after a year of repairs, its owner said to the local paper.</p>", 3) +
			"</article></body></html>"
		p := writeFile(t, "latin1.html", []byte(page))
		opts := article.DefaultOptions()
		opts.RepairUTF8 = false // declared charsets are decoded, not repaired
		docs, err := article.ReadFile(ctx, p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if d := docs[0]; d.Title != "Café reopens" || !strings.Contains(d.Text, "The café on the square") || d.Repaired {
			t.Errorf("got title %q repaired=%v text %q", d.Title, d.Repaired, d.Text)
		}
	})
}

func TestReadFileJSONL(t *testing.T) {
	docs, err := article.ReadFile(context.Background(), "testdata/articles.jsonl", article.DefaultOptions())
	if err == nil {
		t.Fatal("want errors for the bad lines")
	}
	// Bad lines: 4 malformed, 5 no text, 7 not an object, 8 blank text.
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *article.FileError
		if !errors.As(e, &fe) || fe.Path != "testdata/articles.jsonl" {
			t.Fatalf("error %v is not a FileError for the file", e)
		}
		lines = append(lines, fe.Line)
		if !strings.HasPrefix(e.Error(), "testdata/articles.jsonl:") {
			t.Errorf("error %q does not start with path:line", e)
		}
	}
	if got, want := lines, []int{4, 5, 7, 8}; !equalInts(got, want) {
		t.Errorf("bad lines %v, want %v (errors: %v)", got, want, err)
	}
	var fe *article.FileError
	errors.As(err, &fe)
	if !errors.Is(err, article.ErrSyntax) || !errors.Is(err, article.ErrNoText) {
		t.Errorf("joined error should wrap ErrSyntax and ErrNoText: %v", err)
	}
	if len(docs) != 4 {
		t.Fatalf("got %d documents, want 4", len(docs))
	}
	for _, d := range docs {
		checkDoc(t, d)
	}
	d := docs[0]
	want := time.Date(2024, 3, 5, 8, 30, 0, 0, time.UTC)
	if d.ID != "hx-101" || d.URL != "https://herald.example.com/a/101" || d.Outlet != "The Coastal Herald" ||
		d.Author != "Mira Okafor" || !d.Published.Equal(want) || d.Source != "testdata/articles.jsonl:1" {
		t.Errorf("first document: %+v", d)
	}
	if d := docs[1]; d.ID != "4711" || d.Published != time.Date(2024, 1, 14, 0, 0, 0, 0, time.UTC) || d.Source != "testdata/articles.jsonl:3" {
		t.Errorf("numeric id / date-only: %+v", d)
	}
	if d := docs[2]; !d.Published.IsZero() || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "last Tuesday") {
		t.Errorf("bad published should be a warning: %+v", d)
	}
	if d := docs[3]; !strings.HasPrefix(d.Key(), "sha256:") {
		t.Errorf("key %q", d.Key())
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadFileSGML(t *testing.T) {
	docs, err := article.ReadFile(context.Background(), "testdata/sample.sgm", article.DefaultOptions())
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *article.FileError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a FileError", e)
		}
		lines = append(lines, fe.Line)
	}
	if !equalInts(lines, []int{57, 71}) || !errors.Is(err, article.ErrNoText) || !errors.Is(err, article.ErrSyntax) {
		t.Errorf("errors at lines %v (%v), want 57 (no text) and 71 (not closed)", lines, err)
	}
	if len(docs) != 4 {
		t.Fatalf("got %d documents, want 4", len(docs))
	}
	for _, d := range docs {
		checkDoc(t, d)
		if d.Agency != "Reuters" {
			t.Errorf("Agency = %q", d.Agency)
		}
		for _, bad := range []string{"&#", "&lt;", "&amp;", "\x02", "\x03", "<BODY>", "<TITLE>"} {
			if strings.Contains(d.Text, bad) {
				t.Errorf("doc %s Text contains %q: %q", d.ID, bad, d.Text)
			}
		}
	}
	d := docs[0]
	wantText := "GRAIN CO <GRN> SAYS EXPORTS ROSE\n\nGrain Co <GRN> said its exports\nrose 12 pct in February, helped by sales to A&B Trading.\n    The company said it expected further gains.\n Reuter"
	if d.ID != "reuters21578-901" || d.Title != "GRAIN CO <GRN> SAYS EXPORTS ROSE" || d.Text != wantText ||
		d.Author != "Dana Whitfield" || d.Dateline != "CHICAGO, March 2" || d.Source != "testdata/sample.sgm:2" ||
		!d.Published.Equal(time.Date(1987, 3, 2, 9, 15, 42, 70e6, time.UTC)) {
		t.Errorf("first article:\n%+v\ntext %q", d, d.Text)
	}
	if d := docs[1]; d.ID != "reuters21578-902" || d.Title != "PORT AUTHORITY SETS NEW TARIFFS" || d.Text != d.Title ||
		!d.Published.Equal(time.Date(1987, 3, 27, 0, 2, 59, 130e6, time.UTC)) {
		t.Errorf("brief: %+v", d)
	}
	if d := docs[2]; d.ID != "reuters21578-903" || d.Title != "WEEKLY TEST REPORT - FEB 26" || !strings.HasPrefix(d.Text, d.Title+"\n") {
		t.Errorf("unprocessed: %+v", d)
	}
	if d := docs[3]; d.ID != "reuters21578-905" || !d.Published.IsZero() || len(d.Warnings) != 1 {
		t.Errorf("bad date should be a warning: %+v", d)
	}
}

func TestReadSniffsFormat(t *testing.T) {
	tests := []struct {
		name, in, title string
	}{
		{"jsonl", "\n  {\"title\":\"From JSON\",\"text\":\"Body from JSON.\"}\n", "From JSON"},
		{"html", "<html><head><title>From HTML</title></head><body><article><p>" + strings.Repeat("Body from HTML, with enough words to count as an article. ", 6) + "</p></article></body></html>", "From HTML"},
		{"sgml", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"7\">\n<TEXT><TITLE>FROM SGML</TITLE><BODY>Body.</BODY></TEXT>\n</REUTERS>\n", "FROM SGML"},
		{"text", "From text\n\nBody from text.\n", "From text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := article.Read(context.Background(), strings.NewReader(tt.in), "-", "", article.DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, docs[0])
			if docs[0].Title != tt.title {
				t.Errorf("title %q, want %q", docs[0].Title, tt.title)
			}
		})
	}
	if _, err := article.Read(context.Background(), strings.NewReader("x"), "-", "pdf", article.DefaultOptions()); !errors.Is(err, article.ErrUnsupported) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestKey(t *testing.T) {
	a := article.Document{Text: "Same text"}
	b := article.Document{Text: "Same text", Source: "elsewhere.txt", Title: "Other"}
	if a.Key() != b.Key() || !strings.HasPrefix(a.Key(), "sha256:") || len(a.Key()) != len("sha256:")+64 {
		t.Errorf("text keys %q %q", a.Key(), b.Key())
	}
	if k := (article.Document{Text: "Other text"}).Key(); k == a.Key() {
		t.Error("different texts share a key")
	}
	if k := (article.Document{ID: "x1", URL: "https://e.com/a", Text: "t"}).Key(); k != "id:x1" {
		t.Errorf("key %q, want id:x1", k)
	}
	if k := (article.Document{URL: "https://e.com/a", Text: "t"}).Key(); k != "url:https://e.com/a" {
		t.Errorf("key %q", k)
	}
}

func TestFormatChoice(t *testing.T) {
	ctx := context.Background()
	// Named explicitly, a file without extension is plain text.
	p := writeFile(t, "ARTICLE", []byte("No extension\n\nBody.\n"))
	docs, err := article.ReadFile(ctx, p, article.DefaultOptions())
	if err != nil || docs[0].Title != "No extension" {
		t.Errorf("extensionless: %v %+v", err, docs)
	}
	// Options.Format overrides the extension.
	p = writeFile(t, "feed.txt", []byte("{\"title\":\"Forced\",\"text\":\"JSON in a .txt file.\"}\n"))
	opts := article.DefaultOptions()
	opts.Format = article.FormatJSONL
	docs, err = article.ReadFile(ctx, p, opts)
	if err != nil || docs[0].Title != "Forced" || docs[0].Source != p+":1" {
		t.Errorf("forced format: %v %+v", err, docs)
	}
	// The zero Options use the default limit and reject invalid UTF-8.
	p = writeFile(t, "bad.txt", []byte("T\xff\n"))
	if _, err := article.ReadFile(ctx, p, article.Options{}); !errors.Is(err, article.ErrInvalidUTF8) {
		t.Errorf("zero options: %v", err)
	}
	if o := article.DefaultOptions(); o.MaxBytes != 10<<20 || !o.RepairUTF8 {
		t.Errorf("DefaultOptions = %+v", o)
	}
}

func TestJSONLMetadataIsOneLine(t *testing.T) {
	in := `{"id":" 7 ","title":"Two\nlines  here","author":" A  B ","text":"Body\nkept as is."}`
	docs, err := article.Read(context.Background(), strings.NewReader(in), "in.jsonl", "", article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.ID != "7" || d.Title != "Two lines here" || d.Author != "A B" || d.Text != "Body\nkept as is." {
		t.Errorf("%+v", d)
	}
}
