package article_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sourcetrace/sourcetrace/ingest/article"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden reads every fixture and compares the documents and errors, as
// JSON, with testdata/golden/<fixture>.json. Run with -update after an
// intended change and review the diff.
func TestGolden(t *testing.T) {
	var fixtures []string
	for _, pattern := range []string{"testdata/txt/*.txt", "testdata/*.html", "testdata/*.jsonl", "testdata/*.sgm"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		fixtures = append(fixtures, m...)
	}
	if len(fixtures) < 15 {
		t.Fatalf("only %d fixtures found", len(fixtures))
	}
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			docs, err := article.ReadFile(context.Background(), fx, article.DefaultOptions())
			out := struct {
				Documents []article.Document `json:"documents"`
				Errors    []string           `json:"errors,omitempty"`
			}{Documents: docs}
			for _, e := range unjoinErr(err) {
				out.Errors = append(out.Errors, e.Error())
			}
			got, jerr := json.MarshalIndent(out, "", "  ")
			if jerr != nil {
				t.Fatal(jerr)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", filepath.Base(fx)+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}
