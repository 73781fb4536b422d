package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Source streams a graph or subgraph to an encoder: nodes first, then
// edges. Encoders that must declare attribute columns before the first node
// (GraphML, GEXF) call Nodes twice, so a Source must allow repeated
// iteration and give the same sequence each time.
type Source interface {
	Nodes(ctx context.Context, fn func(graph.Node) error) error
	Edges(ctx context.Context, fn func(graph.Edge) error) error
}

// All returns the whole graph of r as a Source, read with ScanNodes and
// ScanEdges so that exporting holds one node or edge at a time.
func All(r graph.Reader) Source { return readerSource{r} }

type readerSource struct{ r graph.Reader }

func (s readerSource) Nodes(ctx context.Context, fn func(graph.Node) error) error {
	return s.r.ScanNodes(ctx, "", fn)
}

func (s readerSource) Edges(ctx context.Context, fn func(graph.Edge) error) error {
	return s.r.ScanEdges(ctx, fn)
}

// Static returns a computed subgraph as a Source. Nodes are sorted by ID and
// edges by (From, predicate, To, article, Seq), the order a store scans in,
// so the same subgraph always exports to the same bytes. Repeated nodes and
// edges with the same export ID keep their last occurrence, as a store
// would; the slices themselves are not modified.
func Static(nodes []graph.Node, edges []graph.Edge) Source {
	ns := make([]graph.Node, 0, len(nodes))
	seen := make(map[graph.ID]int, len(nodes))
	for _, n := range nodes {
		if i, ok := seen[n.ID]; ok {
			ns[i] = n
			continue
		}
		seen[n.ID] = len(ns)
		ns = append(ns, n)
	}
	slices.SortFunc(ns, func(a, b graph.Node) int { return compareID(a.ID, b.ID) })

	es := make([]graph.Edge, 0, len(edges))
	eseen := make(map[string]int, len(edges))
	for _, e := range edges {
		id := EdgeID(e)
		if i, ok := eseen[id]; ok {
			es[i] = e
			continue
		}
		eseen[id] = len(es)
		es = append(es, e)
	}
	slices.SortFunc(es, compareEdges)
	return staticSource{ns, es}
}

func compareID(a, b graph.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareEdges(a, b graph.Edge) int {
	if c := compareID(a.From, b.From); c != 0 {
		return c
	}
	if c := a.Predicate.Index() - b.Predicate.Index(); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Predicate), string(b.Predicate)); c != 0 {
		return c
	}
	if c := compareID(a.To, b.To); c != 0 {
		return c
	}
	if c := compareID(a.Prov.Article, b.Prov.Article); c != 0 {
		return c
	}
	return a.Seq - b.Seq
}

type staticSource struct {
	nodes []graph.Node
	edges []graph.Edge
}

