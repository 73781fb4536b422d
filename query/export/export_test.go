package export_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// write exports the fixture store in format f.
func write(t *testing.T, f export.Format, opts export.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	st, err := export.Write(context.Background(), &buf, f, export.All(newStore(t)), opts)
	if err != nil {
		t.Fatalf("write %s: %v", f, err)
	}
	if st.Nodes != 10 || st.Edges != 13 || st.Bytes != int64(buf.Len()) {
		t.Errorf("write %s: stats %+v, want 10 nodes, 13 edges, %d bytes", f, st, buf.Len())
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, f := range export.Formats() {
		if f == export.CSV {
			continue // TestCSV checks its two golden files
		}
		t.Run(string(f), func(t *testing.T) {
			golden(t, "fixture-"+string(f)+f.Extension(), write(t, f, export.Options{}))
		})
	}
}

func TestGoldenDgraphSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteDQLSchema(&buf); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("schema.dql")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Error("WriteDQLSchema does not write schema.dql")
	}
}

func TestFormats(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range export.Formats() {
		got, err := export.ParseFormat(strings.ToUpper(string(f)))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
		if f != export.CSV && f.Extension() == "" {
			t.Errorf("%s: no extension", f)
		}
		if seen[string(f)] {
			t.Errorf("%s listed twice", f)
		}
		seen[string(f)] = true
	}
	if _, err := export.ParseFormat("xlsx"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("ParseFormat(xlsx): %v, want ErrInvalid", err)
	}
	if _, err := export.Write(context.Background(), &bytes.Buffer{}, export.CSV, export.Static(nil, nil), export.Options{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Write csv: %v, want ErrInvalid pointing to WriteCSV", err)
	}
	if _, err := export.Write(context.Background(), &bytes.Buffer{}, "xlsx", export.Static(nil, nil), export.Options{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("Write xlsx: %v, want ErrInvalid", err)
	}
}

func TestMaxBytes(t *testing.T) {
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			ctx := context.Background()
			src := export.All(newStore(t))
			full := int64(0)
			if f == export.CSV {
				st, _, err := export.WriteCSV(ctx, t.TempDir(), src, export.Options{})
				if err != nil {
					t.Fatal(err)
				}
				full = st.Bytes
			} else {
				st, err := export.Write(ctx, &bytes.Buffer{}, f, src, export.Options{})
				if err != nil {
					t.Fatal(err)
				}
				full = st.Bytes
			}
			for _, tc := range []struct {
				cap      int64
				fail     bool
				warnings int
			}{
				{full, false, 1},        // exactly fits: passes 80%, warns once
				{full*10 + 1, false, 0}, // far below: no warning
				{full - 1, true, -1},    // one byte over; a warning depends on chunking
				{full / 2, true, -1},
			} {
				var warns []string
				opts := export.Options{MaxBytes: tc.cap, Warn: func(s string) {
					if strings.Contains(s, "80%") {
						warns = append(warns, s)
					}
				}}
				var st export.Stats
				var err error
				var buf bytes.Buffer
				if f == export.CSV {
					st, _, err = export.WriteCSV(ctx, t.TempDir(), src, opts)
				} else {
					st, err = export.Write(ctx, &buf, f, src, opts)
				}
				if tc.fail {
					if !errors.Is(err, graph.ErrLimit) || !strings.Contains(err.Error(), "raise export.max_bytes") {
						t.Errorf("cap %d of %d: error %v, want ErrLimit with advice", tc.cap, full, err)
					}
				} else if err != nil {
					t.Errorf("cap %d of %d: %v", tc.cap, full, err)
				}
				if st.Bytes > tc.cap {
					t.Errorf("cap %d: wrote %d bytes", tc.cap, st.Bytes)
				}
				if f != export.CSV && int64(buf.Len()) != st.Bytes {
					t.Errorf("cap %d: stats say %d bytes, wrote %d", tc.cap, st.Bytes, buf.Len())
				}
				if len(warns) > 1 || (tc.warnings >= 0 && len(warns) != tc.warnings) {
					t.Errorf("cap %d of %d: %d 80%% warnings %q", tc.cap, full, len(warns), warns)
				}
			}
		})
	}
}

func TestStaticOrderAndDuplicates(t *testing.T) {
	f := newFixture()
	bs, loose := f.batches()
	var nodes []graph.Node
	var edges []graph.Edge
	for _, b := range bs {
		nodes = append(nodes, b.Article)
		nodes = append(nodes, b.Nodes...)
		edges = append(edges, b.Edges...)
	}
	edges = append(edges, loose...)
	// Reverse, and repeat an edge: Static must sort and keep one of each.
	for i, j := 0, len(edges)-1; i < j; i, j = i+1, j-1 {
		edges[i], edges[j] = edges[j], edges[i]
	}
	edges = append(edges, edges[0])
	var a, b bytes.Buffer
	ctx := context.Background()
	if _, err := export.Write(ctx, &a, export.NQuads, export.Static(nodes, edges), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Write(ctx, &b, export.NQuads, export.All(newStore(t)), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("Static export differs from the store's\n%s", firstDiff(b.String(), a.String()))
	}
}

func TestInvalidInput(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	for name, src := range map[string]export.Source{
		"bad kind":      export.Static([]graph.Node{{ID: 1, Kind: "planet", Name: "x"}}, nil),
		"bad predicate": export.Static([]graph.Node{f.speaker, f.claim}, []graph.Edge{{From: f.speaker.ID, To: f.claim.ID, Predicate: "said> <x"}}),
	} {
		for _, fm := range export.Formats() {
			var err error
			if fm == export.CSV {
				_, _, err = export.WriteCSV(ctx, t.TempDir(), src, export.Options{})
			} else {
				_, err = export.Write(ctx, &bytes.Buffer{}, fm, src, export.Options{})
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("%s, %s: %v, want ErrInvalid", name, fm, err)
			}
		}
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range export.Formats() {
		var err error
		if f == export.CSV {
			_, _, err = export.WriteCSV(ctx, filepath.Join(t.TempDir(), "x"), export.All(newStore(t)), export.Options{})
		} else {
			_, err = export.Write(ctx, &bytes.Buffer{}, f, export.All(newStore(t)), export.Options{})
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", f, err)
		}
	}
}

// changingSource yields an attribute on the second pass over the nodes
// that the first did not have, as a store written to mid-export might.
type changingSource struct {
	export.Source
	passes int
}

func (c *changingSource) Nodes(ctx context.Context, fn func(graph.Node) error) error {
	c.passes++
	return c.Source.Nodes(ctx, func(n graph.Node) error {
		if c.passes > 1 {
			n.Attrs = map[string]string{"late": "x"}
		}
		return fn(n)
	})
}

func TestColumnsDeclaredBeforeUse(t *testing.T) {
	for _, f := range []export.Format{export.GraphML, export.GEXF} {
		var warns []string
		var buf bytes.Buffer
		src := &changingSource{Source: export.All(newStore(t))}
		if _, err := export.Write(context.Background(), &buf, f, src, export.Options{Warn: func(s string) { warns = append(warns, s) }}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), `"x"`) || len(warns) != 1 {
			t.Errorf("%s: undeclared attribute written, or warnings %q", f, warns)
		}
	}
}
