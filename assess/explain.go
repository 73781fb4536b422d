package assess

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Factor is one item of an explanation. For claims Value is a
// contribution in log-odds (positive raises credibility; 0 marks an
// informative item already counted elsewhere); for sources it is the
// weight the item carries in the reliability average.
type Factor struct {
	Name   string   `json:"name"` // origin, corroboration, cue, anonymous, assessment, contradiction, support, analyst, seed, claim, carried
	Detail string   `json:"detail"`
	Value  float64  `json:"value"`
	Ref    graph.ID `json:"ref,omitempty"`
	// Score is, for a source's claim factors, the credibility the claim
	// has on evidence other than the source's own word.
	Score float64 `json:"score,omitempty"`
}

// Explanation says why a claim or an entity has its grade.
type Explanation struct {
	ID          graph.ID     `json:"id"`
	Kind        graph.Kind   `json:"kind"`
	Name        string       `json:"name"`
	Grade       string       `json:"grade"` // 1-6 for a claim, A-F/G for an entity
	Meaning     string       `json:"meaning"`
	Score       float64      `json:"score"`
	Basis       string       `json:"basis"`
	LogOdds     float64      `json:"log_odds,omitempty"` // claims: the sum of the factors
	Claim       *ClaimScore  `json:"claim,omitempty"`
	Source      *SourceScore `json:"source,omitempty"`
	Factors     []Factor     `json:"factors"`
	BestChain   *Chain       `json:"best_chain,omitempty"`
	History     []Grade      `json:"history,omitempty"`
	Iterations  int          `json:"iterations"`
	Converged   bool         `json:"converged"`
	Incremental bool         `json:"incremental"`
}

// maxListed caps the claims listed one by one for a prolific source.
const maxListed = 40

// Explain assesses the whole graph with default options and explains one
// claim or entity; use Result.Explain to reuse a result or options.
func Explain(ctx context.Context, r graph.Reader, id graph.ID) (*Explanation, error) {
	res, err := Assess(ctx, r, Options{})
	if err != nil {
		return nil, err
	}
	return res.Explain(ctx, id)
}

// Explain itemises the factors behind a claim's credibility or a source's
// reliability in this result.
func (r *Result) Explain(ctx context.Context, id graph.ID) (*Explanation, error) {
	m := r.m
	if cd, ok := m.claims[id]; ok && r.isScored(id) {
		cs, _ := r.Claim(id)
		ev := m.evaluate(cd, true)
		x := &Explanation{ID: id, Kind: graph.KindClaim, Name: cd.node.Name, Grade: cs.Credibility.String(),
			Meaning: cs.Meaning, Score: cs.Score, Basis: cs.Basis, LogOdds: m.L[id], Claim: &cs, Factors: ev.factors,
			Iterations: r.Iterations, Converged: r.Converged, Incremental: r.Incremental}
		for _, s := range cd.supports {
			x.Factors = append(x.Factors, Factor{Name: "support", Ref: s, Detail: fmt.Sprintf(
				"supported by %q (%s): %s; its origins are counted above", short(m.claims[s].node.Name), m.name(m.claims[s].speaker), m.relationEvidence(id, s))})
		}
		x.Factors = append(x.Factors, Factor{Name: "grade", Detail: gradeReason(cs, ev)})
		if ch, err := m.bestChain(cd); err == nil {
			x.BestChain = ch
		}
		var err error
		if x.History, err = History(ctx, m.s.r, id); err != nil {
			return nil, err
		}
		return x, nil
	}
	sd, ok := m.sources[id]
	if !ok {
		return nil, fmt.Errorf("explain %s: neither a scored claim nor a source: %w", id, graph.ErrNotFound)
	}
	ss, _ := r.Source(id)
	x := &Explanation{ID: id, Kind: sd.node.Kind, Name: sd.node.Name, Grade: string(ss.Reliability),
		Meaning: ss.Reliability.Meaning(), Score: ss.Score, Basis: ss.Basis, Source: &ss,
		Iterations: r.Iterations, Converged: r.Converged, Incremental: r.Incremental}
	seed := Factor{Name: "seed", Value: sd.seedWeight, Score: sd.seed}
	switch {
	case sd.grade != nil:
		seed.Ref = sd.grade.Node
		seed.Detail = fmt.Sprintf("analyst grade %s by %s on %s: %s", sd.grade.Grade, sd.grade.By, sd.grade.At.Format("2006-01-02"), sd.grade.Why)
	case sd.basis == "prior":
		seed.Detail = fmt.Sprintf("configured prior %s for %q (priors %s)", sd.prior, sd.priorName, r.Priors)
	default:
		seed.Detail = fmt.Sprintf("no grade or prior: default reliability %.2f", sd.seed)
	}
	x.Factors = append(x.Factors, seed)
	listed, rest, restW, restP := 0, 0, 0.0, 0.0
	if sd.frozen {
		x.Factors = append(x.Factors, Factor{Name: "stored", Value: 0, Score: ss.Score,
			Detail: "score read from the last full assessment (run rescore to recompute)"})
	}
	m.sourceScore(sd, func(c graph.ID, p, w float64, carried bool) {
		if listed >= maxListed {
			rest++
			restW += w
			restP += p * w
			return
		}
		listed++
		name, what := "claim", "said"
		if carried {
			name, what = "carried", "carried"
		}
		x.Factors = append(x.Factors, Factor{Name: name, Ref: c, Value: w, Score: p, Detail: fmt.Sprintf(
			"%s %q: credible at %.2f on other evidence", what, short(m.claims[c].node.Name), p)})
	})
	if rest > 0 {
		x.Factors = append(x.Factors, Factor{Name: "claims", Value: restW, Score: restP / restW,
			Detail: fmt.Sprintf("%d more claims, weighted mean %.2f", rest, restP/restW)})
	}
	if uninformative := len(sd.said) + len(sd.carried) - listed - rest; uninformative > 0 {
		x.Factors = append(x.Factors, Factor{Name: "claims", Detail: fmt.Sprintf(
			"%d claim(s) with no evidence beyond this source's word (no weight)", uninformative)})
	}
	var err error
	if x.History, err = m.history(ctx, id); err != nil {
		return nil, err
	}
	return x, nil
}

