package extract

import (
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// ruleCues finds cues with the lexicons: reporting verbs, multi-word cues,
// "according to", and passive "it was claimed that".
type ruleCues struct{}

func (ruleCues) find(d *doc, s *sentence) []cueHit {
	var hits []cueHit
	t := s.toks
	for i := 0; i < len(t); i++ {
		w := &t[i]
		if w.kind != tWord || w.quote {
			continue
		}
		if w.low == "according" && i+1 < len(t) && t[i+1].low == "to" {
			hits = append(hits, cueHit{i: i, j: i + 2, lemma: "according to", accord: true})
			i++
			continue
		}
		if pcs, ok := phraseCues[w.low]; ok {
			matched := false
			for _, pc := range pcs {
				if wordsAt(t, i+1, pc.rest) {
					hits = append(hits, cueHit{i: i, j: i + 1 + len(pc.rest), lemma: pc.lemma, kind: pc.kind, object: pc.object})
					i += len(pc.rest)
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		v, ok := cueVerbs[w.low]
		if !ok {
			if passiveOnly[w.low] && i >= 2 && t[i-1].is("is", "was", "are", "were", "been") && t[i-2].low == "it" && i+1 < len(t) && t[i+1].low == "that" {
				// "it is understood that ...": a claim without a source
				hits = append(hits, cueHit{i: i - 2, j: i + 1, lemma: w.low, passiv: true})
			}
			continue
		}
		prev := prevTok(t, i)
		next := nextTok(t, i)
		if v.part {
			if prev == nil || !(prev.punct(",") || prev.is("and", "while", "before", "after")) {
				continue
			}
		}
		if prev != nil && prev.kind == tWord && (determiners[prev.low] && prev.low != "that" || isPossessive(prev.low) || prepositions[prev.low] && prev.low != "by") {
			continue // a noun: "the claims", "Kadyrov's claims", "in a statement"
		}
		if prev != nil && prev.is("was", "were", "is", "are", "been", "being", "be") {
			// passive: only "it was claimed that" is an attribution
			if prev2 := prevTok(t, i-1); prev2 != nil && prev2.low == "it" && next != nil && next.low == "that" {
				hits = append(hits, cueHit{i: i - 2, j: i + 1, lemma: v.lemma, kind: v.kind, passiv: true})
			}
			continue
		}
		if v.that && (next == nil || next.low != "that") {
			continue
		}
		if next != nil && (next.low == "by" || v.lemma == "ask" && next.is("for", "about")) {
			continue // "the monitor maintained by", "asked for": not a report of speech
		}
		if len(w.text) > 2 && isAcronym(w.text) && s.idx != d.title {
			continue // "QUESTIONABLE MEDICAL CLAIMS —": a shouted heading
		}
		if v.lemma == "call" && prev != nil && (workSub(prev.low) != "" || outletHeads[prev.low] != "" || prev.is("is", "was", "so", "be")) {
			continue // "a website called X", "so called": naming, not speech
		}
		if v.weak && prev != nil && prev.cap && i >= 2 && t[i-2].kind == tWord && !t[i-2].cap && (determiners[t[i-2].low] || prepositions[t[i-2].low]) {
			continue // "of Republican claims": a noun after an adjective
		}
		if v.weak && !(s.idx == d.title && prev != nil && prev.kind == tWord && !prev.quote) {
			if next == nil || !(next.low == "that" || next.punct(":") || next.punct(",") || next.kind == tOpenQ || next.kind == tCloseQ || next.punct(".")) {
				if prev == nil || !(prev.cap || pronouns[prev.low] != "" || isHeadNoun(prev.low)) {
					continue
				}
			}
		}
		hits = append(hits, cueHit{i: i, j: i + 1, lemma: v.lemma, kind: v.kind, part: v.part, recip: v.recipient, object: v.object})
	}
	return hits
}

func wordsAt(t []token, i int, ws []string) bool {
	if i+len(ws) > len(t) {
		return false
	}
	for k, w := range ws {
		if t[i+k].low != w {
			return false
		}
	}
	return true
}

func prevTok(t []token, i int) *token {
	if i > 0 {
		return &t[i-1]
	}
	return nil
}

func nextTok(t []token, i int) *token {
	if i+1 < len(t) {
		return &t[i+1]
	}
	return nil
}

func isPossessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s'")
}

// sentence applies the constructions to one sentence.
func (d *doc) sentence(s *sentence) {
	t := s.toks
	if len(t) == 0 {
		return
	}
	d.assessment(s)
	if d.labelledSents[s.idx] {
		return // part of a labelled speaker's turn
	}
	consumed := make([]bool, len(t))
	d.prefixVia = d.channelPrefix(t)
	container := d.container(s)
	quoted, quotedSpan, quotedEnd := d.quotingPrefix(s)
	if a := d.quotedAs(s, consumed); a != nil {
		d.attrs = append(d.attrs, a)
	}
	hits := d.x.cues.find(d, s)
	var prev *attr
	for _, h := range hits {
		if consumed[h.i] {
			continue
		}
		known := len(d.ents)
		a := d.fromCue(s, h, prev, quoted, quotedEnd, consumed)
		if a != nil && quoted != nil && a.speaker == quoted && len(quotedSpan) > 0 {
			a.spk = quotedSpan
		}
		if a == nil {
			// entities met only while trying a cue that came to nothing
			// must not attract later pronouns
			d.ents = d.ents[:known]
			continue
		}
		if container != nil && h.i > container.at {
			a.via = append(a.via, container.ch)
		}
		d.attrs = append(d.attrs, a)
		prev = a
	}
	if a := d.labelled(s, consumed); a != nil {
		d.attrs = append(d.attrs, a)
		return
	}
	if a := d.dashCredit(s, consumed); a != nil {
		d.attrs = append(d.attrs, a)
	}
	if a := d.nounCue(s, consumed); a != nil {
		if container != nil {
			a.via = append(a.via, container.ch)
		}
		d.attrs = append(d.attrs, a)
	}
	d.madeClaims(s)
}

// quotingPrefix recognises "Quoting X, ..." / "Citing X, ...": X is the
// speaker of the sentence's claim and the subject only passes it on.
func (d *doc) quotingPrefix(s *sentence) (*entity, []bspan, int) {
	t := s.toks
	if len(t) < 4 || !t[0].is("quoting", "citing") {
		return nil, nil, 0
	}
	for k := 1; k < len(t) && k < 12; k++ {
		if t[k].punct(",") {
			e, sp := d.resolve(t[1:k], true)
			if e == nil {
				return nil, nil, 0
			}
			return e, sp, k + 1
		}
	}
	return nil, nil, 0
}

// fromCue builds the attribution a verb cue heads, or nil.
func (d *doc) fromCue(s *sentence, h cueHit, prev *attr, quoted *entity, quotedEnd int, consumed []bool) *attr {
	t := s.toks
	a := &attr{sent: s.idx, para: s.para, cueKind: h.kind, pos: t[h.i].s}
	a.cue = []bspan{{t[h.i].s, t[h.j-1].e}}
	if h.accord {
		return d.according(s, h, a, consumed)
	}
	if h.passiv {
		cs, ce := h.j+1, d.contentEnd(t, h.j+1)
		if ce <= cs {
			return nil
		}
		a.content = []bspan{{t[cs].s, t[ce-1].e}}
		a.conf = 0.5
		d.finishKind(a, t, cs, ce)
		markRange(consumed, h.i, ce)
		return a
	}
	// Subject: scan left over auxiliaries to a clause boundary.
	v := h.i
	k := v - 1
	for k >= 0 && t[k].kind == tWord && auxWords[t[k].low] && !t[k].cap {
		k--
	}
	end := k + 1 // subject is t[b+1:end]
	b := scanLeft(t, k)
	// "Rep. Gwen Moore (D-Wis.) said": skip a parenthesis after the name
	if b >= 0 && t[b].punct(")") && b == end-1 {
		o := b - 1
		for o >= 0 && !t[o].punct("(") && b-o < 8 {
			o--
		}
		if o > 0 && t[o].punct("(") {
			end = o
			b = scanLeft(t, o-1)
		}
	}
	if b >= quotedEnd-1 && quotedEnd > 0 && b < quotedEnd {
		b = quotedEnd - 1
	}
	subj := t[b+1 : end]
	var spk *entity
	var spkSpan []bspan
	inherit := false
	r := h.j
	invert, parenAfter := false, false
	switch {
	case len(subj) == 0 && (h.part || b >= 0 && t[b].is("and", "but")) && prev != nil:
		inherit = true
		spk = prev.speaker
	case len(subj) == 0 && h.part && b >= 0 && t[b].punct(","):
		// "Trump attacked Clinton, saying ...": the main clause's subject
		e, sp := d.mainSubject(t, b)
		if e == nil {
			return nil
		}
		spk, spkSpan = e, sp
	case len(subj) == 0 && b >= 0 && (t[b].punct(",") || t[b].kind == tCloseQ):
		// Inverted order: "CONTENT," said X.
		inv := h.j
		for inv < len(t) && !t[inv].punct(",") && !t[inv].punct("(") && !isFinal(&t[inv]) && t[inv].kind == tWord {
			inv++
		}
		endsNP := inv == len(t) || t[inv].punct(",") || t[inv].punct("(") || isFinal(&t[inv])
		if inv > h.j && endsNP && !auxWords[t[inv-1].low] && !verbish[t[inv-1].low] {
			if e, sp := d.resolve(t[h.j:inv], true); e != nil {
				spk, spkSpan, invert = e, sp, true
			}
		}
		if invert {
			r = inv
			if r < len(t) && (t[r].punct(",") || t[r].punct("(")) && r+1 < len(t) && t[r+1].kind == tWord {
				// "For instance, said Mr X, credit cards are rare": after
				// a short opener the rest is content; after a full
				// statement it is an appositive about the speaker
				if t[r].punct(",") && b >= 0 && t[b].punct(",") && wordsIn(t[:b]) <= 3 && !t[r+1].is("who", "which", "whose") {
					parenAfter = true
				} else {
					r = len(t)
				}
			}
		} else if t[b].punct(",") {
			// appositive between subject and cue: "X, who ..., said"
			spk, spkSpan = d.appositiveSubject(t, b)
		}
		if spk == nil {
			return nil
		}
	case len(subj) == 0 && b < 0:
		// "Said Ellis: ..."
		inv := h.j
		for inv < len(t) && t[inv].kind == tWord && inv-h.j < 8 {
			inv++
		}
		if inv >= len(t) || !t[inv].punct(":") {
			return nil
		}
		e, sp := d.resolve(t[h.j:inv], true)
		if e == nil {
			return nil
		}
		spk, spkSpan, invert = e, sp, true
		r = inv
	case len(subj) == 0 && (h.part || b >= 0 && t[b].is("and", "but")):
		// "Trump attacked Clinton, saying ...": the main clause's subject
		e, sp := d.mainSubject(t, b)
		if e == nil {
			return nil
		}
		spk, spkSpan = e, sp
	case len(subj) > 0:
		if subj[0].low == "it" && len(subj) == 1 && quoted == nil && h.lemma != "say" && h.lemma != "claim" && h.lemma != "add" {
			return nil // "it warned" is rare; "it emerged" etc. are not cues
		}
		e, sp := d.resolveSuffix(subj)
		if e == nil {
			if !isPronounSubject(subj) {
				return nil
			}
			// a pronoun with no antecedent: keep the claim, unresolved
			sp = []bspan{{subj[0].s, subj[0].e}}
		}
		spk, spkSpan = e, sp
	}
	// Complements after the cue: recipient, channel and time phrases.
	var chans []Channel
	if h.recip && r < len(t) && !invert {
		rec, nr := d.recipient(t, r)
		chans = append(chans, rec...)
		r = nr
	}
	if h.kind != NoComment && !h.object {
		pcs, nr := d.phrases(t, r)
		if len(chans) > 0 && len(pcs) > 0 && pcs[0].Kind == graph.KindWork && chans[0].Kind == graph.KindOutlet {
			// "told the Herald in an interview": the interview was given
			// to the outlet, so it is the inner channel
			if pcs[0].PartOf == "" {
				pcs[0].PartOf = chans[0].Name
			}
			chans = append(pcs, chans...)
		} else {
			chans = append(chans, pcs...)
		}
		r = nr
	}
	// "Reuters reported, citing two officials, that ...": the officials
	// spoke and the subject passed it on
	var citedSpan []bspan
	if r+2 < len(t) && t[r].punct(",") && t[r+1].is("citing", "quoting") && !invert {
		k := r + 2
		for k < len(t) && t[k].kind == tWord && k-r < 12 {
			k++
		}
		if k < len(t) && t[k].punct(",") {
			if e, sp := d.resolve(t[r+2:k], true); e != nil && spk != nil && e != spk {
				quoted, citedSpan = e, sp
				r = k + 1
			}
		}
	}
	var after []bspan
	cs, ce := -1, -1
	switch {
	case r < len(t) && t[r].low == "that" && !t[r].quote:
		cs = r + 1
	case r < len(t) && t[r].punct(":"):
		cs = r + 1
	case r+1 < len(t) && t[r].punct(",") && t[r+1].kind == tOpenQ:
		cs = r + 1
	case quoteBefore(t, b) && !(r < len(t) && t[r].low == "that"):
		// "QUOTE," she said several months later: the quote is the content
	case parenAfter:
		cs = r + 1
	case r+2 < len(t) && t[r].punct(",") && t[r+1].kind == tWord && b >= 0 && t[b].punct(",") && !inherit && !invert &&
		!cueVerbs[t[r+1].low].part && t[r+1].low != "according" && !t[r+1].is("who", "which", "whose") &&
		!clauseStops[t[r+1].low] && !strings.HasSuffix(t[r+1].low, "ing"):
		// "X, he said, Y": a parenthetical cue inside the content
		cs = r + 1
	case r < len(t) && !t[r].punct(",") && !isFinal(&t[r]) && !(t[r].kind == tWord && t[r].low == "according"):
		cs = r
	}
	if cs >= 0 && cs < len(t) {
		ce = d.contentEnd(t, cs)
		if ce == cs+1 && t[cs].kind == tWord && (prepositions[t[cs].low] || t[cs].is("up", "out", "off", "back", "down", "so")) {
			ce = cs // "wrote in", "spoke up": a particle, not content
		}
		if t[cs].is("was", "were", "is", "are", "had", "has", "have", "would", "could", "will") && cs == h.j || h.object && t[cs].is("of", "by") {
			ce = cs // "remarks which critics claimed were ...": a relative clause
		}
		if ce > cs {
			after = []bspan{{t[cs].s, t[ce-1].e}}
		}
	}
	// Content before the cue: "CONTENT," X said.
	var before []bspan
	bs := -1
	if b >= 0 && (len(after) == 0 || r < len(t) && t[r].punct(",")) {
		bt := &t[b]
		ok := bt.punct(",") || quoteBefore(t, b)
		if bt.kind == tCloseQ && b+1 < len(t) && t[b+1].punct(",") {
			ok = false
		}
		// the same quote framed twice (`"...," said X, a farmer told Y`)
		dup := prev != nil && prev.before && prev.sent == s.idx
		if ok && !inherit && !dup {
			start := skipDateline(t)
			if quotedEnd > 0 {
				start = quotedEnd
			}
			stop := b
			if bt.punct(",") {
				stop = b - 1
			}
			// `"A," he said, "B." "C," he said.`: when an earlier
			// attribution of the sentence precedes the quotation, the
			// content is the quotation alone
			if quoteBefore(t, b) {
				cq := b
				if !t[cq].kind.isClose() {
					cq = b - 1
				}
				for o := cq - 1; o > start; o-- {
					if t[o].kind == tOpenQ {
						if anyConsumed(consumed, start, o) {
							start = o
						}
						break
					}
				}
			}
			// nested speech ("X said A, Y said") may contain another cue
			if stop-start >= 1 {
				bs = start
				ss := t[start].s
				if q, ok := inRegions(d.paras[s.para].quotes, t[start].s); ok && q.s < ss && t[start].quote {
					ss = q.s
				}
				if t[start].kind == tOpenQ {
					ss = t[start].s
				}
				before = []bspan{{ss, t[stop].e}}
				if t[stop].punct(",") && stop > start {
					before = []bspan{{ss, t[stop-1].e}}
				}
				if bt.kind == tCloseQ {
					before = []bspan{{ss, bt.e}}
				}
			}
		}
	}
	if len(before) == 0 && len(after) == 0 && b < 0 && !inherit {
		// `..., votes?” / Trump said.`: the splitter cut after the quote
		if q, ok := d.quoteEndingAt(s, t[0].s); ok {
			before = []bspan{{q.s, q.e}}
			a.content = before
			a.kind = Direct
			if h.kind != "" {
				a.kind = h.kind
			}
			bs = -2
		}
	}
	if invert && len(before) == 0 {
		return nil
	}
	if len(after) > 0 && len(before) == 0 && spk != nil && spk.Kind != graph.KindPerson && !inherit && quoted == nil && b > 0 && t[b].punct(",") {
		st := scanLeft(t, b-1)
		if b-(st+1) >= 2 && b-(st+1) <= 4 && allCaps(t[st+1:b]) {
			if e, sp := d.resolve(t[st+1:b], true); e != nil && e.named && e.Kind == graph.KindPerson {
				e.addRole(joinToks(d.text, subj))
				spk, spkSpan = e, sp
			}
		}
	}
	switch {
	case len(before) > 0 && len(after) > 0 && r < len(t) && t[r].punct(","):
		a.content = append(before, after...) // a quote broken by its cue
		markRange(consumed, bs, ce)
		d.finishKind(a, t, 0, len(t))
	case len(after) > 0:
		a.content = after
		markRange(consumed, cs, ce)
		d.finishKind(a, t, cs, ce)
	case bs == -2:
		// content set from the previous sentence's quotation
	case len(before) > 0:
		a.content = before
		a.before = true
		markRange(consumed, bs, b+1)
		d.finishKind(a, t, bs, b+1)
	default:
		return nil
	}
	if spk == nil && !inherit && len(spkSpan) == 0 {
		return nil
	}
	if spk != nil && spk.named && spk.Kind == graph.KindPerson && len(subj) == 1 && pronouns[subj[0].low] != "" && len(a.content) > 0 {
		// a speaker rarely names themself in reported speech: "he
		// still trusted Mr Blair" is someone else speaking
		if f := strings.Fields(spk.Name); len(f) > 0 && containsWord(d.text[a.content[0].s:a.content[len(a.content)-1].e], f[len(f)-1]) {
			if alt := d.pronounAvoiding(subj[0].low, t[h.i].s, spk); alt != nil {
				spk = alt
			}
		}
	}
	if (h.lemma == "show" || h.lemma == "find") && spk != nil && spk.Kind == graph.KindPerson {
		return nil // "X showed that he is a contender": a finding about X, not speech
	}
	if clauseOnly[h.lemma] && len(after) > 0 && len(before) == 0 && !hasClause(t, cs, ce) {
		return nil // "claimed the title", "added a week": not a report of speech
	}
	a.speaker = spk
	a.spk = spkSpan
	a.conf = 0.85
	switch {
	case inherit:
		a.conf = 0.75
		if len(chans) == 0 && prev != nil {
			chans = append(chans, prev.via...)
		}
	case spk != nil && len(spkSpan) == 1 && pronouns[strings.ToLower(d.text[spkSpan[0].s:spkSpan[0].e])] != "":
		a.conf = 0.7
	case spk != nil && !spk.named:
		a.conf = 0.75
	}
	if spk == nil || spk.Kind == "" {
		a.conf = 0.4 // a pronoun without an antecedent
	}
	if quoted != nil && spk != nil && spk != quoted {
		// "Quoting X, it said": X spoke, the subject carried it.
		var at bspan
		if len(spkSpan) > 0 {
			at = spkSpan[0] // the mention that passed the claim on ("it")
		}
		via := []Channel{d.channelOf(spk, at)}
		via = append(via, spk.outer...)
		a.via = append(chans, via...)
		a.speaker = quoted
		a.conf = 0.7
		if len(citedSpan) > 0 {
			a.spk = citedSpan
		}
	} else {
		a.via = chans
		if spk != nil && spk.Kind == "work" && len(chans) == 0 {
			a.via = append(a.via, spk.outer...)
		}
	}
	if len(a.via) == 0 && h.lemma == "tweet" {
		// "X tweeted": the medium is in the verb
		tw := d.addEntity("Twitter", graph.KindOutlet, graph.SubSocial, t[h.i].s)
		tw.named = true
		a.via = []Channel{d.channelOf(tw, bspan{})}
	}
	if len(a.via) == 0 && len(d.prefixVia) > 0 {
		a.via = append([]Channel(nil), d.prefixVia...)
	}
	if len(a.via) == 0 && spk != nil {
		a.via = d.carryOver(s, spk)
	}
	markRange(consumed, h.i, h.j)
	if spk != nil {
		spk.speaker = true
		spk.last = t[h.i].s
	}
	return a
}

func anyConsumed(c []bool, i, j int) bool {
	for k := i; k < j && k < len(c); k++ {
		if c[k] {
			return true
		}
	}
	return false
}

func markRange(c []bool, i, j int) {
	for k := i; k < j && k < len(c); k++ {
		if k >= 0 {
			c[k] = true
		}
	}
}

func isFinal(t *token) bool {
	return t.kind == tPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == ";")
}

// scanLeft moves left from k to the nearest clause boundary, keeping "and"
// or "&" between capitalised words ("Baoshan Iron and Steel Co.").
func scanLeft(t []token, k int) int {
	for k >= 0 {
		if !isBoundary(&t[k]) {
			k--
			continue
		}
		if t[k].is("and", "&") && k > 0 && k+1 < len(t) && t[k-1].cap && t[k+1].cap && t[k-1].kind == tWord {
			k--
			continue
		}
		break
	}
	return k
}

// isBoundary ends a leftward subject scan.
func isBoundary(t *token) bool {
	switch t.kind {
	case tOpenQ, tCloseQ:
		return true
	case tPunct:
		return t.text != "'" && t.text != "’" && t.text != "." && t.text != "-"
	}
	return clauseStops[t.low] && !t.cap || t.quote
}

// contentEnd returns the token index after the content starting at cs: the
// end of the sentence, or where a coordinated cue of the same speaker
// begins (", adding that", ", but said", ", according to").
func (d *doc) contentEnd(t []token, cs int) int {
	end := len(t)
	for k := cs; k < len(t); k++ {
		if t[k].quote {
			continue
		}
		if t[k].kind == tCloseQ && k+1 < len(t) && t[k+1].kind == tOpenQ {
			end = k + 1 // a new quotation starts: it has its own frame
			break
		}
		if t[k].punct(",") || t[k].punct(";") || t[k].kind == tCloseQ {
			n := k + 1
			if t[k].kind == tCloseQ && n < len(t) && t[n].punct(",") {
				n++
			}
			for n < len(t) && t[n].is("but", "and", "also", "then", "later", "he", "she", "they") {
				n++
			}
			if n < len(t) {
				if v, ok := cueVerbs[t[n].low]; ok && (n > k+1 || v.part) && !v.weak {
					end = k
					if t[k].kind == tCloseQ {
						end = k + 1
					}
					break
				}
				if t[n].low == "according" {
					end = k
					break
				}
				if t[k].punct(",") && trailingFrame(t, k+1) {
					end = k
					break
				}
			}
		}
		// "he said X and warned Y": a coordinated cue of the same speaker
		if t[k].is("and", "but") && k+1 < len(t) && k > cs {
			n := k + 1
			if t[n].is("also", "then", "later") && n+1 < len(t) {
				n++
			}
			if v, ok := cueVerbs[t[n].low]; ok && !v.part && !v.weak && !v.that && strings.HasSuffix(t[n].low, "ed") || t[n].low == "said" || t[n].low == "told" {
				end = k
				break
			}
		}
	}
	for end > cs && (isFinal(&t[end-1]) || t[end-1].punct(",") || t[end-1].punct(":")) {
		end--
	}
	return end
}

// finishKind sets the claim kind from the cue and the quotation marks.
func (d *doc) finishKind(a *attr, t []token, cs, ce int) {
	if a.cueKind != "" {
		a.kind = a.cueKind
		return
	}
	in, out := 0, 0
	for k := cs; k < ce && k < len(t); k++ {
		if t[k].kind != tWord || !inSpans(a.content, t[k].s) {
			continue
		}
		if t[k].quote {
			in++
		} else {
			out++
		}
	}
	// a quote that began in an earlier sentence makes the start quoted
	switch {
	case in > 0 && out == 0:
		a.kind = Direct
	case in > 0:
		a.kind = Mixed
	default:
		a.kind = Indirect
	}
}

// according handles "According to X, CONTENT" and "CONTENT, according to X".
func (d *doc) according(s *sentence, h cueHit, a *attr, consumed []bool) *attr {
	t := s.toks
	k := h.j
	for k < len(t) && !t[k].punct(",") && !isFinal(&t[k]) {
		k++
	}
	np := t[h.j:k]
	if len(np) == 0 {
		return nil
	}
	if head, _ := nounHead(np); !isHeadNoun(head) && !hasCap(np) && pronouns[strings.ToLower(np[0].text)] == "" {
		return nil // "according to his body mass index": not a source
	}
	spk, sp, via := d.sourceOfWork(np)
	if spk == nil {
		return nil
	}
	var cs, ce int
	if h.i == 0 || h.i <= 2 && (!t[0].cap || t[0].is("and", "but", "so", "yet", "however", "now", "also")) {
		if k >= len(t) {
			return nil
		}
		cs, ce = k+1, d.contentEnd(t, k+1)
	} else {
		cs, ce = 0, h.i
		for ce > cs && (t[ce-1].punct(",") || t[ce-1].punct("(")) {
			ce--
		}
	}
	if ce <= cs || anyConsumed(consumed, cs, ce) {
		return nil
	}
	a.content = []bspan{{t[cs].s, t[ce-1].e}}
	a.speaker, a.spk, a.via = spk, sp, via
	a.conf = 0.8
	if !spk.named {
		a.conf = 0.7
	}
	d.finishKind(a, t, cs, ce)
	markRange(consumed, cs, ce)
	markRange(consumed, h.i, k)
	spk.speaker = true
	spk.last = t[h.i].s
	return a
}

// sourceOfWork resolves "figures released by X in December" to X with the
// work as a channel; other phrases resolve as speakers.
func (d *doc) sourceOfWork(np []token) (*entity, []bspan, []Channel) {
	for k := 1; k+1 < len(np); k++ {
		verbBy := k+2 < len(np) && np[k+1].low == "by" && (containerVerbs[np[k].low] || np[k].is("compiled", "produced", "conducted", "carried", "commissioned", "written"))
		if verbBy || np[k].is("from", "by") && workSub(np[k-1].low) != "" {
			by := k + 2
			if !verbBy {
				by = k + 1 // "a report by X", "a statement from X"
			}
			if !hasWorkHead(np[:k]) {
				continue
			}
			e, sp := d.resolve(np[by:], true)
			if e == nil {
				continue
			}
			ch := d.channelOf(d.workEntity(np, np[0].s, np[len(np)-1].e), bspan{np[0].s, np[len(np)-1].e})
			return e, sp, []Channel{ch}
		}
	}
	// "their figures", "the ministry's report": the owner speaks through
	// the work
	if len(np) >= 2 && hasWorkHead(np[1:]) {
		var owner []token
		switch {
		case np[0].is("his", "her", "their", "its"):
			pr := map[string]string{"his": "he", "her": "she", "their": "they", "its": "it"}[np[0].low]
			owner = []token{np[0]}
			owner[0].low = pr
		case isPossessive(np[0].low):
			owner = []token{stripPossessive(d.text, np[0])}
		}
		if owner != nil {
			if e, _ := d.resolve(owner, true); e != nil {
				w := d.workEntity(np, np[0].s, np[len(np)-1].e)
				return e, []bspan{{np[0].s, np[0].e}}, []Channel{d.channelOf(w, bspan{np[0].s, np[len(np)-1].e})}
			}
		}
	}
	// plain speaker:
	e, sp := d.resolve(np, true)
	if e == nil {
		return nil, nil, nil
	}
	var via []Channel
	if e.Kind == "work" {
		via = append(via, e.outer...)
	}
	return e, sp, via
}

func hasWorkHead(np []token) bool {
	for _, w := range np {
		if workSub(w.low) != "" {
			return true
		}
	}
	return false
}

// appositiveSubject finds X in "X, who ... , said": b is the comma before
// the cue.
func (d *doc) appositiveSubject(t []token, b int) (*entity, []bspan) {
	tries := 0
	for c := b - 1; c > 0 && tries < 3; c-- {
		if !t[c].punct(",") {
			continue
		}
		tries++
		if c-1 > 0 && t[c-1].punct(")") {
			// "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
			o := c - 2
			for o > 0 && !t[o].punct("(") && c-o < 8 {
				o--
			}
			if t[o].punct("(") {
				st := scanLeft(t, o-1)
				if e, sp := d.resolve(t[st+1:o], true); e != nil {
					return e, sp
				}
			}
			continue
		}
		st := scanLeft(t, c-1)
		if c-(st+1) < 1 || c-(st+1) > 8 {
			continue
		}
		// "The Shadow Secretary of State, Theresa May, said": the
		// appositive is the name and the phrase before it the role.
		inner := t[c+1 : b]
		outerDesc := determiners[t[st+1].low]
		if len(inner) >= 1 && len(inner) <= 4 && allCaps(inner) && (len(inner) >= 2 || outerDesc) {
			// "The company, Nordbygg, did not respond"
			if e, sp := d.resolve(inner, true); e != nil && e.named && (e.Kind == graph.KindPerson || outerDesc) {
				if outerDesc && e.Kind != graph.KindPerson {
					if h, _ := nounHead(t[st+1 : c]); orgHeads[h] {
						e.Kind = graph.KindOrganisation
					}
				}
				if role := roleText(d.text, t[st+1:c]); role != "" && isPersonRole(t[st+1:c]) {
					e.addRole(role)
				}
				return e, sp
			}
		}
		if e, sp := d.resolve(t[st+1:c], true); e != nil {
			return e, sp
		}
	}
	return nil, nil
}

// carryOver gives a speaker's claim the channels of the same speaker's
// claim just before it, when nothing intervenes: a source quoted on
// after it "told X" is still quoted via X.
func (d *doc) carryOver(s *sentence, spk *entity) []Channel {
	for i := len(d.attrs) - 1; i >= 0; i-- {
		p := d.attrs[i]
		if p.sent < s.idx-3 || p.para < s.para-1 {
			break
		}
		if p.speaker != spk {
			return nil
		}
		if len(p.via) > 0 {
			return p.via
		}
	}
	return nil
}

func inSpans(sp []bspan, pos int) bool {
	for _, s := range sp {
		if pos >= s.s && pos < s.e {
			return true
		}
	}
	return false
}

// stripPossessive returns the owner word of "Kadyrov's" / "aides'".
func stripPossessive(text string, w token) token {
	switch {
	case strings.HasSuffix(w.text, "'s"):
		w.e -= 2
	case strings.HasSuffix(w.text, "’s"):
		w.e -= len("’s")
	case strings.HasSuffix(w.text, "'"):
		w.e--
	case strings.HasSuffix(w.text, "’"):
		w.e -= len("’")
	}
	w.text = text[w.s:w.e]
	w.low = strings.ToLower(w.text)
	return w
}

// trailingFrame reports whether t[i:] is a closing "X said." frame: a short
// noun phrase, a past-tense cue, and at most a few words more.
func trailingFrame(t []token, i int) bool {
	for n := i; n < len(t) && n <= i+6; n++ {
		w := &t[n]
		if w.kind != tWord || w.quote {
			return false
		}
		if v, ok := cueVerbs[w.low]; ok && !v.part && !v.weak && n > i {
			rest := 0
			for m := n + 1; m < len(t); m++ {
				if t[m].kind == tWord {
					rest++
				}
				if t[m].low == "that" || t[m].kind == tOpenQ {
					return false
				}
			}
			return rest <= 5
		}
		if verbish[w.low] || clauseStops[w.low] && !w.cap {
			return false
		}
	}
	return false
}

// resolveSuffix resolves a subject, falling back to its longest suffix
// that opens a noun phrase when run-on text precedes it ("...centers The
// S.E.C. said").
func (d *doc) resolveSuffix(subj []token) (*entity, []bspan) {
	if e, sp := d.resolve(subj, true); e != nil {
		return e, sp
	}
	if last := subj[len(subj)-1]; len(subj) > 1 && pronouns[last.low] != "" {
		// "During his testimony he denied"
		return d.resolve(subj[len(subj)-1:], true)
	}
	if len(subj) > 16 {
		subj = subj[len(subj)-16:]
	}
	for k := 1; k < len(subj); k++ {
		w := &subj[k]
		if w.kind != tWord || !(w.cap || determiners[w.low]) || subj[k-1].cap && subj[k-1].kind == tWord {
			continue
		}
		if e, sp := d.resolve(subj[k:], true); e != nil {
			return e, sp
		}
	}
	return nil, nil
}

func isPronounSubject(subj []token) bool {
	return len(subj) == 1 && pronouns[subj[0].low] != ""
}

// quoteBefore reports a quotation closing just before the speaker: `"...,"
// she said` or `"...", she said`.
func quoteBefore(t []token, b int) bool {
	if b < 1 {
		return false
	}
	if t[b].kind == tCloseQ {
		p := b - 1
		for p > 0 && (t[p].punct("’") || t[p].punct("'")) {
			p-- // a quote inside the quote: `people,’”`
		}
		return t[p].punct(",") || t[p].punct("?") || t[p].punct("!")
	}
	return t[b].punct(",") && t[b-1].kind == tCloseQ
}

// quoteEndingAt returns the quotation of the sentence's paragraph that
// closes right before pos (only spaces between), ending in , ? or !.
func (d *doc) quoteEndingAt(s *sentence, pos int) (quoteRegion, bool) {
	for _, q := range d.paras[s.para].quotes {
		if q.open || q.e > pos || q.e < pos-3 || strings.TrimSpace(d.text[q.e:pos]) != "" {
			continue
		}
		inner := strings.TrimRight(d.text[q.s:q.e], "\"”'’ ")
		if strings.HasSuffix(inner, ",") || strings.HasSuffix(inner, "?") || strings.HasSuffix(inner, "!") {
			return q, true
		}
	}
	return quoteRegion{}, false
}

// mainSubject finds the subject opening the sentence before index b ("Rival
// Hillary Clinton had mocked the complaint, saying"), skipping an
// introductory phrase that ends with a comma.
func (d *doc) mainSubject(t []token, b int) (*entity, []bspan) {
	st := skipDateline(t)
	if len(t) > st && prepositions[t[st].low] {
		for k := 0; k < b; k++ {
			if t[k].punct(",") {
				st = k + 1
				break
			}
		}
	}
	// the subject runs to the verb: an auxiliary, a past form, a time
	// phrase or a preposition ("A federal judge on Tuesday blocked")
	k := st
	for k < b && k-st < 8 && t[k].kind == tWord && !t[k].quote && !verbish[t[k].low] && !auxWords[t[k].low] &&
		!(k > st && (isTimePhrase(t, k) || !t[k].cap && (prepositions[t[k].low] && t[k].low != "of" || strings.HasSuffix(t[k].low, "ed") || cueVerbs[t[k].low].lemma != ""))) {
		k++
	}
	if k == st {
		return nil, nil
	}
	return d.resolve(t[st:k], true)
}

// isHeadNoun reports a noun that heads a speaker phrase ("the campaign",
// "the poll", "officials").
func isHeadNoun(w string) bool {
	return anonHeads[w] || orgHeads[w] || titleWords[w] || workSub(w) != "" || outletHeads[w] != ""
}

// dashCredit handles a quotation credited after a dash: `“...” ― Sonya
// Herridge`.
func (d *doc) dashCredit(s *sentence, consumed []bool) *attr {
	t := s.toks
	for k := 1; k+1 < len(t); k++ {
		if t[k].kind != tPunct || !(t[k].text == "―" || t[k].text == "—" || t[k].text == "–") || t[k-1].kind != tCloseQ {
			continue
		}
		e := k + 1
		for e < len(t) && t[e].kind == tWord && e-k <= 4 {
			e++
		}
		if e == k+1 || e < len(t) && !isFinal(&t[e]) && t[e].kind != tOpenQ && !t[e].punct(",") {
			continue
		}
		if !allCaps(t[k+1 : e]) {
			continue
		}
		q, ok := d.quoteEnding(s, t[k-1].e)
		if !ok || anyConsumed(consumed, k+1, e) {
			continue
		}
		spk, sp := d.resolve(t[k+1:e], true)
		if spk == nil {
			continue
		}
		a := &attr{sent: s.idx, para: s.para, pos: t[k].s, speaker: spk, spk: sp, conf: 0.7, kind: Direct}
		a.cue = []bspan{{t[k].s, t[k].e}}
		a.content = []bspan{{q.s, q.e}}
		markRange(consumed, k, e)
		spk.speaker = true
		return a
	}
	return nil
}

// quoteEnding returns the quotation of the paragraph that ends at pos.
func (d *doc) quoteEnding(s *sentence, pos int) (quoteRegion, bool) {
	for _, q := range d.paras[s.para].quotes {
		if q.e == pos && !q.open {
			return q, true
		}
	}
	return quoteRegion{}, false
}

// labelled handles a speaker label opening a paragraph or headline:
// "WALLACE: Let's start ...", "Pence: Flowers won't be at debate".
func (d *doc) labelled(s *sentence, consumed []bool) *attr {
	t := s.toks
	st := 0
	if len(t) > 0 && t[0].kind == tOpenQ {
		st = 1
	}
	c := st
	for c < len(t) && t[c].kind == tWord && c-st < 3 {
		c++
	}
	if c == st || c+1 >= len(t) || !t[c].punct(":") || anyConsumed(consumed, st, len(t)) {
		return nil
	}
	p := d.paras[s.para]
	if len(p.sents) == 0 || p.sents[0] != s {
		return nil // only at the start of a paragraph or headline
	}
	if !allCaps(t[st:c]) || isCommonHead(t[st].low) || timeWords[t[st].low] {
		return nil
	}
	name := t[st:c]
	var spk *entity
	if len(name) == 1 && isAcronym(name[0].text) {
		w := name[0]
		w.low = strings.ToLower(w.text)
		if full, ok := d.known[w.low]; ok {
			spk = d.named(full, name, "", true, false, w.s)
		}
	} else {
		spk, _ = d.resolve(name, true)
	}
	if spk == nil || spk.Kind != graph.KindPerson {
		return nil
	}
	if !spk.speaker && !d.knownName(spk.Name) {
		return nil // "Stealth Over Health:": a headline phrase, not a speaker
	}
	// the label's content runs to the end of the paragraph
	end := p.e
	for end > t[c+1].s && strings.ContainsRune(".!? \"”", rune(d.text[end-1])) {
		end--
	}
	if end <= t[c+1].s {
		return nil
	}
	a := &attr{sent: s.idx, para: s.para, pos: t[c].s, speaker: spk, conf: 0.6, kind: Direct}
	a.spk = []bspan{{t[st].s, t[c-1].e}}
	a.cue = []bspan{{t[c].s, t[c].e}}
	a.content = []bspan{{t[c+1].s, end}}
	if s.idx == d.title {
		a.kind = Indirect
	}
	markRange(consumed, st, len(t))
	for _, o := range p.sents[1:] {
		d.labelledSents[o.idx] = true
	}
	spk.speaker = true
	return a
}

// skipDateline returns the index after a dateline opening the sentence
// ("WASHINGTON ―", "LONDON (Reuters) -"), or 0.
func skipDateline(t []token) int {
	k := 0
	for k < len(t) && k < 4 && t[k].kind == tWord && isAcronym(strings.ReplaceAll(t[k].text, ",", "")) {
		k++
	}
	if k > 0 && k+2 < len(t) && t[k].punct(",") && timeWords[t[k+1].low] {
		// "LONDON, March 3 -"
		k += 2
		for k < len(t) && t[k].kind == tWord && (isYear(t[k].text) || len(t[k].text) <= 2 && t[k].text[0] >= '0' && t[k].text[0] <= '9') {
			k++
		}
	}
	if k < len(t) && t[k].punct("(") {
		for k < len(t) && k < 10 && !t[k].punct(")") {
			k++
		}
		k++
	}
	if k > 0 && k < len(t) && t[k].kind == tPunct && strings.ContainsAny(t[k].text, "-―—–") {
		return k + 1
	}
	return 0
}

// channelPrefix reads a channel phrase opening the sentence: "In an
// interview with the BBC, he said", "Speaking to Reuters, she said".
func (d *doc) channelPrefix(t []token) []Channel {
	if len(t) < 4 {
		return nil
	}
	var i int
	switch {
	case t[0].is("in", "during", "on") && t[1].kind == tWord:
		i = 1
	case t[0].is("speaking", "writing", "talking") && t[1].is("to", "with", "on", "in"):
		i = 2
	default:
		return nil
	}
	chans, k := d.channelChain(t, i, t[i-1].is("to", "with"))
	if len(chans) == 0 || k >= len(t) || !t[k].punct(",") {
		return nil
	}
	return chans
}

// quotedAs handles "The agency quoted X as saying (that) ...": X speaks
// through the subject.
func (d *doc) quotedAs(s *sentence, consumed []bool) *attr {
	t := s.toks
	for q := 1; q+3 < len(t); q++ {
		if t[q].low != "quoted" || t[q].quote || consumed[q] {
			continue
		}
		as := -1
		for k := q + 2; k+1 < len(t) && k <= q+9; k++ {
			if t[k].low == "as" && t[k+1].is("saying", "telling", "stating") {
				as = k
				break
			}
		}
		if as < 0 {
			continue
		}
		spk, sp := d.resolve(t[q+1:as], true)
		if spk == nil {
			continue
		}
		v := q - 1
		for v >= 0 && auxWords[t[v].low] && !t[v].cap {
			v--
		}
		b := scanLeft(t, v)
		var via []Channel
		if v > b {
			if ch, _ := d.resolveSuffix(t[b+1 : v+1]); ch != nil && ch != spk {
				via = append([]Channel{d.channelOf(ch, bspan{t[b+1].s, t[v].e})}, ch.outer...)
			}
		}
		cs := as + 2
		if cs < len(t) && (t[cs].low == "that" || t[cs].punct(":") || t[cs].punct(",")) {
			cs++
		}
		ce := d.contentEnd(t, cs)
		if ce <= cs {
			continue
		}
		a := &attr{sent: s.idx, para: s.para, pos: t[q].s, speaker: spk, spk: sp, via: via, conf: 0.75}
		a.cue = []bspan{{t[q].s, t[as+1].e}}
		a.content = []bspan{{t[cs].s, t[ce-1].e}}
		d.finishKind(a, t, cs, ce)
		markRange(consumed, q, ce)
		spk.speaker = true
		return a
	}
	return nil
}

func wordsIn(t []token) int {
	n := 0
	for i := range t {
		if t[i].kind == tWord {
			n++
		}
	}
	return n
}

func (k tokKind) isClose() bool { return k == tCloseQ }

// hasClause reports whether t[cs:ce] reads as a clause rather than a bare
// noun phrase: it has a verb form, a quotation or a that-complement.
func hasClause(t []token, cs, ce int) bool {
	for k := cs; k < ce && k < len(t) && k < cs+7; k++ {
		w := &t[k]
		if w.kind == tOpenQ || w.quote {
			return true
		}
		if w.kind != tWord || w.cap {
			continue
		}
		if verbish[w.low] || auxWords[w.low] || w.is("are", "be", "been", "can", "may", "might", "must", "should", "shall") ||
			strings.HasSuffix(w.low, "ed") || strings.HasSuffix(w.low, "n't") || w.low == "responsibility" || w.low == "credit" {
			return true
		}
	}
	return false
}

// passiveOnly verbs report an unsourced claim only in "it is X that".
var passiveOnly = map[string]bool{"understood": true, "thought": true, "feared": true,
	"rumoured": true, "rumored": true, "expected": true, "known": true, "suggested": true}

// knownName reports whether name is a full name met in the text.
func (d *doc) knownName(name string) bool {
	for _, kn := range d.people {
		if kn.name == name {
			return true
		}
	}
	for _, full := range d.known {
		if full == name {
			return true
		}
	}
	return false
}

// clauseOnly verbs report speech only with a clause or quotation; with a
// bare object they mean something else ("claimed victory", "added a week").
var clauseOnly = map[string]bool{"claim": true, "add": true, "maintain": true, "reveal": true,
	"conclude": true, "insist": true, "state": true, "note": true}

// containsWord reports whether w occurs in s as a whole word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		k += i
		before := k == 0 || !isWordRune(lastRune(s[:k]))
		after := k+len(w) == len(s) || !isWordRune(rune(s[k+len(w)]))
		if before && after {
			return true
		}
		i = k + len(w)
	}
}

func hasCap(np []token) bool {
	for i := range np {
		if np[i].cap && np[i].kind == tWord {
			return true
		}
	}
	return false
}
