package query_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query"
)

// fixture builds graphs article by article for the tests.
type fixture struct {
	t     testing.TB
	s     graph.Store
	nodes map[string]graph.Node // by short name
}

func newFixture(t testing.TB) *fixture {
	return &fixture{t: t, s: mem.New(), nodes: map[string]graph.Node{}}
}

// backends are the stores the query tests run on: query relies only on
// the documented Reader contract, so both must give the same answers.
var backends = []struct {
	name string
	open func(testing.TB) graph.Store
}{
	{"mem", func(testing.TB) graph.Store { return mem.New() }},
	{"badger", func(t testing.TB) graph.Store {
		s, err := badger.Open("", badger.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// node declares a node; short is how the test refers to it.
func (f *fixture) node(short string, kind graph.Kind, sub, name string, attrs map[string]string) graph.Node {
	n := graph.Node{ID: graph.NewID(kind, short), Kind: kind, Subkind: sub, Name: name, Attrs: attrs}
	f.nodes[short] = n
	return n
}

func (f *fixture) id(short string) graph.ID {
	n, ok := f.nodes[short]
	if !ok {
		f.t.Fatalf("fixture has no node %q", short)
	}
	return n.ID
}

// rel is one edge of an article: from -pred-> to, with seq for via edges.
type rel struct {
	from string
	pred graph.Predicate
	to   string
	seq  int
}

// article writes one article batch holding the nodes its edges touch.
func (f *fixture) article(short string, rels ...rel) {
	f.t.Helper()
	b := &graph.Batch{Article: f.nodes[short]}
	seen := map[string]bool{short: true}
	for i, r := range rels {
		for _, n := range []string{r.from, r.to} {
			if !seen[n] {
				seen[n] = true
				b.Nodes = append(b.Nodes, f.nodes[n])
			}
		}
		b.Edges = append(b.Edges, graph.Edge{From: f.id(r.from), To: f.id(r.to), Predicate: r.pred, Seq: r.seq,
			Prov: graph.Provenance{Article: b.Article.ID, Spans: []graph.Span{{Start: i * 10, End: i*10 + 5}},
				Confidence: 0.8, Ingested: time.Unix(0, 0).UTC()}})
	}
	if err := f.s.WriteArticle(context.Background(), b); err != nil {
		f.t.Fatal(err)
	}
}

// republished adds article-independent republished_from edges.
func (f *fixture) republished(pairs ...[2]string) {
	f.t.Helper()
	var edges []graph.Edge
	for _, p := range pairs {
		edges = append(edges, graph.Edge{From: f.id(p[0]), To: f.id(p[1]), Predicate: graph.RepublishedFrom,
			Prov: graph.Provenance{Confidence: 1}})
	}
	if err := f.s.PutEdges(context.Background(), edges); err != nil {
		f.t.Fatal(err)
	}
}

func art(date string) map[string]string { return map[string]string{graph.AttrPublished: date} }

// circular builds this made-up graph: one claim c1 by Alice, reported by
// four articles, whose republication history branches and loops.
//
//	Alice ─said→ c1 ─via(0)→ interview ─via(1)→ Radio One      (as A1 reads it)
//	             c1 ─via(0)→ Radio One                          (as A2 reads it)
//	Alice ─said→ c2 "budget"                                    (A1 only)
//	Bob   ─said→ c3 "tax"    (A3 only; A3 mentions Bob)
//
//	A1 "Original" 2020-01-01 ─reported_by→ Wire, ─published_by→ Daily
//	A2 "Copy"     2020-01-02 ─published_by→ Blog   ─republished_from→ A1
//	A3 "Loop"     2020-01-03 ─published_by→ Echo   ─republished_from→ A2
//	                                               ─republished_from→ A4
//	A4 "Mirror"   2020-01-04 ─published_by→ Mirror ─republished_from→ A3   (cycle A3 ⇄ A4)
//
// A4 asserts no said edge: its chain must fall back to the speaker the
// claim ID was built from.
func circular(t testing.TB) *fixture {
	return circularOn(t, mem.New())
}

func circularOn(t testing.TB, s graph.Store) *fixture {
	f := newFixture(t)
	f.s = s
	f.node("alice", graph.KindPerson, "", "Alice Example", nil)
	f.node("bob", graph.KindPerson, "", "Bob Example", nil)
	f.node("c1", graph.KindClaim, "", "The bridge will close in May.", map[string]string{graph.AttrClaimKind: "indirect", graph.AttrCue: "said"})
	f.node("c2", graph.KindClaim, "", "The budget is balanced.", nil)
	f.node("c3", graph.KindClaim, "", "Tax will rise; the bridge stays.", nil)
	f.node("interview", graph.KindWork, graph.SubInterview, "an interview", nil)
	f.node("radio", graph.KindOutlet, graph.SubBroadcaster, "Radio One", nil)
	f.node("wire", graph.KindOutlet, graph.SubAgency, "Wire", nil)
	f.node("daily", graph.KindOutlet, graph.SubPublisher, "Daily", nil)
	f.node("blog", graph.KindOutlet, graph.SubPublisher, "Blog", nil)
	f.node("echo", graph.KindOutlet, graph.SubPublisher, "Echo", nil)
	f.node("mirror", graph.KindOutlet, graph.SubPublisher, "Mirror", nil)
	f.node("A1", graph.KindArticle, "", "Original", art("2020-01-01"))
	f.node("A2", graph.KindArticle, "", "Copy", art("2020-01-02"))
	f.node("A3", graph.KindArticle, "", "Loop", art("2020-01-03"))
	f.node("A4", graph.KindArticle, "", "Mirror", art("2020-01-04"))
	f.article("A1",
		rel{"alice", graph.Said, "c1", 0}, rel{"A1", graph.Contains, "c1", 0},
		rel{"c1", graph.Via, "interview", 0}, rel{"c1", graph.Via, "radio", 1},
		rel{"alice", graph.Said, "c2", 0}, rel{"A1", graph.Contains, "c2", 0},
		rel{"A1", graph.ReportedBy, "wire", 0}, rel{"A1", graph.PublishedBy, "daily", 0},
		rel{"A1", graph.Mentions, "alice", 0}, rel{"A1", graph.Mentions, "radio", 0})
	f.article("A2",
		rel{"alice", graph.Said, "c1", 0}, rel{"A2", graph.Contains, "c1", 0},
		rel{"c1", graph.Via, "radio", 0}, rel{"A2", graph.PublishedBy, "blog", 0},
		rel{"A2", graph.Mentions, "alice", 0})
	f.article("A3",
		rel{"bob", graph.Said, "c3", 0}, rel{"A3", graph.Contains, "c3", 0},
		rel{"alice", graph.Said, "c1", 0}, rel{"A3", graph.Contains, "c1", 0},
		rel{"A3", graph.PublishedBy, "echo", 0}, rel{"A3", graph.Mentions, "bob", 0})
	f.article("A4",
		rel{"A4", graph.Contains, "c1", 0}, rel{"A4", graph.PublishedBy, "mirror", 0})
	f.republished([2]string{"A2", "A1"}, [2]string{"A3", "A2"}, [2]string{"A3", "A4"}, [2]string{"A4", "A3"})
	return f
}

func TestChains(t *testing.T) { onBackends(t, testChains) }

// onBackends runs test on the circular fixture in every backend.
func onBackends(t *testing.T, test func(*testing.T, *fixture)) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) { test(t, circularOn(t, be.open(t))) })
	}
}

