package tagger_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

var update = flag.Bool("update", false, "rewrite testdata/tag.golden")

// goldenTexts are made-up news-style texts covering the patterns the
// tagger and its content ranker handle: reported speech, quotations split
// by their attribution, several cues per paragraph, "according to",
// paragraphs without attribution, unclosed quotes and non-ASCII text.
var goldenTexts = []string{
	"The mayor said on Tuesday that the bridge would reopen next week.",
	"Officials said the plan failed.",
	"“We won the vote,” Smith said on Monday, “and we will win the next one too.”",
	"“We will not back down,” the senator told reporters, adding that talks would continue.",
	"According to two people familiar with the talks, the deal is close to being signed.",
	"The company denied wrongdoing. A spokeswoman said it would cooperate with regulators, but declined to comment further.",
	"Police believe the fire was started deliberately, a local newspaper reported.",
	"The minister told parliament that taxes would rise, while the opposition leader warned that growth would suffer and accused the government of breaking its promises.",
	"Nothing here is attributed to anyone. The river rose by two metres overnight.",
	"\"unclosed quote said the witness",
	"WALLACE: Is it true that you knew?\n\nPENCE: Yes. I said so at the time, and I stand by it.",
	"Ärger in Köln — “Öl ist teuer,” sagte er.\nThe governor’s office insisted the figures were wrong.",
	"Analysts expect the central bank to raise rates again in March, though some economists argue that inflation has already peaked.",
	"“It is over,” she said. “We lost.”",
	"In a statement, the ministry claimed that the strike had hit only military targets; witnesses disputed that account.",
	"The report, which was published on Friday, found that emissions had fallen, researchers said. They cautioned that one year was not a trend.",
	"Dr. Jane Roe, a professor at the university, wrote in an email that the results “could change how we treat the disease.”",
	"He asked whether the U.S. would send more troops. The general would not say.",
	"Rebels say they control the town; the army says it has retaken it. Neither claim could be independently verified.",
	"",
	strings.Join([]string{
		"A regional official announced on Sunday that the border crossing would close for three days.",
		"“This is a temporary measure,” the official said, “and we regret the inconvenience.” Traders complained that they had not been warned.",
		"The transport union said its members would stop work in protest, and a spokesman added that talks had broken down.",
		"Government sources told the agency that a compromise was still possible, but one minister, speaking on condition of anonymity, described the situation as “very difficult”.",
	}, "\n"),
}

// TestGolden pins the tagger's exact output on goldenTexts, so speed work
// cannot change what it finds. Run with -update after a deliberate change
// (for example retraining).
func TestGolden(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, text := range goldenTexts {
		fmt.Fprintf(&b, "== text %d\n", i)
		writeSpans(&b, text, m.Tag(text))
	}
	path := filepath.Join("testdata", "tag.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("output differs from %s at line %d:\ngot  %s\nwant %s", path, i+1, g, w)
			}
		}
	}
}

func writeSpans(b *strings.Builder, text string, s tagger.Spans) {
	rs := []rune(text)
	str := func(sp []graph.Span) string {
		if sp == nil {
			return "-"
		}
		var parts []string
		for _, r := range sp {
			parts = append(parts, fmt.Sprintf("%d-%d %q", r.Start, r.End, string(rs[r.Start:r.End])))
		}
		return strings.Join(parts, " + ")
	}
	fmt.Fprintf(b, "sentences %d\n", s.Sentences)
	for _, role := range []struct {
		name  string
		spans [][]graph.Span
	}{{"source", s.Sources}, {"cue", s.Cues}, {"content", s.Contents}} {
		for _, sp := range role.spans {
			fmt.Fprintf(b, "%s %s\n", role.name, str(sp))
		}
	}
	for _, a := range s.Attributions {
		fmt.Fprintf(b, "attribution source=%s cue=%s content=%s\n", str(a.Source), str(a.Cue), str(a.Content))
	}
}

// TestTagConcurrent tags texts of different lengths from several
// goroutines at once (Tag reuses pooled working arrays) and expects the
// sequential results.
func TestTagConcurrent(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]tagger.Spans, len(goldenTexts))
	for i, text := range goldenTexts {
		want[i] = m.Tag(text)
	}
	const workers = 4
	errs := make(chan string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 3 {
				for k := range goldenTexts {
					i := (k*7 + w*3 + r) % len(goldenTexts)
					if got := m.Tag(goldenTexts[i]); !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Sprintf("worker %d, text %d: %+v, want %+v", w, i, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
