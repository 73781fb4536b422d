package assess

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// MISP admiralty-scale taxonomy: machine tags
// admiralty-scale:source-reliability="a".."g" and
// admiralty-scale:information-credibility="1".."6".
const (
	MISPNamespace              = "admiralty-scale"
	MISPSourceReliability      = "source-reliability"
	MISPInformationCredibility = "information-credibility"
)

// ReliabilityTag formats a grade as a MISP machine tag (lower-case value,
// as the taxonomy spells it).
func ReliabilityTag(g Reliability) string {
	return fmt.Sprintf("%s:%s=%q", MISPNamespace, MISPSourceReliability, strings.ToLower(string(g)))
}

// CredibilityTag formats a grade as a MISP machine tag.
func CredibilityTag(c Credibility) string {
	return fmt.Sprintf("%s:%s=%q", MISPNamespace, MISPInformationCredibility, c.String())
}

// ParseTag reads an admiralty-scale machine tag. It returns the grade as
// this package writes it ("B", "2") and whether it is a source-reliability
// (true) or information-credibility (false) tag. Tags of other namespaces
// give an error wrapping ErrNotAdmiralty.
func ParseTag(tag string) (grade string, reliability bool, err error) {
	ns, rest, ok := strings.Cut(strings.TrimSpace(tag), ":")
	if !ok || ns != MISPNamespace {
		return "", false, fmt.Errorf("tag %q: %w", tag, ErrNotAdmiralty)
	}
	pred, val, ok := strings.Cut(rest, "=")
	if !ok {
		return "", false, fmt.Errorf("tag %q: no value: %w", tag, graph.ErrInvalid)
	}
	val = strings.Trim(strings.TrimSpace(val), `"`)
	switch pred {
	case MISPSourceReliability:
		g, err := ParseReliability(val)
		if err != nil {
			return "", false, fmt.Errorf("tag %q: %w", tag, err)
		}
		return string(g), true, nil
	case MISPInformationCredibility:
		c, err := ParseCredibility(val)
		if err != nil {
			return "", false, fmt.Errorf("tag %q: %w", tag, err)
		}
		return c.String(), false, nil
	}
	return "", false, fmt.Errorf("tag %q: unknown predicate %q: %w", tag, pred, graph.ErrInvalid)
}

// ErrNotAdmiralty marks tags of other taxonomies, which importers skip.
var ErrNotAdmiralty = errors.New("not an admiralty-scale tag")

// MISPTag is a MISP tag object.
type MISPTag struct {
	Name string `json:"name"`
}

// MISPAttribute is the part of a MISP attribute this package reads and
// writes: the graded thing's name (or a claim's text) as a "text"
// attribute, its sourcetrace ID in the comment, and the grade as tags.
type MISPAttribute struct {
	Type     string    `json:"type"`
	Category string    `json:"category"`
	Value    string    `json:"value"`
	Comment  string    `json:"comment,omitempty"`
	Tag      []MISPTag `json:"Tag"`
}

// MISPEvent is a minimal MISP event: {"Event": {"info": ..., "Attribute": [...]}}.
type MISPEvent struct {
	Event struct {
		Info      string          `json:"info"`
		Attribute []MISPAttribute `json:"Attribute"`
	} `json:"Event"`
}

// MISPEntry is one grade read from a MISP file.
type MISPEntry struct {
	Index       int      `json:"index"` // position of the attribute in the file, from 0
	Name        string   `json:"name"`
	ID          graph.ID `json:"id,omitempty"` // from the comment, when the file came from sourcetrace
	Reliability string   `json:"reliability,omitempty"`
	Credibility string   `json:"credibility,omitempty"`
}

// commentPrefix marks the ID in an attribute's comment.
const commentPrefix = "sourcetrace:id="

