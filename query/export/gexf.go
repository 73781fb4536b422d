package export

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// GEXF 1.2 attribute classes; ids are the titles, which GEXF allows and
// keeps the file readable. Lists are joined with "; " as in GraphML, since
// readers disagree on how liststring values are delimited.
var (
	gexfNodeCols = []column{
		{"kind", "kind", "string"},
		{"subkind", "subkind", "string"},
		{"aliases", "aliases", "string"},
		{"roles", "roles", "string"},
	}
	gexfEdgeCols = []column{
		{"predicate", "predicate", "string"},
		{"seq", "seq", "integer"},
		{"article", "article", "string"},
		{"confidence", "confidence", "double"},
		{"spans", "spans", "string"},
		{"text", "text", "string"},
		{"extractor", "extractor", "string"},
		{"version", "version", "string"},
		{"ingested", "ingested", "string"},
	}
)

func writeGEXF(ctx context.Context, s *sink, src Source) error {
	taken := make([]string, 0, len(gexfNodeCols))
	for _, c := range gexfNodeCols {
		taken = append(taken, c.name)
	}
	keys, names, err := nodeAttrColumns(ctx, src, taken)
	if err != nil {
		return err
	}
	b := make([]byte, 0, 1024)
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta>
    <creator>sourcetrace</creator>
    <description>source-reliability provenance graph</description>
  </meta>
  <graph mode="static" defaultedgetype="directed">
`...)
	attr := func(b []byte, c column) []byte {
		b = append(b, `      <attribute id="`...)
		b = appendXML(b, c.id)
		b = append(b, `" title="`...)
		b = appendXML(b, c.name)
		b = append(b, `" type="`...)
		b = append(b, c.typ...)
		return append(b, "\"/>\n"...)
	}
	b = append(b, "    <attributes class=\"node\" mode=\"static\">\n"...)
	for _, c := range gexfNodeCols {
		b = attr(b, c)
	}
	for _, k := range keys {
		b = attr(b, column{names[k], names[k], "string"})
	}
	b = append(b, "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n"...)
	for _, c := range gexfEdgeCols {
		b = attr(b, c)
	}
	b = append(b, "    </attributes>\n    <nodes>\n"...)
	s.Write(b)

	val := func(b []byte, id, v string) []byte {
		if v == "" {
			return b
		}
		b = append(b, `          <attvalue for="`...)
		b = appendXML(b, id)
		b = append(b, `" value="`...)
		b = appendXML(b, v)
		return append(b, "\"/>\n"...)
	}
	err = src.Nodes(ctx, func(n graph.Node) error {
		b = append(b[:0], `      <node id="`...)
		b = appendHexID(b, n.ID)
		b = append(b, `" label="`...)
		b = appendXML(b, n.Name)
		b = append(b, "\">\n        <attvalues>\n"...)
		b = val(b, "kind", string(n.Kind))
		b = val(b, "subkind", n.Subkind)
		b = val(b, "aliases", strings.Join(n.Aliases, listSep))
		b = val(b, "roles", strings.Join(n.Roles, listSep))
		for _, k := range sortedKeys(n.Attrs) {
			name, ok := names[k]
			if !ok { // the graph changed between the two passes
				s.warnOnce("undeclared:"+k, "gexf: attribute "+k+" appeared after the columns were declared; left out")
				continue
			}
			b = val(b, name, n.Attrs[k])
		}
		b = append(b, "        </attvalues>\n      </node>\n"...)
		s.Write(b)
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("    </nodes>\n    <edges>\n")
	err = src.Edges(ctx, func(e graph.Edge) error {
		b = append(b[:0], `      <edge id="`...)
		b = appendEdgeID(b, e)
		b = append(b, `" source="`...)
		b = appendHexID(b, e.From)
		b = append(b, `" target="`...)
		b = appendHexID(b, e.To)
		b = append(b, `" label="`...)
		b = appendXML(b, string(e.Predicate))
		b = append(b, "\">\n        <attvalues>\n"...)
		b = val(b, "predicate", string(e.Predicate))
		b = val(b, "seq", strconv.Itoa(e.Seq))
		if e.Prov.Article != 0 {
			b = val(b, "article", e.Prov.Article.String())
		}
		b = val(b, "confidence", formatFloat(e.Prov.Confidence))
		b = val(b, "spans", spansString(e.Prov.Spans))
		b = val(b, "text", e.Prov.Text)
		b = val(b, "extractor", e.Prov.Extractor)
		b = val(b, "version", e.Prov.Version)
		if !e.Prov.Ingested.IsZero() {
			b = val(b, "ingested", e.Prov.Ingested.Format(time.RFC3339Nano))
		}
		b = append(b, "        </attvalues>\n      </edge>\n"...)
		s.Write(b)
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return s.err()
}
