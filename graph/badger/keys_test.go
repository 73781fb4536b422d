package badger

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

// FuzzKeyRoundTrip encodes every key kind from arbitrary fields and decodes
// it back; then it feeds the raw bytes to every decoder, which must either
// refuse them or decode something that re-encodes to the same bytes.
func FuzzKeyRoundTrip(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint64(3), uint8(0), "zoe muller", "person", []byte("f"))
	f.Fuzz(func(t *testing.T, from, to, article uint64, pred uint8, name, kind string, raw []byte) {
		pred %= uint8(len(graph.Predicates))
		k := edgeKey{From: graph.ID(from), To: graph.ID(to), Pred: pred, Article: graph.ID(article)}
		for tag, enc := range map[byte][]byte{tagFwd: fwdKey(k), tagRev: revKey(k), tagArticle: articleKey(k)} {
			if len(enc) != edgeKeyLen || enc[0] != tag {
				t.Fatalf("%c key %x: bad shape", tag, enc)
			}
			got, err := parseEdgeKey(enc)
			if err != nil || got != k {
				t.Fatalf("%c key round trip: %+v, %v; want %+v", tag, got, err, k)
			}
		}
		if id, err := parseNodeKey(nodeKey(k.From)); err != nil || id != k.From {
			t.Fatalf("node key round trip: %s, %v", id, err)
		}
		// Names and kinds never hold 0x00 (see keys.go); the store only
		// writes normalised names, which cannot.
		if !strings.Contains(name, "\x00") {
			if n, id, err := parseNameKey(nameKey(name, k.To)); err != nil || n != name || id != k.To {
				t.Fatalf("name key round trip: %q %s, %v", n, id, err)
			}
			if !bytes.HasPrefix(nameKey(name, k.To), namePrefix(name, true)) ||
				!bytes.HasPrefix(nameKey(name, k.To), namePrefix("", false)) {
				t.Fatal("name key lacks its prefixes")
			}
		}
		if !strings.Contains(kind, "\x00") {
			if kk, id, err := parseKindKey(kindKey(graph.Kind(kind), k.To)); err != nil || string(kk) != kind || id != k.To {
				t.Fatalf("kind key round trip: %q %s, %v", kk, id, err)
			}
		}

		// Arbitrary bytes: no panic, and whatever decodes re-encodes exactly.
		if ek, err := parseEdgeKey(raw); err == nil {
			var re []byte
			switch raw[0] {
			case tagFwd:
				re = fwdKey(ek)
			case tagRev:
				re = revKey(ek)
			case tagArticle:
				re = articleKey(ek)
			}
			if !bytes.Equal(re, raw) {
				t.Fatalf("edge key %x decodes to %+v, which encodes to %x", raw, ek, re)
			}
		}
		if id, err := parseNodeKey(raw); err == nil && !bytes.Equal(nodeKey(id), raw) {
			t.Fatalf("node key %x re-encodes differently", raw)
		}
		if n, id, err := parseNameKey(raw); err == nil && !bytes.Equal(nameKey(n, id), raw) {
			t.Fatalf("name key %x re-encodes differently", raw)
		}
		if kk, id, err := parseKindKey(raw); err == nil && !bytes.Equal(kindKey(kk, id), raw) {
			t.Fatalf("kind key %x re-encodes differently", raw)
		}
	})
}

// TestKeyOrder checks the property the store's result orders rest on: key
// byte order is the documented order.
func TestKeyOrder(t *testing.T) {
	ordered := [][]byte{
		fwdKey(edgeKey{From: 1, Pred: 0, To: 9, Article: 9}),
		fwdKey(edgeKey{From: 1, Pred: 1, To: 2, Article: 1}),
		fwdKey(edgeKey{From: 1, Pred: 1, To: 2, Article: 2}),
		fwdKey(edgeKey{From: 1, Pred: 1, To: 1 << 40, Article: 0}),
		fwdKey(edgeKey{From: 2, Pred: 0, To: 1, Article: 1}),
	}
	for i := 1; i < len(ordered); i++ {
		if bytes.Compare(ordered[i-1], ordered[i]) >= 0 {
			t.Errorf("forward key %d does not sort before key %d", i-1, i)
		}
	}
	names := [][]byte{nameKey("abc", 5), nameKey("abc", 6), nameKey("abcd", 1), nameKey("abd", 0)}
	for i := 1; i < len(names); i++ {
		if bytes.Compare(names[i-1], names[i]) >= 0 {
			t.Errorf("name key %d does not sort before key %d", i-1, i)
		}
	}
}

func TestParseKeyErrors(t *testing.T) {
	for name, k := range map[string][]byte{
		"empty":          {},
		"short edge":     []byte("f1234"),
		"unknown tag":    append([]byte{'x'}, make([]byte, edgeKeyLen-1)...),
		"predicate high": func() []byte { b := fwdKey(edgeKey{From: 1, To: 2}); b[9] = 200; return b }(),
	} {
		if _, err := parseEdgeKey(k); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	for name, k := range map[string][]byte{
		"no terminator": append([]byte("mabc"), make([]byte, idLen)...),
		"inner zero":    nameKey("a\x00b", 1),
		"wrong tag":     kindKey("person", 1),
		"too short":     []byte("m\x00"),
	} {
		if _, _, err := parseNameKey(k); err == nil {
			t.Errorf("name key %s: parsed", name)
		}
	}
}
