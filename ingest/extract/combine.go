package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

// mergePolicy says how the learned tagger's attributions are combined with
// the rules'. The rules resolve speakers, channels and kinds; the tagger
// finds more attributions and draws span boundaries the PolNeAR way.
type mergePolicy struct {
	// spans[r] makes a matched pair take the tagger's span for role r
	// (roleSource, roleCue, roleContent) instead of the rule's.
	spans [3]bool
	// addUnmatched adds tagger attributions no rule attribution matches.
	addUnmatched bool
	// dropUnmatchedRules drops rule attributions no tagger attribution
	// matches (the tagger-only reading).
	dropUnmatchedRules bool
	// conCover is the share of the rule's content the tagger's content
	// must cover to replace it: a tagger content much shorter than the
	// rule's usually lost part of a quotation.
	conCover float64
	// keepQuoted keeps the rule's content when it is a direct quotation.
	keepQuoted bool
	// keepInside keeps the rule's content when the tagger's lies inside
	// it and the claim is not part quoted: the tagger tends to stop short
	// of a reported clause's end.
	keepInside bool
	// clauseTail overrides keepInside when the rule's content runs on past
	// the tagger's into a clause joined by a comma and a conjunction or
	// relative pronoun (", which ...", ", though ..."): PolNeAR ends the
	// content before such a clause more often than not.
	clauseTail bool
	// quotedCue keeps the rule's cue of a direct quotation.
	quotedCue bool
	// cueOnly takes the tagger's source and cue only for pairs matched by
	// their cue.
	cueOnly bool
	// consistent keeps the rule's spans when the chosen mix would make
	// source, cue and content overlap.
	consistent bool
	// frameFilter drops unmatched tagger attributions whose content the
	// rules read as a speaker or channel.
	frameFilter bool
	// thatIn opens a rule content with the complementiser before it, as
	// PolNeAR does.
	thatIn bool
	// nestedFilter drops unmatched tagger attributions whose cue and
	// content lie inside a rule attribution's content: mostly the tagger
	// reading words of a quotation as a frame of their own.
	nestedFilter bool
	// dropUnresolved drops tagger-only attributions whose speaker the
	// rules cannot resolve: 1 when the tagger marked a source, 2 always.
	dropUnresolved int
}

// takeThat extends a content to the "that" right before it.
func (d *doc) takeThat(a *attr) {
	if len(a.content) == 0 {
		return
	}
	s := a.content[0].s
	k := s
	for k > 0 && d.text[k-1] == ' ' {
		k--
	}
	if k < 4 || k == s || !strings.EqualFold(d.text[k-4:k], "that") || k > 4 && isWordRune(rune(d.text[k-5])) {
		return
	}
	if overlap([]bspan{{k - 4, k}}, a.cue) > 0 || overlap([]bspan{{k - 4, k}}, a.spk) > 0 {
		return
	}
	a.content = append([]bspan{{k - 4, s}}, a.content...)
	a.content = d.mergeSpans(a.content)
}

const (
	roleSource = iota
	roleCue
	roleContent
)

// defaultMerge is the policy measured best on PolNeAR dev (see the
// commit log and TestPolNeARDev for the figures).
var defaultMerge = mergePolicy{spans: [3]bool{true, true, true}, addUnmatched: true, keepQuoted: true, keepInside: true, clauseTail: true, quotedCue: true, consistent: true, frameFilter: true, nestedFilter: true, thatIn: true}

// taggedConfidence is the confidence of an attribution only the tagger
// found: lower than any rule construction's, since nothing checked it.
const (
	taggedConfidence     = 0.45
	taggedConfidenceNoSp = 0.35 // and no speaker could be resolved
)

// The tagger's content ranker weighs every start and end of a paragraph
// against each cue, so its cost grows with the cube of a paragraph's
// length: a megabyte on one line would take hours. The tagger therefore
// reads paragraphs cut at sentence ends every maxTagParaWords words (PolNeAR
// and BBC paragraphs stay under 450) and never sees a sentence longer than
// maxTagSentWords (PolNeAR's longest has 135); the rules alone read those.
const (
	maxTagParaWords = 150
	maxTagSentWords = 200
)

// taggerText is the text the tagger reads: the document with over-long
// sentences blanked and over-long paragraphs broken at sentence ends, rune
// for rune so that offsets stay valid.
func (d *doc) taggerText() string {
	var blank []*sentence
	var breaks []int // byte offsets of spaces to turn into line breaks
	for _, p := range d.paras {
		words := 0
		for k, s := range p.sents {
			n := 0
			for _, w := range s.toks {
				if w.kind == tWord {
					n++
				}
			}
			if n > maxTagSentWords {
				blank = append(blank, s)
			}
			words += n
			if words > maxTagParaWords && k > 0 {
				if b := s.s - 1; b >= 0 && (d.text[b] == ' ' || d.text[b] == '\t') {
					breaks = append(breaks, b)
					words = n
				}
			}
		}
	}
	if len(blank) == 0 && len(breaks) == 0 {
		return d.text
	}
	rs := []rune(d.text)
	for _, s := range blank {
		for i := d.ri.at(s.s); i < d.ri.at(s.e); i++ {
			if rs[i] != '\n' {
				rs[i] = ' '
			}
		}
	}
	for _, b := range breaks {
		rs[d.ri.at(b)] = '\n'
	}
	return string(rs)
}

