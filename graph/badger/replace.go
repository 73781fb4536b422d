package badger

import (
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

var _ graph.NodeReplacer = (*Store)(nil)

// ReplaceNode implements graph.NodeReplacer: the node value is overwritten
// and name index keys the new node no longer answers to are deleted.
func (s *Store) ReplaceNode(ctx context.Context, n graph.Node) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("replace node: %w", err)
	}
	return s.update(ctx, "replace node "+n.ID.String(), func(txn *badger.Txn) error {
		old, found, err := getNode(txn, n.ID)
		if err != nil {
			return err
		}
		if !found {
			return graph.ErrNotFound
		}
		if old.Kind != n.Kind {
			return fmt.Errorf("kind %q cannot become %q: %w", old.Kind, n.Kind, graph.ErrInvalid)
		}
		oldNames, newNames := nodeNames(old), nodeNames(n)
		for _, name := range oldNames {
			if !slices.Contains(newNames, name) {
				if err := txn.Delete(nameKey(name, n.ID)); err != nil {
					return err
				}
			}
		}
		for _, name := range newNames {
			if !slices.Contains(oldNames, name) {
				if err := txn.Set(nameKey(name, n.ID), nil); err != nil {
					return err
				}
			}
		}
		return txn.Set(nodeKey(n.ID), encodeNode(&n))
	})
}
