package mem

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sourcetrace/sourcetrace/graph"
)

var (
	_ graph.Store   = (*Store)(nil)
	_ graph.Checker = (*Store)(nil)
)

// edgeKey identifies an edge: within one article (From, Predicate, To) is
// unique, so these four fields are the edge's identity.
type edgeKey struct {
	from, to ID
	pred     int // graph.Predicate.Index()
	article  ID
}

// ID is a local alias to keep the struct literal short.
type ID = graph.ID

// Store is an in-memory graph.Store. The zero value is not usable; call New.
type Store struct {
	mu        sync.RWMutex
	closed    bool
	nodes     map[ID]graph.Node
	edges     map[edgeKey]graph.Edge
	out       map[ID]map[edgeKey]struct{}
	in        map[ID]map[edgeKey]struct{}
	byArticle map[ID]map[edgeKey]struct{}
	names     map[string]map[ID]struct{} // normalised name or alias -> node IDs
}

// New returns an empty store.
func New() *Store {
	return &Store{
		nodes:     make(map[ID]graph.Node),
		edges:     make(map[edgeKey]graph.Edge),
		out:       make(map[ID]map[edgeKey]struct{}),
		in:        make(map[ID]map[edgeKey]struct{}),
		byArticle: make(map[ID]map[edgeKey]struct{}),
		names:     make(map[string]map[ID]struct{}),
	}
}

// Close releases the maps; later calls return an error wrapping
// graph.ErrClosed. Closing twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.nodes, s.edges, s.out, s.in, s.byArticle, s.names = nil, nil, nil, nil, nil, nil
	return nil
}

func (s *Store) check(ctx context.Context, op string) error {
	if s.closed {
		return fmt.Errorf("%s: %w", op, graph.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// Node implements graph.Reader.
func (s *Store) Node(ctx context.Context, id ID) (graph.Node, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, "node"); err != nil {
		return graph.Node{}, err
	}
	n, ok := s.nodes[id]
	if !ok {
		return graph.Node{}, fmt.Errorf("node %s: %w", id, graph.ErrNotFound)
	}
	return cloneNode(n), nil
}

// Edges implements graph.Reader.
func (s *Store) Edges(ctx context.Context, id ID, dir graph.Direction, preds ...graph.Predicate) ([]graph.Edge, error) {
	want, err := predFilter(preds)
	if err != nil {
		return nil, fmt.Errorf("edges of %s: %w", id, err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, "edges"); err != nil {
		return nil, err
	}
	var adj map[edgeKey]struct{}
	switch dir {
	case graph.Out:
		adj = s.out[id]
	case graph.In:
		adj = s.in[id]
	default:
		return nil, fmt.Errorf("edges of %s: direction %d: %w", id, dir, graph.ErrInvalid)
	}
	keys := make([]edgeKey, 0, len(adj))
	for k := range adj {
		if want == nil || want[k.pred] {
			keys = append(keys, k)
		}
	}
	other := func(k edgeKey) ID {
		if dir == graph.Out {
			return k.to
		}
		return k.from
	}
	// Seq cannot break a tie: (from, pred, to, article) is unique.
	slices.SortFunc(keys, func(a, b edgeKey) int {
		return cmp.Or(cmp.Compare(a.pred, b.pred), cmp.Compare(other(a), other(b)), cmp.Compare(a.article, b.article))
	})
	out := make([]graph.Edge, len(keys))
	for i, k := range keys {
		out[i] = cloneEdge(s.edges[k])
	}
	return out, nil
}

// predFilter returns the set of wanted predicate indexes, nil for all.
func predFilter(preds []graph.Predicate) (map[int]bool, error) {
	if len(preds) == 0 {
		return nil, nil
	}
	want := make(map[int]bool, len(preds))
	for _, p := range preds {
		i := p.Index()
		if i < 0 {
			return nil, fmt.Errorf("unknown predicate %q: %w", p, graph.ErrInvalid)
		}
		want[i] = true
	}
	return want, nil
}

// FindName implements graph.Reader.
func (s *Store) FindName(ctx context.Context, name string, prefix bool, limit int) ([]ID, error) {
	norm := graph.NormalizeName(name)
	if norm == "" {
		return nil, fmt.Errorf("find name %q: empty after normalisation: %w", name, graph.ErrInvalid)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, "find name"); err != nil {
		return nil, err
	}
	type hit struct {
		name string
		id   ID
	}
	var hits []hit
	if prefix {
		for n, ids := range s.names {
			if strings.HasPrefix(n, norm) {
				for id := range ids {
					hits = append(hits, hit{n, id})
				}
			}
		}
	} else {
		for id := range s.names[norm] {
			hits = append(hits, hit{norm, id})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
	})
	// A node may match through its name and an alias; it counts once, at
	// its first (smallest) matching name.
	seen := make(map[ID]bool, len(hits))
	ids := make([]ID, 0, len(hits))
	for _, h := range hits {
		if seen[h.id] {
			continue
		}
		seen[h.id] = true
		ids = append(ids, h.id)
		if limit > 0 && len(ids) == limit {
			break
		}
	}
	return ids, nil
}

// ScanNodes implements graph.Reader. fn runs without the lock held, on a
// snapshot, so it may call back into the store.
func (s *Store) ScanNodes(ctx context.Context, kind graph.Kind, fn func(graph.Node) error) error {
	s.mu.RLock()
	if err := s.check(ctx, "scan nodes"); err != nil {
		s.mu.RUnlock()
		return err
	}
	var nodes []graph.Node
	for _, n := range s.nodes {
		if kind == "" || n.Kind == kind {
			nodes = append(nodes, cloneNode(n))
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(nodes, func(a, b graph.Node) int { return cmp.Compare(a.ID, b.ID) })
	for i, n := range nodes {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("scan nodes: %w", err)
			}
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

// ScanEdges implements graph.Reader. The order is by From, then predicate
// (in graph.Predicates order), then To, then article — the badger store's
// forward key order. fn runs on a snapshot without the lock held.
func (s *Store) ScanEdges(ctx context.Context, fn func(graph.Edge) error) error {
	s.mu.RLock()
	if err := s.check(ctx, "scan edges"); err != nil {
		s.mu.RUnlock()
		return err
	}
	keys := slices.Collect(maps.Keys(s.edges))
	edges := make(map[edgeKey]graph.Edge, len(keys))
	for _, k := range keys {
		edges[k] = cloneEdge(s.edges[k])
	}
	s.mu.RUnlock()
	slices.SortFunc(keys, compareKeys)
	for i, k := range keys {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("scan edges: %w", err)
			}
		}
		if err := fn(edges[k]); err != nil {
			return err
		}
	}
	return nil
}

func compareKeys(a, b edgeKey) int {
	return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.pred, b.pred), cmp.Compare(a.to, b.to), cmp.Compare(a.article, b.article))
}

// Stats implements graph.Reader.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx, "stats"); err != nil {
		return graph.Stats{}, err
	}
	st := graph.Stats{
		Nodes:       len(s.nodes),
		Edges:       len(s.edges),
		ByKind:      make(map[graph.Kind]int),
		ByPredicate: make(map[graph.Predicate]int),
	}
	for _, n := range s.nodes {
		st.ByKind[n.Kind]++
	}
	for k := range s.edges {
		st.ByPredicate[graph.Predicates[k.pred]]++
	}
	return st, nil
}

