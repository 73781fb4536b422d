package dgraph

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// PushOptions shape Push.
type PushOptions struct {
	// Batch is how many nodes or edges go in one transaction; 0 means
	// DefaultPushBatch.
	Batch int
	// Workers is how many batches are written at once; 0 means
	// DefaultPushWorkers.
	Workers int
	// Progress, when set, is called after every batch (never twice at
	// once).
	Progress func(PushProgress)
}

// DefaultPushWorkers is the default PushOptions.Workers. One: with the
// alpha on the same two cores, four workers pushed at 40% of the rate of
// one (conflicting batches retried, CPU contended); on a real cluster more
// workers pay.
const DefaultPushWorkers = 1

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
// transaction each, opts.Workers at a time: nodes first (merged into stored
// ones, as PutNode does), then edges, upserted by their xid, so running it
// again changes nothing. It adds and updates but never deletes: an edge
// src no longer has stays in Dgraph (push into a fresh Options.Graph to
// mirror exactly).
func (s *Store) Push(ctx context.Context, src graph.Reader, opts PushOptions) (PushStats, error) {
	if opts.Batch <= 0 {
		opts.Batch = DefaultPushBatch
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultPushWorkers
	}
	start := time.Now()
	st, err := src.Stats(ctx)
	if err != nil {
		return PushStats{}, fmt.Errorf("push: source stats: %w", err)
	}
	var mu sync.Mutex
	prog := PushProgress{TotalNodes: st.Nodes, TotalEdges: st.Edges}
	done := func(nodes, edges int) {
		mu.Lock()
		defer mu.Unlock()
		prog.Nodes += nodes
		prog.Edges += edges
		if opts.Progress != nil {
			prog.Elapsed = time.Since(start)
			opts.Progress(prog)
		}
	}
	err = pipeline(ctx, opts.Workers, opts.Batch,
		func(ctx context.Context, yield func(graph.Node) error) error { return src.ScanNodes(ctx, "", yield) },
		func(ctx context.Context, nodes []graph.Node) error {
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
			if err == nil {
				done(len(nodes), 0)
			}
			return err
		})
	if err != nil {
		return PushStats{}, fmt.Errorf("push: %w", err)
	}
	edgeStart := time.Now()
	err = pipeline(ctx, opts.Workers, opts.Batch,
		func(ctx context.Context, yield func(graph.Edge) error) error { return src.ScanEdges(ctx, yield) },
		func(ctx context.Context, edges []graph.Edge) error {
			ids := make([]graph.ID, 0, 3*len(edges))
			for _, e := range edges {
				ids = append(ids, e.From, e.To)
				if e.Prov.Article != 0 {
					ids = append(ids, e.Prov.Article)
				}
			}
			// Batches touching the same direct triple conflict; writeTxn
			// retries the loser. ScanEdges keeps an edge's copies from
			// several articles adjacent, so that is rare.
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
			if err == nil {
				done(0, len(edges))
			}
			return err
		})
	if err != nil {
		return PushStats{}, fmt.Errorf("push: %w", err)
	}
	out := PushStats{Nodes: prog.Nodes, Edges: prog.Edges, Elapsed: time.Since(start)}
	if d := time.Since(edgeStart).Seconds(); d > 0 {
		out.EdgesPerSecond = float64(prog.Edges) / d
	}
	return out, nil
}

// pipeline cuts what scan yields into batches and has workers write them;
// the first error stops the scan and is returned.
func pipeline[T any](ctx context.Context, workers, batch int,
	scan func(context.Context, func(T) error) error, write func(context.Context, []T) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan []T)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				if err := write(ctx, b); err != nil {
					cancel(err)
				}
			}
		})
	}
	send := func(b []T) error {
		select {
		case jobs <- b:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	cur := make([]T, 0, batch)
	err := scan(ctx, func(x T) error {
		cur = append(cur, x)
		if len(cur) < batch {
			return nil
		}
		b := cur
		cur = make([]T, 0, batch)
		return send(b)
	})
	if err == nil && len(cur) > 0 {
		err = send(cur)
	}
	close(jobs)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && cause != context.Canceled {
		return cause // a worker's error explains a scan stopped by it
	}
	return err
}
