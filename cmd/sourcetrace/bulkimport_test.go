package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadEqualsIngest bulk loads the same articles that ingest writes
// into another store: stats must agree, and a second load must refuse the
// now non-empty store with exit status 2.
func TestLoadEqualsIngest(t *testing.T) {
	src := t.TempDir()
	ex, err := os.ReadFile(example(t))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a.txt": string(ex),
		"b.txt": "Budget row\n\nThe finance minister Anna Berg said taxes would rise next year, according to an interview with Radio North. Carl Dahl said the plan was reckless.\n",
		"c.txt": "Harbour\n\nCarl Dahl told Reuters the harbour would close in May. \"We have no choice,\" he said.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stats := func(dir string) string {
		out, errOut, code := run(t, dir, "stats", "--json")
		if code != 0 {
			t.Fatalf("stats: %d %s", code, errOut)
		}
		var v struct {
			Nodes  int            `json:"nodes"`
			Edges  int            `json:"edges"`
			ByKind map[string]int `json:"by_kind"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("stats output %q: %v", out, err)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	ingested, loaded := t.TempDir(), t.TempDir()
	if _, errOut, code := run(t, ingested, "ingest", "--no-progress", src); code != 0 {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	out, errOut, code := run(t, loaded, "load", "--json", src)
	if code != 0 {
		t.Fatalf("load: %d %s", code, errOut)
	}
	var res struct {
		Summary struct {
			Articles int `json:"articles"`
		} `json:"summary"`
		Bulk struct {
			Edges int `json:"edges"`
		} `json:"bulk"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("load output %q: %v", out, err)
	}
	if res.Summary.Articles != 3 || res.Bulk.Edges == 0 {
		t.Errorf("load summary %s", out)
	}
	if a, b := stats(ingested), stats(loaded); a != b {
		t.Errorf("ingest stats %s\nload stats   %s", a, b)
	}
	_, errOut, code = run(t, loaded, "load", src)
	if code != 2 || !strings.Contains(errOut, "not empty") {
		t.Errorf("second load: exit %d, stderr %q; want 2 and 'not empty'", code, errOut)
	}
}
