package export_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/rdf"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/export"
)

const xsd = "http://www.w3.org/2001/XMLSchema#"

// parseQuads parses every line with gonum's RDF parser, skipping the
// dgraph.type lines (a relative IRI, Dgraph's own) after checking their form.
func parseQuads(t *testing.T, data []byte) []*rdf.Statement {
	t.Helper()
	var out []*rdf.Statement
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.Contains(line, "> <dgraph.type> \"") {
			if !regexp.MustCompile(`^<https://sourcetrace\.dev/id/[^>]+> <dgraph\.type> "[A-Z][a-z]+" \.$`).MatchString(line) {
				t.Errorf("line %d: malformed dgraph.type line %q", n, line)
			}
			continue
		}
		st, err := rdf.ParseNQuad(line)
		if err != nil {
			t.Fatalf("line %d: %v\n%s", n, err, line)
		}
		out = append(out, st)
	}
	return out
}

func TestNQuadsParse(t *testing.T) {
	for _, f := range []export.Format{export.NQuads, export.Dgraph} {
		t.Run(string(f), func(t *testing.T) {
			data := write(t, f, export.Options{})
			quads := parseQuads(t, data)
			if len(quads) == 0 {
				t.Fatal("no quads")
			}
			direct := 0
			for _, q := range quads {
				for _, term := range []rdf.Term{q.Subject, q.Object, q.Label} {
					if _, _, kind, _ := term.Parts(); kind == rdf.Blank {
						t.Errorf("blank node in %s", q)
					}
				}
				obj, qual, kind, err := q.Object.Parts()
				if err != nil {
					t.Fatal(err)
				}
				pred, _, _, _ := q.Predicate.Parts()
				if kind == rdf.Literal && !slices.Contains([]string{xsd + "string", xsd + "integer", xsd + "double", xsd + "dateTime"}, qual) {
					t.Errorf("literal without an exact datatype: %s", q)
				}
				label, _, _, _ := q.Label.Parts()
				subj, _, _, _ := q.Subject.Parts()
				// The label an edge's quads should carry: its article, none
				// for the fixture's one edge without an article.
				wantLabel := ""
				if eid, ok := strings.CutPrefix(subj, export.EdgeBase); ok {
					if a := strings.Split(eid, "-")[3]; a != "0000000000000000" {
						wantLabel = export.IDBase + a
					}
				}
				local := strings.TrimPrefix(pred, export.Vocab)
				if graph.Predicate(local).Valid() {
					direct++
					if !strings.HasPrefix(obj, export.IDBase) {
						t.Errorf("direct edge to a non-node: %s", q)
					}
					if graph.Predicate(local) != graph.Contradicts {
						wantLabel = label // any article; checked below
						if label == "" && f == export.NQuads {
							t.Errorf("direct edge without an article label: %s", q)
						}
					}
				}
				if f == export.Dgraph {
					wantLabel = ""
				}
				if label != wantLabel {
					t.Errorf("graph label %q, want %q: %s", label, wantLabel, q)
				}
			}
			if direct != 13 {
				t.Errorf("%d direct edge triples, want 13", direct)
			}
			// The tricky claim survives parsing.
			found := false
			for _, q := range quads {
				if text, _, kind, _ := q.Object.Parts(); kind == rdf.Literal && text == trickyClaim {
					found = true
				}
			}
			if !found {
				t.Error("claim text with quotes, newline, tab and backslash did not survive")
			}
		})
	}
}

func TestNQuadsArticleLabels(t *testing.T) {
	f := newFixture()
	data := write(t, export.NQuads, export.Options{})
	want := "<" + export.NodeIRI(f.a2.ID) + "> ."
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "-said-") && strings.Contains(line, f.a2.ID.String()+"-0>") {
			n++
			if !strings.HasSuffix(line, want) {
				t.Errorf("said edge of article 2 not in its graph: %s", line)
			}
		}
	}
	if n == 0 {
		t.Error("no reified said edge of article 2")
	}
}

func TestReadNQuadsRoundTrip(t *testing.T) {
	for _, f := range []export.Format{export.NQuads, export.Dgraph} {
		t.Run(string(f), func(t *testing.T) {
			ctx := context.Background()
			src := newStore(t)
			first := write(t, f, export.Options{})
			dst := mem.New()
			defer dst.Close()
			st, err := export.ReadNQuads(ctx, bytes.NewReader(first), dst)
			if err != nil {
				t.Fatal(err)
			}
			if st.Nodes != 10 || st.Edges != 13 || st.Bytes != int64(len(first)) {
				t.Errorf("stats %+v", st)
			}
			var second bytes.Buffer
			if _, err := export.Write(ctx, &second, f, export.All(dst), export.Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, second.Bytes()) {
				t.Errorf("export → ReadNQuads → export is not byte-identical\n%s", firstDiff(string(first), second.String()))
			}
			// And the edges are really equal, not just printed alike.
			var a, b []graph.Edge
			src.ScanEdges(ctx, func(e graph.Edge) error { a = append(a, e); return nil })
			dst.ScanEdges(ctx, func(e graph.Edge) error { b = append(b, e); return nil })
			if len(a) != len(b) {
				t.Fatalf("%d edges back, want %d", len(b), len(a))
			}
			for i := range a {
				if !edgeEqual(a[i], b[i]) {
					t.Errorf("edge %d: got %+v, want %+v", i, b[i], a[i])
				}
			}
			// Importing twice changes nothing.
			if _, err := export.ReadNQuads(ctx, bytes.NewReader(first), dst); err != nil {
				t.Fatal(err)
			}
			if s, _ := dst.Stats(ctx); s.Edges != 13 || s.Nodes != 10 {
				t.Errorf("after a second import: %+v", s)
			}
		})
	}
}

