package main_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/rdf"
)

// analystStore returns a data dir holding the founding article, indexed for
// search.
func analystStore(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", "--no-progress", example(t)); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, data, "reindex"); code != 0 {
		t.Fatalf("reindex exit %d: %s", code, stderr)
	}
	return data
}

type aqHit struct {
	ID      string  `json:"id"`
	Content string  `json:"content"`
	Speaker string  `json:"speaker"`
	Score   float64 `json:"score"`
}

// aqSearch runs search --json and decodes the hits.
func aqSearch(t *testing.T, data string, args ...string) ([]aqHit, bool) {
	t.Helper()
	stdout, stderr, code := run(t, data, append([]string{"search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", args, code, stderr)
	}
	var res struct {
		Stale bool    `json:"stale"`
		Hits  []aqHit `json:"hits"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, stdout)
	}
	return res.Hits, res.Stale
}

func TestSearchCommand(t *testing.T) {
	data := analystStore(t)
	hits, stale := aqSearch(t, data, "spies")
	if stale || len(hits) == 0 {
		t.Fatalf("search spies: %d hits, stale %v", len(hits), stale)
	}
	for _, h := range hits {
		if !strings.Contains(strings.ToLower(h.Content+" "+h.Speaker), "spies") {
			t.Errorf("hit without the word: %+v", h)
		}
	}
	// The claims of one speaker, found by a part of the name.
	bySpeaker, _ := aqSearch(t, data, "--speaker", "Kadyrov")
	if len(bySpeaker) < 3 {
		t.Errorf("--speaker Kadyrov: %d hits", len(bySpeaker))
	}
	for _, h := range bySpeaker {
		if h.Speaker != "Ramzan Kadyrov" {
			t.Errorf("--speaker Kadyrov gave a claim by %q", h.Speaker)
		}
	}
	// A speaker's name alone finds their claims too.
	byName, _ := aqSearch(t, data, "Peskov")
	if len(byName) == 0 {
		t.Errorf("search Peskov: no hits")
	}
	// The article is undated: a date filter leaves nothing.
	if dated, _ := aqSearch(t, data, "spies", "--from", "2000-01-01"); len(dated) != 0 {
		t.Errorf("--from on an undated article: %d hits", len(dated))
	}
	if out, _, code := run(t, data, "search", "spies"); code != 0 || !strings.Contains(out, "Kadyrov") {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}

	for _, bad := range [][]string{
		{"search"},
		{"search", "x", "--kind", "rumour"},
		{"search", "x", "--from", "yesterday"},
		{"search", "x", "--from", "2021-01-02", "--to", "2021-01-01"},
		{"search", "x", "--limit", "0"},
		{"search", "x", "--limit", "99999999"},
		{"search", "x", "--bogus"},
	} {
		if _, stderr, code := run(t, data, bad...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, want 2 with a message (%q)", bad, code, stderr)
		}
	}

	// Without an index, search says so and names the fix.
	if err := os.RemoveAll(filepath.Join(data, "search.bleve")); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, data, "search", "spies")
	if code != 2 || !strings.Contains(stderr, "sourcetrace reindex") {
		t.Errorf("missing index: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := run(t, data, "reindex", "--json"); code != 0 {
		t.Fatalf("reindex: %s", stderr)
	}
	if again, _ := aqSearch(t, data, "spies"); len(again) != len(hits) {
		t.Errorf("after reindex %d hits, before %d", len(again), len(hits))
	}
}

// aqClaimID finds the claim whose content has the words, through search.
func aqClaimID(t *testing.T, data, words string) string {
	t.Helper()
	hits, _ := aqSearch(t, data, words)
	if len(hits) == 0 {
		t.Fatalf("no claim matches %q", words)
	}
	return hits[0].ID
}

func TestOriginsTimelineSubgraphCommands(t *testing.T) {
	data := analystStore(t)
	id := aqClaimID(t, data, "infiltrating Islamic State spies")

	stdout, stderr, code := run(t, data, "origins", id, "--json")
	if code != 0 {
		t.Fatalf("origins exit %d: %s", code, stderr)
	}
	var og struct {
		Reports     int `json:"reports"`
		Independent int `json:"independent"`
		Origins     []struct {
			Reports []struct {
				Agencies []struct{ Name string } `json:"agencies"`
			} `json:"reports"`
		} `json:"origins"`
	}
	if err := json.Unmarshal([]byte(stdout), &og); err != nil {
		t.Fatalf("origins --json: %v\n%s", err, stdout)
	}
	if og.Reports != 1 || og.Independent != 1 || len(og.Origins) != 1 {
		t.Errorf("origins of a claim of one article: %+v", og)
	}
	if a := og.Origins[0].Reports[0].Agencies; len(a) != 1 || a[0].Name != "Agence France-Presse" {
		t.Errorf("agency of the report: %+v", a)
	}
	if out, _, code := run(t, data, "origins", id); code != 0 || !strings.Contains(out, "1 independent origin") {
		t.Errorf("origins text (exit %d):\n%s", code, out)
	}

	stdout, stderr, code = run(t, data, "timeline", id, "--json")
	if code != 0 {
		t.Fatalf("timeline exit %d: %s", code, stderr)
	}
	var tl struct {
		Events []struct {
			DateSource string `json:"date_source"`
		} `json:"events"`
		Outlets int `json:"outlets"`
	}
	if err := json.Unmarshal([]byte(stdout), &tl); err != nil {
		t.Fatalf("timeline --json: %v", err)
	}
	// The seed article has no publication date: its ingest time stands in.
	if len(tl.Events) != 1 || tl.Events[0].DateSource != "retrieved" || tl.Outlets != 1 {
		t.Errorf("timeline %+v", tl)
	}

	stdout, stderr, code = run(t, data, "subgraph", "--around", "Kadyrov", "--depth", "1", "--pred", "said", "--json")
	if code != 0 {
		t.Fatalf("subgraph exit %d: %s", code, stderr)
	}
	var sg struct {
		Nodes []struct {
			Kind string `json:"kind"`
		} `json:"nodes"`
		Edges []struct {
			Predicate string `json:"predicate"`
		} `json:"edges"`
		Truncated bool `json:"truncated"`
	}
	if err := json.Unmarshal([]byte(stdout), &sg); err != nil {
		t.Fatalf("subgraph --json: %v", err)
	}
	if len(sg.Nodes) < 4 || sg.Truncated {
		t.Errorf("subgraph of Kadyrov's said edges: %d nodes, truncated %v", len(sg.Nodes), sg.Truncated)
	}
	for _, e := range sg.Edges {
		if e.Predicate != "said" {
			t.Errorf("--pred said gave a %s edge", e.Predicate)
		}
	}
	// The result cap cuts and says so.
	_, stderr, code = run(t, data, "subgraph", "--around", "Kadyrov", "--depth", "3", "--max-results", "3")
	if code != 0 || !strings.Contains(stderr, "truncated") {
		t.Errorf("capped subgraph: exit %d, stderr %q", code, stderr)
	}

	for _, bad := range [][]string{
		{"origins", "not-an-id"},
		{"origins", "0000000000000001"},
		{"origins", id, "--similar", "2"},
		{"timeline", "0000000000000001"},
		{"subgraph"},
		{"subgraph", "--around", "Nobody Atall"},
		{"subgraph", "--around", "Kadyrov", "--pred", "likes"},
		{"subgraph", "--around", "Kadyrov", "--node-kind", "planet"},
		{"subgraph", "--around", "Kadyrov", "--direction", "sideways"},
		{"subgraph", "--claim", "0000000000000001"},
	} {
		if _, stderr, code := run(t, data, bad...); code != 2 || stderr == "" || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: exit %d, want 2 with a clear message (%q)", bad, code, stderr)
		}
	}
}

func TestExportImportCommands(t *testing.T) {
	data := analystStore(t)
	dir := t.TempDir()
	nq := filepath.Join(dir, "graph.nq")
	stdout, stderr, code := run(t, data, "export", "--all", "--format", "dgraph", "-o", nq, "--json")
	if code != 0 {
		t.Fatalf("export exit %d: %s", code, stderr)
	}
	var res struct {
		Schema  string `json:"schema"`
		Command string `json:"command"`
		Stats   struct{ Nodes, Edges int }
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("export --json: %v", err)
	}
	if res.Schema != filepath.Join(dir, "graph.dql") || !strings.HasPrefix(res.Command, "dgraph live") || res.Stats.Nodes == 0 {
		t.Errorf("export result %+v", res)
	}
	if b, err := os.ReadFile(res.Schema); err != nil || !strings.Contains(string(b), "type") {
		t.Errorf("schema file: %v", err)
	}
	// Import into an empty store gives the same graph.
	other := t.TempDir()
	if _, stderr, code := run(t, other, "import", "nquads", nq); code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	a, _, _ := run(t, data, "dump")
	b, _, _ := run(t, other, "dump")
	if a != b || a == "" {
		t.Errorf("imported graph differs from the exported one (%d vs %d bytes of dump)", len(a), len(b))
	}
	// Import keeps the search index current.
	if hits, stale := aqSearch(t, other, "spies"); len(hits) == 0 || stale {
		t.Errorf("search after import: %d hits, stale %v", len(hits), stale)
	}

	// A capped export fails and leaves no file.
	capped := filepath.Join(dir, "capped.graphml")
	if _, stderr, code := run(t, data, "export", "--all", "--format", "graphml", "-o", capped, "--max-bytes", "500"); code != 2 || !strings.Contains(stderr, "max-bytes") {
		t.Errorf("capped export: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(capped); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("capped export left %s behind (%v)", capped, err)
	}
	// A neighbourhood to standard output.
	stdout, _, code = run(t, data, "export", "--around", "Interfax", "--depth", "1", "--format", "dot", "-o", "-")
	if code != 0 || !strings.HasPrefix(stdout, "digraph") || !strings.Contains(stdout, "Interfax") {
		t.Errorf("export dot to stdout (exit %d):\n%.300s", code, stdout)
	}

	// A claim's neighbourhood: the claim, its speaker and its article.
	id := aqClaimID(t, data, "infiltrating Islamic State spies")
	stdout, stderr, code = run(t, data, "export", "--claim", id, "--depth", "1", "--format", "cytoscape", "-o", "-")
	if code != 0 || !strings.Contains(stdout, id) || !strings.Contains(stdout, "Ramzan Kadyrov") {
		t.Errorf("export --claim (exit %d, %s):\n%.300s", code, stderr, stdout)
	}

	for _, bad := range [][]string{
		{"export", "--all", "--depth", "3", "--format", "dot", "-o", "x.dot"},
		{"export", "--format", "dot", "-o", "x.dot"},
		{"export", "--all", "--around", "Kadyrov", "--format", "dot", "-o", "x.dot"},
		{"export", "--all", "--format", "pdf", "-o", "x.pdf"},
		{"export", "--all", "-o", "x.dot"},
		{"export", "--all", "--format", "dot"},
		{"export", "--all", "--format", "csv", "-o", "-"},
		{"export", "--query", "speaker/said", "--format", "dot", "-o", "x.dot"},
		{"export", "--around", "Nobody Atall", "--format", "dot", "-o", "x.dot"},
		{"import", "turtle", nq},
		{"import", "nquads", filepath.Join(dir, "missing.nq")},
	} {
		if _, stderr, code := run(t, data, bad...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, want 2 with a message (%q)", bad, code, stderr)
		}
	}
	if _, stderr, _ := run(t, data, "export", "--query", `speaker("Kadyrov").said(`, "--format", "dot", "-o", "x.dot"); !strings.Contains(stderr, "column 25") {
		t.Errorf("--query with a parse error: %q", stderr)
	}

	// --query exports what a path expression reaches, with the paths.
	stdout, stderr, code = run(t, data, "export", "--query", `speaker("Ramzan Kadyrov").said().via()`, "--format", "cytoscape", "-o", "-")
	if code != 0 {
		t.Fatalf("export --query: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Ramzan Kadyrov", "state television", `"said"`, `"via"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("export --query lacks %s:\n%.500s", want, stdout)
		}
	}
}

// TestExportBBCFormats ingests BBC articles, exports the whole graph in
// every format and parses each file back with a reader for that format,
// checking the node and edge counts against the export's own.
func TestExportBBCFormats(t *testing.T) {
	n := 500 // the figure: 500 BBC articles
	if testing.Short() {
		n = 60
	}
	files := bbcSample(t, n)
	corpus := t.TempDir()
	for _, f := range files {
		if err := os.Symlink(f, filepath.Join(corpus, filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", "--no-progress", corpus); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	out := t.TempDir()
	formats := []string{"graphml", "gexf", "jsonld", "nquads", "dgraph", "csv", "dot", "cytoscape"}
	for _, f := range formats {
		t.Run(f, func(t *testing.T) {
			path := filepath.Join(out, "graph."+f)
			stdout, stderr, code := run(t, data, "export", "--all", "--format", f, "-o", path, "--json")
			if code != 0 {
				t.Fatalf("export exit %d: %s", code, stderr)
			}
			var res struct{ Stats struct{ Nodes, Edges int } }
			if err := json.Unmarshal([]byte(stdout), &res); err != nil {
				t.Fatal(err)
			}
			if res.Stats.Nodes < n || res.Stats.Edges < n {
				t.Fatalf("export of %d articles: %+v", n, res.Stats)
			}
			nodes, edges := aqParseExport(t, f, path)
			if nodes != res.Stats.Nodes || edges != res.Stats.Edges {
				t.Errorf("parsed %d nodes, %d edges; export wrote %d, %d", nodes, edges, res.Stats.Nodes, res.Stats.Edges)
			}
		})
	}
	t.Run("ImportRoundTrip", func(t *testing.T) {
		other := t.TempDir()
		if _, stderr, code := run(t, other, "import", "nquads", filepath.Join(out, "graph.nquads")); code != 0 {
			t.Fatalf("import: %s", stderr)
		}
		a, _, _ := run(t, data, "dump")
		b, _, _ := run(t, other, "dump")
		if a != b {
			t.Errorf("imported BBC graph differs (%d vs %d bytes of dump)", len(a), len(b))
		}
	})
}

// aqParseExport reads an exported file with a parser of its format and counts
// the nodes and edges in it.
func aqParseExport(t *testing.T, format, path string) (nodes, edges int) {
	t.Helper()
	open := func(p string) *os.File {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	switch format {
	case "graphml", "gexf":
		dec := xml.NewDecoder(open(path))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return nodes, edges
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				switch se.Name.Local {
				case "node":
					nodes++
				case "edge":
					edges++
				}
			}
		}
	case "jsonld":
		var doc struct {
			Graph []map[string]any `json:"@graph"`
		}
		if err := json.NewDecoder(open(path)).Decode(&doc); err != nil {
			t.Fatalf("jsonld: %v", err)
		}
		// Nodes are typed objects; each edge is an untyped object on its
		// subject carrying the qualified relation.
		for _, o := range doc.Graph {
			if _, typed := o["@type"]; typed {
				nodes++
			} else {
				edges++
			}
		}
		return nodes, edges
	case "nquads", "dgraph":
		b, err := io.ReadAll(open(path))
		if err != nil {
			t.Fatal(err)
		}
		// Dgraph's dgraph.type predicate is not an absolute IRI, which
		// strict RDF parsers reject; the rest is plain N-Quads.
		var keep []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.Contains(line, "<dgraph.type>") {
				keep = append(keep, line)
			}
		}
		dec := rdf.NewDecoder(strings.NewReader(strings.Join(keep, "\n")))
		subjects := map[string]bool{}
		for {
			st, err := dec.Unmarshal()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			subjects[st.Subject.Value] = true
		}
		for s := range subjects {
			if strings.Contains(s, "/edge/") {
				edges++
			} else {
				nodes++
			}
		}
		return nodes, edges
	case "csv":
		for _, name := range []string{"nodes.csv", "relationships.csv"} {
			r := csv.NewReader(open(filepath.Join(path, name)))
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("csv %s: %v", name, err)
			}
			if name == "nodes.csv" {
				nodes = len(rows) - 1
			} else {
				edges = len(rows) - 1
			}
		}
		return nodes, edges
	case "dot":
		b, err := io.ReadAll(open(path))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case strings.Contains(line, " -> "):
				edges++
			case strings.HasPrefix(line, `"`) && strings.HasSuffix(line, "];"):
				nodes++
			}
		}
		return nodes, edges
	case "cytoscape":
		var doc struct {
			Elements struct {
				Nodes []any `json:"nodes"`
				Edges []any `json:"edges"`
			} `json:"elements"`
		}
		if err := json.NewDecoder(open(path)).Decode(&doc); err != nil {
			t.Fatalf("cytoscape: %v", err)
		}
		return len(doc.Elements.Nodes), len(doc.Elements.Edges)
	}
	t.Fatalf("no parser for %s", format)
	return 0, 0
}
