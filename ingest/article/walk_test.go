package article_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// makeTree builds a small input tree and returns its root.
func makeTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"b/2.txt":           "Second\n\nBody two.\n",
		"b/1.txt":           "First\n\nBody one.\n",
		"a.html":            "<html><head><title>Page</title></head><body><article><p>" + strings.Repeat("A paragraph of article text that goes on. ", 8) + "</p></article></body></html>",
		"c/feed.jsonl":      "{\"id\":\"1\",\"text\":\"one\"}\nnot json\n{\"id\":\"3\",\"text\":\"three\"}\n",
		"c/empty.txt":       "",
		"c/notes.pdf":       "%PDF-1.4",
		"c/README":          "no extension: skipped inside directories",
		"c/README.txt":      "About this collection\n\nNot an article.\n",
		".hidden.txt":       "Hidden\n\nShould be skipped.\n",
		".git/config.txt":   "Hidden dir\n\nSkipped.\n",
		"b/.cache/skip.txt": "Hidden dir\n\nSkipped.\n",
		"d/x.sgm":           "<REUTERS NEWID=\"5\">\n<TEXT><TITLE>WIRE</TITLE><BODY>Text.</BODY></TEXT>\n</REUTERS>\n",
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFilesAndCount(t *testing.T) {
	root := makeTree(t)
	ctx := context.Background()
	explicit := filepath.Join(root, "c", "notes.pdf")
	files, err := article.Files(ctx, []string{root, explicit, "-", filepath.Join(root, "missing")})
	var fe *article.FileError
	if !errors.As(err, &fe) || fe.Path != filepath.Join(root, "missing") {
		t.Errorf("missing path error: %v", err)
	}
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f.Path, root+"/"))
	}
	want := []string{"a.html", "b/1.txt", "b/2.txt", "c/empty.txt", "c/feed.jsonl", "d/x.sgm", "c/notes.pdf", "-"}
	if !slices.Equal(got, want) {
		t.Errorf("Files:\n got %q\nwant %q", got, want)
	}
	n, size, err := article.Count(ctx, []string{root})
	if err != nil || n != 6 {
		t.Errorf("Count = %d, %v; want 6 files", n, err)
	}
	var total int64
	for _, f := range files[:6] {
		total += f.Size
	}
	if size != total || size == 0 {
		t.Errorf("Count size %d, want %d", size, total)
	}
}

func TestWalk(t *testing.T) {
	root := makeTree(t)
	opts := article.DefaultOptions()
	opts.Stdin = strings.NewReader("From stdin\n\nBody.\n")
	var titles, sources []string
	var errs []error
	err := article.Walk(context.Background(), []string{root, "-"}, opts, func(d article.Document) error {
		checkDoc(t, d)
		titles = append(titles, d.Title)
		sources = append(sources, strings.TrimPrefix(d.Source, root+"/"))
		return nil
	}, func(err error) { errs = append(errs, err) })
	if err != nil {
		t.Fatal(err)
	}
	wantSources := []string{"a.html", "b/1.txt", "b/2.txt", "c/feed.jsonl:1", "c/feed.jsonl:3", "d/x.sgm:1", "-"}
	if !slices.Equal(sources, wantSources) {
		t.Errorf("sources %q, want %q", sources, wantSources)
	}
	if titles[0] != "Page" || titles[1] != "First" || titles[6] != "From stdin" {
		t.Errorf("titles %q", titles)
	}
	// Two bad inputs, each reported and neither stopping the walk.
	if len(errs) != 2 || !errors.Is(errs[0], article.ErrEmpty) || !errors.Is(errs[1], article.ErrSyntax) {
		t.Fatalf("errors %v", errs)
	}
	if !strings.Contains(errs[1].Error(), "c/feed.jsonl:2: syntax error") {
		t.Errorf("line error %q", errs[1])
	}
}

func TestWalkStops(t *testing.T) {
	root := makeTree(t)
	stop := errors.New("stop here")
	n := 0
	err := article.Walk(context.Background(), []string{root}, article.DefaultOptions(), func(article.Document) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("Walk returned %v after %d documents, want the callback's error after 2", err, n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = article.Walk(ctx, []string{root}, article.DefaultOptions(), func(article.Document) error {
		n++
		cancel()
		return nil
	}, func(err error) { t.Errorf("unexpected error callback: %v", err) })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled Walk returned %v after %d documents", err, n)
	}
}

func TestAllIterator(t *testing.T) {
	root := makeTree(t)
	docs, errs := 0, 0
	for d, err := range article.All(context.Background(), []string{root}, article.DefaultOptions()) {
		if err != nil {
			errs++
			continue
		}
		checkDoc(t, d)
		docs++
		if docs == 3 {
			break // stopping early must not panic
		}
	}
	if docs != 3 {
		t.Errorf("got %d documents", docs)
	}
}
