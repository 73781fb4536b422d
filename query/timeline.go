package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Event is one report of a claim placed in time.
type Event struct {
	Report
	// Date is the article's publication date, else its retrieval (ingest)
	// time; DateSource says which ("published", "retrieved"), or is empty
	// when the article has neither.
	Date       time.Time `json:"date,omitzero"`
	DateSource string    `json:"date_source,omitempty"`
	// NewOutlets are the outlets (publishers, else agencies) carrying
	// the claim for the first time with this report.
	NewOutlets []NodeRef `json:"new_outlets,omitempty"`
}

// Anomaly is an impossible ordering: a report dated before what it draws on.
type Anomaly struct {
	Article ArticleRef `json:"article"`
	Source  ArticleRef `json:"source"`
	// Reason is "republished before its source" (a republished_from edge
	// pointing at a later article) or "credits an agency before the
	// agency's own report" (reported_by an outlet whose own article with
	// the claim is later).
	Reason string `json:"reason"`
}

// TimelineResult answers Timeline.
type TimelineResult struct {
	Claim   ClaimRef   `json:"claim"`
	Cluster []ClaimRef `json:"cluster"`
	// FirstSeen is the earliest dated report; zero when none is dated.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Events    []Event   `json:"events"`
	// Outlets counts the distinct outlets that carried the claim.
	Outlets   int       `json:"outlets"`
	Anomalies []Anomaly `json:"anomalies,omitempty"`
}

// Timeline says when a claim (with the claims Cluster joins to it) was first
// seen and how it spread: its reports ordered by the article's publication
// date (falling back to the retrieval time; undated reports last), each
// with the outlets it newly reached. Orderings that cannot be right are
// flagged as anomalies, comparing publication dates only (retrieval times
// say when sourcetrace read an article, not when it appeared): an article
// dated before the article it republishes, and an article crediting an
// agency dated before that agency's own report of the claim. When either
// date lacks a time of day the comparison is by calendar day.
func Timeline(ctx context.Context, r graph.Reader, claim graph.ID, opts ClusterOptions) (TimelineResult, error) {
	ids, err := Cluster(ctx, r, claim, opts)
	if err != nil {
		return TimelineResult{}, fmt.Errorf("timeline: %w", err)
	}
	o := &originWalk{w: newWalker(r), closure: map[graph.ID][]graph.ID{}}
	var res TimelineResult
	seenArticle := map[graph.ID]bool{}
	for _, id := range ids {
		ref, err := o.w.claimRef(ctx, id)
		if err != nil {
			return TimelineResult{}, fmt.Errorf("timeline of claim %s: %w", claim, err)
		}
		res.Cluster = append(res.Cluster, ref)
		reports, _, err := o.reports(ctx, ref)
		if err != nil {
			return TimelineResult{}, fmt.Errorf("timeline of claim %s: %w", claim, err)
		}
		for _, rep := range reports {
			n, err := o.w.node(ctx, rep.Article.ID)
			if err != nil {
				return TimelineResult{}, fmt.Errorf("timeline of claim %s: %w", claim, err)
			}
			ev := Event{Report: rep}
			if t, src, ok := ArticleDate(n); ok {
				ev.Date, ev.DateSource = t, src
			}
			res.Events = append(res.Events, ev)
			seenArticle[rep.Article.ID] = true
		}
	}
	res.Claim = res.Cluster[0]
	slices.SortStableFunc(res.Events, func(a, b Event) int {
		if a.Date.IsZero() != b.Date.IsZero() {
			if a.Date.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Article.ID, b.Article.ID), cmp.Compare(a.Claim.ID, b.Claim.ID))
	})
	outlets := map[graph.ID]bool{}
	// The earliest published report by each outlet, for the agency check.
	ownReport := map[graph.ID]Event{}
	for i := range res.Events {
		ev := &res.Events[i]
		if res.FirstSeen.IsZero() && !ev.Date.IsZero() {
			res.FirstSeen = ev.Date
		}
		carriers := ev.Publishers
		if len(carriers) == 0 {
			carriers = ev.Agencies
		}
		for _, c := range carriers {
			if !outlets[c.ID] {
				outlets[c.ID] = true
				ev.NewOutlets = append(ev.NewOutlets, c)
			}
		}
		if ev.DateSource == graph.AttrPublished {
			for _, p := range ev.Publishers {
				if _, ok := ownReport[p.ID]; !ok {
					ownReport[p.ID] = *ev
				}
			}
		}
	}
	res.Outlets = len(outlets)
	// Anomalies, each pair once, in event order.
	flagged := map[[2]graph.ID]bool{}
	flag := func(a, src ArticleRef, reason string) {
		k := [2]graph.ID{a.ID, src.ID}
		if !flagged[k] {
			flagged[k] = true
			res.Anomalies = append(res.Anomalies, Anomaly{Article: a, Source: src, Reason: reason})
		}
	}
	for _, ev := range res.Events {
		if ev.DateSource != graph.AttrPublished {
			continue
		}
		for _, src := range ev.RepublishedFrom {
			n, err := o.w.node(ctx, src)
			if err != nil {
				return TimelineResult{}, fmt.Errorf("timeline of claim %s: %w", claim, err)
			}
			if t, ok := publishedDate(n); ok && earlier(ev.Article.Published, ev.Date, n.Attrs[graph.AttrPublished], t) {
				aref, _ := o.w.articleRef(ctx, src)
				flag(ev.Article, aref, "republished before its source")
			}
		}
		for _, ag := range ev.Agencies {
			own, ok := ownReport[ag.ID]
			if !ok || own.Article.ID == ev.Article.ID {
				continue
			}
			if earlier(ev.Article.Published, ev.Date, own.Article.Published, own.Date) {
				flag(ev.Article, own.Article, "credits an agency before the agency's own report")
			}
		}
	}
	return res, nil
}

func publishedDate(n graph.Node) (time.Time, bool) {
	t, err := ParseDate(n.Attrs[graph.AttrPublished])
	return t, err == nil
}

// earlier reports whether a report (written as s, parsed t) comes strictly
// before its source (srcS, srcT); by calendar day when either written form
// is a bare date.
func earlier(s string, t time.Time, srcS string, srcT time.Time) bool {
	if len(s) == len(time.DateOnly) || len(srcS) == len(time.DateOnly) {
		y1, m1, d1 := t.UTC().Date()
		y2, m2, d2 := srcT.UTC().Date()
		return time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC).Before(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC))
	}
	return t.Before(srcT)
}
