package extract

import (
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// channelOf makes a Channel from a document entity.
func (d *doc) channelOf(e *entity, sp bspan) Channel {
	c := Channel{Entity: e.Entity}
	c.Aliases = append([]string(nil), e.Aliases...)
	c.Roles = append([]string(nil), e.Roles...)
	if sp.e > sp.s {
		c.Mention = d.mention(sp)
	} else {
		c.Mention = Mention{Text: e.Name}
	}
	return c
}

// npEnd returns the end of a channel noun phrase starting at i: it stops
// at punctuation, quotes, "that", verbs of airing, and at prepositions other
// than "of", and at a second determiner not after "of".
func npEnd(t []token, i int) int {
	k := i
	for k < len(t) {
		w := &t[k]
		if w.kind != tWord || w.quote {
			break
		}
		if k > i && (prepositions[w.low] && w.low != "of" || w.low == "that" || pronouns[w.low] != "" || w.low == "set" || airVerbs[w.low] || containerVerbs[w.low] ||
			verbish[w.low] || cueVerbs[w.low].lemma != "" || clauseStops[w.low] && !w.cap) {
			break
		}
		if k > i && determiners[w.low] && t[k-1].low != "of" {
			break
		}
		if w.low == "of" && (k+1 >= len(t) || t[k+1].kind != tWord) {
			break
		}
		k++
	}
	for k > i && t[k-1].low == "of" {
		k--
	}
	return k
}

// channelNP turns the phrase t[i:j] into a channel entity, or nil when it
// names no channel (a place, a person).
func (d *doc) channelNP(t []token, i, j int, recipient bool) *entity {
	np := t[i:j]
	if len(np) == 0 {
		return nil
	}
	head, headAt := nounHead(np)
	var workHead, outletHead string
	for _, w := range np {
		if _, ok := workHeads[w.low]; ok && !w.cap {
			workHead = w.low
		}
		if _, ok := outletHeads[w.low]; ok {
			outletHead = w.low
		}
	}
	definite := np[0].is("the", "this", "that")
	if definite && (workHead != "" || outletHead != "") {
		h := head
		if workHead != "" {
			h = workHead
		}
		if e := d.byHead(h, np, np[0].s); e != nil {
			return e
		}
	}
	caps := capsBefore(np, headAt)
	switch {
	case outletHead != "" && headAt >= 0 && outletHeads[head] != "":
		sub := outletHeads[head]
		if len(caps) > 0 {
			name := joinToks(d.text, caps)
			e := d.addEntity(name, graph.KindOutlet, sub, np[0].s)
			e.named = true
			e.addAlias(phraseName(d.text, np))
			return e
		}
		if head == "twitter" || head == "facebook" || head == "instagram" || head == "youtube" || head == "telegram" {
			e := d.addEntity(joinToks(d.text, np[headAt:headAt+1]), graph.KindOutlet, sub, np[0].s)
			e.named = true
			return e
		}
		e := d.addEntity(phraseName(d.text, np), graph.KindOutlet, sub, np[0].s)
		e.addHead(head)
		return e
	case workHead != "":
		e := d.workEntity(np, np[0].s, np[len(np)-1].e)
		return e
	}
	// A bare capitalised recipient: "told the BBC", "told Reuters".
	if recipient || len(np) <= 3 {
		k := 0
		if np[0].is("the") {
			k = 1
		}
		nm := np[k:]
		if len(nm) == 0 || !allCaps(nm) {
			return nil
		}
		name := joinToks(d.text, nm)
		norm := graph.NormalizeName(name)
		sub := ""
		for _, w := range strings.Fields(norm) {
			if s, ok := outletNameWords[w]; ok {
				sub = s
			} else if s, ok := outletHeads[w]; ok {
				sub = s // "Channel Nine", "Radio Harbour"
			}
		}
		acr := len(nm) == 1 && len(nm[0].text) >= 2 && strings.ToUpper(nm[0].text) == nm[0].text
		if sub == "" && !acr && !(recipient && len(nm) == 1) {
			return nil
		}
		for _, e := range d.ents {
			if graph.NormalizeName(e.Name) == norm && e.Kind == graph.KindPerson {
				return nil
			}
		}
		if sub == "" {
			sub = graph.SubPublisher
		}
		e := d.addEntity(name, graph.KindOutlet, sub, np[0].s)
		e.named = true
		return e
	}
	return nil
}

func allCaps(ts []token) bool {
	for _, w := range ts {
		if !w.cap && !isNameConnector(w.low) {
			return false
		}
	}
	return ts[0].cap
}

// workEntity returns the work a phrase names ("a preview of a
// documentary"), merging with an earlier mention of the same work.
func (d *doc) workEntity(np []token, s, e int) *entity {
	var heads []string
	sub := ""
	for _, w := range np {
		if sb, ok := workHeads[w.low]; ok {
			heads = append(heads, w.low)
			if sub == "" || w.low != "preview" {
				sub = sb
			}
		}
	}
	name := phraseName(d.text, np)
	if np[0].is("the", "this", "that") && len(heads) > 0 {
		if ex := d.byHead(heads[len(heads)-1], np, s); ex != nil {
			return ex
		}
	}
	en := d.addEntity(name, graph.KindWork, sub, s)
	for _, h := range heads {
		en.addHead(h)
		en.addAlias(h)
	}
	return en
}

// channelChain parses a channel phrase at t[i] (after its preposition or
// verb) and what hangs off it: "an interview in the documentary",
// "a preview of a documentary set to air on state television", "an
// interview with the BBC". It returns the channels innermost first and the
// index after the phrase.
func (d *doc) channelChain(t []token, i int, recipient bool) ([]Channel, int) {
	j := npEnd(t, i)
	if j <= i {
		return nil, i
	}
	e := d.channelNP(t, i, j, recipient)
	if e == nil {
		return nil, i
	}
	e.last = t[i].s
	chans := []Channel{d.channelOf(e, bspan{t[i].s, t[j-1].e})}
	if owner := d.workOwner(t, i, j, e); owner != nil {
		// "the BBC's Today programme": the programme, then the BBC
		chans[0].PartOf = owner.Name
		chans = append(chans, d.channelOf(owner, bspan{}))
	}
	k := j
	// "set to air on X", "aired on X", "broadcast by X"
	n := k
	if n < len(t) && t[n].low == "set" && n+1 < len(t) && t[n+1].low == "to" {
		n += 2
	}
	if n < len(t) && airVerbs[t[n].low] && n+1 < len(t) && t[n+1].is("on", "by", "in") {
		// what a work airs on is an outlet, named or not
		outer, nk := d.channelChain(t, n+2, true)
		if len(outer) > 0 {
			if e.Kind == graph.KindWork && len(e.outer) == 0 {
				e.outer = outer
			}
			chans = append(chans, outer...)
			return chans, skipTime(t, nk)
		}
	}
	// "an interview with the BBC", "an interview in the documentary"
	if k < len(t) && t[k].is("with", "in", "on", "for", "to") {
		outer, nk := d.channelChain(t, k+1, t[k].is("with", "for", "to"))
		switch {
		case len(outer) > 0 && e.Kind == graph.KindOutlet && outer[0].Kind == graph.KindWork:
			// "the Herald in an interview": the interview was given to
			// the outlet, so it is the inner channel
			outer[0].PartOf = chans[0].Name
			chans = append(outer[:1:1], append(chans, outer[1:]...)...)
			k = nk
		case len(outer) > 0:
			chans[0].PartOf = outer[0].Name
			chans = append(chans, outer...)
			k = nk
		}
	}
	if len(chans) == 1 && e.Kind == graph.KindWork {
		chans = append(chans, e.outer...)
	}
	return chans, skipTime(t, k)
}

// skipTime skips time adverbials after a phrase ("on Wednesday", "last
// week", "earlier").
func skipTime(t []token, k int) int {
	for k < len(t) {
		if t[k].is("earlier", "later", "yesterday", "today", "tonight", "previously", "recently", "again", "also") ||
			t[k].cap && t[k].is("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday") {
			k++
			for k < len(t) && t[k].is("morning", "afternoon", "evening", "night") {
				k++
			}
			continue
		}
		if t[k].is("on", "in", "at", "during", "last", "this", "late", "early", "over") && !t[k].quote {
			end := -1
			for j := k + 1; j < len(t) && j <= k+3; j++ {
				if timeWords[t[j].low] || isYear(t[j].text) {
					end = j + 1
				}
				if t[j].kind != tWord {
					break
				}
			}
			if end > 0 {
				for end < len(t) && (timeWords[t[end].low] || isYear(t[end].text)) {
					end++
				}
				k = end
				continue
			}
		}
		break
	}
	return k
}

// recipient parses the addressee of a tell-verb; a medium ("told Interfax
// news agency", "told the BBC") becomes a channel, people do not.
func (d *doc) recipient(t []token, r int) ([]Channel, int) {
	j := npEnd(t, r)
	if j <= r {
		return nil, r
	}
	chans, k := d.channelChain(t, r, true)
	if len(chans) == 0 {
		return nil, skipTime(t, j)
	}
	return chans, k
}

// phrases skips the prepositional phrases after a cue, collecting the
// channels among them ("in an interview", "on Twitter", "in a statement")
// and skipping time and place phrases.
func (d *doc) phrases(t []token, r int) ([]Channel, int) {
	var chans []Channel
	for guard := 0; r < len(t) && guard < 8; guard++ {
		r = skipTime(t, r)
		if r >= len(t) || t[r].quote || t[r].kind != tWord {
			break
		}
		if !t[r].is("in", "on", "at", "during", "via", "through", "with", "to", "from", "over", "for") {
			break
		}
		cs, nk := d.channelChain(t, r+1, t[r].is("to", "with"))
		if len(cs) > 0 {
			chans = append(chans, cs...)
			r = nk
			continue
		}
		// a place or audience phrase ("in Moscow", "to reporters"): skip it
		// only when something clearly follows it
		j := npEnd(t, r+1)
		if j > r+1 && j-r <= 5 && (j >= len(t) || t[j].low == "that" || t[j].kind != tWord || prepositions[t[j].low]) {
			r = j
			continue
		}
		break
	}
	return chans, skipTime(t, r)
}

type containerInfo struct {
	at int
	ch Channel
}

// container recognises "X released a video showing ...": the video is the
// outermost channel of claims reported later in the sentence.
func (d *doc) container(s *sentence) *containerInfo {
	t := s.toks
	for k := 1; k+1 < len(t); k++ {
		if !containerVerbs[t[k].low] || t[k].quote {
			continue
		}
		h := -1
		for j := k + 1; j < len(t) && j <= k+3; j++ {
			if sub, ok := workHeads[t[j].low]; ok && (sub == graph.SubVideo || sub == graph.SubStatement || sub == graph.SubReport || sub == graph.SubDocumentary) {
				h = j
				break
			}
		}
		if h < 0 || h+1 >= len(t) || !t[h+1].is("showing", "of", "in", "which", "that", "featuring", "where") {
			continue
		}
		v := k - 1
		for v >= 0 && auxWords[t[v].low] && !t[v].cap {
			v--
		}
		b := scanLeft(t, v)
		subj := trimNP(t[b+1 : v+1])
		if len(subj) == 0 {
			continue
		}
		spk, _ := d.resolve(subj, true)
		if spk == nil {
			continue
		}
		work := phraseName(d.text, t[k+1:h+1]) + " " + t[k].text + " by " + spk.Name
		e := d.addEntity(work, graph.KindWork, workHeads[t[h].low], t[k+1].s)
		e.addHead(t[h].low)
		e.addAlias(t[h].low)
		c := d.channelOf(e, bspan{t[k+1].s, t[h].e})
		return &containerInfo{at: h, ch: c}
	}
	return nil
}

// nounCue handles "X made a filmed confession that ...", "X's claim that
// ...", "the man who had made a statement that ...".
func (d *doc) nounCue(s *sentence, consumed []bool) *attr {
	t := s.toks
	for k := 1; k+2 < len(t); k++ {
		if !nounCues[t[k].low] || t[k].quote || consumed[k] || t[k+1].low != "that" {
			continue
		}
		var spk *entity
		var spkSpan []bspan
		var via []Channel
		m := -1
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			if madeVerbs[t[j].low] {
				m = j
				break
			}
			if t[j].kind != tWord {
				break
			}
		}
		switch {
		case m >= 0:
			v := m - 1
			for v >= 0 && auxWords[t[v].low] && !t[v].cap {
				v--
			}
			b := scanLeft(t, v)
			if b >= 0 && t[b].is("who", "which") && b == v {
				// relative clause: the antecedent noun phrase
				st := b - 1
				for st >= 0 && t[st].kind == tWord && !prepositions[t[st].low] && !verbish[t[st].low] && !containerVerbs[t[st].low] && !t[st].is("showing", "featuring") {
					if determiners[t[st].low] {
						break
					}
					st--
				}
				if st < 0 || !determiners[t[st].low] {
					st++
				}
				spk, spkSpan = d.resolve(t[st:b], true)
			} else if v > b {
				spk, spkSpan = d.resolve(t[b+1:v+1], true)
			}
			if m+1 < k {
				ce := d.workEntity(t[m+1:k+1], t[m+1].s, t[k].e)
				via = append(via, d.channelOf(ce, bspan{t[m+1].s, t[k].e}))
			}
		case isPossessive(t[k-1].low):
			spk, spkSpan = d.resolve([]token{stripPossessive(d.text, t[k-1])}, true)
		}
		if spk == nil {
			continue
		}
		cs := k + 2
		ce := d.contentEnd(t, cs)
		if ce <= cs {
			continue
		}
		a := &attr{sent: s.idx, para: s.para, pos: t[k].s, speaker: spk, spk: spkSpan, via: via, conf: 0.6}
		a.cue = []bspan{{t[k].s, t[k].e}}
		if m >= 0 {
			a.cue = []bspan{{t[m].s, t[k].e}}
		}
		a.content = []bspan{{t[cs].s, t[ce-1].e}}
		d.finishKind(a, t, cs, ce)
		markRange(consumed, k, ce)
		spk.speaker = true
		return a
	}
	return nil
}

