package query_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/query"
)

// world builds made-up graphs from a compact description; it is separate
// from fixture (query_test.go) so either can change on its own.
type world struct {
	t   testing.TB
	s   *mem.Store
	ids map[string]graph.Node
}

func newWorld(t testing.TB) *world {
	return &world{t: t, s: mem.New(), ids: map[string]graph.Node{}}
}

// n declares a node under a short name.
func (w *world) n(short string, kind graph.Kind, name string, attrs ...string) {
	m := map[string]string{}
	for i := 0; i+1 < len(attrs); i += 2 {
		m[attrs[i]] = attrs[i+1]
	}
	sub := ""
	if kind == graph.KindOutlet && strings.HasPrefix(short, "ag") {
		sub = graph.SubAgency
	}
	w.ids[short] = graph.Node{ID: graph.NewID(kind, short), Kind: kind, Subkind: sub, Name: name, Attrs: m}
}

func (w *world) id(short string) graph.ID {
	n, ok := w.ids[short]
	if !ok {
		w.t.Fatalf("no node %q", short)
	}
	return n.ID
}

// a writes article art with edges given as "from pred to" triples
// (seq for via edges is their order); conf is every edge's confidence.
func (w *world) a(art string, conf float64, triples ...string) {
	w.t.Helper()
	b := &graph.Batch{Article: w.ids[art]}
	seen := map[string]bool{art: true}
	seq := map[string]int{}
	for _, tr := range triples {
		f := strings.Fields(tr)
		if len(f) != 3 {
			w.t.Fatalf("bad triple %q", tr)
		}
		for _, s := range []string{f[0], f[2]} {
			if !seen[s] {
				seen[s] = true
				b.Nodes = append(b.Nodes, w.ids[s])
			}
		}
		e := graph.Edge{From: w.id(f[0]), To: w.id(f[2]), Predicate: graph.Predicate(f[1]),
			Prov: graph.Provenance{Article: b.Article.ID, Confidence: conf, Ingested: time.Unix(0, 0).UTC()}}
		if e.Predicate == graph.Via {
			e.Seq = seq[f[0]]
			seq[f[0]]++
		}
		b.Edges = append(b.Edges, e)
	}
	if err := w.s.WriteArticle(context.Background(), b); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) names(ids []graph.ID) []string {
	var out []string
	for _, id := range ids {
		for short, n := range w.ids {
			if n.ID == id {
				out = append(out, short)
			}
		}
	}
	return out
}

// wire builds a made-up news world around one claim c ("The dam will be
// finished by May") by speaker sp, with a near-identical rewording c2 and
// an unrelated claim c3 by the same speaker:
//
//   - A and B copy each other (A republished_from B, B republished_from
//     A: circular reporting) and C copies B: one origin.
//   - D, E and F are three outlets running agency AFP's report: one origin.
//   - G has the claim from the speaker through outlet Interfax, and H
//     quotes Interfax too (c2, the rewording): one origin.
//   - I heard it directly (no channel, no agency): its own origin.
//   - J carries c through a documentary (article-scoped) aired on
//     state TV; K, separately, through its own interview aired on
//     state TV: the speaker through the same named channel, one origin.
//
// Answer: 5 independent origins out of 11 reports.
func wire(t testing.TB) *world {
	w := newWorld(t)
	w.n("sp", graph.KindPerson, "Vera Speaker")
	w.n("c", graph.KindClaim, "The dam will be finished by May.")
	w.n("c2", graph.KindClaim, "The dam will be finished by May!!")
	w.n("c3", graph.KindClaim, "Taxes will fall next year.")
	w.n("agAFP", graph.KindOutlet, "AFP")
	w.n("interfax", graph.KindOutlet, "Interfax")
	w.n("tv", graph.KindOutlet, "State TV")
	w.n("docJ", graph.KindWork, "a documentary")
	w.n("intK", graph.KindWork, "an interview")
	for i, a := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"} {
		w.n(a, graph.KindArticle, "Article "+a, graph.AttrPublished, "2021-03-"+string(rune('1'+i/9))+string(rune('0'+(i%9)+1)))
		w.n("pub"+a, graph.KindOutlet, "Paper "+a)
	}
	said := func(a string, claim string, extra ...string) {
		w.a(a, 0.9, append([]string{"sp said " + claim, a + " contains " + claim, a + " published_by pub" + a}, extra...)...)
	}
	said("A", "c", "A republished_from B")
	said("B", "c", "B republished_from A")
	said("C", "c", "C republished_from B")
	said("D", "c", "D reported_by agAFP")
	said("E", "c", "E reported_by agAFP")
	said("F", "c", "F reported_by agAFP")
	said("G", "c", "c via interfax")
	said("H", "c2", "c2 via interfax")
	said("I", "c")
	said("J", "c", "c via docJ", "docJ aired_on tv")
	said("K", "c", "c via intK", "intK aired_on tv")
	said("K", "c", "c via intK", "intK aired_on tv", "sp said c3", "K contains c3")
	return w
}

