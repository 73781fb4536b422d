package badger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Values are a compact binary encoding, versioned by their first byte so a
// later format can be read side by side with this one. What the key already
// says (node ID; edge endpoints, predicate and article) is not repeated.
//
//	node v1: 0x01 | str kind | str subkind | str name
//	         | uvarint n | n × str alias | uvarint n | n × str role
//	         | uvarint n | n × (str key | str value)   (keys sorted)
//	edge v1: 0x01 | varint seq | uvarint n | n × (varint start | varint end)
//	         | str text | str extractor | str version
//	         | 8-byte BE float64 confidence
//	         | 0x00 (zero time) or 0x01 | varint unix seconds | uvarint nanos
//
// str is uvarint length | UTF-8 bytes. Times come back in UTC.
const (
	nodeV1 = 1
	edgeV1 = 1
)

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrs(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

// encodeNode encodes everything of n but its ID.
func encodeNode(n *graph.Node) []byte {
	size := 16 + len(n.Kind) + len(n.Subkind) + len(n.Name)
	for _, s := range n.Aliases {
		size += 2 + len(s)
	}
	for _, s := range n.Roles {
		size += 2 + len(s)
	}
	for k, v := range n.Attrs {
		size += 4 + len(k) + len(v)
	}
	b := make([]byte, 0, size)
	b = append(b, nodeV1)
	b = appendStr(b, string(n.Kind))
	b = appendStr(b, n.Subkind)
	b = appendStr(b, n.Name)
	b = appendStrs(b, n.Aliases)
	b = appendStrs(b, n.Roles)
	b = binary.AppendUvarint(b, uint64(len(n.Attrs)))
	keys := make([]string, 0, len(n.Attrs))
	for k := range n.Attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic bytes: unchanged nodes need no write
	for _, k := range keys {
		b = appendStr(appendStr(b, k), n.Attrs[k])
	}
	return b
}

// encodeEdge encodes the parts of e its key does not hold.
func encodeEdge(e *graph.Edge) []byte {
	p := &e.Prov
	b := make([]byte, 0, 40+len(p.Text)+len(p.Extractor)+len(p.Version)+4*len(p.Spans))
	b = append(b, edgeV1)
	b = binary.AppendVarint(b, int64(e.Seq))
	b = binary.AppendUvarint(b, uint64(len(p.Spans)))
	for _, s := range p.Spans {
		b = binary.AppendVarint(binary.AppendVarint(b, int64(s.Start)), int64(s.End))
	}
	b = appendStr(b, p.Text)
	b = appendStr(b, p.Extractor)
	b = appendStr(b, p.Version)
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(p.Confidence))
	if p.Ingested.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, p.Ingested.Unix())
	return binary.AppendUvarint(b, uint64(p.Ingested.Nanosecond()))
}

// decoder reads a value, remembering the first error and where it struck.
type decoder struct {
	b   []byte
	off int
	err error
}

var errTruncated = errors.New("truncated")

func (d *decoder) fail(what string, err error) {
	if d.err == nil {
		d.err = fmt.Errorf("offset %d: %s: %w", d.off, what, err)
	}
}

func (d *decoder) byte(what string) byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.b) {
		d.fail(what, errTruncated)
		return 0
	}
	d.off++
	return d.b[d.off-1]
}

func (d *decoder) uvarint(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail(what, errTruncated)
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) varint(what string) int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail(what, errTruncated)
		return 0
	}
	d.off += n
	return v
}

// int reads a varint that must fit an int.
func (d *decoder) int(what string) int {
	v := d.varint(what)
	if v != int64(int(v)) {
		d.fail(what, errors.New("out of range"))
	}
	return int(v)
}

// count reads a slice length; each element takes at least min bytes, which
// bounds the count by what is left and keeps garbage from allocating much.
func (d *decoder) count(what string, min int) int {
	n := d.uvarint(what)
	if d.err == nil && n > uint64((len(d.b)-d.off)/min) {
		d.fail(what, fmt.Errorf("count %d exceeds the %d bytes left", n, len(d.b)-d.off))
		return 0
	}
	return int(n)
}

func (d *decoder) str(what string) string {
	n := d.uvarint(what)
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)-d.off) {
		d.fail(what, errTruncated)
		return ""
	}
	s := string(d.b[d.off : d.off+int(n)])
	d.off += int(n)
	return s
}

func (d *decoder) strs(what string) []string {
	n := d.count(what, 1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str(what)
	}
	return out
}

func (d *decoder) done() error {
	if d.err == nil && d.off != len(d.b) {
		d.err = fmt.Errorf("offset %d: %d trailing bytes", d.off, len(d.b)-d.off)
	}
	return d.err
}

// decodeNode decodes a node value stored under id.
func decodeNode(id graph.ID, b []byte) (graph.Node, error) {
	d := decoder{b: b}
	if v := d.byte("version"); d.err == nil && v != nodeV1 {
		return graph.Node{}, fmt.Errorf("decode node %s: unknown value version %d", id, v)
	}
	n := graph.Node{ID: id}
	n.Kind = graph.Kind(d.str("kind"))
	n.Subkind = d.str("subkind")
	n.Name = d.str("name")
	n.Aliases = d.strs("aliases")
	n.Roles = d.strs("roles")
	if c := d.count("attrs", 2); c > 0 {
		n.Attrs = make(map[string]string, c)
		for range c {
			k := d.str("attr key")
			n.Attrs[k] = d.str("attr value")
		}
	}
	if err := d.done(); err != nil {
		return graph.Node{}, fmt.Errorf("decode node %s: %w", id, err)
	}
	return n, nil
}

// decodeEdge decodes an edge value stored under k.
func decodeEdge(k edgeKey, b []byte) (graph.Edge, error) {
	d := decoder{b: b}
	if v := d.byte("version"); d.err == nil && v != edgeV1 {
		return graph.Edge{}, fmt.Errorf("decode edge %s: unknown value version %d", k, v)
	}
	e := graph.Edge{From: k.From, To: k.To, Predicate: graph.Predicates[k.Pred]}
	e.Prov.Article = k.Article
	e.Seq = d.int("seq")
	if c := d.count("spans", 2); c > 0 {
		e.Prov.Spans = make([]graph.Span, c)
		for i := range e.Prov.Spans {
			e.Prov.Spans[i] = graph.Span{Start: d.int("span start"), End: d.int("span end")}
		}
	}
	e.Prov.Text = d.str("text")
	e.Prov.Extractor = d.str("extractor")
	e.Prov.Version = d.str("version")
	if d.err == nil && len(d.b)-d.off < 8 {
		d.fail("confidence", errTruncated)
	}
	if d.err == nil {
		e.Prov.Confidence = math.Float64frombits(binary.BigEndian.Uint64(d.b[d.off:]))
		d.off += 8
	}
	switch flag := d.byte("time flag"); {
	case d.err != nil, flag == 0:
	case flag == 1:
		sec := d.varint("ingested seconds")
		nsec := d.uvarint("ingested nanoseconds")
		if d.err == nil && nsec >= 1e9 {
			d.fail("ingested nanoseconds", fmt.Errorf("%d out of range", nsec))
		}
		e.Prov.Ingested = time.Unix(sec, int64(nsec)).UTC()
	default:
		d.fail("time flag", fmt.Errorf("value %d", flag))
	}
	if err := d.done(); err != nil {
		return graph.Edge{}, fmt.Errorf("decode edge %s: %w", k, err)
	}
	return e, nil
}
