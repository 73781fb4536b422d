package dgraph

import (
	"context"
	"fmt"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// PushOptions shape Push.
type PushOptions struct {
	// Batch is how many nodes or edges go in one transaction; 0 means
	// DefaultPushBatch.
	Batch int
	// Progress, when set, is called after every batch.
	Progress func(PushProgress)
}

// DefaultPushBatch is the default PushOptions.Batch.
const DefaultPushBatch = 1000

// PushProgress reports how far a push has got.
type PushProgress struct {
	Nodes, Edges           int // written so far
	TotalNodes, TotalEdges int // in the source, from its Stats
	Elapsed                time.Duration
}

// PushStats says what a push did.
type PushStats struct {
	Nodes   int           `json:"nodes"`
	Edges   int           `json:"edges"`
	Elapsed time.Duration `json:"elapsed_ns"`
	// EdgesPerSecond is the edge phase's rate.
	EdgesPerSecond float64 `json:"edges_per_second"`
}

// Push copies every node and edge of src into the store in batches, one
// transaction each: nodes first (merged into stored ones, as PutNode
// does), then edges, upserted by their xid, so running it again changes
// nothing. It adds and updates but never deletes: an edge src no longer
// has stays in Dgraph (push into a fresh Options.Graph to mirror exactly).
func (s *Store) Push(ctx context.Context, src graph.Reader, opts PushOptions) (PushStats, error) {
	if opts.Batch <= 0 {
		opts.Batch = DefaultPushBatch
	}
	start := time.Now()
	st, err := src.Stats(ctx)
	if err != nil {
		return PushStats{}, fmt.Errorf("push: source stats: %w", err)
	}
	prog := PushProgress{TotalNodes: st.Nodes, TotalEdges: st.Edges}
	report := func() {
		if opts.Progress != nil {
			prog.Elapsed = time.Since(start)
			opts.Progress(prog)
		}
	}
	var nodes []graph.Node
	flushNodes := func() error {
		if len(nodes) == 0 {
			return nil
		}
		ids := make([]graph.ID, len(nodes))
		for i, n := range nodes {
			ids[i] = n.ID
		}
		err := s.writeTxn(ctx, "push nodes", func(q querier) (*mutation, error) {
			p := s.newPlan()
			if err := p.lookup(ctx, q, ids); err != nil {
				return nil, err
			}
			for _, n := range nodes {
				if err := p.putNode(n); err != nil {
					return nil, err
				}
			}
			return &p.m, nil
		})
		if err != nil {
			return err
		}
		prog.Nodes += len(nodes)
		nodes = nodes[:0]
		report()
		return nil
	}
	err = src.ScanNodes(ctx, "", func(n graph.Node) error {
		nodes = append(nodes, n)
		if len(nodes) == opts.Batch {
			return flushNodes()
		}
		return nil
	})
	if err == nil {
		err = flushNodes()
	}
	if err != nil {
		return PushStats{}, fmt.Errorf("push: %w", err)
	}
	edgeStart := time.Now()
	var edges []graph.Edge
	flushEdges := func() error {
		if len(edges) == 0 {
			return nil
		}
		ids := make([]graph.ID, 0, 2*len(edges))
		for _, e := range edges {
			ids = append(ids, e.From, e.To)
			if e.Prov.Article != 0 {
				ids = append(ids, e.Prov.Article)
			}
		}
		err := s.writeTxn(ctx, "push edges", func(q querier) (*mutation, error) {
			p := s.newPlan()
			if err := p.lookup(ctx, q, ids); err != nil {
				return nil, err
			}
			for _, id := range ids {
				if _, ok := p.stored[id]; !ok {
					return nil, userError{fmt.Errorf("edge endpoint or article %s missing from the pushed nodes: %w", id, graph.ErrInvalid)}
				}
			}
			existing, err := s.assertionsByKey(ctx, q, edges)
			if err != nil {
				return nil, err
			}
			for _, e := range edges {
				p.putEdge(e, existing[keyOf(e)].uid)
			}
			return &p.m, nil
		})
		if err != nil {
			return err
		}
		prog.Edges += len(edges)
		edges = edges[:0]
		report()
		return nil
	}
	err = src.ScanEdges(ctx, func(e graph.Edge) error {
		edges = append(edges, e)
		if len(edges) == opts.Batch {
			return flushEdges()
		}
		return nil
	})
	if err == nil {
		err = flushEdges()
	}
	if err != nil {
		return PushStats{}, fmt.Errorf("push: %w", err)
	}
	out := PushStats{Nodes: prog.Nodes, Edges: prog.Edges, Elapsed: time.Since(start)}
	if d := time.Since(edgeStart).Seconds(); d > 0 {
		out.EdgesPerSecond = float64(prog.Edges) / d
	}
	return out, nil
}
