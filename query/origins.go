package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// DefaultSimilarity is the token Jaccard similarity at or above which two
// claims of one speaker count as the same claim worded slightly
// differently ("will close in May" / "would close in May").
const DefaultSimilarity = 0.8

// maxCluster bounds how many claims one cluster gathers; a speaker with
// thousands of claims is compared in full, but the cluster stays small.
const maxCluster = 1000

// ClusterOptions select the claims treated as one.
type ClusterOptions struct {
	// Similarity is the token Jaccard threshold for joining the same
	// speaker's other claims; 0 means DefaultSimilarity, a negative value
	// or one above 1 joins none.
	Similarity float64
	// Claims are further claims to treat as the same, whoever said them.
	Claims []graph.ID
}

// Cluster returns claim and the claims treated as the same as it: the same
// speaker's claims whose content tokens have a Jaccard similarity of at
// least opts.Similarity with claim's, and opts.Claims. The first ID is
// claim; the rest ascend. Unknown IDs give an error wrapping
// graph.ErrNotFound, nodes that are not claims graph.ErrInvalid.
func Cluster(ctx context.Context, r graph.Reader, claim graph.ID, opts ClusterOptions) ([]graph.ID, error) {
	w := newWalker(r)
	if _, err := w.claimRef(ctx, claim); err != nil {
		return nil, fmt.Errorf("cluster of claim %s: %w", claim, err)
	}
	set := map[graph.ID]bool{claim: true}
	for _, id := range opts.Claims {
		if _, err := w.claimRef(ctx, id); err != nil {
			return nil, fmt.Errorf("cluster of claim %s: %w", claim, err)
		}
		set[id] = true
	}
	th := opts.Similarity
	if th == 0 {
		th = DefaultSimilarity
	}
	if th > 0 && th <= 1 {
		base := w.nodes[claim]
		want := tokenSet(base.Name)
		said, err := r.Edges(ctx, claim, graph.In, graph.Said)
		if err != nil {
			return nil, fmt.Errorf("cluster of claim %s: %w", claim, err)
		}
		for _, sp := range distinctFrom(said) {
			others, err := r.Edges(ctx, sp, graph.Out, graph.Said)
			if err != nil {
				return nil, fmt.Errorf("cluster of claim %s: %w", claim, err)
			}
			for _, e := range others {
				if set[e.To] || len(set) >= maxCluster {
					continue
				}
				n, err := w.node(ctx, e.To)
				if err != nil {
					return nil, fmt.Errorf("cluster of claim %s: %w", claim, err)
				}
				if n.Kind == graph.KindClaim && Jaccard(want, tokenSet(n.Name)) >= th {
					set[e.To] = true
				}
			}
		}
	}
	delete(set, claim)
	out := make([]graph.ID, 0, len(set)+1)
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return append([]graph.ID{claim}, out...), nil
}

// tokenSet is the set of s's lower-cased letter and digit runs.
func tokenSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range tokens(s) {
		m[t] = true
	}
	return m
}

// Jaccard is |a ∩ b| / |a ∪ b|; two empty sets are identical (1).
func Jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Report is one article's report of one claim.
type Report struct {
	Claim      ClaimRef   `json:"claim"`
	Article    ArticleRef `json:"article"`
	Publishers []NodeRef  `json:"publishers,omitempty"`
	Agencies   []NodeRef  `json:"agencies,omitempty"`
	// Channels are the claim's channels as this article gives them,
	// innermost first.
	Channels []NodeRef `json:"channels,omitempty"`
	// RepublishedFrom lists the articles this one copies, directly.
	RepublishedFrom []graph.ID `json:"republished_from,omitempty"`
}

// Origin is one independent source of a claim and the reports that come
// from it.
type Origin struct {
	// First is the earliest report (by publication date, then ID).
	First ArticleRef `json:"first"`
	// Shared are the upstream nodes that tie the reports together: the
	// agency, the wire article, the outlet or channel they all go back
	// to. Empty for an origin of a single report.
	Shared  []NodeRef `json:"shared,omitempty"`
	Reports []Report  `json:"reports"`
}

// OriginsResult answers Origins.
type OriginsResult struct {
	Claim ClaimRef `json:"claim"`
	// Cluster lists the claims treated as one (the claim first).
	Cluster []ClaimRef `json:"cluster"`
	// Reports counts every article report of the cluster's claims.
	Reports int `json:"reports"`
	// Independent is len(Origins): how many independent sources the
	// reports come down to.
	Independent int      `json:"independent"`
	Origins     []Origin `json:"origins"`
}

