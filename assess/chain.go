package assess

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Hop is one node of a provenance chain.
type Hop struct {
	ID          graph.ID   `json:"id"`
	Name        string     `json:"name"`
	Kind        graph.Kind `json:"kind"`
	Role        string     `json:"role"`        // speaker or carrier
	Reliability float64    `json:"reliability"` // the source's score
	// Factor is what this hop contributes to the chain's reliability: the
	// speaker's reliability, or a carrier's fidelity 0.7+0.3·reliability.
	Factor float64 `json:"factor"`
}

// Chain is a path by which a claim reached its readers: speaker first,
// then every channel, agency and publisher.
type Chain struct {
	Claim       graph.ID `json:"claim"`
	Hops        []Hop    `json:"hops"`
	Reliability float64  `json:"reliability"` // product of the hop factors
	Cost        float64  `json:"cost"`        // −log(Reliability), the path length minimised
	// Articles whose report follows exactly this chain; empty when the best
	// route combines hops attested by different articles.
	Articles []graph.ID `json:"articles"`
}

// BestChain returns the most reliable chain of a claim in this result:
// the shortest path, under −log(hop factor), from the speaker through the
// hops its reports attest (each report's consecutive hops are edges) to
// any reader.
func (r *Result) BestChain(claim graph.ID) (*Chain, error) {
	cd, ok := r.m.claims[claim]
	if !ok {
		return nil, fmt.Errorf("best chain of %s: not a scored claim: %w", claim, graph.ErrNotFound)
	}
	return r.m.bestChain(cd)
}

// BestChain finds a claim's most reliable chain without a whole-graph
// pass: hop reliabilities are the scores a previous Assess stored (or the
// grades, priors and default).
func BestChain(ctx context.Context, r graph.Reader, claim graph.ID, opts Options) (*Chain, error) {
	opts.SkipRelations = true
	res, err := AssessClaims(ctx, r, []graph.ID{claim}, opts)
	if err != nil {
		return nil, err
	}
	return res.BestChain(claim)
}

const sink graph.ID = 0

func (m *model) bestChain(cd *claimData) (*Chain, error) {
	if len(cd.reports) == 0 {
		return nil, fmt.Errorf("best chain of %s: the claim has no reports: %w", cd.node.ID, graph.ErrNotFound)
	}
	weight := map[graph.ID]float64{}
	factor := map[graph.ID]float64{}
	next := map[graph.ID][]graph.ID{}
	starts := map[graph.ID]bool{}
	seq := func(rep report) []graph.ID {
		var s []graph.ID
		if rep.Speaker != 0 {
			s = append(s, rep.Speaker)
		}
		return append(s, rep.Hops...)
	}
	for _, rep := range cd.reports {
		s := seq(rep)
		if len(s) == 0 {
			continue
		}
		for i, id := range s {
			f := fidelity(m.rel(id))
			if i == 0 && rep.Speaker != 0 {
				f = m.rel(id)
			}
			if old, ok := factor[id]; !ok || f < old {
				// A node that is a speaker in one report and a carrier in
				// another is weighed at the stricter of the two.
				factor[id], weight[id] = f, -math.Log(f)
			}
			to := sink
			if i+1 < len(s) {
				to = s[i+1]
			}
			if !slices.Contains(next[id], to) {
				next[id] = append(next[id], to)
			}
		}
		starts[s[0]] = true
	}
	if len(starts) == 0 {
		return nil, fmt.Errorf("best chain of %s: no speaker or channel recorded: %w", cd.node.ID, graph.ErrNotFound)
	}
	// Dijkstra on node weights; the graph is a handful of nodes, so a
	// linear scan for the minimum is enough. Ties go to the lower ID so
	// the answer is deterministic.
	dist := map[graph.ID]float64{}
	prev := map[graph.ID]graph.ID{}
	done := map[graph.ID]bool{}
	for s := range starts {
		dist[s] = weight[s]
		prev[s] = sink
	}
	sinkDist, sinkPrev := math.Inf(1), graph.ID(0)
	for {
		u, best := graph.ID(0), math.Inf(1)
		for id, d := range dist {
			if !done[id] && (d < best || (d == best && id < u)) {
				u, best = id, d
			}
		}
		if math.IsInf(best, 1) {
			break
		}
		done[u] = true
		for _, v := range next[u] {
			if v == sink {
				if best < sinkDist || (best == sinkDist && u < sinkPrev) {
					sinkDist, sinkPrev = best, u
				}
				continue
			}
			if d := best + weight[v]; !done[v] {
				if old, ok := dist[v]; !ok || d < old || (d == old && u < prev[v]) {
					dist[v], prev[v] = d, u
				}
			}
		}
	}
	if math.IsInf(sinkDist, 1) {
		return nil, fmt.Errorf("best chain of %s: no complete chain: %w", cd.node.ID, graph.ErrNotFound)
	}
	var path []graph.ID
	for id := sinkPrev; id != sink; id = prev[id] {
		path = append(path, id)
		if len(path) > len(factor) {
			return nil, fmt.Errorf("best chain of %s: cycle in chain: %w", cd.node.ID, graph.ErrInvalid)
		}
	}
	slices.Reverse(path)
	ch := &Chain{Claim: cd.node.ID, Cost: sinkDist, Reliability: math.Exp(-sinkDist), Articles: []graph.ID{}}
	for i, id := range path {
		role := "carrier"
		if i == 0 && id == cd.speaker {
			role = "speaker"
		}
		sd := m.sources[id]
		h := Hop{ID: id, Name: m.name(id), Role: role, Reliability: m.rel(id), Factor: factor[id]}
		if sd != nil {
			h.Kind = sd.node.Kind
		}
		ch.Hops = append(ch.Hops, h)
	}
	for _, rep := range cd.reports {
		if slices.Equal(seq(rep), path) {
			ch.Articles = append(ch.Articles, rep.Article)
		}
	}
	return ch, nil
}