// history is the grade history of a node and of its aliases.
func (m *model) history(ctx context.Context, id graph.ID) ([]Grade, error) {
	h, err := History(ctx, m.s.r, id)
	if err != nil {
		return nil, err
	}
	aliases, err := m.s.edges(ctx, id, graph.In, graph.AliasOf)
	if err != nil {
		return nil, err
	}
	for _, e := range aliases {
		more, err := History(ctx, m.s.r, e.From)
		if err != nil {
			return nil, err
		}
		h = append(h, more...)
	}
	sortGrades(h)
	return h, nil
}

func (r *Result) isScored(id graph.ID) bool {
	_, ok := r.Claim(id)
	return ok
}

func gradeReason(cs ClaimScore, ev evaluation) string {
	switch {
	case cs.Basis == "analyst":
		return "the analyst's grade is in force"
	case ev.unverified && cs.Independent < 2 && !ev.confirmed:
		return fmt.Sprintf("%s: stated to be unverified and not independently corroborated", cs.Credibility)
	case !cs.Judgeable:
		return "6: no independent corroboration, no explicit assessment or contradiction, and no speaker of known reliability"
	case cs.Credibility == Confirmed:
		return fmt.Sprintf("1: %d independent origins and probability %.2f >= %.2f", cs.Independent, cs.Score, thresholdConfirmed)
	}
	return fmt.Sprintf("%s (%s): probability %.2f from %d independent origin(s)", cs.Credibility, cs.Meaning, cs.Score, cs.Independent)
}

// WriteText writes the explanation for people.
func (x *Explanation) WriteText(w io.Writer) error {
	var b strings.Builder
	if x.Kind == graph.KindClaim {
		fmt.Fprintf(&b, "claim %s: %q\n", x.ID, x.Name)
		fmt.Fprintf(&b, "credibility %s (%s), probability %.2f, basis %s", x.Grade, x.Meaning, x.Score, x.Basis)
		if x.Claim != nil {
			fmt.Fprintf(&b, "; %d report(s), %d independent origin(s)", x.Claim.Reports, x.Claim.Independent)
		}
		b.WriteString("\nfactors (log-odds):\n")
		for _, f := range x.Factors {
			if f.Value != 0 {
				fmt.Fprintf(&b, "  %+6.2f  %-13s %s\n", f.Value, f.Name, f.Detail)
			} else {
				fmt.Fprintf(&b, "          %-13s %s\n", f.Name, f.Detail)
			}
		}
		fmt.Fprintf(&b, "  = %+6.2f  total (probability %.2f)\n", x.LogOdds, x.Score)
		if c := x.BestChain; c != nil {
			var names []string
			for _, h := range c.Hops {
				names = append(names, fmt.Sprintf("%s (%.2f)", h.Name, h.Factor))
			}
			fmt.Fprintf(&b, "most reliable chain (%.3f): %s\n", c.Reliability, strings.Join(names, " -> "))
		}
	} else {
		fmt.Fprintf(&b, "%s %s: %s\n", x.Kind, x.ID, x.Name)
		fmt.Fprintf(&b, "reliability %s (%s), score %.2f, basis %s", x.Grade, x.Meaning, x.Score, x.Basis)
		if x.Source != nil {
			fmt.Fprintf(&b, "; computed %s from evidence weight %.2f; %d claim(s) said, %d carried",
				x.Source.Computed, x.Source.Evidence, x.Source.Claims, x.Source.Carried)
		}
		b.WriteString("\nfactors (weight, score):\n")
		for _, f := range x.Factors {
			if f.Value != 0 || f.Score != 0 {
				fmt.Fprintf(&b, "  %5.2f  %4.2f  %-8s %s\n", f.Value, f.Score, f.Name, f.Detail)
			} else {
				fmt.Fprintf(&b, "              %-8s %s\n", f.Name, f.Detail)
			}
		}
	}
	if len(x.History) > 0 {
		b.WriteString("grade history:\n")
		for _, g := range x.History {
			fmt.Fprintf(&b, "  %s  %-5s by %s: %s\n", g.At.Format("2006-01-02 15:04:05Z"), g.Grade, g.By, g.Why)
		}
	}
	conv := "converged"
	if !x.Converged {
		conv = "did not converge"
	}
	if x.Incremental {
		conv += ", incremental (stored source scores)"
	}
	fmt.Fprintf(&b, "(%d iteration(s), %s)\n", x.Iterations, conv)
	_, err := io.WriteString(w, b.String())
	return err
}
