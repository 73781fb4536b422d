package article_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

func TestBadInput(t *testing.T) {
	strict := article.DefaultOptions()
	strict.RepairUTF8 = false
	small := article.DefaultOptions()
	small.MaxBytes = 100
	// Random-looking bytes without NUL: high bytes and control characters.
	var noise []byte
	for i := range 4096 {
		noise = append(noise, byte(1+(i*131+7)%255))
	}
	tests := []struct {
		name, file string
		data       []byte
		opts       article.Options
		is         error
		msg        string // substring of the error message
		line       int
		offset     int64
	}{
		{"empty", "e.txt", nil, article.DefaultOptions(), article.ErrEmpty, "e.txt: empty file", 0, -1},
		{"whitespace only", "w.txt", []byte(" \n\t\n  \n"), article.DefaultOptions(), article.ErrEmpty, "only whitespace", 0, -1},
		{"empty html", "e.html", nil, article.DefaultOptions(), article.ErrEmpty, "empty file", 0, -1},
		{"blank jsonl", "e.jsonl", []byte("\n\n  \n"), article.DefaultOptions(), article.ErrEmpty, "no JSON records", 0, -1},
		{"sgm without articles", "e.sgm", []byte("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"), article.DefaultOptions(), article.ErrNoText, "no <REUTERS> articles", 0, -1},
		{"NUL bytes", "b.txt", []byte("Title\n\x00\x01\x02body"), article.DefaultOptions(), article.ErrBinary, "b.txt: binary file, not text", 0, -1},
		{"mostly non-text", "n.txt", noise, article.DefaultOptions(), article.ErrBinary, "binary file, not text", 0, -1},
		{"binary jsonl", "b.jsonl", append([]byte("{\"text\":\"x\"}\n"), 0, 0, 0), article.DefaultOptions(), article.ErrBinary, "binary file", 0, -1},
		{"invalid UTF-8 strict", "u.txt", []byte("Title\n\nBody caf\xe9 and more\n"), strict, article.ErrInvalidUTF8, "u.txt:3: byte offset 15: invalid UTF-8", 3, 15},
		{"invalid UTF-8 strict jsonl", "u.jsonl", []byte("{\"text\":\"ok\"}\n{\"text\":\"caf\xe9\"}\n"), strict, article.ErrInvalidUTF8, "u.jsonl:2: byte offset 26", 2, 26},
		{"over the limit", "big.txt", bytes.Repeat([]byte("word "), 40), small, article.ErrTooLarge, "file is 200 bytes, over the limit of 100 (ingest.max_bytes)", 0, -1},
		{"jsonl line over the limit", "big.jsonl", []byte("{\"text\":\"" + strings.Repeat("x", 200) + "\"}\n"), small, article.ErrTooLarge, "big.jsonl:1: line is 212 bytes, over the limit of 100", 1, -1},
		{"unsupported extension", "a.pdf", []byte("%PDF"), article.DefaultOptions(), article.ErrUnsupported, `a.pdf: unsupported format: extension ".pdf"`, 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.file, tt.data)
			docs, err := article.ReadFile(context.Background(), p, tt.opts)
			if len(docs) != 0 && tt.name != "invalid UTF-8 strict jsonl" {
				t.Errorf("got %d documents, want none", len(docs))
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			var fe *article.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err %T is not a *FileError", err)
			}
			if fe.Path != p || fe.Line != tt.line || fe.Offset != tt.offset {
				t.Errorf("FileError{Path:%q Line:%d Offset:%d}, want %q %d %d", fe.Path, fe.Line, fe.Offset, p, tt.line, tt.offset)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q lacks %q", err, tt.msg)
			}
		})
	}
}

func TestInvalidUTF8Repaired(t *testing.T) {
	in := []byte("Caf\xe9 closes\n\nThe caf\xe9\xe9 closed on Monday.\n")
	p := writeFile(t, "latin1.txt", in)
	docs, err := article.ReadFile(context.Background(), p, article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	checkDoc(t, d)
	want := "Caf\uFFFD closes\n\nThe caf\uFFFD\uFFFD closed on Monday.\n"
	if d.Text != want || d.Title != "Caf\uFFFD closes" || !d.Repaired {
		t.Errorf("got %q title %q repaired %v", d.Text, d.Title, d.Repaired)
	}
	// One replacement per bad byte keeps the rune count equal to what a Go
	// range loop over the original bytes sees.
	if utf8.RuneCountInString(d.Text) != utf8.RuneCount(in) {
		t.Errorf("rune count changed: %d vs %d", utf8.RuneCountInString(d.Text), utf8.RuneCount(in))
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], p+":1: byte offset 3: invalid UTF-8, 3 byte(s) replaced") {
		t.Errorf("warnings %q", d.Warnings)
	}
}

func TestUnreadableFile(t *testing.T) {
	p := writeFile(t, "secret.txt", []byte("Title\n\nBody.\n"))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(p, 0o644) })
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Skip("file is still readable after chmod 0 (running as root?)")
	}
	_, err := article.ReadFile(context.Background(), p, article.DefaultOptions())
	var fe *article.FileError
	if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &fe) || fe.Path != p {
		t.Fatalf("err = %v, want a FileError wrapping a permission error", err)
	}
	if want := p + ": open: permission denied"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestMissingAndDirectory(t *testing.T) {
	ctx := context.Background()
	_, err := article.ReadFile(ctx, "testdata/no-such-file.txt", article.DefaultOptions())
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "testdata/no-such-file.txt: open:") {
		t.Errorf("missing file: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "dir.txt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = article.ReadFile(ctx, dir, article.DefaultOptions())
	if err == nil || err.Error() != dir+": is a directory" {
		t.Errorf("reading a directory: %v", err)
	}
}

func TestSingleLineMegabyte(t *testing.T) {
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("the committee heard evidence from witnesses ")
	}
	in := strings.TrimSpace(b.String())
	p := writeFile(t, "oneline.txt", []byte(in))
	docs, err := article.ReadFile(context.Background(), p, article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	checkDoc(t, d)
	if d.Text != in {
		t.Error("Text is not the whole file")
	}
	n := utf8.RuneCountInString(d.Title)
	if n < 150 || n > 200 || !strings.HasPrefix(in, d.Title) || !strings.HasPrefix(in[len(d.Title):], " ") {
		t.Errorf("title (%d runes) should be a prefix cut at a word boundary near 200: %q", n, d.Title)
	}
	// A single enormous word is cut hard.
	p = writeFile(t, "word.txt", bytes.Repeat([]byte("é"), 5000))
	docs, err = article.ReadFile(context.Background(), p, article.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(docs[0].Title); n != 200 {
		t.Errorf("hard-cut title has %d runes, want 200", n)
	}
}

func TestStdinLimit(t *testing.T) {
	opts := article.DefaultOptions()
	opts.MaxBytes = 10
	_, err := article.Read(context.Background(), strings.NewReader("Title line\n\nand a body that is too long"), "-", "txt", opts)
	if !errors.Is(err, article.ErrTooLarge) || err.Error() != "-: input is more than 10 bytes, over the limit of 10 (ingest.max_bytes)" {
		t.Errorf("err = %v", err)
	}
}
