package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// FuzzExtract checks that extraction never panics and that every span lies
// inside the text and spells the mention's text.
func FuzzExtract(f *testing.F) {
	f.Add("\"We will win,\" Mayor Tom Baker said on Friday.")
	f.Add("According to officials, \"it is over\nQuoting him, it said that")
	f.Add("A source told Globex news agency that \"the deal is off.\"\n\n\"More later,\" the source said, adding that")
	if b, err := os.ReadFile(filepath.Join("..", "..", "examples", "kadyrov-spies.txt")); err == nil {
		f.Add(string(b))
	}
	x := extract.New(extract.Options{})
	f.Fuzz(func(t *testing.T, text string) {
		checkResult(t, text, x.Extract(text))
	})
}

// TestCorpusInvariants runs the extractor over real articles (BBC and
// PolNeAR dev texts) and checks the same invariants as FuzzExtract plus
// the validity of every kind.
func TestCorpusInvariants(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "bbc", "*", "*.txt"))
	pn, _ := filepath.Glob(filepath.Join(dir, "polnear", "dev", "text", "*.txt"))
	files = append(files, pn...)
	step := 1
	if testing.Short() {
		step = 10
	}
	x := extractor()
	for i := 0; i < len(files); i += step {
		b, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		r := x.Extract(string(b))
		t.Run(filepath.Base(files[i]), func(t *testing.T) { checkResult(t, string(b), r) })
		for _, a := range r.Attributions {
			if !a.Speaker.Kind.Valid() || !a.Speaker.Kind.IsSpeaker() {
				t.Errorf("%s: speaker kind %q", files[i], a.Speaker.Kind)
			}
			if a.Speaker.Kind == graph.KindUnresolved && a.Speaker.Name != "" {
				t.Errorf("%s: unresolved speaker with a name %q", files[i], a.Speaker.Name)
			}
			switch a.Kind {
			case extract.Direct, extract.Indirect, extract.Mixed, extract.NoComment, extract.Denial:
			default:
				t.Errorf("%s: claim kind %q", files[i], a.Kind)
			}
			for _, v := range a.Via {
				if v.Name == "" || !v.Kind.Valid() || !v.Kind.IsSpeaker() {
					t.Errorf("%s: channel %+v", files[i], v.Entity)
				}
			}
		}
	}
}

func checkResult(t *testing.T, text string, r extract.Result) {
	t.Helper()
	{
		runes := []rune(text)
		check := func(what string, m extract.Mention) {
			var parts []string
			for _, s := range m.Spans {
				if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
					t.Fatalf("%s span %+v outside text of %d runes", what, s, len(runes))
				}
				parts = append(parts, string(runes[s.Start:s.End]))
			}
			if len(m.Spans) > 0 && strings.Join(parts, " ") != string([]rune(m.Text)) {
				t.Fatalf("%s text %q does not match its spans %q", what, m.Text, parts)
			}
		}
		for _, a := range r.Attributions {
			check("speaker", a.SpeakerMention)
			check("cue", a.Cue)
			check("content", a.Content)
			if len(a.Content.Spans) == 0 {
				t.Fatalf("attribution without content: %+v", a)
			}
			for _, v := range a.Via {
				check("channel", v.Mention)
			}
			if a.Confidence < 0 || a.Confidence > 1 {
				t.Fatalf("confidence %v", a.Confidence)
			}
		}
		for _, as := range r.Assessments {
			check("assessment", as.Text)
			for _, i := range as.AppliesTo {
				if i < 0 || i >= len(r.Attributions) {
					t.Fatalf("assessment applies to %d of %d attributions", i, len(r.Attributions))
				}
			}
		}
		if utf8.ValidString(text) && r.Sentences < 0 {
			t.Fatal("negative sentence count")
		}
	}
}
