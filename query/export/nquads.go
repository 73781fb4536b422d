package export

import (
	"context"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// IRIs of the N-Quads and JSON-LD output. Node IRIs are stable (the node
// ID), never blank nodes, so loads split over several runs join up.
const (
	// IDBase prefixes a node's hex ID to form its IRI.
	IDBase = "https://sourcetrace.dev/id/"
	// EdgeBase prefixes an EdgeID to form the IRI of a reified edge.
	EdgeBase = "https://sourcetrace.dev/id/edge/"
	// Vocab is the namespace of sourcetrace's predicates and classes.
	Vocab = "https://sourcetrace.dev/vocab/"
	// AttrVocab prefixes a node attribute key (path-escaped).
	AttrVocab = Vocab + "attr/"

	xsd     = "http://www.w3.org/2001/XMLSchema#"
	rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
)

// Vocabulary terms (local names under Vocab) of node and edge properties.
const (
	vKind       = "kind"
	vSubkind    = "subkind"
	vName       = "name"
	vAlias      = "alias"
	vRole       = "role_title" // not "role", which is an edge predicate
	vAssertion  = "Assertion"  // class of a reified edge
	vFrom       = "from"
	vTo         = "to"
	vPredicate  = "predicate"
	vSeq        = "seq"
	vArticle    = "article"
	vSpans      = "spans"
	vText       = "text"
	vExtractor  = "extractor"
	vVersion    = "version"
	vConfidence = "confidence"
	vIngested   = "ingested"
)

// Datatypes of literals.
const (
	xsdString   = "string"
	xsdInteger  = "integer"
	xsdDouble   = "double"
	xsdDateTime = "dateTime"
)

// NodeIRI returns the IRI a node gets in N-Quads and JSON-LD.
func NodeIRI(id graph.ID) string { return IDBase + id.String() }

// EdgeIRI returns the IRI of an edge's reification.
func EdgeIRI(e graph.Edge) string { return EdgeBase + EdgeID(e) }

// quadWriter writes N-Quads lines into a sink, reusing one buffer.
type quadWriter struct {
	s      *sink
	dgraph bool
	b      []byte
}

// iri appends <prefix+local>; prefix and local are IRI-safe by construction
// (hex IDs, predicate names, path-escaped attribute keys).
func appendIRI(b []byte, prefix, local string) []byte {
	b = append(b, '<')
	b = append(b, prefix...)
	b = append(b, local...)
	return append(b, '>')
}

func appendNodeIRI(b []byte, id graph.ID) []byte {
	b = append(b, '<')
	b = append(b, IDBase...)
	b = appendHexID(b, id)
	return append(b, '>')
}

func appendEdgeIRI(b []byte, e graph.Edge) []byte {
	b = append(b, '<')
	b = append(b, EdgeBase...)
	b = appendEdgeID(b, e)
	return append(b, '>')
}

// appendLiteral appends "text"^^<xsd:type>, escaping as N-Quads requires
// (quote, backslash, line breaks) plus other control characters, so every
// line stays one line and printable.
func appendLiteral(b []byte, text, typ string) []byte {
	b = append(b, '"')
	for i := 0; i < len(text); {
		c := text[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, `\uFFFD`...) // invalid UTF-8 cannot be represented
			} else {
				b = append(b, text[i:i+n]...)
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
			if c < 0x20 || c == 0x7f {
				const hex = "0123456789ABCDEF"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	b = append(b, `"^^<`...)
	b = append(b, xsd...)
	b = append(b, typ...)
	return append(b, '>')
}

// end finishes a quad: the graph label (unless Dgraph, which reads the
// fourth term as a namespace number) and the dot.
func (q *quadWriter) end(article graph.ID) {
	if article != 0 && !q.dgraph {
		q.b = append(q.b, ' ')
		q.b = appendNodeIRI(q.b, article)
	}
	q.b = append(q.b, " .\n"...)
	q.s.Write(q.b)
	q.b = q.b[:0]
}

func (q *quadWriter) subject(id graph.ID, pred string) {
	q.b = appendNodeIRI(q.b, id)
	q.b = append(q.b, ' ')
	q.b = appendIRI(q.b, Vocab, pred)
	q.b = append(q.b, ' ')
}

func (q *quadWriter) nodeLit(id graph.ID, pred, text, typ string) {
	q.subject(id, pred)
	q.b = appendLiteral(q.b, text, typ)
	q.end(0)
}

// typeTriple states a node's class: rdf:type in RDF, dgraph.type for Dgraph.
func (q *quadWriter) typeTriple(subject []byte, class string, article graph.ID) {
	q.b = append(q.b, subject...)
	if q.dgraph {
		q.b = append(q.b, ` <dgraph.type> "`...)
		q.b = append(q.b, class...)
		q.b = append(q.b, '"')
	} else {
		q.b = append(q.b, ' ')
		q.b = appendIRI(q.b, rdfType, "")
		q.b = append(q.b, ' ')
		q.b = appendIRI(q.b, Vocab, class)
	}
	q.end(article)
}

func (q *quadWriter) node(n graph.Node) {
	var subj [64]byte
	q.typeTriple(appendNodeIRI(subj[:0], n.ID), label(n.Kind), 0)
	q.nodeLit(n.ID, vKind, string(n.Kind), xsdString)
	if n.Subkind != "" {
		q.nodeLit(n.ID, vSubkind, n.Subkind, xsdString)
	}
	q.nodeLit(n.ID, vName, n.Name, xsdString)
	for _, a := range n.Aliases {
		q.nodeLit(n.ID, vAlias, a, xsdString)
	}
	for _, r := range n.Roles {
		q.nodeLit(n.ID, vRole, r, xsdString)
	}
	for _, k := range sortedKeys(n.Attrs) {
		v := n.Attrs[k]
		typ := xsdString
		if (k == graph.AttrPublished || k == graph.AttrRetrieved) && isDateTime(v) {
			typ = xsdDateTime
		}
		q.nodeLit(n.ID, "attr/"+url.PathEscape(k), v, typ)
	}
}

// isDateTime reports whether v is a valid xsd:dateTime (RFC 3339 with a
// time part), so it may be typed as one.
func isDateTime(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}

func (q *quadWriter) edgeLit(e graph.Edge, pred, text, typ string) {
	q.b = appendEdgeIRI(q.b, e)
	q.b = append(q.b, ' ')
	q.b = appendIRI(q.b, Vocab, pred)
	q.b = append(q.b, ' ')
	q.b = appendLiteral(q.b, text, typ)
	q.end(e.Prov.Article)
}

func (q *quadWriter) edgeRef(e graph.Edge, pred string, obj graph.ID) {
	q.b = appendEdgeIRI(q.b, e)
	q.b = append(q.b, ' ')
	q.b = appendIRI(q.b, Vocab, pred)
	q.b = append(q.b, ' ')
	q.b = appendNodeIRI(q.b, obj)
	q.end(e.Prov.Article)
}

// edge writes the direct triple (for querying) and the reified edge with
// its provenance (for the exact round trip).
func (q *quadWriter) edge(e graph.Edge) {
	q.b = appendNodeIRI(q.b, e.From)
	q.b = append(q.b, ' ')
	q.b = appendIRI(q.b, Vocab, string(e.Predicate))
	q.b = append(q.b, ' ')
	q.b = appendNodeIRI(q.b, e.To)
	q.end(e.Prov.Article)

	var subj [160]byte
	q.typeTriple(appendEdgeIRI(subj[:0], e), vAssertion, e.Prov.Article)
	q.edgeRef(e, vFrom, e.From)
	q.edgeRef(e, vTo, e.To)
	q.edgeLit(e, vPredicate, string(e.Predicate), xsdString)
	q.edgeLit(e, vSeq, strconv.Itoa(e.Seq), xsdInteger)
	if e.Prov.Article != 0 {
		q.edgeRef(e, vArticle, e.Prov.Article)
	}
	if len(e.Prov.Spans) > 0 {
		q.edgeLit(e, vSpans, spansString(e.Prov.Spans), xsdString)
	}
	if e.Prov.Text != "" {
		q.edgeLit(e, vText, e.Prov.Text, xsdString)
	}
	if e.Prov.Extractor != "" {
		q.edgeLit(e, vExtractor, e.Prov.Extractor, xsdString)
	}
	if e.Prov.Version != "" {
		q.edgeLit(e, vVersion, e.Prov.Version, xsdString)
	}
	q.edgeLit(e, vConfidence, formatFloat(e.Prov.Confidence), xsdDouble)
	if !e.Prov.Ingested.IsZero() {
		q.edgeLit(e, vIngested, e.Prov.Ingested.Format(time.RFC3339Nano), xsdDateTime)
	}
}

func writeNQuads(ctx context.Context, s *sink, src Source, dgraph bool) error {
	q := &quadWriter{s: s, dgraph: dgraph, b: make([]byte, 0, 512)}
	if err := src.Nodes(ctx, func(n graph.Node) error {
		q.node(n)
		s.nodes++
		return s.err()
	}); err != nil {
		return err
	}
	return src.Edges(ctx, func(e graph.Edge) error {
		q.edge(e)
		s.edges++
		return s.err()
	})
}
