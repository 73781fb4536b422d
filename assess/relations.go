package assess

import (
	"fmt"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Relation is a supports or contradicts link between two claims.
type Relation struct {
	From      graph.ID        `json:"from"`
	To        graph.ID        `json:"to"`
	Predicate graph.Predicate `json:"predicate"`
	Rule      string          `json:"rule"` // same-content, negation, figures, denial, or stored
	Evidence  string          `json:"evidence"`
	// Confidence is how sure the rule is; it becomes Prov.Confidence.
	Confidence float64 `json:"confidence"`
	// Computed is false for links read from the graph (written by an
	// extractor or an analyst), which Apply leaves alone.
	Computed bool `json:"computed"`
}

// Thresholds of the relation rules, on the Dice overlap of content words.
const (
	supportOverlap  = 0.6 // same polarity, no figure conflict
	negationOverlap = 0.5 // opposite polarity
	denialOverlap   = 0.4 // one claim is a denial
	figureOverlap   = 0.3 // figures disagree about the same subject
	minShared       = 3   // content words two related claims must share
)

type relClaim struct {
	id      graph.ID
	denial  bool
	skip    bool // no-comment: asserts nothing
	profile profile
}

func newRelClaim(n graph.Node) relClaim {
	return relClaim{id: n.ID, denial: n.Attrs[graph.AttrClaimKind] == "denial",
		skip: n.Attrs[graph.AttrClaimKind] == "no-comment", profile: analyze(n.Name)}
}

// relate applies the rules to one pair; ok is false when they are
// unrelated. The lower ID is always From, so each pair gives one edge.
func relate(a, b relClaim) (Relation, bool) {
	if a.skip || b.skip || a.id == b.id {
		return Relation{}, false
	}
	if b.id < a.id {
		a, b = b, a
	}
	rel := func(p graph.Predicate, rule, evidence string, conf float64) (Relation, bool) {
		return Relation{From: a.id, To: b.id, Predicate: p, Rule: rule, Evidence: evidence, Confidence: conf, Computed: true}, true
	}
	dice, shared := overlap(a.profile.terms, b.profile.terms)
	if shared < minShared {
		// Short claims ("charges", "US court") overlap by accident.
		return Relation{}, false
	}
	if fa, fb, ok := figureConflict(a.profile, b.profile); ok && dice >= figureOverlap {
		return rel(graph.Contradicts, "figures",
			fmt.Sprintf("figures for %q disagree: %q vs %q", fa.noun, fa.text, fb.text), 0.8)
	}
	// Negation is judged on the shared words it governs, so a negation in
	// a part only one claim has ("..., and he was no longer an asset")
	// does not oppose the rest.
	diffNeg, sameNeg := "", false
	for t := range a.profile.terms {
		if !b.profile.terms[t] {
			continue
		}
		na, nb := a.profile.negTerms[t], b.profile.negTerms[t]
		if na != nb && (diffNeg == "" || t < diffNeg) {
			diffNeg = t
		}
		sameNeg = sameNeg || (na && nb)
	}
	if a.denial != b.denial && dice >= denialOverlap {
		// A denial opposes the same content, unless both carry the same
		// negation ("I did not take bribes" and "he did not take bribes").
		if !(sameNeg && diffNeg == "") {
			return rel(graph.Contradicts, "denial", fmt.Sprintf("a denial of the same content (overlap %.2f)", dice), 0.6+0.3*dice)
		}
		if dice >= supportOverlap {
			return rel(graph.Supports, "same-content", fmt.Sprintf("same content, both negated (overlap %.2f)", dice), dice)
		}
		return Relation{}, false
	}
	if diffNeg != "" && dice >= negationOverlap {
		return rel(graph.Contradicts, "negation", fmt.Sprintf("same content, opposite polarity on %q (overlap %.2f)", diffNeg, dice), 0.5+0.4*dice)
	}
	if diffNeg == "" && a.denial == b.denial && dice >= supportOverlap {
		return rel(graph.Supports, "same-content", fmt.Sprintf("same content (overlap %.2f)", dice), dice)
	}
	return Relation{}, false
}

// findRelations compares claims that share an uncommon content word,
// found through an inverted index, so the work grows with the pairs that
// could be related rather than with the square of the claims; words found
// in a large share of claims are too common to propose pairs. A cheap
// count of shared words (terms interned as sorted integers) filters the
// candidates before the rules run. With focus, only pairs involving a
// focused claim are compared.
func findRelations(cs []relClaim, focus map[graph.ID]bool) []Relation {
	intern := map[string]int32{}
	ids := make([][]int32, len(cs))
	var postings [][]int
	for i, c := range cs {
		if c.skip {
			continue
		}
		for t := range c.profile.terms {
			id, ok := intern[t]
			if !ok {
				id = int32(len(intern))
				intern[t] = id
				postings = append(postings, nil)
			}
			ids[i] = append(ids[i], id)
			postings[id] = append(postings[id], i)
		}
		slices.Sort(ids[i])
	}
	limit := max(64, len(cs)/20)
	var out []Relation
	seen := make([]bool, len(cs))
	var cands []int
	for i, c := range cs {
		if c.skip || (focus != nil && !focus[c.id]) {
			continue
		}
		cands = cands[:0]
		for _, t := range ids[i] {
			if posting := postings[t]; len(posting) <= limit {
				for _, j := range posting {
					if !seen[j] {
						seen[j] = true
						cands = append(cands, j)
					}
				}
			}
		}
		slices.Sort(cands)
		for _, j := range cands {
			seen[j] = false
			// Each unordered pair once: the lower index compares, unless
			// only the higher one is in focus.
			if j == i || (j < i && (focus == nil || focus[cs[j].id])) {
				continue
			}
			shared := sharedCount(ids[i], ids[j])
			if shared < minShared || 2*float64(shared)/float64(len(ids[i])+len(ids[j])) < figureOverlap {
				continue // below every rule's threshold
			}
			if r, ok := relate(c, cs[j]); ok {
				out = append(out, r)
			}
		}
	}
	sortRelations(out)
	return out
}

// sharedCount counts the common elements of two sorted slices.
func sharedCount(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

func sortRelations(rs []Relation) {
	slices.SortFunc(rs, func(a, b Relation) int {
		if a.From != b.From {
			return cmpID(a.From, b.From)
		}
		if a.To != b.To {
			return cmpID(a.To, b.To)
		}
		return a.Predicate.Index() - b.Predicate.Index()
	})
}

func cmpID(a, b graph.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
