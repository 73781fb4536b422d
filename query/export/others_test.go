package export_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/sourcetrace/sourcetrace/query/export"
)

func TestCSV(t *testing.T) {
	f := newFixture()
	dir := filepath.Join(t.TempDir(), "out dir")
	var warns []string
	st, cmd, err := export.WriteCSV(context.Background(), dir, export.All(newStore(t)), export.Options{Warn: func(s string) { warns = append(warns, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes != 10 || st.Edges != 13 {
		t.Errorf("stats %+v", st)
	}
	nodesPath, relsPath := filepath.Join(dir, export.CSVNodesFile), filepath.Join(dir, export.CSVRelationshipsFile)
	for _, want := range []string{"neo4j-admin database import full", "--nodes='" + nodesPath + "'", "--relationships='" + relsPath + "'", "--array-delimiter=';'", "--multiline-fields=true"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("command %q lacks %q", cmd, want)
		}
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "Speaker; Jane") {
		t.Errorf("warnings %q, want one about the ';' in an alias", warns)
	}
	read := func(path string) [][]string {
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		recs, err := csv.NewReader(fh).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return recs
	}
	nodes, rels := read(nodesPath), read(relsPath)
	if got := strings.Join(nodes[0], ","); !strings.HasPrefix(got, "id:ID,name,kind,subkind,aliases:string[],:LABEL") {
		t.Errorf("nodes header %q", got)
	}
	if got := strings.Join(rels[0], ","); !strings.HasPrefix(got, ":START_ID,:END_ID,:TYPE,seq:int,article,confidence:double") {
		t.Errorf("relationships header %q", got)
	}
	if len(nodes) != 11 || len(rels) != 14 {
		t.Fatalf("%d node rows, %d relationship rows", len(nodes)-1, len(rels)-1)
	}
	byID := map[string][]string{}
	for _, r := range nodes[1:] {
		byID[r[0]] = r
	}
	if r := byID[f.claim.ID.String()]; r[1] != trickyClaim || r[5] != "Claim" {
		t.Errorf("claim row %q", r)
	}
	// encoding/csv's reader turns a quoted \r\n into \n (the file keeps it).
	if r := byID[f.a1.ID.String()]; r[1] != strings.ReplaceAll(trickyTitle, "\r\n", "\n") {
		t.Errorf("article title %q", r[1])
	}
	if r := byID[f.speaker.ID.String()]; r[4] != "J. Speaker;Speaker, Jane" || r[5] != "Person;Entity" {
		t.Errorf("speaker row %q", r)
	}
	ids := map[string]bool{}
	for _, r := range rels[1:] {
		if byID[r[0]] == nil || byID[r[1]] == nil {
			t.Errorf("relationship %q: endpoint not in nodes.csv", r)
		}
		if r[2] != strings.ToUpper(r[2]) {
			t.Errorf("type %q not upper case", r[2])
		}
		id := r[len(r)-1]
		if ids[id] {
			t.Errorf("edge id %s repeats", id)
		}
		ids[id] = true
	}
	nb, _ := os.ReadFile(nodesPath)
	rb, _ := os.ReadFile(relsPath)
	golden(t, "fixture-nodes.csv", nb)
	golden(t, "fixture-relationships.csv", rb)
}

func TestDOT(t *testing.T) {
	f := newFixture()
	file, err := dot.ParseBytes(write(t, export.DOT, export.Options{}))
	if err != nil {
		t.Fatalf("gonum dot parser: %v", err)
	}
	if len(file.Graphs) != 1 || !file.Graphs[0].Directed {
		t.Fatalf("want one digraph, got %d graphs", len(file.Graphs))
	}
	// DOT keeps quoted strings raw; undo the escapes the writer added.
	unquote := func(s string) string {
		s = strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
		r := strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\n`, "\n", `\r`, "\r")
		return r.Replace(s)
	}
	labels := map[string]string{}
	edgeIDs := map[string]bool{}
	rankdir := false
	for _, stmt := range file.Graphs[0].Stmts {
		switch s := stmt.(type) {
		case *ast.Attr:
			rankdir = rankdir || (s.Key == "rankdir" && s.Val == "LR")
		case *ast.NodeStmt:
			for _, a := range s.Attrs {
				if a.Key == "label" {
					labels[unquote(s.Node.ID)] = unquote(a.Val)
				}
			}
		case *ast.EdgeStmt:
			var id, label string
			for _, a := range s.Attrs {
				switch a.Key {
				case "id":
					id = unquote(a.Val)
				case "label":
					label = unquote(a.Val)
				}
			}
			if edgeIDs[id] {
				t.Errorf("edge id %s repeats", id)
			}
			edgeIDs[id] = true
			if !strings.Contains(id, "-"+label+"-") {
				t.Errorf("edge %s: label %q is not its predicate", id, label)
			}
		}
	}
	if !rankdir {
		t.Error("no rankdir=LR")
	}
	if len(labels) != 10 || len(edgeIDs) != 13 {
		t.Errorf("%d labelled nodes, %d edges", len(labels), len(edgeIDs))
	}
	if labels[f.claim.ID.String()] != trickyClaim || labels[f.a1.ID.String()] != trickyTitle {
		t.Errorf("labels did not survive: %q %q", labels[f.claim.ID.String()], labels[f.a1.ID.String()])
	}
}

func TestCytoscape(t *testing.T) {
	f := newFixture()
	var doc struct {
		Elements struct {
			Nodes []struct {
				Data map[string]any `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(write(t, export.Cytoscape, export.Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	nodes := map[any]map[string]any{}
	for _, n := range doc.Elements.Nodes {
		for _, k := range []string{"id", "label", "kind"} {
			if _, ok := n.Data[k].(string); !ok {
				t.Errorf("node data lacks %s: %v", k, n.Data)
			}
		}
		nodes[n.Data["id"]] = n.Data
	}
	if nodes[f.claim.ID.String()]["label"] != trickyClaim {
		t.Errorf("claim label %q", nodes[f.claim.ID.String()]["label"])
	}
	ids := map[any]bool{}
	for _, e := range doc.Elements.Edges {
		d := e.Data
		if ids[d["id"]] {
			t.Errorf("edge id %v repeats", d["id"])
		}
		ids[d["id"]] = true
		if nodes[d["source"]] == nil || nodes[d["target"]] == nil || d["label"] == "" {
			t.Errorf("edge %v: bad source, target or label", d)
		}
	}
	if len(nodes) != 10 || len(ids) != 13 {
		t.Errorf("%d nodes, %d edges", len(nodes), len(ids))
	}
}
