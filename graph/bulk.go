package graph

import "context"

// BulkLoader is a Store that can load many article batches into an empty
// store much faster than one WriteArticle per batch, by sorting everything
// first and writing the store's files directly (badger's StreamWriter).
// Found by type assertion, like Backuper.
//
// The result equals writing the same batches in order with WriteArticle;
// two batches with the same article ID are refused rather than replaced
// (a bulk load is one pass over distinct articles). Nothing is visible
// until the load succeeds; on error the store is left empty.
type BulkLoader interface {
	// BulkLoad calls src with a yield function, which src calls once per
	// batch in order; a non-nil error from yield ends src (return it).
	// It fails with an error wrapping ErrInvalid when the store is not
	// empty or a batch is invalid.
	BulkLoad(ctx context.Context, src func(yield func(*Batch) error) error) (BulkStats, error)
}

// BulkStats says what a BulkLoad wrote.
type BulkStats struct {
	Articles int   `json:"articles"`
	Nodes    int   `json:"nodes"` // distinct nodes after merging
	Edges    int   `json:"edges"`
	Keys     int64 `json:"keys"`      // key-value pairs handed to the storage engine
	Runs     int   `json:"runs"`      // sorted runs spilled to temporary files
	TmpBytes int64 `json:"tmp_bytes"` // bytes spilled
}

// BatchWriter is a Writer that can write several articles in one
// transaction: the same result as WriteArticle on each in order, all or
// nothing, at a fraction of the per-article commit cost. Ingest pipelines
// group a few dozen finished articles per call.
type BatchWriter interface {
	// WriteArticles fails with an error wrapping ErrInvalid (naming the
	// batch) when one is invalid, ErrConflict after repeated conflicts
	// and ErrLimit when the group is too large for one transaction;
	// nothing is written then, and the caller may write the batches one
	// by one to isolate a bad one.
	WriteArticles(ctx context.Context, batches []*Batch) error
}