// Origins groups the reports of a claim (and of the claims Cluster joins to
// it) by independent origin. Two reports share an origin when they share an
// upstream node:
//
//   - an article on their republication path: each report's article and
//     every article reachable from it by republished_from, so a wire story
//     copied by forty outlets is one origin, and circular copying (A from B,
//     B from A) stays one;
//   - a reporting agency (reported_by) of any of those articles: ten
//     outlets running one agency's report of a claim are one origin;
//   - a named outlet the claim passed through (a via channel or the outlet
//     a channel aired on), or an outlet speaking for itself: the same
//     Interfax dispatch, however many papers quote it;
//   - the same speaker through the same named channel.
//
// Article-scoped nodes (a work such as "a documentary", an anonymous
// source) differ between articles by construction and so never join
// reports on their own. Origins are ordered by their first report; the
// reports of each by date, then article ID.
func Origins(ctx context.Context, r graph.Reader, claim graph.ID, opts ClusterOptions) (OriginsResult, error) {
	ids, err := Cluster(ctx, r, claim, opts)
	if err != nil {
		return OriginsResult{}, fmt.Errorf("origins: %w", err)
	}
	o := &originWalk{w: newWalker(r), closure: map[graph.ID][]graph.ID{}}
	var res OriginsResult
	var reports []Report
	var keys [][]string
	for _, id := range ids {
		ref, err := o.w.claimRef(ctx, id)
		if err != nil {
			return OriginsResult{}, fmt.Errorf("origins of claim %s: %w", claim, err)
		}
		res.Cluster = append(res.Cluster, ref)
		rs, ks, err := o.reports(ctx, ref)
		if err != nil {
			return OriginsResult{}, fmt.Errorf("origins of claim %s: %w", claim, err)
		}
		reports = append(reports, rs...)
		keys = append(keys, ks...)
	}
	res.Claim = res.Cluster[0]
	res.Reports = len(reports)
	res.Origins, err = o.group(ctx, reports, keys)
	if err != nil {
		return OriginsResult{}, fmt.Errorf("origins of claim %s: %w", claim, err)
	}
	res.Independent = len(res.Origins)
	return res, nil
}

type originWalk struct {
	w *walker
	// closure caches each article's republication closure.
	closure map[graph.ID][]graph.ID
}

// reports lists the claim's reports and, for each, its upstream keys.
func (o *originWalk) reports(ctx context.Context, ref ClaimRef) ([]Report, [][]string, error) {
	r := o.w.r
	contains, err := r.Edges(ctx, ref.ID, graph.In, graph.Contains)
	if err != nil {
		return nil, nil, err
	}
	said, err := r.Edges(ctx, ref.ID, graph.In, graph.Said)
	if err != nil {
		return nil, nil, err
	}
	vias, err := r.Edges(ctx, ref.ID, graph.Out, graph.Via)
	if err != nil {
		return nil, nil, err
	}
	var reports []Report
	var keys [][]string
	for _, art := range distinctFrom(contains) {
		aref, err := o.w.articleRef(ctx, art)
		if err != nil {
			return nil, nil, err
		}
		rep := Report{Claim: ref, Article: aref}
		var ks []string
		// The speaker as this article names it, else the claim's own.
		speaker := ref.SpeakerID
		for _, e := range said {
			if e.Prov.Article == art {
				speaker = e.From
				break
			}
		}
		if n, err := o.w.node(ctx, speaker); err == nil && n.Kind == graph.KindOutlet {
			ks = append(ks, "outlet:"+n.ID.String())
		}
		hops, err := o.w.origin(ctx, art, said, vias)
		if err != nil {
			return nil, nil, err
		}
		for _, h := range hops {
			if h.Predicate == graph.Said {
				continue
			}
			rep.Channels = append(rep.Channels, NodeRef{ID: h.ID, Name: h.Name, Kind: h.Kind, Subkind: h.Subkind})
			if h.Kind == graph.KindOutlet {
				ks = append(ks, "outlet:"+h.ID.String())
			} else if speaker != 0 && !articleScoped(h.Kind) {
				ks = append(ks, "chan:"+speaker.String()+":"+h.ID.String())
			}
		}
		for _, p := range []graph.Predicate{graph.PublishedBy, graph.ReportedBy, graph.RepublishedFrom} {
			edges, err := r.Edges(ctx, art, graph.Out, p)
			if err != nil {
				return nil, nil, err
			}
			for _, e := range edges {
				switch p {
				case graph.RepublishedFrom:
					if !slices.Contains(rep.RepublishedFrom, e.To) {
						rep.RepublishedFrom = append(rep.RepublishedFrom, e.To)
					}
					continue
				}
				n, err := o.w.node(ctx, e.To)
				if err != nil {
					return nil, nil, err
				}
				nr := NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}
				if p == graph.PublishedBy {
					rep.Publishers = appendRef(rep.Publishers, nr)
				} else {
					rep.Agencies = appendRef(rep.Agencies, nr)
				}
			}
		}
		cl, err := o.articleClosure(ctx, art)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range cl {
			ks = append(ks, "art:"+a.String())
			agencies, err := r.Edges(ctx, a, graph.Out, graph.ReportedBy)
			if err != nil {
				return nil, nil, err
			}
			for _, e := range agencies {
				ks = append(ks, "agency:"+e.To.String())
			}
		}
		reports = append(reports, rep)
		keys = append(keys, ks)
	}
	return reports, keys, nil
}

