package graph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Agence France-Presse", "agence france presse"},
		{"AGENCE FRANCE–PRESSE", "agence france presse"},
		{"  Peskóv ", "peskov"},
		{"Russia's FSB", "russias fsb"},
		{"U.S. officials", "us officials"},
		{"Straße", "strasse"},
		{"", ""},
		{"---", ""},
	}
	for _, tt := range tests {
		if got := graph.NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := graph.NormalizeName(strings.Repeat("the talks would continue ", 50000)); len(got) > graph.MaxNameBytes+4 {
		t.Errorf("a megabyte name normalises to %d bytes, want at most about %d", len(got), graph.MaxNameBytes)
	}
}

func TestIDRoundTrip(t *testing.T) {
	id := graph.NewID(graph.KindPerson, "ramzan kadyrov")
	if id == 0 {
		t.Fatal("zero ID")
	}
	if id != graph.NewID(graph.KindPerson, "ramzan kadyrov") {
		t.Error("NewID is not stable")
	}
	if id == graph.NewID(graph.KindPerson, "ramzan", "kadyrov") {
		t.Error("parts are not separated")
	}
	got, err := graph.ParseID(id.String())
	if err != nil || got != id {
		t.Errorf("ParseID(%s) = %v, %v", id, got, err)
	}
	for _, bad := range []string{"", "12", "zzzzzzzzzzzzzzzz"} {
		if _, err := graph.ParseID(bad); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("ParseID(%q) error = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestValidate(t *testing.T) {
	a, b := graph.NewID(graph.KindPerson, "a"), graph.NewID(graph.KindClaim, "b")
	tests := []struct {
		name string
		edge graph.Edge
		ok   bool
	}{
		{"OK", graph.Edge{From: a, To: b, Predicate: graph.Said, Prov: graph.Provenance{Confidence: 0.5}}, true},
		{"ErrZeroEndpoint", graph.Edge{From: a, Predicate: graph.Said}, false},
		{"ErrPredicate", graph.Edge{From: a, To: b, Predicate: "shouted"}, false},
		{"ErrConfidence", graph.Edge{From: a, To: b, Predicate: graph.Said, Prov: graph.Provenance{Confidence: 1.5}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.edge.Validate()
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, graph.ErrInvalid)) {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
	n := graph.Node{ID: a, Kind: "alien", Name: "x"}
	if err := n.Validate(); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestMergeNode(t *testing.T) {
	a := graph.Node{ID: 1, Kind: graph.KindPerson, Name: "Ramzan Kadyrov", Aliases: []string{"Kadyrov"}, Attrs: map[string]string{"x": "1"}}
	b := graph.Node{ID: 1, Kind: graph.KindOrganisation, Name: "Kadyrov", Subkind: "leader", Aliases: []string{"Kadyrov", "R. Kadyrov"}, Roles: []string{"Chechen leader"}, Attrs: map[string]string{"x": "2", "y": "3"}}
	m := graph.MergeNode(a, b)
	if m.Name != "Ramzan Kadyrov" || m.Kind != graph.KindPerson || m.Subkind != "leader" {
		t.Errorf("merge kept the wrong identity: %+v", m)
	}
	if got := strings.Join(m.Aliases, "|"); got != "Kadyrov|R. Kadyrov" {
		t.Errorf("aliases = %s", got)
	}
	if m.Attrs["x"] != "2" || m.Attrs["y"] != "3" || a.Attrs["x"] != "1" {
		t.Errorf("attrs = %v (a's = %v)", m.Attrs, a.Attrs)
	}
}
