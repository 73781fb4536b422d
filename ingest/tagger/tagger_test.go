package tagger_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"He said: “We’ll win.”", []string{"He", "said", ":", "“", "We", "’", "ll", "win", ".", "”"}},
		{"The U.S. spent $1,000.50 on state-designated tests", []string{"The", "U.S", ".", "spent", "$", "1,000.50", "on", "state-designated", "tests"}},
		{"Clinton’s team didn't", []string{"Clinton", "’", "s", "team", "didn", "'", "t"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tagger.Tokenize(tt.in) {
			got = append(got, tok.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsetsAreRunes(t *testing.T) {
	// Token texts are the runes at their offsets, also for invalid UTF-8
	// (each bad byte a U+FFFD rune).
	for _, text := range []string{"Ärger — “Öl,” sagte er.\nNext para.", "caf\xe9 owner said \xff“ok”\xe2\x80 — fine.", "\xc0\xafA. B\x80"} {
		rs := []rune(text)
		for _, tok := range tagger.Tokenize(text) {
			if string(rs[tok.Start:tok.End]) != tok.Text {
				t.Errorf("%q: token %q at %d-%d, runes give %q", text, tok.Text, tok.Start, tok.End, string(rs[tok.Start:tok.End]))
			}
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Mr. Smith went to Washington. He said hi.", 2},
		{"Donald J. Trump spoke in the U.S. on Monday.", 1},
		{"“It is over,” she said. “We lost.”", 2},
		{"First paragraph without stop\nSecond one. And a third sentence!", 3},
		{"Is it? yes it is.", 1},
		{"", 0},
	}
	for _, tt := range tests {
		if got := tagger.CountSentences(tagger.Tokenize(tt.in)); got != tt.want {
			t.Errorf("%q: %d sentences, want %d", tt.in, got, tt.want)
		}
	}
}

func TestDefaultTagsAttribution(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	if m2, _ := tagger.Default(); m != m2 {
		t.Error("Default decoded the model twice")
	}
	// Plain newswire patterns any usable model must get; the content of a
	// quotation split by its attribution is one discontinuous span.
	tests := []struct {
		text                 string
		source, cue, content string
	}{
		{"The mayor said on Tuesday that the bridge would reopen next week.", "The mayor", "said", "that the bridge would reopen next week"},
		{"Officials said the plan failed.", "Officials", "said", "the plan failed"},
		{"“We won the vote,” Smith said on Monday, “and we will win the next one too.”", "Smith", "said", "We won the vote … and we will win the next one too"},
	}
	for _, tt := range tests {
		rs := []rune(tt.text)
		str := func(sp []graph.Span) string {
			var parts []string
			for _, r := range sp {
				parts = append(parts, string(rs[r.Start:r.End]))
			}
			return strings.Join(parts, " … ")
		}
		s := m.Tag(tt.text)
		if len(s.Attributions) != 1 {
			t.Errorf("%q: %d attributions, want 1: %+v", tt.text, len(s.Attributions), s.Attributions)
			continue
		}
		a := s.Attributions[0]
		if got := str(a.Source); got != tt.source {
			t.Errorf("%q: source %q, want %q", tt.text, got, tt.source)
		}
		if got := str(a.Cue); !strings.HasPrefix(got, tt.cue) {
			t.Errorf("%q: cue %q, want %q", tt.text, got, tt.cue)
		}
		if got := str(a.Content); got != tt.content {
			t.Errorf("%q: content %q, want %q", tt.text, got, tt.content)
		}
		if s.Sentences != 1 {
			t.Errorf("%q: %d sentences, want 1", tt.text, s.Sentences)
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := tagger.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	text := "“We will not back down,” the senator told reporters, adding that talks would continue."
	if a, b := m.Tag(text), m2.Tag(text); !reflect.DeepEqual(a, b) {
		t.Errorf("reloaded model tags differently:\n%+v\n%+v", a, b)
	}
	if _, err := tagger.Load(strings.NewReader("not a model")); err == nil {
		t.Error("Load of garbage: no error")
	}
}

func TestTrainSmall(t *testing.T) {
	// A tiny corpus the model must fit: training is deterministic and
	// learns the pattern well enough to reproduce it.
	text := "Officials said the plan failed.\nThe minister told reporters that taxes would rise.\n"
	sp := func(s string) []graph.Span {
		i := strings.Index(text, s)
		st := utf8.RuneCountInString(text[:i])
		return []graph.Span{{Start: st, End: st + utf8.RuneCountInString(s)}}
	}
	ex := tagger.Example{
		Text:     text,
		Sources:  [][]graph.Span{sp("Officials"), sp("The minister")},
		Cues:     [][]graph.Span{sp("said"), sp("told")},
		Contents: [][]graph.Span{sp("the plan failed"), sp("that taxes would rise")},
	}
	cfg := tagger.TrainConfig{Epochs: 10, Buckets: 1 << 16, Stages: 1, Seed: 7}
	// One stage, no ranker: content comes from the sequence labels.
	m0, err := tagger.Train([]tagger.Example{ex}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := m0.Tag(text); !reflect.DeepEqual(got.Contents, ex.Contents) {
		t.Errorf("one-stage model: contents %+v, want %+v", got.Contents, ex.Contents)
	}
	// Two stages and the content ranker, trained from attribution links.
	for _, i := range []int{0, 1} {
		ex.Attributions = append(ex.Attributions, tagger.Attribution{Source: ex.Sources[i], Cue: ex.Cues[i], Content: ex.Contents[i]})
	}
	cfg = tagger.TrainConfig{Epochs: 10, Buckets: 1 << 16, Stages: 2, Folds: 2, Seed: 7}
	m1, err := tagger.Train([]tagger.Example{ex, ex}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := tagger.Train([]tagger.Example{ex, ex}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := m1.Tag(text)
	if !reflect.DeepEqual(got, m2.Tag(text)) {
		t.Error("training is not deterministic")
	}
	if !reflect.DeepEqual(got.Sources, ex.Sources) || !reflect.DeepEqual(got.Cues, ex.Cues) || !reflect.DeepEqual(got.Contents, ex.Contents) {
		t.Errorf("training data not reproduced:\n%+v", got)
	}
	if _, err := tagger.Train(nil, cfg); err == nil {
		t.Error("Train(nil): no error")
	}
}

func FuzzTag(f *testing.F) {
	m, err := tagger.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("“We won,” he said, “and we will win again.”")
	f.Add("WALLACE: Is it true?\n\nPENCE: Yes.")
	f.Add("\"unclosed quote said")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		s := m.Tag(text)
		n := utf8.RuneCountInString(text)
		check := func(role string, spans [][]graph.Span) {
			for _, sp := range spans {
				if len(sp) == 0 {
					t.Fatalf("%s: empty span list", role)
				}
				for _, r := range sp {
					if r.Start < 0 || r.End > n || r.Start >= r.End {
						t.Fatalf("%s span %d-%d outside text of %d runes", role, r.Start, r.End, n)
					}
				}
			}
		}
		check("source", s.Sources)
		check("cue", s.Cues)
		check("content", s.Contents)
		for _, a := range s.Attributions {
			var parts [][]graph.Span
			for _, sp := range [][]graph.Span{a.Cue, a.Source, a.Content} {
				if sp != nil {
					parts = append(parts, sp)
				}
			}
			if len(parts) == 0 {
				t.Fatal("empty attribution")
			}
			check("attribution", parts)
		}
	})
}

// benchText returns PolNeAR dev articles when the corpus is present, else
// the seed article, so the benchmark runs everywhere.
func benchText(b *testing.B) []string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if files, _ := filepath.Glob(filepath.Join(root, "..", "shared", "corpus", "polnear", "dev", "text", "*.txt")); len(files) > 0 {
		var out []string
		for _, f := range files {
			bs, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, string(bs))
		}
		return out
	}
	bs, err := os.ReadFile(filepath.Join(root, "examples", "kadyrov-spies.txt"))
	if err != nil {
		b.Skip("no text to benchmark on")
	}
	return []string{string(bs)}
}

func BenchmarkTag(b *testing.B) {
	m, err := tagger.Default()
	if err != nil {
		b.Fatal(err)
	}
	texts := benchText(b)
	sentences := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sentences += m.Tag(texts[i%len(texts)]).Sentences
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkTagCorpus tags every benchmark text once per iteration, so
// ns/op does not depend on which texts a partial cycle happened to cover.
func BenchmarkTagCorpus(b *testing.B) {
	m, err := tagger.Default()
	if err != nil {
		b.Fatal(err)
	}
	texts := benchText(b)
	sentences := 0
	for b.Loop() {
		for _, t := range texts {
			sentences += m.Tag(t).Sentences
		}
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}
