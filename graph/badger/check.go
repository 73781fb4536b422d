package badger

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

// maxProblems caps Check's report; past it a store is plainly broken and a
// longer list helps nobody.
const maxProblems = 1000

// Check implements graph.Checker over one snapshot. It verifies that every
// node decodes and is in the kind and name indexes, that every index entry
// points at a node that has that kind or name, that forward and reverse
// edges agree (same keys, same values), that no edge has a missing
// endpoint, and that article edges and the article index agree.
func (s *Store) Check(ctx context.Context) ([]graph.Problem, error) {
	var probs []graph.Problem
	truncated := false
	report := func(kind, format string, args ...any) {
		if len(probs) == maxProblems {
			truncated = true
			return
		}
		probs = append(probs, graph.Problem{Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}
	err := s.view(ctx, "check", func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			report("schema", "schema version key missing")
		} else if err != nil {
			return err
		} else if v, err := item.ValueCopy(nil); err != nil {
			return err
		} else if len(v) != 4 || binary.BigEndian.Uint32(v) != SchemaVersion {
			report("schema", "schema version value %x, want %d", v, SchemaVersion)
		}
		c := checker{ctx: ctx, txn: txn, report: report, nodes: map[graph.ID]graph.Node{}}
		for _, step := range []func() error{c.nodeEntries, c.kinds, c.names, c.forward, c.reverse, c.articles} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if truncated {
		probs = append(probs, graph.Problem{Kind: "truncated", Detail: fmt.Sprintf("stopped after %d problems", maxProblems)})
	}
	return probs, nil
}

type checker struct {
	ctx    context.Context
	txn    *badger.Txn
	report func(kind, format string, args ...any)
	nodes  map[graph.ID]graph.Node // every decodable node; names are needed to check the name index
}

// each iterates the keys (and values when withValues) under prefix.
func (c *checker) each(prefix []byte, withValues bool, fn func(k, v []byte) error) error {
	opts := keyOnly
	if withValues {
		opts = badger.DefaultIteratorOptions
	}
	it := c.txn.NewIterator(prefixed(opts, prefix))
	defer it.Close()
	n := 0
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if n++; n%4096 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		item := it.Item()
		var v []byte
		if withValues {
			var err error
			if v, err = item.ValueCopy(nil); err != nil {
				return err
			}
		}
		if err := fn(item.Key(), v); err != nil {
			return err
		}
	}
	return nil
}

// has reports whether key exists.
func (c *checker) has(key []byte) (bool, error) {
	_, err := c.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (c *checker) nodeEntries() error {
	return c.each([]byte{tagNode}, true, func(k, v []byte) error {
		id, err := parseNodeKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		n, err := decodeNode(id, v)
		if err != nil {
			c.report("bad-value", "%v", err)
			return nil
		}
		c.nodes[id] = n
		if err := n.Validate(); err != nil {
			c.report("invalid-node", "%v", err)
		}
		if ok, err := c.has(kindKey(n.Kind, id)); err != nil {
			return err
		} else if !ok {
			c.report("kind-index", "node %s (%s) missing from the kind index", id, n.Kind)
		}
		for _, name := range nodeNames(n) {
			if ok, err := c.has(nameKey(name, id)); err != nil {
				return err
			} else if !ok {
				c.report("name-index", "node %s: name %q missing from the name index", id, name)
			}
		}
		return nil
	})
}

func (c *checker) kinds() error {
	return c.each([]byte{tagKind}, false, func(k, _ []byte) error {
		kind, id, err := parseKindKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		if n, ok := c.nodes[id]; !ok {
			c.report("kind-index", "kind index entry %q for missing node %s", kind, id)
		} else if n.Kind != kind {
			c.report("kind-index", "kind index entry %q for node %s of kind %q", kind, id, n.Kind)
		}
		return nil
	})
}

func (c *checker) names() error {
	return c.each([]byte{tagName}, false, func(k, _ []byte) error {
		name, id, err := parseNameKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		if n, ok := c.nodes[id]; !ok {
			c.report("name-index", "name index entry %q for missing node %s", name, id)
		} else if !slices.Contains(nodeNames(n), name) {
			c.report("name-index", "name index entry %q for node %s, which has no such name", name, id)
		}
		return nil
	})
}

func (c *checker) forward() error {
	return c.each([]byte{tagFwd}, true, func(k, v []byte) error {
		ek, err := parseEdgeKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		if _, err := decodeEdge(ek, v); err != nil {
			c.report("bad-value", "%v", err)
		}
		for _, id := range [2]graph.ID{ek.From, ek.To} {
			if _, ok := c.nodes[id]; !ok {
				c.report("dangling-edge", "edge %s: node %s missing", ek, id)
			}
		}
		item, err := c.txn.Get(revKey(ek))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			c.report("missing-reverse", "edge %s has no reverse key", ek)
		case err != nil:
			return err
		default:
			rv, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if !bytes.Equal(rv, v) {
				c.report("reverse-mismatch", "edge %s: reverse value differs from forward value", ek)
			}
		}
		if ek.Article != 0 {
			if n, ok := c.nodes[ek.Article]; !ok || n.Kind != graph.KindArticle {
				c.report("missing-article", "edge %s: its article node is missing", ek)
			}
			if ok, err := c.has(articleKey(ek)); err != nil {
				return err
			} else if !ok {
				c.report("article-index", "edge %s missing from its article's index", ek)
			}
		}
		return nil
	})
}

func (c *checker) reverse() error {
	return c.each([]byte{tagRev}, false, func(k, _ []byte) error {
		ek, err := parseEdgeKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		if ok, err := c.has(fwdKey(ek)); err != nil {
			return err
		} else if !ok {
			c.report("missing-forward", "reverse key of edge %s has no forward key", ek)
		}
		return nil
	})
}

func (c *checker) articles() error {
	return c.each([]byte{tagArticle}, false, func(k, _ []byte) error {
		ek, err := parseEdgeKey(k)
		if err != nil {
			c.report("bad-key", "%v", err)
			return nil
		}
		if ok, err := c.has(fwdKey(ek)); err != nil {
			return err
		} else if !ok {
			c.report("article-index", "article index lists edge %s, which does not exist", ek)
		}
		return nil
	})
}
