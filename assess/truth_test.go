package assess_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

var update = flag.Bool("update", false, "rewrite golden files")

// randomWorld builds a graph of speakers, outlets and claims where some
// claims repeat, agree, deny or disagree in figures, from a fixed seed.
func randomWorld(t testing.TB, seed uint64, speakers, claims int) *world {
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(seed, 7))
	var sp, outs []graph.ID
	for i := range speakers {
		kind := graph.KindPerson
		if i%7 == 3 {
			kind = graph.KindAnonymous
		}
		sp = append(sp, w.entity(kind, "", fmt.Sprintf("speaker %d", i)))
	}
	for i := range 8 {
		outs = append(outs, w.agency(fmt.Sprintf("outlet %d", i)))
	}
	grades := []string{"A", "B", "C", "D", "E"}
	for i := 0; i < speakers; i += 5 {
		w.rate(sp[i], grades[rng.IntN(len(grades))])
	}
	w.rate(outs[0], "A")
	w.rate(outs[1], "E")
	topics := []string{"harbour", "bridge", "refinery", "airport", "railway", "power plant", "border post", "dam"}
	cues := []string{"said", "claimed", "alleged", "confirmed", "told", ""}
	var arts []graph.ID
	for i := range claims {
		art := w.article(fmt.Sprintf("article %d", i), outs[rng.IntN(len(outs))], 0, 0)
		if len(arts) > 0 && rng.IntN(5) == 0 {
			art = w.article(fmt.Sprintf("copy %d", i), outs[rng.IntN(len(outs))], 0, arts[rng.IntN(len(arts))])
		}
		arts = append(arts, art)
		topic := topics[rng.IntN(len(topics))]
		n := 1000 * (1 + rng.IntN(4))
		var content, kind string
		switch rng.IntN(4) {
		case 0:
			content, kind = fmt.Sprintf("the %s near the northern city was damaged by shelling", topic), "indirect"
		case 1:
			content, kind = fmt.Sprintf("the %s near the northern city was not damaged by shelling", topic), "denial"
		default:
			content, kind = fmt.Sprintf("%d workers were evacuated from the %s after the shelling", n, topic), "indirect"
		}
		c := w.claim(art, sp[rng.IntN(len(sp))], content, kind, cues[rng.IntN(len(cues))])
		if rng.IntN(10) == 0 {
			w.assessment(art, c, "unverified", "The claims could not be independently confirmed.", outs[0])
		}
	}
	w.commit()
	return w
}

func TestTruthDiscoveryConvergesDeterministically(t *testing.T) {
	claims := 300
	if testing.Short() {
		claims = 80
	}
	w := randomWorld(t, 1, 40, claims)
	res1 := w.assess(assess.Options{Tolerance: 1e-6})
	if res1.Delta >= 1e-6 || res1.Iterations >= 200 {
		t.Errorf("delta %g after %d iterations, want < 1e-6", res1.Delta, res1.Iterations)
	}
	if len(res1.Relations) == 0 {
		t.Fatal("the random world should contain relations")
	}
	res2 := w.assess(assess.Options{Tolerance: 1e-6})
	if !reflect.DeepEqual(res1.Claims, res2.Claims) || !reflect.DeepEqual(res1.Sources, res2.Sources) ||
		!reflect.DeepEqual(res1.Relations, res2.Relations) || res1.Iterations != res2.Iterations {
		t.Error("two runs on the same graph differ")
	}
	// A looser tolerance stops earlier at nearly the same scores.
	loose := w.assess(assess.Options{Tolerance: 1e-2})
	if loose.Iterations > res1.Iterations {
		t.Errorf("loose tolerance took %d iterations, tight %d", loose.Iterations, res1.Iterations)
	}
	for i, c := range loose.Claims {
		if d := math.Abs(c.Score - res1.Claims[i].Score); d > 0.05 {
			t.Errorf("claim %s: loose %.3f vs tight %.3f", c.ID, c.Score, res1.Claims[i].Score)
		}
	}
	// Scores stay probabilities and grades stay on the scale.
	for _, c := range res1.Claims {
		if c.Score <= 0 || c.Score >= 1 || c.Credibility < 1 || c.Credibility > 6 {
			t.Errorf("claim %+v off the scale", c)
		}
	}
	for _, s := range res1.Sources {
		if s.Score <= 0 || s.Score >= 1 || s.Reliability.Meaning() == "" {
			t.Errorf("source %+v off the scale", s)
		}
	}
}

