package article_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// Seeds for these targets live in testdata/fuzz/<target>/ and run as plain
// tests; `go test -fuzz FuzzReadText ./ingest/article/` explores further.

// sentinels are the errors every failure must wrap.
var sentinels = []error{article.ErrEmpty, article.ErrBinary, article.ErrInvalidUTF8, article.ErrTooLarge,
	article.ErrNoText, article.ErrSyntax, article.ErrUnsupported}

func checkErr(t *testing.T, err error, path string) {
	t.Helper()
	for _, e := range unjoinErr(err) {
		var fe *article.FileError
		if !errors.As(e, &fe) || fe.Path != path {
			t.Fatalf("error %v (%T) is not a FileError for %s", e, e, path)
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(e, s)
		}
		if !known {
			t.Errorf("error %v wraps no sentinel", e)
		}
		if !utf8.ValidString(e.Error()) {
			t.Errorf("error message is not valid UTF-8: %q", e.Error())
		}
	}
}

func unjoinErr(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func fuzzOpts(repair bool) article.Options {
	o := article.DefaultOptions()
	o.RepairUTF8 = repair
	o.MaxBytes = 1 << 20
	return o
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("Title\n\nBy Jane Smith\n\nBody."), true)
	f.Fuzz(func(t *testing.T, data []byte, repair bool) {
		docs, err := article.Read(context.Background(), bytes.NewReader(data), "fuzz.txt", article.FormatText, fuzzOpts(repair))
		if err != nil {
			checkErr(t, err, "fuzz.txt")
			if len(docs) != 0 {
				t.Fatalf("error %v with %d documents", err, len(docs))
			}
			if !repair && !utf8.Valid(data) && errors.Is(err, article.ErrInvalidUTF8) {
				var fe *article.FileError
				errors.As(err, &fe)
				if want := firstBad(data); fe.Offset != want {
					t.Errorf("offset %d, want the first bad byte at %d", fe.Offset, want)
				}
			}
			return
		}
		if len(docs) != 1 {
			t.Fatalf("got %d documents", len(docs))
		}
		d := docs[0]
		checkDoc(t, d)
		if d.Repaired {
			if utf8.Valid(data) || !repair {
				t.Errorf("repaired valid input or repaired with repair off")
			}
			if utf8.RuneCountInString(d.Text) != utf8.RuneCount(data) {
				t.Errorf("repair changed the rune count")
			}
		} else if d.Text != string(data) {
			t.Errorf("Text is not the input exactly")
		}
		if d.Title == "" || !strings.Contains(d.Text, d.Title) || utf8.RuneCountInString(d.Title) > 200 {
			t.Errorf("title %q is empty, too long or not in the text", d.Title)
		}
		if strings.TrimSpace(d.Title) != d.Title {
			t.Errorf("title %q is not trimmed", d.Title)
		}
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte("<html><head><title>T</title></head><body><p>Some text here.</p></body></html>"), true)
	f.Fuzz(func(t *testing.T, data []byte, repair bool) {
		docs, err := article.Read(context.Background(), bytes.NewReader(data), "fuzz.html", article.FormatHTML, fuzzOpts(repair))
		if err != nil {
			checkErr(t, err, "fuzz.html")
			if len(docs) != 0 {
				t.Fatalf("error %v with %d documents", err, len(docs))
			}
			return
		}
		if len(docs) != 1 {
			t.Fatalf("got %d documents", len(docs))
		}
		d := docs[0]
		checkDoc(t, d)
		if d.Title != "" && !strings.HasPrefix(d.Text, d.Title) {
			t.Errorf("Text %q does not start with the title %q", d.Text, d.Title)
		}
		if d.Text != strings.TrimSpace(d.Text) {
			t.Errorf("Text is not trimmed: %q", d.Text)
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte("{\"id\":\"a\",\"text\":\"x\"}\n{bad\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, repair bool) {
		docs, err := article.Read(context.Background(), bytes.NewReader(data), "fuzz.jsonl", article.FormatJSONL, fuzzOpts(repair))
		checkErr(t, err, "fuzz.jsonl")
		lines := bytes.Count(data, []byte("\n")) + 1
		seen := map[int]bool{}
		for _, d := range docs {
			checkDoc(t, d)
			n, ok := strings.CutPrefix(d.Source, "fuzz.jsonl:")
			line, convErr := strconv.Atoi(n)
			if !ok || convErr != nil || line < 1 || line > lines || seen[line] {
				t.Errorf("bad source %q", d.Source)
			}
			seen[line] = true
			if d.ID != strings.TrimSpace(d.ID) {
				t.Errorf("id %q is not trimmed", d.ID)
			}
		}
		for _, e := range unjoinErr(err) {
			var fe *article.FileError
			errors.As(e, &fe)
			if fe.Line != 0 && (fe.Line > lines || seen[fe.Line]) {
				t.Errorf("error line %d out of range or also a document: %v", fe.Line, e)
			}
		}
	})
}

// firstBad is the offset of the first byte that does not start a valid
// UTF-8 sequence.
func firstBad(b []byte) int64 {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return int64(i)
		}
		i += n
	}
	return -1
}
