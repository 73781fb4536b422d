package mem

import (
	"context"
	"fmt"

	"github.com/sourcetrace/sourcetrace/graph"
)

var _ graph.NodeReplacer = (*Store)(nil)

// ReplaceNode implements graph.NodeReplacer.
func (s *Store) ReplaceNode(ctx context.Context, n graph.Node) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("replace node: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "replace node"); err != nil {
		return err
	}
	old, ok := s.nodes[n.ID]
	if !ok {
		return fmt.Errorf("replace node %s: %w", n.ID, graph.ErrNotFound)
	}
	if old.Kind != n.Kind {
		return fmt.Errorf("replace node %s: kind %q cannot become %q: %w", n.ID, old.Kind, n.Kind, graph.ErrInvalid)
	}
	for _, name := range nodeNames(old) {
		delete(s.names[name], n.ID)
		if len(s.names[name]) == 0 {
			delete(s.names, name)
		}
	}
	delete(s.nodes, n.ID)
	s.putNode(n)
	return nil
}
