package dgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// edgeKey is an edge's identity: within one article (From, Predicate, To)
// is unique.
type edgeKey struct {
	from, to graph.ID
	pred     graph.Predicate
	article  graph.ID
}

func keyOf(e graph.Edge) edgeKey {
	return edgeKey{from: e.From, to: e.To, pred: e.Predicate, article: e.Prov.Article}
}

// triple is a direct from -predicate-> to link between two stored nodes.
type triple struct {
	from, to string // uids
	pred     graph.Predicate
}

// oldAssertion is a stored assertion a write replaces or deletes.
type oldAssertion struct {
	uid string
	key edgeKey
	t   triple
}

// plan accumulates one transaction's changes.
type plan struct {
	s *Store
	m mutation
	// refs maps node IDs to their N-Quads subject: <0x..> when stored,
	// _:n<hex> when created by this transaction.
	refs map[graph.ID]string
	// stored holds the records of stored nodes, by ID.
	stored map[graph.ID]graph.Node
	// removed are assertions deleted by this transaction, by uid.
	removed map[string]oldAssertion
	// kept are the direct triples this transaction asserts (again).
	kept map[triple]bool
}

func (s *Store) newPlan() *plan {
	return &plan{s: s, refs: map[graph.ID]string{}, stored: map[graph.ID]graph.Node{},
		removed: map[string]oldAssertion{}, kept: map[triple]bool{}}
}

// lookup resolves node IDs to stored uids and records, in one query.
func (p *plan) lookup(ctx context.Context, q querier, ids []graph.ID) error {
	if len(ids) == 0 {
		return nil
	}
	xs := make([]string, 0, len(ids))
	seen := map[graph.ID]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			xs = append(xs, quote(p.s.nodeXID(id)))
		}
	}
	var res struct{ Q []nodeJSON }
	if err := q.query(ctx, `{ q(func: eq(xid, [`+strings.Join(xs, ", ")+`])) { uid x: xid r: `+pRecord+` } }`, nil, &res); err != nil {
		return err
	}
	for i := range res.Q {
		if res.Q[i].R == "" {
			// A node a live load of an export made (xid, no record): not
			// a stored node yet, but writing it must reuse its uid, not
			// mint a second node with the same xid.
			if id, err := idOfXID(res.Q[i].X); err == nil {
				if _, ok := p.refs[id]; !ok {
					p.refs[id] = "<" + res.Q[i].UID + ">"
				}
			}
			continue
		}
		n, err := res.Q[i].node()
		if err != nil {
			return err
		}
		p.refs[n.ID] = "<" + res.Q[i].UID + ">"
		p.stored[n.ID] = n
	}
	return nil
}

// ref returns the subject for a node, minting a blank node for a new one.
func (p *plan) ref(id graph.ID) string {
	if r, ok := p.refs[id]; ok {
		return r
	}
	r := "_:n" + id.String()
	p.refs[id] = r
	return r
}

// putNode writes n merged into the stored node, unless that changes
// nothing. Names, kinds, aliases and roles only ever grow under MergeNode,
// and attributes are scalars that a set replaces, so nothing needs
// deleting.
func (p *plan) putNode(n graph.Node) error {
	old, ok := p.stored[n.ID]
	if ok {
		n = graph.MergeNode(old, n)
		if sameNode(old, n) {
			return nil
		}
	}
	rec, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("node %s: %w", n.ID, err)
	}
	subj := p.ref(n.ID)
	m := &p.m
	if !ok {
		m.lit(subj, "<xid>", p.s.nodeXID(n.ID))
		m.lit(subj, pGraph, p.s.graph)
		m.lit(subj, "<dgraph.type>", label(n.Kind))
		m.lit(subj, pKind, string(n.Kind))
		m.lit(subj, pName, n.Name)
	}
	if n.Subkind != "" && (!ok || old.Subkind == "") {
		m.lit(subj, pSubkind, n.Subkind)
	}
	for _, a := range n.Aliases {
		if !ok || !slices.Contains(old.Aliases, a) {
			m.lit(subj, pAlias, a)
		}
	}
	for _, r := range n.Roles {
		if !ok || !slices.Contains(old.Roles, r) {
			m.lit(subj, pRoleTitle, r)
		}
	}
	for _, k := range attrKeys {
		if val, has := n.Attrs[k]; has && (!ok || old.Attrs[k] != val) {
			m.lit(subj, v("attr/"+k), val)
		}
	}
	for _, name := range normNames(n) {
		if !ok || !slices.Contains(normNames(old), name) {
			m.lit(subj, pNorm, name)
		}
	}
	m.lit(subj, pRecord, string(rec))
	p.stored[n.ID] = n
	return nil
}

