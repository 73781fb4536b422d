package badger

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

var _ graph.BatchWriter = (*Store)(nil)

// WriteArticles implements graph.BatchWriter: every batch is prepared as
// WriteArticle prepares it and applied in order in one transaction, whose
// reads see the earlier batches' writes (a node two articles share is
// merged twice, an article given twice ends as its last version).
func (s *Store) WriteArticles(ctx context.Context, batches []*graph.Batch) error {
	ps := make([]*preparedArticle, len(batches))
	for i, b := range batches {
		p, err := prepareArticle(b)
		if err != nil {
			return fmt.Errorf("write articles: batch %d: %w", i, err)
		}
		ps[i] = p
	}
	return s.update(ctx, fmt.Sprintf("write %d articles", len(ps)), func(txn *badger.Txn) error {
		for i, p := range ps {
			if err := p.apply(txn); err != nil {
				return fmt.Errorf("batch %d (article %s): %w", i, p.art, err)
			}
		}
		return nil
	})
}
