package main_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func ingested(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	return data
}

type queryRow struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Kind string   `json:"kind"`
	Path []string `json:"path"`
}

func TestQueryCmd(t *testing.T) {
	data := ingested(t)
	t.Run("Text", func(t *testing.T) {
		stdout, stderr, code := run(t, data, "query", `speaker("Ramzan Kadyrov").said().via*().aired_on().unique()`)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "state television") || strings.Count(stdout, "\n") != 1 {
			t.Errorf("want one row, state television:\n%s", stdout)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		stdout, stderr, code := run(t, data, "query", `speaker("Kadyrov").said().in("contains").out("published_by")`, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var res struct {
			Rows  []queryRow `json:"rows"`
			Total int        `json:"total"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, stdout)
		}
		if len(res.Rows) == 0 || res.Total != len(res.Rows) {
			t.Fatalf("rows %d, total %d", len(res.Rows), res.Total)
		}
		for _, r := range res.Rows {
			if r.Name != "GlobalPost" || len(r.Path) != 4 || r.Path[3] != r.ID {
				t.Errorf("row %+v: want GlobalPost at the end of a 4-node path", r)
			}
		}
	})
	t.Run("Limit", func(t *testing.T) {
		stdout, _, code := run(t, data, "query", `outlet("Agence France-Presse").in("reported_by").out("contains")`, "--limit", "2", "--json")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		var res struct {
			Rows  []queryRow `json:"rows"`
			Total int        `json:"total"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != 2 || res.Total <= 2 {
			t.Errorf("rows %d, total %d; want 2 of more", len(res.Rows), res.Total)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		for _, tt := range []struct {
			expr string
			want []string
		}{
			{`speaker("Kadyrov").said(.x`, []string{"parse error at column 25: expected a quoted string or a number", "\n  speaker(\"Kadyrov\").said(.x\n                          ^"}},
			{`speaker("Kadyrov"`, []string{"parse error at column 18: expected ')' after argument"}},
			{`speaker("Kadyrov").said().via*(99)`, []string{"depth 99 is over the limit of 12 (query.max_depth)"}},
			{`speaker("Nobody Atall").said()`, []string{`no speaker with that name`, "Nobody Atall"}},
		} {
			_, stderr, code := run(t, data, "query", tt.expr)
			if code != 2 {
				t.Errorf("%s: exit %d, want 2", tt.expr, code)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("%s: stderr lacks %q:\n%s", tt.expr, w, stderr)
				}
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("%s: stack trace:\n%s", tt.expr, stderr)
			}
		}
	})
}

func TestPathCmd(t *testing.T) {
	data := ingested(t)
	type paths struct {
		From  struct{ Name string } `json:"from"`
		To    struct{ Name string } `json:"to"`
		Paths []struct {
			Length int `json:"length"`
			Nodes  []struct {
				Name string `json:"name"`
			} `json:"nodes"`
			Edges []struct {
				Predicate string `json:"predicate"`
			} `json:"edges"`
		} `json:"paths"`
	}
	stdout, stderr, code := run(t, data, "path", "Kadyrov", "Agence France-Presse", "-k", "4", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var p paths
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if p.From.Name != "Ramzan Kadyrov" || p.To.Name != "Agence France-Presse" || len(p.Paths) != 4 {
		t.Fatalf("from %q to %q, %d paths", p.From.Name, p.To.Name, len(p.Paths))
	}
	for i, q := range p.Paths {
		if i > 0 && q.Length < p.Paths[i-1].Length {
			t.Errorf("path %d shorter than path %d", i, i-1)
		}
		if len(q.Nodes) != q.Length+1 || q.Nodes[0].Name != "Ramzan Kadyrov" || q.Nodes[q.Length].Name != "Agence France-Presse" {
			t.Errorf("path %d: %+v", i, q)
		}
	}
	again, _, _ := run(t, data, "path", "Kadyrov", "Agence France-Presse", "-k", "4", "--json")
	if again != stdout {
		t.Errorf("answer changed between runs")
	}

	// Only said and via edges, forwards: a claim reaches Interfax through via.
	stdout, _, code = run(t, data, "path", "a source in the Chechen leadership", "Interfax", "--pred", "said,via", "--directed")
	if code != 0 || !strings.Contains(stdout, "-said->") || !strings.Contains(stdout, "-via-> Interfax") {
		t.Errorf("exit %d, want a said/via path:\n%s", code, stdout)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"Kadyrov", "Interfax", "--depth", "50"}, "over the limit of 12 (query.max_depth)"},
		{[]string{"Kadyrov", "Nobody Atall"}, `no entity named "Nobody Atall"`},
		{[]string{"Kadyrov", "Interfax", "--pred", "sed"}, `unknown predicate "sed"`},
		{[]string{"Kadyrov", "Interfax", "-k", "0"}, "-k 0"},
	} {
		_, stderr, code := run(t, data, append([]string{"path"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "goroutine") {
			t.Errorf("path %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
