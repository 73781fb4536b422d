package tagger

import (
	"slices"
	"testing"
)

// ctxFor builds a ranker context over text whose stage-1 labels are O
// except for cue tokens (each word in cues labelled B-CUE).
func ctxFor(t *testing.T, text string, cues ...string) (*rankCtx, []Token) {
	t.Helper()
	toks := Tokenize(text)
	m := &Model{Buckets: 1 << 10, Lexicon: map[string]uint8{}}
	info := m.analyse(toks, nil)
	labels := make([]uint8, len(toks))
	for i, tk := range toks {
		if slices.Contains(cues, tk.Text) {
			labels[i] = lBCue
		}
	}
	return newRankCtx(toks, info, labels, nil), toks
}

func tokIndex(t *testing.T, toks []Token, text string, nth int) int {
	t.Helper()
	for i, tk := range toks {
		if tk.Text == text {
			if nth == 0 {
				return i
			}
			nth--
		}
	}
	t.Fatalf("token %q not found", text)
	return -1
}

func TestQuoteResume(t *testing.T) {
	for _, tc := range []struct {
		name, text     string
		cues           []string
		wantQE, wantQS string // token texts, "" for none
	}{
		{"curly quotes, long frame",
			"“We won,” said Smith, a lawyer who has worked on the case for many years and knows every judge in the city. “We will win again.”",
			[]string{"said"}, "won", "We"},
		{"two apostrophes",
			"''It is over,'' said Jones, an economist at a research group that studies the tax code. ''Nobody wins.''",
			[]string{"said"}, "over", "Nobody"},
		{"another cue in the frame stops it",
			"“We won,” said Smith, who added that the city knew. “We will win again.”",
			[]string{"said", "added"}, "won", ""},
		{"no quotation",
			"Smith said the plan failed. Others disagreed.",
			[]string{"said"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, toks := ctxFor(t, tc.text, tc.cues...)
			c := tokIndex(t, toks, "said", 0)
			qe, qs := rc.quoteResume([2]int{c, c + 1})
			check := func(role string, got int, want string) {
				t.Helper()
				switch {
				case want == "" && got != -1:
					t.Errorf("%s = %d (%q), want none", role, got, toks[got].Text)
				case want != "" && (got < 0 || toks[got].Text != want):
					t.Errorf("%s = %d, want token %q", role, got, want)
				}
			}
			check("qe", qe, tc.wantQE)
			check("qs", qs, tc.wantQS)
			if tc.wantQE != "" && tc.wantQS != "" {
				// the split candidate around the long frame is offered
				first := 0
				for !rc.word[first] {
					first++
				}
				left := [2]int{first, qe + 1}
				found := false
				for _, cd := range rc.candidates([2]int{c, c + 1}) {
					if cd.side == 3 && cd.ranges[0] == left && cd.ranges[1][0] == qs {
						found = true
					}
				}
				if !found {
					t.Errorf("no split candidate %v ... from %d", left, qs)
				}
			}
		})
	}
}

func TestDoubleApostropheQuotes(t *testing.T) {
	toks := Tokenize("He said ''we won'' and left. It's 'fine'.")
	m := &Model{Buckets: 1 << 10, Lexicon: map[string]uint8{}}
	info := m.analyse(toks, nil)
	in := map[string]bool{}
	for i, tk := range toks {
		in[tk.Text] = info[i].inQuote
	}
	if !in["we"] || !in["won"] {
		t.Errorf("words inside '' ... '' not in a quotation: %v", in)
	}
	if in["left"] || in["fine"] || in["It"] {
		t.Errorf("words outside '' ... '' (or inside single quotes) in a quotation: %v", in)
	}
}

func TestPredictedCueExamples(t *testing.T) {
	rc, toks := ctxFor(t, "Smith said the plan failed, and Jones claimed victory while the weather stayed fine.", "said", "claimed", "weather")
	said, claimed, weather := tokIndex(t, toks, "said", 0), tokIndex(t, toks, "claimed", 0), tokIndex(t, toks, "weather", 0)
	content := [][2]int{{claimed + 1, claimed + 2}}
	gold := []rankExample{
		{rc: rc, cue: [2]int{said, said + 1}, gold: [][2]int{{said + 1, said + 4}}},
		// a gold cue the prediction gets only partly ("Jones claimed")
		{rc: rc, cue: [2]int{claimed - 1, claimed + 1}, gold: content},
	}
	got := predictedCueExamples(rc, gold, true)
	if len(got) != 2 {
		t.Fatalf("got %d examples, want 2 (the exact match adds none): %+v", len(got), got)
	}
	if got[0].cue != [2]int{claimed, claimed + 1} || !slices.Equal(got[0].gold, content) {
		t.Errorf("overlapping cue: got %v → %v, want %v → %v", got[0].cue, got[0].gold, [2]int{claimed, claimed + 1}, content)
	}
	if got[1].cue != [2]int{weather, weather + 1} || got[1].gold != nil {
		t.Errorf("false cue: got %v → %v, want %v → no content", got[1].cue, got[1].gold, [2]int{weather, weather + 1})
	}
	if n := len(predictedCueExamples(rc, gold, false)); n != 1 {
		t.Errorf("without false cues: %d examples, want 1", n)
	}
}