func testChains(t *testing.T, f *fixture) {
	ctx := context.Background()
	tests := []struct {
		name  string
		claim string
		want  []string // "article: chain"
	}{
		{"branching and circular republication", "c1", []string{
			"Original: Alice Example → an interview → Radio One → Wire → Daily",
			"Copy: Alice Example → Radio One → Blog → Copy→Original → Wire → Daily",
			"Loop: Alice Example → Echo → Loop→Copy → Blog → Copy→Original → Wire → Daily",
			"Loop: Alice Example → Echo → Loop→Mirror → Mirror → Mirror→Loop (circular)",
			"Mirror: Alice Example → Mirror → Mirror→Loop → Echo → Loop→Copy → Blog → Copy→Original → Wire → Daily",
			"Mirror: Alice Example → Mirror → Mirror→Loop → Echo → Loop→Mirror (circular)",
		}},
		{"single report without channels", "c2", []string{
			"Original: Alice Example → Wire → Daily",
		}},
		{"claim in an article with two republication branches", "c3", []string{
			"Loop: Bob Example → Echo → Loop→Copy → Blog → Copy→Original → Wire → Daily",
			"Loop: Bob Example → Echo → Loop→Mirror → Mirror → Mirror→Loop (circular)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chains, err := query.Chains(ctx, f.s, f.id(tt.claim))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range chains {
				got = append(got, c.Article.Title+": "+render(c))
				if c.Claim.ID != f.id(tt.claim) {
					t.Errorf("chain claim %s, want %s", c.Claim.ID, f.id(tt.claim))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("chains:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			again, err := query.Chains(ctx, f.s, f.id(tt.claim))
			if err != nil || !slices.EqualFunc(chains, again, func(a, b query.Chain) bool { return render(a) == render(b) }) {
				t.Errorf("second call gave other chains (err %v)", err)
			}
		})
	}
}

// render is Chain.String with article hops written as "From→To" so the
// table shows which republication edge each hop follows.
func render(c query.Chain) string {
	parts := make([]string, len(c.Hops))
	prev := c.Article.Title
	for i, h := range c.Hops {
		parts[i] = h.Name
		if h.Predicate == graph.RepublishedFrom {
			parts[i] = prev + "→" + h.Name
			prev = h.Name
			if h.Cycle {
				parts[i] += " (circular)"
			}
		}
	}
	return strings.Join(parts, " → ")
}

func TestChainHops(t *testing.T) { onBackends(t, testChainHops) }

func testChainHops(t *testing.T, f *fixture) {
	chains, err := query.Chains(context.Background(), f.s, f.id("c1"))
	if err != nil {
		t.Fatal(err)
	}
	c := chains[0]
	want := []query.Hop{
		{ID: f.id("alice"), Name: "Alice Example", Kind: graph.KindPerson, Predicate: graph.Said, Confidence: 0.8},
		{ID: f.id("interview"), Name: "an interview", Kind: graph.KindWork, Subkind: graph.SubInterview, Predicate: graph.Via, Confidence: 0.8},
		{ID: f.id("radio"), Name: "Radio One", Kind: graph.KindOutlet, Subkind: graph.SubBroadcaster, Predicate: graph.Via, Seq: 1, Confidence: 0.8},
		{ID: f.id("wire"), Name: "Wire", Kind: graph.KindOutlet, Subkind: graph.SubAgency, Predicate: graph.ReportedBy, Confidence: 0.8},
		{ID: f.id("daily"), Name: "Daily", Kind: graph.KindOutlet, Subkind: graph.SubPublisher, Predicate: graph.PublishedBy, Confidence: 0.8},
	}
	if !slices.Equal(c.Hops, want) {
		t.Errorf("hops\n%+v\nwant\n%+v", c.Hops, want)
	}
	if c.Claim.Speaker != "Alice Example" || c.Claim.Reports != 4 || c.Claim.Kind != "indirect" || c.Claim.Cue != "said" {
		t.Errorf("claim ref %+v", c.Claim)
	}
	if c.Article.Title != "Original" || c.Article.Published != "2020-01-01" {
		t.Errorf("article ref %+v", c.Article)
	}
	if got := c.String(); got != "Alice Example → an interview → Radio One → Wire → Daily" {
		t.Errorf("String() = %q", got)
	}
}

func TestChainsErrors(t *testing.T) { onBackends(t, testChainsErrors) }

func testChainsErrors(t *testing.T, f *fixture) {
	ctx := context.Background()
	if _, err := query.Chains(ctx, f.s, graph.NewID(graph.KindClaim, "nope")); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown claim: err = %v, want ErrNotFound", err)
	}
	if _, err := query.Chains(ctx, f.s, f.id("alice")); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("person as claim: err = %v, want ErrInvalid", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := query.Chains(cctx, f.s, f.id("c1")); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestClaimQueries(t *testing.T) { onBackends(t, testClaimQueries) }

func testClaimQueries(t *testing.T, f *fixture) {
	ctx := context.Background()
	ids := func(refs []query.ClaimRef) []graph.ID {
		var out []graph.ID
		for _, r := range refs {
			out = append(out, r.ID)
		}
		return out
	}
	tests := []struct {
		name    string
		run     func() ([]query.ClaimRef, error)
		want    []string
		wantErr error
	}{
		{"claims by name, any case", func() ([]query.ClaimRef, error) { return query.ClaimsBy(ctx, f.s, "alice EXAMPLE") }, []string{"c1", "c2"}, nil},
		{"claims by unknown name", func() ([]query.ClaimRef, error) { return query.ClaimsBy(ctx, f.s, "Carol") }, nil, graph.ErrNotFound},
		{"claims by a name that is no speaker", func() ([]query.ClaimRef, error) { return query.ClaimsBy(ctx, f.s, "Original") }, nil, graph.ErrNotFound},
		{"find one word", func() ([]query.ClaimRef, error) { return query.FindClaims(ctx, f.s, "BRIDGE") }, []string{"c3", "c1"}, nil},
		{"find all words", func() ([]query.ClaimRef, error) { return query.FindClaims(ctx, f.s, "bridge, may") }, []string{"c1"}, nil},
		{"find whole words only", func() ([]query.ClaimRef, error) { return query.FindClaims(ctx, f.s, "bridg") }, nil, nil},
		{"find nothing to look for", func() ([]query.ClaimRef, error) { return query.FindClaims(ctx, f.s, " ,. ") }, nil, graph.ErrInvalid},
		{"article claims in text order", func() ([]query.ClaimRef, error) { return query.ArticleClaims(ctx, f.s, f.id("A1")) }, []string{"c1", "c2"}, nil},
		{"article claims of a non-article", func() ([]query.ClaimRef, error) { return query.ArticleClaims(ctx, f.s, f.id("c1")) }, nil, graph.ErrInvalid},
		{"article claims of unknown article", func() ([]query.ClaimRef, error) {
			return query.ArticleClaims(ctx, f.s, graph.NewID(graph.KindArticle, "x"))
		}, nil, graph.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, err := tt.run()
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []graph.ID
			for _, s := range tt.want {
				want = append(want, f.id(s))
			}
			if got := ids(refs); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v (%v)", got, want, tt.want)
			}
		})
	}
}

func TestEntity(t *testing.T) { onBackends(t, testEntity) }

func testEntity(t *testing.T, f *fixture) {
	ctx := context.Background()
	rep, err := query.Entity(ctx, f.s, "Alice Example")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Node.ID != f.id("alice") || len(rep.Claims) != 2 {
		t.Errorf("entity %s with %d claims", rep.Node.Name, len(rep.Claims))
	}
	var chans []string
	for _, c := range rep.Channels {
		chans = append(chans, c.Name)
	}
	if !slices.Equal(chans, []string{"an interview", "Radio One"}) {
		t.Errorf("channels %v", chans)
	}
	var arts []string
	for _, a := range rep.Articles {
		arts = append(arts, a.Title)
	}
	if !slices.Equal(arts, []string{"Original", "Copy"}) {
		t.Errorf("articles %v, want those that mention Alice", arts)
	}

	radio, err := query.Entity(ctx, f.s, "radio one")
	if err != nil {
		t.Fatal(err)
	}
	if len(radio.Carried) != 1 || radio.Carried[0].ID != f.id("c1") || len(radio.Claims) != 0 {
		t.Errorf("radio carried %v, claims %v", radio.Carried, radio.Claims)
	}
	// "Mirror" names an outlet and an article: the article is no entity.
	mirror, err := query.Entity(ctx, f.s, "Mirror")
	if err != nil || mirror.Node.ID != f.id("mirror") || len(mirror.AlsoMatched) != 0 {
		t.Errorf("Mirror: %+v, %v", mirror.Node, err)
	}
	if _, err := query.Entity(ctx, f.s, "The budget is balanced."); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("claim content as entity: err = %v, want ErrNotFound", err)
	}
	// A partial name is not found, but the error proposes the full ones.
	_, err = query.Entity(ctx, f.s, "ali")
	if !errors.Is(err, graph.ErrNotFound) || !strings.Contains(err.Error(), "did you mean: Alice Example?") {
		t.Errorf("partial name: err = %v", err)
	}
	_, err = query.ClaimsBy(ctx, f.s, "Bob")
	if !errors.Is(err, graph.ErrNotFound) || !strings.Contains(err.Error(), `"Bob"`) || !strings.Contains(err.Error(), "Bob Example") {
		t.Errorf("partial speaker name: err = %v", err)
	}
}

