package query

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// ChannelUse is a channel and how many claims went through it.
type ChannelUse struct {
	NodeRef
	Claims int `json:"claims"`
}

// EntityReport is everything the graph knows about one entity.
type EntityReport struct {
	Node    graph.Node `json:"node"`
	Aliases []string   `json:"aliases,omitempty"`
	Roles   []string   `json:"roles,omitempty"`
	// Claims are the claims it made.
	Claims []ClaimRef `json:"claims"`
	// Channels are the channels its claims went through (via hops), most
	// used first.
	Channels []ChannelUse `json:"channels"`
	// Carried are the claims that went through it as a channel.
	Carried []ClaimRef `json:"carried,omitempty"`
	// Articles are the articles that mention it, reporting or publishing
	// ones included.
	Articles []ArticleRef `json:"articles"`
	// AlsoMatched are other nodes with the same name (article-scoped
	// anonymous sources and works, or an entity of another kind).
	AlsoMatched []NodeRef `json:"also_matched,omitempty"`
}

// Entity reports on the entity named name (compared after
// graph.NormalizeName, aliases included). When several nodes match it
// reports on the first in FindName order and lists the others. Claims,
// articles and assessments are not entities; a name matching none gives an
// error wrapping graph.ErrNotFound.
func Entity(ctx context.Context, r graph.Reader, name string) (EntityReport, error) {
	ids, err := r.FindName(ctx, name, false, 0)
	if err != nil {
		return EntityReport{}, fmt.Errorf("entity %q: %w", name, err)
	}
	w := newWalker(r)
	var matches []graph.Node
	for _, id := range ids {
		n, err := w.node(ctx, id)
		if err != nil {
			return EntityReport{}, fmt.Errorf("entity %q: %w", name, err)
		}
		switch n.Kind {
		case graph.KindClaim, graph.KindArticle, graph.KindAssessment:
			continue
		}
		matches = append(matches, n)
	}
	if len(matches) == 0 {
		return EntityReport{}, fmt.Errorf("entity %q: %w%s", name, graph.ErrNotFound, w.suggest(ctx, name))
	}
	rep, err := w.entityReport(ctx, matches[0])
	if err != nil {
		return EntityReport{}, fmt.Errorf("entity %q: %w", name, err)
	}
	for _, n := range matches[1:] {
		rep.AlsoMatched = append(rep.AlsoMatched, nodeRef(n))
	}
	return rep, nil
}

func nodeRef(n graph.Node) NodeRef {
	return NodeRef{ID: n.ID, Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}
}

