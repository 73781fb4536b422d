package extract

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/tagger"
)

// Options configures an Extractor. The zero value is ready to use.
type Options struct {
	// MinConfidence drops attributions scored below it.
	MinConfidence float64
	// Tagger is the learned span tagger combined with the rules; nil
	// means the model that ships with package tagger.
	Tagger *tagger.Model
	// NoTagger runs the rules alone.
	NoTagger bool
}

// Extractor finds attributions in text. It is safe for concurrent use.
type Extractor struct {
	opts  Options
	split *sentences.DefaultSentenceTokenizer
	// cues is the seam where cue candidates are detected; a learned tagger
	// may later supply them instead of (or in addition to) the rules.
	cues cueFinder
	// merge says how the tagger's reading joins the rules'.
	merge mergePolicy
}

// cueFinder proposes the reporting cues of a sentence.
type cueFinder interface {
	find(d *doc, s *sentence) []cueHit
}

// New builds an Extractor, loading the sentence-splitter model once. By
// default it combines the rules with the PolNeAR-trained tagger: the
// rules resolve speakers, channels and kinds, the tagger finds more
// attributions and draws PolNeAR-style span boundaries (see merge).
func New(opts Options) *Extractor {
	split, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		// The English model is compiled into the binary; failing to load
		// it is a build defect, not a run-time condition.
		panic(fmt.Sprintf("extract: load sentence model: %v", err))
	}
	return &Extractor{opts: opts, split: split, cues: ruleCues{}, merge: defaultMerge}
}

// model returns the tagger to combine with the rules, nil for the rules
// alone. The shipped model is decoded on first use, once per process
// (tagger.Default caches it), so commands that never extract don't pay
// for it; a Model is safe for concurrent use.
func (x *Extractor) model() *tagger.Model {
	if x.opts.NoTagger {
		return nil
	}
	if x.opts.Tagger != nil {
		return x.opts.Tagger
	}
	m, err := tagger.Default()
	if err != nil {
		// the model is compiled into the binary: a build defect
		panic(fmt.Sprintf("extract: %v", err))
	}
	return m
}

// Extract finds the attributions, assessments, reporting agency and
// publisher in text. Spans are rune offsets into text.
func (x *Extractor) Extract(text string) Result {
	d := &doc{text: text, x: x}
	d.layout()
	d.analyze()
	if m := x.model(); m != nil {
		d.merge(m.Tag(d.taggerText()), x.merge)
	}
	d.trimContents()
	return d.result()
}

// entity is an entity of one document with what coreference needs.
type entity struct {
	Entity
	heads   []string  // head nouns, lower case ("documentary", "preview")
	outer   []Channel // channels the entity itself passed through (aired on)
	last    int       // byte offset of the latest mention
	plural  bool
	named   bool // has a proper name
	speaker bool // has spoken in this document
	gender  byte // 'm' or 'f' when a title, role or pronoun told; 0 otherwise
}

func (e *entity) hasHead(h string) bool {
	for _, x := range e.heads {
		if x == h {
			return true
		}
	}
	return false
}

type bspan struct{ s, e int } // byte span

// attr is an attribution under construction.
type attr struct {
	speaker  *entity
	spk      []bspan
	cue      []bspan
	content  []bspan
	kind     string
	cueKind  string
	via      []Channel
	conf     float64
	sent     int
	para     int
	headline bool
	before   bool // content precedes the cue
	pos      int  // byte offset used for ordering
}

type cueHit struct {
	i, j   int // token range of the cue words
	lemma  string
	kind   string
	part   bool
	recip  bool
	object bool
	accord bool // "according to"
	passiv bool // "it was claimed that"
}

type doc struct {
	x         *Extractor
	text      string
	ri        runeIndex
	paras     []*paragraph
	sents     []*sentence
	title     int // sentence index of the headline, -1 if none
	ents      []*entity
	attrs     []*attr
	assess    []assessment
	known     map[string]string // surname -> full name seen in the text
	people    []knownName       // full names in text order, for pronouns
	prefixVia []Channel         // channels of a sentence-opening phrase
	// labelledSents are sentences inside a labelled speaker's turn.
	labelledSents map[int]bool
	reportedBy    *Entity
	publishedBy   *Entity
}

