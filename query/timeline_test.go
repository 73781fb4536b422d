package query_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func TestTimeline(t *testing.T) {
	w := newWorld(t)
	w.n("sp", graph.KindPerson, "Tim Line")
	w.n("c", graph.KindClaim, "The river will flood.")
	w.n("agW", graph.KindOutlet, "Wire")
	w.n("p1", graph.KindOutlet, "Paper One")
	w.n("p2", graph.KindOutlet, "Paper Two")
	// W is the agency's own article; P1 credits the agency a day before
	// it (impossible); P2 republishes P1 but is dated before it
	// (impossible); U has only a retrieval time; N no date at all.
	w.n("W", graph.KindArticle, "Wire story", graph.AttrPublished, "2022-06-02T09:00:00Z")
	w.n("P1", graph.KindArticle, "Paper one story", graph.AttrPublished, "2022-06-01")
	w.n("P2", graph.KindArticle, "Paper two story", graph.AttrPublished, "2022-05-30")
	w.n("U", graph.KindArticle, "Unpublished", graph.AttrRetrieved, "2023-01-01T00:00:00Z")
	w.n("N", graph.KindArticle, "No date")
	w.a("W", 1, "sp said c", "W contains c", "W published_by agW")
	w.a("P1", 1, "sp said c", "P1 contains c", "P1 published_by p1", "P1 reported_by agW")
	w.a("P2", 1, "sp said c", "P2 contains c", "P2 published_by p2", "P2 republished_from P1")
	w.a("U", 1, "sp said c", "U contains c", "U published_by p1")
	w.a("N", 1, "sp said c", "N contains c")

	res, err := query.Timeline(context.Background(), w.s, w.id("c"), query.ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var order, sources []string
	for _, ev := range res.Events {
		order = append(order, ev.Article.Title)
		sources = append(sources, ev.DateSource)
	}
	wantOrder := []string{"Paper two story", "Paper one story", "Wire story", "Unpublished", "No date"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("order = %v, want %v", order, wantOrder)
	}
	if want := []string{"published", "published", "published", "retrieved", ""}; !slices.Equal(sources, want) {
		t.Errorf("date sources = %v, want %v", sources, want)
	}
	if want := time.Date(2022, 5, 30, 0, 0, 0, 0, time.UTC); !res.FirstSeen.Equal(want) {
		t.Errorf("first seen %v, want %v", res.FirstSeen, want)
	}
	if res.Outlets != 3 {
		t.Errorf("outlets = %d, want 3 (p2, p1, Wire)", res.Outlets)
	}
	// U is by p1 again: no new outlet.
	if len(res.Events[3].NewOutlets) != 0 {
		t.Errorf("U brings new outlets %v", res.Events[3].NewOutlets)
	}
	type pair struct{ a, src, reason string }
	var got []pair
	for _, an := range res.Anomalies {
		got = append(got, pair{an.Article.Title, an.Source.Title, an.Reason})
	}
	want := []pair{
		{"Paper two story", "Paper one story", "republished before its source"},
		{"Paper one story", "Wire story", "credits an agency before the agency's own report"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("anomalies = %v, want %v", got, want)
	}
}

// TestTimelineSameDay: a date-only report on the day of a timed source is
// not flagged; comparisons of bare dates go by calendar day.
func TestTimelineSameDay(t *testing.T) {
	w := newWorld(t)
	w.n("sp", graph.KindPerson, "Sam Day")
	w.n("c", graph.KindClaim, "Same day.")
	w.n("S", graph.KindArticle, "Source", graph.AttrPublished, "2022-06-01T18:00:00Z")
	w.n("R", graph.KindArticle, "Copy", graph.AttrPublished, "2022-06-01")
	w.a("S", 1, "sp said c", "S contains c")
	w.a("R", 1, "sp said c", "R contains c", "R republished_from S")
	res, err := query.Timeline(context.Background(), w.s, w.id("c"), query.ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Anomalies) != 0 {
		t.Errorf("anomalies %+v, want none", res.Anomalies)
	}
	if len(res.Events) != 2 {
		t.Errorf("%d events, want 2", len(res.Events))
	}
}
