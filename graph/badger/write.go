package badger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

// WriteArticle implements graph.Writer in one badger transaction: the old
// version's edges (found through the article index) are deleted, nodes
// merged, and the new edges written, or nothing is. A conflict with a
// concurrent writer (two articles merging the same node, say) is retried
// a few times before an error wrapping graph.ErrConflict is returned.
func (s *Store) WriteArticle(ctx context.Context, b *graph.Batch) error {
	p, err := prepareArticle(b)
	if err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	return s.update(ctx, "write article "+p.art.String(), p.apply)
}

// preparedArticle is a validated batch with its nodes merged and edges
// encoded, ready to apply in a transaction (possibly more than once, on
// retries, and possibly with other articles in the same transaction).
type preparedArticle struct {
	art   graph.ID
	nodes map[graph.ID]graph.Node
	order []graph.ID
	edges []preparedEdge
}

type preparedEdge struct {
	key edgeKey
	val []byte
}

func prepareArticle(b *graph.Batch) (*preparedArticle, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	// The batch's own nodes, merged in order (a node may appear twice).
	nodes := make(map[graph.ID]graph.Node, len(b.Nodes)+1)
	order := make([]graph.ID, 0, len(b.Nodes)+1)
	for _, n := range append([]graph.Node{b.Article}, b.Nodes...) {
		if prev, ok := nodes[n.ID]; ok {
			nodes[n.ID] = graph.MergeNode(prev, n)
			continue
		}
		nodes[n.ID] = n
		order = append(order, n.ID)
	}
	// Encode edges once, outside the retry loop; a repeated edge keeps
	// its last value.
	edges := make([]preparedEdge, 0, len(b.Edges))
	pos := make(map[edgeKey]int, len(b.Edges))
	for i := range b.Edges {
		e := &b.Edges[i]
		k := edgeKey{From: e.From, To: e.To, Pred: uint8(e.Predicate.Index()), Article: e.Prov.Article}
		if j, ok := pos[k]; ok {
			edges[j].val = encodeEdge(e)
			continue
		}
		pos[k] = len(edges)
		edges = append(edges, preparedEdge{k, encodeEdge(e)})
	}
	return &preparedArticle{art: b.Article.ID, nodes: nodes, order: order, edges: edges}, nil
}

// apply writes the article in txn: the old version's edges are deleted,
// nodes merged and the new edges written.
func (p *preparedArticle) apply(txn *badger.Txn) error {
	old, err := p.read(txn, nil)
	if err != nil {
		return err
	}
	return p.write(txn, old)
}

// read checks that every edge endpoint is in the batch, in earlier (a
// node set of articles written before in the same transaction) or stored,
// and returns the edges the stored version of the article wrote.
func (p *preparedArticle) read(txn *badger.Txn, earlier map[graph.ID]struct{}) (map[edgeKey]struct{}, error) {
	nodes, edges, art := p.nodes, p.edges, p.art
	exists := map[graph.ID]bool{}
	for i, e := range edges {
		for _, id := range [2]graph.ID{e.key.From, e.key.To} {
			if _, ok := nodes[id]; ok || exists[id] {
				continue
			}
			if _, ok := earlier[id]; ok {
				continue
			}
			if _, err := txn.Get(nodeKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
				return nil, fmt.Errorf("edge %d (%s): node %s is neither in the batch nor stored: %w", i, e.key, id, graph.ErrInvalid)
			} else if err != nil {
				return nil, err
			}
			exists[id] = true
		}
	}
	return articleEdges(txn, art)
}

// write merges the nodes and writes the edges that changed from old, the
// stored version's edges (which it consumes).
func (p *preparedArticle) write(txn *badger.Txn, old map[edgeKey]struct{}) error {
	nodes, order, edges := p.nodes, p.order, p.edges
	for _, id := range order {
		if err := putNode(txn, nodes[id]); err != nil {
			return err
		}
	}
	// Only what changed is written: rewriting an unchanged article
	// writes nothing, so repeated re-ingestion does not pile up key
	// versions that every later scan of the article would step over.
	for _, e := range edges {
		if _, ok := old[e.key]; ok {
			delete(old, e.key)
			same := false
			item, err := txn.Get(fwdKey(e.key))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound): // index without edge: write it
			case err != nil:
				return err
			default:
				if err := item.Value(func(v []byte) error { same = bytes.Equal(v, e.val); return nil }); err != nil {
					return err
				}
			}
			if same {
				continue
			}
		}
		if err := setEdge(txn, e.key, e.val); err != nil {
			return err
		}
	}
	for k := range old {
		if err := deleteEdge(txn, k); err != nil {
			return err
		}
	}
	return nil
}