// byteIndex converts rune offsets of a text back to byte offsets.
type byteIndex struct {
	ascii bool
	pos   []int32
}

func newByteIndex(text string) byteIndex {
	if !nonASCII(text) {
		return byteIndex{ascii: true}
	}
	pos := make([]int32, 0, len(text)+1)
	for i := range text {
		pos = append(pos, int32(i))
	}
	pos = append(pos, int32(len(text)))
	return byteIndex{pos: pos}
}

func nonASCII(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func (bi byteIndex) at(r int) int {
	if bi.ascii {
		return r
	}
	if r < 0 {
		return 0
	}
	if r >= len(bi.pos) {
		return int(bi.pos[len(bi.pos)-1])
	}
	return int(bi.pos[r])
}

func (bi byteIndex) spans(sp []graph.Span, n int) []bspan {
	out := make([]bspan, 0, len(sp))
	for _, s := range sp {
		b, e := bi.at(s.Start), bi.at(s.End)
		if b < 0 || e > n || e <= b {
			continue
		}
		out = append(out, bspan{b, e})
	}
	return out
}

// overlap is the number of bytes two span lists share.
func overlap(a, b []bspan) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if s, e := max(x.s, y.s), min(x.e, y.e); e > s {
				n += e - s
			}
		}
	}
	return n
}

func spanLen(a []bspan) int {
	n := 0
	for _, x := range a {
		n += x.e - x.s
	}
	return n
}

// tagged is one tagger attribution in byte offsets.
type tagged struct {
	src, cue, con []bspan
}

// merge combines the tagger's reading ts with the rule attributions.
func (d *doc) merge(ts tagger.Spans, p mergePolicy) {
	bi := newByteIndex(d.text)
	n := len(d.text)
	var tags []tagged
	for _, a := range ts.Attributions {
		t := tagged{src: bi.spans(a.Source, n), cue: bi.spans(a.Cue, n), con: bi.spans(a.Content, n)}
		// a span without cue and content says nothing about who said what;
		// header lines and page furniture carry no claims
		if len(t.con) == 0 && len(t.cue) == 0 || !d.inSentence(t) {
			continue
		}
		tags = append(tags, t)
	}
	// what the rules read as a speaker or a channel is not a claim
	var frame []bspan
	if p.frameFilter {
		for _, a := range d.attrs {
			frame = append(frame, a.spk...)
			for _, v := range a.via {
				frame = append(frame, bi.spans(v.Mention.Spans, n)...)
			}
		}
	}
	// match one to one, the strongest pairs first: a shared cue beats a
	// shared content, which must cover half of the shorter of the two
	type pair struct{ t, r, score int }
	var pairs []pair
	for ti, t := range tags {
		for ri, a := range d.attrs {
			score := 0
			if o := overlap(t.cue, a.cue); o > 0 {
				score = 1<<20 + o
			} else if o := overlap(t.con, a.content); o > 0 && 2*o >= min(spanLen(t.con), spanLen(a.content)) {
				score = o
			}
			if score > 0 {
				pairs = append(pairs, pair{ti, ri, score})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].score > pairs[j].score })
	tMatched := make([]bool, len(tags))
	rMatched := make([]bool, len(d.attrs))
	for _, pr := range pairs {
		if tMatched[pr.t] || rMatched[pr.r] {
			continue
		}
		tMatched[pr.t], rMatched[pr.r] = true, true
		a, t := d.attrs[pr.r], tags[pr.t]
		if p.cueOnly && pr.score < 1<<20 {
			// same content, another cue: keep the rule's frame
			t.src, t.cue = nil, nil
		}
		spk, cue, con := a.spk, a.cue, a.content
		if p.spans[roleSource] && len(t.src) > 0 && len(a.spk) > 0 {
			spk = t.src
		}
		if p.spans[roleCue] && len(t.cue) > 0 && !(p.quotedCue && a.kind == Direct) {
			cue = t.cue
		}
		if p.spans[roleContent] && p.takeContent(d, a, t) && !(p.frameFilter && overlap(t.con, frame) > 0) {
			con = t.con
		}
		if p.consistent && (overlap(spk, cue) > 0 || overlap(spk, con) > 0 || overlap(cue, con) > 0) {
			// a mix of both readings that overlaps itself: the rule's
			// spans at least agree with each other
			continue
		}
		a.spk, a.cue, a.content = spk, cue, con
	}
	if p.dropUnmatchedRules {
		kept := d.attrs[:0]
		for i, a := range d.attrs {
			if rMatched[i] {
				kept = append(kept, a)
			}
		}
		d.attrs = kept
	}
	if p.thatIn {
		for _, a := range d.attrs {
			d.takeThat(a)
		}
	}
	if !p.addUnmatched {
		return
	}
	for ti, t := range tags {
		if tMatched[ti] || len(t.con) == 0 || overlap(t.con, frame) > 0 {
			continue
		}
		if p.nestedFilter && d.nested(t) {
			continue
		}
		a := d.taggedAttr(t)
		if a.speaker == nil && (p.dropUnresolved == 2 || p.dropUnresolved == 1 && len(t.src) > 0) {
			continue
		}
		d.attrs = append(d.attrs, a)
	}
}