func edgeEqual(a, b graph.Edge) bool {
	return a.From == b.From && a.To == b.To && a.Predicate == b.Predicate && a.Seq == b.Seq &&
		a.Prov.Article == b.Prov.Article && slices.Equal(a.Prov.Spans, b.Prov.Spans) && a.Prov.Text == b.Prov.Text &&
		a.Prov.Extractor == b.Prov.Extractor && a.Prov.Version == b.Prov.Version &&
		a.Prov.Confidence == b.Prov.Confidence && a.Prov.Ingested.Equal(b.Prov.Ingested)
}

func TestReadNQuadsErrors(t *testing.T) {
	f := newFixture()
	node := "<" + export.NodeIRI(f.speaker.ID) + ">"
	edge := "<" + export.EdgeBase + f.speaker.ID.String() + "-said-" + f.claim.ID.String() + "-0000000000000000-0>"
	v := func(s string) string { return "<" + export.Vocab + s + ">" }
	str := func(s string) string { return `"` + s + `"^^<` + xsd + `string>` }
	for _, tc := range []struct {
		name, in, want string
	}{
		{"syntax", node + " " + v("name") + " \"unterminated .\n", "line 1"},
		{"bad id", "<" + export.IDBase + "xyz> " + v("name") + " " + str("x") + " .\n", "line 1"},
		{"wrong datatype", node + " " + v("kind") + ` "person"^^<` + xsd + "integer> .\n", "want xsd:string"},
		{"unknown property", "\n# comment\n" + node + " " + v("colour") + " " + str("red") + " .\n", "line 3"},
		{"no kind", node + " " + v("name") + " " + str("Jane") + " .\n", "unknown kind"},
		{"incomplete edge", edge + " " + v("predicate") + " " + str("said") + " .\n", "lacks"},
		{"bad spans", edge + " " + v("spans") + " " + str("1:2") + " .\n", "span"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mem.New()
			defer s.Close()
			_, err := export.ReadNQuads(context.Background(), strings.NewReader(tc.in), s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	// An edge whose IRI disagrees with its properties is refused: its ID
	// would not survive another export.
	data := write(t, export.NQuads, export.Options{})
	bad := strings.Replace(string(data), `vocab/seq> "1"`, `vocab/seq> "7"`, 1)
	if bad == string(data) {
		t.Fatal("fixture has no seq 1")
	}
	s := mem.New()
	defer s.Close()
	if _, err := export.ReadNQuads(context.Background(), strings.NewReader(bad), s); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("tampered seq: %v, want ErrInvalid", err)
	}
}

// TestDQLSchemaMatchesExport checks every predicate the dgraph export uses
// is declared in schema.dql with a type that fits its objects, and every
// type named by dgraph.type is declared.
func TestDQLSchemaMatchesExport(t *testing.T) {
	schema, err := os.ReadFile("schema.dql")
	if err != nil {
		t.Fatal(err)
	}
	decl := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^<([^>]+)>: (\[?\w+\]?)( @[^.]*)? \.$`).FindAllSubmatch(schema, -1) {
		decl[string(m[1])] = string(m[2])
		if strings.Contains(string(m[2]), "uid") && !strings.Contains(string(m[3]), "@reverse") {
			t.Errorf("edge predicate %s without @reverse", m[1])
		}
	}
	types := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^type (\w+) \{$`).FindAllSubmatch(schema, -1) {
		types[string(m[1])] = true
	}
	for _, p := range graph.Predicates {
		if decl[export.Vocab+string(p)] != "[uid]" {
			t.Errorf("predicate %s not declared as [uid]", p)
		}
	}
	if !strings.Contains(string(schema), "/name>: string @index(exact, term, fulltext) .") {
		t.Error("name lacks its exact, term and fulltext indexes")
	}
	wantType := map[string][]string{xsd + "string": {"string", "[string]"}, xsd + "integer": {"int"}, xsd + "double": {"float"}, xsd + "dateTime": {"datetime", "string"}, "": {"uid", "[uid]"}}
	data := write(t, export.Dgraph, export.Options{})
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if m := regexp.MustCompile(`<dgraph\.type> "(\w+)"`).FindStringSubmatch(line); m != nil {
			if !types[m[1]] {
				t.Errorf("type %s not declared", m[1])
			}
			continue
		}
		st, err := rdf.ParseNQuad(line)
		if err != nil {
			t.Fatal(err)
		}
		pred, _, _, _ := st.Predicate.Parts()
		_, qual, _, _ := st.Object.Parts()
		got, ok := decl[pred]
		if !ok && strings.HasPrefix(pred, export.AttrVocab) {
			continue // attributes beyond the known keys: Dgraph infers them
		}
		if !ok {
			t.Errorf("predicate %s not in schema.dql", pred)
			continue
		}
		if !slices.Contains(wantType[qual], got) {
			t.Errorf("predicate %s declared %s, but the export writes %q objects", pred, got, qual)
		}
	}
}

func TestDgraphLiveCommand(t *testing.T) {
	got := export.DgraphLiveCommand("/tmp/my export/graph.nq", "/tmp/schema.dql")
	want := "dgraph live --files '/tmp/my export/graph.nq' --format rdf --schema /tmp/schema.dql --upsertPredicate xid"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