// sameNode compares nodes as stored (nil and empty alike).
func sameNode(a, b graph.Node) bool {
	return a.ID == b.ID && a.Kind == b.Kind && a.Subkind == b.Subkind && a.Name == b.Name &&
		slices.Equal(a.Aliases, b.Aliases) && slices.Equal(a.Roles, b.Roles) &&
		(len(a.Attrs) == 0 && len(b.Attrs) == 0 || reflect.DeepEqual(a.Attrs, b.Attrs))
}

// normNames are the distinct NormalizeName forms of n's name and aliases.
func normNames(n graph.Node) []string {
	out := make([]string, 0, 1+len(n.Aliases))
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		if f := graph.NormalizeName(s); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// putEdge writes an assertion and its direct triple; reuse is the uid of
// the stored assertion with the same key, if any, whose fields it
// overwrites.
func (p *plan) putEdge(e graph.Edge, reuse string) {
	m := &p.m
	var subj string
	if reuse != "" {
		subj = "<" + reuse + ">"
		delete(p.removed, reuse)
		// Optional fields the new version lacks must go.
		for _, f := range []struct {
			pred  string
			empty bool
		}{{pSpans, len(e.Prov.Spans) == 0}, {pText, e.Prov.Text == ""}, {pExtractor, e.Prov.Extractor == ""},
			{pVersion, e.Prov.Version == ""}, {pIngested, e.Prov.Ingested.IsZero()}} {
			if f.empty {
				m.delAll(subj, f.pred)
			}
		}
	} else {
		subj = "_:e" + strconv.Itoa(p.m.set.Len())
		m.lit(subj, "<xid>", p.s.edgeXID(e.From, e.Predicate, e.To, e.Prov.Article))
		m.lit(subj, pGraph, p.s.graph)
		m.lit(subj, "<dgraph.type>", "Assertion")
		m.ref(subj, pFrom, p.ref(e.From))
		m.ref(subj, pTo, p.ref(e.To))
		m.lit(subj, pPredicate, string(e.Predicate))
		if e.Prov.Article != 0 {
			m.ref(subj, pArticle, p.ref(e.Prov.Article))
		}
	}
	m.typed(subj, pSeq, strconv.Itoa(e.Seq), "int")
	if len(e.Prov.Spans) > 0 {
		m.lit(subj, pSpans, spansString(e.Prov.Spans))
	}
	if e.Prov.Text != "" {
		m.lit(subj, pText, e.Prov.Text)
	}
	if e.Prov.Extractor != "" {
		m.lit(subj, pExtractor, e.Prov.Extractor)
	}
	if e.Prov.Version != "" {
		m.lit(subj, pVersion, e.Prov.Version)
	}
	m.typed(subj, pConf, strconv.FormatFloat(e.Prov.Confidence, 'g', -1, 64), "float")
	if !e.Prov.Ingested.IsZero() {
		m.typed(subj, pIngested, e.Prov.Ingested.Format(time.RFC3339Nano), "dateTime")
	}
	// The direct triple is set even when it exists, so a concurrent
	// transaction removing it conflicts with this one.
	t := triple{from: p.ref(e.From), to: p.ref(e.To), pred: e.Predicate}
	p.kept[t] = true
	m.ref(t.from, v(string(e.Predicate)), t.to)
}

// removeAssertion deletes an assertion's every predicate.
func (p *plan) removeAssertion(a oldAssertion) {
	p.removed[a.uid] = a
}

// finish deletes the removed assertions, and the direct triples no
// remaining assertion supports, which takes one query for all of them.
func (p *plan) finish(ctx context.Context, q querier) error {
	if len(p.removed) == 0 {
		return nil
	}
	cands := map[triple]bool{}
	for _, uid := range slices.Sorted(maps.Keys(p.removed)) {
		a := p.removed[uid]
		subj := "<" + uid + ">"
		for _, pred := range []string{"<xid>", pGraph, "<dgraph.type>", pFrom, pTo, pPredicate, pSeq, pArticle,
			pSpans, pText, pExtractor, pVersion, pConf, pIngested} {
			p.m.delAll(subj, pred)
		}
		t := a.t
		t.from, t.to = "<"+t.from+">", "<"+t.to+">"
		if !p.kept[t] {
			cands[a.t] = true
		}
	}
	if len(cands) == 0 {
		return nil
	}
	list := slices.SortedFunc(maps.Keys(cands), func(a, b triple) int {
		return strings.Compare(a.from+string(a.pred)+a.to, b.from+string(b.pred)+b.to)
	})
	var b strings.Builder
	b.WriteString("{\n")
	for i, t := range list {
		fmt.Fprintf(&b, "k%d(func: uid(%s)) { e: %s @filter(eq(%s, %s) AND uid_in(%s, %s)) { uid } }\n",
			i, t.from, rFrom, pPredicate, quote(string(t.pred)), pTo, t.to)
	}
	b.WriteString("}")
	var res map[string][]struct {
		E []struct {
			UID string `json:"uid"`
		} `json:"e"`
	}
	if err := q.query(ctx, b.String(), nil, &res); err != nil {
		return err
	}
	for i, t := range list {
		supported := false
		for _, n := range res["k"+strconv.Itoa(i)] {
			for _, e := range n.E {
				if _, gone := p.removed[e.UID]; !gone {
					supported = true
				}
			}
		}
		if !supported {
			p.m.delRef("<"+t.from+">", v(string(t.pred)), "<"+t.to+">")
		}
	}
	return nil
}

// deleteNode deletes every predicate a node write sets.
func (m *mutation) deleteNode(subj string) {
	for _, pred := range []string{"<xid>", pGraph, "<dgraph.type>", pKind, pSubkind, pName, pAlias, pRoleTitle, pNorm, pRecord} {
		m.delAll(subj, pred)
	}
	for _, k := range attrKeys {
		m.delAll(subj, v("attr/"+k))
	}
}

// oldJSON decodes assertions selected with oldFields.
type oldJSON struct {
	UID string `json:"uid"`
	P   string `json:"p"`
	F   *xref  `json:"f"`
	T   *xref  `json:"t"`
	A   *xref  `json:"a"`
}

var oldFields = "uid p: " + pPredicate + " f: " + pFrom + " { uid x: xid } t: " + pTo + " { uid x: xid } a: " + pArticle + " { uid x: xid }"

func (o *oldJSON) old() (oldAssertion, error) {
	if o.F == nil || o.T == nil {
		return oldAssertion{}, fmt.Errorf("assertion %s: missing endpoint: %w", o.UID, graph.ErrInvalid)
	}
	from, err := idOfXID(o.F.X)
	if err != nil {
		return oldAssertion{}, err
	}
	to, err := idOfXID(o.T.X)
	if err != nil {
		return oldAssertion{}, err
	}
	var art graph.ID
	if o.A != nil {
		if art, err = idOfXID(o.A.X); err != nil {
			return oldAssertion{}, err
		}
	}
	return oldAssertion{uid: o.UID, key: edgeKey{from: from, to: to, pred: graph.Predicate(o.P), article: art},
		t: triple{from: o.F.UID, to: o.T.UID, pred: graph.Predicate(o.P)}}, nil
}

// WriteArticle implements graph.Writer in one transaction: look up the
// batch's nodes and the article's earlier assertions, then merge nodes,
// overwrite or delete assertions, and keep direct triples in step.
func (s *Store) WriteArticle(ctx context.Context, b *graph.Batch) error {
	if err := b.Validate(); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	op := "write article " + b.Article.ID.String()
	// The batch's own nodes, merged in order (a node may appear twice).
	batch := map[graph.ID]graph.Node{}
	var order []graph.ID
	for _, n := range append([]graph.Node{b.Article}, b.Nodes...) {
		if prev, ok := batch[n.ID]; ok {
			batch[n.ID] = graph.MergeNode(prev, n)
			continue
		}
		batch[n.ID] = n
		order = append(order, n.ID)
	}
	// Within one article the last of duplicate edges wins.
	edges := map[edgeKey]graph.Edge{}
	var keys []edgeKey
	ids := slices.Clone(order)
	for _, e := range b.Edges {
		k := keyOf(e)
		if _, ok := edges[k]; !ok {
			keys = append(keys, k)
		}
		edges[k] = e
		ids = append(ids, e.From, e.To)
	}
	return s.writeTxn(ctx, op, func(q querier) (*mutation, error) {
		p := s.newPlan()
		if err := p.lookup(ctx, q, ids); err != nil {
			return nil, err
		}
		for i, e := range b.Edges {
			for _, id := range []graph.ID{e.From, e.To} {
				if _, ok := batch[id]; ok {
					continue
				}
				if _, ok := p.stored[id]; !ok {
					return nil, userError{fmt.Errorf("edge %d (%s -%s-> %s): node %s is neither in the batch nor stored: %w",
						i, e.From, e.Predicate, e.To, id, graph.ErrInvalid)}
				}
			}
		}
		old, err := s.articleAssertions(ctx, q, b.Article.ID)
		if err != nil {
			return nil, err
		}
		byKey := map[edgeKey]string{}
		for _, a := range old {
			byKey[a.key] = a.uid
			p.removeAssertion(a)
		}
		for _, id := range order {
			if err := p.putNode(batch[id]); err != nil {
				return nil, err
			}
		}
		for _, k := range keys {
			p.putEdge(edges[k], byKey[k])
		}
		if err := p.finish(ctx, q); err != nil {
			return nil, err
		}
		return &p.m, nil
	})
}

// articleAssertions lists the assertions an article wrote.
func (s *Store) articleAssertions(ctx context.Context, q querier, art graph.ID) ([]oldAssertion, error) {
	var res struct {
		Q []struct {
			E []oldJSON `json:"e"`
		}
	}
	if err := q.query(ctx, `query q($x: string) { q(func: eq(xid, $x)) { e: `+rArticle+` { `+oldFields+` } } }`,
		map[string]string{"$x": s.nodeXID(art)}, &res); err != nil {
		return nil, err
	}
	var out []oldAssertion
	for _, n := range res.Q {
		for i := range n.E {
			a, err := n.E[i].old()
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// DeleteArticle implements graph.Writer: the article's assertions, every
// assertion touching the article node, and the node itself go.
func (s *Store) DeleteArticle(ctx context.Context, id graph.ID) error {
	op := "delete article " + id.String()
	return s.writeTxn(ctx, op, func(q querier) (*mutation, error) {
		var res struct {
			Q []struct {
				UID string    `json:"uid"`
				R   string    `json:"r"`
				A   []oldJSON `json:"a"`
				F   []oldJSON `json:"f"`
				T   []oldJSON `json:"t"`
			}
		}
		if err := q.query(ctx, `query q($x: string) { q(func: eq(xid, $x)) @filter(has(`+pRecord+`)) { uid r: `+pRecord+
			` a: `+rArticle+` { `+oldFields+` } f: `+rFrom+` { `+oldFields+` } t: `+rTo+` { `+oldFields+` } } }`,
			map[string]string{"$x": s.nodeXID(id)}, &res); err != nil {
			return nil, err
		}
		if len(res.Q) == 0 {
			return nil, userError{graph.ErrNotFound}
		}
		nj := nodeJSON{X: s.nodeXID(id), R: res.Q[0].R}
		n, err := nj.node()
		if err != nil {
			return nil, err
		}
		if n.Kind != graph.KindArticle {
			return nil, userError{graph.ErrNotFound}
		}
		p := s.newPlan()
		for _, list := range [][]oldJSON{res.Q[0].A, res.Q[0].F, res.Q[0].T} {
			for i := range list {
				a, err := list[i].old()
				if err != nil {
					return nil, err
				}
				p.removeAssertion(a)
			}
		}
		if err := p.finish(ctx, q); err != nil {
			return nil, err
		}
		p.m.deleteNode("<" + res.Q[0].UID + ">")
		return &p.m, nil
	})
}

// PutNode implements graph.Writer.
func (s *Store) PutNode(ctx context.Context, n graph.Node) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("put node: %w", err)
	}
	return s.writeTxn(ctx, "put node "+n.ID.String(), func(q querier) (*mutation, error) {
		p := s.newPlan()
		if err := p.lookup(ctx, q, []graph.ID{n.ID}); err != nil {
			return nil, err
		}
		if err := p.putNode(n); err != nil {
			return nil, err
		}
		return &p.m, nil
	})
}

// PutEdges implements graph.Writer; an edge with the key of a stored one
// overwrites it.
func (s *Store) PutEdges(ctx context.Context, edges []graph.Edge) error {
	var ids []graph.ID
	for i := range edges {
		e := &edges[i]
		if err := e.Validate(); err != nil {
			return fmt.Errorf("put edges: edge %d: %w", i, err)
		}
		if e.Prov.Article != 0 {
			return fmt.Errorf("put edges: edge %d (%s -%s-> %s): provenance article %s set; article edges go through WriteArticle: %w",
				i, e.From, e.Predicate, e.To, e.Prov.Article, graph.ErrInvalid)
		}
		ids = append(ids, e.From, e.To)
	}
	return s.writeTxn(ctx, "put edges", func(q querier) (*mutation, error) {
		p := s.newPlan()
		if err := p.lookup(ctx, q, ids); err != nil {
			return nil, err
		}
		for i, e := range edges {
			for _, id := range []graph.ID{e.From, e.To} {
				if _, ok := p.stored[id]; !ok {
					return nil, userError{fmt.Errorf("edge %d (%s -%s-> %s): node %s not stored: %w",
						i, e.From, e.Predicate, e.To, id, graph.ErrInvalid)}
				}
			}
		}
		existing, err := s.assertionsByKey(ctx, q, edges)
		if err != nil {
			return nil, err
		}
		last := map[edgeKey]int{}
		for i, e := range edges {
			last[keyOf(e)] = i
		}
		for i, e := range edges {
			if last[keyOf(e)] == i {
				p.putEdge(e, existing[keyOf(e)].uid)
			}
		}
		return &p.m, nil
	})
}

// assertionsByKey finds the stored assertions with the keys of edges.
func (s *Store) assertionsByKey(ctx context.Context, q querier, edges []graph.Edge) (map[edgeKey]oldAssertion, error) {
	out := map[edgeKey]oldAssertion{}
	var xs []string
	for _, e := range edges {
		if e.Predicate.Valid() {
			xs = append(xs, quote(s.edgeXID(e.From, e.Predicate, e.To, e.Prov.Article)))
		}
	}
	if len(xs) == 0 {
		return out, nil
	}
	var res struct{ Q []oldJSON }
	if err := q.query(ctx, `{ q(func: eq(xid, [`+strings.Join(xs, ", ")+`])) @filter(has(`+pPredicate+`)) { `+oldFields+` } }`, nil, &res); err != nil {
		return nil, err
	}
	for i := range res.Q {
		a, err := res.Q[i].old()
		if err != nil {
			return nil, err
		}
		out[a.key] = a
	}
	return out, nil
}

// DeleteEdges implements graph.Writer.
func (s *Store) DeleteEdges(ctx context.Context, edges []graph.Edge) error {
	return s.writeTxn(ctx, "delete edges", func(q querier) (*mutation, error) {
		existing, err := s.assertionsByKey(ctx, q, edges)
		if err != nil {
			return nil, err
		}
		p := s.newPlan()
		for _, a := range existing {
			p.removeAssertion(a)
		}
		if err := p.finish(ctx, q); err != nil {
			return nil, err
		}
		return &p.m, nil
	})
}
