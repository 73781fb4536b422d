package badger

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Key layout. Every key starts with a one-byte tag; IDs are 8-byte
// big-endian so byte order is numeric order, and a predicate is one byte,
// its index in graph.Predicates (which is append-only for this reason).
//
//	!schema                               -> uint32 BE schema version
//	n | id                                -> node value (codec.go)
//	k | kind | 0x00 | id                  -> empty   kind index: ScanNodes(kind), Stats
//	m | normalised name | 0x00 | id       -> empty   name index: FindName exact and prefix
//	f | from | pred | to | article        -> edge value   forward adjacency
//	r | to | pred | from | article        -> edge value   reverse adjacency (same value)
//	a | article | from | pred | to        -> empty   edges an article wrote
//
// Why this shape:
//   - Edges(id, Out, preds...) is one prefix scan of f|id, re-seeked to
//     f|id|pred per wanted predicate; key order is exactly the documented
//     order (predicate, other endpoint, article). The reverse key mirrors
//     it for In. Both carry the value, so an In walk needs no second read.
//   - The article index lets a new version of an article delete exactly
//     the edges the old version wrote, and DeleteArticle do the same.
//     Edges of no article (article 0) are not indexed there.
//   - Names and kinds never contain 0x00 (NormalizeName keeps only letters,
//     digits and spaces; kinds are fixed words), so 0x00 ends them:
//     "abc\x00" sorts before "abcd\x00", giving ascending name order, then
//     ID, for both exact (m|name|0x00) and prefix (m|prefix) scans.
const (
	tagNode    = 'n'
	tagKind    = 'k'
	tagName    = 'm'
	tagFwd     = 'f'
	tagRev     = 'r'
	tagArticle = 'a'

	idLen      = 8
	edgeKeyLen = 1 + idLen + 1 + idLen + idLen // 26
)

var keySchema = []byte("!schema")

// edgeKey is an edge's identity: within one article (From, Predicate, To)
// is unique.
type edgeKey struct {
	From, To graph.ID
	Pred     uint8 // graph.Predicate.Index()
	Article  graph.ID
}

func (k edgeKey) String() string {
	p := fmt.Sprintf("pred#%d", k.Pred)
	if int(k.Pred) < len(graph.Predicates) {
		p = string(graph.Predicates[k.Pred])
	}
	return fmt.Sprintf("%s -%s-> %s (article %s)", k.From, p, k.To, k.Article)
}

func appendID(b []byte, id graph.ID) []byte { return binary.BigEndian.AppendUint64(b, uint64(id)) }

func readID(b []byte) graph.ID { return graph.ID(binary.BigEndian.Uint64(b)) }

func nodeKey(id graph.ID) []byte { return appendID(append(make([]byte, 0, 1+idLen), tagNode), id) }

func parseNodeKey(k []byte) (graph.ID, error) {
	if len(k) != 1+idLen || k[0] != tagNode {
		return 0, fmt.Errorf("node key %x: malformed", k)
	}
	return readID(k[1:]), nil
}

func kindPrefix(kind graph.Kind) []byte {
	b := make([]byte, 0, 2+len(kind)+idLen)
	return append(append(append(b, tagKind), kind...), 0)
}

func kindKey(kind graph.Kind, id graph.ID) []byte { return appendID(kindPrefix(kind), id) }

func parseKindKey(k []byte) (graph.Kind, graph.ID, error) {
	s, id, err := parseStringKey(k, tagKind)
	return graph.Kind(s), id, err
}

// namePrefix is the scan prefix for names starting with norm; add the 0x00
// terminator (exact=true) to match norm only.
func namePrefix(norm string, exact bool) []byte {
	b := append(append(make([]byte, 0, 2+len(norm)+idLen), tagName), norm...)
	if exact {
		b = append(b, 0)
	}
	return b
}

func nameKey(norm string, id graph.ID) []byte { return appendID(namePrefix(norm, true), id) }

func parseNameKey(k []byte) (string, graph.ID, error) { return parseStringKey(k, tagName) }

// parseStringKey splits tag | s | 0x00 | id.
func parseStringKey(k []byte, tag byte) (string, graph.ID, error) {
	if len(k) < 2+idLen || k[0] != tag || k[len(k)-idLen-1] != 0 {
		return "", 0, fmt.Errorf("%c key %x: malformed", tag, k)
	}
	s := k[1 : len(k)-idLen-1]
	if bytes.IndexByte(s, 0) >= 0 {
		return "", 0, fmt.Errorf("%c key %x: 0x00 inside the string", tag, k)
	}
	return string(s), readID(k[len(k)-idLen:]), nil
}

// adjPrefix is the scan prefix of a node's forward (tagFwd) or reverse
// (tagRev) adjacency.
func adjPrefix(tag byte, id graph.ID) []byte {
	return appendID(append(make([]byte, 0, edgeKeyLen), tag), id)
}

func fwdKey(k edgeKey) []byte {
	b := append(adjPrefix(tagFwd, k.From), k.Pred)
	return appendID(appendID(b, k.To), k.Article)
}

func revKey(k edgeKey) []byte {
	b := append(adjPrefix(tagRev, k.To), k.Pred)
	return appendID(appendID(b, k.From), k.Article)
}

func articlePrefix(article graph.ID) []byte { return adjPrefix(tagArticle, article) }

func articleKey(k edgeKey) []byte {
	b := appendID(articlePrefix(k.Article), k.From)
	return appendID(append(b, k.Pred), k.To)
}

// parseEdgeKey decodes a forward, reverse or article-index key.
func parseEdgeKey(k []byte) (edgeKey, error) {
	if len(k) != edgeKeyLen {
		return edgeKey{}, fmt.Errorf("edge key %x: length %d, want %d", k, len(k), edgeKeyLen)
	}
	var e edgeKey
	switch k[0] {
	case tagFwd:
		e = edgeKey{From: readID(k[1:]), Pred: k[9], To: readID(k[10:]), Article: readID(k[18:])}
	case tagRev:
		e = edgeKey{To: readID(k[1:]), Pred: k[9], From: readID(k[10:]), Article: readID(k[18:])}
	case tagArticle:
		e = edgeKey{Article: readID(k[1:]), From: readID(k[9:]), Pred: k[17], To: readID(k[18:])}
	default:
		return edgeKey{}, fmt.Errorf("edge key %x: tag %q", k, k[0])
	}
	if int(e.Pred) >= len(graph.Predicates) {
		return edgeKey{}, fmt.Errorf("edge key %x: predicate index %d out of range", k, e.Pred)
	}
	return e, nil
}