func TestStats(t *testing.T) { onBackends(t, testStats) }

func testStats(t *testing.T, f *fixture) {
	rep, err := query.Stats(context.Background(), f.s)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ByKind[graph.KindArticle] != 4 || rep.ByKind[graph.KindClaim] != 3 {
		t.Errorf("by kind %v", rep.ByKind)
	}
	if rep.MultiReport != 1 {
		t.Errorf("claims with several reports = %d, want 1 (c1)", rep.MultiReport)
	}
	if len(rep.TopSpeakers) != 2 || rep.TopSpeakers[0].Name != "Alice Example" || rep.TopSpeakers[0].N != 2 {
		t.Errorf("top speakers %+v", rep.TopSpeakers)
	}
	// Each channel carried c1 once, however many articles name it.
	if len(rep.TopChannels) != 2 || rep.TopChannels[0].Name != "an interview" || rep.TopChannels[1].N != 1 {
		t.Errorf("top channels %+v", rep.TopChannels)
	}
	var sb strings.Builder
	if err := rep.WriteText(&sb); err != nil || !strings.Contains(sb.String(), "claims with several reports: 1") {
		t.Errorf("text:\n%s (err %v)", sb.String(), err)
	}
}

func TestWriteChainsCircular(t *testing.T) { onBackends(t, testWriteChainsCircular) }

