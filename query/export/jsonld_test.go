package export_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
	"gonum.org/v1/gonum/graph/formats/rdf"

	"github.com/sourcetrace/sourcetrace/query/export"
)

// offlineLoader refuses every fetch, so a document that needs a remote
// context fails instead of quietly going to the network.
type offlineLoader struct{ asked []string }

func (l *offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	l.asked = append(l.asked, u)
	return nil, errors.New("remote document refused: " + u)
}

func offlineOptions(l *offlineLoader) *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = l
	return opts
}

func TestJSONLDRefusesRemoteContext(t *testing.T) {
	// The loader really refuses: a remote context fails to expand.
	var doc any
	json.Unmarshal([]byte(`{"@context":"https://schema.org/","name":"x"}`), &doc)
	l := &offlineLoader{}
	if _, err := ld.NewJsonLdProcessor().Expand(doc, offlineOptions(l)); err == nil || len(l.asked) == 0 {
		t.Fatalf("remote context expanded without a fetch: %v", err)
	}
}

func TestJSONLD(t *testing.T) {
	f := newFixture()
	data := write(t, export.JSONLD, export.Options{})
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	l := &offlineLoader{}
	proc := ld.NewJsonLdProcessor()
	expanded, err := proc.Expand(doc, offlineOptions(l))
	if err != nil {
		t.Fatalf("expand: %v", err)
	}
	if len(l.asked) > 0 || len(expanded) == 0 {
		t.Fatalf("expansion fetched %v, gave %d objects", l.asked, len(expanded))
	}
	opts := offlineOptions(l)
	opts.Format = "application/n-quads"
	out, err := proc.ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("to rdf: %v", err)
	}
	// Index the triples as "subject predicate object" with blank nodes
	// replaced by what they qualify.
	type triple struct{ s, p, o string }
	var triples []triple
	for _, line := range strings.Split(strings.TrimSpace(out.(string)), "\n") {
		st, err := rdf.ParseNQuad(line)
		if err != nil {
			t.Fatalf("json-gold output %q: %v", line, err)
		}
		// Blank nodes keep their "_:" prefix (Parts strips it).
		s, _, sk, _ := st.Subject.Parts()
		if sk == rdf.Blank {
			s = st.Subject.Value
		}
		p, _, _, _ := st.Predicate.Parts()
		o, q, ok, _ := st.Object.Parts()
		if ok == rdf.Blank {
			o = st.Object.Value
		}
		if q != "" && !strings.HasPrefix(q, "@") {
			o += "^^" + q
		}
		triples = append(triples, triple{s, p, o})
	}
	has := func(s, p, o string) bool {
		for _, tr := range triples {
			if tr.s == s && tr.p == p && tr.o == o {
				return true
			}
		}
		return false
	}
	const prov = "http://www.w3.org/ns/prov#"
	claim, speaker := export.NodeIRI(f.claim.ID), export.NodeIRI(f.speaker.ID)
	for _, want := range []triple{
		{claim, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", prov + "Entity"},
		{speaker, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", prov + "Agent"},
		{claim, prov + "wasAttributedTo", speaker},
		{claim, prov + "wasQuotedFrom", speaker},
		{claim, prov + "hadPrimarySource", speaker},
		{claim, prov + "wasDerivedFrom", export.NodeIRI(f.doc.ID)},
		{export.NodeIRI(f.a2.ID), prov + "wasDerivedFrom", export.NodeIRI(f.a1.ID)},
		{claim, export.Vocab + "name", trickyClaim},
		{export.NodeIRI(f.a1.ID), export.Vocab + "reported_by", export.NodeIRI(f.agency.ID)},
	} {
		if !has(want.s, want.p, want.o) {
			t.Errorf("missing %v", want)
		}
	}
	// Only the direct quote is prov:wasQuotedFrom.
	if has(export.NodeIRI(f.claim2.ID), prov+"wasQuotedFrom", export.NodeIRI(f.org.ID)) {
		t.Error("indirect claim marked as quoted")
	}
	// Qualified attributions: one per reporting article, each a blank node
	// with agent, article, spans and a typed confidence.
	quals := map[string]bool{}
	for _, tr := range triples {
		if tr.s == claim && tr.p == prov+"qualifiedAttribution" {
			if !strings.HasPrefix(tr.o, "_:") {
				t.Errorf("qualified attribution %s is not a blank node", tr.o)
			}
			quals[tr.o] = true
		}
	}
	if len(quals) != 2 {
		t.Fatalf("%d qualified attributions of the claim, want 2 (one per article)", len(quals))
	}
	articles := map[string]bool{}
	for q := range quals {
		if !has(q, prov+"agent", speaker) || !has(q, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", prov+"Attribution") {
			t.Errorf("attribution %s lacks its agent or type", q)
		}
		for _, tr := range triples {
			switch {
			case tr.s == q && tr.p == export.Vocab+"article":
				articles[tr.o] = true
			case tr.s == q && tr.p == export.Vocab+"confidence":
				if !strings.HasSuffix(tr.o, "^^http://www.w3.org/2001/XMLSchema#double") {
					t.Errorf("confidence %s not an xsd:double", tr.o)
				}
			}
		}
	}
	if !articles[export.NodeIRI(f.a1.ID)] || !articles[export.NodeIRI(f.a2.ID)] {
		t.Errorf("attributions name articles %v", articles)
	}
	spans := 0
	for _, tr := range triples {
		if tr.p == export.Vocab+"start" && tr.o == "10^^http://www.w3.org/2001/XMLSchema#integer" {
			spans++
		}
	}
	if spans != 1 {
		t.Errorf("span start 10 found %d times", spans)
	}
}