func appendRef(refs []NodeRef, r NodeRef) []NodeRef {
	if slices.ContainsFunc(refs, func(x NodeRef) bool { return x.ID == r.ID }) {
		return refs
	}
	return append(refs, r)
}

// articleScoped reports whether nodes of kind k are minted per article
// (see ingest's data model), so sharing one means nothing across articles.
func articleScoped(k graph.Kind) bool {
	return k == graph.KindWork || k == graph.KindAnonymous || k == graph.KindUnresolved
}

// articleClosure gives art and every article reachable from it by
// republished_from, in ascending ID order. A visited set makes cycles
// harmless; MaxChains bounds the walk.
func (o *originWalk) articleClosure(ctx context.Context, art graph.ID) ([]graph.ID, error) {
	if c, ok := o.closure[art]; ok {
		return c, nil
	}
	seen := map[graph.ID]bool{art: true}
	queue := []graph.ID{art}
	for len(queue) > 0 {
		if len(seen) > MaxChains {
			return nil, fmt.Errorf("republication history of article %s passes %d articles: %w", art, MaxChains, graph.ErrLimit)
		}
		a := queue[0]
		queue = queue[1:]
		edges, err := o.w.r.Edges(ctx, a, graph.Out, graph.RepublishedFrom)
		if err != nil {
			return nil, err
		}
		for _, e := range edges {
			if !seen[e.To] {
				seen[e.To] = true
				queue = append(queue, e.To)
			}
		}
	}
	out := make([]graph.ID, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	o.closure[art] = out
	return out, nil
}

// group joins reports that share a key (union-find over reports) and
// describes each group.
func (o *originWalk) group(ctx context.Context, reports []Report, keys [][]string) ([]Origin, error) {
	parent := make([]int, len(reports))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{}
	for i, ks := range keys {
		for _, k := range ks {
			if j, ok := owner[k]; ok {
				a, b := find(i), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
				continue
			}
			owner[k] = i
		}
	}
	byRoot := map[int][]int{}
	var roots []int
	for i := range reports {
		root := find(i)
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], i)
	}
	origins := make([]Origin, 0, len(roots))
	for _, root := range roots {
		members := byRoot[root]
		var og Origin
		count := map[string]int{}
		for _, i := range members {
			og.Reports = append(og.Reports, reports[i])
			seen := map[string]bool{}
			for _, k := range keys[i] {
				if !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
		slices.SortStableFunc(og.Reports, compareReports)
		og.First = og.Reports[0].Article
		if len(members) > 1 {
			shared, err := o.sharedNodes(ctx, count)
			if err != nil {
				return nil, err
			}
			og.Shared = shared
		}
		origins = append(origins, og)
	}
	slices.SortStableFunc(origins, func(a, b Origin) int { return compareReports(a.Reports[0], b.Reports[0]) })
	return origins, nil
}

func compareReports(a, b Report) int {
	return cmp.Or(cmp.Compare(a.Article.Published, b.Article.Published),
		cmp.Compare(a.Article.ID, b.Article.ID), cmp.Compare(a.Claim.ID, b.Claim.ID))
}

// sharedNodes names the nodes behind keys held by at least two reports.
func (o *originWalk) sharedNodes(ctx context.Context, count map[string]int) ([]NodeRef, error) {
	var refs []NodeRef
	for k, c := range count {
		if c < 2 {
			continue
		}
		hex := k[strings.LastIndexByte(k, ':')+1:]
		id, err := graph.ParseID(hex)
		if err != nil {
			return nil, err
		}
		n, err := o.w.node(ctx, id)
		if err != nil {
			return nil, err
		}
		refs = appendRef(refs, NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind})
	}
	slices.SortFunc(refs, func(a, b NodeRef) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), compareFold(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return refs, nil
}