func TestOrigins(t *testing.T) {
	w := wire(t)
	ctx := context.Background()
	res, err := query.Origins(ctx, w.s, w.id("c"), query.ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 11 {
		t.Errorf("reports = %d, want 11", res.Reports)
	}
	var groups []string
	for _, o := range res.Origins {
		var arts []string
		for _, r := range o.Reports {
			arts = append(arts, strings.TrimPrefix(r.Article.Title, "Article "))
		}
		groups = append(groups, strings.Join(arts, ""))
	}
	want := []string{"ABC", "DEF", "GH", "I", "JK"}
	if !slices.Equal(groups, want) {
		t.Errorf("origins = %v, want %v", groups, want)
	}
	if res.Independent != len(want) {
		t.Errorf("independent = %d, want %d", res.Independent, len(want))
	}
	if len(res.Cluster) != 2 || res.Cluster[0].ID != w.id("c") || res.Cluster[1].ID != w.id("c2") {
		t.Errorf("cluster = %+v, want c then c2", res.Cluster)
	}
	// The shared upstream of each multi-report origin names what joins it.
	sharedNames := func(i int) []string {
		var s []string
		for _, n := range res.Origins[i].Shared {
			s = append(s, n.Name)
		}
		return s
	}
	for i, wantShared := range map[int]string{1: "AFP", 2: "Interfax", 4: "State TV"} {
		if !slices.Contains(sharedNames(i), wantShared) {
			t.Errorf("origin %s shared = %v, want it to include %s", groups[i], sharedNames(i), wantShared)
		}
	}
	if len(res.Origins[3].Shared) != 0 {
		t.Errorf("single-report origin has shared nodes %v", sharedNames(3))
	}
	if res.Origins[0].First.Title != "Article A" {
		t.Errorf("first of ABC = %q", res.Origins[0].First.Title)
	}
}

func TestOriginsClusterOptions(t *testing.T) {
	w := wire(t)
	ctx := context.Background()
	tests := []struct {
		name       string
		opts       query.ClusterOptions
		wantClaims int
		wantIndep  int
		wantRep    int
	}{
		{"Default", query.ClusterOptions{}, 2, 5, 11},
		{"NoSimilar", query.ClusterOptions{Similarity: -1}, 1, 5, 10}, // H (c2) falls out; G stays
		{"Loose", query.ClusterOptions{Similarity: 0.01}, 3, 5, 12},   // c3 shares "will"; it is in K, so joins JK
		{"Explicit", query.ClusterOptions{Similarity: -1, Claims: []graph.ID{w.id("c3")}}, 2, 5, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := query.Origins(ctx, w.s, w.id("c"), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Cluster) != tt.wantClaims || res.Independent != tt.wantIndep || res.Reports != tt.wantRep {
				t.Errorf("claims %d, independent %d, reports %d; want %d, %d, %d",
					len(res.Cluster), res.Independent, res.Reports, tt.wantClaims, tt.wantIndep, tt.wantRep)
			}
		})
	}
}

func TestOriginsErrors(t *testing.T) {
	w := wire(t)
	ctx := context.Background()
	if _, err := query.Origins(ctx, w.s, 12345, query.ClusterOptions{}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown claim: %v, want ErrNotFound", err)
	}
	if _, err := query.Origins(ctx, w.s, w.id("sp"), query.ClusterOptions{}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("speaker as claim: %v, want ErrInvalid", err)
	}
	if _, err := query.Origins(ctx, w.s, w.id("c"), query.ClusterOptions{Claims: []graph.ID{w.id("A")}}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("article in cluster: %v, want ErrInvalid", err)
	}
}

// TestOriginsLongCycle: a ring of republication A1 → A2 → … → A6 → A1 is one
// origin however the claim entered it, and the walk terminates.
func TestOriginsLongCycle(t *testing.T) {
	w := newWorld(t)
	w.n("sp", graph.KindPerson, "Ring Speaker")
	w.n("c", graph.KindClaim, "round and round")
	const n = 6
	for i := range n {
		a := "A" + string(rune('1'+i))
		w.n(a, graph.KindArticle, a)
	}
	for i := range n {
		a, next := "A"+string(rune('1'+i)), "A"+string(rune('1'+(i+1)%n))
		w.a(a, 1, "sp said c", a+" contains c", a+" republished_from "+next)
	}
	res, err := query.Origins(context.Background(), w.s, w.id("c"), query.ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Independent != 1 || res.Reports != n {
		t.Errorf("independent %d of %d reports, want 1 of %d", res.Independent, res.Reports, n)
	}
}

func TestJaccard(t *testing.T) {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, f := range strings.Fields(s) {
			m[f] = true
		}
		return m
	}
	tests := []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"a b", "a b", 1},
		{"a b", "c d", 0},
		{"a b c", "a b d", 0.5},
		{"a", "", 0},
	}
	for _, tt := range tests {
		if got := query.Jaccard(set(tt.a), set(tt.b)); got != tt.want {
			t.Errorf("Jaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
