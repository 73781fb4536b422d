package query

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// topN is how many entries the Stats rankings keep.
const topN = 10

// Count is a node and a number (claims made, claims carried, articles).
type Count struct {
	NodeRef
	N int `json:"n"`
}

// StatsReport is graph.Stats plus figures about sources and reports.
type StatsReport struct {
	graph.Stats
	// MultiReport counts claims contained in more than one article.
	MultiReport int `json:"claims_with_several_reports"`
	// Unresolved counts claims whose speaker could not be resolved.
	Unresolved int `json:"claims_by_unresolved_speakers"`
	// Anonymous counts claims by anonymous sources.
	Anonymous int `json:"claims_by_anonymous_sources"`
	// TopSpeakers ranks speakers by claims made.
	TopSpeakers []Count `json:"top_speakers"`
	// TopChannels ranks channels by claims carried (via edges).
	TopChannels []Count `json:"top_channels"`
	// TopOutlets ranks outlets by articles reported or published.
	TopOutlets []Count `json:"top_outlets"`
}

// Stats computes a StatsReport with one pass over the edges.
func Stats(ctx context.Context, r graph.Reader) (StatsReport, error) {
	st, err := r.Stats(ctx)
	if err != nil {
		return StatsReport{}, fmt.Errorf("stats: %w", err)
	}
	rep := StatsReport{Stats: st}
	reports := map[graph.ID]map[graph.ID]bool{} // claim -> articles
	said := map[graph.ID]map[graph.ID]bool{}    // speaker -> claims
	carried := map[graph.ID]map[graph.ID]bool{} // channel -> claims
	outlets := map[graph.ID]map[graph.ID]bool{} // outlet -> articles
	add := func(m map[graph.ID]map[graph.ID]bool, k, v graph.ID) {
		if m[k] == nil {
			m[k] = map[graph.ID]bool{}
		}
		m[k][v] = true
	}
	err = r.ScanEdges(ctx, func(e graph.Edge) error {
		switch e.Predicate {
		case graph.Contains:
			add(reports, e.To, e.From)
		case graph.Said:
			add(said, e.From, e.To)
		case graph.Via:
			add(carried, e.To, e.From)
		case graph.ReportedBy, graph.PublishedBy:
			add(outlets, e.To, e.From)
		}
		return nil
	})
	if err != nil {
		return StatsReport{}, fmt.Errorf("stats: %w", err)
	}
	for _, arts := range reports {
		if len(arts) > 1 {
			rep.MultiReport++
		}
	}
	w := newWalker(r)
	for id, claims := range said {
		n, err := w.node(ctx, id)
		if err != nil {
			return StatsReport{}, fmt.Errorf("stats: speaker %s: %w", id, err)
		}
		switch n.Kind {
		case graph.KindUnresolved:
			rep.Unresolved += len(claims)
		case graph.KindAnonymous:
			rep.Anonymous += len(claims)
		}
	}
	for _, t := range []struct {
		m   map[graph.ID]map[graph.ID]bool
		out *[]Count
	}{{said, &rep.TopSpeakers}, {carried, &rep.TopChannels}, {outlets, &rep.TopOutlets}} {
		if *t.out, err = w.top(ctx, t.m); err != nil {
			return StatsReport{}, fmt.Errorf("stats: %w", err)
		}
	}
	return rep, nil
}

// top ranks the keys of m by the size of their sets, largest first, ties
// by name then ID, keeping topN. Unresolved speakers are left out: each is
// one mention, not a source worth ranking.
func (w *walker) top(ctx context.Context, m map[graph.ID]map[graph.ID]bool) ([]Count, error) {
	counts := make([]Count, 0, len(m))
	for id, set := range m {
		n, err := w.node(ctx, id)
		if err != nil {
			return nil, err
		}
		if n.Kind == graph.KindUnresolved {
			continue
		}
		counts = append(counts, Count{NodeRef: nodeRef(n), N: len(set)})
	}
	slices.SortFunc(counts, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), compareFold(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	if len(counts) > topN {
		counts = counts[:topN]
	}
	return counts, nil
}

// WriteText prints the report for people.
func (rep StatsReport) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "nodes %d, edges %d\n", rep.Nodes, rep.Edges)
	for _, k := range graph.Kinds {
		if n := rep.ByKind[k]; n > 0 {
			fmt.Fprintf(bw, "  %-12s %d\n", k, n)
		}
	}
	for _, p := range graph.Predicates {
		if n := rep.ByPredicate[p]; n > 0 {
			fmt.Fprintf(bw, "  %-16s %d\n", p, n)
		}
	}
	fmt.Fprintf(bw, "claims with several reports: %d\n", rep.MultiReport)
	fmt.Fprintf(bw, "claims by anonymous sources: %d\n", rep.Anonymous)
	fmt.Fprintf(bw, "claims by unresolved speakers: %d\n", rep.Unresolved)
	for _, t := range []struct {
		title string
		list  []Count
	}{{"top speakers (claims made)", rep.TopSpeakers}, {"top channels (claims carried)", rep.TopChannels},
		{"top outlets (articles)", rep.TopOutlets}} {
		if len(t.list) == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s:\n", t.title)
		for _, c := range t.list {
			fmt.Fprintf(bw, "  %5d  %s\n", c.N, describe(Hop{Name: c.Name, Kind: c.Kind, Subkind: c.Subkind}))
		}
	}
	return bw.Flush()
}
