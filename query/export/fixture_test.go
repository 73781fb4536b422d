package export_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// Tricky values every format must carry intact.
const (
	trickyClaim = "Spies were \"everywhere\" <b>&amp;</b> & 'here'\nsecond line\twith a tab\\backslash"
	trickyTitle = "Kremlin <report> & \"leaks\"\r\nline two"
)

// fixture holds the nodes of a small news provenance graph: a speaker
// said a claim via a documentary aired on a broadcaster, reported by two
// articles (so said, via and contains edges run in parallel), one of which
// republishes the other.
type fixture struct {
	a1, a2, speaker, org, claim, claim2, doc, tv, agency, paper graph.Node
}

func newFixture() fixture {
	id := func(k graph.Kind, s string) graph.ID { return graph.NewID(k, s) }
	return fixture{
		a1: graph.Node{ID: id(graph.KindArticle, "a1"), Kind: graph.KindArticle, Name: trickyTitle,
			Attrs: map[string]string{graph.AttrURL: "https://news.example/a1?x=1&y=<2>", graph.AttrPublished: "2024-03-01T10:00:00Z",
				graph.AttrAuthor: "A. Writer", "URL": "case-clash"}},
		a2: graph.Node{ID: id(graph.KindArticle, "a2"), Kind: graph.KindArticle, Name: "Second report",
			Attrs: map[string]string{graph.AttrURL: "https://news.example/a2", graph.AttrPublished: "March 2024"}},
		speaker: graph.Node{ID: id(graph.KindPerson, "jane"), Kind: graph.KindPerson, Name: "Jane Speaker",
			Aliases: []string{"J. Speaker", "Speaker; Jane"}, Roles: []string{"regional head"}},
		org:    graph.Node{ID: id(graph.KindOrganisation, "ministry"), Kind: graph.KindOrganisation, Name: "Ministry of Examples"},
		claim:  graph.Node{ID: id(graph.KindClaim, "c1"), Kind: graph.KindClaim, Name: trickyClaim, Attrs: map[string]string{graph.AttrClaimKind: "direct", graph.AttrCue: "said"}},
		claim2: graph.Node{ID: id(graph.KindClaim, "c2"), Kind: graph.KindClaim, Name: "No spies were found", Attrs: map[string]string{graph.AttrClaimKind: "indirect"}},
		doc:    graph.Node{ID: id(graph.KindWork, "doc"), Kind: graph.KindWork, Subkind: graph.SubDocumentary, Name: "The Documentary"},
		tv:     graph.Node{ID: id(graph.KindOutlet, "tv"), Kind: graph.KindOutlet, Subkind: graph.SubBroadcaster, Name: "State TV"},
		agency: graph.Node{ID: id(graph.KindOutlet, "agency"), Kind: graph.KindOutlet, Subkind: graph.SubAgency, Name: "Agency Press"},
		paper:  graph.Node{ID: id(graph.KindOutlet, "paper"), Kind: graph.KindOutlet, Subkind: graph.SubPublisher, Name: "Daily Paper"},
	}
}

var (
	t1 = time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.UTC)
	t2 = time.Date(2024, 3, 2, 9, 30, 0, 0, time.FixedZone("", 3*3600))
)

func prov(article graph.ID, conf float64, ingested time.Time, spans ...graph.Span) graph.Provenance {
	return graph.Provenance{Article: article, Spans: spans, Text: "she said", Extractor: "rules", Version: "v1", Confidence: conf, Ingested: ingested}
}

// batches returns the fixture as the two articles' batches and the edges
// that belong to no article.
func (f fixture) batches() ([]graph.Batch, []graph.Edge) {
	b1 := graph.Batch{Article: f.a1, Nodes: []graph.Node{f.speaker, f.claim, f.doc, f.tv, f.agency, f.paper}, Edges: []graph.Edge{
		{From: f.speaker.ID, To: f.claim.ID, Predicate: graph.Said, Prov: prov(f.a1.ID, 0.9, t1, graph.Span{Start: 10, End: 42}, graph.Span{Start: 50, End: 60})},
		{From: f.claim.ID, To: f.doc.ID, Predicate: graph.Via, Seq: 0, Prov: prov(f.a1.ID, 1, t1)},
		{From: f.doc.ID, To: f.tv.ID, Predicate: graph.AiredOn, Prov: prov(f.a1.ID, 0.75, t1)},
		{From: f.a1.ID, To: f.claim.ID, Predicate: graph.Contains, Prov: prov(f.a1.ID, 1, t1)},
		{From: f.a1.ID, To: f.agency.ID, Predicate: graph.ReportedBy, Prov: prov(f.a1.ID, 0.1+0.2, t1)},
		{From: f.a1.ID, To: f.paper.ID, Predicate: graph.PublishedBy, Prov: prov(f.a1.ID, 1, t1)},
	}}
	b2 := graph.Batch{Article: f.a2, Nodes: []graph.Node{f.speaker, f.claim, f.doc, f.org, f.claim2}, Edges: []graph.Edge{
		{From: f.speaker.ID, To: f.claim.ID, Predicate: graph.Said, Prov: prov(f.a2.ID, 0.8, t2, graph.Span{Start: 3, End: 9})},
		{From: f.claim.ID, To: f.doc.ID, Predicate: graph.Via, Seq: 1, Prov: prov(f.a2.ID, 0.5, t2)},
		{From: f.a2.ID, To: f.claim.ID, Predicate: graph.Contains, Prov: prov(f.a2.ID, 1, t2)},
		{From: f.a2.ID, To: f.a1.ID, Predicate: graph.RepublishedFrom, Prov: prov(f.a2.ID, 0.6, t2)},
		{From: f.org.ID, To: f.claim2.ID, Predicate: graph.Said, Prov: graph.Provenance{Article: f.a2.ID, Confidence: 0.7}},
		{From: f.a2.ID, To: f.claim2.ID, Predicate: graph.Contains, Prov: prov(f.a2.ID, 1, t2)},
	}}
	loose := []graph.Edge{
		{From: f.claim2.ID, To: f.claim.ID, Predicate: graph.Contradicts, Prov: graph.Provenance{Extractor: "analyst", Confidence: 1, Ingested: t2}},
	}
	return []graph.Batch{b1, b2}, loose
}

// newStore builds the fixture in a mem store.
func newStore(t testing.TB) *mem.Store {
	t.Helper()
	ctx := context.Background()
	s := mem.New()
	t.Cleanup(func() { s.Close() })
	bs, loose := newFixture().batches()
	for i := range bs {
		if err := s.WriteArticle(ctx, &bs[i]); err != nil {
			t.Fatalf("write fixture: %v", err)
		}
	}
	if err := s.PutEdges(ctx, loose); err != nil {
		t.Fatalf("write fixture: %v", err)
	}
	return s
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change)\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(a, b string) string {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\nwant …%q\ngot  …%q", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}
