package export

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/graph/formats/rdf"

	"github.com/sourcetrace/sourcetrace/graph"
)

// maxLine bounds one N-Quads line; a claim's text is far shorter.
const maxLine = 16 << 20

// ReadNQuads imports what Write produced in the nquads or dgraph format
// into w, restoring nodes and edges exactly: it reads the reified edges
// (EdgeBase IRIs) and ignores the direct triples, which carry no
// provenance. Statements outside the sourcetrace vocabulary (rdf:type,
// dgraph.type, anything else) are skipped.
//
// Edges are grouped by article and written with one WriteArticle per
// article (so re-importing replaces rather than duplicates); edges without
// an article go through PutEdges; every node is written first with PutNode.
// The import holds the parsed graph in memory until it is written. An error
// names the line it was found on.
func ReadNQuads(ctx context.Context, r io.Reader, w graph.Writer) (Stats, error) {
	im := importer{nodes: make(map[graph.ID]*graph.Node), edges: make(map[string]*partialEdge)}
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	var line []byte
	for lineNo := 1; ; lineNo++ {
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return Stats{}, fmt.Errorf("read n-quads: line %d: %w", lineNo, err)
			}
		}
		var err error
		line, err = readLine(br, line[:0])
		if len(line) > 0 {
			im.lineNo = lineNo
			if perr := im.line(line); perr != nil {
				return Stats{}, fmt.Errorf("read n-quads: line %d: %w", lineNo, perr)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Stats{}, fmt.Errorf("read n-quads: line %d: %w", lineNo, err)
		}
	}
	st, err := im.write(ctx, w)
	st.Bytes = cr.n
	return st, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readLine reads one line without its line break into buf.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			return nil, fmt.Errorf("line longer than %d bytes: %w", maxLine, graph.ErrInvalid)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		return buf, err
	}
}

// partialEdge is an edge being assembled from its reification; set records
// which required fields were seen.
type partialEdge struct {
	e                      graph.Edge
	from, to, pred, seq, c bool
	line                   int
}

type importer struct {
	nodes     map[graph.ID]*graph.Node
	nodeOrder []graph.ID
	edges     map[string]*partialEdge
	edgeOrder []string
	lineNo    int
}

func (im *importer) line(raw []byte) error {
	text := string(bytes.TrimSpace(raw))
	if text == "" || text[0] == '#' {
		return nil
	}
	// dgraph.type is a relative IRI, which RDF parsers rightly refuse; it
	// only states the class, so skip it before parsing.
	if i := strings.IndexByte(text, '>'); text[0] == '<' && i > 0 && strings.HasPrefix(text[i+1:], " <dgraph.type> ") {
		return nil
	}
	st, err := rdf.ParseNQuad(text)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	if st == nil {
		return nil
	}
	pred, ok := iri(st.Predicate)
	if !ok {
		return fmt.Errorf("predicate %s: not an IRI: %w", st.Predicate.Value, graph.ErrInvalid)
	}
	local, ok := strings.CutPrefix(pred, Vocab)
	if !ok {
		return nil // rdf:type and foreign vocabularies
	}
	subj, ok := iri(st.Subject)
	if !ok {
		return fmt.Errorf("subject %s: want an IRI: %w", st.Subject.Value, graph.ErrInvalid)
	}
	if eid, ok := strings.CutPrefix(subj, EdgeBase); ok {
		return im.edgeProp(eid, local, st)
	}
	if hex, ok := strings.CutPrefix(subj, IDBase); ok {
		id, err := graph.ParseID(hex)
		if err != nil {
			return fmt.Errorf("subject %s: %w", st.Subject.Value, err)
		}
		return im.nodeProp(id, local, st)
	}
	return nil
}

// iri returns an IRI term's text; most need no unescaping, which saves
// Term.Parts' rune conversions on the bulk of an import.
func iri(t rdf.Term) (string, bool) {
	v := t.Value
	if len(v) >= 2 && v[0] == '<' && v[len(v)-1] == '>' && strings.IndexByte(v, '\\') < 0 {
		return v[1 : len(v)-1], true
	}
	text, _, kind, err := t.Parts()
	return text, err == nil && kind == rdf.IRI
}

