package brat_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
)

const sample = "T1\tSource 89 106\tThe New York Post\n" +
	"T2\tCue 107 114\treports\n" +
	"T3\tContent 0 5;7 9\tHello yo\n" +
	"T4\tAttribution 107 114\treports\n" +
	"#1\tAnnotatorNotes T3\tsome note\n" +
	"R1\tRel Arg1:T1 Arg2:T2\n" +
	"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n" +
	"E2\tAttribution-no-source:T2 \n"

func TestParse(t *testing.T) {
	doc, err := brat.Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.TextBounds) != 4 || len(doc.Events) != 2 {
		t.Fatalf("got %d text-bounds, %d events", len(doc.TextBounds), len(doc.Events))
	}
	want := brat.TextBound{ID: "T3", Type: "Content", Spans: []graph.Span{{Start: 0, End: 5}, {Start: 7, End: 9}}, Text: "Hello yo"}
	if !reflect.DeepEqual(doc.TextBounds[2], want) {
		t.Errorf("T3 = %+v, want %+v", doc.TextBounds[2], want)
	}
	ev := doc.Events[0]
	if ev.Type != "Attribution" || ev.Trigger != "T4" || ev.Arg("Source") != "T1" || ev.Arg("Content") != "T3" || len(ev.Args) != 3 {
		t.Errorf("E1 = %+v", ev)
	}
	if doc.Events[1].Type != "Attribution-no-source" || len(doc.Events[1].Args) != 0 {
		t.Errorf("E2 = %+v", doc.Events[1])
	}
	atts := doc.Attributions()
	if len(atts) != 2 {
		t.Fatalf("%d attributions", len(atts))
	}
	if !reflect.DeepEqual(atts[0].Source, []graph.Span{{Start: 89, End: 106}}) ||
		!reflect.DeepEqual(atts[0].Cue, []graph.Span{{Start: 107, End: 114}}) ||
		len(atts[0].Content) != 2 {
		t.Errorf("attribution 0 = %+v", atts[0])
	}
}

func TestParseMultilineText(t *testing.T) {
	// Fragment 2 contains a blank line; brat writes it verbatim.
	in := "T1\tContent 0 3;5 12\tabc de\n\nfgh\nT2\tCue 13 17\tsaid\n"
	doc, err := brat.Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.TextBounds[0].Text; got != "abc de\n\nfgh" {
		t.Errorf("text = %q", got)
	}
	var buf bytes.Buffer
	if err := brat.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if buf.String() != in {
		t.Errorf("write = %q, want %q", buf.String(), in)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no tab", "T1 Source 1 2 x\n", "line 1"},
		{"bad offsets", "T1\tSource 1 2\tx\nT2\tSource a 2\tx\n", "line 2"},
		{"reversed", "T1\tSource 5 2\tx\n", "bad offsets"},
		{"missing text", "T1\tSource 1 2\n", "missing text"},
		{"bad fragment", "T1\tSource 1 2;3\tx\n", "bad fragment"},
		{"event trigger", "\nE1\tAttribution Cue:T1\n", "line 2"},
		{"event arg", "E1\tAttribution:T1 Cue\n", "bad argument"},
		{"garbage", "T1\tSource 0 1\tx\nhello\n", "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := brat.Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, brat.ErrSyntax) {
				t.Errorf("err = %v, want mention of %q", err, tt.want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	doc, err := brat.Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := brat.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	again, err := brat.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc, again) {
		t.Errorf("round trip changed document:\n%+v\n%+v", doc, again)
	}
}

func TestFromAttributions(t *testing.T) {
	text := "Héllo, he said: “yes”."
	atts := []brat.Attribution{
		{Source: []graph.Span{{Start: 7, End: 9}}, Cue: []graph.Span{{Start: 10, End: 14}}, Content: []graph.Span{{Start: 16, End: 21}}},
		{Cue: []graph.Span{{Start: 0, End: 5}}},
	}
	doc := brat.FromAttributions(text, atts)
	var buf bytes.Buffer
	if err := brat.Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	want := "T1\tSource 7 9\the\nT2\tCue 10 14\tsaid\nT3\tContent 16 21\t“yes”\nT4\tAttribution 10 14\tsaid\n" +
		"T5\tCue 0 5\tHéllo\nT6\tAttribution-no-source 0 5\tHéllo\n" +
		"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nE2\tAttribution-no-source:T6 Cue:T5\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	back, err := brat.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Attributions()
	if len(got) != 2 || !reflect.DeepEqual(got[0].Content, atts[0].Content) || got[1].Source != nil {
		t.Errorf("attributions = %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("T1\tContent 0 3;5 12\tabc de\n\nfgh\nT2\tCue 13 17\tsaid\n")
	f.Add("E1\tA:T1 B:T2\r\nT1\tX 0 0\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		doc, err := brat.Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := brat.Write(&buf, doc); err != nil {
			t.Fatalf("write of parsed document failed: %v", err)
		}
		again, err := brat.Parse(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("re-parse: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(doc, again) {
			t.Fatalf("round trip changed document:\n%#v\n%#v", doc, again)
		}
	})
}

// corpusDir finds ../shared/corpus/polnear relative to the module root.
func corpusDir(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "polnear")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("PolNeAR corpus not found at %s: %v", dir, err)
	}
	return dir
}

// TestCorpusOffsetsAreRunes checks on the real corpus that every text-bound's
// text is the rune slice of its .txt, fragments joined by a space.
func TestCorpusOffsetsAreRunes(t *testing.T) {
	root := corpusDir(t)
	var files, tbs, bad int
	for _, split := range []string{"train", "dev"} {
		anns, _ := filepath.Glob(filepath.Join(root, split, "attributions", "*.ann"))
		if testing.Short() && len(anns) > 60 {
			anns = anns[:60]
		}
		for _, ann := range anns {
			base := filepath.Base(ann)
			name := base[:strings.LastIndex(base, "_")]
			txt, err := os.ReadFile(filepath.Join(root, split, "text", name+".txt"))
			if err != nil {
				t.Fatalf("text for %s: %v", ann, err)
			}
			f, err := os.Open(ann)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := brat.Parse(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", ann, err)
			}
			files++
			runes := []rune(string(txt))
			for _, tb := range doc.TextBounds {
				tbs++
				if got := brat.SpanText(runes, tb.Spans); got != tb.Text {
					bad++
					if bad <= 5 {
						t.Logf("%s %s: text %q, runes give %q", base, tb.ID, tb.Text, got)
					}
				}
			}
		}
	}
	t.Logf("%d files, %d text-bounds, %d mismatches", files, tbs, bad)
	if bad > 0 {
		t.Errorf("%d text-bounds do not match rune offsets", bad)
	}
}
