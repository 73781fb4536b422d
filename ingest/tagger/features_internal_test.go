package tagger

import (
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

func TestWordShape(t *testing.T) {
	for in, want := range map[string]string{
		"Trump": "Xx", "NYPD": "XX", "said": "xx", "1,000": "d,d", "U.S": "X.X", "Öl": "Xx", "—": "#", "McCain": "XxXx",
	} {
		if got := wordShape(in); got != want {
			t.Errorf("wordShape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"says": "say", "saying": "say", "said": "said", "argued": "argu", "argue": "argu",
		"denies": "deny", "denied": "deny", "pushes": "push", "press": "press", "is": "is",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFeaturesInRangeAndStable(t *testing.T) {
	m := &Model{Buckets: 1 << 10, Lexicon: map[string]uint8{"said": 4, "~say": 4}}
	toks := Tokenize("“We won,” he said. Officials say that the plan, however, failed.\nNew paragraph.")
	info := m.analyse(toks, nil)
	pred := make([]uint8, len(toks))
	pred[6] = lBCue
	a := m.featurize(info, pred)
	b := m.featurize(info, pred)
	for i := range a {
		if len(a[i]) < 20 {
			t.Errorf("token %q: only %d features", toks[i].Text, len(a[i]))
		}
		for k, f := range a[i] {
			if int(f) >= m.Buckets {
				t.Fatalf("feature %d out of range", f)
			}
			if b[i][k] != f {
				t.Fatal("featurize is not deterministic")
			}
		}
	}
	// Quotation state: "We" is inside the quote, "he" is not.
	if !info[1].inQuote || info[5].inQuote {
		t.Errorf("quote state: We=%v he=%v", info[1].inQuote, info[5].inQuote)
	}
	if info[6].cue != 4 || info[9].stemCue != 4 {
		t.Errorf("lexicon: said=%d say(stem)=%d", info[6].cue, info[9].stemCue)
	}
}

func TestGroupNearestCue(t *testing.T) {
	s := Spans{
		Cues:     [][]graph.Span{{{Start: 10, End: 14}}, {{Start: 50, End: 54}}},
		Sources:  [][]graph.Span{{{Start: 0, End: 9}}, {{Start: 55, End: 60}}, {{Start: 100, End: 105}}},
		Contents: [][]graph.Span{{{Start: 15, End: 40}}},
	}
	atts := group(s, nil)
	if len(atts) != 3 {
		t.Fatalf("%d attributions: %+v", len(atts), atts)
	}
	if atts[0].Source[0].Start != 0 || atts[0].Content[0].Start != 15 || atts[1].Source[0].Start != 55 || atts[1].Content != nil {
		t.Errorf("grouping: %+v", atts)
	}
	if atts[2].Cue != nil || atts[2].Source[0].Start != 100 {
		t.Errorf("orphan source: %+v", atts[2])
	}
}

// The allocation-free helpers analyse uses must agree with the plain
// definitions the features were trained with.
func TestAllocFreeHelpers(t *testing.T) {
	for _, s := range []string{"", "said", "Trump", "NYPD", "1,000", "U.S", "Öl", "ÄRGER", "—", "McCain", "İstanbul", "ǅemal", "straße", "ΣΊΣΥΦΟΣ", "\uFFFD", "a\u0301b", "x-RAY-2000-abcdefghijklmnop"} {
		if got, want := shapeHash(s), hashString(wordShape(s)); got != want {
			t.Errorf("shapeHash(%q) = %x, want %x", s, got, want)
		}
		if got, want := string(appendLower(nil, s)), toLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
		if isLowerASCII(s) && lowerASCII(s) != s {
			t.Errorf("isLowerASCII(%q) but lowerASCII changes it", s)
		}
	}
}

// TestSegmentsOwnDir checks segments' linear ownDir against its
// definition: for each cue candidate c (score ≥ 2) in the token's own
// segment, bit 1 if c is before the token, bit 2 if after, 3 if it is the
// token.
func TestSegmentsOwnDir(t *testing.T) {
	m := &Model{Buckets: 1 << 10, Lexicon: map[string]uint8{"said": 4, "told": 3, "says": 2, "according": 2, "added": 2}}
	texts := []string{
		"Officials said, he told us, that she says it was added; “We said so,” he said — and told them (according to us) that said was said.",
		"said said said. , , said ,said; told",
		"No cues here, none at all: really.",
	}
	for _, text := range texts {
		info := m.analyse(Tokenize(text), nil)
		segs := segments(info, new(scratch))
		for k := range info {
			// the segment of k: back and forward to segment breaks within
			// the sentence
			st := k
			for st > info[k].sentFrom && !info[st-1].segBreak {
				st--
			}
			en := k + 1
			for en < len(info) && info[en].sentFrom == info[k].sentFrom && !info[en-1].segBreak {
				en++
			}
			var want uint8
			for c := st; c < en; c++ {
				if info[c].cue >= 2 {
					switch {
					case c < k:
						want |= 1
					case c > k:
						want |= 2
					default:
						want = 3
					}
				}
			}
			if segs[k].ownDir != want {
				t.Errorf("%q token %d: ownDir %d, want %d", text, k, segs[k].ownDir, want)
			}
		}
	}
}