type assessment struct {
	kind    string
	span    bspan
	by      string
	target  *entity // whose claims, when named
	sent    int
	applies []*attr
}

// layout splits the text into paragraphs and sentences, and reads the
// header lines (headline, credit line, promotion lines, dateline).
func (d *doc) layout() {
	d.title = -1
	d.labelledSents = map[int]bool{}
	text := d.text
	var last *paragraph
	lineNo, lastLine := 0, -2
	for i := 0; i < len(text); lineNo++ {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			j = len(text)
		} else {
			j += i
		}
		s, e := trimSpan(text, i, j)
		if e > s {
			if last != nil && lastLine == lineNo-1 && wrapped(text, last, i, s) {
				last.e = e // a hard-wrapped line continues the paragraph
			} else {
				last = &paragraph{s: s, e: e}
				d.paras = append(d.paras, last)
			}
			lastLine = lineNo
		}
		i = j + 1
	}
	for _, p := range d.paras {
		p.quotes = findQuotes(text, p.s, p.e)
	}
	headerDone := false
	bodySeen := 0
	for pi, p := range d.paras {
		line := text[p.s:p.e]
		isHeader := false
		switch {
		case pi == 0 && len(d.paras) > 1 && !endsSentence(line) && wordCount(line) <= 25:
			d.addSentence(p, pi, p.s, p.e)
			d.title = len(d.sents) - 1
			continue
		case !headerDone && pi <= 2 && isCreditLine(line):
			name, byline := strings.CutPrefix(line, "By ")
			if !byline {
				name, byline = strings.CutPrefix(line, "by ")
			}
			name = strings.TrimSpace(name)
			switch {
			case strings.HasSuffix(strings.ToLower(name), " staff"):
				d.publishedBy = outletEntity(strings.TrimSpace(name[:len(name)-6]), graph.SubPublisher)
			case byline:
				// "By MARIA GOMEZ Associated Press", "By Ann Lee, Reuters":
				// the agency follows the author, when named at all
				if ag := bylineAgency(name); ag != "" && d.reportedBy == nil {
					d.reportedBy = outletEntity(ag, graph.SubAgency)
				}
			case d.reportedBy == nil:
				d.reportedBy = outletEntity(name, graph.SubAgency)
			}
			isHeader = true
		case isBoilerplate(line):
			isHeader = true
		case isPromoLine(line) != "":
			if d.publishedBy == nil {
				d.publishedBy = outletEntity(isPromoLine(line), graph.SubPublisher)
			}
			isHeader = true
		case copyrightHolder(line) != "":
			// "Copyright 2016 The Associated Press. All rights reserved."
			name := copyrightHolder(line)
			e := outletEntity(name, graph.SubPublisher)
			switch {
			case d.reportedBy == nil && e.Subkind == graph.SubAgency:
				d.reportedBy = e
			case d.publishedBy == nil:
				d.publishedBy = e
			}
			isHeader = true
		}
		if isHeader {
			continue
		}
		if !headerDone || bodySeen < 3 {
			headerDone = true
			bodySeen++
			if ag := dateline(line); ag != "" {
				switch {
				case d.reportedBy == nil:
					d.reportedBy = outletEntity(ag, graph.SubAgency)
				case ag != d.reportedBy.Name && containsSeq(strings.Fields(graph.NormalizeName(d.reportedBy.Name)), strings.Fields(graph.NormalizeName(ag))):
					d.reportedBy.Aliases = append(d.reportedBy.Aliases, ag) // "(Northwire)" under "Northwire News Service"
				}
			}
		}
		d.splitParagraph(p, pi)
	}
	d.ri = newRuneIndex(text)
}

