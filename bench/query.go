package bench

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/export"
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

// measure calls fn for i in [0, n) and summarises its latency; an error
// other than ErrLimit stops it.
func measure(ctx context.Context, name string, n int, fn func(ctx context.Context, i int) error) (Latency, error) {
	l := Latency{Query: name, N: n}
	ds := make([]time.Duration, 0, n)
	for i := range n {
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
	return out, nil
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
}

// Export writes the whole graph of r as N-Quads to io.Discard.
func Export(ctx context.Context, r graph.Reader) (ExportResult, error) {
	resetPeakRSS()
	start := time.Now()
	st, err := export.Write(ctx, io.Discard, export.NQuads, export.All(r), export.Options{})
	if err != nil {
		return ExportResult{}, err
	}
	secs := time.Since(start).Seconds()
	return ExportResult{Format: string(export.NQuads), Nodes: st.Nodes, Edges: st.Edges, MiB: float64(st.Bytes) / (1 << 20),
		Seconds: secs, EdgesPerS: float64(st.Edges) / secs, PeakRSSMiB: peakRSSMiB()}, nil
}
