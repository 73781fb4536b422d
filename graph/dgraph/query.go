package dgraph

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/path"
)

// The provenance queries below fetch, in one DQL request each, exactly the
// neighbourhood the query package's algorithm reads: reverse edges (~to,
// ~from) for a claim's speakers, reports and channels, @recurse over the
// direct part_of/aired_on and republished_from triples for channel and
// republication closures, and the assertions (with provenance) of all of
// it. The neighbourhood is loaded into an in-memory store and the query
// package's own function runs there, so the answers are those of the
// embedded store by construction, at a constant number of round trips
// instead of one per hop.

// recurseDepth bounds @recurse; it exceeds query.MaxDepth so a
// republication history too deep for query.Chains still fails there with
// graph.ErrLimit rather than being cut short here.
const recurseDepth = query.MaxDepth + 8

// view collects nodes and edges fetched from Dgraph.
type view struct {
	nodes map[graph.ID]graph.Node
	edges map[edgeKey]graph.Edge
}

func newView() *view {
	return &view{nodes: map[graph.ID]graph.Node{}, edges: map[edgeKey]graph.Edge{}}
}

// recRef is a uid target selected with its record.
type recRef struct {
	UID string `json:"uid"`
	X   string `json:"x"`
	R   string `json:"r"`
}

// viewFields selects an assertion with its endpoints' and article's
// records.
var viewFields = "uid x: xid p: " + pPredicate + " s: " + pSeq +
	" f: " + pFrom + " { uid x: xid r: " + pRecord + " } t: " + pTo + " { uid x: xid r: " + pRecord + " } a: " + pArticle + " { uid x: xid r: " + pRecord + " }" +
	" sp: " + pSpans + " tx: " + pText + " ex: " + pExtractor + " ve: " + pVersion +
	" c: " + pConf + " i: " + pIngested

type viewAssertion struct {
	assertionJSON
	FR *recRef `json:"f"`
	TR *recRef `json:"t"`
	AR *recRef `json:"a"`
}

// add decodes a response's "nodes" and "edges" blocks into the view.
func (vw *view) add(nodes []nodeJSON, edges []viewAssertion) error {
	for i := range nodes {
		n, err := nodes[i].node()
		if err != nil {
			return err
		}
		vw.nodes[n.ID] = n
	}
	for i := range edges {
		a := &edges[i]
		for _, r := range []*recRef{a.FR, a.TR, a.AR} {
			if r == nil {
				continue
			}
			nj := nodeJSON{UID: r.UID, X: r.X, R: r.R}
			n, err := nj.node()
			if err != nil {
				return err
			}
			vw.nodes[n.ID] = n
		}
		if a.FR != nil {
			a.From = &xref{UID: a.FR.UID, X: a.FR.X}
		}
		if a.TR != nil {
			a.To = &xref{UID: a.TR.UID, X: a.TR.X}
		}
		if a.AR != nil {
			a.Art = &xref{UID: a.AR.UID, X: a.AR.X}
		}
		e, err := a.edge()
		if err != nil {
			return err
		}
		vw.edges[keyOf(e)] = e
	}
	return nil
}

