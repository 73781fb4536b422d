package ingest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

var testMeta = ingest.Meta{Extractor: "test", Version: "0", Now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}

// span finds the first occurrence of sub in text as a rune span.
func span(t testing.TB, text, sub string) graph.Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	start := len([]rune(text[:i]))
	return graph.Span{Start: start, End: start + len([]rune(sub))}
}

func mention(t testing.TB, text, sub string) extract.Mention {
	return extract.Mention{Text: sub, Spans: []graph.Span{span(t, text, sub)}}
}

// harbourText is a made-up article: a named speaker quoted through an
// interview that is part of a programme aired on a radio station, an
// anonymous source, a speaker the extractor could not resolve, and an
// assessment of the first claim.
const harbourText = `Mayor says harbour will reopen in spring

Coastal Wire
Mayor Elena Marsh said in an interview for the Morning Programme on Radio Bay that the harbour "will reopen in spring".

A senior official said repairs were behind schedule.

"Nothing is decided," it was said.

The claim could not be independently verified, Coastal Wire said.
`

func harbourDoc() article.Document {
	return article.Document{
		URL:       "https://example.org/harbour",
		Title:     "Mayor says harbour will reopen in spring",
		Outlet:    "Example Gazette",
		Agency:    "Coastal Wire",
		Author:    "J. Doe",
		Published: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Text:      harbourText,
		Source:    "testdata/harbour.txt",
	}
}

func harbourResult(t testing.TB) extract.Result {
	x := harbourText
	return extract.Result{
		Attributions: []extract.Attribution{
			{
				Speaker:        extract.Entity{Name: "Elena Marsh", Kind: graph.KindPerson, Aliases: []string{"Marsh"}, Roles: []string{"Mayor"}},
				SpeakerMention: mention(t, x, "Mayor Elena Marsh"),
				Cue:            mention(t, x, "said"),
				Content:        mention(t, x, `the harbour "will reopen in spring"`),
				Kind:           extract.Mixed,
				Via: []extract.Channel{
					{Entity: extract.Entity{Name: "an interview", Kind: graph.KindWork, Subkind: graph.SubInterview},
						Mention: mention(t, x, "an interview"), PartOf: "the Morning Programme"},
					{Entity: extract.Entity{Name: "the Morning Programme", Kind: graph.KindWork, Subkind: graph.SubReport},
						Mention: mention(t, x, "the Morning Programme")},
					{Entity: extract.Entity{Name: "Radio Bay", Kind: graph.KindOutlet, Subkind: graph.SubBroadcaster},
						Mention: mention(t, x, "Radio Bay")},
				},
				Confidence: 0.9,
			},
			{
				Speaker:        extract.Entity{Name: "a senior official", Kind: graph.KindAnonymous},
				SpeakerMention: mention(t, x, "A senior official"),
				Cue:            mention(t, x, "said repairs"),
				Content:        mention(t, x, "repairs were behind schedule"),
				Kind:           extract.Indirect,
				Confidence:     0.7,
			},
			{
				Speaker:    extract.Entity{Kind: graph.KindUnresolved},
				Cue:        mention(t, x, "it was said"),
				Content:    mention(t, x, `"Nothing is decided,"`),
				Kind:       extract.Direct,
				Confidence: 0.4,
			},
		},
		Assessments: []extract.Assessment{{
			Kind:      "unverified",
			Text:      mention(t, x, "The claim could not be independently verified"),
			By:        "Coastal Wire",
			AppliesTo: []int{0},
		}},
		Sentences: 6,
	}
}