// A source whose claims others contradict loses reliability; one whose
// claims others corroborate gains it.
func TestTruthDiscoveryMovesSources(t *testing.T) {
	w := newWorld(t)
	honest, liar := w.person("Harriet Honest"), w.person("Larry Liar")
	var witnesses []graph.ID
	for i := range 3 {
		witnesses = append(witnesses, w.person(fmt.Sprintf("Witness %d", i)))
	}
	w.rate(witnesses[0], "B")
	w.rate(witnesses[1], "B")
	w.rate(witnesses[2], "B")
	for i, topic := range []string{"granary", "school", "hospital"} {
		a := w.article(fmt.Sprintf("honest %d", i), w.agency("Wire"), 0, 0)
		w.claim(a, honest, fmt.Sprintf("the %s in the old town was hit by two rockets", topic), "indirect", "said")
		b := w.article(fmt.Sprintf("witness %d", i), w.agency("Other Wire"), 0, 0)
		w.claim(b, witnesses[i], fmt.Sprintf("the %s in the old town was hit by two rockets", topic), "indirect", "said")
		c := w.article(fmt.Sprintf("liar %d", i), w.agency("Wire"), 0, 0)
		w.claim(c, liar, fmt.Sprintf("the %s in the old town was not hit by rockets", topic), "denial", "said")
	}
	w.commit()
	res := w.assess(assess.Options{})
	h, _ := res.Source(honest)
	l, _ := res.Source(liar)
	if !(h.Score > 0.6 && l.Score < 0.45) {
		t.Errorf("honest %.3f (%s), liar %.3f (%s): want honest up, liar down", h.Score, h.Reliability, l.Score, l.Reliability)
	}
	if h.Basis != "computed" || h.Reliability == assess.ReliabilityF || l.Reliability == assess.ReliabilityF {
		t.Errorf("computed grades should be informed: %+v %+v", h, l)
	}
}

