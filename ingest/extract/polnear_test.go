package extract_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// polnearSpans encodes a result the way `extract --format brat` and `eval
// polnear` do: through brat text-bounds.
func polnearSpans(text string, r extract.Result) eval.PolNeARSpans {
	atts := make([]brat.Attribution, 0, len(r.Attributions))
	for _, a := range r.Attributions {
		atts = append(atts, brat.Attribution{Source: a.SpeakerMention.Spans, Cue: a.Cue.Spans, Content: a.Content.Spans})
	}
	s := eval.SpansFromBrat(brat.FromAttributions(text, atts))
	s.Sentences = r.Sentences
	return s
}

// TestPolNeARDev scores the combined extractor and the rules alone on the
// PolNeAR dev split and fails when an exact F1 falls more than 0.02 below
// the score reached when the combination was tuned.
func TestPolNeARDev(t *testing.T) {
	if testing.Short() {
		t.Skip("PolNeAR dev scoring is slow under -short")
	}
	docs, err := eval.LoadPolNeAR(filepath.Join(corpusDir(t), "polnear", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                 string
		x                    *extract.Extractor
		source, cue, content float64 // exact F1 reached
	}{
		{"combined", extractor(), 0.726, 0.679, 0.570},
		{"rules", rules(), 0.556, 0.554, 0.405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := eval.ScorePolNeARDocs(context.Background(), docs, func(text string) (eval.PolNeARSpans, error) {
				return polnearSpans(text, tc.x.Extract(text)), nil
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("exact F1 source %.3f cue %.3f content %.3f; overlap %.3f %.3f %.3f",
				rep.Source.Exact.F1, rep.Cue.Exact.F1, rep.Content.Exact.F1,
				rep.Source.Overlap.F1, rep.Cue.Overlap.F1, rep.Content.Overlap.F1)
			for _, r := range []struct {
				role      string
				got, want float64
			}{
				{"source", rep.Source.Exact.F1, tc.source},
				{"cue", rep.Cue.Exact.F1, tc.cue},
				{"content", rep.Content.Exact.F1, tc.content},
			} {
				if r.got < r.want-0.02 {
					t.Errorf("%s exact F1 %.3f, more than 0.02 below %.3f", r.role, r.got, r.want)
				}
			}
		})
	}
}
