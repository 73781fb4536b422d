package assess_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func TestRateHistory(t *testing.T) {
	w := newWorld(t)
	afp := w.agency("Agence France-Presse")
	steps := []struct {
		grade, want string
	}{{"b", "B"}, {"C", "C"}, {"g", "G"}, {"unset", assess.Unset}}
	for i, s := range steps {
		g, err := assess.Rate(w.ctx, w.st, w.st, afp, s.grade, "analyst-1", "step reason", at.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if g.Grade != s.want {
			t.Errorf("step %d: grade %q, want %q", i, g.Grade, s.want)
		}
		cur, ok, err := assess.Current(w.ctx, w.st, afp)
		if err != nil {
			t.Fatal(err)
		}
		if s.want == assess.Unset {
			if ok {
				t.Errorf("after unset, current grade %+v", cur)
			}
		} else if !ok || cur.Grade != s.want {
			t.Errorf("step %d: current %+v, %v; want %s", i, cur, ok, s.want)
		}
	}
	h, err := assess.History(w.ctx, w.st, afp)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != len(steps) {
		t.Fatalf("history has %d grades, want %d", len(h), len(steps))
	}
	for i, g := range h {
		if g.Grade != steps[i].want || g.By != "analyst-1" || g.Why != "step reason" || !g.At.Equal(at.Add(time.Duration(i)*time.Hour)) {
			t.Errorf("history[%d] = %+v", i, g)
		}
	}
	// Regrading the way it was restores the grade and only adds history.
	if _, err := assess.Rate(w.ctx, w.st, w.st, afp, "B", "analyst-2", "new evidence", at.Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if cur, ok, _ := assess.Current(w.ctx, w.st, afp); !ok || cur.Grade != "B" {
		t.Errorf("current after regrade %+v", cur)
	}
}

func TestRateRejects(t *testing.T) {
	w := newWorld(t)
	p := w.person("Paula Price")
	a := w.article("an article", 0, 0, 0)
	c := w.claim(a, p, "prices will fall", "indirect", "said")
	w.commit()
	for _, tc := range []struct {
		name       string
		id         graph.ID
		grade, who string
		why        string
		want       error
	}{
		{"bad letter", p, "H", "x", "y", graph.ErrInvalid},
		{"digit for a person", p, "2", "x", "y", graph.ErrInvalid},
		{"letter for a claim", c, "B", "x", "y", graph.ErrInvalid},
		{"article", a, "B", "x", "y", graph.ErrInvalid},
		{"no analyst", p, "B", " ", "y", graph.ErrInvalid},
		{"no reason", p, "B", "x", "", graph.ErrInvalid},
		{"missing node", graph.ID(12345), "B", "x", "y", graph.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := assess.Rate(w.ctx, w.st, w.st, tc.id, tc.grade, tc.who, tc.why, at)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := assess.Rate(w.ctx, w.st, w.st, c, "2", "x", "checked the footage", at); err != nil {
		t.Errorf("credibility grade on a claim: %v", err)
	}
}

// Analyst grades seed the computation and override claim grades.
func TestGradesSeedAssessment(t *testing.T) {
	build := func(t *testing.T, speakerGrade, claimGrade string) assess.ClaimScore {
		w := newWorld(t)
		s := w.person("Quinn Quayle")
		a := w.article("a story", w.agency("Wire"), 0, 0)
		c := w.claim(a, s, "the border crossing reopened this morning", "indirect", "said")
		w.commit()
		if speakerGrade != "" {
			w.rate(s, speakerGrade)
		}
		if claimGrade != "" {
			w.rate(c, claimGrade)
		}
		res := w.assess(assess.Options{})
		if speakerGrade != "" {
			src, ok := res.Source(s)
			if !ok || string(src.Reliability) != speakerGrade || src.Basis != "analyst" {
				t.Errorf("source %+v, want analyst grade %s", src, speakerGrade)
			}
		}
		return mustClaim(t, res, c)
	}
	a, e := build(t, "A", ""), build(t, "E", "")
	if a.Score <= e.Score || a.Credibility >= e.Credibility {
		t.Errorf("A speaker %+v vs E speaker %+v: want A better", a, e)
	}
	if a.Credibility != assess.ProbablyTrue {
		t.Errorf("A speaker, one report: credibility %d, want 2", a.Credibility)
	}
	if e.Credibility < assess.Doubtful || e.Credibility > assess.Improbable {
		t.Errorf("E speaker, one report: credibility %d, want 4 or 5", e.Credibility)
	}
	if o := build(t, "E", "1"); o.Credibility != assess.Confirmed || o.Basis != "analyst" {
		t.Errorf("analyst claim grade not in force: %+v", o)
	}
}

func TestPriorsSeedAssessment(t *testing.T) {
	w := newWorld(t)
	afp := w.entity(graph.KindOutlet, graph.SubAgency, "Agence France-Presse")
	a := w.article("agency's own report", afp, 0, 0)
	c := w.claim(a, afp, "the airport was closed for six hours", "indirect", "reported")
	w.commit()
	pri, err := assess.NewPriors("test-1", map[string]string{"agence france presse": "b"})
	if err != nil {
		t.Fatal(err)
	}
	res := w.assess(assess.Options{Priors: pri})
	src, _ := res.Source(afp)
	if src.Reliability != assess.ReliabilityB || src.Basis != "prior" || res.Priors != "test-1" {
		t.Errorf("source %+v (priors %q), want prior B", src, res.Priors)
	}
	if got := mustClaim(t, res, c); got.Credibility != assess.ProbablyTrue {
		t.Errorf("agency graded B reporting itself: credibility %d (%.3f), want 2", got.Credibility, got.Score)
	}
	if got := mustClaim(t, w.assess(assess.Options{}), c); got.Credibility != assess.CannotBeJudged {
		t.Errorf("without priors: credibility %d, want 6", got.Credibility)
	}
}

// A grade given to an alias counts for the node it was merged into.
func TestGradeThroughAlias(t *testing.T) {
	w := newWorld(t)
	canon := w.agency("Agence France-Presse")
	alias := w.agency("AFP wire")
	if err := w.st.PutEdges(w.ctx, []graph.Edge{{From: alias, To: canon, Predicate: graph.AliasOf,
		Prov: graph.Provenance{Extractor: "test", Confidence: 1}}}); err != nil {
		t.Fatal(err)
	}
	w.rate(alias, "A")
	res := w.assess(assess.Options{})
	if src, ok := res.Source(canon); !ok || src.Reliability != assess.ReliabilityA || src.Basis != "analyst" {
		t.Errorf("canonical node %+v, want the alias's grade A", src)
	}
	x, err := res.Explain(w.ctx, canon)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.History) != 1 || x.History[0].Grade != "A" || x.History[0].Target != alias {
		t.Errorf("explained history %+v", x.History)
	}
}
