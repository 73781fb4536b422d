package export_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// newsStore loads a generated news graph of about n edges into a mem store.
func newsStore(t testing.TB, n int) *mem.Store {
	t.Helper()
	s := mem.New()
	t.Cleanup(func() { s.Close() })
	bs := genNews(n)
	for i := range bs {
		if err := s.WriteArticle(context.Background(), &bs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestNewsGraphRoundTrip exports a generated news graph, with its many
// parallel edges, imports it into an empty store and exports again.
func TestNewsGraphRoundTrip(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 3_000
	}
	ctx := context.Background()
	src := newsStore(t, n)
	stats, _ := src.Stats(ctx)
	for _, f := range []export.Format{export.NQuads, export.Dgraph} {
		var first bytes.Buffer
		if _, err := export.Write(ctx, &first, f, export.All(src), export.Options{}); err != nil {
			t.Fatal(err)
		}
		dst := mem.New()
		st, err := export.ReadNQuads(ctx, bytes.NewReader(first.Bytes()), dst)
		if err != nil {
			t.Fatal(err)
		}
		if st.Nodes != stats.Nodes || st.Edges != stats.Edges {
			t.Errorf("%s: imported %+v, store has %d nodes, %d edges", f, st, stats.Nodes, stats.Edges)
		}
		if problems, err := dst.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("%s: imported store inconsistent: %v %v", f, problems, err)
		}
		var second bytes.Buffer
		if _, err := export.Write(ctx, &second, f, export.All(dst), export.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Errorf("%s: round trip differs\n%s", f, firstDiff(first.String(), second.String()))
		}
		dst.Close()
	}
	// Parallel edges keep distinct IDs in every format.
	for _, f := range []export.Format{export.GraphML, export.GEXF, export.DOT, export.Cytoscape} {
		var buf bytes.Buffer
		if _, err := export.Write(ctx, &buf, f, export.All(src), export.Options{}); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var key string
		switch f {
		case export.Cytoscape:
			key = `{"data":{"id":"`
		case export.DOT:
			key = `[id="`
		default:
			key = `<edge id="`
		}
		for _, part := range strings.Split(buf.String(), key)[1:] {
			id := part[:strings.IndexByte(part, '"')]
			if f == export.Cytoscape && !strings.Contains(id, "-") {
				continue // a node
			}
			if seen[id] {
				t.Fatalf("%s: edge id %s repeats", f, id)
			}
			seen[id] = true
		}
		if len(seen) != stats.Edges {
			t.Errorf("%s: %d edge ids, want %d", f, len(seen), stats.Edges)
		}
	}
}

// TestMaxBytesLargeExport checks the cap on an export larger than the
// write buffer: Warn fires once on passing 80%, then the export stops.
func TestMaxBytesLargeExport(t *testing.T) {
	ctx := context.Background()
	src := export.All(newsStore(t, 3_000))
	full, err := export.Write(ctx, &bytes.Buffer{}, export.GraphML, src, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	var buf bytes.Buffer
	st, err := export.Write(ctx, &buf, export.GraphML, src, export.Options{MaxBytes: full.Bytes * 9 / 10, Warn: func(s string) { warns = append(warns, s) }})
	if !errors.Is(err, graph.ErrLimit) {
		t.Fatalf("error %v, want ErrLimit", err)
	}
	if len(warns) != 1 {
		t.Errorf("warnings %q, want one", warns)
	}
	if st.Bytes > full.Bytes*9/10 || st.Bytes < full.Bytes*8/10 || int64(buf.Len()) != st.Bytes {
		t.Errorf("stopped at %d bytes (buffer %d) of %d", st.Bytes, buf.Len(), full.Bytes)
	}
	if want := "export stopped at"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
}
