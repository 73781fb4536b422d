package search_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query/search"
)

type item struct {
	speaker, alias string
	content, kind  string
	article        string
	published      string
	outlet         string
}

// corpus writes one article per item.
func corpus(t testing.TB, s *mem.Store, items []item) map[string]graph.ID {
	t.Helper()
	ids := map[string]graph.ID{}
	for _, it := range items {
		sp := graph.Node{ID: graph.NewID("entity", it.speaker), Kind: graph.KindPerson, Name: it.speaker}
		if it.alias != "" {
			sp.Aliases = []string{it.alias}
		}
		c := graph.Node{ID: graph.NewID(graph.KindClaim, it.speaker, it.content), Kind: graph.KindClaim, Name: it.content,
			Attrs: map[string]string{graph.AttrClaimKind: it.kind}}
		attrs := map[string]string{}
		if it.published != "" {
			attrs[graph.AttrPublished] = it.published
		}
		a := graph.Node{ID: graph.NewID(graph.KindArticle, it.article), Kind: graph.KindArticle, Name: it.article, Attrs: attrs}
		o := graph.Node{ID: graph.NewID("entity", it.outlet), Kind: graph.KindOutlet, Name: it.outlet}
		p := graph.Provenance{Article: a.ID, Confidence: 1}
		b := &graph.Batch{Article: a, Nodes: []graph.Node{sp, c, o}, Edges: []graph.Edge{
			{From: sp.ID, To: c.ID, Predicate: graph.Said, Prov: p},
			{From: a.ID, To: c.ID, Predicate: graph.Contains, Prov: p},
			{From: a.ID, To: o.ID, Predicate: graph.PublishedBy, Prov: p},
		}}
		if err := s.WriteArticle(context.Background(), b); err != nil {
			t.Fatal(err)
		}
		ids[it.content] = c.ID
	}
	return ids
}

