package export_test

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"github.com/sourcetrace/sourcetrace/query/export"
)

type graphMLDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		ID          string `xml:"id,attr"`
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string        `xml:"id,attr"`
			Data []graphMLData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string        `xml:"id,attr"`
			Source string        `xml:"source,attr"`
			Target string        `xml:"target,attr"`
			Data   []graphMLData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func TestGraphML(t *testing.T) {
	f := newFixture()
	var doc graphMLDoc
	if err := xml.Unmarshal(write(t, export.GraphML, export.Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
	}
	keyFor := map[string]string{}
	keyName := map[string]string{}
	names := map[string]string{} // for + lower-cased name -> name
	for _, k := range doc.Keys {
		if k.For != "node" && k.For != "edge" {
			t.Errorf("key %s: for=%q", k.ID, k.For)
		}
		if !slices.Contains([]string{"int", "long", "float", "double", "string", "boolean"}, k.Type) {
			t.Errorf("key %s: attr.type %q not a GraphML type", k.ID, k.Type)
		}
		if _, dup := keyFor[k.ID]; dup {
			t.Errorf("key id %s declared twice", k.ID)
		}
		if prev, dup := names[k.For+"/"+strings.ToLower(k.Name)]; dup {
			t.Errorf("%s attributes %q and %q differ only by case", k.For, prev, k.Name)
		}
		names[k.For+"/"+strings.ToLower(k.Name)] = k.Name
		keyFor[k.ID], keyName[k.ID] = k.For, k.Name
	}
	// Both "url" and "URL" attributes are declared, under distinct names.
	if _, ok := names["node/attr_url"]; !ok {
		t.Error("no attr_url column")
	}
	if _, ok := names["node/attr_url_2"]; !ok {
		t.Errorf("no renamed column for the URL attribute: %v", names)
	}
	nodeVals := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		vals := map[string]string{}
		for _, d := range n.Data {
			if keyFor[d.Key] != "node" {
				t.Errorf("node %s: data key %q not declared for nodes", n.ID, d.Key)
			}
			vals[keyName[d.Key]] = d.Value
		}
		nodeVals[n.ID] = vals
	}
	if len(nodeVals) != 10 {
		t.Errorf("%d nodes", len(nodeVals))
	}
	if got := nodeVals[f.claim.ID.String()]["label"]; got != trickyClaim {
		t.Errorf("claim label %q, want %q", got, trickyClaim)
	}
	if got := nodeVals[f.a1.ID.String()]["label"]; got != trickyTitle {
		t.Errorf("article title %q, want %q", got, trickyTitle)
	}
	if got := nodeVals[f.speaker.ID.String()]["aliases"]; got != "J. Speaker; Speaker; Jane" {
		t.Errorf("aliases %q", got)
	}
	ids := map[string]bool{}
	said := 0
	for _, e := range doc.Graph.Edges {
		if ids[e.ID] {
			t.Errorf("edge id %s repeats", e.ID)
		}
		ids[e.ID] = true
		for _, d := range e.Data {
			if keyFor[d.Key] != "edge" {
				t.Errorf("edge %s: data key %q not declared for edges", e.ID, d.Key)
			}
			if keyName[d.Key] == "label" && d.Value == "said" && e.Source == f.speaker.ID.String() {
				said++
			}
		}
	}
	if len(ids) != 13 {
		t.Errorf("%d unique edges, want 13", len(ids))
	}
	if said != 2 {
		t.Errorf("%d parallel said edges from the speaker, want 2", said)
	}
}

func TestGEXF(t *testing.T) {
	f := newFixture()
	var doc gexf12.Content
	if err := xml.Unmarshal(write(t, export.GEXF, export.Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	g := doc.Graph
	if doc.Version != "1.2" || g.DefaultEdgeType != "directed" {
		t.Errorf("version %q, defaultedgetype %q", doc.Version, g.DefaultEdgeType)
	}
	declared := map[string]map[string]string{} // class -> id -> type
	for _, as := range g.Attributes {
		declared[as.Class] = map[string]string{}
		lower := map[string]bool{}
		for _, a := range as.Attributes {
			if !slices.Contains([]string{"integer", "long", "double", "float", "boolean", "string", "liststring", "anyURI"}, a.Type) {
				t.Errorf("attribute %s: type %q", a.ID, a.Type)
			}
			if lower[strings.ToLower(a.Title)] {
				t.Errorf("%s attribute titles differ only by case: %s", as.Class, a.Title)
			}
			lower[strings.ToLower(a.Title)] = true
			declared[as.Class][a.ID] = a.Type
		}
	}
	if declared["edge"]["confidence"] != "double" || declared["edge"]["seq"] != "integer" {
		t.Errorf("edge attribute types: %v", declared["edge"])
	}
	labels := map[string]string{}
	for _, n := range g.Nodes.Nodes {
		labels[n.ID] = n.Label
		for _, v := range n.AttValues.AttValues {
			if _, ok := declared["node"][v.For]; !ok {
				t.Errorf("node %s: value for undeclared %q", n.ID, v.For)
			}
		}
	}
	if labels[f.claim.ID.String()] != trickyClaim || labels[f.a1.ID.String()] != trickyTitle {
		t.Errorf("labels did not survive: %q, %q", labels[f.claim.ID.String()], labels[f.a1.ID.String()])
	}
	ids := map[string]bool{}
	for _, e := range g.Edges.Edges {
		if ids[e.ID] {
			t.Errorf("edge id %s repeats", e.ID)
		}
		ids[e.ID] = true
		pred := ""
		for _, v := range e.AttValues.AttValues {
			if _, ok := declared["edge"][v.For]; !ok {
				t.Errorf("edge %s: value for undeclared %q", e.ID, v.For)
			}
			if v.For == "predicate" {
				pred = v.Value
			}
		}
		if e.Label == "" || e.Label != pred {
			t.Errorf("edge %s: label %q, predicate %q", e.ID, e.Label, pred)
		}
		if labels[e.Source] == "" || labels[e.Target] == "" {
			t.Errorf("edge %s: endpoint not a node", e.ID)
		}
	}
	if len(ids) != 13 {
		t.Errorf("%d unique edges, want 13", len(ids))
	}
}
