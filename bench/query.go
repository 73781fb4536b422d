package bench

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/export"
	"github.com/sourcetrace/sourcetrace/query/path"
	"github.com/sourcetrace/sourcetrace/query/search"
)

// Latency summarises one query's latency over many calls.
type Latency struct {
	Query string  `json:"query"`
	N     int     `json:"n"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
	// Limited counts calls that stopped at a query limit (ErrLimit),
	// timed like the rest.
	Limited int `json:"limited,omitempty"`
}

// QueryTime bounds the time spent on one latency figure: a slow query is
// measured over fewer calls (Latency.N says how many) rather than holding
// up the run.
var QueryTime = 30 * time.Second

// measure calls fn for i in [0, n) and summarises its latency; an error
// other than ErrLimit stops it.
func measure(ctx context.Context, name string, n int, fn func(ctx context.Context, i int) error) (Latency, error) {
	l := Latency{Query: name}
	ds := make([]time.Duration, 0, n)
	deadline := time.Now().Add(QueryTime)
	for i := range n {
		if i > 0 && time.Now().After(deadline) {
			break
		}
		l.N++
		start := time.Now()
		err := fn(ctx, i)
		ds = append(ds, time.Since(start))
		if errors.Is(err, graph.ErrLimit) {
			l.Limited++
		} else if err != nil {
			return l, err
		}
	}
	slices.Sort(ds)
	ms := func(q float64) float64 {
		if len(ds) == 0 {
			return 0
		}
		i := int(q * float64(len(ds)-1))
		return float64(ds[i].Microseconds()) / 1000
	}
	l.P50Ms, l.P99Ms, l.MaxMs = ms(0.5), ms(0.99), ms(1)
	return l, nil
}

// Queries measures chain, origins, name lookup and neighbourhood
// latency for n calls each over the sampled claims and names.
func Queries(ctx context.Context, r graph.Reader, claims []graph.ID, names []string, n int) ([]Latency, error) {
	var out []Latency
	if len(claims) == 0 {
		return nil, nil
	}
	pick := func(i int) graph.ID { return claims[(i*7919)%len(claims)] }
	l, err := measure(ctx, "chain", n, func(ctx context.Context, i int) error {
		_, err := query.Chains(ctx, r, pick(i))
		return err
	})
	if err != nil {
		return out, err
	}
	out = append(out, l)
	l, err = measure(ctx, "origins", n, func(ctx context.Context, i int) error {
		_, err := query.Origins(ctx, r, pick(i), query.ClusterOptions{})
		return err
	})
	if err != nil {
		return out, err
	}
	out = append(out, l)
	if len(names) > 0 {
		l, err = measure(ctx, "find_name_prefix", n, func(ctx context.Context, i int) error {
			name := names[(i*7919)%len(names)]
			if len(name) > 4 {
				name = name[:4]
			}
			_, err := r.FindName(ctx, name, true, 20)
			if errors.Is(err, graph.ErrInvalid) {
				return nil // a prefix that normalises to nothing
			}
			return err
		})
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	l, err = measure(ctx, "neighbourhood_depth2", n, func(ctx context.Context, i int) error {
		_, err := query.Neighbourhood(ctx, r, []graph.ID{pick(i)}, query.SubgraphOptions{Depth: 2, MaxResults: 500})
		return err
	})
	if err != nil {
		return out, err
	}
	out = append(out, l)
	// Path: three shortest undirected paths of up to six edges (the
	// path command's default) from a claim's speaker to an article
	// reporting it, the way a reader asks "how did this get here".
	type pair struct{ from, to graph.ID }
	var pairs []pair
	for i := 0; i < len(claims) && len(pairs) < n; i++ {
		said, err1 := r.Edges(ctx, claims[i], graph.In, graph.Said)
		contains, err2 := r.Edges(ctx, claims[i], graph.In, graph.Contains)
		if err := errors.Join(err1, err2); err != nil {
			return out, err
		}
		if len(said) > 0 && len(contains) > 0 {
			pairs = append(pairs, pair{said[0].From, contains[len(contains)-1].From})
		}
	}
	if len(pairs) > 0 {
		l, err = measure(ctx, "path_kshortest", n, func(ctx context.Context, i int) error {
			p := pairs[i%len(pairs)]
			_, err := path.KShortest(ctx, r, p.from, p.to, 3, path.ShortestOptions{MaxDepth: 6, Undirected: true})
			return err
		})
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	return out, nil
}

// IndexResult is building the full-text claim index of the large graph.
type IndexResult struct {
	Claims      int     `json:"claims"`
	Seconds     float64 `json:"seconds"`
	ClaimsPerS  float64 `json:"claims_per_s"`
	PeakRSSMiB  float64 `json:"peak_rss_mib"`
	PeakAnonMiB float64 `json:"peak_anon_mib"`
	IndexMiB    float64 `json:"index_mib"`
}

// BuildIndex creates the search index of r's claims under dir.
func BuildIndex(ctx context.Context, r graph.Reader, dir string) (*search.Index, IndexResult, error) {
	resetPeakRSS()
	anon := sampleAnon()
	start := time.Now()
	ix, err := search.Create(dir)
	if err != nil {
		anon.Stop()
		return nil, IndexResult{}, err
	}
	st, err := ix.Sync(ctx, r, nil)
	if err != nil {
		anon.Stop()
		ix.Close()
		return nil, IndexResult{}, err
	}
	secs := time.Since(start).Seconds()
	res := IndexResult{Claims: st.Indexed, Seconds: secs, ClaimsPerS: float64(st.Indexed) / secs,
		PeakRSSMiB: peakRSSMiB(), PeakAnonMiB: anon.Stop(), IndexMiB: dirMiB(dir)}
	return ix, res, nil
}

// Search measures full-text claim search: two words of a sampled claim's
// content, the speaker filter left empty.
func Search(ctx context.Context, ix *search.Index, r graph.Reader, claims []graph.ID, n int) (Latency, error) {
	var words []string
	for i := 0; i < len(claims) && len(words) < n; i++ {
		c, err := r.Node(ctx, claims[i])
		if err != nil {
			return Latency{}, err
		}
		if w := longWords(c.Name, 2); w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return Latency{Query: "search"}, nil
	}
	return measure(ctx, "search", n, func(ctx context.Context, i int) error {
		_, err := ix.Search(ctx, r, search.Query{Words: words[i%len(words)]})
		return err
	})
}

// longWords returns the k longest words of s, joined by a space.
func longWords(s string, k int) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	slices.SortStableFunc(f, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(f[:min(k, len(f))], " ")
}

// ExportResult is a whole-graph export streamed to nowhere.
type ExportResult struct {
	Format     string  `json:"format"`
	Nodes      int     `json:"nodes"`
	Edges      int     `json:"edges"`
	MiB        float64 `json:"mib"`
	Seconds    float64 `json:"seconds"`
	EdgesPerS  float64 `json:"edges_per_s"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// PeakAnonMiB leaves out the store's memory-mapped files, which an
	// export reads through once: the memory the export itself holds.
	PeakAnonMiB float64 `json:"peak_anon_mib"`
}

// Export writes the whole graph of r as N-Quads to io.Discard.
func Export(ctx context.Context, r graph.Reader) (ExportResult, error) {
	resetPeakRSS()
	anon := sampleAnon()
	start := time.Now()
	st, err := export.Write(ctx, io.Discard, export.NQuads, export.All(r), export.Options{})
	if err != nil {
		anon.Stop()
		return ExportResult{}, err
	}
	secs := time.Since(start).Seconds()
	peakAnon := anon.Stop()
	return ExportResult{PeakAnonMiB: peakAnon, Format: string(export.NQuads), Nodes: st.Nodes, Edges: st.Edges, MiB: float64(st.Bytes) / (1 << 20),
		Seconds: secs, EdgesPerS: float64(st.Edges) / secs, PeakRSSMiB: peakRSSMiB()}, nil
}