// nested reports whether the cue and content of t lie inside the content
// of an attribution already found.
func (d *doc) nested(t tagged) bool {
	if len(t.cue) == 0 {
		return false
	}
	for _, a := range d.attrs {
		if overlap(t.cue, a.content) == spanLen(t.cue) && overlap(t.con, a.content) == spanLen(t.con) {
			return true
		}
	}
	return false
}

// takeContent says whether a matched pair takes the tagger's content.
func (p mergePolicy) takeContent(d *doc, a *attr, t tagged) bool {
	if len(t.con) == 0 || p.keepQuoted && a.kind == Direct {
		return false
	}
	// Part of the rule's cue is not content: "declined | to comment"
	// read by the tagger where the rule read "declined to comment | on X".
	if len(a.content) > 0 && overlap(t.con, a.cue) > 0 {
		return false
	}
	o := overlap(t.con, a.content)
	if float64(o) < p.conCover*float64(spanLen(a.content)) {
		return false
	}
	if p.keepInside && a.kind != Mixed && o == spanLen(t.con) && o < spanLen(a.content) &&
		!(p.clauseTail && d.clauseTail(t.con, a.content)) {
		return false
	}
	return true
}

// taggedAttr turns a tagger attribution no rule found into an attribution,
// resolving its source span with the rules' mention parser and
// coreference; a span the parser cannot read leaves the speaker
// unresolved rather than guessed.
func (d *doc) taggedAttr(t tagged) *attr {
	pos := t.con[0].s
	if len(t.cue) > 0 {
		pos = t.cue[0].s
	}
	a := &attr{cue: t.cue, content: t.con, spk: t.src, pos: pos, conf: taggedConfidenceNoSp}
	s := d.sentenceAt(pos)
	if s != nil {
		a.sent, a.para = s.idx, s.para
	}
	if len(t.src) > 0 {
		if ss := d.sentenceAt(t.src[0].s); ss != nil {
			var np []token
			for _, w := range ss.toks {
				if w.s >= t.src[0].s && w.e <= t.src[len(t.src)-1].e {
					np = append(np, w)
				}
			}
			if e, _ := d.resolve(np, true); e != nil {
				e.speaker = true
				a.speaker = e
				a.conf = taggedConfidence
				a.via = d.carryOver(ss, e)
			}
		}
	}
	a.kind = d.quotedKind(t.con)
	return a
}

// quotedKind reads a content's kind from its words: all quoted is direct,
// some quoted mixed, none indirect.
func (d *doc) quotedKind(con []bspan) string {
	in, out := 0, 0
	for _, c := range con {
		for s := d.sentenceAt(c.s); s != nil; {
			for _, w := range s.toks {
				if w.kind != tWord || w.s < c.s || w.e > c.e {
					continue
				}
				if w.quote {
					in++
				} else {
					out++
				}
			}
			if s.idx+1 >= len(d.sents) || d.sents[s.idx+1].s >= c.e {
				break
			}
			s = d.sents[s.idx+1]
		}
	}
	switch {
	case in > 0 && out == 0:
		return Direct
	case in > 0:
		return Mixed
	}
	return Indirect
}

// inSentence reports whether the attribution's cue (or content) starts
// inside a sentence the layout kept.
func (d *doc) inSentence(t tagged) bool {
	pos := -1
	switch {
	case len(t.cue) > 0:
		pos = t.cue[0].s
	case len(t.con) > 0:
		pos = t.con[0].s
	}
	s := d.sentenceAt(pos)
	return s != nil && s.s <= pos
}

// sentenceAt returns the sentence containing byte offset pos (or the
// first starting after it), nil past the last.
func (d *doc) sentenceAt(pos int) *sentence {
	k := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].e > pos })
	// sentences are in text order except the headline, which comes first
	// anyway
	if k < len(d.sents) {
		return d.sents[k]
	}
	return nil
}
