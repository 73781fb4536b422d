package assess_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

const (
	damText   = "The dam on the Kakhovka reservoir was destroyed by an explosion on Tuesday night"
	damText2  = "the dam on the Kakhovka reservoir was destroyed by an explosion on Tuesday night, officials said"
	bridgeTxt = "The old bridge across the Volga collapsed under heavy military traffic"
)

// Two independent speakers reported by two agencies must beat one speaker
// whose wire story five outlets copied.
func TestIndependentBeatsRepeated(t *testing.T) {
	w := newWorld(t)
	alice, bob, carol := w.person("Alice Ashdown"), w.person("Bob Brennan"), w.person("Carol Crane")
	ag1, ag2, ag3 := w.agency("North Wire"), w.agency("South Wire"), w.agency("East Wire")
	a1 := w.article("dam report one", ag1, 0, 0)
	a2 := w.article("dam report two", ag2, 0, 0)
	cA := w.claim(a1, alice, damText, "indirect", "said")
	cB := w.claim(a2, bob, damText2, "indirect", "said")
	wire := w.article("bridge wire", ag3, 0, 0)
	cC := w.claim(wire, carol, bridgeTxt, "indirect", "said")
	for i := range 5 {
		pub := w.outlet(fmt.Sprintf("Copy Outlet %d", i))
		a := w.article(fmt.Sprintf("bridge copy %d", i), ag3, pub, wire)
		if got := w.claim(a, carol, bridgeTxt, "indirect", "said"); got != cC {
			t.Fatal("same speaker and content must be one claim node")
		}
	}
	w.commit()
	res := w.assess(assess.Options{})

	a, b, c := mustClaim(t, res, cA), mustClaim(t, res, cB), mustClaim(t, res, cC)
	if _, ok := hasRelation(res, cA, cB, graph.Supports); !ok {
		t.Fatalf("no supports between the two dam claims; relations %+v", res.Relations)
	}
	if a.Independent != 2 || b.Independent != 2 {
		t.Errorf("independent origins of the pair = %d, %d; want 2, 2", a.Independent, b.Independent)
	}
	if c.Reports != 6 || c.Independent != 1 {
		t.Errorf("repeated claim: %d reports, %d independent; want 6, 1", c.Reports, c.Independent)
	}
	for _, x := range []assess.ClaimScore{a, b} {
		if x.Score <= c.Score {
			t.Errorf("independent pair %.3f must score above the repeated claim %.3f", x.Score, c.Score)
		}
		if x.Credibility >= c.Credibility {
			t.Errorf("independent pair graded %d, repeated claim %d: want the pair better (lower)", x.Credibility, c.Credibility)
		}
	}
	if c.Credibility != assess.CannotBeJudged {
		t.Errorf("one origin of unknown reliability: credibility %d, want 6", c.Credibility)
	}
}

// Circular reporting (two articles citing each other) is one origin;
// speaker-less claims are joined only by their story.
func TestCircularReportingCountsOnce(t *testing.T) {
	w := newWorld(t)
	x, y := w.outlet("Loop Daily"), w.outlet("Loop Weekly")
	z := w.outlet("Elsewhere Herald")
	p := graph.NewID(graph.KindArticle, "loop one")
	q := graph.NewID(graph.KindArticle, "loop two")
	w.article("loop one", 0, x, q)
	w.article("loop two", 0, y, p)
	r := w.article("elsewhere", 0, z, 0)
	content := "a new airfield is being built near the border"
	c1 := w.claim(p, 0, content, "indirect", "")
	w.claim(q, 0, content, "indirect", "")
	w.claim(r, 0, content, "indirect", "")
	// Each article of the circle names the other, so one must exist first.
	if err := w.st.PutNode(w.ctx, graph.Node{ID: q, Kind: graph.KindArticle, Name: "loop two"}); err != nil {
		t.Fatal(err)
	}
	w.commit()
	res := w.assess(assess.Options{})
	if got := mustClaim(t, res, c1); got.Reports != 3 || got.Independent != 2 {
		t.Errorf("reports %d, independent %d; want 3 reports in 2 origins (the circle counts once)", got.Reports, got.Independent)
	}
}