func (d *doc) splitParagraph(p *paragraph, pi int) {
	seg := d.text[p.s:p.e]
	if k := strings.IndexAny(seg, ".!?"); k < 0 || k >= len(strings.TrimRight(seg, ".!?\"”’')] ")) {
		// no sentence end before the last: one sentence, no model needed
		d.addSentence(p, pi, p.s, p.e)
		return
	}
	last := 0
	for _, pos := range d.x.split.SentencePositions(seg) {
		if pos <= last || pos > len(seg) {
			continue
		}
		s, e := trimSpan(d.text, p.s+last, p.s+pos)
		if e > s {
			d.addSentence(p, pi, s, e)
		}
		last = pos
	}
	if last < len(seg) {
		s, e := trimSpan(d.text, p.s+last, p.e)
		if e > s {
			d.addSentence(p, pi, s, e)
		}
	}
}

func (d *doc) addSentence(p *paragraph, pi, s, e int) {
	// The splitter keeps "in 2002. The following year" together; a
	// number, a full stop and a capitalised word outside quotes is a
	// sentence end.
	for k := s; k+3 < e; k++ {
		if d.text[k] != '.' || d.text[k+1] != ' ' || k == s {
			continue
		}
		j := k
		for j > s && d.text[j-1] >= '0' && d.text[j-1] <= '9' {
			j--
		}
		if j < k && (j == s || d.text[j-1] == ' ') && !(j-4 >= s && strings.EqualFold(d.text[j-4:j], "no. ")) {
			r, _ := utf8.DecodeRuneInString(d.text[k+2:])
			if _, in := inRegions(p.quotes, k); !in && unicode.IsUpper(r) {
				d.addSentence(p, pi, s, k+1)
				d.addSentence(p, pi, k+2, e)
				return
			}
		}
	}
	d.addOne(p, pi, s, e)
}

func (d *doc) addOne(p *paragraph, pi, s, e int) {
	// A closing quotation mark the splitter left at the start belongs to
	// the previous sentence.
	st := &sentence{s: s, e: e, para: pi, idx: len(d.sents)}
	st.toks = tokenize(d.text, s, e, p.quotes)
	if d.known == nil {
		d.known = map[string]string{}
	}
	d.collectNames(st.toks)
	p.sents = append(p.sents, st)
	d.sents = append(d.sents, st)
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(line))
	return strings.ContainsRune(".!?\"”’:;)", r)
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// isCreditLine recognises a short line of capitalised words without a
// verb or final stop under the headline: an agency credit or byline.
func isCreditLine(line string) bool {
	if endsSentence(line) || strings.ContainsAny(line, ",:;\"“”") {
		return false
	}
	ws := strings.Fields(line)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	for i, w := range ws {
		if (i == 0 && (w == "By" || w == "by")) || w == "and" || w == "of" || w == "&" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// isPromoLine returns X for a host-site promotion line "More from X: ...".
func isPromoLine(line string) string {
	for _, p := range []string{"More from ", "Read more from ", "More on ", "Also on ", "More stories from "} {
		if len(line) > len(p) && strings.EqualFold(line[:len(p)], p) {
			rest := line[len(p):]
			if k := strings.IndexByte(rest, ':'); k > 0 && k < 40 {
				name := strings.TrimSpace(rest[:k])
				if r, _ := utf8.DecodeRuneInString(name); unicode.IsUpper(r) {
					return name
				}
			}
		}
	}
	return ""
}

// dateline finds the agency in "CITY (Agency) -" or "(Agency) —" opening
// the first body paragraph.
func dateline(line string) string {
	if len(line) > 80 {
		line = line[:80]
	}
	o := strings.IndexByte(line, '(')
	c := strings.IndexByte(line, ')')
	if o < 0 || c < o+2 || c-o > 40 {
		return ""
	}
	rest := strings.TrimLeft(line[c+1:], " ")
	if !(strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–")) {
		return ""
	}
	// a dateline's place is in capitals ("MOSCOW, Oct 7 (Reuters) -") or
	// absent ("(AP) —")
	if place := strings.Fields(line[:o]); len(place) > 0 {
		first := strings.TrimRight(place[0], ",")
		if strings.ToUpper(first) != first || len(place) > 6 {
			return ""
		}
	}
	name := line[o+1 : c]
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		return ""
	}
	return name
}

func outletEntity(name, sub string) *Entity {
	e := &Entity{Name: name, Kind: graph.KindOutlet, Subkind: sub}
	lw := strings.Fields(strings.ToLower(name))
	for _, w := range lw {
		if s, ok := outletNameWords[w]; ok {
			e.Subkind = s
			if sub == graph.SubPublisher {
				e.Subkind = sub
			}
		}
	}
	// "Agence France-Presse" is also known by its initials (AFP); other
	// names keep the aliases the text gives them
	if ac := acronym(name); ac != "" && e.Subkind == graph.SubAgency && hasAgencyWord(lw) {
		e.Aliases = append(e.Aliases, ac)
	}
	return e
}

func hasAgencyWord(words []string) bool {
	for _, w := range words {
		for _, p := range strings.Split(w, "-") {
			switch p {
			case "agence", "presse", "press", "agency", "news":
				return true
			}
		}
	}
	return false
}

// acronym forms the initials of a multi-word name ("Agence France-Presse"
// → "AFP").
func acronym(name string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
			n++
		}
	}
	if n < 2 {
		return ""
	}
	return b.String()
}

