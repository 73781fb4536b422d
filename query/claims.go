package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/sourcetrace/sourcetrace/graph"
)

// ClaimsBy returns the claims of every speaker named speakerName (compared
// after graph.NormalizeName, aliases included), ordered by content. A name
// that matches no speaker gives an error wrapping graph.ErrNotFound.
func ClaimsBy(ctx context.Context, r graph.Reader, speakerName string) ([]ClaimRef, error) {
	ids, err := r.FindName(ctx, speakerName, false, 0)
	if err != nil {
		return nil, fmt.Errorf("claims by %q: %w", speakerName, err)
	}
	w := newWalker(r)
	var claims []graph.ID
	speakers := 0
	for _, id := range ids {
		n, err := w.node(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("claims by %q: %w", speakerName, err)
		}
		if !n.Kind.IsSpeaker() {
			continue
		}
		speakers++
		said, err := r.Edges(ctx, id, graph.Out, graph.Said)
		if err != nil {
			return nil, fmt.Errorf("claims by %q: %w", speakerName, err)
		}
		for _, e := range said {
			claims = append(claims, e.To)
		}
	}
	if speakers == 0 {
		return nil, fmt.Errorf("claims by %q: no speaker of that name: %w%s", speakerName, graph.ErrNotFound, w.suggest(ctx, speakerName))
	}
	refs, err := w.claimRefs(ctx, claims)
	if err != nil {
		return nil, fmt.Errorf("claims by %q: %w", speakerName, err)
	}
	sortClaims(refs)
	return refs, nil
}

// FindClaims returns the claims whose content contains every word of words
// as a whole word, ignoring case and punctuation, ordered by content. It
// scans every claim.
func FindClaims(ctx context.Context, r graph.Reader, words string) ([]ClaimRef, error) {
	want := tokens(words)
	if len(want) == 0 {
		return nil, fmt.Errorf("find claims %q: no words to look for: %w", words, graph.ErrInvalid)
	}
	var ids []graph.ID
	err := r.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
		have := map[string]bool{}
		for _, t := range tokens(n.Name) {
			have[t] = true
		}
		for _, t := range want {
			if !have[t] {
				return nil
			}
		}
		ids = append(ids, n.ID)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find claims %q: %w", words, err)
	}
	refs, err := newWalker(r).claimRefs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("find claims %q: %w", words, err)
	}
	sortClaims(refs)
	return refs, nil
}

// ArticleClaims returns the claims an article contains, in the order their
// content appears in its text. An unknown article gives an error wrapping
// graph.ErrNotFound.
func ArticleClaims(ctx context.Context, r graph.Reader, article graph.ID) ([]ClaimRef, error) {
	w := newWalker(r)
	n, err := w.node(ctx, article)
	if err != nil {
		return nil, fmt.Errorf("claims of article %s: %w", article, err)
	}
	if n.Kind != graph.KindArticle {
		return nil, fmt.Errorf("claims of article %s: node %q is a %s: %w", article, n.Name, n.Kind, graph.ErrInvalid)
	}
	edges, err := r.Edges(ctx, article, graph.Out, graph.Contains)
	if err != nil {
		return nil, fmt.Errorf("claims of article %s: %w", article, err)
	}
	slices.SortStableFunc(edges, func(a, b graph.Edge) int { return cmp.Compare(firstStart(a), firstStart(b)) })
	ids := make([]graph.ID, len(edges))
	for i, e := range edges {
		ids[i] = e.To
	}
	refs, err := w.claimRefs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("claims of article %s: %w", article, err)
	}
	return refs, nil
}

// firstStart is where an edge's first span starts; edges without spans
// sort last.
func firstStart(e graph.Edge) int {
	if len(e.Prov.Spans) == 0 {
		return int(^uint(0) >> 1)
	}
	return e.Prov.Spans[0].Start
}

// claimRefs describes the distinct claims among ids, in first-seen order.
func (w *walker) claimRefs(ctx context.Context, ids []graph.ID) ([]ClaimRef, error) {
	refs := []ClaimRef{}
	seen := map[graph.ID]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		ref, err := w.claimRef(ctx, id)
		if err != nil {
			return nil, err
		}
		refs = append(refs, ref)
	}
	return refs, nil
}

func sortClaims(refs []ClaimRef) {
	slices.SortFunc(refs, func(a, b ClaimRef) int {
		return cmp.Or(compareFold(a.Content, b.Content), cmp.Compare(a.ID, b.ID))
	})
}

// tokens lower-cases s and splits it into runs of letters and digits, the
// same tokens claim IDs are built from.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// compareFold orders strings ignoring case, so "an interview" and "Radio
// One" sort as people expect.
func compareFold(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}
