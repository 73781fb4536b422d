package assess_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func TestParseTag(t *testing.T) {
	for _, tc := range []struct {
		tag   string
		grade string
		rel   bool
		err   error
	}{
		{`admiralty-scale:source-reliability="b"`, "B", true, nil},
		{`admiralty-scale:source-reliability="g"`, "G", true, nil},
		{`admiralty-scale:information-credibility="2"`, "2", false, nil},
		{` admiralty-scale:information-credibility=6 `, "6", false, nil},
		{`admiralty-scale:information-credibility="7"`, "", false, graph.ErrInvalid},
		{`admiralty-scale:source-reliability="h"`, "", true, graph.ErrInvalid},
		{`admiralty-scale:colour="red"`, "", false, graph.ErrInvalid},
		{`tlp:white`, "", false, assess.ErrNotAdmiralty},
	} {
		g, rel, err := assess.ParseTag(tc.tag)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%s: err %v, want %v", tc.tag, err, tc.err)
			}
			continue
		}
		if err != nil || g != tc.grade || rel != tc.rel {
			t.Errorf("%s: %q %v %v; want %q %v", tc.tag, g, rel, err, tc.grade, tc.rel)
		}
	}
	if got := assess.ReliabilityTag(assess.ReliabilityB); got != `admiralty-scale:source-reliability="b"` {
		t.Errorf("ReliabilityTag = %s", got)
	}
	if got := assess.CredibilityTag(assess.ProbablyTrue); got != `admiralty-scale:information-credibility="2"` {
		t.Errorf("CredibilityTag = %s", got)
	}
}

func TestMISPRoundTrip(t *testing.T) {
	w := newWorld(t)
	afp := w.agency("Agence France-Presse")
	tv := w.entity(graph.KindOutlet, graph.SubBroadcaster, "State Television")
	ungraded := w.person("Nobody Special")
	a := w.article("story", afp, 0, 0)
	c := w.claim(a, ungraded, "the road is open again", "indirect", "said")
	w.claim(a, ungraded, "the bakery sold out by noon", "indirect", "said")
	w.commit()
	w.rate(afp, "B")
	w.rate(tv, "E")
	w.rate(c, "3")
	var buf bytes.Buffer
	n, err := assess.ExportMISP(w.ctx, w.st, &buf, true)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("exported %d attributes, want 3:\n%s", n, buf.String())
	}
	for _, want := range []string{`admiralty-scale:source-reliability=\"b\"`, `admiralty-scale:source-reliability=\"e\"`,
		`admiralty-scale:information-credibility=\"3\"`, "State Television"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("export lacks %s:\n%s", want, buf.String())
		}
	}
	entries, err := assess.ParseMISP(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[graph.ID]assess.MISPEntry{}
	for _, e := range entries {
		got[e.ID] = e
	}
	if got[afp].Reliability != "B" || got[tv].Reliability != "E" || got[c].Credibility != "3" || got[c].Name != "the road is open again" {
		t.Errorf("round trip lost grades: %+v", entries)
	}
	// Computed grades are exported too unless analystOnly.
	res := w.assess(assess.Options{})
	if _, err := res.Apply(w.ctx, w.st); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if n2, err := assess.ExportMISP(w.ctx, w.st, &buf, false); err != nil || n2 <= n {
		t.Errorf("export with computed grades: %d attributes (%v), want more than %d", n2, err, n)
	}
}

func TestParseMISPForms(t *testing.T) {
	bare := `[{"type":"text","value":"Interfax","Tag":[{"name":"tlp:white"},{"name":"admiralty-scale:source-reliability=\"c\""}]},
	          {"type":"text","value":"untagged","Tag":[]}]`
	es, err := assess.ParseMISP(strings.NewReader(bare))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Name != "Interfax" || es[0].Reliability != "C" || es[0].Index != 0 {
		t.Errorf("entries %+v", es)
	}
	for _, bad := range []struct{ in, want string }{
		{`{"Event": {"Attribute": [}}`, "offset"},
		{`{"Event": {"Attribute": [{"value": 3}]}}`, "offset"},
		{`[{"value":"x","Tag":[{"name":"admiralty-scale:source-reliability=\"q\""}]}]`, "attribute 0"},
		{`[{"value":"","Tag":[{"name":"admiralty-scale:source-reliability=\"a\""}]}]`, "no value"},
		{`[{"value":"x","comment":"sourcetrace:id=zz","Tag":[{"name":"admiralty-scale:source-reliability=\"a\""}]}]`, "comment"},
	} {
		_, err := assess.ParseMISP(strings.NewReader(bad.in))
		if err == nil || !strings.Contains(err.Error(), bad.want) || !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("%s: err %v, want one mentioning %q", bad.in, err, bad.want)
		}
	}
}

func FuzzParseMISP(f *testing.F) {
	f.Add(`{"Event":{"Attribute":[{"value":"A","Tag":[{"name":"admiralty-scale:source-reliability=\"a\""}]}]}}`)
	f.Add(`[{"value":"B","comment":"sourcetrace:id=00000000000000ff","Tag":[{"name":"admiralty-scale:information-credibility=\"5\""}]}]`)
	f.Fuzz(func(t *testing.T, in string) {
		es, err := assess.ParseMISP(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, e := range es {
			if e.Reliability != "" {
				if _, err := assess.ParseReliability(e.Reliability); err != nil {
					t.Fatalf("accepted reliability %q", e.Reliability)
				}
			}
			if e.Credibility != "" {
				if _, err := assess.ParseCredibility(e.Credibility); err != nil {
					t.Fatalf("accepted credibility %q", e.Credibility)
				}
			}
		}
	})
}
