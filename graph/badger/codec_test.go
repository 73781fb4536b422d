package badger

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// FuzzNodeValue round-trips a node built from arbitrary fields.
func FuzzNodeValue(f *testing.F) {
	f.Add("person", "", "Zoë Müller", "Z. Müller", "adviser", "nationality", "German")
	f.Fuzz(func(t *testing.T, kind, sub, name, alias, role, key, val string) {
		n := graph.Node{ID: 77, Kind: graph.Kind(kind), Subkind: sub, Name: name}
		if alias != "" {
			n.Aliases = []string{alias, alias + "2"}
		}
		if role != "" {
			n.Roles = []string{role}
		}
		if key != "" || val != "" {
			n.Attrs = map[string]string{key: val, key + "x": ""}
		}
		b := encodeNode(&n)
		got, err := decodeNode(77, b)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if !reflect.DeepEqual(got, n) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, n)
		}
		if !bytes.Equal(encodeNode(&got), b) {
			t.Fatal("encoding is not deterministic")
		}
	})
}

// FuzzEdgeValue round-trips an edge built from arbitrary fields.
func FuzzEdgeValue(f *testing.F) {
	f.Add(3, 10, 25, "according to", "rules", "1.0", 0.875, int64(1773480413), int64(589793000))
	f.Fuzz(func(t *testing.T, seq, start, end int, text, extractor, version string, conf float64, sec, nsec int64) {
		k := edgeKey{From: 1, To: 2, Pred: 1, Article: 3}
		e := graph.Edge{From: 1, To: 2, Predicate: graph.Via, Seq: seq, Prov: graph.Provenance{
			Article: 3, Text: text, Extractor: extractor, Version: version, Confidence: conf}}
		if start != 0 || end != 0 {
			e.Prov.Spans = []graph.Span{{Start: start, End: end}, {Start: end, End: start}}
		}
		if sec != 0 || nsec != 0 {
			e.Prov.Ingested = time.Unix(sec, nsec%1e9).UTC()
		}
		b := encodeEdge(&e)
		got, err := decodeEdge(k, b)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		// NaN never equals itself; compare its bits instead.
		if math.Float64bits(got.Prov.Confidence) != math.Float64bits(conf) {
			t.Fatalf("confidence %v, want %v", got.Prov.Confidence, conf)
		}
		got.Prov.Confidence, e.Prov.Confidence = 0, 0
		if !got.Prov.Ingested.Equal(e.Prov.Ingested) {
			t.Fatalf("ingested %v, want %v", got.Prov.Ingested, e.Prov.Ingested)
		}
		got.Prov.Ingested, e.Prov.Ingested = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, e)
		}
	})
}

// FuzzValueDecode feeds arbitrary bytes to both decoders: they must not
// panic, and what they accept must survive a further round trip. (Bytes
// need not be canonical: non-minimal varints or unsorted attributes decode
// leniently and re-encode canonically. The store only ever compares
// encodings it made itself.)
func FuzzValueDecode(f *testing.F) {
	n := graph.Node{ID: 1, Kind: graph.KindClaim, Name: "x", Attrs: map[string]string{"a": "b"}}
	f.Add(encodeNode(&n))
	e := graph.Edge{Seq: 1, Prov: graph.Provenance{Spans: []graph.Span{{Start: 1, End: 2}}, Ingested: time.Unix(5, 6)}}
	f.Add(encodeEdge(&e))
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, err := decodeNode(1, b); err == nil {
			n2, err := decodeNode(1, encodeNode(&n))
			if err != nil || !reflect.DeepEqual(n2, n) {
				t.Fatalf("node value %x decodes to %+v, which does not survive a second round trip: %+v, %v", b, n, n2, err)
			}
		}
		k := edgeKey{From: 1, To: 2, Pred: 0, Article: 3}
		if e, err := decodeEdge(k, b); err == nil {
			// Non-minimal varints decode but re-encode shorter, so only
			// check that the value survives a second round trip.
			e2, err := decodeEdge(k, encodeEdge(&e))
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			if math.Float64bits(e2.Prov.Confidence) != math.Float64bits(e.Prov.Confidence) ||
				!e2.Prov.Ingested.Equal(e.Prov.Ingested) || e2.Seq != e.Seq || !reflect.DeepEqual(e2.Prov.Spans, e.Prov.Spans) {
				t.Fatalf("edge value %x does not survive a second round trip: %+v vs %+v", b, e, e2)
			}
		}
	})
}

func TestDecodeErrors(t *testing.T) {
	n := graph.Node{ID: 1, Kind: graph.KindPerson, Name: "Anna", Aliases: []string{"A"}}
	good := encodeNode(&n)
	e := graph.Edge{Prov: graph.Provenance{Text: "t", Ingested: time.Unix(10, 0)}}
	goodEdge := encodeEdge(&e)
	for _, tc := range []struct {
		name string
		b    []byte
		edge bool
		want string
	}{
		{"empty node", nil, false, "offset 0: version: truncated"},
		{"node version", append([]byte{9}, good[1:]...), false, "unknown value version 9"},
		{"node truncated", good[:len(good)-1], false, "truncated"},
		{"node trailing", append(bytes.Clone(good), 0), false, "1 trailing bytes"},
		{"node huge count", []byte{1, 0, 0, 0, 0xff, 0xff, 0x03}, false, "exceeds"},
		{"edge version", append([]byte{2}, goodEdge[1:]...), true, "unknown value version 2"},
		{"edge truncated", goodEdge[:len(goodEdge)-3], true, "truncated"},
		{"edge time flag", append(bytes.Clone(goodEdge[:len(goodEdge)-3]), 7), true, "time flag"},
	} {
		var err error
		if tc.edge {
			_, err = decodeEdge(edgeKey{From: 1, To: 2}, tc.b)
		} else {
			_, err = decodeNode(1, tc.b)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
