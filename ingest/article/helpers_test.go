package article_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// corpusDir returns <module root>/../shared/corpus/<sub>, skipping the test
// when it is absent (the corpus is not part of the repository).
func corpusDir(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpus", sub)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s not available (%v); skipping", sub, err)
	}
	return p
}

// writeFile creates name in a fresh temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkDoc asserts the invariants every returned Document keeps, whatever
// the input: valid UTF-8 everywhere, some text, a one-line title.
func checkDoc(tb testing.TB, d article.Document) {
	tb.Helper()
	fields := map[string]string{
		"ID": d.ID, "URL": d.URL, "Title": d.Title, "Outlet": d.Outlet, "Agency": d.Agency,
		"Author": d.Author, "Text": d.Text, "Source": d.Source, "Dateline": d.Dateline,
	}
	for _, w := range d.Warnings {
		fields["Warning"] = w
		if !utf8.ValidString(w) {
			tb.Errorf("warning is not valid UTF-8: %q", w)
		}
	}
	for name, v := range fields {
		if !utf8.ValidString(v) {
			tb.Errorf("%s is not valid UTF-8: %q", name, v)
		}
	}
	if strings.TrimSpace(d.Text) == "" {
		tb.Errorf("document %q has no text", d.Source)
	}
	if strings.ContainsAny(d.Title, "\n\r") {
		tb.Errorf("title spans lines: %q", d.Title)
	}
	if d.Source == "" {
		tb.Errorf("document has no Source")
	}
	if d.Repaired && len(d.Warnings) == 0 {
		tb.Errorf("repaired document %q carries no warning", d.Source)
	}
	if d.Key() == "" {
		tb.Errorf("empty key")
	}
}
