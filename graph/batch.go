package graph

import "fmt"

// Validate checks what WriteArticle requires of a batch on its own, before
// any store is consulted: a valid article node of KindArticle, valid nodes
// and edges, and every edge's Prov.Article equal to the article's ID.
// Whether edge endpoints exist is the store's check, since they may already
// be stored. Errors wrap ErrInvalid and name the offending item's index.
func (b *Batch) Validate() error {
	if b == nil {
		return fmt.Errorf("nil batch: %w", ErrInvalid)
	}
	if err := b.Article.Validate(); err != nil {
		return fmt.Errorf("batch article: %w", err)
	}
	if b.Article.Kind != KindArticle {
		return fmt.Errorf("batch article %s: kind %q, want %q: %w", b.Article.ID, b.Article.Kind, KindArticle, ErrInvalid)
	}
	for i := range b.Nodes {
		if err := b.Nodes[i].Validate(); err != nil {
			return fmt.Errorf("batch for article %s: node %d: %w", b.Article.ID, i, err)
		}
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		if err := e.Validate(); err != nil {
			return fmt.Errorf("batch for article %s: edge %d: %w", b.Article.ID, i, err)
		}
		if e.Prov.Article != b.Article.ID {
			return fmt.Errorf("batch for article %s: edge %d (%s -%s-> %s): provenance article %s: %w",
				b.Article.ID, i, e.From, e.Predicate, e.To, e.Prov.Article, ErrInvalid)
		}
	}
	return nil
}
