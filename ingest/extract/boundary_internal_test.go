package extract

import (
	"strings"
	"testing"
)

// analysed lays out and reads text with the rules alone, so that boundary
// rules can be tried on hand-built attributions.
func analysed(t *testing.T, text string) *doc {
	t.Helper()
	d := &doc{text: text, x: New(Options{NoTagger: true})}
	d.layout()
	d.analyze()
	return d
}

// at returns the byte span of the n-th (0-based) occurrence of sub in text.
func at(t *testing.T, text, sub string, n int) bspan {
	t.Helper()
	off := 0
	for ; n >= 0; n-- {
		k := strings.Index(text[off:], sub)
		if k < 0 {
			t.Fatalf("%q not in %q", sub, text)
		}
		off += k
		if n > 0 {
			off += len(sub)
		}
	}
	return bspan{off, off + len(sub)}
}

func spanTexts(d *doc, sp []bspan) []string {
	var out []string
	for _, s := range sp {
		out = append(out, d.text[s.s:s.e])
	}
	return out
}

func TestContinueQuote(t *testing.T) {
	for _, tc := range []struct {
		name, text, content, cue, speaker string
		other                             string // another attribution's content, if any
		want                              []string
	}{
		{
			name:    "quote after the frame sentence",
			text:    "Bridge news\n\nThe bridge will open in May, Ann Lee, an engineer at the works, said on Friday. “We are ahead of schedule.”\n",
			content: "The bridge will open in May", cue: "said", speaker: "Ann Lee",
			want: []string{"The bridge will open in May", "We are ahead of schedule."},
		},
		{
			name:    "straight and doubled single quotes",
			text:    "Bridge news\n\n''The bridge will open in May,'' the mayor said as she left. ''We are ahead of schedule.''\n",
			content: "The bridge will open in May", cue: "said", speaker: "the mayor",
			want: []string{"The bridge will open in May", "We are ahead of schedule."},
		},
		{
			name:    "next paragraph stays apart",
			text:    "Bridge news\n\nThe bridge will open in May, the mayor said.\n\n“We are ahead of schedule.”\n",
			content: "The bridge will open in May", cue: "said", speaker: "the mayor",
			want: []string{"The bridge will open in May"},
		},
		{
			name:    "next sentence not quoted",
			text:    "Bridge news\n\nThe bridge will open in May, the mayor said. The works are ahead of schedule.\n",
			content: "The bridge will open in May", cue: "said", speaker: "the mayor",
			want: []string{"The bridge will open in May"},
		},
		{
			name:    "quotation claimed by another attribution",
			text:    "Bridge news\n\nThe bridge will open in May, the mayor said. “It is late,” the engineer said.\n",
			content: "The bridge will open in May", cue: "said", speaker: "the mayor", other: "It is late",
			want: []string{"The bridge will open in May"},
		},
		{
			name:    "content after the cue",
			text:    "Bridge news\n\nThe mayor said the bridge would open in May. “We are ahead of schedule.”\n",
			content: "the bridge would open in May", cue: "said", speaker: "The mayor",
			want: []string{"the bridge would open in May"},
		},
		{
			name:    "quotation never closed in the paragraph",
			text:    "Bridge news\n\nThe bridge will open in May, the mayor said. “We are ahead of schedule.\n\nThe end.”\n",
			content: "The bridge will open in May", cue: "said", speaker: "the mayor",
			want: []string{"The bridge will open in May"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := analysed(t, tc.text)
			a := &attr{content: []bspan{at(t, tc.text, tc.content, 0)}, cue: []bspan{at(t, tc.text, tc.cue, 0)}, spk: []bspan{at(t, tc.text, tc.speaker, 0)}, kind: Indirect}
			d.attrs = []*attr{a}
			if tc.other != "" {
				d.attrs = append(d.attrs, &attr{content: []bspan{at(t, tc.text, tc.other, 0)}, cue: []bspan{at(t, tc.text, "said", 1)}})
			}
			d.continueQuote(a)
			if got := spanTexts(d, a.content); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("content %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitParagraphs(t *testing.T) {
	for _, tc := range []struct {
		name, text, from, to string
		want                 []string
	}{
		{
			name: "quotation over two paragraphs",
			text: "Bridge news\n\nThe mayor said: “The bridge will open in May.\n\n“We are ahead of schedule.”\n",
			from: "The bridge", to: "schedule.",
			want: []string{"The bridge will open in May.", "“We are ahead of schedule."},
		},
		{
			name: "one paragraph",
			text: "Bridge news\n\nThe mayor said: “The bridge will open in May. We are ahead of schedule.”\n",
			from: "The bridge", to: "schedule.",
			want: []string{"The bridge will open in May. We are ahead of schedule."},
		},
		{
			name: "wrapped lines of one paragraph",
			text: "Cocoa review\n\nShowers continued throughout the week in\nthe cocoa zone, easing the drought since early\nJanuary, Fazenda Group said in its weekly review.\n    The dry period means the harvest will be late this year.\n",
			from: "Showers", to: "January",
			want: []string{"Showers continued throughout the week in\nthe cocoa zone, easing the drought since early\nJanuary"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := analysed(t, tc.text)
			s, e := at(t, tc.text, tc.from, 0).s, at(t, tc.text, tc.to, 0).e
			got := spanTexts(d, d.splitParagraphs([]bspan{{s, e}}))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("fragments %q, want %q", got, tc.want)
			}
			// mention joins fragments unless a paragraph break separates them
			if m := d.mention(d.splitParagraphs([]bspan{{s, e}})...); len(m.Spans) != len(tc.want) {
				t.Errorf("mention has %d spans, want %d", len(m.Spans), len(tc.want))
			}
		})
	}
}

func TestClauseTail(t *testing.T) {
	for _, tc := range []struct {
		text, short, long string
		want              bool
	}{
		{"The mayor said the bridge would open in May, which surprised the council.", "the bridge would open in May", "the bridge would open in May, which surprised the council", true},
		{"The mayor said the bridge would open in May, though she admitted delays were likely.", "the bridge would open in May", "the bridge would open in May, though she admitted delays were likely", true},
		{"The mayor said the bridge would open in May, citing the contractor's schedule.", "the bridge would open in May", "the bridge would open in May, citing the contractor's schedule", true},
		{"The mayor called the bridge “a triumph,” and the council agreed.", "the bridge “a triumph", "the bridge “a triumph,” and the council agreed", true},
		// a list or an apposition goes on with the content
		{"The mayor said the bridge, the tunnel and the road would open in May.", "the bridge", "the bridge, the tunnel and the road would open in May", false},
		{"The mayor said the bridge would open in May and June.", "the bridge would open in May", "the bridge would open in May and June", false},
		// "whichever" is not "which"; a short participle-like word is not one
		{"The mayor said the bridge would open, whichever route was chosen.", "the bridge would open", "the bridge would open, whichever route was chosen", false},
		{"The mayor said the bridge would open in May, the council agreed.", "the bridge would open in May", "the bridge would open in May, the council agreed", false},
	} {
		d := &doc{text: tc.text}
		short, long := at(t, tc.text, tc.short, 0), at(t, tc.text, tc.long, 0)
		if got := d.clauseTail([]bspan{short}, []bspan{long}); got != tc.want {
			t.Errorf("clauseTail(%q, %q) = %v, want %v", tc.short, tc.long, got, tc.want)
		}
	}
}

func TestNested(t *testing.T) {
	text := "Bridge news\n\n“We told them the bridge would open in May, and they believed it,” the mayor said. The council said it was late.\n"
	quote := "We told them the bridge would open in May, and they believed it"
	for _, tc := range []struct {
		name, cue, content string
		want               bool
	}{
		{"frame inside a quotation", "told", "the bridge would open in May", true},
		{"content runs out of the quotation", "told", "the bridge would open in May, and they believed it,” the mayor", false},
		{"frame outside", "said", "it was late", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc{text: text}
			d.attrs = []*attr{{content: []bspan{at(t, text, quote, 0)}, cue: []bspan{at(t, text, "said", 0)}}}
			cue := at(t, text, tc.cue, 0)
			if tc.cue == "said" {
				cue = at(t, text, "said", 1)
			}
			tg := tagged{cue: []bspan{cue}, con: []bspan{at(t, text, tc.content, 0)}}
			if got := d.nested(tg); got != tc.want {
				t.Errorf("nested = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFramedParagraphs(t *testing.T) {
	const (
		p1 = "“We are ahead of schedule,” the mayor said."
		p2 = "“The bridge will open in May.”"
		p3 = "“It will carry trains too,” she added."
	)
	text := "Bridge news\n\n" + p1 + "\n\n" + p2 + "\n\n" + p3 + "\n"
	for _, tc := range []struct {
		name  string
		frags []string // content fragments, one a paragraph
		other string   // another attribution's cue
		want  []string
	}{
		{"unframed paragraph goes on", []string{"We are ahead of schedule", "The bridge will open in May."}, "added", []string{"We are ahead of schedule", "The bridge will open in May."}},
		{"framed paragraph ends it", []string{"We are ahead of schedule", "The bridge will open in May.", "It will carry trains too"}, "added", []string{"We are ahead of schedule", "The bridge will open in May."}},
		{"framed next paragraph", []string{"We are ahead of schedule", "It will carry trains too"}, "added", []string{"We are ahead of schedule"}},
		{"no other frame", []string{"We are ahead of schedule", "The bridge will open in May.", "It will carry trains too"}, "", []string{"We are ahead of schedule", "The bridge will open in May.", "It will carry trains too"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := analysed(t, text)
			a := &attr{cue: []bspan{at(t, text, "said", 0)}}
			for _, f := range tc.frags {
				a.content = append(a.content, at(t, text, f, 0))
			}
			d.attrs = []*attr{a}
			if tc.other != "" {
				d.attrs = append(d.attrs, &attr{cue: []bspan{at(t, text, tc.other, 0)}, content: []bspan{at(t, text, "It will carry trains too", 0)}})
			}
			if got := spanTexts(d, d.framedParagraphs(a)); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("content %q, want %q", got, tc.want)
			}
		})
	}
}