func TestApplyAndIncremental(t *testing.T) {
	w := randomWorld(t, 3, 20, 60)
	res := w.assess(assess.Options{})
	st, err := res.Apply(w.ctx, w.st)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes == 0 || st.EdgesWritten == 0 {
		t.Fatalf("apply wrote %+v", st)
	}
	if problems, err := w.st.Check(w.ctx); err != nil || len(problems) > 0 {
		t.Errorf("store inconsistent after Apply: %v %v", problems, err)
	}
	for _, c := range res.Claims[:5] {
		n, err := w.st.Node(w.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n.Attrs[assess.AttrCredibility] != c.Credibility.String() || n.Attrs[assess.AttrCredibilityScore] != fmt.Sprintf("%.3f", c.Score) {
			t.Errorf("stored attrs %v for %+v", n.Attrs, c)
		}
	}
	// Re-running changes nothing, so nothing is written.
	again := w.assess(assess.Options{})
	st2, err := again.Apply(w.ctx, w.st)
	if err != nil {
		t.Fatal(err)
	}
	if st2 != (assess.ApplyStats{}) {
		t.Errorf("second apply wrote %+v", st2)
	}
	// The incremental form agrees with the full pass on stored scores.
	var ids []graph.ID
	for _, c := range res.Claims[:10] {
		ids = append(ids, c.ID)
	}
	inc, err := assess.AssessClaims(w.ctx, w.st, ids, assess.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Incremental || len(inc.Claims) != len(ids) {
		t.Fatalf("incremental result: %d claims", len(inc.Claims))
	}
	for _, c := range inc.Claims {
		full := mustClaim(t, res, c.ID)
		if c.Credibility != full.Credibility || math.Abs(c.Score-full.Score) > 0.01 {
			t.Errorf("claim %s: incremental %d %.3f, full %d %.3f", c.ID, c.Credibility, c.Score, full.Credibility, full.Score)
		}
	}
	// A computed edge that no longer holds is removed.
	a, b := res.Claims[0].ID, res.Claims[1].ID
	if _, related := hasRelation(res, a, b, graph.Contradicts); !related {
		bogus := graph.Edge{From: a, To: b, Predicate: graph.Contradicts, Prov: graph.Provenance{Extractor: assess.Extractor, Confidence: 1, Text: "stale"}}
		if err := w.st.PutEdges(w.ctx, []graph.Edge{bogus}); err != nil {
			t.Fatal(err)
		}
		st3, err := w.assess(assess.Options{}).Apply(w.ctx, w.st)
		if err != nil {
			t.Fatal(err)
		}
		es, _ := w.st.Edges(w.ctx, a, graph.Out, graph.Contradicts)
		for _, e := range es {
			if e.To == b && e.Prov.Text == "stale" {
				t.Errorf("stale edge kept (apply %+v)", st3)
			}
		}
	}
	// The after-ingest hook on unchanged claims changes no grade and no
	// edge (scores may move in the last digit: the stored source scores it
	// starts from are rounded).
	if st4, err := assess.UpdateClaims(w.ctx, w.st, ids, assess.Options{}); err != nil || st4.EdgesWritten != 0 || st4.EdgesDeleted != 0 {
		t.Errorf("UpdateClaims on unchanged claims: %+v, %v", st4, err)
	}
	for _, c := range res.Claims {
		n, err := w.st.Node(w.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var stored float64
		fmt.Sscanf(n.Attrs[assess.AttrCredibilityScore], "%g", &stored)
		if n.Attrs[assess.AttrCredibility] != c.Credibility.String() || math.Abs(stored-c.Score) > 0.002 {
			t.Errorf("claim %s after UpdateClaims: %v; full pass %d %.4f", c.ID, n.Attrs, c.Credibility, c.Score)
		}
	}
	if _, err := assess.AssessClaims(w.ctx, w.st, []graph.ID{graph.ID(99)}, assess.Options{}); err == nil {
		t.Error("unknown claim accepted")
	}
}

func TestExplainGolden(t *testing.T) {
	w := newWorld(t)
	kad := w.person("Ramon Kadar")
	doc := w.entity(graph.KindWork, graph.SubDocumentary, "the documentary")
	tv := w.entity(graph.KindOutlet, graph.SubBroadcaster, "state television")
	afp := w.agency("Agence Mondiale")
	pub := w.outlet("World Post")
	fsb := w.entity(graph.KindOrganisation, "", "Security Bureau")
	anon := w.entity(graph.KindAnonymous, "", "a source in the leadership")
	w.rate(afp, "B")
	a := w.article("strongman claims spies infiltrate group", afp, pub, 0)
	c1 := w.claim(a, kad, "spies from his region are being sent to infiltrate the group", "indirect", "has claimed", doc, tv)
	w.assessment(a, c1, "unverified", "There was no way to immediately verify Kadar's claims.", afp)
	c2 := w.claim(a, fsb, "nearly 2,900 Russians are fighting with the extremists in Iraq and Syria", "indirect", "said")
	c3 := w.claim(a, anon, "none of them are members of the armed forces", "direct", "said")
	b := w.article("other count", w.agency("Other Agency"), 0, 0)
	w.claim(b, w.person("Analyst Orr"), "4,000 Russians are fighting with the extremists", "indirect", "estimated")
	w.commit()
	res := w.assess(assess.Options{})
	var text bytes.Buffer
	for _, id := range []graph.ID{c1, c2, c3, afp, kad} {
		x, err := res.Explain(w.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(x); err != nil {
			t.Fatal(err)
		}
		text.WriteString("\n")
	}
	golden := filepath.Join("testdata", "explain.golden")
	if *update {
		if err := os.WriteFile(golden, text.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(text.Bytes(), want) {
		t.Errorf("explanations differ from %s (run with -update after checking):\n%s", golden, text.String())
	}
	if _, err := res.Explain(w.ctx, a); err == nil {
		t.Error("explaining an article should fail")
	}
}

func BenchmarkAssess(b *testing.B) {
	w := randomWorld(b, 5, 200, 2000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := assess.Assess(w.ctx, w.st, assess.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssessClaims(b *testing.B) {
	w := randomWorld(b, 5, 200, 2000)
	res, err := assess.Assess(w.ctx, w.st, assess.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := res.Apply(w.ctx, w.st); err != nil {
		b.Fatal(err)
	}
	ids := []graph.ID{res.Claims[0].ID, res.Claims[1].ID, res.Claims[2].ID}
	b.ResetTimer()
	for b.Loop() {
		if _, err := assess.AssessClaims(w.ctx, w.st, ids, assess.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// After an ingest, UpdateClaims scores the new claim and links it to the
// stored claims it contradicts.
func TestUpdateClaimsAfterIngest(t *testing.T) {
	w := newWorld(t)
	a := w.article("first count", w.agency("Wire A"), 0, 0)
	old := w.claim(a, w.person("Olga Old"), "nearly 2,900 volunteers are fighting with the militia in the east", "indirect", "said")
	w.commit()
	res := w.assess(assess.Options{})
	if _, err := res.Apply(w.ctx, w.st); err != nil {
		t.Fatal(err)
	}
	b := w.article("second count", w.agency("Wire B"), 0, 0)
	fresh := w.claim(b, w.person("Nina New"), "4,000 volunteers are fighting with the militia", "indirect", "said")
	w.commit()
	st, err := assess.UpdateClaims(w.ctx, w.st, []graph.ID{fresh}, assess.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes != 2 || st.EdgesWritten != 1 {
		t.Errorf("update wrote %+v, want both claims and one edge", st)
	}
	if on, _ := w.st.Node(w.ctx, old); on.Attrs[assess.AttrCredibilityScore] == fmt.Sprintf("%.3f", mustClaim(t, res, old).Score) {
		t.Errorf("the contradicted claim kept its score %s", on.Attrs[assess.AttrCredibilityScore])
	}
	n, err := w.st.Node(w.ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if n.Attrs[assess.AttrCredibility] == "" || n.Attrs[assess.AttrAssessVersion] != assess.AlgorithmVersion {
		t.Errorf("new claim attrs %v", n.Attrs)
	}
	es, _ := w.st.Edges(w.ctx, fresh, graph.In, graph.Contradicts)
	es2, _ := w.st.Edges(w.ctx, fresh, graph.Out, graph.Contradicts)
	if len(es)+len(es2) != 1 || (len(es) == 1 && es[0].From != old) || (len(es2) == 1 && es2[0].To != old) {
		t.Errorf("contradicts edges in %v out %v", es, es2)
	}
}