// literal returns the object's text, checking its datatype.
func literal(st *rdf.Statement, want string) (string, error) {
	text, qual, kind, err := literalParts(st.Object)
	if err != nil {
		return "", fmt.Errorf("object %s: %w", st.Object.Value, err)
	}
	if kind != rdf.Literal {
		return "", fmt.Errorf("object %s: want a literal: %w", st.Object.Value, graph.ErrInvalid)
	}
	// A plain literal is an xsd:string in RDF 1.1.
	if qual == "" {
		qual = xsd + xsdString
	}
	if want != "" && qual != xsd+want {
		return "", fmt.Errorf("object %s: datatype %s, want xsd:%s: %w", st.Object.Value, qual, want, graph.ErrInvalid)
	}
	return text, nil
}

// literalParts is Term.Parts with a fast path for literals without
// escapes, the common case: after parsing, such a term is exactly
// "text" followed by nothing, ^^<datatype> or @lang.
func literalParts(t rdf.Term) (text, qual string, kind rdf.Kind, err error) {
	v := t.Value
	if len(v) >= 2 && v[0] == '"' && strings.IndexByte(v, '\\') < 0 {
		if end := strings.IndexByte(v[1:], '"') + 1; end > 0 {
			text, rest := v[1:end], v[end+1:]
			switch {
			case rest == "":
				return text, "", rdf.Literal, nil
			case strings.HasPrefix(rest, "^^<") && strings.HasSuffix(rest, ">"):
				return text, rest[3 : len(rest)-1], rdf.Literal, nil
			case strings.HasPrefix(rest, "@"):
				return text, rest, rdf.Literal, nil
			}
		}
	}
	return t.Parts()
}

// nodeRef returns the node ID the object names.
func nodeRef(st *rdf.Statement) (graph.ID, error) {
	text, isIRI := iri(st.Object)
	hex, ok := strings.CutPrefix(text, IDBase)
	if !isIRI || !ok {
		return 0, fmt.Errorf("object %s: want a node IRI under %s: %w", st.Object.Value, IDBase, graph.ErrInvalid)
	}
	id, err := graph.ParseID(hex)
	if err != nil {
		return 0, fmt.Errorf("object %s: %w", st.Object.Value, err)
	}
	return id, nil
}

func (im *importer) node(id graph.ID) *graph.Node {
	n, ok := im.nodes[id]
	if !ok {
		n = &graph.Node{ID: id}
		im.nodes[id] = n
		im.nodeOrder = append(im.nodeOrder, id)
	}
	return n
}

func (im *importer) nodeProp(id graph.ID, local string, st *rdf.Statement) error {
	if graph.Predicate(local).Valid() {
		return nil // a direct edge triple; the reification carries the edge
	}
	if key, ok := strings.CutPrefix(local, "attr/"); ok {
		k, err := url.PathUnescape(key)
		if err != nil {
			return fmt.Errorf("attribute predicate %s: %w", st.Predicate.Value, graph.ErrInvalid)
		}
		v, err := literal(st, "")
		if err != nil {
			return err
		}
		n := im.node(id)
		if n.Attrs == nil {
			n.Attrs = make(map[string]string)
		}
		n.Attrs[k] = v
		return nil
	}
	v, err := literal(st, xsdString)
	if err != nil {
		return fmt.Errorf("%s: %w", local, err)
	}
	n := im.node(id)
	switch local {
	case vKind:
		n.Kind = graph.Kind(v)
	case vSubkind:
		n.Subkind = v
	case vName:
		n.Name = v
	case vAlias:
		n.Aliases = append(n.Aliases, v)
	case vRole:
		n.Roles = append(n.Roles, v)
	default:
		return fmt.Errorf("unknown node property %s: %w", st.Predicate.Value, graph.ErrInvalid)
	}
	return nil
}

