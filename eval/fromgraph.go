package eval

import (
	"context"
	"fmt"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

// PredictionsFromGraph reads back what the store holds for one article: a
// Prediction per claim the article contains (in text order), with the
// speaker's canonical name and aliases and the provenance chains of that
// claim through this article. Scoring these, rather than the extractor's
// output, checks the whole path from text to stored graph to query.
func PredictionsFromGraph(ctx context.Context, r graph.Reader, article graph.ID) ([]Prediction, error) {
	claims, err := query.ArticleClaims(ctx, r, article)
	if err != nil {
		return nil, err
	}
	preds := make([]Prediction, 0, len(claims))
	for _, c := range claims {
		p := Prediction{Speaker: c.Speaker, Content: c.Content}
		if c.SpeakerID != 0 {
			n, err := r.Node(ctx, c.SpeakerID)
			if err != nil {
				return nil, fmt.Errorf("speaker of claim %s: %w", c.ID, err)
			}
			p.Speaker = n.Name
			p.SpeakerAliases = n.Aliases
		}
		chains, err := query.Chains(ctx, r, c.ID)
		if err != nil {
			return nil, err
		}
		for _, ch := range chains {
			if ch.Article.ID != article {
				continue
			}
			names := make([]string, len(ch.Hops))
			for i, h := range ch.Hops {
				names[i] = h.Name
			}
			p.Chains = append(p.Chains, names)
		}
		preds = append(preds, p)
	}
	return preds, nil
}