func (s staticSource) Nodes(ctx context.Context, fn func(graph.Node) error) error {
	for i, n := range s.nodes {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("static nodes: %w", err)
			}
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

func (s staticSource) Edges(ctx context.Context, fn func(graph.Edge) error) error {
	for i, e := range s.edges {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("static edges: %w", err)
			}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Format names an export format.
type Format string

// Export formats.
const (
	GraphML   Format = "graphml"
	GEXF      Format = "gexf"
	JSONLD    Format = "jsonld"
	NQuads    Format = "nquads"
	Dgraph    Format = "dgraph" // N-Quads in the dialect Dgraph's loaders accept; see doc.go
	CSV       Format = "csv"    // a directory of two files: use WriteCSV
	DOT       Format = "dot"
	Cytoscape Format = "cytoscape"
)

// Formats lists every format in a stable order.
func Formats() []Format {
	return []Format{GraphML, GEXF, JSONLD, NQuads, Dgraph, CSV, DOT, Cytoscape}
}

// ParseFormat returns the format named s (case-insensitive), or an error
// wrapping graph.ErrInvalid that lists the known ones.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Formats(), f) {
		return f, nil
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("export format %q: want one of %s: %w", s, strings.Join(names, ", "), graph.ErrInvalid)
}

// Extension returns the usual file name extension for f, with its dot.
func (f Format) Extension() string {
	switch f {
	case GraphML:
		return ".graphml"
	case GEXF:
		return ".gexf"
	case JSONLD:
		return ".jsonld"
	case NQuads, Dgraph:
		return ".nq"
	case DOT:
		return ".dot"
	case Cytoscape:
		return ".cyjs"
	}
	return ""
}

// Options tune an export.
type Options struct {
	// MaxBytes caps the output size; 0 means no cap. An export that would
	// pass it stops with an error wrapping graph.ErrLimit, having written
	// at most MaxBytes (a truncated file, to be discarded).
	MaxBytes int64
	// Warn, when set, receives warnings: once when the output passes 80%
	// of MaxBytes, and for values a format cannot represent exactly.
	Warn func(string)
}

// Stats counts what an export wrote.
type Stats struct {
	Nodes int   `json:"nodes"`
	Edges int   `json:"edges"`
	Bytes int64 `json:"bytes"`
}

// Write encodes src to w in format f. The output is streamed: memory use
// does not grow with the graph (JSON-LD keeps one bit per direct-quote claim;
// see doc.go). For CSV, which is two files, use WriteCSV.
func Write(ctx context.Context, w io.Writer, f Format, src Source, opts Options) (Stats, error) {
	if src == nil {
		return Stats{}, fmt.Errorf("export %s: nil source: %w", f, graph.ErrInvalid)
	}
	var enc func(context.Context, *sink, Source) error
	switch f {
	case GraphML:
		enc = writeGraphML
	case GEXF:
		enc = writeGEXF
	case JSONLD:
		enc = writeJSONLD
	case NQuads:
		enc = func(ctx context.Context, s *sink, src Source) error { return writeNQuads(ctx, s, src, false) }
	case Dgraph:
		enc = func(ctx context.Context, s *sink, src Source) error { return writeNQuads(ctx, s, src, true) }
	case DOT:
		enc = writeDOT
	case Cytoscape:
		enc = writeCytoscape
	case CSV:
		return Stats{}, fmt.Errorf("export csv: writes two files (nodes.csv, relationships.csv); use WriteCSV with a directory: %w", graph.ErrInvalid)
	default:
		_, err := ParseFormat(string(f))
		return Stats{}, fmt.Errorf("export: %w", err)
	}
	c := newCapper(w, opts)
	s := newSink(c, opts)
	err := enc(ctx, s, checked{src})
	if err == nil {
		err = s.flush()
	}
	st := Stats{Nodes: s.nodes, Edges: s.edges, Bytes: c.n}
	if err != nil {
		return st, fmt.Errorf("export %s: %w", f, err)
	}
	return st, nil
}

// checked validates what a Source yields, so no encoder has to cope with
// an unknown kind or predicate (which would make a malformed IRI) or a NaN
// confidence (which JSON cannot carry).
type checked struct{ src Source }

func (c checked) Nodes(ctx context.Context, fn func(graph.Node) error) error {
	return c.src.Nodes(ctx, func(n graph.Node) error {
		if err := n.Validate(); err != nil {
			return err
		}
		return fn(n)
	})
}

func (c checked) Edges(ctx context.Context, fn func(graph.Edge) error) error {
	return c.src.Edges(ctx, func(e graph.Edge) error {
		if err := e.Validate(); err != nil {
			return err
		}
		if math.IsNaN(e.Prov.Confidence) {
			return fmt.Errorf("edge %s: confidence NaN: %w", EdgeID(e), graph.ErrInvalid)
		}
		return fn(e)
	})
}

// capper counts bytes on their way to w and enforces Options.MaxBytes. It
// sits below the buffer, so the cap is checked per buffered chunk.
type capper struct {
	w      io.Writer
	n      int64
	max    int64
	warn   func(string)
	warned bool
}

func newCapper(w io.Writer, opts Options) *capper {
	return &capper{w: w, max: opts.MaxBytes, warn: opts.Warn}
}

func (c *capper) Write(p []byte) (int, error) {
	if c.max > 0 {
		if c.n+int64(len(p)) > c.max {
			return 0, fmt.Errorf("export stopped at %d bytes: over the cap of %d; narrow the query or raise export.max_bytes: %w",
				c.n, c.max, graph.ErrLimit)
		}
		if !c.warned && c.warn != nil && (c.n+int64(len(p)))*5 >= c.max*4 {
			c.warned = true
			c.warn(fmt.Sprintf("export has passed 80%% of its size cap (%d of %d bytes)", c.n+int64(len(p)), c.max))
		}
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sink is what encoders write to: a buffered writer that remembers the
// first error, so encoders can write freely and check once per record.
type sink struct {
	*bufio.Writer
	opts   Options
	nodes  int
	edges  int
	warned map[string]bool
}

func newSink(w io.Writer, opts Options) *sink {
	return &sink{Writer: bufio.NewWriterSize(w, 32<<10), opts: opts}
}

func (s *sink) flush() error { return s.Flush() }

// err reports the buffered writer's sticky error, if any.
func (s *sink) err() error {
	// A zero-length write returns the sticky error without side effects.
	_, err := s.Write(nil)
	return err
}

// warnOnce passes msg to Options.Warn the first time key is seen.
func (s *sink) warnOnce(key, msg string) {
	if s.opts.Warn == nil || s.warned[key] {
		return
	}
	if s.warned == nil {
		s.warned = make(map[string]bool)
	}
	s.warned[key] = true
	s.opts.Warn(msg)
}

// EdgeID is the stable, unique identifier every format gives an edge:
// from-predicate-to-article-seq. A store keeps (From, Predicate, To,
// article) unique, so parallel edges from different articles get different
// IDs; tools such as Gephi silently drop edges whose IDs repeat.
func EdgeID(e graph.Edge) string {
	b := make([]byte, 0, 72)
	return string(appendEdgeID(b, e))
}

func appendEdgeID(b []byte, e graph.Edge) []byte {
	b = appendHexID(b, e.From)
	b = append(b, '-')
	b = append(b, e.Predicate...)
	b = append(b, '-')
	b = appendHexID(b, e.To)
	b = append(b, '-')
	b = appendHexID(b, e.Prov.Article)
	b = append(b, '-')
	return strconv.AppendInt(b, int64(e.Seq), 10)
}

func appendHexID(b []byte, id graph.ID) []byte {
	const hex = "0123456789abcdef"
	for s := 60; s >= 0; s -= 4 {
		b = append(b, hex[(uint64(id)>>uint(s))&0xf])
	}
	return b
}

// spansString renders spans as "start-end start-end", the one-string form
// used where a format has no list type.
func spansString(spans []graph.Span) string {
	if len(spans) == 0 {
		return ""
	}
	var b []byte
	for i, sp := range spans {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(sp.End), 10)
	}
	return string(b)
}

// parseSpans reads the form spansString writes.
func parseSpans(s string) ([]graph.Span, error) {
	if s == "" {
		return nil, nil
	}
	fields := strings.Split(s, " ")
	out := make([]graph.Span, 0, len(fields))
	for _, f := range fields {
		a, b, ok := strings.Cut(f, "-")
		if !ok {
			return nil, fmt.Errorf("span %q: want start-end: %w", f, graph.ErrInvalid)
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("span %q: %w", f, graph.ErrInvalid)
		}
		out = append(out, graph.Span{Start: start, End: end})
	}
	return out, nil
}

// formatFloat gives the shortest form that parses back to the same value.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// sortedKeys returns m's keys in order, so attribute output is stable.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// label returns the display label for a node kind ("Person", "Claim").
func label(k graph.Kind) string {
	if k == "" {
		return "Node"
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

func sortStrings(s []string) { slices.Sort(s) }

func itoa(i int) string { return strconv.Itoa(i) }

var (
	_ Source = readerSource{}
	_ Source = staticSource{}
	_ Source = checked{}
)
