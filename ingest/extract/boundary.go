package extract

import (
	"sort"
	"strings"
)

// PolNeAR draws content spans by conventions the rules and the tagger do
// not always follow; boundary normalises every content span to them after
// the two readings are combined. Each rule was measured on PolNeAR train
// and dev (see the commit log); none names a word of any one article.

// trimContents applies the boundary conventions to every attribution.
func (d *doc) trimContents() {
	for _, a := range d.attrs {
		if len(a.content) == 0 {
			continue
		}
		d.continueQuote(a)
		a.content = d.splitParagraphs(a.content)
		a.content = d.framedParagraphs(a)
	}
}

// quotePairs are the opening marks a continued quotation may start with
// and the mark that closes each.
var quotePairs = [][2]string{{"“", "”"}, {"''", "''"}, {`"`, `"`}}

// continueQuote extends a content that ends before its frame ("“X,” she
// said.") over a quotation opening right after the frame's sentence in the
// same paragraph ("“Y.”"): PolNeAR reads X and Y as one discontinuous
// content of that cue. A quotation some other attribution already claims
// stays its own.
func (d *doc) continueQuote(a *attr) {
	if len(a.cue) == 0 || a.content[len(a.content)-1].e > a.cue[0].s {
		return
	}
	end := a.cue[len(a.cue)-1].e
	for _, sp := range a.spk {
		end = max(end, sp.e)
	}
	// the rest of the frame's sentence: no line break, no quotation
	k := end
	for k < len(d.text) && !strings.ContainsRune(".!?", rune(d.text[k])) {
		if c := d.text[k]; c == '\n' || c == '"' || strings.HasPrefix(d.text[k:], "“") || strings.HasPrefix(d.text[k:], "”") {
			return
		}
		k++
	}
	if k >= len(d.text) {
		return
	}
	k++
	for _, q := range []string{"”", "’", `"`, "'"} {
		if strings.HasPrefix(d.text[k:], q) {
			k += len(q)
			break
		}
	}
	// the next sentence follows in the same paragraph
	sp := k
	for k < len(d.text) && (d.text[k] == ' ' || d.text[k] == '\t') {
		k++
	}
	if k == sp || k >= len(d.text) {
		return
	}
	var closeMark string
	for _, q := range quotePairs {
		if strings.HasPrefix(d.text[k:], q[0]) {
			k += len(q[0])
			closeMark = q[1]
			break
		}
	}
	if closeMark == "" {
		return
	}
	line := strings.IndexByte(d.text[k:], '\n')
	if line < 0 {
		line = len(d.text) - k
	}
	e := strings.Index(d.text[k:k+line], closeMark)
	if e <= 0 {
		return
	}
	q := bspan{k, trimRightSpace(d.text, k, k+e)}
	for _, b := range d.attrs {
		if b != a && (overlap(b.content, []bspan{q}) > 0 || overlap(b.cue, []bspan{q}) > 0) {
			return
		}
	}
	a.content = append(a.content, q)
	if a.kind == Indirect {
		a.kind = Mixed
	}
}

// splitParagraphs cuts content ranges where a paragraph ends: an
// annotator marks a quotation running over several paragraphs one fragment
// per paragraph, never across the break. Lines wrapped inside a paragraph
// (wire copy) do not cut.
func (d *doc) splitParagraphs(con []bspan) []bspan {
	var out []bspan
	for _, c := range con {
		s := c.s
		for i := d.paraAfter(s); i+1 < len(d.paras) && d.paras[i+1].s < c.e; i++ {
			if e := d.paras[i].e; e > s {
				out = append(out, bspan{s, e})
			}
			s = max(s, d.paras[i+1].s)
		}
		if s < c.e {
			out = append(out, bspan{s, c.e})
		}
	}
	return out
}

// framedParagraphs drops the content fragments from the first paragraph
// after the content's first that holds another attribution's cue, and all
// after it: a quotation running on over paragraphs ends where the next
// paragraph is framed as someone's words ("“...,” he added."), while a
// paragraph that is nothing but more of the quotation goes on with it.
func (d *doc) framedParagraphs(a *attr) []bspan {
	con := a.content
	if len(con) < 2 {
		return con
	}
	first := d.paraAfter(con[0].s)
	for k, c := range con {
		p := d.paraAfter(c.s)
		if p == first || p >= len(d.paras) {
			continue
		}
		ps, pe := d.paras[p].s, d.paras[p].e
		for _, b := range d.attrs {
			if b != a && len(b.cue) > 0 && b.cue[0].s >= ps && b.cue[0].s < pe {
				return con[:k]
			}
		}
	}
	return con
}

// paraAfter is the index of the first paragraph ending after pos.
func (d *doc) paraAfter(pos int) int {
	return sort.Search(len(d.paras), func(i int) bool { return d.paras[i].e > pos })
}

// paraBreak reports whether a paragraph ends and the next starts within
// the text from s to e.
func (d *doc) paraBreak(s, e int) bool {
	i := sort.Search(len(d.paras), func(i int) bool { return d.paras[i].e >= s })
	return i+1 < len(d.paras) && d.paras[i].e <= e && d.paras[i+1].s <= e
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// trimRightSpace moves e left over white space, not past s.
func trimRightSpace(text string, s, e int) int {
	for e > s && isSpaceByte(text[e-1]) {
		e--
	}
	return e
}

// tailJoiners open a clause PolNeAR leaves out of a content it follows;
// so does a participle (", citing ...", ", according to ...").
var tailJoiners = []string{"and", "but", "though", "although", "while", "which", "who"}

// clauseTail reports whether long runs on past the end of short into a
// clause after a comma: ", which ...", ", though ...", ", adding ...".
func (d *doc) clauseTail(short, long []bspan) bool {
	if len(short) == 0 || len(long) == 0 {
		return false
	}
	e, le := short[len(short)-1].e, long[len(long)-1].e
	if e >= le {
		return false
	}
	rest := d.text[e:le]
	rest = strings.TrimLeft(rest, "”’\"' ")
	rest, ok := strings.CutPrefix(rest, ",")
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, "”’\"' ")
	if k := strings.IndexFunc(rest, func(r rune) bool { return !isWordRune(r) }); k > 4 && strings.HasSuffix(rest[:k], "ing") {
		return true
	}
	for _, w := range tailJoiners {
		if after, ok := strings.CutPrefix(rest, w); ok && after != "" && !isWordRune(rune(after[0])) {
			return true
		}
	}
	return false
}
