package tagger

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// scorerTexts returns made-up texts plus, when the corpus is present,
// PolNeAR dev articles (a few with -short).
func scorerTexts(t *testing.T) []string {
	texts := []string{
		"“We won the vote,” Smith said on Monday, “and we will win the next one too.”",
		"The minister told parliament that taxes would rise, while the opposition leader warned that growth would suffer.",
		"According to two people familiar with the talks, the deal is close. “It is over,” she said. “We lost.”\nPolice believe the fire was started deliberately, a local newspaper reported.",
		"\"unclosed quote said the witness, who asked not to be named, adding that more was to come",
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "polnear", "dev", "text", "*.txt"))
	if testing.Short() && len(files) > 3 {
		files = files[:3]
	}
	for _, f := range files {
		bs, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(bs))
	}
	return texts
}

// TestScorerMatchesFeatures checks the fast candidate scorer against the
// definition: the same candidates in the same order, each scored with
// exactly the bits that summing rankCtx.features' weights gives.
func TestScorerMatchesFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	mask := uint64(len(m.Rank) - 1)
	tab := rankTablesFor(mask)
	var rs rankScratch
	checked := 0
	for ti, text := range scorerTexts(t) {
		toks := Tokenize(text)
		if len(toks) == 0 {
			continue
		}
		labels, first, info := m.labels(toks, new(scratch))
		rc := newRankCtx(toks, info, first, nil)
		for _, sp := range labelSpans(labels) {
			if sp.role != lBCue {
				continue
			}
			cue := sp.ranges[0]
			want := rc.candidates(cue)
			ch := cueHashOf(info, cue)
			var cs cueScorer
			cs.init(rc, m.Rank, tab, cue)
			k := 0
			cs.each(&rs, func(c *rcand, got float32) {
				if k >= len(want) {
					t.Fatalf("text %d cue %v: more candidates than rankCtx.candidates (%d)", ti, cue, len(want))
				}
				w := want[k]
				k++
				if w.side != c.side || !slices.Equal(w.ranges, c.slice()) {
					t.Fatalf("text %d cue %v candidate %d: got %v side %d, want %v side %d", ti, cue, k-1, c.slice(), c.side, w.ranges, w.side)
				}
				var sc float32
				for _, f := range rc.features(w, cue, ch, mask, nil, nil) {
					sc += m.Rank[f]
				}
				if math.Float32bits(sc) != math.Float32bits(got) {
					t.Fatalf("text %d cue %v candidate %v: score %v, features give %v", ti, cue, w.ranges, got, sc)
				}
				checked++
			})
			if k != len(want) {
				t.Fatalf("text %d cue %v: %d candidates, want %d", ti, cue, k, len(want))
			}
		}
	}
	if checked == 0 {
		t.Fatal("no candidates checked")
	}
	t.Logf("%d candidates checked", checked)
}
