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
		// Reads that need an iterator (an article's stored edges) are
		// done for a whole segment before its writes: an iterator in a
		// transaction with pending writes first sorts all of them, which
		// would make a group quadratic. A segment ends before an article
		// given twice, whose second version must see the first.
		for start := 0; start < len(ps); {
			end, arts := start, map[graph.ID]bool{}
			for ; end < len(ps) && !arts[ps[end].art]; end++ {
				arts[ps[end].art] = true
			}
			earlier := map[graph.ID]struct{}{}
			olds := make([]map[edgeKey]struct{}, end-start)
			for i := start; i < end; i++ {
				old, err := ps[i].read(txn, earlier)
				if err != nil {
					return fmt.Errorf("batch %d (article %s): %w", i, ps[i].art, err)
				}
				olds[i-start] = old
				for id := range ps[i].nodes {
					earlier[id] = struct{}{}
				}
			}
			for i := start; i < end; i++ {
				if err := ps[i].write(txn, olds[i-start]); err != nil {
					return fmt.Errorf("batch %d (article %s): %w", i, ps[i].art, err)
				}
			}
			start = end
		}
		return nil
	})
}
