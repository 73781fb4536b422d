package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/eval"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// moduleRoot is the repository root, two levels above this package.
func moduleRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("locate test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func readSeed(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), "examples", "kadyrov-spies.txt"))
	if err != nil {
		t.Fatalf("read seed article: %v", err)
	}
	return string(b)
}

// corpusDir locates ../shared/corpus next to the repository, skipping the
// test when it is absent.
func corpusDir(t testing.TB) string {
	dir := filepath.Join(moduleRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available at %s: %v", dir, err)
	}
	return dir
}

func TestSeedGolden(t *testing.T) {
	r := extractor().Extract(readSeed(t))
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "kadyrov-spies.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("result differs from %s (run with -update after checking the change):\n%s", path, got)
	}
}

// TestSeedGold holds the extractor to the Foundation acceptance bar on the
// seed article: recall ≥ 0.9, speaker correct ≥ 0.9 × gold, 4 of 4 chains.
func TestSeedGold(t *testing.T) {
	g, err := eval.LoadGold(filepath.Join(corpusDir(t), "seed", "kadyrov-spies.gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed := readSeed(t)
	// The same article laid out differently must read the same: single
	// newlines between paragraphs, Windows line ends.
	for _, v := range []struct{ name, text string }{
		{"as published", seed},
		{"single newlines", strings.ReplaceAll(seed, "\n\n", "\n")},
		{"crlf", strings.ReplaceAll(seed, "\n", "\r\n")},
		{"curly quotes", curlyQuotes(seed)},
	} {
		t.Run(v.name, func(t *testing.T) {
			r := extractor().Extract(v.text)
			rep := eval.ScoreGold(g, eval.PredictionsFromResult(r))
			var buf bytes.Buffer
			if err := rep.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			s := rep.Attributions
			if s.Recall < 0.9 || float64(s.SpeakerCorrect) < 0.9*float64(s.Gold) || rep.Chains.Found < 4 || s.Precision < 0.8 {
				t.Errorf("below the acceptance bar:\n%s", buf.String())
			}
			t.Logf("precision %.3f recall %.3f speaker correct %d/%d chains %d/%d",
				s.Precision, s.Recall, s.SpeakerCorrect, s.Gold, rep.Chains.Found, rep.Chains.Gold)
		})
	}
}

// curlyQuotes turns alternating straight double quotes into curly ones.
func curlyQuotes(s string) string {
	var b strings.Builder
	open := true
	for _, r := range s {
		if r != '"' {
			b.WriteRune(r)
			continue
		}
		if open {
			b.WriteRune('“')
		} else {
			b.WriteRune('”')
		}
		open = !open
	}
	return b.String()
}
