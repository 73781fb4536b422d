package badger

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

// keyOnly iterates keys without fetching values: the index scans.
var keyOnly = badger.IteratorOptions{PrefetchValues: false}

func prefixed(opts badger.IteratorOptions, prefix []byte) badger.IteratorOptions {
	opts.Prefix = prefix
	return opts
}

// getNode reads and decodes a node; found is false when it is absent.
func getNode(txn *badger.Txn, id graph.ID) (n graph.Node, found bool, err error) {
	item, err := txn.Get(nodeKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return graph.Node{}, false, nil
	}
	if err != nil {
		return graph.Node{}, false, err
	}
	err = item.Value(func(v []byte) error {
		n, err = decodeNode(id, v)
		return err
	})
	return n, err == nil, err
}

// Node implements graph.Reader.
func (s *Store) Node(ctx context.Context, id graph.ID) (graph.Node, error) {
	var n graph.Node
	err := s.view(ctx, "node "+id.String(), func(txn *badger.Txn) error {
		var found bool
		var err error
		n, found, err = getNode(txn, id)
		if err == nil && !found {
			err = graph.ErrNotFound
		}
		return err
	})
	if err != nil {
		return graph.Node{}, err
	}
	return n, nil
}

// Edges implements graph.Reader. One iterator serves the node; with a
// predicate filter it is re-seeked to each wanted predicate in turn, so
// key order gives the documented result order without sorting.
func (s *Store) Edges(ctx context.Context, id graph.ID, dir graph.Direction, preds ...graph.Predicate) ([]graph.Edge, error) {
	tag := byte(tagFwd)
	switch dir {
	case graph.Out:
	case graph.In:
		tag = tagRev
	default:
		return nil, fmt.Errorf("edges of %s: direction %d: %w", id, dir, graph.ErrInvalid)
	}
	var want []uint8
	for _, p := range preds {
		i := p.Index()
		if i < 0 {
			return nil, fmt.Errorf("edges of %s: unknown predicate %q: %w", id, p, graph.ErrInvalid)
		}
		want = append(want, uint8(i))
	}
	slices.Sort(want)
	want = slices.Compact(want)

	out := []graph.Edge{}
	err := s.view(ctx, "edges of "+id.String(), func(txn *badger.Txn) error {
		prefix := adjPrefix(tag, id)
		it := txn.NewIterator(prefixed(keyOnly, prefix))
		defer it.Close()
		scan := func(p []byte) error {
			for it.Seek(p); it.ValidForPrefix(p); it.Next() {
				e, err := itemEdge(it.Item())
				if err != nil {
					return err
				}
				out = append(out, e)
			}
			return nil
		}
		if len(want) == 0 {
			return scan(prefix)
		}
		for _, p := range want {
			if err := scan(append(prefix[:len(prefix):len(prefix)], p)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// itemEdge decodes a forward or reverse adjacency item.
func itemEdge(item *badger.Item) (graph.Edge, error) {
	k, err := parseEdgeKey(item.Key())
	if err != nil {
		return graph.Edge{}, err
	}
	var e graph.Edge
	err = item.Value(func(v []byte) error {
		e, err = decodeEdge(k, v)
		return err
	})
	return e, err
}

// FindName implements graph.Reader with a scan of the name index, whose
// key order is the documented result order.
func (s *Store) FindName(ctx context.Context, name string, prefix bool, limit int) ([]graph.ID, error) {
	norm := graph.NormalizeName(name)
	if norm == "" {
		return nil, fmt.Errorf("find name %q: empty after normalisation: %w", name, graph.ErrInvalid)
	}
	ids := []graph.ID{}
	err := s.view(ctx, fmt.Sprintf("find name %q", name), func(txn *badger.Txn) error {
		p := namePrefix(norm, !prefix)
		it := txn.NewIterator(prefixed(keyOnly, p))
		defer it.Close()
		var seen map[graph.ID]bool // a node found by name and alias counts once
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			_, id, err := parseNameKey(it.Item().Key())
			if err != nil {
				return err
			}
			if prefix {
				if seen[id] {
					continue
				}
				if seen == nil {
					seen = map[graph.ID]bool{}
				}
				seen[id] = true
			}
			ids = append(ids, id)
			if limit > 0 && len(ids) == limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// ScanNodes implements graph.Reader. fn runs inside the read transaction
// (one snapshot) and may call the store's other methods; its error comes
// back wrapped.
func (s *Store) ScanNodes(ctx context.Context, kind graph.Kind, fn func(graph.Node) error) error {
	return s.view(ctx, fmt.Sprintf("scan nodes %q", kind), func(txn *badger.Txn) error {
		opts, p := badger.DefaultIteratorOptions, []byte{tagNode}
		if kind != "" {
			opts, p = keyOnly, kindPrefix(kind)
		}
		it := txn.NewIterator(prefixed(opts, p))
		defer it.Close()
		n := 0
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var node graph.Node
			var err error
			if kind == "" {
				node, err = itemNode(it.Item())
			} else {
				node, err = kindNode(txn, it.Item().Key())
			}
			if err != nil {
				return err
			}
			if err := fn(node); err != nil {
				return err
			}
		}
		return nil
	})
}

func itemNode(item *badger.Item) (graph.Node, error) {
	id, err := parseNodeKey(item.Key())
	if err != nil {
		return graph.Node{}, err
	}
	var n graph.Node
	err = item.Value(func(v []byte) error {
		n, err = decodeNode(id, v)
		return err
	})
	return n, err
}

// kindNode reads the node a kind-index key points at.
func kindNode(txn *badger.Txn, key []byte) (graph.Node, error) {
	_, id, err := parseKindKey(key)
	if err != nil {
		return graph.Node{}, err
	}
	n, found, err := getNode(txn, id)
	if err == nil && !found {
		err = fmt.Errorf("kind index points at missing node %s", id)
	}
	return n, err
}

// ScanEdges implements graph.Reader in forward key order: by From, then
// predicate (graph.Predicates order), then To, then article.
func (s *Store) ScanEdges(ctx context.Context, fn func(graph.Edge) error) error {
	return s.view(ctx, "scan edges", func(txn *badger.Txn) error {
		p := []byte{tagFwd}
		it := txn.NewIterator(prefixed(badger.DefaultIteratorOptions, p))
		defer it.Close()
		n := 0
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			e, err := itemEdge(it.Item())
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Stats implements graph.Reader by counting index keys (no values read).
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	st := graph.Stats{ByKind: map[graph.Kind]int{}, ByPredicate: map[graph.Predicate]int{}}
	err := s.view(ctx, "stats", func(txn *badger.Txn) error {
		p := []byte{tagKind}
		it := txn.NewIterator(prefixed(keyOnly, p))
		var last []byte // keys of one kind share a prefix: compare, not parse
		var kind graph.Kind
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			k := it.Item().Key()
			if last == nil || len(k) != len(last) || string(k[:len(k)-idLen]) != string(last) {
				kk, _, err := parseKindKey(k)
				if err != nil {
					it.Close()
					return err
				}
				kind, last = kk, append(last[:0], k[:len(k)-idLen]...)
			}
			st.ByKind[kind]++
			st.Nodes++
		}
		it.Close()
		p = []byte{tagFwd}
		it = txn.NewIterator(prefixed(keyOnly, p))
		defer it.Close()
		var counts [256]int
		for it.Seek(p); it.ValidForPrefix(p); it.Next() {
			k := it.Item().Key()
			if len(k) != edgeKeyLen {
				return fmt.Errorf("edge key %x: malformed", k)
			}
			counts[k[9]]++
			st.Edges++
		}
		for i, c := range counts {
			if c == 0 {
				continue
			}
			if i >= len(graph.Predicates) {
				return fmt.Errorf("%d edges with predicate index %d out of range", c, i)
			}
			st.ByPredicate[graph.Predicates[i]] = c
		}
		return ctx.Err()
	})
	if err != nil {
		return graph.Stats{}, err
	}
	return st, nil
}
