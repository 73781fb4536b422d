package export

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Cytoscape.js element data. Field names follow Cytoscape's conventions
// (id, source, target, label); the rest are sourcetrace's own.
type (
	cyNodeData struct {
		ID      string            `json:"id"`
		Label   string            `json:"label"`
		Kind    graph.Kind        `json:"kind"`
		Subkind string            `json:"subkind,omitempty"`
		Aliases []string          `json:"aliases,omitempty"`
		Roles   []string          `json:"roles,omitempty"`
		Attrs   map[string]string `json:"attrs,omitempty"`
	}
	cyEdgeData struct {
		ID         string       `json:"id"`
		Source     string       `json:"source"`
		Target     string       `json:"target"`
		Label      string       `json:"label"`
		Seq        int          `json:"seq"`
		Article    string       `json:"article,omitempty"`
		Confidence float64      `json:"confidence"`
		Spans      []graph.Span `json:"spans,omitempty"`
		Text       string       `json:"text,omitempty"`
		Extractor  string       `json:"extractor,omitempty"`
		Version    string       `json:"version,omitempty"`
		Ingested   string       `json:"ingested,omitempty"`
	}
	cyElement[T any] struct {
		Data T `json:"data"`
	}
)

func writeCytoscape(ctx context.Context, s *sink, src Source) error {
	enc := json.NewEncoder(s)
	enc.SetEscapeHTML(false)
	s.WriteString(`{"elements":{"nodes":[` + "\n")
	first := true
	sep := func() {
		if !first {
			s.WriteByte(',')
		}
		first = false
	}
	err := src.Nodes(ctx, func(n graph.Node) error {
		sep()
		if err := enc.Encode(cyElement[cyNodeData]{cyNodeData{
			ID: n.ID.String(), Label: n.Name, Kind: n.Kind, Subkind: n.Subkind,
			Aliases: n.Aliases, Roles: n.Roles, Attrs: n.Attrs,
		}}); err != nil {
			return fmt.Errorf("node %s: %w", n.ID, err)
		}
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString(`],"edges":[` + "\n")
	first = true
	err = src.Edges(ctx, func(e graph.Edge) error {
		sep()
		d := cyEdgeData{
			ID: EdgeID(e), Source: e.From.String(), Target: e.To.String(), Label: string(e.Predicate),
			Seq: e.Seq, Confidence: e.Prov.Confidence, Spans: e.Prov.Spans,
			Text: e.Prov.Text, Extractor: e.Prov.Extractor, Version: e.Prov.Version,
		}
		if e.Prov.Article != 0 {
			d.Article = e.Prov.Article.String()
		}
		if !e.Prov.Ingested.IsZero() {
			d.Ingested = e.Prov.Ingested.Format(time.RFC3339Nano)
		}
		if err := enc.Encode(cyElement[cyEdgeData]{d}); err != nil {
			return fmt.Errorf("edge %s: %w", d.ID, err)
		}
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("]}}\n")
	return s.err()
}