// analyze runs the constructions over every sentence in order, the
// headline last so that its speaker can be resolved against the body.
func (d *doc) analyze() {
	for _, s := range d.sents {
		if s.idx == d.title {
			continue
		}
		d.sentence(s)
	}
	d.continuations()
	if d.title >= 0 {
		d.headline(d.sents[d.title])
	}
	d.resolveAssessments()
}

func (d *doc) result() Result {
	sort.SliceStable(d.attrs, func(i, j int) bool { return d.attrs[i].pos < d.attrs[j].pos })
	var r Result
	index := map[*attr]int{}
	seen := map[bspan]bool{}
	for _, a := range d.attrs {
		if a.conf < d.x.opts.MinConfidence || len(a.content) == 0 {
			continue
		}
		// one content, one attribution: a garbled sentence can frame the
		// same quote twice ("...," said X, a farmer told Reuters)
		if seen[a.content[0]] && len(a.content) == 1 {
			continue
		}
		seen[a.content[0]] = true
		index[a] = len(r.Attributions)
		r.Attributions = append(r.Attributions, d.attribution(a))
	}
	for _, as := range d.assess {
		out := Assessment{Kind: as.kind, Text: d.mention(as.span), By: as.by, AppliesTo: []int{}}
		for _, a := range as.applies {
			if i, ok := index[a]; ok {
				out.AppliesTo = append(out.AppliesTo, i)
			}
		}
		sort.Ints(out.AppliesTo)
		r.Assessments = append(r.Assessments, out)
	}
	r.ReportedBy = d.reportedBy
	r.PublishedBy = d.publishedBy
	r.Sentences = len(d.sents)
	if r.Attributions == nil {
		r.Attributions = []Attribution{}
	}
	return r
}

func (d *doc) mention(spans ...bspan) Mention {
	var m Mention
	var parts []string
	spans = d.mergeSpans(spans)
	for _, s := range spans {
		if s.e <= s.s {
			continue
		}
		parts = append(parts, d.text[s.s:s.e])
		m.Spans = append(m.Spans, graph.Span{Start: d.ri.at(s.s), End: d.ri.at(s.e)})
	}
	m.Text = strings.Join(parts, " ")
	return m
}

func (d *doc) attribution(a *attr) Attribution {
	out := Attribution{
		SpeakerMention: d.mention(a.spk...),
		Cue:            d.mention(a.cue...),
		Content:        d.mention(a.content...),
		Kind:           a.kind,
		Via:            a.via,
		Confidence:     math.Round(math.Max(0, math.Min(1, a.conf))*100) / 100,
	}
	if a.speaker != nil {
		out.Speaker = a.speaker.Entity
		out.Speaker.Aliases = append([]string(nil), a.speaker.Aliases...)
		out.Speaker.Roles = append([]string(nil), a.speaker.Roles...)
	} else {
		out.Speaker = Entity{Kind: graph.KindUnresolved}
	}
	if out.Via == nil {
		out.Via = []Channel{}
	}
	return out
}