func testWriteChainsCircular(t *testing.T, f *fixture) {
	chains, err := query.Chains(context.Background(), f.s, f.id("c3"))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := query.WriteChains(&sb, chains); err != nil {
		t.Fatal(err)
	}
	want := `claim ` + f.id("c3").String() + `  "Tax will rise; the bridge stays."
  Bob Example (person)
  └─ published by → Echo (outlet: publisher)
     └─ in article "Loop" (2020-01-03)
        └─ republished from → article "Copy" (2020-01-02)
           └─ published by → Blog (outlet: publisher)
              └─ republished from → article "Original" (2020-01-01)
                 └─ reported by → Wire (outlet: news agency)
                    └─ published by → Daily (outlet: publisher)
  Bob Example (person)
  └─ published by → Echo (outlet: publisher)
     └─ in article "Loop" (2020-01-03)
        └─ republished from → article "Mirror" (2020-01-04)
           └─ published by → Mirror (outlet: publisher)
              └─ republished from → article "Loop" (2020-01-03, circular: already on this chain)
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestArticleChains(t *testing.T) { onBackends(t, testArticleChains) }

func testArticleChains(t *testing.T, f *fixture) {
	ctx := context.Background()
	chains, err := query.ArticleChains(ctx, f.s, f.id("A3"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range chains {
		if c.Article.ID != f.id("A3") {
			t.Errorf("chain of another article %s", c.Article.Title)
		}
		got = append(got, c.Claim.Content+": "+c.String())
	}
	// A3's claims in text order (c3 then c1, by the fixture's spans), two
	// branches each.
	want := []string{
		"Tax will rise; the bridge stays.: Bob Example → Echo → Copy → Blog → Original → Wire → Daily",
		"Tax will rise; the bridge stays.: Bob Example → Echo → Mirror → Mirror → Loop (circular)",
		"The bridge will close in May.: Alice Example → Echo → Copy → Blog → Original → Wire → Daily",
		"The bridge will close in May.: Alice Example → Echo → Mirror → Mirror → Loop (circular)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if _, err := query.ArticleChains(ctx, f.s, graph.NewID(graph.KindArticle, "none")); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown article: err = %v", err)
	}
}

// TestChainsFollowChannelLinks: when the via list stops short, the chain
// follows the last channel's part_of / aired_on links of the same article,
// and a cycle among them ends the walk.
//
//	Zed ─said→ c ─via(0)→ clip ─part_of→ show ─aired_on→ net ─part_of→ clip (cycle)
//	                                      show ─part_of→ other   (another article's link: ignored)
func TestChainsFollowChannelLinks(t *testing.T) {
	f := newFixture(t)
	f.node("zed", graph.KindPerson, "", "Zed", nil)
	f.node("c", graph.KindClaim, "", "the show is back", nil)
	f.node("clip", graph.KindWork, graph.SubVideo, "a clip", nil)
	f.node("show", graph.KindWork, graph.SubReport, "the show", nil)
	f.node("net", graph.KindOutlet, graph.SubBroadcaster, "Net TV", nil)
	f.node("other", graph.KindOutlet, graph.SubBroadcaster, "Other TV", nil)
	f.node("A", graph.KindArticle, "", "A", nil)
	f.node("B", graph.KindArticle, "", "B", nil)
	f.article("A", rel{"zed", graph.Said, "c", 0}, rel{"A", graph.Contains, "c", 0},
		rel{"c", graph.Via, "clip", 0}, rel{"clip", graph.PartOf, "show", 0},
		rel{"show", graph.AiredOn, "net", 0}, rel{"net", graph.PartOf, "clip", 0})
	f.article("B", rel{"show", graph.PartOf, "other", 0})
	chains, err := query.Chains(context.Background(), f.s, f.id("c"))
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || chains[0].String() != "Zed → a clip → the show → Net TV" {
		t.Fatalf("chains %v", chains)
	}
	var preds []graph.Predicate
	for _, h := range chains[0].Hops {
		preds = append(preds, h.Predicate)
	}
	if !slices.Equal(preds, []graph.Predicate{graph.Said, graph.Via, graph.PartOf, graph.AiredOn}) {
		t.Errorf("predicates %v", preds)
	}
}

func TestWriteTreeShapes(t *testing.T) {
	art := query.ArticleRef{Title: "T", Published: "2021-02-03"}
	tests := []struct {
		name  string
		chain query.Chain
		want  string
	}{
		{"no hops", query.Chain{Article: art},
			"(no source recorded)\n└─ in article \"T\" (2021-02-03)\n"},
		{"speaker only", query.Chain{Article: art, Hops: []query.Hop{{Name: "Ann", Kind: graph.KindPerson, Predicate: graph.Said}}},
			"Ann (person)\n└─ in article \"T\" (2021-02-03)\n"},
		{"republished without speaker", query.Chain{Article: art, Hops: []query.Hop{
			{Name: "S", Kind: graph.KindArticle, Predicate: graph.RepublishedFrom, Published: "2021-02-01"}}},
			"in article \"T\" (2021-02-03)\n└─ republished from → article \"S\" (2021-02-01)\n"},
		{"speaker and channels", query.Chain{Article: query.ArticleRef{Title: "T"}, Hops: []query.Hop{
			{Name: "Ann", Kind: graph.KindPerson, Predicate: graph.Said},
			{Name: "a clip", Kind: graph.KindWork, Subkind: graph.SubVideo, Predicate: graph.Via},
			{Name: "Net", Kind: graph.KindOutlet, Predicate: graph.AiredOn}}},
			"Ann (person)\n└─ said → a clip (work: video)\n   └─ aired on → Net (outlet)\n      └─ in article \"T\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.chain.WriteTree(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}
