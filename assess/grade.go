package assess

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// SubGrade is the Subkind of the assessment nodes that record analyst
// grades; their Attrs hold AttrGrade, AttrBy, AttrAt and AttrWhy.
const SubGrade = "grade"

// Attribute keys of grade nodes.
const (
	AttrGrade = "grade" // A-F, G, 1-6 or "unset"
	AttrBy    = "by"
	AttrAt    = "at" // RFC 3339 with nanoseconds, UTC
	AttrWhy   = "why"
)

// Extractor is the Prov.Extractor of every edge this package writes.
const Extractor = "assess"

// Grade is one analyst grading event.
type Grade struct {
	Node   graph.ID  `json:"node"`   // the assessment node recording it
	Target graph.ID  `json:"target"` // the graded entity or claim
	Grade  string    `json:"grade"`  // A-F, G for entities; 1-6 for claims; "unset"
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Why    string    `json:"why"`
}

// IsUnset reports whether this event withdrew the previous grade.
func (g Grade) IsUnset() bool { return g.Grade == Unset }

// normalizeGrade checks grade against the node it applies to: letters for
// sources, digits for claims.
func normalizeGrade(n graph.Node, grade string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(grade), Unset) {
		return Unset, nil
	}
	switch n.Kind {
	case graph.KindClaim:
		c, err := ParseCredibility(grade)
		if err != nil {
			return "", fmt.Errorf("grade claim %s: %w", n.ID, err)
		}
		return c.String(), nil
	case graph.KindArticle, graph.KindAssessment:
		return "", fmt.Errorf("grade %s %s: only sources and claims can be graded: %w", n.Kind, n.ID, graph.ErrInvalid)
	}
	g, err := ParseReliability(grade)
	if err != nil {
		return "", fmt.Errorf("grade %s: %w", n.Name, err)
	}
	return string(g), nil
}

// Rate records an analyst's grade for a source (A-F, G) or a claim (1-6),
// or withdraws the current one with grade "unset", which leaves the node
// ungraded (earlier grades do not come back). who and why are required, so
// every grade can be accounted for. Earlier grades stay in the graph as
// history; the newest (by at, then node ID) is in force.
func Rate(ctx context.Context, w graph.Writer, r graph.Reader, entity graph.ID, grade, who, why string, at time.Time) (Grade, error) {
	n, err := r.Node(ctx, entity)
	if err != nil {
		return Grade{}, fmt.Errorf("rate %s: %w", entity, err)
	}
	g, err := normalizeGrade(n, grade)
	if err != nil {
		return Grade{}, err
	}
	who, why = strings.TrimSpace(who), strings.TrimSpace(why)
	if who == "" {
		return Grade{}, fmt.Errorf("rate %s: empty analyst name: %w", n.Name, graph.ErrInvalid)
	}
	if why == "" {
		return Grade{}, fmt.Errorf("rate %s: a reason is required: %w", n.Name, graph.ErrInvalid)
	}
	if at.IsZero() {
		return Grade{}, fmt.Errorf("rate %s: zero time: %w", n.Name, graph.ErrInvalid)
	}
	at = at.UTC()
	stamp := at.Format(time.RFC3339Nano)
	id := graph.NewID(graph.KindAssessment, SubGrade, entity.String(), stamp, who, g, why)
	verb := "graded " + g
	if g == Unset {
		verb = "withdrew the grade of"
	}
	node := graph.Node{
		ID: id, Kind: graph.KindAssessment, Subkind: SubGrade,
		Name:  fmt.Sprintf("%s %s %s: %s", who, verb, n.Name, why),
		Attrs: map[string]string{AttrGrade: g, AttrBy: who, AttrAt: stamp, AttrWhy: why},
	}
	if err := w.PutNode(ctx, node); err != nil {
		return Grade{}, fmt.Errorf("rate %s: %w", n.Name, err)
	}
	e := graph.Edge{From: id, To: entity, Predicate: graph.Assesses, Prov: graph.Provenance{
		Text: why, Extractor: Extractor, Confidence: 1, Ingested: at,
	}}
	if err := w.PutEdges(ctx, []graph.Edge{e}); err != nil {
		return Grade{}, fmt.Errorf("rate %s: %w", n.Name, err)
	}
	return Grade{Node: id, Target: entity, Grade: g, By: who, At: at, Why: why}, nil
}

// gradeFromNode reads a grade node; ok is false for other assessments.
func gradeFromNode(n graph.Node, target graph.ID) (Grade, bool) {
	if n.Kind != graph.KindAssessment || n.Subkind != SubGrade {
		return Grade{}, false
	}
	at, err := time.Parse(time.RFC3339Nano, n.Attrs[AttrAt])
	if err != nil || n.Attrs[AttrGrade] == "" {
		return Grade{}, false
	}
	return Grade{Node: n.ID, Target: target, Grade: n.Attrs[AttrGrade], By: n.Attrs[AttrBy],
		At: at, Why: n.Attrs[AttrWhy]}, true
}

// sortGrades orders a history oldest first; the node ID breaks ties so the
// order, and with it the current grade, never depends on storage order.
func sortGrades(gs []Grade) {
	slices.SortFunc(gs, func(a, b Grade) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Node, b.Node))
	})
}

// History returns every grade recorded for the node, oldest first.
func History(ctx context.Context, r graph.Reader, entity graph.ID) ([]Grade, error) {
	es, err := r.Edges(ctx, entity, graph.In, graph.Assesses)
	if err != nil {
		return nil, fmt.Errorf("grade history of %s: %w", entity, err)
	}
	var out []Grade
	seen := map[graph.ID]bool{}
	for _, e := range es {
		if seen[e.From] {
			continue
		}
		seen[e.From] = true
		n, err := r.Node(ctx, e.From)
		if err != nil {
			return nil, fmt.Errorf("grade history of %s: %w", entity, err)
		}
		if g, ok := gradeFromNode(n, entity); ok {
			out = append(out, g)
		}
	}
	sortGrades(out)
	return out, nil
}

// current returns the newest grade unless it is an unset.
func current(h []Grade) (Grade, bool) {
	if len(h) == 0 || h[len(h)-1].IsUnset() {
		return Grade{}, false
	}
	return h[len(h)-1], true
}

// Current returns the grade in force for the node; ok is false when it was
// never graded or the newest grade is "unset".
func Current(ctx context.Context, r graph.Reader, entity graph.ID) (g Grade, ok bool, err error) {
	h, err := History(ctx, r, entity)
	if err != nil {
		return Grade{}, false, err
	}
	g, ok = current(h)
	return g, ok, nil
}
