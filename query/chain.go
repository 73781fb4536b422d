package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Limits that keep a chain query bounded on pathological graphs (a long
// or densely branching republication history).
const (
	// MaxDepth is the most republished_from hops one chain follows.
	MaxDepth = 32
	// MaxChains is the most chains Chains returns for one claim.
	MaxChains = 1000
)

// ClaimRef identifies a claim with what a reader needs to recognise it.
type ClaimRef struct {
	ID      graph.ID `json:"id"`
	Content string   `json:"content"`
	Kind    string   `json:"kind,omitempty"` // direct, indirect, mixed, no-comment, denial
	Cue     string   `json:"cue,omitempty"`
	// Speaker is the name of who said it (the first when several did).
	Speaker   string   `json:"speaker,omitempty"`
	SpeakerID graph.ID `json:"speaker_id,omitempty"`
	// Reports is the number of articles containing the claim.
	Reports int `json:"reports"`
}

// ArticleRef identifies an article.
type ArticleRef struct {
	ID        graph.ID `json:"id"`
	Title     string   `json:"title"`
	Published string   `json:"published,omitempty"`
	URL       string   `json:"url,omitempty"`
}

// NodeRef identifies any node.
type NodeRef struct {
	ID      graph.ID   `json:"id"`
	Name    string     `json:"name"`
	Kind    graph.Kind `json:"kind"`
	Subkind string     `json:"subkind,omitempty"`
}

// Hop is one node of a chain.
type Hop struct {
	ID      graph.ID   `json:"id"`
	Name    string     `json:"name"`
	Kind    graph.Kind `json:"kind"`
	Subkind string     `json:"subkind,omitempty"`
	// Predicate is the edge by which the walk reached this hop: said for
	// the speaker, via for channels (Seq gives their order), part_of or
	// aired_on, reported_by, published_by, republished_from.
	Predicate graph.Predicate `json:"predicate"`
	Seq       int             `json:"seq,omitempty"`
	// Confidence is that edge's provenance confidence.
	Confidence float64 `json:"confidence"`
	// Published is an article hop's publication date, when known, so a
	// republication history reads as a timeline.
	Published string `json:"published,omitempty"`
	// Cycle marks an article already on this chain: the walk stops there.
	Cycle bool `json:"cycle,omitempty"`
}

// Chain is how a claim reached one article, from the speaker outwards.
type Chain struct {
	Claim   ClaimRef   `json:"claim"`
	Article ArticleRef `json:"article"`
	Hops    []Hop      `json:"hops"`
}

// String gives the hop names joined by " → "; a hop closing a cycle is
// marked "(circular)".
func (c Chain) String() string {
	names := make([]string, len(c.Hops))
	for i, h := range c.Hops {
		names[i] = h.Name
		if h.Cycle {
			names[i] += " (circular)"
		}
	}
	return strings.Join(names, " → ")
}

// Chains returns the provenance chains of a claim: at least one per article
// reporting it (more when an article was republished from several), ordered
// by the article's publication date, then article ID, then branch. It fails
// with an error wrapping graph.ErrNotFound for an unknown ID, graph.ErrInvalid
// when the node is not a claim, and graph.ErrLimit beyond MaxChains.
func Chains(ctx context.Context, r graph.Reader, claim graph.ID) ([]Chain, error) {
	w := newWalker(r)
	ref, err := w.claimRef(ctx, claim)
	if err != nil {
		return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
	}
	contains, err := r.Edges(ctx, claim, graph.In, graph.Contains)
	if err != nil {
		return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
	}
	said, err := r.Edges(ctx, claim, graph.In, graph.Said)
	if err != nil {
		return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
	}
	vias, err := r.Edges(ctx, claim, graph.Out, graph.Via)
	if err != nil {
		return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
	}
	var chains []Chain
	for _, art := range distinctFrom(contains) {
		aref, err := w.articleRef(ctx, art)
		if err != nil {
			return nil, fmt.Errorf("chains of claim %s: %w", claim, err)
		}
		prefix, err := w.origin(ctx, art, said, vias)
		if err != nil {
			return nil, fmt.Errorf("chains of claim %s in article %s: %w", claim, art, err)
		}
		var paths [][]Hop
		if err := w.expand(ctx, art, prefix, []graph.ID{art}, &paths); err != nil {
			return nil, fmt.Errorf("chains of claim %s in article %s: %w", claim, art, err)
		}
		for _, p := range paths {
			chains = append(chains, Chain{Claim: ref, Article: aref, Hops: p})
		}
	}
	// Stable: articles by date then ID; branches keep their walk order.
	slices.SortStableFunc(chains, func(a, b Chain) int {
		return cmp.Or(cmp.Compare(a.Article.Published, b.Article.Published), cmp.Compare(a.Article.ID, b.Article.ID))
	})
	return chains, nil
}

// distinctFrom gives the distinct From IDs of edges in first-seen order.
func distinctFrom(edges []graph.Edge) []graph.ID {
	var out []graph.ID
	seen := map[graph.ID]bool{}
	for _, e := range edges {
		if !seen[e.From] {
			seen[e.From] = true
			out = append(out, e.From)
		}
	}
	return out
}

// walker reads nodes through a cache: chains of one claim share most nodes.
type walker struct {
	r     graph.Reader
	nodes map[graph.ID]graph.Node
	count int // chains produced so far
}

func newWalker(r graph.Reader) *walker {
	return &walker{r: r, nodes: map[graph.ID]graph.Node{}}
}

func (w *walker) node(ctx context.Context, id graph.ID) (graph.Node, error) {
	if n, ok := w.nodes[id]; ok {
		return n, nil
	}
	n, err := w.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	w.nodes[id] = n
	return n, nil
}

func (w *walker) hop(ctx context.Context, e graph.Edge, id graph.ID) (Hop, error) {
	n, err := w.node(ctx, id)
	if err != nil {
		return Hop{}, err
	}
	h := Hop{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind, Predicate: e.Predicate,
		Seq: e.Seq, Confidence: e.Prov.Confidence}
	if n.Kind == graph.KindArticle {
		h.Published = n.Attrs[graph.AttrPublished]
	}
	return h, nil
}

// origin gives the speaker and channel hops of the claim as article art
// asserts them.
func (w *walker) origin(ctx context.Context, art graph.ID, said, vias []graph.Edge) ([]Hop, error) {
	var hops []Hop
	onPath := map[graph.ID]bool{}
	// The speaker this article names; claim IDs include the speaker, so
	// another article's said edge names the same node if this one has none.
	if i := slices.IndexFunc(said, func(e graph.Edge) bool { return e.Prov.Article == art }); i >= 0 || len(said) > 0 {
		e := said[max(i, 0)]
		h, err := w.hop(ctx, e, e.From)
		if err != nil {
			return nil, err
		}
		hops = append(hops, h)
		onPath[h.ID] = true
	}
	var mine []graph.Edge
	for _, e := range vias {
		if e.Prov.Article == art {
			mine = append(mine, e)
		}
	}
	slices.SortStableFunc(mine, func(a, b graph.Edge) int { return cmp.Compare(a.Seq, b.Seq) })
	last := graph.ID(0)
	for _, e := range mine {
		if onPath[e.To] {
			continue
		}
		h, err := w.hop(ctx, e, e.To)
		if err != nil {
			return nil, err
		}
		hops = append(hops, h)
		onPath[h.ID] = true
		last = h.ID
	}
	// Outer channels the via list left implicit: the last channel's
	// part_of / aired_on links in this article.
	for last != 0 {
		links, err := w.r.Edges(ctx, last, graph.Out, graph.PartOf, graph.AiredOn)
		if err != nil {
			return nil, err
		}
		last = 0
		for _, e := range links {
			if e.Prov.Article != art || onPath[e.To] {
				continue
			}
			h, err := w.hop(ctx, e, e.To)
			if err != nil {
				return nil, err
			}
			hops = append(hops, h)
			onPath[h.ID] = true
			last = h.ID
			break
		}
	}
	return hops, nil
}

// expand appends article art's agencies and publishers to prefix, then
// follows each republished_from edge as its own branch, adding every
// finished path to out. path lists the articles already on this chain.
func (w *walker) expand(ctx context.Context, art graph.ID, prefix []Hop, path []graph.ID, out *[][]Hop) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	hops := slices.Clip(prefix)
	for _, p := range []graph.Predicate{graph.ReportedBy, graph.PublishedBy} {
		edges, err := w.r.Edges(ctx, art, graph.Out, p)
		if err != nil {
			return err
		}
		for _, e := range edges {
			h, err := w.hop(ctx, e, e.To)
			if err != nil {
				return err
			}
			hops = append(hops, h)
		}
	}
	sources, err := w.r.Edges(ctx, art, graph.Out, graph.RepublishedFrom)
	if err != nil {
		return err
	}
	// One branch per source article, oldest source first.
	var branches []Hop
	for _, e := range sources {
		if slices.ContainsFunc(branches, func(h Hop) bool { return h.ID == e.To }) {
			continue
		}
		h, err := w.hop(ctx, e, e.To)
		if err != nil {
			return err
		}
		branches = append(branches, h)
	}
	slices.SortStableFunc(branches, func(a, b Hop) int {
		return cmp.Or(cmp.Compare(a.Published, b.Published), cmp.Compare(a.ID, b.ID))
	})
	for _, h := range branches {
		branch := append(slices.Clip(hops), h)
		if slices.Contains(path, h.ID) {
			branch[len(branch)-1].Cycle = true
			if err := w.emit(out, branch); err != nil {
				return err
			}
			continue
		}
		if len(path) > MaxDepth {
			return fmt.Errorf("republished_from deeper than %d articles: %w", MaxDepth, graph.ErrLimit)
		}
		if err := w.expand(ctx, h.ID, branch, append(slices.Clip(path), h.ID), out); err != nil {
			return err
		}
	}
	if len(branches) == 0 {
		return w.emit(out, hops)
	}
	return nil
}

