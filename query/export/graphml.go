package export

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// GraphML attribute columns. Types use the spec's names; lists (aliases,
// roles) are joined with "; " because GraphML has no list type.
var (
	graphMLNodeCols = []column{
		{"n_label", "label", "string"},
		{"n_kind", "kind", "string"},
		{"n_subkind", "subkind", "string"},
		{"n_aliases", "aliases", "string"},
		{"n_roles", "roles", "string"},
	}
	graphMLEdgeCols = []column{
		{"e_label", "label", "string"},
		{"e_predicate", "predicate", "string"},
		{"e_seq", "seq", "int"},
		{"e_article", "article", "string"},
		{"e_confidence", "confidence", "double"},
		{"e_spans", "spans", "string"},
		{"e_text", "text", "string"},
		{"e_extractor", "extractor", "string"},
		{"e_version", "version", "string"},
		{"e_ingested", "ingested", "string"},
	}
)

// listSep joins list values in formats without a list type.
const listSep = "; "

func writeGraphML(ctx context.Context, s *sink, src Source) error {
	taken := make([]string, 0, len(graphMLNodeCols))
	for _, c := range graphMLNodeCols {
		taken = append(taken, c.name)
	}
	keys, names, err := nodeAttrColumns(ctx, src, taken)
	if err != nil {
		return err
	}
	attrIDs := make(map[string]string, len(keys))
	b := make([]byte, 0, 1024)
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`...)
	key := func(b []byte, c column, forWhat string) []byte {
		b = append(b, `  <key id="`...)
		b = append(b, c.id...)
		b = append(b, `" for="`...)
		b = append(b, forWhat...)
		b = append(b, `" attr.name="`...)
		b = appendXML(b, c.name)
		b = append(b, `" attr.type="`...)
		b = append(b, c.typ...)
		return append(b, "\"/>\n"...)
	}
	for _, c := range graphMLNodeCols {
		b = key(b, c, "node")
	}
	for i, k := range keys {
		id := "n_attr" + strconv.Itoa(i)
		attrIDs[k] = id
		b = key(b, column{id, names[k], "string"}, "node")
	}
	for _, c := range graphMLEdgeCols {
		b = key(b, c, "edge")
	}
	b = append(b, "  <graph id=\"sourcetrace\" edgedefault=\"directed\">\n"...)
	s.Write(b)

	data := func(b []byte, key, val string) []byte {
		if val == "" {
			return b
		}
		b = append(b, `      <data key="`...)
		b = append(b, key...)
		b = append(b, `">`...)
		b = appendXML(b, val)
		return append(b, "</data>\n"...)
	}
	err = src.Nodes(ctx, func(n graph.Node) error {
		b = append(b[:0], `    <node id="`...)
		b = appendHexID(b, n.ID)
		b = append(b, "\">\n"...)
		b = data(b, "n_label", n.Name)
		b = data(b, "n_kind", string(n.Kind))
		b = data(b, "n_subkind", n.Subkind)
		b = data(b, "n_aliases", strings.Join(n.Aliases, listSep))
		b = data(b, "n_roles", strings.Join(n.Roles, listSep))
		for _, k := range sortedKeys(n.Attrs) {
			id, ok := attrIDs[k]
			if !ok { // the graph changed between the two passes
				s.warnOnce("undeclared:"+k, "graphml: attribute "+k+" appeared after the columns were declared; left out")
				continue
			}
			b = data(b, id, n.Attrs[k])
		}
		b = append(b, "    </node>\n"...)
		s.Write(b)
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	err = src.Edges(ctx, func(e graph.Edge) error {
		b = append(b[:0], `    <edge id="`...)
		b = appendEdgeID(b, e)
		b = append(b, `" source="`...)
		b = appendHexID(b, e.From)
		b = append(b, `" target="`...)
		b = appendHexID(b, e.To)
		b = append(b, "\">\n"...)
		b = data(b, "e_label", string(e.Predicate))
		b = data(b, "e_predicate", string(e.Predicate))
		b = data(b, "e_seq", strconv.Itoa(e.Seq))
		if e.Prov.Article != 0 {
			b = data(b, "e_article", e.Prov.Article.String())
		}
		b = data(b, "e_confidence", formatFloat(e.Prov.Confidence))
		b = data(b, "e_spans", spansString(e.Prov.Spans))
		b = data(b, "e_text", e.Prov.Text)
		b = data(b, "e_extractor", e.Prov.Extractor)
		b = data(b, "e_version", e.Prov.Version)
		if !e.Prov.Ingested.IsZero() {
			b = data(b, "e_ingested", e.Prov.Ingested.Format(time.RFC3339Nano))
		}
		b = append(b, "    </edge>\n"...)
		s.Write(b)
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("  </graph>\n</graphml>\n")
	return s.err()
}
