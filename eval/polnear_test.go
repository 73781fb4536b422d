package eval_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
)

// sp returns the rune span of the first occurrence of s in text at or after
// rune offset from.
func sp(t *testing.T, text, s string, from int) []graph.Span {
	t.Helper()
	runes := []rune(text)
	prefix := string(runes[:from])
	i := strings.Index(text[len(prefix):], s)
	if i < 0 {
		t.Fatalf("%q not in text", s)
	}
	start := from + len([]rune(text[len(prefix):len(prefix)+i]))
	return []graph.Span{{Start: start, End: start + len([]rune(s))}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

type want struct{ p, r float64 }

func checkPRF(t *testing.T, name string, got eval.PRF, w want) {
	t.Helper()
	f1 := 0.0
	if w.p+w.r > 0 {
		f1 = 2 * w.p * w.r / (w.p + w.r)
	}
	if !near(got.P, w.p) || !near(got.R, w.r) || !near(got.F1, f1) {
		t.Errorf("%s = P %.4f R %.4f F1 %.4f, want P %.4f R %.4f F1 %.4f", name, got.P, got.R, got.F1, w.p, w.r, f1)
	}
}

func TestScorerMatchings(t *testing.T) {
	text := "Trump said “we will win.” Officials told reporters that the plan failed."
	s := func(x string) []graph.Span { return sp(t, text, x, 0) }
	gold := eval.PolNeARSpans{
		Sources:  [][]graph.Span{s("Trump"), s("Officials")},
		Cues:     [][]graph.Span{s("said"), s("told")},
		Contents: [][]graph.Span{s("“we will win.”"), s("the plan failed")},
	}
	tests := []struct {
		name               string
		pred               eval.PolNeARSpans
		srcE, srcO, cueE   want
		cueO, contE, contO want
	}{
		{
			name: "mixed",
			pred: eval.PolNeARSpans{
				Sources:  [][]graph.Span{s("Trump"), s("Officials told"), s("reporters")},
				Cues:     [][]graph.Span{s("said ")},
				Contents: [][]graph.Span{s("we will win"), s("that the plan failed.")},
			},
			srcE: want{1. / 3, 1. / 2}, srcO: want{2. / 3, 1},
			cueE: want{1, 1. / 2}, cueO: want{1, 1. / 2},
			contE: want{1. / 2, 1. / 2}, contO: want{1, 1},
		},
		{
			// One predicted span covering both gold spans matches only one.
			name: "one to one",
			pred: eval.PolNeARSpans{
				Sources:  [][]graph.Span{s("Trump said “we will win.” Officials")},
				Cues:     [][]graph.Span{s("said"), s("said"), s("told")}, // duplicate counts once
				Contents: nil,
			},
			srcE: want{0, 0}, srcO: want{1, 1. / 2},
			cueE: want{1, 1}, cueO: want{1, 1},
			contE: want{0, 0}, contO: want{0, 0},
		},
		{
			name: "empty prediction",
			srcE: want{0, 0}, srcO: want{0, 0}, cueE: want{0, 0}, cueO: want{0, 0}, contE: want{0, 0}, contO: want{0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sc eval.PolNeARScorer
			sc.Add(text, gold, tt.pred, 2)
			r := sc.Report()
			checkPRF(t, "source exact", r.Source.Exact, tt.srcE)
			checkPRF(t, "source overlap", r.Source.Overlap, tt.srcO)
			checkPRF(t, "cue exact", r.Cue.Exact, tt.cueE)
			checkPRF(t, "cue overlap", r.Cue.Overlap, tt.cueO)
			checkPRF(t, "content exact", r.Content.Exact, tt.contE)
			checkPRF(t, "content overlap", r.Content.Overlap, tt.contO)
		})
	}
}

func TestScorerDiscontinuous(t *testing.T) {
	text := "“We won,” he said, “and we will win again.”"
	a := sp(t, text, "We won", 0)
	b := sp(t, text, "and we will win again", 0)
	gold := eval.PolNeARSpans{Contents: [][]graph.Span{append(append([]graph.Span{}, a...), b...)}}
	tests := []struct {
		name       string
		pred       []graph.Span
		exact, ovl float64
	}{
		{"same ranges reversed, with quotes", []graph.Span{{Start: b[0].Start - 1, End: b[0].End + 1}, {Start: a[0].Start - 1, End: a[0].End + 2}}, 1, 1},
		{"one range only", a, 0, 1},
		{"whole stretch", []graph.Span{{Start: a[0].Start, End: b[0].End}}, 0, 1},
		{"disjoint", sp(t, text, "he said", 0), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sc eval.PolNeARScorer
			sc.Add(text, gold, eval.PolNeARSpans{Contents: [][]graph.Span{tt.pred}}, 1)
			r := sc.Report()
			if !near(r.Content.Exact.F1, tt.exact) || !near(r.Content.Overlap.F1, tt.ovl) {
				t.Errorf("exact F1 %.3f overlap F1 %.3f, want %.3f %.3f", r.Content.Exact.F1, r.Content.Overlap.F1, tt.exact, tt.ovl)
			}
		})
	}
}

// TestScorePolNeARDirMatchesPredictor checks that scoring .ann files gives
// exactly the numbers scoring the same spans directly gives.
func TestScorePolNeARDirMatchesPredictor(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("testdata", "polnear")
	fromFiles, err := eval.ScorePolNeARDir(ctx, dir, filepath.Join(dir, "pred"))
	if err != nil {
		t.Fatal(err)
	}
	if fromFiles.Documents != 2 || fromFiles.Attributions != 3 {
		t.Errorf("documents %d attributions %d, want 2 and 3", fromFiles.Documents, fromFiles.Attributions)
	}
	checkPRF(t, "source exact", fromFiles.Source.Exact, want{1. / 3, 1. / 3})
	checkPRF(t, "source overlap", fromFiles.Source.Overlap, want{2. / 3, 2. / 3})
	checkPRF(t, "cue exact", fromFiles.Cue.Exact, want{1, 1. / 3})
	checkPRF(t, "content exact", fromFiles.Content.Exact, want{1. / 2, 1. / 2})
	checkPRF(t, "content overlap", fromFiles.Content.Overlap, want{1, 1})

	direct, err := eval.ScorePolNeAR(ctx, dir, func(text string) (eval.PolNeARSpans, error) {
		if !strings.HasPrefix(text, "Trump") {
			return eval.PolNeARSpans{Sentences: 1}, nil
		}
		f, err := os.Open(filepath.Join(dir, "pred", "a.ann"))
		if err != nil {
			return eval.PolNeARSpans{}, err
		}
		defer f.Close()
		doc, err := brat.Parse(f)
		if err != nil {
			return eval.PolNeARSpans{}, err
		}
		s := eval.SpansFromBrat(doc)
		s.Sentences = 2
		return s, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if direct.SentencesPerSecond <= 0 {
		t.Errorf("sentences_per_second = %v", direct.SentencesPerSecond)
	}
	direct.SentencesPerSecond = 0
	if !reflect.DeepEqual(direct, fromFiles) {
		t.Errorf("direct %+v\nfiles %+v", direct, fromFiles)
	}
}

func TestPolNeARReportJSON(t *testing.T) {
	r := eval.PolNeARReport{Documents: 1, Attributions: 2, SentencesPerSecond: 3}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	prf := `{"exact":{"p":0,"r":0,"f1":0},"overlap":{"p":0,"r":0,"f1":0}}`
	want := `{"documents":1,"attributions":2,"source":` + prf + `,"cue":` + prf + `,"content":` + prf + `,"sentences_per_second":3}`
	if string(b) != want {
		t.Errorf("json\n%s\nwant\n%s", b, want)
	}
}

func TestLoadPolNeARErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := eval.LoadPolNeAR(dir); err == nil {
		t.Error("missing attributions dir: no error")
	}
	os.MkdirAll(filepath.Join(dir, "attributions"), 0o755)
	os.MkdirAll(filepath.Join(dir, "text"), 0o755)
	os.WriteFile(filepath.Join(dir, "attributions", "x_1.ann"), []byte("T1\tSource 0 1\ta\n"), 0o644)
	if _, err := eval.LoadPolNeAR(dir); err == nil || !strings.Contains(err.Error(), "x_1.ann") {
		t.Errorf("missing text: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "text", "x.txt"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(dir, "attributions", "x_1.ann"), []byte("T1\tSource 0\ta\n"), 0o644)
	if _, err := eval.LoadPolNeAR(dir); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad ann: err = %v", err)
	}
}