// WriteArticle implements graph.Writer. Everything is validated before the
// first change, so a failing batch leaves the store untouched.
func (s *Store) WriteArticle(ctx context.Context, b *graph.Batch) error {
	if err := b.Validate(); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "write article"); err != nil {
		return err
	}
	// The batch's own nodes, merged in order (a node may appear twice).
	batch := make(map[ID]graph.Node, len(b.Nodes)+1)
	order := make([]ID, 0, len(b.Nodes)+1)
	for _, n := range append([]graph.Node{b.Article}, b.Nodes...) {
		if prev, ok := batch[n.ID]; ok {
			batch[n.ID] = graph.MergeNode(prev, n)
			continue
		}
		batch[n.ID] = n
		order = append(order, n.ID)
	}
	for i, e := range b.Edges {
		for _, id := range []ID{e.From, e.To} {
			if _, ok := batch[id]; ok {
				continue
			}
			if _, ok := s.nodes[id]; !ok {
				return fmt.Errorf("write article %s: edge %d (%s -%s-> %s): node %s is neither in the batch nor stored: %w",
					b.Article.ID, i, e.From, e.Predicate, e.To, id, graph.ErrInvalid)
			}
		}
	}
	for k := range s.byArticle[b.Article.ID] {
		s.removeEdge(k)
	}
	for _, id := range order {
		s.putNode(batch[id])
	}
	for _, e := range b.Edges {
		s.putEdge(e)
	}
	return nil
}