// articleEdges returns the edges the article index lists for art.
func articleEdges(txn *badger.Txn, art graph.ID) (map[edgeKey]struct{}, error) {
	keys := map[edgeKey]struct{}{}
	p := articlePrefix(art)
	it := txn.NewIterator(prefixed(keyOnly, p))
	defer it.Close() // a read-write transaction allows one iterator at a time
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		k, err := parseEdgeKey(it.Item().Key())
		if err != nil {
			return nil, err
		}
		keys[k] = struct{}{}
	}
	return keys, nil
}

// deleteArticleEdges deletes every edge the article index lists for art.
func deleteArticleEdges(txn *badger.Txn, art graph.ID) error {
	keys, err := articleEdges(txn, art)
	if err != nil {
		return err
	}
	for k := range keys {
		if err := deleteEdge(txn, k); err != nil {
			return err
		}
	}
	return nil
}

// putNode writes n merged into the stored node of the same ID, and the
// index keys of anything new. An unchanged node is not rewritten, so
// re-ingesting an article writes little.
func putNode(txn *badger.Txn, n graph.Node) error {
	// Fast path: hubs (an agency, a party leader) are written again and
	// again unchanged. When the stored bytes equal n's encoding and n's
	// lists hold no empty or repeated entries (which merging would drop),
	// merging would change nothing, so skip decoding and re-encoding.
	if canonicalLists(n) {
		item, err := txn.Get(nodeKey(n.ID))
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err == nil {
			same := false
			val := encodeNode(&n)
			if err := item.Value(func(v []byte) error { same = bytes.Equal(v, val); return nil }); err != nil {
				return err
			}
			if same {
				return nil
			}
		}
	}
	old, found, err := getNode(txn, n.ID)
	if err != nil {
		return err
	}
	var oldNames []string
	if found {
		n = graph.MergeNode(old, n)
		oldNames = nodeNames(old)
	}
	val := encodeNode(&n)
	if found && bytes.Equal(val, encodeNode(&old)) {
		return nil
	}
	if err := txn.Set(nodeKey(n.ID), val); err != nil {
		return err
	}
	if !found {
		if err := txn.Set(kindKey(n.Kind, n.ID), nil); err != nil {
			return err
		}
	}
	// Merging keeps the name and only adds aliases, so names only grow.
	for _, name := range nodeNames(n) {
		if slices.Contains(oldNames, name) {
			continue
		}
		if err := txn.Set(nameKey(name, n.ID), nil); err != nil {
			return err
		}
	}
	return nil
}

// canonicalLists reports whether n's aliases and roles have no empty or
// repeated entries, so that merging n into itself leaves them as they are.
func canonicalLists(n graph.Node) bool {
	for _, l := range [2][]string{n.Aliases, n.Roles} {
		for i, s := range l {
			if s == "" || slices.Contains(l[:i], s) {
				return false
			}
		}
	}
	return true
}

