package graph

import (
	"context"
	"io"
)

// Batch is everything one article asserts: the article node, the entity,
// channel and claim nodes it refers to, and the edges between them. Every
// edge's Prov.Article must be Article.ID.
type Batch struct {
	Article Node
	Nodes   []Node
	Edges   []Edge
}

// Reader answers questions about the graph. Implementations are safe for
// concurrent use, also while a Writer is writing: each call sees a
// consistent snapshot.
type Reader interface {
	// Node returns the node with the given ID, or an error wrapping
	// ErrNotFound.
	Node(ctx context.Context, id ID) (Node, error)

	// Edges returns the edges leaving (Out) or entering (In) the node,
	// restricted to the given predicates when any are given, in a stable
	// order: by predicate (in Predicates order), then the other endpoint,
	// then article, then Seq. A node without edges gives an empty slice,
	// not an error.
	Edges(ctx context.Context, id ID, dir Direction, preds ...Predicate) ([]Edge, error)

	// FindName returns the IDs of nodes having name as their name or one of
	// their aliases, compared after NormalizeName (case- and
	// diacritic-insensitive). With prefix, any name starting with it
	// matches. At most limit IDs are returned (limit <= 0: no limit), in
	// ascending order of normalised name, then ID.
	FindName(ctx context.Context, name string, prefix bool, limit int) ([]ID, error)

	// ScanNodes calls fn for each node of the given kind ("" for all) in
	// ascending ID order, stopping at the first error fn returns.
	ScanNodes(ctx context.Context, kind Kind, fn func(Node) error) error

	// ScanEdges calls fn for every edge in a stable order, stopping at the
	// first error fn returns.
	ScanEdges(ctx context.Context, fn func(Edge) error) error

	// Stats counts nodes by kind and edges by predicate.
	Stats(ctx context.Context) (Stats, error)
}

// Writer changes the graph.
type Writer interface {
	// WriteArticle writes b atomically: all of it lands or none does. It
	// first removes every edge an earlier write of the same article ID
	// made, so writing the same batch twice changes nothing and a new
	// version of an article replaces the old one. Nodes that already exist
	// are merged (see MergeNode). It returns an error wrapping ErrInvalid
	// when a node or edge fails validation.
	WriteArticle(ctx context.Context, b *Batch) error

	// DeleteArticle removes the article node and every edge it wrote. It
	// returns an error wrapping ErrNotFound when there is no such article.
	DeleteArticle(ctx context.Context, id ID) error

	// PutNode creates a node or merges it into the existing one.
	PutNode(ctx context.Context, n Node) error

	// PutEdges writes edges that belong to no article (analyst
	// corrections, computed support and contradiction); their Prov.Article
	// is zero. Writing an existing edge replaces it.
	PutEdges(ctx context.Context, edges []Edge) error

	// DeleteEdges removes the given edges (matched by From, Predicate, To
	// and Prov.Article). Missing edges are ignored.
	DeleteEdges(ctx context.Context, edges []Edge) error
}

// Store is a Reader and a Writer holding resources until closed.
type Store interface {
	Reader
	Writer
	io.Closer
}

// Stats summarises a graph.
type Stats struct {
	Nodes       int               `json:"nodes"`
	Edges       int               `json:"edges"`
	ByKind      map[Kind]int      `json:"by_kind"`
	ByPredicate map[Predicate]int `json:"by_predicate"`
}

// Optional capabilities, found by type assertion like database/sql/driver's.

// Backuper is a Store that can write a full backup and load one.
type Backuper interface {
	Backup(ctx context.Context, w io.Writer) error
	Restore(ctx context.Context, r io.Reader) error
}

// Problem is one inconsistency found by a Checker.
type Problem struct {
	Kind   string `json:"kind"` // e.g. "dangling-edge", "missing-reverse", "name-index"
	Detail string `json:"detail"`
}

// Checker is a Store that can verify its own consistency.
type Checker interface {
	Check(ctx context.Context) ([]Problem, error)
}

// MergeNode merges b into a, the rule every backend applies when a written
// node already exists: a keeps its ID, kind and name; aliases and roles
// become the union (in first-seen order); b's subkind fills an empty one;
// b's attributes overwrite a's.
func MergeNode(a, b Node) Node {
	out := a
	if out.Subkind == "" {
		out.Subkind = b.Subkind
	}
	out.Aliases = union(a.Aliases, b.Aliases)
	out.Roles = union(a.Roles, b.Roles)
	if len(b.Attrs) > 0 {
		m := make(map[string]string, len(a.Attrs)+len(b.Attrs))
		for k, v := range a.Attrs {
			m[k] = v
		}
		for k, v := range b.Attrs {
			m[k] = v
		}
		out.Attrs = m
	}
	return out
}

func union(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	out := make([]string, 0, len(a)+len(b))
	for _, s := range append(append([]string(nil), a...), b...) {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