// store loads the view into an in-memory store: nodes, then each
// article's edges as one batch, then edges of no article.
func (vw *view) store(ctx context.Context) (*mem.Store, error) {
	m := mem.New()
	for _, id := range slices.Sorted(maps.Keys(vw.nodes)) {
		if err := m.PutNode(ctx, vw.nodes[id]); err != nil {
			return nil, err
		}
	}
	byArt := map[graph.ID][]graph.Edge{}
	for _, k := range slices.SortedFunc(maps.Keys(vw.edges), compareKeys) {
		e := vw.edges[k]
		byArt[e.Prov.Article] = append(byArt[e.Prov.Article], e)
	}
	for _, art := range slices.Sorted(maps.Keys(byArt)) {
		es := byArt[art]
		if art == 0 {
			if err := m.PutEdges(ctx, es); err != nil {
				return nil, err
			}
			continue
		}
		a, ok := vw.nodes[art]
		if !ok {
			return nil, fmt.Errorf("view: article %s of %d edges not fetched: %w", art, len(es), graph.ErrInvalid)
		}
		if err := m.WriteArticle(ctx, &graph.Batch{Article: a, Edges: es}); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func compareKeys(a, b edgeKey) int {
	return cmp.Or(cmp.Compare(a.from, b.from), strings.Compare(string(a.pred), string(b.pred)),
		cmp.Compare(a.to, b.to), cmp.Compare(a.article, b.article))
}

// fetch runs a view query in one snapshot and adds its blocks to vw.
func (s *Store) fetch(ctx context.Context, op, dql string, vars map[string]string, vw *view) error {
	return s.readTxn(ctx, op, func(q querier) error {
		var res struct {
			Nodes []nodeJSON      `json:"nodes"`
			Edges []viewAssertion `json:"edges"`
		}
		if err := q.query(ctx, dql, vars, &res); err != nil {
			return err
		}
		return vw.add(res.Nodes, res.Edges)
	})
}

func (s *Store) xidList(ids []graph.ID) string {
	qs := make([]string, len(ids))
	for i, id := range ids {
		qs[i] = quote(s.nodeXID(id))
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

// chainsDQL selects what query.Chains reads for the claims in C: their
// said and contains assertions in, via out; the reporting articles and,
// by @recurse over republished_from, every article they copy, with those
// articles' reported_by, published_by and republished_from assertions;
// the via channels and, by @recurse over part_of and aired_on, the
// channels they belong to, with those assertions.
func (s *Store) chainsDQL(ids []graph.ID) string {
	P := pPredicate
	return `{
  C as var(func: eq(xid, ` + s.xidList(ids) + `)) @filter(has(` + pRecord + `))
  var(func: uid(C)) {
    IN as ` + rTo + ` @filter(eq(` + P + `, ["said", "contains"])) { SRC as ` + pFrom + ` }
    VIA as ` + rFrom + ` @filter(eq(` + P + `, "via")) { CH as ` + pTo + ` }
  }
  var(func: uid(SRC)) @recurse(depth: ` + fmt.Sprint(recurseDepth) + `, loop: false) { ART as ` + v("republished_from") + ` }
  var(func: uid(SRC, ART)) { AOUT as ` + rFrom + ` @filter(eq(` + P + `, ["reported_by", "published_by", "republished_from"])) }
  var(func: uid(CH)) @recurse(depth: ` + fmt.Sprint(recurseDepth) + `, loop: false) { CHX as ` + v("part_of") + ` CHY as ` + v("aired_on") + ` }
  var(func: uid(CH, CHX, CHY)) { COUT as ` + rFrom + ` @filter(eq(` + P + `, ["part_of", "aired_on"])) }
  nodes(func: uid(C)) { uid x: xid r: ` + pRecord + ` }
  edges(func: uid(IN, VIA, AOUT, COUT)) { ` + viewFields + ` }
}`
}

// Chains answers query.Chains for a claim with one DQL request.
func (s *Store) Chains(ctx context.Context, claim graph.ID) ([]query.Chain, error) {
	vw := newView()
	if err := s.fetch(ctx, "chains of claim "+claim.String(), s.chainsDQL([]graph.ID{claim}), nil, vw); err != nil {
		return nil, err
	}
	m, err := vw.store(ctx)
	if err != nil {
		return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
	}
	return query.Chains(ctx, m, claim)
}

// Origins answers query.Origins with two DQL requests: the claims' said
// and contains edges and their speakers' every claim (for the cluster),
// then the chains neighbourhood of the cluster.
func (s *Store) Origins(ctx context.Context, claim graph.ID, opts query.ClusterOptions) (query.OriginsResult, error) {
	op := "origins of claim " + claim.String()
	vw := newView()
	start := append([]graph.ID{claim}, opts.Claims...)
	P := pPredicate
	dql := `{
  C as var(func: eq(xid, ` + s.xidList(start) + `)) @filter(has(` + pRecord + `))
  var(func: uid(C)) { IN as ` + rTo + ` @filter(eq(` + P + `, ["said", "contains"])) }
  var(func: uid(C)) { ` + rTo + ` @filter(eq(` + P + `, "said")) { SP as ` + pFrom + ` } }
  var(func: uid(SP)) { SAID as ` + rFrom + ` @filter(eq(` + P + `, "said")) }
  nodes(func: uid(C)) { uid x: xid r: ` + pRecord + ` }
  edges(func: uid(IN, SAID)) { ` + viewFields + ` }
}`
	if err := s.fetch(ctx, op, dql, nil, vw); err != nil {
		return query.OriginsResult{}, err
	}
	m, err := vw.store(ctx)
	if err != nil {
		return query.OriginsResult{}, fmt.Errorf("%s: %w", op, err)
	}
	ids, err := query.Cluster(ctx, m, claim, opts)
	if err != nil {
		// The in-memory answer is the store's: unknown or not a claim.
		return query.OriginsResult{}, fmt.Errorf("origins: %w", err)
	}
	if err := s.fetch(ctx, op, s.chainsDQL(ids), nil, vw); err != nil {
		return query.OriginsResult{}, err
	}
	if m, err = vw.store(ctx); err != nil {
		return query.OriginsResult{}, fmt.Errorf("%s: %w", op, err)
	}
	return query.Origins(ctx, m, claim, opts)
}

// ClaimsBy answers query.ClaimsBy with one DQL request: the nodes named
// speakerName (the norm_name index), their said assertions and each
// claim's said and contains assertions. A name matching no speaker is
// answered by the store itself, whose error suggests similar names.
func (s *Store) ClaimsBy(ctx context.Context, speakerName string) ([]query.ClaimRef, error) {
	norm := graph.NormalizeName(speakerName)
	if norm == "" {
		return query.ClaimsBy(ctx, s, speakerName)
	}
	P := pPredicate
	dql := `query q($n: string, $g: string) {
  N as var(func: eq(` + pNorm + `, $n)) @filter(eq(` + pGraph + `, $g) AND has(` + pRecord + `))
  var(func: uid(N)) { SAID as ` + rFrom + ` @filter(eq(` + P + `, "said")) { CL as ` + pTo + ` } }
  var(func: uid(CL)) { IN as ` + rTo + ` @filter(eq(` + P + `, ["said", "contains"])) }
  nodes(func: uid(N)) { uid x: xid r: ` + pRecord + ` }
  edges(func: uid(SAID, IN)) { ` + viewFields + ` }
}`
	vw := newView()
	if err := s.fetch(ctx, fmt.Sprintf("claims by %q", speakerName), dql, map[string]string{"$n": norm, "$g": s.graph}, vw); err != nil {
		return nil, err
	}
	speakers := 0
	for _, n := range vw.nodes {
		if graph.NormalizeName(n.Name) == norm || slices.ContainsFunc(n.Aliases, func(a string) bool { return graph.NormalizeName(a) == norm }) {
			if n.Kind.IsSpeaker() {
				speakers++
			}
		}
	}
	if speakers == 0 {
		return query.ClaimsBy(ctx, s, speakerName)
	}
	m, err := vw.store(ctx)
	if err != nil {
		return nil, fmt.Errorf("claims by %q: %w", speakerName, err)
	}
	return query.ClaimsBy(ctx, m, speakerName)
}

// Shortest finds one shortest path from from to to with Dgraph's shortest
// over the direct triples (and their reverses when opts.Undirected), in
// one request; the path's steps are then named from the assertions among
// its nodes (uid_in), choosing per step what path.KShortest would:
// forward before backward, then predicate order, then the first article.
// found is false when no path of at most opts.MaxDepth edges exists. Ties
// between paths of equal length are broken by Dgraph, not by node IDs as
// path.KShortest does, so only the length is sure to agree when several
// shortest paths exist.
func (s *Store) Shortest(ctx context.Context, from, to graph.ID, opts path.ShortestOptions) (p path.Path, found bool, err error) {
	op := fmt.Sprintf("shortest path %s-%s", from, to)
	switch {
	case opts.MaxDepth < 1:
		return p, false, fmt.Errorf("%s: depth %d, want at least 1: %w", op, opts.MaxDepth, graph.ErrInvalid)
	case opts.DepthLimit > 0 && opts.MaxDepth > opts.DepthLimit:
		return p, false, fmt.Errorf("%s: depth %d is over the limit of %d (query.max_depth): %w", op, opts.MaxDepth, opts.DepthLimit, graph.ErrLimit)
	}
	preds := opts.Preds
	if len(preds) == 0 {
		preds = graph.Predicates
	}
	var walk []string
	for _, pr := range preds {
		if !pr.Valid() {
			return p, false, fmt.Errorf("%s: unknown predicate %q: %w", op, pr, graph.ErrInvalid)
		}
		walk = append(walk, v(string(pr)))
		if opts.Undirected {
			walk = append(walk, rv(string(pr)))
		}
	}
	for _, id := range []graph.ID{from, to} {
		if _, err := s.Node(ctx, id); err != nil {
			return p, false, fmt.Errorf("%s: %w", op, err)
		}
	}
	if from == to {
		n, err := s.Node(ctx, from)
		if err != nil {
			return p, false, err
		}
		return path.Path{Nodes: []path.NodeRef{{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}}, Edges: []path.PathEdge{}}, true, nil
	}
	dql := `{
  A as var(func: eq(xid, ` + quote(s.nodeXID(from)) + `))
  B as var(func: eq(xid, ` + quote(s.nodeXID(to)) + `))
  P as shortest(from: uid(A), to: uid(B), depth: ` + fmt.Sprint(opts.MaxDepth) + `) { ` + strings.Join(walk, " ") + ` }
  nodes(func: uid(P)) { uid x: xid r: ` + pRecord + ` }
  edges(func: uid(P)) { o: ` + rFrom + ` @filter(eq(` + pPredicate + `, ` + predList(preds) + `) AND uid_in(` + pTo + `, uid(P))) { ` + assertionFields + ` } }
}`
	var nodes []graph.Node
	var edges []graph.Edge
	err = s.readTxn(ctx, op, func(q querier) error {
		var res struct {
			Nodes []nodeJSON `json:"nodes"`
			Edges []struct {
				O []assertionJSON `json:"o"`
			} `json:"edges"`
		}
		if err := q.query(ctx, dql, nil, &res); err != nil {
			return err
		}
		for i := range res.Nodes {
			n, err := res.Nodes[i].node()
			if err != nil {
				return err
			}
			nodes = append(nodes, n)
		}
		for _, n := range res.Edges {
			for i := range n.O {
				e, err := n.O[i].edge()
				if err != nil {
					return err
				}
				edges = append(edges, e)
			}
		}
		return nil
	})
	if err != nil {
		return p, false, err
	}
	if len(nodes) < 2 || nodes[0].ID != from || nodes[len(nodes)-1].ID != to {
		return p, false, nil
	}
	p = path.Path{Length: len(nodes) - 1, Edges: []path.PathEdge{}}
	for i, n := range nodes {
		p.Nodes = append(p.Nodes, path.NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind})
		if i == 0 {
			continue
		}
		u, w := nodes[i-1].ID, n.ID
		var best *path.PathEdge
		rank := func(e path.PathEdge) [3]int {
			f := 1
			if e.Forward {
				f = 0
			}
			return [3]int{f, e.Predicate.Index(), 0}
		}
		for _, e := range edges {
			var pe path.PathEdge
			switch {
			case e.From == u && e.To == w:
				pe = path.PathEdge{From: u, To: w, Predicate: e.Predicate, Forward: true, Article: e.Prov.Article}
			case opts.Undirected && e.From == w && e.To == u:
				pe = path.PathEdge{From: w, To: u, Predicate: e.Predicate, Forward: false, Article: e.Prov.Article}
			default:
				continue
			}
			if best == nil || cmpRank(rank(pe), rank(*best)) < 0 ||
				cmpRank(rank(pe), rank(*best)) == 0 && pe.Article < best.Article {
				best = &pe
			}
		}
		if best == nil {
			return p, false, fmt.Errorf("%s: no assertion for the step %s-%s Dgraph took: %w", op, u, w, graph.ErrInvalid)
		}
		p.Edges = append(p.Edges, *best)
	}
	return p, true, nil
}

func cmpRank(a, b [3]int) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}