// DeleteArticle implements graph.Writer. Edges of other articles that touch
// the article node (republished_from, say) go too, so no edge dangles.
func (s *Store) DeleteArticle(ctx context.Context, id ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "delete article"); err != nil {
		return err
	}
	n, ok := s.nodes[id]
	if !ok || n.Kind != graph.KindArticle {
		return fmt.Errorf("delete article %s: %w", id, graph.ErrNotFound)
	}
	for k := range s.byArticle[id] {
		s.removeEdge(k)
	}
	for k := range s.out[id] {
		s.removeEdge(k)
	}
	for k := range s.in[id] {
		s.removeEdge(k)
	}
	for _, name := range nodeNames(n) {
		delete(s.names[name], id)
		if len(s.names[name]) == 0 {
			delete(s.names, name)
		}
	}
	delete(s.nodes, id)
	return nil
}

// PutNode implements graph.Writer.
func (s *Store) PutNode(ctx context.Context, n graph.Node) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("put node: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "put node"); err != nil {
		return err
	}
	s.putNode(n)
	return nil
}

// PutEdges implements graph.Writer. All edges are checked before any is
// written; both endpoints of each must exist.
func (s *Store) PutEdges(ctx context.Context, edges []graph.Edge) error {
	for i := range edges {
		e := &edges[i]
		if err := e.Validate(); err != nil {
			return fmt.Errorf("put edges: edge %d: %w", i, err)
		}
		if e.Prov.Article != 0 {
			return fmt.Errorf("put edges: edge %d (%s -%s-> %s): provenance article %s set; article edges go through WriteArticle: %w",
				i, e.From, e.Predicate, e.To, e.Prov.Article, graph.ErrInvalid)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "put edges"); err != nil {
		return err
	}
	for i, e := range edges {
		for _, id := range []ID{e.From, e.To} {
			if _, ok := s.nodes[id]; !ok {
				return fmt.Errorf("put edges: edge %d (%s -%s-> %s): node %s not stored: %w",
					i, e.From, e.Predicate, e.To, id, graph.ErrInvalid)
			}
		}
	}
	for _, e := range edges {
		s.putEdge(e)
	}
	return nil
}

// DeleteEdges implements graph.Writer.
func (s *Store) DeleteEdges(ctx context.Context, edges []graph.Edge) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx, "delete edges"); err != nil {
		return err
	}
	for _, e := range edges {
		i := e.Predicate.Index()
		if i < 0 {
			continue // cannot exist
		}
		s.removeEdge(edgeKey{from: e.From, to: e.To, pred: i, article: e.Prov.Article})
	}
	return nil
}

// putNode stores n, merged into an existing node of the same ID, and
// indexes its names. The caller holds the write lock.
func (s *Store) putNode(n graph.Node) {
	if old, ok := s.nodes[n.ID]; ok {
		n = graph.MergeNode(old, n)
	}
	n = cloneNode(n)
	s.nodes[n.ID] = n
	for _, name := range nodeNames(n) {
		ids := s.names[name]
		if ids == nil {
			ids = make(map[ID]struct{})
			s.names[name] = ids
		}
		ids[n.ID] = struct{}{}
	}
}

func (s *Store) putEdge(e graph.Edge) {
	k := edgeKey{from: e.From, to: e.To, pred: e.Predicate.Index(), article: e.Prov.Article}
	s.edges[k] = cloneEdge(e)
	add(s.out, e.From, k)
	add(s.in, e.To, k)
	if k.article != 0 {
		add(s.byArticle, k.article, k)
	}
}

func (s *Store) removeEdge(k edgeKey) {
	if _, ok := s.edges[k]; !ok {
		return
	}
	delete(s.edges, k)
	remove(s.out, k.from, k)
	remove(s.in, k.to, k)
	remove(s.byArticle, k.article, k)
}

func add(m map[ID]map[edgeKey]struct{}, id ID, k edgeKey) {
	set := m[id]
	if set == nil {
		set = make(map[edgeKey]struct{})
		m[id] = set
	}
	set[k] = struct{}{}
}

func remove(m map[ID]map[edgeKey]struct{}, id ID, k edgeKey) {
	set := m[id]
	delete(set, k)
	if len(set) == 0 {
		delete(m, id)
	}
}

// nodeNames returns the distinct non-empty normalised forms of n's name and
// aliases: the keys under which FindName finds n.
func nodeNames(n graph.Node) []string {
	out := make([]string, 0, 1+len(n.Aliases))
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		if f := graph.NormalizeName(s); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// cloneNode deep-copies n so callers never share the store's slices and maps.
func cloneNode(n graph.Node) graph.Node {
	n.Aliases = slices.Clone(n.Aliases)
	n.Roles = slices.Clone(n.Roles)
	if n.Attrs != nil {
		n.Attrs = maps.Clone(n.Attrs)
	}
	return n
}

func cloneEdge(e graph.Edge) graph.Edge {
	e.Prov.Spans = slices.Clone(e.Prov.Spans)
	return e
}