// One agency report printed by several outlets, without republished_from
// links, is one origin even when the claim has no speaker; the assessor
// named only by the assessment's "by" attribute is still found.
func TestSameAgencyReportCountsOnce(t *testing.T) {
	w := newWorld(t)
	ag := w.agency("Lone Wire")
	w.rate(ag, "A")
	p1 := w.article("printed once", ag, w.outlet("Paper One"), 0)
	p2 := w.article("printed twice", ag, w.outlet("Paper Two"), 0)
	content := "the ferry service resumed on Monday"
	c := w.claim(p1, 0, content, "indirect", "")
	w.claim(p2, 0, content, "indirect", "")
	x := w.assessment(p1, c, "", "The report could not be independently confirmed.", 0)
	w.byID[p1].Nodes[len(w.byID[p1].Nodes)-1].Attrs = map[string]string{"by": "Lone Wire"}
	w.commit()
	res := w.assess(assess.Options{})
	if got := mustClaim(t, res, c); got.Reports != 2 || got.Independent != 1 {
		t.Errorf("reports %d, independent %d; want 2 reports, 1 origin", got.Reports, got.Independent)
	}
	ex, err := res.Explain(w.ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFactor(ex, "assessment", "not verified (Lone Wire)") {
		t.Errorf("assessment %s not attributed to Lone Wire: %+v", x, ex.Factors)
	}
}

// A speaker and the documentary they spoke in share an upstream node.
func TestSharedWorkCountsOnce(t *testing.T) {
	w := newWorld(t)
	doc := w.entity(graph.KindWork, graph.SubDocumentary, "The Long Winter")
	tv := w.entity(graph.KindOutlet, graph.SubBroadcaster, "Channel Nine")
	ann := w.person("Ann Aldous")
	a := w.article("documentary preview", w.agency("West Wire"), 0, 0)
	c1 := w.claim(a, ann, "the factory was secretly moved to the mountains in March", "direct", "said", doc, tv)
	c2 := w.claim(a, doc, "The factory was secretly moved to the mountains in March", "mixed", "claimed", tv)
	w.commit()
	res := w.assess(assess.Options{})
	if _, ok := hasRelation(res, c1, c2, graph.Supports); !ok {
		t.Fatal("the two claims should support each other")
	}
	if got := mustClaim(t, res, c1).Independent; got != 1 {
		t.Errorf("independent = %d; the documentary is upstream of both, want 1", got)
	}
}

func TestDenial(t *testing.T) {
	base := func(t *testing.T, deny string) (*assess.Result, graph.ID, graph.ID) {
		w := newWorld(t)
		zoe, ministry := w.person("Zoe Miller"), w.entity(graph.KindOrganisation, "", "Ministry of Information")
		ag := w.agency("Central Wire")
		a := w.article("spy story", ag, 0, 0)
		c := w.claim(a, zoe, "the ministry ran a network of informants inside the newspapers", "indirect", "said")
		var d graph.ID
		switch deny {
		case "claim":
			d = w.claim(a, ministry, "the ministry never ran a network of informants inside the newspapers", "denial", "denied")
		case "assessment":
			w.assessment(a, c, "denied", "The ministry denied the report.", ministry)
		case "stored":
			// The extractor linked a denial that shares no words with the
			// claim; the stored edge is evidence as it is.
			d = w.claim(a, ministry, "the report is fabricated", "denial", "denied")
			w.byID[a].Edges = append(w.byID[a].Edges, graph.Edge{From: d, To: c, Predicate: graph.Contradicts, Prov: prov(a)})
		}
		w.commit()
		return w.assess(assess.Options{}), c, d
	}
	control, cc, _ := base(t, "")
	denied, dc, d := base(t, "claim")
	assessed, ac, _ := base(t, "assessment")

	rel, ok := hasRelation(denied, dc, d, graph.Contradicts)
	if !ok {
		t.Fatalf("denial produced no contradicts relation: %+v", denied.Relations)
	}
	if rel.Rule != "figures" && !strings.Contains(rel.Evidence, "denial") && !strings.Contains(rel.Evidence, "polarity") {
		t.Errorf("evidence %q does not name the denial", rel.Evidence)
	}
	stored, sc, sd := base(t, "stored")
	if rel, ok := hasRelation(stored, sc, sd, graph.Contradicts); !ok || rel.Rule != "stored" || rel.Computed {
		t.Errorf("stored contradiction not used as it is: %+v %v", rel, ok)
	}
	ctl := mustClaim(t, control, cc)
	for name, got := range map[string]assess.ClaimScore{"denial claim": mustClaim(t, denied, dc),
		"denied assessment": mustClaim(t, assessed, ac), "stored contradiction": mustClaim(t, stored, sc)} {
		if got.Score >= ctl.Score {
			t.Errorf("%s: score %.3f not below the undisputed %.3f", name, got.Score, ctl.Score)
		}
		if got.Credibility != assess.Doubtful && got.Credibility != assess.Improbable {
			t.Errorf("%s: credibility %d, want 4 or 5", name, got.Credibility)
		}
	}
}

func TestFigureConflict(t *testing.T) {
	w := newWorld(t)
	fsb := w.entity(graph.KindOrganisation, "", "Federal Security Bureau")
	ngo := w.entity(graph.KindOrganisation, "", "Monitoring Group")
	a := w.article("fighters abroad", w.agency("Wire A"), 0, 0)
	b := w.article("fighters abroad again", w.agency("Wire B"), 0, 0)
	c1 := w.claim(a, fsb, "nearly 2,900 Russians are fighting or have fought with the extremists in Iraq and Syria", "indirect", "said")
	c2 := w.claim(b, ngo, "4,000 Russians are fighting with the extremists in Syria", "indirect", "said")
	c3 := w.claim(b, ngo, "about 3,000 Russians have fought with the extremists in Iraq", "indirect", "said")
	w.commit()
	res := w.assess(assess.Options{})
	rel, ok := hasRelation(res, c1, c2, graph.Contradicts)
	if !ok {
		t.Fatalf("no contradicts between the figures: %+v", res.Relations)
	}
	if rel.Rule != "figures" || !strings.Contains(rel.Evidence, "2,900") || !strings.Contains(rel.Evidence, "4,000") {
		t.Errorf("evidence %q (rule %s) should quote both figures", rel.Evidence, rel.Rule)
	}
	if _, ok := hasRelation(res, c1, c3, graph.Contradicts); ok {
		t.Error("'nearly 2,900' and 'about 3,000' overlap and must not contradict")
	}
	st, err := res.Apply(w.ctx, w.st)
	if err != nil {
		t.Fatal(err)
	}
	if st.EdgesWritten == 0 {
		t.Fatal("Apply wrote no edges")
	}
	es, err := w.st.Edges(w.ctx, min(c1, c2), graph.Out, graph.Contradicts)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range es {
		if e.To == max(c1, c2) && e.Prov.Article == 0 && e.Prov.Extractor == assess.Extractor && e.Prov.Text == rel.Evidence {
			found = true
		}
	}
	if !found {
		t.Errorf("stored contradicts edge missing or without provenance: %+v", es)
	}
}

func TestUnverifiedAssessment(t *testing.T) {
	for _, tc := range []struct {
		name, sub, grade string
	}{
		{"subkind", "unverified", ""},
		{"sentence only", "", ""},
		{"graded speaker", "unverified", "B"},
		{"unreliable speaker", "unverified", "E"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			k := w.person("Rustam Kadirov")
			ag := w.agency("Agency France")
			if tc.grade != "" {
				w.rate(k, tc.grade)
			}
			a := w.article("spies story", ag, 0, 0)
			c := w.claim(a, k, "agents from his region were embedded in the training camps", "indirect", "claimed")
			w.assessment(a, c, tc.sub, "There was no way to immediately verify Kadirov's claims.", ag)
			w.commit()
			res := w.assess(assess.Options{})
			got := mustClaim(t, res, c)
			if got.Credibility != assess.Improbable && got.Credibility != assess.CannotBeJudged {
				t.Errorf("credibility %d (score %.3f), want 5 or 6", got.Credibility, got.Score)
			}
			x, err := res.Explain(w.ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if !hasFactor(x, "assessment", "not verified") {
				t.Errorf("explanation lacks the unverified assessment: %+v", x.Factors)
			}
		})
	}
}

func hasFactor(x *assess.Explanation, name, detail string) bool {
	for _, f := range x.Factors {
		if f.Name == name && strings.Contains(f.Detail, detail) {
			return true
		}
	}
	return false
}

func TestAnonymousWeakens(t *testing.T) {
	score := func(t *testing.T, kind graph.Kind, grade string) assess.ClaimScore {
		w := newWorld(t)
		s := w.entity(kind, "", "a source in the regional leadership")
		if grade != "" {
			w.rate(s, grade)
		}
		a := w.article("volunteers", w.agency("Wire"), 0, 0)
		c := w.claim(a, s, "volunteers from the region have been in the conflict zone since last year", "direct", "told")
		w.commit()
		return mustClaim(t, w.assess(assess.Options{}), c)
	}
	for _, grade := range []string{"", "B"} {
		named, anon := score(t, graph.KindPerson, grade), score(t, graph.KindAnonymous, grade)
		if anon.Score >= named.Score {
			t.Errorf("grade %q: anonymous %.3f not below named %.3f", grade, anon.Score, named.Score)
		}
	}
}

func TestCueStrength(t *testing.T) {
	score := func(t *testing.T, cue string) float64 {
		w := newWorld(t)
		s := w.person("Dana Dorn")
		w.rate(s, "C")
		a := w.article("cue story", w.agency("Wire"), 0, 0)
		c := w.claim(a, s, "the harbour will reopen next week", "indirect", cue)
		w.commit()
		return mustClaim(t, w.assess(assess.Options{}), c).Score
	}
	alleged, said, confirmed := score(t, "alleged"), score(t, "said"), score(t, "confirmed")
	if !(alleged < said && said < confirmed) {
		t.Errorf("scores alleged %.3f, said %.3f, confirmed %.3f: want increasing", alleged, said, confirmed)
	}
}

func TestBestChain(t *testing.T) {
	w := newWorld(t)
	sp := w.person("Erik Eskola")
	rumour := w.entity(graph.KindOutlet, graph.SubSocial, "Rumour Mill")
	gossip := w.agency("Gossip Agency")
	solid := w.entity(graph.KindWork, graph.SubInterview, "Recorded Interview")
	wire := w.agency("Solid Wire")
	paper := w.outlet("Record Paper")
	w.rate(rumour, "E")
	w.rate(gossip, "E")
	w.rate(wire, "A")
	w.rate(paper, "B")
	a1 := w.article("via rumours", gossip, 0, 0)
	a2 := w.article("via the record", wire, paper, 0)
	c := w.claim(a1, sp, "the minister will resign on Friday", "indirect", "said", rumour)
	w.claim(a2, sp, "the minister will resign on Friday", "indirect", "said", solid)
	w.commit()
	res := w.assess(assess.Options{})
	ch, err := res.BestChain(c)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	prod := 1.0
	for _, h := range ch.Hops {
		names = append(names, h.Name)
		prod *= h.Factor
	}
	want := "Erik Eskola > Recorded Interview > Solid Wire > Record Paper"
	if got := strings.Join(names, " > "); got != want {
		t.Errorf("best chain %s, want %s", got, want)
	}
	if d := prod - ch.Reliability; d > 1e-9 || d < -1e-9 {
		t.Errorf("reliability %.6f is not the product of hop factors %.6f", ch.Reliability, prod)
	}
	if len(ch.Articles) != 1 || ch.Articles[0] != a2 {
		t.Errorf("articles %v, want [%s]", ch.Articles, a2)
	}
	// The stand-alone form reads stored scores; before Apply it uses the
	// grades, which rank the routes the same way.
	ch2, err := assess.BestChain(w.ctx, w.st, c, assess.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch2.Hops) != len(ch.Hops) || ch2.Hops[2].Name != "Solid Wire" {
		t.Errorf("stand-alone best chain %+v", ch2.Hops)
	}
	// Stored scores (as rescore leaves them) take precedence over grades.
	for _, id := range []graph.ID{wire, paper} {
		n, err := w.st.Node(w.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		n.Attrs = map[string]string{assess.AttrReliabilityScore: "0.001"}
		if err := w.st.PutNode(w.ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	ch3, err := assess.BestChain(w.ctx, w.st, c, assess.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch3.Hops) != 3 || ch3.Hops[1].Name != "Rumour Mill" {
		t.Errorf("with the solid route discredited, best chain %+v", ch3.Hops)
	}
}

// The same quotation extracted twice from one article under two speaker
// names is one origin, not a corroboration.
func TestNearDuplicateInOneStoryCountsOnce(t *testing.T) {
	w := newWorld(t)
	a := w.article("one story", w.agency("Wire"), 0, 0)
	quote := "people who are not farming will hijack the subsidy meant for the growers"
	c1 := w.claim(a, w.person("Joshua Osagie"), quote, "direct", "said")
	c2 := w.claim(a, w.person("Mr Osagie"), quote+", said Joshua Osagie", "direct", "said")
	w.commit()
	res := w.assess(assess.Options{})
	if _, ok := hasRelation(res, c1, c2, graph.Supports); !ok {
		t.Fatal("the two extractions should support each other")
	}
	if got := mustClaim(t, res, c1); got.Independent != 1 || got.Credibility != assess.CannotBeJudged {
		t.Errorf("independent %d, credibility %d; want one origin, 6", got.Independent, got.Credibility)
	}
}

// Unnamed sources of the same name in different articles ("the police")
// cannot be told apart, so they count as one origin.
func TestSameNamedSourcesCountOnce(t *testing.T) {
	w := newWorld(t)
	content := "the new cards would help the fight against terrorism and organised crime"
	var first graph.ID
	for i := range 3 {
		a := w.article(fmt.Sprintf("police story %d", i), 0, 0, 0)
		police := graph.NewID(graph.KindAnonymous, a.String(), "the police")
		if err := w.st.PutNode(w.ctx, graph.Node{ID: police, Kind: graph.KindAnonymous, Name: "the police"}); err != nil {
			t.Fatal(err)
		}
		c := w.claim(a, police, content, "indirect", "said")
		if first == 0 {
			first = c
		}
	}
	w.commit()
	res := w.assess(assess.Options{})
	if got := mustClaim(t, res, first); got.Independent != 1 {
		t.Errorf("independent %d, want 1", got.Independent)
	}
}