func (im *importer) edgeProp(eid, local string, st *rdf.Statement) error {
	pe, ok := im.edges[eid]
	if !ok {
		pe = &partialEdge{line: im.lineNo}
		im.edges[eid] = pe
		im.edgeOrder = append(im.edgeOrder, eid)
	}
	e := &pe.e
	var err error
	switch local {
	case vFrom:
		e.From, err = nodeRef(st)
		pe.from = true
	case vTo:
		e.To, err = nodeRef(st)
		pe.to = true
	case vArticle:
		e.Prov.Article, err = nodeRef(st)
	case vPredicate:
		var v string
		if v, err = literal(st, xsdString); err == nil {
			e.Predicate = graph.Predicate(v)
			pe.pred = true
		}
	case vSeq:
		var v string
		if v, err = literal(st, xsdInteger); err == nil {
			e.Seq, err = strconv.Atoi(v)
			pe.seq = true
		}
	case vSpans:
		var v string
		if v, err = literal(st, xsdString); err == nil {
			e.Prov.Spans, err = parseSpans(v)
		}
	case vText:
		e.Prov.Text, err = literal(st, xsdString)
	case vExtractor:
		e.Prov.Extractor, err = literal(st, xsdString)
	case vVersion:
		e.Prov.Version, err = literal(st, xsdString)
	case vConfidence:
		var v string
		if v, err = literal(st, xsdDouble); err == nil {
			e.Prov.Confidence, err = strconv.ParseFloat(v, 64)
			pe.c = true
		}
	case vIngested:
		var v string
		if v, err = literal(st, xsdDateTime); err == nil {
			e.Prov.Ingested, err = time.Parse(time.RFC3339Nano, v)
		}
	default:
		return fmt.Errorf("unknown edge property %s: %w", st.Predicate.Value, graph.ErrInvalid)
	}
	if err != nil {
		return fmt.Errorf("edge %s %s: %w", eid, local, err)
	}
	return nil
}

// write checks the assembled graph and writes it to w.
func (im *importer) write(ctx context.Context, w graph.Writer) (Stats, error) {
	var st Stats
	for _, id := range im.nodeOrder {
		n := im.nodes[id]
		if err := n.Validate(); err != nil {
			return st, fmt.Errorf("read n-quads: %w", err)
		}
	}
	byArticle := make(map[graph.ID][]graph.Edge)
	var loose []graph.Edge
	for _, eid := range im.edgeOrder {
		pe := im.edges[eid]
		if !(pe.from && pe.to && pe.pred && pe.seq && pe.c) {
			return st, fmt.Errorf("read n-quads: line %d: edge %s lacks one of from, to, predicate, seq, confidence: %w", pe.line, eid, graph.ErrInvalid)
		}
		if got := EdgeID(pe.e); got != eid {
			return st, fmt.Errorf("read n-quads: line %d: edge %s: its properties give id %s: %w", pe.line, eid, got, graph.ErrInvalid)
		}
		if err := pe.e.Validate(); err != nil {
			return st, fmt.Errorf("read n-quads: line %d: %w", pe.line, err)
		}
		if _, ok := im.nodes[pe.e.From]; !ok {
			return st, fmt.Errorf("read n-quads: line %d: edge %s: node %s not in the input: %w", pe.line, eid, pe.e.From, graph.ErrInvalid)
		}
		if _, ok := im.nodes[pe.e.To]; !ok {
			return st, fmt.Errorf("read n-quads: line %d: edge %s: node %s not in the input: %w", pe.line, eid, pe.e.To, graph.ErrInvalid)
		}
		if a := pe.e.Prov.Article; a != 0 {
			n, ok := im.nodes[a]
			if !ok || n.Kind != graph.KindArticle {
				return st, fmt.Errorf("read n-quads: line %d: edge %s: article %s is not an article node of the input: %w", pe.line, eid, a, graph.ErrInvalid)
			}
			byArticle[a] = append(byArticle[a], pe.e)
		} else {
			loose = append(loose, pe.e)
		}
	}
	for _, id := range im.nodeOrder {
		if err := w.PutNode(ctx, *im.nodes[id]); err != nil {
			return st, fmt.Errorf("read n-quads: %w", err)
		}
		st.Nodes++
	}
	articles := make([]graph.ID, 0, len(byArticle))
	for a := range byArticle {
		articles = append(articles, a)
	}
	slices.Sort(articles)
	for _, a := range articles {
		b := &graph.Batch{Article: *im.nodes[a], Edges: byArticle[a]}
		if err := w.WriteArticle(ctx, b); err != nil {
			return st, fmt.Errorf("read n-quads: %w", err)
		}
		st.Edges += len(b.Edges)
	}
	if len(loose) > 0 {
		if err := w.PutEdges(ctx, loose); err != nil {
			return st, fmt.Errorf("read n-quads: %w", err)
		}
		st.Edges += len(loose)
	}
	return st, nil
}
