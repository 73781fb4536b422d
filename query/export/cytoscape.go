package export

import (
	"context"
	"strconv"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// writeCytoscape writes Cytoscape.js JSON,
//
//	{"elements":{"nodes":[{"data":{"id","label","kind",...}}],
//	             "edges":[{"data":{"id","source","target","label",...}}]}}
//
// one element per line. The data fields follow Cytoscape's conventions
// (id, source, target, label); the rest are sourcetrace's own.
func writeCytoscape(ctx context.Context, s *sink, src Source) error {
	s.WriteString(`{"elements":{"nodes":[` + "\n")
	o := &jsonObj{b: make([]byte, 0, 1024)}
	first := true
	emit := func() {
		if !first {
			s.WriteString(",\n")
		}
		first = false
		s.Write(o.b)
	}
	err := src.Nodes(ctx, func(n graph.Node) error {
		o.b = append(o.b[:0], `{"data":{"id":"`...)
		o.b = appendHexID(o.b, n.ID)
		o.b = append(o.b, '"')
		o.key("label")
		o.b = appendJSONString(o.b, n.Name)
		o.str("kind", string(n.Kind))
		o.str("subkind", n.Subkind)
		o.strs("aliases", n.Aliases)
		o.strs("roles", n.Roles)
		if len(n.Attrs) > 0 {
			o.key("attrs")
			o.b = append(o.b, '{')
			for _, k := range sortedKeys(n.Attrs) {
				o.key(k)
				o.b = appendJSONString(o.b, n.Attrs[k])
			}
			o.b = append(o.b, '}')
		}
		o.b = append(o.b, "}}"...)
		emit()
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("\n" + `],"edges":[` + "\n")
	first = true
	err = src.Edges(ctx, func(e graph.Edge) error {
		o.b = append(o.b[:0], `{"data":{"id":"`...)
		o.b = appendEdgeID(o.b, e)
		o.b = append(o.b, `","source":"`...)
		o.b = appendHexID(o.b, e.From)
		o.b = append(o.b, `","target":"`...)
		o.b = appendHexID(o.b, e.To)
		o.b = append(o.b, '"')
		o.str("label", string(e.Predicate))
		o.key("seq")
		o.b = strconv.AppendInt(o.b, int64(e.Seq), 10)
		if e.Prov.Article != 0 {
			o.key("article")
			o.b = append(o.b, '"')
			o.b = appendHexID(o.b, e.Prov.Article)
			o.b = append(o.b, '"')
		}
		o.key("confidence")
		o.b = strconv.AppendFloat(o.b, e.Prov.Confidence, 'g', -1, 64)
		if len(e.Prov.Spans) > 0 {
			o.key("spans")
			o.b = append(o.b, '[')
			for i, sp := range e.Prov.Spans {
				if i > 0 {
					o.b = append(o.b, ',')
				}
				o.b = append(o.b, `{"start":`...)
				o.b = strconv.AppendInt(o.b, int64(sp.Start), 10)
				o.b = append(o.b, `,"end":`...)
				o.b = strconv.AppendInt(o.b, int64(sp.End), 10)
				o.b = append(o.b, '}')
			}
			o.b = append(o.b, ']')
		}
		o.str("text", e.Prov.Text)
		o.str("extractor", e.Prov.Extractor)
		o.str("version", e.Prov.Version)
		if !e.Prov.Ingested.IsZero() {
			o.key("ingested")
			o.b = append(o.b, '"')
			o.b = e.Prov.Ingested.AppendFormat(o.b, time.RFC3339Nano)
			o.b = append(o.b, '"')
		}
		o.b = append(o.b, "}}"...)
		emit()
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("\n]}}\n")
	return s.err()
}
