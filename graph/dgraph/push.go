package dgraph

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
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
	// Prune deletes, after the push, the edges and nodes of the graph that
	// src does not have (an article re-ingested with fewer claims, a
	// deleted article), so the graph mirrors src. It keeps every pushed
	// key in memory.
	Prune bool
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
	// PrunedNodes and PrunedEdges count what Prune deleted.
	PrunedNodes int `json:"pruned_nodes,omitempty"`
	PrunedEdges int `json:"pruned_edges,omitempty"`
	// EdgesPerSecond is the edge phase's rate.
	EdgesPerSecond float64 `json:"edges_per_second"`
}

// Push copies every node and edge of src into the store in batches, one
// transaction each, opts.Workers at a time: nodes first (merged into stored
// ones, as PutNode does), then edges, upserted by their xid, so running it
// again changes nothing. It adds and updates; only with opts.Prune does
// it delete what src no longer has.
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
	var nodeKeys, edgeKeys map[string]bool // xids pushed, for Prune
	if opts.Prune {
		nodeKeys, edgeKeys = map[string]bool{}, map[string]bool{}
	}
	keep := func(set map[string]bool, xid string) {
		if set != nil {
			mu.Lock()
			set[xid] = true
			mu.Unlock()
		}
	}
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
				keep(nodeKeys, s.nodeXID(n.ID))
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
				keep(edgeKeys, s.edgeXID(e.From, e.Predicate, e.To, e.Prov.Article))
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
	out := PushStats{Nodes: prog.Nodes, Edges: prog.Edges}
	if d := time.Since(edgeStart).Seconds(); d > 0 {
		out.EdgesPerSecond = float64(prog.Edges) / d
	}
	if opts.Prune {
		if out.PrunedEdges, out.PrunedNodes, err = s.prune(ctx, nodeKeys, edgeKeys, opts.Batch); err != nil {
			return PushStats{}, fmt.Errorf("push: prune: %w", err)
		}
	}
	out.Elapsed = time.Since(start)
	return out, nil
}

// prune deletes the graph's assertions and nodes whose xids are not in
// the kept sets, assertions first (keeping direct triples in step), a
// batch per transaction.
func (s *Store) prune(ctx context.Context, nodeKeys, edgeKeys map[string]bool, batch int) (edges, nodes int, err error) {
	var stale []oldAssertion
	var staleNodes []string
	err = s.readTxn(ctx, "prune", func(q querier) error {
		for _, r := range []struct {
			lo, hi, has, sel string
		}{
			{s.prefix + export.EdgeBase, s.prefix + export.EdgeBase + "\U0010FFFF", pPredicate, oldFields},
			{s.prefix + export.IDBase, s.prefix + export.IDBase + "g", pRecord, "uid"},
		} {
			after := r.lo
			for {
				var res struct {
					Q []struct {
						oldJSON
						X string `json:"x"`
					}
				}
				if err := q.query(ctx, `query q($a: string, $hi: string) { q(func: gt(xid, $a), orderasc: xid, first: `+strconv.Itoa(pageSize)+`) @filter(lt(xid, $hi) AND has(`+r.has+`)) { x: xid `+r.sel+` } }`,
					map[string]string{"$a": after, "$hi": r.hi}, &res); err != nil {
					return err
				}
				for i := range res.Q {
					x := res.Q[i].X
					switch {
					case r.has == pPredicate && !edgeKeys[x]:
						a, err := res.Q[i].old()
						if err != nil {
							return err
						}
						stale = append(stale, a)
					case r.has == pRecord && !nodeKeys[x]:
						staleNodes = append(staleNodes, res.Q[i].UID)
					}
				}
				if len(res.Q) < pageSize {
					break
				}
				after = res.Q[len(res.Q)-1].X
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for len(stale) > 0 {
		b := stale[:min(batch, len(stale))]
		stale = stale[len(b):]
		if err := s.writeTxn(ctx, "prune edges", func(q querier) (*mutation, error) {
			p := s.newPlan()
			for _, a := range b {
				p.removeAssertion(a)
			}
			if err := p.finish(ctx, q); err != nil {
				return nil, err
			}
			return &p.m, nil
		}); err != nil {
			return edges, nodes, err
		}
		edges += len(b)
	}
	for len(staleNodes) > 0 {
		b := staleNodes[:min(batch, len(staleNodes))]
		staleNodes = staleNodes[len(b):]
		if err := s.writeTxn(ctx, "prune nodes", func(q querier) (*mutation, error) {
			var m mutation
			for _, uid := range b {
				m.deleteNode("<" + uid + ">")
			}
			return &m, nil
		}); err != nil {
			return edges, nodes, err
		}
		nodes += len(b)
	}
	return edges, nodes, nil
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
