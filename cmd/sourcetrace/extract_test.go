package main_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/ingest/brat"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestExtractGolden pins the extractor's JSON for the founding article.
func TestExtractGolden(t *testing.T) {
	stdout, stderr, code := run(t, t.TempDir(), "extract", example(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The source path differs per checkout; pin the rest.
	var v map[string]any
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("extract output is not JSON: %v", err)
	}
	if got, want := v["offsets"], "characters"; got != want {
		t.Errorf("offsets = %v, want %v", got, want)
	}
	v["source"] = "examples/kadyrov-spies.txt"
	got, _ := json.MarshalIndent(v, "", "  ")
	golden := filepath.Join("testdata", "kadyrov-spies.extract.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/sourcetrace -run TestExtractGolden -update)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("extract output differs from %s; rerun with -update if the change is intended\ngot:\n%s", golden, got)
	}
}

// TestExtractBratRoundTrip checks that every span written as brat parses
// back to the same character offsets and text.
func TestExtractBratRoundTrip(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := run(t, t.TempDir(), "extract", example(t), "--format", "brat", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(filepath.Join(out, "kadyrov-spies.ann"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := brat.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(example(t))
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(string(text))
	if len(doc.Events) < 10 {
		t.Errorf("only %d attribution events", len(doc.Events))
	}
	for _, tb := range doc.TextBounds {
		if got := brat.SpanText(runes, tb.Spans); got != tb.Text {
			t.Errorf("%s %s: spans cover %q, text says %q", tb.ID, tb.Type, got, tb.Text)
		}
	}
	var jsonOut struct {
		Attributions []struct {
			Content struct{ Text string }
		}
	}
	stdout, _, _ := run(t, t.TempDir(), "extract", example(t), "--format", "json")
	if err := json.Unmarshal([]byte(stdout), &jsonOut); err != nil {
		t.Fatal(err)
	}
	if got, want := len(doc.Attributions()), len(jsonOut.Attributions); got != want {
		t.Errorf("brat has %d attributions, json %d", got, want)
	}
}

// TestExtractBratScoresMatchEval checks that scoring the brat files
// `extract` writes gives exactly the scores `eval polnear` reports for the
// extractor directly, on a small made-up split and, where ../shared is
// present, on PolNeAR's dev split.
func TestExtractBratScoresMatchEval(t *testing.T) {
	small := t.TempDir()
	mustWrite(t, filepath.Join(small, "text", "a_b.txt"), "Officials said the bridge would reopen on Monday. \"It is safe,\" the mayor told reporters.\n")
	mustWrite(t, filepath.Join(small, "attributions", "a_b_x1.ann"), "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 49\tthe bridge would reopen on Monday\nT4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
	dirs := []string{small}
	if dev, err := filepath.Abs("../../../shared/corpus/polnear/dev"); err == nil {
		if _, err := os.Stat(dev); err == nil {
			dirs = append(dirs, dev)
		} else {
			t.Logf("skipping the PolNeAR dev split: %s not found (../shared is absent)", dev)
		}
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			pred := t.TempDir()
			if _, stderr, code := run(t, t.TempDir(), "extract", filepath.Join(dir, "text"), "--format", "brat", "-o", pred); code != 0 {
				t.Fatalf("extract exit %d: %s", code, stderr)
			}
			direct, stderr, code := run(t, t.TempDir(), "eval", "polnear", dir, "--json")
			if code != 0 {
				t.Fatalf("eval exit %d: %s", code, stderr)
			}
			fromFiles, stderr, code := run(t, t.TempDir(), "eval", "polnear", dir, "--pred", pred, "--json")
			if code != 0 {
				t.Fatalf("eval --pred exit %d: %s", code, stderr)
			}
			if a, b := scoresOnly(t, direct), scoresOnly(t, fromFiles); a != b {
				t.Errorf("scores differ:\ndirect: %s\nbrat:   %s", a, b)
			}
			if strings.Contains(direct, `"documents": 0`) {
				t.Errorf("no documents scored: %s", direct)
			}
		})
	}
}

func scoresOnly(t *testing.T, s string) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	delete(v, "sentences_per_second")
	b, _ := json.Marshal(v)
	return string(b)
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExtractRulesOnly checks that --tagger=false (config ingest.tagger)
// reaches the extractor: the rules alone still read the founding article,
// with spans of their own rather than the tagger's.
func TestExtractRulesOnly(t *testing.T) {
	attributions := func(args ...string) []any {
		stdout, stderr, code := run(t, t.TempDir(), append([]string{"extract"}, args...)...)
		if code != 0 {
			t.Fatalf("extract %v: exit %d: %s", args, code, stderr)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("extract %v: output is not JSON: %v", args, err)
		}
		a, _ := v["attributions"].([]any)
		return a
	}
	both := attributions(example(t))
	rules := attributions("--tagger=false", example(t))
	if len(rules) < 10 {
		t.Errorf("rules alone found %d attributions in the founding article, want at least 10", len(rules))
	}
	a, _ := json.Marshal(both)
	b, _ := json.Marshal(rules)
	if string(a) == string(b) {
		t.Error("--tagger=false gave the same attributions as the default: the flag does not reach the extractor")
	}
}
