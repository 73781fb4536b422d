package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

// assessCache keeps the last whole-graph assessment: assessing takes time
// proportional to the graph (most of a second for a few hundred
// articles), and the page asks for an explanation on every click. The
// result is reused while the store's counts by kind and predicate are
// unchanged, the same staleness test the search index uses.
type assessCache struct {
	mu    sync.Mutex // held while assessing and explaining: assess.Result is not documented as safe for concurrent use
	stamp string
	res   *assess.Result
}

func (c *assessCache) explain(ctx context.Context, r graph.Reader, id graph.ID) (*assess.Explanation, error) {
	st, err := r.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", id, err)
	}
	b, err := json.Marshal(st) // maps marshal with sorted keys
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", id, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.res == nil || c.stamp != string(b) {
		res, err := assess.Assess(ctx, r, assess.Options{})
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", id, err)
		}
		c.res, c.stamp = res, string(b)
	}
	return c.res.Explain(ctx, id)
}

func (s *Server) explain(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Explain reports an unscored node as not found; check existence first
	// so an unknown ID gets the store's own message.
	if _, err := s.opts.Store.Node(ctx, id); err != nil {
		return fmt.Errorf("explain %s: %w", id, err)
	}
	x, err := s.assessed.explain(ctx, s.opts.Store, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}
