package bench

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
)

// RawTxnEdges is how many edges each raw db.Update transaction carries in
// the store comparison: the batching the performance issue measured
// badger at.
const RawTxnEdges = 1000

// StoreResult compares writing the same batches through the store with
// raw badger writes of the same keys and values, in the same run.
type StoreResult struct {
	Batches int `json:"batches"`
	Edges   int `json:"edges"`
	Keys    int `json:"keys"`
	// Store is Store.WriteArticles in groups of about RawTxnEdges edges,
	// interleaved group by group with RawUpdate on a second database so
	// that both see the same machine load.
	StoreSeconds   float64 `json:"store_seconds"`
	StoreEdgesPerS float64 `json:"store_edges_per_s"`
	// RawUpdate is db.Update transactions of the same groups setting the
	// keys EncodeBatch gives, with no reads or checks.
	RawUpdateSeconds   float64 `json:"raw_update_seconds"`
	RawUpdateEdgesPerS float64 `json:"raw_update_edges_per_s"`
	// PerArticle is one WriteArticle per batch from one goroutine: what
	// each ingest worker does today.
	PerArticleSeconds   float64 `json:"per_article_seconds"`
	PerArticleEdgesPerS float64 `json:"per_article_edges_per_s"`
	// RawWriteBatch is the same keys through one badger WriteBatch.
	RawWriteBatchSeconds   float64 `json:"raw_writebatch_seconds"`
	RawWriteBatchEdgesPerS float64 `json:"raw_writebatch_edges_per_s"`
	// Bulk is Store.BulkLoad of the same batches into a fresh store.
	BulkSeconds   float64 `json:"bulk_seconds"`
	BulkEdgesPerS float64 `json:"bulk_edges_per_s"`
	// Ratio is store time over raw db.Update time for the same groups:
	// 1.5 means the store takes 50% longer than badger alone.
	Ratio float64 `json:"store_vs_raw_badger"`
	// PerArticleRatio is PerArticle time over raw db.Update time.
	PerArticleRatio float64 `json:"per_article_vs_raw_badger"`
}

// Batches builds the graph batches of docs as ingest would.
func Batches(docs []Doc) ([]*graph.Batch, error) {
	meta := ingest.Meta{Extractor: "bench", Version: "bench", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	out := make([]*graph.Batch, 0, len(docs))
	for _, d := range docs {
		b, _, err := ingest.Build(d.Doc, d.Result, meta)
		if err != nil {
			continue // ingest skips these too
		}
		out = append(out, b)
	}
	return out, nil
}

// rawOptions are the badger options graph/badger.Open uses, so the raw
// comparison runs on an equally tuned database.
func rawOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).
		WithCompression(options.None).
		WithBlockCacheSize(0).
		WithIndexCacheSize(0).
		WithNumCompactors(2).
		WithMetricsEnabled(false).
		WithLogger(nil)
}

// StoreVsRaw writes batches five ways into fresh stores under dir: the
// store's WriteArticles and raw db.Update interleaved group by group, then
// one WriteArticle per batch, raw WriteBatch and the store's BulkLoad.
func StoreVsRaw(ctx context.Context, dir string, batches []*graph.Batch) (StoreResult, error) {
	r := StoreResult{Batches: len(batches)}
	for _, b := range batches {
		r.Edges += len(b.Edges)
		gbadger.EncodeBatch(b, func(_, _ []byte) error { r.Keys++; return nil })
	}
	// Groups of about RawTxnEdges edges.
	var groups [][]*graph.Batch
	for i := 0; i < len(batches); {
		j, edges := i, 0
		for ; j < len(batches) && edges < RawTxnEdges; j++ {
			edges += len(batches[j].Edges)
		}
		groups = append(groups, batches[i:j])
		i = j
	}
	// Store groups and raw groups, interleaved; which goes first
	// alternates, so neither always follows the other's compactions.
	err := withStore(dir, func(s *gbadger.Store) error {
		return withRaw(dir, func(db *badger.DB) error {
			var tStore, tRaw time.Duration
			store := func(g []*graph.Batch) error {
				start := time.Now()
				err := s.WriteArticles(ctx, g)
				tStore += time.Since(start)
				return err
			}
			raw := func(g []*graph.Batch) error {
				start := time.Now()
				err := db.Update(func(txn *badger.Txn) error {
					for _, b := range g {
						if err := gbadger.EncodeBatch(b, txn.Set); err != nil {
							return err
						}
					}
					return nil
				})
				tRaw += time.Since(start)
				return err
			}
			for i, g := range groups {
				first, second := store, raw
				if i%2 == 1 {
					first, second = raw, store
				}
				if err := first(g); err != nil {
					return err
				}
				if err := second(g); err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			r.StoreSeconds, r.RawUpdateSeconds = tStore.Seconds(), tRaw.Seconds()
			return nil
		})
	})
	if err != nil {
		return r, fmt.Errorf("store and raw db.Update writes: %w", err)
	}
	// One WriteArticle per batch.
	err = withStore(dir, func(s *gbadger.Store) error {
		start := time.Now()
		for _, b := range batches {
			if err := s.WriteArticle(ctx, b); err != nil {
				return err
			}
		}
		r.PerArticleSeconds = time.Since(start).Seconds()
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("per-article writes: %w", err)
	}
	// Raw WriteBatch.
	err = withRaw(dir, func(db *badger.DB) error {
		start := time.Now()
		wb := db.NewWriteBatch()
		defer wb.Cancel()
		for _, b := range batches {
			if err := gbadger.EncodeBatch(b, wb.Set); err != nil {
				return err
			}
		}
		if err := wb.Flush(); err != nil {
			return err
		}
		r.RawWriteBatchSeconds = time.Since(start).Seconds()
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("raw WriteBatch: %w", err)
	}
	// Bulk load.
	err = withStore(dir, func(s *gbadger.Store) error {
		start := time.Now()
		_, err := s.BulkLoad(ctx, func(yield func(*graph.Batch) error) error {
			for _, b := range batches {
				if err := yield(b); err != nil {
					return err
				}
			}
			return nil
		})
		r.BulkSeconds = time.Since(start).Seconds()
		return err
	})
	if err != nil {
		return r, fmt.Errorf("bulk load: %w", err)
	}
	e := float64(r.Edges)
	r.StoreEdgesPerS = e / r.StoreSeconds
	r.RawUpdateEdgesPerS = e / r.RawUpdateSeconds
	r.RawWriteBatchEdgesPerS = e / r.RawWriteBatchSeconds
	r.BulkEdgesPerS = e / r.BulkSeconds
	r.PerArticleEdgesPerS = e / r.PerArticleSeconds
	r.Ratio = r.StoreSeconds / r.RawUpdateSeconds
	r.PerArticleRatio = r.PerArticleSeconds / r.RawUpdateSeconds
	return r, nil
}

// withStore runs fn on a fresh store under dir, removed afterwards.
func withStore(dir string, fn func(*gbadger.Store) error) error {
	d, err := os.MkdirTemp(dir, "store-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(d)
	s, err := gbadger.Open(d, gbadger.Options{})
	if err != nil {
		return err
	}
	if err := fn(s); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// withRaw runs fn on a fresh raw badger database under dir.
func withRaw(dir string, fn func(*badger.DB) error) error {
	d, err := os.MkdirTemp(dir, "raw-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(d)
	db, err := badger.Open(rawOptions(d))
	if err != nil {
		return err
	}
	if err := fn(db); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}