// madeClaims attaches the channels of "X made the claims in a preview of
// a documentary ..." to X's claims just before it.
func (d *doc) madeClaims(s *sentence) {
	t := s.toks
	for k := 1; k+2 < len(t); k++ {
		after := -1
		switch {
		case t[k].quote:
		case madeVerbs[t[k].low] && determiners[t[k+1].low] && claimNouns[t[k+2].low] && !(k+3 < len(t) && t[k+3].low == "that"):
			after = k + 3 // "made the claims in ..."
		case t[k].is("speaking", "talking", "writing") && k > 0 && t[k-1].is("was", "were", "is", "had", "been") && t[k+1].is("to", "in", "on", "at", "with", "during"):
			after = k + 1 // "He was speaking to the BBC"
		}
		if after < 0 {
			continue
		}
		chans, _ := d.phrases(t, after)
		if len(chans) == 0 {
			return
		}
		v := k - 1
		for v >= 0 && auxWords[t[v].low] && !t[v].cap {
			v--
		}
		b := scanLeft(t, v)
		var spk *entity
		if v == b && b >= 0 && t[b].punct(",") {
			spk, _ = d.appositiveSubject(t, b)
		} else if v > b {
			spk, _ = d.resolve(t[b+1:v+1], true)
		}
		if spk == nil {
			return
		}
		for i := len(d.attrs) - 1; i >= 0; i-- {
			a := d.attrs[i]
			if a.sent < s.idx-3 {
				break
			}
			if a.speaker == spk && len(a.via) == 0 {
				a.via = append([]Channel(nil), chans...)
			}
		}
		return
	}
}

// workOwner returns the outlet owning a work named with a possessive ("the
// BBC's Today programme", "GMTV's Sunday programme"), or nil.
func (d *doc) workOwner(t []token, i, j int, work *entity) *entity {
	if work.Kind != graph.KindWork {
		return nil
	}
	k := i
	if k < j && t[k].low == "the" {
		k++
	}
	if k >= j-1 || !t[k].cap || !isPossessive(t[k].low) {
		return nil
	}
	o := stripPossessive(d.text, t[k])
	for _, e := range d.ents {
		if e.Kind == graph.KindPerson && graph.NormalizeName(e.Name) == graph.NormalizeName(o.text) {
			return nil // "Smith's statement": a person's work, not an outlet's
		}
	}
	if _, isName := d.known[o.low]; isName && !isAcronym(o.text) {
		return nil
	}
	sub := graph.SubPublisher
	if work.Subkind == graph.SubDocumentary || work.Subkind == graph.SubInterview || work.Subkind == graph.SubVideo {
		sub = graph.SubBroadcaster
	}
	owner := d.addEntity(o.text, graph.KindOutlet, sub, o.s)
	owner.named = true
	return owner
}
