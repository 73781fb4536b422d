package ingest_test

import (
	"reflect"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// FuzzBuild feeds Build arbitrary extractions: whatever an extractor
// produces, Build must not panic, must return a batch that validates with
// (From, Predicate, To) unique, and must be deterministic.
func FuzzBuild(f *testing.F) {
	f.Add("Title", "Text body.", "Elena Marsh", "person", "the harbour will reopen", "an interview", "work", "Radio Bay", "outlet", "Radio Bay", 0.9, 3, 9)
	f.Add("", "", "", "unresolved", "Nothing is decided", "", "", "", "", "", 0.0, -1, 0)
	f.Add("T", "x", "a senior official", "anonymous", "!!!", "a statement", "work", "a statement", "work", "a statement", 7.0, 5, 2)
	f.Add("T", "x", "Bad", "claim", "content", "c", "gadget", "d", "outlet", "zzz", -1.0, 0, 0)
	f.Fuzz(func(t *testing.T, title, text, speaker, speakerKind, content, ch1, kind1, ch2, kind2, partOf string, conf float64, start, end int) {
		doc := article.Document{Title: title, Text: text, Source: "fuzz.txt", Agency: ch2, Outlet: ch1}
		res := extract.Result{
			Attributions: []extract.Attribution{{
				Speaker:        extract.Entity{Name: speaker, Kind: graph.Kind(speakerKind), Aliases: []string{speaker, ""}},
				SpeakerMention: extract.Mention{Text: speaker, Spans: []graph.Span{{Start: start, End: end}}},
				Content:        extract.Mention{Text: content, Spans: []graph.Span{{Start: end, End: start}}},
				Kind:           extract.Direct,
				Via: []extract.Channel{
					{Entity: extract.Entity{Name: ch1, Kind: graph.Kind(kind1)}, PartOf: partOf},
					{Entity: extract.Entity{Name: ch2, Kind: graph.Kind(kind2)}, PartOf: ch1},
					{Entity: extract.Entity{Name: ch1, Kind: graph.Kind(kind1)}},
				},
				Confidence: conf,
			}, {
				Speaker: extract.Entity{Name: speaker, Kind: graph.Kind(speakerKind)},
				Content: extract.Mention{Text: content + " " + ch2},
			}},
			Assessments: []extract.Assessment{{Kind: kind2, Text: extract.Mention{Text: partOf}, By: speaker, AppliesTo: []int{start, end, 0, 1}}},
			ReportedBy:  &extract.Entity{Name: ch2, Kind: graph.Kind(kind2)},
			PublishedBy: &extract.Entity{Name: speaker},
		}
		b, _, err := ingest.Build(doc, res, testMeta)
		if err != nil {
			return // only a document with nothing to name it fails
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("invalid batch: %v", err)
		}
		for _, n := range b.Nodes {
			// Only Build's own article, claim and assessment nodes may
			// have those kinds, whatever kinds the extraction claims.
			switch n.Kind {
			case graph.KindArticle:
				t.Fatalf("entity node %q of kind article", n.Name)
			case graph.KindClaim, graph.KindAssessment:
				if n.ID == graph.NewID("entity", graph.NormalizeName(n.Name)) {
					t.Fatalf("entity %q became a %s node", n.Name, n.Kind)
				}
			}
		}
		seen := map[[3]uint64]bool{}
		for _, e := range b.Edges {
			k := [3]uint64{uint64(e.From), uint64(e.To), uint64(e.Predicate.Index())}
			if seen[k] {
				t.Fatalf("duplicate edge %s -%s-> %s", e.From, e.Predicate, e.To)
			}
			seen[k] = true
		}
		b2, _, _ := ingest.Build(doc, res, testMeta)
		if !reflect.DeepEqual(b, b2) {
			t.Fatal("Build is not deterministic")
		}
	})
}