// nodeNames returns the distinct non-empty normalised forms of n's name and
// aliases: the keys under which FindName finds n.
func nodeNames(n graph.Node) []string {
	out := make([]string, 0, 1+len(n.Aliases))
	if f := graph.NormalizeName(n.Name); f != "" {
		out = append(out, f)
	}
	for _, s := range n.Aliases {
		if f := graph.NormalizeName(s); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func setEdge(txn *badger.Txn, k edgeKey, val []byte) error {
	if err := txn.Set(fwdKey(k), val); err != nil {
		return err
	}
	if err := txn.Set(revKey(k), val); err != nil {
		return err
	}
	if k.Article != 0 {
		return txn.Set(articleKey(k), nil)
	}
	return nil
}

func deleteEdge(txn *badger.Txn, k edgeKey) error {
	if err := txn.Delete(fwdKey(k)); err != nil {
		return err
	}
	if err := txn.Delete(revKey(k)); err != nil {
		return err
	}
	if k.Article != 0 {
		return txn.Delete(articleKey(k))
	}
	return nil
}

// DeleteArticle implements graph.Writer. Edges of other articles that touch
// the article node (republished_from, say) go too, so no edge dangles.
func (s *Store) DeleteArticle(ctx context.Context, id graph.ID) error {
	return s.update(ctx, "delete article "+id.String(), func(txn *badger.Txn) error {
		n, found, err := getNode(txn, id)
		if err != nil {
			return err
		}
		if !found || n.Kind != graph.KindArticle {
			return graph.ErrNotFound
		}
		if err := deleteArticleEdges(txn, id); err != nil {
			return err
		}
		var incident []edgeKey
		for _, tag := range []byte{tagFwd, tagRev} {
			p := adjPrefix(tag, id)
			it := txn.NewIterator(prefixed(keyOnly, p))
			for it.Seek(p); it.ValidForPrefix(p); it.Next() {
				k, err := parseEdgeKey(it.Item().Key())
				if err != nil {
					it.Close()
					return err
				}
				incident = append(incident, k)
			}
			it.Close()
		}
		for _, k := range incident {
			if err := deleteEdge(txn, k); err != nil {
				return err
			}
		}
		for _, name := range nodeNames(n) {
			if err := txn.Delete(nameKey(name, id)); err != nil {
				return err
			}
		}
		if err := txn.Delete(kindKey(n.Kind, id)); err != nil {
			return err
		}
		return txn.Delete(nodeKey(id))
	})
}

// PutNode implements graph.Writer.
func (s *Store) PutNode(ctx context.Context, n graph.Node) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("put node: %w", err)
	}
	return s.update(ctx, "put node "+n.ID.String(), func(txn *badger.Txn) error {
		return putNode(txn, n)
	})
}

// PutEdges implements graph.Writer. All edges land in one transaction, and
// only if each is valid, has a zero Prov.Article and joins stored nodes.
func (s *Store) PutEdges(ctx context.Context, edges []graph.Edge) error {
	keys := make([]edgeKey, len(edges))
	for i := range edges {
		e := &edges[i]
		if err := e.Validate(); err != nil {
			return fmt.Errorf("put edges: edge %d: %w", i, err)
		}
		if e.Prov.Article != 0 {
			return fmt.Errorf("put edges: edge %d (%s -%s-> %s): provenance article %s set; article edges go through WriteArticle: %w",
				i, e.From, e.Predicate, e.To, e.Prov.Article, graph.ErrInvalid)
		}
		keys[i] = edgeKey{From: e.From, To: e.To, Pred: uint8(e.Predicate.Index())}
	}
	return s.update(ctx, "put edges", func(txn *badger.Txn) error {
		for i, k := range keys {
			for _, id := range [2]graph.ID{k.From, k.To} {
				if _, err := txn.Get(nodeKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
					return fmt.Errorf("edge %d (%s): node %s not stored: %w", i, k, id, graph.ErrInvalid)
				} else if err != nil {
					return err
				}
			}
			if err := setEdge(txn, k, encodeEdge(&edges[i])); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteEdges implements graph.Writer.
func (s *Store) DeleteEdges(ctx context.Context, edges []graph.Edge) error {
	return s.update(ctx, "delete edges", func(txn *badger.Txn) error {
		for _, e := range edges {
			i := e.Predicate.Index()
			if i < 0 {
				continue // cannot exist
			}
			k := edgeKey{From: e.From, To: e.To, Pred: uint8(i), Article: e.Prov.Article}
			// Skip missing edges rather than write tombstones for them.
			if _, err := txn.Get(fwdKey(k)); errors.Is(err, badger.ErrKeyNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if err := deleteEdge(txn, k); err != nil {
				return err
			}
		}
		return nil
	})
}