// ParseMISP reads a MISP event (or a bare JSON array of attributes) and
// returns the admiralty-scale grades it carries; attributes without such
// tags are skipped. Errors give the byte offset or attribute index.
func ParseMISP(r io.Reader) ([]MISPEntry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read misp: %w", err)
	}
	var attrs []MISPAttribute
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '[' {
		err = json.Unmarshal(data, &attrs)
	} else {
		var ev MISPEvent
		err = json.Unmarshal(data, &ev)
		attrs = ev.Event.Attribute
	}
	if err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("misp: offset %d: %w: %w", se.Offset, err, graph.ErrInvalid)
		case errors.As(err, &te):
			return nil, fmt.Errorf("misp: offset %d: %w: %w", te.Offset, err, graph.ErrInvalid)
		}
		return nil, fmt.Errorf("misp: %w: %w", err, graph.ErrInvalid)
	}
	var out []MISPEntry
	for i, a := range attrs {
		e := MISPEntry{Index: i, Name: strings.TrimSpace(a.Value)}
		for _, tag := range a.Tag {
			g, rel, err := ParseTag(tag.Name)
			if errors.Is(err, ErrNotAdmiralty) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("misp attribute %d (%q): %w", i, a.Value, err)
			}
			if rel {
				e.Reliability = g
			} else {
				e.Credibility = g
			}
		}
		if e.Reliability == "" && e.Credibility == "" {
			continue
		}
		for _, f := range strings.Fields(a.Comment) {
			if s, ok := strings.CutPrefix(f, commentPrefix); ok {
				id, err := graph.ParseID(strings.TrimRight(s, ";,"))
				if err != nil {
					return nil, fmt.Errorf("misp attribute %d (%q): comment: %w", i, a.Value, err)
				}
				e.ID = id
			}
		}
		if e.Name == "" && e.ID == 0 {
			return nil, fmt.Errorf("misp attribute %d: graded but has no value: %w", i, graph.ErrInvalid)
		}
		out = append(out, e)
	}
	return out, nil
}

// ExportMISP writes a MISP event with an attribute for every node that has
// an analyst grade in force and, unless analystOnly, every node with a
// stored computed grade (see Apply), tagged with the admiralty-scale
// taxonomy. Attributes come in ascending ID order.
func ExportMISP(ctx context.Context, r graph.Reader, w io.Writer, analystOnly bool) (int, error) {
	type graded struct {
		n     graph.Node
		grade string
		by    string
	}
	found := map[graph.ID]*graded{}
	// Analyst grades, newest per target.
	type ev struct {
		target graph.ID
		g      Grade
	}
	var events []ev
	if err := r.ScanNodes(ctx, graph.KindAssessment, func(n graph.Node) error {
		if n.Subkind != SubGrade {
			return nil
		}
		es, err := r.Edges(ctx, n.ID, graph.Out, graph.Assesses)
		if err != nil {
			return err
		}
		for _, e := range es {
			if g, ok := gradeFromNode(n, e.To); ok {
				events = append(events, ev{e.To, g})
			}
		}
		return nil
	}); err != nil {
		return 0, fmt.Errorf("export misp: %w", err)
	}
	byTarget := map[graph.ID][]Grade{}
	for _, e := range events {
		byTarget[e.target] = append(byTarget[e.target], e.g)
	}
	for id, h := range byTarget {
		sortGrades(h)
		g, ok := current(h)
		if !ok {
			continue
		}
		n, err := r.Node(ctx, id)
		if err != nil {
			return 0, fmt.Errorf("export misp: %w", err)
		}
		found[id] = &graded{n: n, grade: g.Grade, by: "analyst " + g.By}
	}
	if !analystOnly {
		if err := r.ScanNodes(ctx, "", func(n graph.Node) error {
			if _, ok := found[n.ID]; ok {
				return nil
			}
			switch {
			case n.Kind == graph.KindClaim && n.Attrs[AttrCredibility] != "":
				found[n.ID] = &graded{n: n, grade: n.Attrs[AttrCredibility], by: n.Attrs[AttrCredibilityBasis]}
			case n.Kind != graph.KindClaim && n.Attrs[AttrReliability] != "" && n.Attrs[AttrReliabilityBasis] != "none":
				found[n.ID] = &graded{n: n, grade: n.Attrs[AttrReliability], by: n.Attrs[AttrReliabilityBasis]}
			}
			return nil
		}); err != nil {
			return 0, fmt.Errorf("export misp: %w", err)
		}
	}
	ids := make([]graph.ID, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out MISPEvent
	out.Event.Info = "sourcetrace source reliability and information credibility (admiralty-scale)"
	out.Event.Attribute = []MISPAttribute{}
	for _, id := range ids {
		g := found[id]
		var tag string
		if g.n.Kind == graph.KindClaim {
			c, err := ParseCredibility(g.grade)
			if err != nil {
				continue
			}
			tag = CredibilityTag(c)
		} else {
			rel, err := ParseReliability(g.grade)
			if err != nil {
				continue
			}
			tag = ReliabilityTag(rel)
		}
		out.Event.Attribute = append(out.Event.Attribute, MISPAttribute{
			Type: "text", Category: "Other", Value: g.n.Name,
			Comment: fmt.Sprintf("%s%s kind=%s basis=%s", commentPrefix, id, g.n.Kind, strings.ReplaceAll(g.by, " ", "_")),
			Tag:     []MISPTag{{Name: tag}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return 0, fmt.Errorf("export misp: %w", err)
	}
	return len(out.Event.Attribute), nil
}
