package assess

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Attributes Apply writes, so queries and exports can show scores without
// recomputing them.
const (
	// On claims.
	AttrCredibility        = "credibility"         // "1"-"6"
	AttrCredibilityScore   = "credibility_score"   // probability the claim is true, "0.310"
	AttrCredibilityOrigins = "credibility_origins" // independent origins counted, "2"
	AttrCredibilityBasis   = "credibility_basis"   // computed or analyst
	// AttrCredibilitySupport is the probability on the claim's own
	// evidence, before contradictions: what claims it contradicts must
	// answer, read by AssessClaims for claims outside its set.
	AttrCredibilitySupport = "credibility_support"

	// On sources (speakers, channels, agencies, publishers, assessors).
	AttrReliability         = "reliability"          // grade in force: A-F, G
	AttrReliabilityScore    = "reliability_score"    // truth-discovery score, "0.550"
	AttrReliabilityBasis    = "reliability_basis"    // analyst, prior, computed or none
	AttrReliabilityComputed = "reliability_computed" // grade from the score alone (F without evidence)

	// AttrAssessVersion records the AlgorithmVersion that wrote the scores.
	AttrAssessVersion = "assess_version"
)

// ApplyStats counts what Apply wrote.
type ApplyStats struct {
	Nodes        int `json:"nodes"`         // nodes whose score attributes changed
	EdgesWritten int `json:"edges_written"` // computed supports/contradicts edges written
	EdgesDeleted int `json:"edges_deleted"` // computed edges no longer found
}

func score(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// Apply writes the result back: score attributes on claims and sources
// (only where they changed, so re-applying is cheap), the computed
// supports and contradicts edges (Prov.Article zero, Prov.Extractor
// "assess", Prov.Text the evidence), and deletes computed edges that no
// longer hold. Edges written by extractors or analysts are left alone.
func (r *Result) Apply(ctx context.Context, w graph.Writer) (ApplyStats, error) {
	var st ApplyStats
	m := r.m
	put := func(n graph.Node, attrs map[string]string) error {
		changed := false
		for k, v := range attrs {
			if n.Attrs[k] != v {
				changed = true
				break
			}
		}
		if !changed {
			return nil
		}
		if err := w.PutNode(ctx, graph.Node{ID: n.ID, Kind: n.Kind, Name: n.Name, Attrs: attrs}); err != nil {
			return fmt.Errorf("apply scores to %s: %w", n.ID, err)
		}
		st.Nodes++
		return nil
	}
	for _, c := range r.Claims {
		if err := put(m.claims[c.ID].node, map[string]string{
			AttrCredibility:        c.Credibility.String(),
			AttrCredibilityScore:   score(c.Score),
			AttrCredibilityOrigins: strconv.Itoa(c.Independent),
			AttrCredibilityBasis:   c.Basis,
			AttrCredibilitySupport: score(sigmoid(m.base[c.ID])),
			AttrAssessVersion:      AlgorithmVersion,
		}); err != nil {
			return st, err
		}
	}
	if !r.Incremental {
		for _, s := range r.Sources {
			n := m.sources[s.ID].node
			if _, ok := m.s.nodes[s.ID]; !ok {
				continue // a dangling reference: nothing to annotate
			}
			if err := put(n, map[string]string{
				AttrReliability:         string(s.Reliability),
				AttrReliabilityScore:    score(s.Score),
				AttrReliabilityBasis:    s.Basis,
				AttrReliabilityComputed: string(s.Computed),
				AttrAssessVersion:       AlgorithmVersion,
			}); err != nil {
				return st, err
			}
		}
	}
	var edges []graph.Edge
	for _, rel := range r.Relations {
		if !rel.Computed || rel.Rule == "stored" {
			continue
		}
		if old, ok := m.existing[relKey(rel.From, rel.Predicate, rel.To)]; ok && old.Prov.Text == rel.Evidence &&
			old.Prov.Version == AlgorithmVersion {
			continue
		}
		edges = append(edges, graph.Edge{From: rel.From, To: rel.To, Predicate: rel.Predicate, Prov: graph.Provenance{
			Text: rel.Evidence, Extractor: Extractor, Version: AlgorithmVersion, Confidence: rel.Confidence, Ingested: m.opts.Now,
		}})
	}
	if len(edges) > 0 {
		if err := w.PutEdges(ctx, edges); err != nil {
			return st, fmt.Errorf("apply relations: %w", err)
		}
		st.EdgesWritten = len(edges)
	}
	if len(m.stale) > 0 {
		if err := w.DeleteEdges(ctx, m.stale); err != nil {
			return st, fmt.Errorf("apply relations: delete stale: %w", err)
		}
		st.EdgesDeleted = len(m.stale)
	}
	return st, nil
}

// ReadWriter is what UpdateClaims needs of a store.
type ReadWriter interface {
	graph.Reader
	graph.Writer
}

// UpdateClaims is the after-ingest hook: it scores the given (new or
// changed) claims, and the claims they support or contradict, against the
// stored source scores, links them and stores the result, without a
// whole-graph pass. Call it once per ingest run with all new claims: each
// call reads every claim's text to look for relations. Run Assess and
// Apply (sourcetrace rescore) now and then to let source reliabilities
// learn from the new claims.
func UpdateClaims(ctx context.Context, s ReadWriter, claims []graph.ID, opts Options) (ApplyStats, error) {
	if len(claims) == 0 {
		return ApplyStats{}, nil
	}
	res, err := AssessClaims(ctx, s, claims, opts)
	if err != nil {
		return ApplyStats{}, err
	}
	// The claims they support or contradict change too: score them along.
	scored := len(res.Claims)
	more := slices.Clone(claims)
	for _, r := range res.Relations {
		more = append(more, r.From, r.To)
	}
	slices.Sort(more)
	if more = slices.Compact(more); len(more) > scored {
		if res, err = AssessClaims(ctx, s, more, opts); err != nil {
			return ApplyStats{}, err
		}
	}
	return res.Apply(ctx, s)
}