// mergeSpans joins consecutive spans separated only by spaces and
// punctuation (a quote continuing over sentences), so that a mention is
// discontinuous only where words intervene.
func (d *doc) mergeSpans(spans []bspan) []bspan {
	if len(spans) < 2 {
		return spans
	}
	out := []bspan{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		// a paragraph break ends a fragment: PolNeAR marks a quotation
		// over several paragraphs one fragment per paragraph
		if s.s >= last.e && !strings.ContainsFunc(d.text[last.e:s.s], isWordRune) && !d.paraBreak(last.e, s.s) {
			last.e = s.e
			continue
		}
		out = append(out, s)
	}
	return out
}

// copyrightHolder returns X of a line "© 2016 X" or "Copyright 2016 X. All
// rights reserved."
func copyrightHolder(line string) string {
	rest, ok := strings.CutPrefix(line, "©")
	if !ok {
		rest, ok = strings.CutPrefix(line, "Copyright")
	}
	if !ok || len(line) > 120 {
		return ""
	}
	rest = strings.TrimLeft(rest, " ©(c)")
	for len(rest) > 0 && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == ' ' || rest[0] == '-' || rest[0] == ',') {
		rest = rest[1:]
	}
	if k := strings.Index(rest, "."); k >= 0 && !strings.HasPrefix(rest[k:], ".com") {
		rest = rest[:k]
	}
	rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "The "))
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) || wordCount(rest) > 6 {
		return ""
	}
	return rest
}

// isBoilerplate recognises page furniture that carries no claims: photo
// captions marked as such, share and follow prompts, "Read more" links.
func isBoilerplate(line string) bool {
	for _, p := range []string{"Image caption", "Media caption", "Image copyright", "Photo:", "Image:",
		"Picture:", "Caption:", "Read more:", "Read more ", "Related:", "Related coverage", "Follow ",
		"Sign up", "Click here", "Subscribe", "Advertisement", "Share this", "Watch:", "WATCH:", "Listen:",
		"Getty Images", "AP Photo", "Reuters/", "AFP/", "Photograph:"} {
		if strings.HasPrefix(line, p) && (wordCount(line) <= 25 || strings.HasSuffix(p, ":") && wordCount(line) <= 40) {
			return true
		}
	}
	return false
}

// wrapped reports whether the line starting at lineStart (first visible
// character at s) continues paragraph p rather than starting a new one:
// p does not end a sentence, the line is not indented, and it starts in
// lower case or follows a long line.
func wrapped(text string, p *paragraph, lineStart, s int) bool {
	if s != lineStart || endsSentence(text[p.s:p.e]) {
		return false
	}
	if prev := text[p.s:p.e]; isPromoLine(prev) != "" || isBoilerplate(prev) || isCreditLine(prev) || copyrightHolder(prev) != "" {
		return false // page furniture is a line of its own
	}
	r, _ := utf8.DecodeRuneInString(text[s:])
	if unicode.IsLower(r) {
		return true
	}
	first := p.s == 0 || strings.TrimSpace(text[:p.s]) == ""
	lastLine := text[p.s:p.e]
	multi := false
	if k := strings.LastIndexByte(lastLine, '\n'); k >= 0 {
		lastLine = lastLine[k+1:]
		multi = true // already wrapped: shorter lines continue too
	}
	n := utf8.RuneCountInString(lastLine)
	return !first && (n >= 55 || multi && n >= 30)
}

// bylineAgency returns the agency in a byline after "By": the part after a
// comma, bar or dash, or the words around an agency word ("Associated
// Press"); "" when the byline names only people.
func bylineAgency(s string) string {
	for _, sep := range []string{",", "|", " - ", " — ", " / "} {
		if k := strings.LastIndex(s, sep); k >= 0 {
			return strings.TrimSpace(s[k+len(sep):])
		}
	}
	ws := strings.Fields(s)
	for i, w := range ws {
		if _, ok := outletNameWords[strings.ToLower(w)]; ok {
			st := i
			if st > 0 && strings.ToUpper(ws[st-1]) != ws[st-1] {
				st-- // "Associated Press", not the author's capitals
			}
			return strings.Join(ws[st:], " ")
		}
	}
	return ""
}
