package export

import (
	"context"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// jsonldContext is inlined in every document: a remote context would make
// readers fetch it (and fail offline). "st:" is the same vocabulary as the
// N-Quads output, so both serialise to the same RDF predicates.
const jsonldContext = `{
  "prov": "http://www.w3.org/ns/prov#",
  "xsd": "http://www.w3.org/2001/XMLSchema#",
  "st": "` + Vocab + `",
  "st:seq": {"@type": "xsd:integer"},
  "st:start": {"@type": "xsd:integer"},
  "st:end": {"@type": "xsd:integer"},
  "st:confidence": {"@type": "xsd:double"},
  "st:ingested": {"@type": "xsd:dateTime"}
}`

// provTypes gives the PROV-O classes of a node kind. Works are both: a
// documentary is an entity claims derive from and an agent that says things.
func provTypes(k graph.Kind) []string {
	switch k {
	case graph.KindPerson:
		return []string{"prov:Agent", "prov:Person"}
	case graph.KindOrganisation, graph.KindOutlet:
		return []string{"prov:Agent", "prov:Organization"}
	case graph.KindGroup, graph.KindAnonymous, graph.KindUnresolved:
		return []string{"prov:Agent"}
	case graph.KindWork:
		return []string{"prov:Entity", "prov:Agent"}
	}
	return []string{"prov:Entity"}
}

// appendJSONString appends s as a JSON string (invalid UTF-8 becomes
// U+FFFD, as encoding/json does).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b = append(b, `\ufffd`...)
			case r == '\u2028' || r == '\u2029': // valid JSON, but not JavaScript
				b = append(b, `\u202`...)
				b = append(b, hex[r&0xf])
			default:
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
		case '\t':
			b = append(b, `\t`...)
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}

// jsonObj builds one JSON object in a reused buffer.
type jsonObj struct{ b []byte }

func (o *jsonObj) key(k string) {
	if c := o.b[len(o.b)-1]; c != '{' && c != '[' {
		o.b = append(o.b, ',')
	}
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':')
}

func (o *jsonObj) str(k, v string) {
	if v == "" {
		return
	}
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObj) ref(k string, id graph.ID) {
	o.key(k)
	o.b = append(o.b, `{"@id":"`...)
	o.b = append(o.b, IDBase...)
	o.b = appendHexID(o.b, id)
	o.b = append(o.b, `"}`...)
}

func (o *jsonObj) strs(k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	o.key(k)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendJSONString(o.b, v)
	}
	o.b = append(o.b, ']')
}

func (o *jsonObj) open(id string) {
	o.b = append(o.b[:0], `{"@id":`...)
	o.b = appendJSONString(o.b, id)
}

// provenance writes an edge's provenance into a qualification object.
func (o *jsonObj) provenance(e graph.Edge) {
	if e.Prov.Article != 0 {
		o.ref("st:article", e.Prov.Article)
	}
	o.key("st:seq")
	o.b = strconv.AppendInt(o.b, int64(e.Seq), 10)
	if len(e.Prov.Spans) > 0 {
		o.key("st:spans")
		o.b = append(o.b, '[')
		for i, sp := range e.Prov.Spans {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = append(o.b, `{"st:start":`...)
			o.b = strconv.AppendInt(o.b, int64(sp.Start), 10)
			o.b = append(o.b, `,"st:end":`...)
			o.b = strconv.AppendInt(o.b, int64(sp.End), 10)
			o.b = append(o.b, '}')
		}
		o.b = append(o.b, ']')
	}
	o.str("st:text", e.Prov.Text)
	o.str("st:extractor", e.Prov.Extractor)
	o.str("st:version", e.Prov.Version)
	o.key("st:confidence")
	o.b = strconv.AppendFloat(o.b, e.Prov.Confidence, 'g', -1, 64)
	if !e.Prov.Ingested.IsZero() {
		o.str("st:ingested", e.Prov.Ingested.Format(time.RFC3339Nano))
	}
	// The reified edge's IRI in the N-Quads export, to join the two.
	o.key("st:edge")
	o.b = append(o.b, `{"@id":"`...)
	o.b = append(o.b, EdgeBase...)
	o.b = appendEdgeID(o.b, e)
	o.b = append(o.b, `"}`...)
}

// writeJSONLD streams a JSON-LD document whose @graph holds one object per
// node, then one per edge. An edge's object is about its subject (the
// claim, usually) and adds PROV-O relations to it; JSON-LD merges objects
// with the same @id, so the graph streams without grouping.
//
//	said              claim prov:wasAttributedTo speaker, prov:hadPrimarySource speaker,
//	                  prov:wasQuotedFrom speaker (direct quotes), and
//	                  prov:qualifiedAttribution [prov:agent speaker; provenance]
//	via               claim prov:wasDerivedFrom channel, prov:qualifiedDerivation [...]
//	republished_from  article prov:wasDerivedFrom article, prov:qualifiedDerivation [...]
//	others            subject st:<predicate> object, st:qualifiedAssertion [...]
func writeJSONLD(ctx context.Context, s *sink, src Source) error {
	s.WriteString(`{"@context":` + jsonldContext + `,` + "\n" + `"@graph":[` + "\n")
	// Direct-quote claims, to emit prov:wasQuotedFrom when their said edge
	// comes by; the only state that grows with the graph.
	direct := make(map[graph.ID]struct{})
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
		if n.Kind == graph.KindClaim && n.Attrs[graph.AttrClaimKind] == "direct" {
			direct[n.ID] = struct{}{}
		}
		o.open(NodeIRI(n.ID))
		o.strs("@type", append(provTypes(n.Kind), "st:"+label(n.Kind)))
		o.str("st:name", n.Name)
		o.str("st:kind", string(n.Kind))
		o.str("st:subkind", n.Subkind)
		o.strs("st:alias", n.Aliases)
		o.strs("st:role_title", n.Roles)
		for _, k := range sortedKeys(n.Attrs) {
			o.str("st:attr/"+url.PathEscape(k), n.Attrs[k])
		}
		o.b = append(o.b, '}')
		emit()
		s.nodes++
		return s.err()
	})
	if err != nil {
		return err
	}
	err = src.Edges(ctx, func(e graph.Edge) error {
		switch e.Predicate {
		case graph.Said:
			o.open(NodeIRI(e.To))
			o.ref("prov:wasAttributedTo", e.From)
			o.ref("prov:hadPrimarySource", e.From)
			if _, ok := direct[e.To]; ok {
				o.ref("prov:wasQuotedFrom", e.From)
			}
			o.key("prov:qualifiedAttribution")
			o.b = append(o.b, `{"@type":"prov:Attribution"`...)
			o.ref("prov:agent", e.From)
		case graph.Via, graph.RepublishedFrom:
			o.open(NodeIRI(e.From))
			o.ref("prov:wasDerivedFrom", e.To)
			o.key("prov:qualifiedDerivation")
			o.b = append(o.b, `{"@type":"prov:Derivation"`...)
			o.ref("prov:entity", e.To)
			o.str("st:predicate", string(e.Predicate))
		default:
			o.open(NodeIRI(e.From))
			o.ref("st:"+string(e.Predicate), e.To)
			o.key("st:qualifiedAssertion")
			o.b = append(o.b, `{"@type":"st:Assertion"`...)
			o.str("st:predicate", string(e.Predicate))
			o.ref("st:object", e.To)
		}
		o.provenance(e)
		o.b = append(o.b, "}}"...)
		emit()
		s.edges++
		return s.err()
	})
	if err != nil {
		return err
	}
	s.WriteString("\n]}\n")
	return s.err()
}