func (w *walker) emit(out *[][]Hop, hops []Hop) error {
	w.count++
	if w.count > MaxChains {
		return fmt.Errorf("more than %d chains: %w", MaxChains, graph.ErrLimit)
	}
	*out = append(*out, slices.Clone(hops))
	return nil
}

// claimRef describes a claim node; it fails for other kinds of node.
func (w *walker) claimRef(ctx context.Context, id graph.ID) (ClaimRef, error) {
	n, err := w.node(ctx, id)
	if err != nil {
		return ClaimRef{}, err
	}
	if n.Kind != graph.KindClaim {
		return ClaimRef{}, fmt.Errorf("node %s (%q) is a %s, not a claim: %w", id, n.Name, n.Kind, graph.ErrInvalid)
	}
	ref := ClaimRef{ID: n.ID, Content: n.Name, Kind: n.Attrs[graph.AttrClaimKind], Cue: n.Attrs[graph.AttrCue]}
	said, err := w.r.Edges(ctx, id, graph.In, graph.Said)
	if err != nil {
		return ClaimRef{}, err
	}
	if len(said) > 0 {
		sp, err := w.node(ctx, said[0].From)
		if err != nil {
			return ClaimRef{}, err
		}
		ref.Speaker, ref.SpeakerID = sp.Name, sp.ID
	}
	contains, err := w.r.Edges(ctx, id, graph.In, graph.Contains)
	if err != nil {
		return ClaimRef{}, err
	}
	ref.Reports = len(distinctFrom(contains))
	return ref, nil
}

func (w *walker) articleRef(ctx context.Context, id graph.ID) (ArticleRef, error) {
	n, err := w.node(ctx, id)
	if err != nil {
		return ArticleRef{}, err
	}
	return ArticleRef{ID: n.ID, Title: n.Name, Published: n.Attrs[graph.AttrPublished], URL: n.Attrs[graph.AttrURL]}, nil
}

// ArticleChains returns the chains of every claim an article contains, as
// that article reports them (not the claims' reports elsewhere), claims in
// the order of their text. An unknown article gives an error wrapping
// graph.ErrNotFound.
func ArticleChains(ctx context.Context, r graph.Reader, article graph.ID) ([]Chain, error) {
	claims, err := ArticleClaims(ctx, r, article)
	if err != nil {
		return nil, err
	}
	var out []Chain
	for _, c := range claims {
		chains, err := Chains(ctx, r, c.ID)
		if err != nil {
			return nil, fmt.Errorf("chains of article %s: %w", article, err)
		}
		for _, ch := range chains {
			if ch.Article.ID == article {
				out = append(out, ch)
			}
		}
	}
	return out, nil
}