var items = []item{
	{"Mara Quill", "Minister Quill", "The bridge will close in May for repairs.", "indirect", "a1", "2020-05-01", "Daily Planet"},
	{"Mara Quill", "", "Repairs to the bridge are overdue.", "direct", "a2", "2020-06-15", "Morning Star"},
	{"Olaf Brandt", "", "The harbour bridge is perfectly safe.", "denial", "a3", "2021-01-10T08:00:00Z", "Daily Planet"},
	{"Olaf Brandt", "", "Fishing quotas will rise.", "direct", "a4", "", "Coastal Wire"},
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	ids := corpus(t, s, items)
	ix, err := search.Create(filepath.Join(t.TempDir(), "search.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Sync(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Claims != 4 || st.Indexed != 4 {
		t.Fatalf("sync %+v, want 4 claims indexed", st)
	}
	date := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		name string
		q    search.Query
		want []string // contents, in rank order when ordered is set
	}{
		{"Word", search.Query{Words: "bridge"}, []string{
			"The bridge will close in May for repairs.", "Repairs to the bridge are overdue.", "The harbour bridge is perfectly safe."}},
		{"Stemmed", search.Query{Words: "repair"}, []string{
			"The bridge will close in May for repairs.", "Repairs to the bridge are overdue."}},
		{"AllWords", search.Query{Words: "bridge safe"}, []string{"The harbour bridge is perfectly safe."}},
		{"SpeakerNameInWords", search.Query{Words: "Brandt quotas"}, []string{"Fishing quotas will rise."}},
		{"AliasInWords", search.Query{Words: "minister"}, []string{
			"Repairs to the bridge are overdue.", "The bridge will close in May for repairs."}},
		{"SpeakerFilter", search.Query{Words: "bridge", Speaker: "quill"}, []string{
			"The bridge will close in May for repairs.", "Repairs to the bridge are overdue."}},
		{"OutletFilter", search.Query{Words: "bridge", Outlet: "daily planet"}, []string{
			"The bridge will close in May for repairs.", "The harbour bridge is perfectly safe."}},
		{"KindFilter", search.Query{Kind: "DENIAL"}, []string{"The harbour bridge is perfectly safe."}},
		{"DateRange", search.Query{Words: "bridge", From: date("2020-06-01"), To: date("2020-12-31")}, []string{
			"Repairs to the bridge are overdue."}},
		{"FromOnly", search.Query{From: date("2021-01-01")}, []string{"The harbour bridge is perfectly safe."}},
		{"NoMatch", search.Query{Words: "volcano"}, nil},
		{"Limit", search.Query{Words: "bridge", Limit: 1}, []string{"The bridge will close in May for repairs."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, s, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Content)
				if h.ID != ids[h.Content] || h.Speaker == "" || h.Reports != 1 {
					t.Errorf("hit %+v: wrong ID, speaker or reports", h)
				}
			}
			// Rank among equal scores is by ID; compare as sets unless
			// the first hit is distinguished.
			if tt.name == "Limit" {
				if len(got) != 1 || res.Total != 3 {
					t.Errorf("limit: %v of %d", got, res.Total)
				}
				return
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	t.Run("Ranking", func(t *testing.T) {
		res, err := ix.Search(ctx, s, search.Query{Words: "bridge close"})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%v %v", res, err)
		}
		if res.Hits[0].Content != "The bridge will close in May for repairs." {
			t.Errorf("best hit %q", res.Hits[0].Content)
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Score > res.Hits[i-1].Score {
				t.Errorf("hits not by descending score")
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := ix.Search(ctx, s, search.Query{}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("empty query: %v", err)
		}
		if _, err := ix.Search(ctx, s, search.Query{From: date("2021-01-01"), To: date("2020-01-01")}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("backwards range: %v", err)
		}
	})
}

func TestSyncIncrementalAndStale(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	corpus(t, s, items[:2])
	path := filepath.Join(t.TempDir(), "search.bleve")
	ix, err := search.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	if stale, err := ix.Stale(ctx, s); err != nil || stale {
		t.Fatalf("stale = %v, %v right after sync", stale, err)
	}
	corpus(t, s, items[2:])
	if stale, _ := ix.Stale(ctx, s); !stale {
		t.Errorf("not stale after two more articles")
	}
	var calls int
	st, err := ix.Sync(ctx, s, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if st.Indexed != 2 || st.Unchanged != 2 || st.Deleted != 0 || calls == 0 {
		t.Errorf("second sync %+v (%d progress calls), want 2 indexed, 2 unchanged", st, calls)
	}
	// A claim whose outlet changes is reindexed; a deleted article's
	// claim stays (claims outlive articles), its document changes.
	if err := s.DeleteArticle(ctx, graph.NewID(graph.KindArticle, "a4")); err != nil {
		t.Fatal(err)
	}
	st, err = ix.Sync(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Indexed != 1 || st.Unchanged != 3 {
		t.Errorf("sync after delete %+v, want 1 indexed", st)
	}
	res, err := ix.Search(ctx, s, search.Query{Words: "quotas", Outlet: "coastal"})
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("outlet of deleted article still matches: %+v %v", res, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened, the index is current and searchable.
	ix, err = search.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if stale, _ := ix.Stale(ctx, s); stale {
		t.Errorf("stale after reopening")
	}
	if res, _ := ix.Search(ctx, s, search.Query{Words: "quotas"}); len(res.Hits) != 1 {
		t.Errorf("reopened index: %+v", res)
	}
	// A second open of the same index waits for the lock, then fails.
	if _, err := search.Open(path); !errors.Is(err, graph.ErrInUse) {
		t.Errorf("second open: %v, want ErrInUse", err)
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := search.Open(filepath.Join(t.TempDir(), "none.bleve"))
	if !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	corpus(t, s, items)
	path := filepath.Join(t.TempDir(), "search.bleve")
	for range 2 { // over nothing, then over an existing index
		ix, st, err := search.Rebuild(ctx, path, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Indexed != 4 {
			t.Errorf("rebuild indexed %d, want 4", st.Indexed)
		}
		if res, _ := ix.Search(ctx, s, search.Query{Words: "bridge"}); len(res.Hits) != 3 {
			t.Errorf("after rebuild: %d hits", len(res.Hits))
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUpdateArticles(t *testing.T) {
	ctx := context.Background()
	s := mem.New()
	corpus(t, s, items[:2])
	ix, err := search.Create(filepath.Join(t.TempDir(), "search.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	ids := corpus(t, s, items[2:])
	st, err := ix.UpdateArticles(ctx, s, []graph.ID{graph.NewID(graph.KindArticle, "a3"), graph.NewID(graph.KindArticle, "a4")})
	if err != nil {
		t.Fatal(err)
	}
	if st.Claims != 2 || st.Indexed != 2 {
		t.Errorf("update %+v, want 2 claims indexed", st)
	}
	if stale, _ := ix.Stale(ctx, s); stale {
		t.Error("stale after UpdateArticles")
	}
	res, err := ix.Search(ctx, s, search.Query{Words: "quotas"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != ids["Fishing quotas will rise."] {
		t.Errorf("search after update: %+v %v", res, err)
	}
	// A Sync afterwards finds nothing left to do.
	if st, err := ix.Sync(ctx, s, nil); err != nil || st.Indexed != 0 || st.Unchanged != 4 {
		t.Errorf("sync after update: %+v %v", st, err)
	}
}