func TestBuildGolden(t *testing.T) {
	b, counts, err := ingest.Build(harbourDoc(), harbourResult(t), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(); err != nil {
		t.Fatalf("batch does not validate: %v", err)
	}
	got, err := json.MarshalIndent(struct {
		Batch  *graph.Batch
		Counts ingest.Counts
	}{b, counts}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "build_harbour.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("batch differs from %s (go test -update rewrites it); got:\n%s", golden, got)
	}
}

// TestBuildModel checks the data model's rules one by one, independently of
// the golden file's exact bytes.
func TestBuildModel(t *testing.T) {
	doc := harbourDoc()
	b, counts, err := ingest.Build(doc, harbourResult(t), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]graph.Node{}
	for _, n := range b.Nodes {
		byName[n.Name] = n
	}
	has := func(from string, p graph.Predicate, to string) *graph.Edge {
		t.Helper()
		f, ok := byName[from]
		if from == "ARTICLE" {
			f, ok = b.Article, true
		}
		tn, ok2 := byName[to]
		if !ok || !ok2 {
			t.Fatalf("edge %s -%s-> %s: node missing (have %v)", from, p, to, keys(byName))
		}
		for i := range b.Edges {
			e := &b.Edges[i]
			if e.From == f.ID && e.To == tn.ID && e.Predicate == p {
				return e
			}
		}
		t.Errorf("no edge %s -%s-> %s", from, p, to)
		return nil
	}

	art := b.Article
	if art.ID != graph.NewID(graph.KindArticle, "url:https://example.org/harbour") {
		t.Errorf("article ID %s is not derived from the URL key", art.ID)
	}
	for k, v := range map[string]string{graph.AttrURL: doc.URL, graph.AttrPublished: "2026-03-02",
		graph.AttrRetrieved: "2026-11-25T12:00:00Z", graph.AttrAuthor: "J. Doe", graph.AttrSourceFile: doc.Source} {
		if art.Attrs[k] != v {
			t.Errorf("article attr %s = %q, want %q", k, art.Attrs[k], v)
		}
	}

	marsh := byName["Elena Marsh"]
	if marsh.ID != graph.NewID("entity", "elena marsh") || marsh.Kind != graph.KindPerson {
		t.Errorf("speaker node %+v: want global entity ID of kind person", marsh)
	}
	claimText := `the harbour "will reopen in spring"`
	claim := byName[claimText]
	if claim.ID != ingest.ClaimID(marsh.ID, "The harbour will reopen in SPRING") {
		t.Errorf("claim ID %s is not ClaimID(speaker, normalised content)", claim.ID)
	}
	if claim.Attrs[graph.AttrClaimKind] != extract.Mixed || claim.Attrs[graph.AttrCue] != "said" {
		t.Errorf("claim attrs %v", claim.Attrs)
	}
	if e := has("Elena Marsh", graph.Said, claimText); e != nil {
		if e.Prov.Text != "Mayor Elena Marsh" || e.Prov.Confidence != 0.9 || e.Prov.Article != art.ID ||
			!e.Prov.Ingested.Equal(testMeta.Now) || e.Prov.Extractor != "test" || len(e.Prov.Spans) != 1 {
			t.Errorf("said edge provenance %+v", e.Prov)
		}
	}
	has("ARTICLE", graph.Contains, claimText)
	for i, ch := range []string{"an interview", "the Morning Programme", "Radio Bay"} {
		if e := has(claimText, graph.Via, ch); e != nil && e.Seq != i {
			t.Errorf("via %s has seq %d, want %d", ch, e.Seq, i)
		}
	}
	has("an interview", graph.PartOf, "the Morning Programme") // named by PartOf
	has("the Morning Programme", graph.AiredOn, "Radio Bay")   // work followed by outlet
	if e := has("ARTICLE", graph.ReportedBy, "Coastal Wire"); e != nil {
		// Located at the credit line, as rune offsets.
		if want := span(t, harbourText, "Coastal Wire"); len(e.Prov.Spans) != 1 || e.Prov.Spans[0] != want {
			t.Errorf("reported_by spans %v, want [%v]", e.Prov.Spans, want)
		}
	}
	has("ARTICLE", graph.PublishedBy, "Example Gazette")
	for _, n := range []string{"Elena Marsh", "a senior official", "an interview", "Radio Bay", "Coastal Wire", "Example Gazette"} {
		has("ARTICLE", graph.Mentions, n)
	}
	if w := byName["an interview"]; w.ID != graph.NewID(graph.KindWork, doc.Key(), "an interview") {
		t.Errorf("work ID %s is not scoped to the article", w.ID)
	}

	anon := byName["a senior official"]
	if anon.Kind != graph.KindAnonymous || anon.ID == graph.NewID("entity", "a senior official") {
		t.Errorf("anonymous source %+v must be article-scoped", anon)
	}
	unres, ok := byName[`unresolved: no explicit source`]
	if !ok || unres.Kind != graph.KindUnresolved {
		t.Errorf("unresolved speaker missing or wrong: %v", keys(byName))
	}

	ass := byName["The claim could not be independently verified"]
	if ass.Kind != graph.KindAssessment || ass.Subkind != "unverified" {
		t.Errorf("assessment node %+v", ass)
	}
	has("The claim could not be independently verified", graph.Assesses, claimText)
	has("The claim could not be independently verified", graph.MadeBy, "Coastal Wire")

	if counts.Claims != 3 || counts.Assessments != 1 || counts.Edges != len(b.Edges) || counts.Nodes != len(b.Nodes) {
		t.Errorf("counts %+v (batch has %d nodes, %d edges)", counts, len(b.Nodes), len(b.Edges))
	}
	// Within one article (From, Predicate, To) is unique.
	seen := map[[3]string]bool{}
	for _, e := range b.Edges {
		k := [3]string{e.From.String(), string(e.Predicate), e.To.String()}
		if seen[k] {
			t.Errorf("duplicate edge %v", k)
		}
		seen[k] = true
	}
}

func keys(m map[string]graph.Node) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestBuildIdempotent(t *testing.T) {
	res := harbourResult(t)
	b1, c1, err1 := ingest.Build(harbourDoc(), res, testMeta)
	b2, c2, err2 := ingest.Build(harbourDoc(), res, testMeta)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !reflect.DeepEqual(b1, b2) || !reflect.DeepEqual(c1, c2) {
		t.Error("building the same input twice gave different batches")
	}
	// The batch must not alias the extraction: changing one after the
	// other leaves the first intact.
	b1.Edges[0].Prov.Spans = append(b1.Edges[0].Prov.Spans[:0], graph.Span{Start: 99, End: 100})
	b3, _, _ := ingest.Build(harbourDoc(), res, testMeta)
	if !reflect.DeepEqual(b2, b3) {
		t.Error("mutating a built batch changed the next build: spans alias the input")
	}
}

// pair builds the same extraction for two different articles.
func pair(t *testing.T, res extract.Result) (a, b *graph.Batch) {
	t.Helper()
	d1, d2 := harbourDoc(), harbourDoc()
	d2.URL, d2.Source = "https://other.example/harbour-copy", "other.txt"
	a, _, err := ingest.Build(d1, res, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	res2 := res
	// The second article words the claim with other case and punctuation.
	res2.Attributions = append([]extract.Attribution(nil), res.Attributions...)
	res2.Attributions[0].Content.Text = "The harbour will reopen in spring."
	b, _, err = ingest.Build(d2, res2, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if a.Article.ID == b.Article.ID {
		t.Fatal("two documents with different URLs got one article ID")
	}
	return a, b
}

func idOf(t *testing.T, b *graph.Batch, kind graph.Kind, pred func(graph.Node) bool) graph.ID {
	t.Helper()
	for _, n := range b.Nodes {
		if n.Kind == kind && pred(n) {
			return n.ID
		}
	}
	t.Fatalf("no %s node matching in batch", kind)
	return 0
}

func TestBuildAcrossArticles(t *testing.T) {
	a, b := pair(t, harbourResult(t))
	named := func(name string) func(graph.Node) bool {
		return func(n graph.Node) bool { return n.Name == name }
	}
	anyNode := func(graph.Node) bool { return true }
	isHarbour := func(n graph.Node) bool { return strings.Contains(strings.ToLower(n.Name), "harbour") }
	tests := []struct {
		name string
		kind graph.Kind
		pick func(graph.Node) bool
		same bool
	}{
		{"named speaker is one node", graph.KindPerson, named("Elena Marsh"), true},
		{"outlet is one node", graph.KindOutlet, named("Radio Bay"), true},
		{"same claim by same speaker is one node", graph.KindClaim, isHarbour, true},
		{"anonymous source is scoped to its article", graph.KindAnonymous, anyNode, false},
		{"unresolved speaker is scoped to its article", graph.KindUnresolved, anyNode, false},
		{"work is scoped to its article", graph.KindWork, named("an interview"), false},
		{"assessment is scoped to its article", graph.KindAssessment, anyNode, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ia, ib := idOf(t, a, tt.kind, tt.pick), idOf(t, b, tt.kind, tt.pick)
			if (ia == ib) != tt.same {
				t.Errorf("IDs %s and %s: same = %v, want %v", ia, ib, ia == ib, tt.same)
			}
		})
	}
	// The anonymous source's claim is therefore two claims, too.
	ca := idOf(t, a, graph.KindClaim, named("repairs were behind schedule"))
	cb := idOf(t, b, graph.KindClaim, named("repairs were behind schedule"))
	if ca == cb {
		t.Error("claims of two articles' anonymous sources merged")
	}
}

func TestBuildDegenerate(t *testing.T) {
	x := harbourText
	good := harbourResult(t).Attributions[1]
	tests := []struct {
		name     string
		doc      func(*article.Document)
		res      extract.Result
		wantErr  bool
		claims   int
		warnings int
		// reportedBy and publishedBy, when set, are the outlets expected.
		reportedBy, publishedBy string
	}{
		{name: "empty extraction", res: extract.Result{}},
		{name: "no title names the article by its first words",
			doc: func(d *article.Document) { d.Title = "" }, res: extract.Result{}},
		{name: "nothing to name the article", wantErr: true,
			doc: func(d *article.Document) { *d = article.Document{} }},
		{name: "attribution without content is left out",
			res: extract.Result{Attributions: []extract.Attribution{
				{Speaker: extract.Entity{Name: "Elena Marsh", Kind: graph.KindPerson}, Content: extract.Mention{Text: ` "" `}},
				good}},
			claims: 1, warnings: 1},
		{name: "claim kind as speaker kind is left out",
			res: extract.Result{Attributions: []extract.Attribution{
				{Speaker: extract.Entity{Name: "x", Kind: graph.KindClaim}, Content: mention(t, x, "repairs")}, good}},
			claims: 1, warnings: 1},
		{name: "channel of a kind that cannot carry claims is dropped",
			res: extract.Result{Attributions: []extract.Attribution{
				{Speaker: good.Speaker, Content: good.Content,
					Via: []extract.Channel{{Entity: extract.Entity{Name: "Some Article", Kind: graph.KindArticle}}}}}},
			claims: 1, warnings: 1},
		{name: "reporting agency of kind claim is dropped for the document's agency",
			res:    extract.Result{ReportedBy: &extract.Entity{Name: "x", Kind: graph.KindClaim}},
			claims: 0, warnings: 1, reportedBy: "Coastal Wire"},
		{name: "extracted agency wins over the document's",
			res:        extract.Result{ReportedBy: &extract.Entity{Name: "Harbour Press", Kind: graph.KindOutlet}},
			reportedBy: "Harbour Press"},
		{name: "document's publisher wins over the extracted one",
			res:         extract.Result{PublishedBy: &extract.Entity{Name: "Some Site"}},
			publishedBy: "Example Gazette"},
		{name: "extracted publisher when the document has none",
			doc:         func(d *article.Document) { d.Outlet = "" },
			res:         extract.Result{PublishedBy: &extract.Entity{Name: "Some Site"}},
			publishedBy: "Some Site"},
		{name: "channel of unknown kind is dropped, claim kept",
			res: extract.Result{Attributions: []extract.Attribution{
				{Speaker: good.Speaker, Content: good.Content,
					Via: []extract.Channel{{Entity: extract.Entity{Name: "thing", Kind: "gadget"}}}}}},
			claims: 1, warnings: 1},
		{name: "assessment pointing past the attributions",
			res: extract.Result{Attributions: []extract.Attribution{good},
				Assessments: []extract.Assessment{{Kind: "unverified", Text: extract.Mention{Text: "unverified"}, AppliesTo: []int{0, 7}}}},
			claims: 1, warnings: 1},
		{name: "confidence outside [0,1] is clamped",
			res:    extract.Result{Attributions: []extract.Attribution{{Speaker: good.Speaker, Content: good.Content, Confidence: 7}}},
			claims: 1},
		{name: "named speaker with unresolved kind stays unresolved",
			res: extract.Result{Attributions: []extract.Attribution{{Speaker: extract.Entity{Name: "he", Kind: graph.KindUnresolved},
				SpeakerMention: mention(t, x, "Mayor"), Content: good.Content}}},
			claims: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := harbourDoc()
			if tt.doc != nil {
				tt.doc(&doc)
			}
			b, c, err := ingest.Build(doc, tt.res, testMeta)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if err := b.Validate(); err != nil {
				t.Fatalf("batch does not validate: %v", err)
			}
			if c.Claims != tt.claims || len(c.Warnings) != tt.warnings {
				t.Errorf("claims %d warnings %q; want %d claims, %d warnings", c.Claims, c.Warnings, tt.claims, tt.warnings)
			}
			for p, want := range map[graph.Predicate]string{graph.ReportedBy: tt.reportedBy, graph.PublishedBy: tt.publishedBy} {
				if want == "" {
					continue
				}
				var got []string
				for _, e := range b.Edges {
					if e.Predicate == p {
						for _, n := range b.Nodes {
							if n.ID == e.To {
								got = append(got, n.Name)
							}
						}
					}
				}
				if len(got) != 1 || got[0] != want {
					t.Errorf("%s %v, want [%s]", p, got, want)
				}
			}
			for _, w := range c.Warnings {
				if !strings.HasPrefix(w, doc.Source+": ") {
					t.Errorf("warning %q does not name the source", w)
				}
			}
		})
	}
}

func TestBuildDescriptionScoping(t *testing.T) {
	tests := []struct {
		name   string
		kind   graph.Kind
		global bool
	}{
		{"the company", graph.KindOrganisation, false},
		{"a spokesman", graph.KindPerson, false},
		{"analysts", graph.KindGroup, false},
		{"its lawyers", graph.KindGroup, false},
		{"the Kremlin", graph.KindOrganisation, true},
		{"The Company", graph.KindOrganisation, true}, // capitalised: a name
		{"Elena Marsh", graph.KindPerson, true},
		{"state television", graph.KindOutlet, true}, // outlets keep global names
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extract.Result{Attributions: []extract.Attribution{{
				Speaker: extract.Entity{Name: tt.name, Kind: tt.kind},
				Content: extract.Mention{Text: "prices will rise"},
			}}}
			d1, d2 := harbourDoc(), harbourDoc()
			d2.URL = "https://other.example/x"
			b1, _, err1 := ingest.Build(d1, res, testMeta)
			b2, _, err2 := ingest.Build(d2, res, testMeta)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			pick := func(n graph.Node) bool { return n.Name == tt.name }
			i1, i2 := idOf(t, b1, tt.kind, pick), idOf(t, b2, tt.kind, pick)
			if (i1 == i2) != tt.global {
				t.Errorf("same node in both articles = %v, want %v", i1 == i2, tt.global)
			}
		})
	}
}