func (w *walker) entityReport(ctx context.Context, n graph.Node) (EntityReport, error) {
	rep := EntityReport{Node: n, Aliases: n.Aliases, Roles: n.Roles}
	said, err := w.r.Edges(ctx, n.ID, graph.Out, graph.Said)
	if err != nil {
		return rep, err
	}
	claimIDs := make([]graph.ID, len(said))
	for i, e := range said {
		claimIDs[i] = e.To
	}
	if rep.Claims, err = w.claimRefs(ctx, claimIDs); err != nil {
		return rep, err
	}
	sortClaims(rep.Claims)

	// Channels: distinct claims per channel.
	uses := map[graph.ID]map[graph.ID]bool{}
	for _, c := range rep.Claims {
		vias, err := w.r.Edges(ctx, c.ID, graph.Out, graph.Via)
		if err != nil {
			return rep, err
		}
		for _, e := range vias {
			if uses[e.To] == nil {
				uses[e.To] = map[graph.ID]bool{}
			}
			uses[e.To][c.ID] = true
		}
	}
	rep.Channels = []ChannelUse{}
	for id, claims := range uses {
		ch, err := w.node(ctx, id)
		if err != nil {
			return rep, err
		}
		rep.Channels = append(rep.Channels, ChannelUse{NodeRef: nodeRef(ch), Claims: len(claims)})
	}
	slices.SortFunc(rep.Channels, func(a, b ChannelUse) int {
		return cmp.Or(cmp.Compare(b.Claims, a.Claims), compareFold(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})

	carried, err := w.r.Edges(ctx, n.ID, graph.In, graph.Via)
	if err != nil {
		return rep, err
	}
	var carriedIDs []graph.ID
	for _, e := range carried {
		carriedIDs = append(carriedIDs, e.From)
	}
	if rep.Carried, err = w.claimRefs(ctx, carriedIDs); err != nil {
		return rep, err
	}
	sortClaims(rep.Carried)

	// Articles: mentions, plus the articles it reported or published.
	in, err := w.r.Edges(ctx, n.ID, graph.In, graph.Mentions, graph.ReportedBy, graph.PublishedBy)
	if err != nil {
		return rep, err
	}
	rep.Articles = []ArticleRef{}
	for _, id := range distinctFrom(in) {
		a, err := w.articleRef(ctx, id)
		if err != nil {
			return rep, err
		}
		rep.Articles = append(rep.Articles, a)
	}
	slices.SortFunc(rep.Articles, func(a, b ArticleRef) int {
		return cmp.Or(cmp.Compare(a.Published, b.Published), cmp.Compare(a.ID, b.ID))
	})
	return rep, nil
}

// WriteText prints the report for people.
func (rep EntityReport) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	n := rep.Node
	fmt.Fprintf(bw, "%s  %s\n", n.ID, describe(Hop{Name: n.Name, Kind: n.Kind, Subkind: n.Subkind}))
	if len(rep.Aliases) > 0 {
		fmt.Fprintf(bw, "  aliases: %s\n", strings.Join(rep.Aliases, "; "))
	}
	if len(rep.Roles) > 0 {
		fmt.Fprintf(bw, "  roles: %s\n", strings.Join(rep.Roles, "; "))
	}
	fmt.Fprintf(bw, "  claims made: %d\n", len(rep.Claims))
	for _, c := range rep.Claims {
		fmt.Fprintf(bw, "    %s  %q (%d report%s)\n", c.ID, truncate(c.Content, contentWidth), c.Reports, plural(c.Reports))
	}
	if len(rep.Channels) > 0 {
		fmt.Fprintf(bw, "  channels used:\n")
		for _, c := range rep.Channels {
			fmt.Fprintf(bw, "    %s  %d claim%s\n", describe(Hop{Name: c.Name, Kind: c.Kind, Subkind: c.Subkind}), c.Claims, plural(c.Claims))
		}
	}
	if len(rep.Carried) > 0 {
		fmt.Fprintf(bw, "  claims carried as a channel: %d\n", len(rep.Carried))
		for _, c := range rep.Carried {
			fmt.Fprintf(bw, "    %s  %s: %q\n", c.ID, c.Speaker, truncate(c.Content, contentWidth))
		}
	}
	fmt.Fprintf(bw, "  articles: %d\n", len(rep.Articles))
	for _, a := range rep.Articles {
		fmt.Fprintf(bw, "    %s  %q%s\n", a.ID, a.Title, dated(a.Published))
	}
	if len(rep.AlsoMatched) > 0 {
		fmt.Fprintf(bw, "  other nodes of that name:\n")
		for _, o := range rep.AlsoMatched {
			fmt.Fprintf(bw, "    %s  %s\n", o.ID, describe(Hop{Name: o.Name, Kind: o.Kind, Subkind: o.Subkind}))
		}
	}
	return bw.Flush()
}

// maxSuggestions is how many names a not-found error proposes.
const maxSuggestions = 5

// suggest proposes entity names starting with name, for a not-found error:
// " (did you mean: A, B?)", or "" when there are none.
func (w *walker) suggest(ctx context.Context, name string) string {
	ids, err := w.r.FindName(ctx, name, true, 4*maxSuggestions)
	if err != nil {
		return ""
	}
	var names []string
	for _, id := range ids {
		n, err := w.node(ctx, id)
		if err != nil || !n.Kind.IsSpeaker() || slices.Contains(names, n.Name) {
			continue
		}
		names = append(names, n.Name)
		if len(names) == maxSuggestions {
			break
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " (did you mean: " + strings.Join(names, ", ") + "?)"
}
