package export

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// appendDOTString appends s as a DOT double-quoted string. Inside one only
// the quote must be escaped, but Graphviz reads backslash escapes in labels
// (\n, \l, \N ...), so a literal backslash is doubled and line breaks
// become \n (\r for a carriage return), which Graphviz renders as breaks.
func appendDOTString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			if c < 0x20 && c != '\t' {
				b = append(b, ' ') // other controls: not representable
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}

// dotShape gives each kind a distinct node shape.
func dotShape(k graph.Kind) string {
	switch k {
	case graph.KindClaim:
		return "note"
	case graph.KindArticle:
		return "folder"
	case graph.KindPerson, graph.KindAnonymous, graph.KindUnresolved:
		return "ellipse"
	case graph.KindWork:
		return "component"
	case graph.KindOutlet:
		return "cylinder"
	case graph.KindAssessment:
		return "hexagon"
	}
	return "box"
}

// writeDOT writes DOT by hand: gonum's graph/encoding/dot marshals a whole
// in-memory gonum graph, which would defeat streaming; its parser
// (graph/formats/dot) checks the output in the tests instead.
func writeDOT(ctx context.Context, s *sink, src Source) error {
	s.WriteString("digraph sourcetrace {\n  rankdir=LR;\n  node [shape=box];\n")
	b := make([]byte, 0, 512)
	attr := func(b []byte, name, val string) []byte {
		if val == "" {
			return b
		}
		b = append(b, ", "...)
		b = appendDOTString(b, name)
		b = append(b, '=')
		return appendDOTString(b, val)
	}
	err := src.Nodes(ctx, func(n graph.Node) error {
		b = append(b[:0], "  \""...)
		b = appendHexID(b, n.ID)
		b = append(b, "\" [label="...)
		b = appendDOTString(b, n.Name)
		b = append(b, ", shape="...)
		b = append(b, dotShape(n.Kind)...)
		b = attr(b, "kind", string(n.Kind))
		b = attr(b, "subkind", n.Subkind)
		b = attr(b, "aliases", strings.Join(n.Aliases, listSep))
		b = attr(b, "roles", strings.Join(n.Roles, listSep))
		for _, k := range sortedKeys(n.Attrs) {
			b = attr(b, "attr_"+k, n.Attrs[k])
		}
		b = append(b, "];\n"...)
		s.Write(b)
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	err = src.Edges(ctx, func(e graph.Edge) error {
		b = append(b[:0], "  \""...)
		b = appendHexID(b, e.From)
		b = append(b, "\" -> \""...)
		b = appendHexID(b, e.To)
		b = append(b, "\" [id=\""...)
		b = appendEdgeID(b, e)
		b = append(b, "\", label="...)
		b = appendDOTString(b, string(e.Predicate))
		b = attr(b, "seq", strconv.Itoa(e.Seq))
		if e.Prov.Article != 0 {
			b = attr(b, "article", e.Prov.Article.String())
		}
		b = attr(b, "confidence", formatFloat(e.Prov.Confidence))
		b = attr(b, "spans", spansString(e.Prov.Spans))
		b = attr(b, "text", e.Prov.Text)
		b = attr(b, "extractor", e.Prov.Extractor)
		b = attr(b, "version", e.Prov.Version)
		if !e.Prov.Ingested.IsZero() {
			b = attr(b, "ingested", e.Prov.Ingested.Format(time.RFC3339Nano))
		}
		b = append(b, "];\n"...)
		s.Write(b)
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("}\n")
	return s.err()
}
