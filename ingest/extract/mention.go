package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// resolve parses a speaker noun phrase and returns the document entity it
// refers to (creating it when new) with the span of the mention. It peels
// titles and roles, strips time phrases and appositives, and resolves
// pronouns, definite descriptions and surnames to earlier entities.
func (d *doc) resolve(np []token, subject bool) (*entity, []bspan) {
	np = trimNP(np)
	if len(np) == 0 || len(np) > 12 {
		return nil, nil
	}
	// "One of them", "some of the officials": the group speaks
	if len(np) >= 3 && np[1].low == "of" && (indefinite[np[0].low] || np[0].is("each", "both", "all", "none", "neither", "either")) {
		sub := np[2:]
		if len(sub) == 1 && sub[0].low == "them" {
			sub = []token{sub[0]}
			sub[0].low = "they"
		}
		if e, _ := d.resolve(sub, subject); e != nil {
			return e, []bspan{{np[0].s, np[len(np)-1].e}}
		}
	}
	for _, w := range np {
		if w.kind == tOpenQ || w.kind == tCloseQ || w.quote {
			return nil, nil
		}
		if w.kind == tWord && verbish[w.low] && !w.cap && len(np) > 1 {
			return nil, nil
		}
	}
	span := []bspan{{np[0].s, np[len(np)-1].e}}
	first := np[0]
	if first.kind != tWord {
		return nil, nil
	}
	if len(np) == 1 && (determiners[first.low] || strings.HasSuffix(first.low, "ing") && d.known[first.low] == "") {
		return nil, nil // "his", "their", "Following" alone
	}
	for k := 1; k+1 < len(np); k++ {
		// "the statement also referenced the impact it": a clause
		if w := np[k]; !w.cap && strings.HasSuffix(w.low, "ed") && !postHeadAdj[w.low] && determiners[np[k+1].low] {
			return nil, nil
		}
	}
	if len(np) == 1 {
		if k, ok := pronouns[first.low]; ok {
			e := d.pronoun(first.low, k, first.s)
			if e == nil {
				return nil, nil
			}
			return e, span
		}
	}
	if notSubjectStart[first.low] && !isAcronym(first.text) || cueVerbs[first.low].lemma != "" && !first.cap {
		return nil, nil
	}
	// "Zara Hyde Peters of UK Athletics", "Ben Coppin from Envisional":
	// a person's name with an affiliation after it.
	for k := 2; k+1 < len(np); k++ {
		if !np[k].is("of", "from", "at", "with") || !np[k-1].cap || !(np[k-2].cap || honorifics[np[k-2].low]) {
			continue
		}
		if e, _ := d.resolve(np[:k], subject); e != nil && e.named && e.Kind == graph.KindPerson {
			e.addRole(joinToks(d.text, np[k:]))
			return e, span
		}
		break
	}
	head, headAt := nounHead(np)
	// Trailing run of capitalised words: the proper name, if any.
	nameEnd := len(np)
	nameStart := nameEnd
	for nameStart > 0 && nameStart < nameEnd || nameStart == nameEnd && nameStart > 0 {
		if np[nameStart-1].cap {
			nameStart--
			continue
		}
		// connectors between capitalised words: "Council for the Welfare
		// of Immigrants"
		c := nameStart - 1
		for c > 0 && isNameConnector(np[c].low) && !np[c].cap && nameStart-c <= 2 {
			c--
		}
		if nameStart < nameEnd && c < nameStart-1 && np[c].cap && !isPossessive(np[c].low) {
			nameStart = c
			continue
		}
		break
	}
	// sentence-initial determiner "The" is not part of a name unless the
	// phrase continues with capitals that are not titles
	if nameStart < nameEnd && np[nameStart].low == "the" {
		nameStart++
	}
	// "the correspondent in Jakarta": a name inside a prepositional
	// phrase does not name the speaker
	if before := nameStart - 1; before >= 0 && nameStart < nameEnd {
		if np[before].low == "the" && before > 0 {
			before--
		}
		if !np[before].cap && prepositions[np[before].low] {
			nameStart = nameEnd
		}
	}
	// a sentence-initial capital on a common noun ("Officials said")
	if nameStart == 0 && nameEnd-nameStart == 1 && isCommonHead(np[0].low) {
		nameStart++
	}
	for k := nameEnd - 2; k >= nameStart; k-- {
		if isPossessive(np[k].low) {
			nameStart = k + 1 // "France's Snecma": the owner is not the name
			break
		}
	}
	if nameStart < nameEnd {
		// Peel titles: the name starts after the last title word or
		// honorific in the run.
		t := -1
		for k := nameStart; k < nameEnd; k++ {
			if titleWords[np[k].low] || honorifics[np[k].low] {
				t = k
			}
		}
		honor := t >= 0 && honorifics[np[t].low]
		nameS := nameStart
		if t >= 0 {
			nameS = t + 1
		}
		if nameS < nameEnd && orgNameWords[np[nameEnd-1].low] && !honor {
			nameS = nameStart // "Republican Party", "Democratic Council": a name, not a title
		}
		for nameS+1 < nameEnd && isNameConnector(np[nameS].low) && t >= 0 {
			// "Secretary of State John F. Kerry": the title's complement
			nameS += 2
		}
		if nameS < nameEnd && !isPossessive(np[nameEnd-1].low) {
			name := joinToks(d.text, np[nameS:nameEnd])
			role := roleText(d.text, np[:nameS])
			the := nameS > 0 && np[nameS-1].low == "the"
			e := d.named(name, np[nameS:nameEnd], role, honor || role != "" && isPersonRole(np[:nameS]), the, np[0].s)
			if rh := lastWord(role); e.Kind != graph.KindPerson && outletHeads[rh] != "" {
				// "state news agency Xinhua": the role says what it is
				e.Kind, e.Subkind = graph.KindOutlet, outletHeads[rh]
			}
			if e.gender == 0 && e.Kind == graph.KindPerson {
				for _, w := range np[:nameS] {
					if g := genderOf(w.low); g != 0 {
						e.gender = g
					}
				}
			}
			return e, span
		}
	}
	// No trailing name: a description ("a source in the X", "IS fighters",
	// "Russia's FSB security service", "the documentary").
	if head == "" {
		return nil, nil
	}
	caps := capsBefore(np, headAt)
	if len(caps) > 0 {
		for k := range np[:headAt] {
			if np[k].s > caps[len(caps)-1].s && determiners[np[k].low] {
				return nil, nil // "Following a swiftly ...": not one phrase
			}
		}
		// "Mr Mallon toured the region highlighting": a name followed by
		// lower-case words that are not its head is a clause, not a phrase
		after := 0
		for k := range np {
			if np[k].s == caps[len(caps)-1].s {
				after = k + 1
			}
		}
		if after < headAt && !np[after].cap && !isHeadNoun(np[after].low) && (strings.HasSuffix(np[after].low, "ed") || strings.HasSuffix(np[after].low, "ing") || honorifics[caps[0].low]) {
			return nil, nil
		}
		if honorifics[caps[0].low] {
			return nil, nil
		}
	}
	definite := first.is("the", "this", "that", "these", "those")
	if definite {
		if e := d.byHead(head, np, first.s); e != nil {
			return e, span
		}
		if strings.HasSuffix(head, "-year-old") {
			// "the 29-year-old": the person last spoken of
			if e := d.pronoun("he", graph.KindPerson, first.s); e != nil {
				return e, span
			}
		}
	}
	kind, sub := kindOfHead(head)
	if kind == "" {
		switch {
		case len(caps) > 0 && determiners[first.low]:
			// "The New York businessman": a description, not a name
			kind = graph.KindAnonymous
			caps = nil
		case len(caps) > 0:
			kind = graph.KindOrganisation
		case determiners[first.low] && !np[len(np)-1].cap:
			// "the pilot": an unnamed source of unknown kind
			kind = graph.KindAnonymous
		default:
			return nil, nil
		}
	}
	var e *entity
	switch {
	case len(caps) > 0 && kind == graph.KindOrganisation && !isPlural(head) && !determiners[first.low]:
		// "Russia's FSB security service": named organisation
		name := joinToks(d.text, caps)
		e = d.addEntity(name, kind, sub, np[0].s)
		e.named = true
		e.addAlias(phraseName(d.text, np))
	case len(caps) > 0 && kind == graph.KindOutlet:
		name := joinToks(d.text, caps)
		e = d.addEntity(name, kind, sub, np[0].s)
		e.named = true
		e.addAlias(phraseName(d.text, np))
	default:
		if kind == graph.KindAnonymous && len(caps) > 0 && isPlural(head) && !indefinite[first.low] {
			kind = graph.KindGroup // "IS fighters"
		}
		if kind == graph.KindAnonymous && len(caps) > 0 && !isPlural(head) && !indefinite[first.low] && !definite {
			kind = graph.KindAnonymous
		}
		e = d.addEntity(phraseName(d.text, np), kind, sub, np[0].s)
	}
	e.addHead(head)
	e.plural = isPlural(head)
	return e, span
}

// trimNP drops leading conjunctions and trailing time phrases, adverbs
// and appositives from a subject.
func trimNP(np []token) []token {
	for len(np) > 1 && timeWords[np[0].low] && np[0].cap {
		np = np[1:] // "July the committee": a month left by the scan
	}
	if len(np) > 1 && (isTimePhrase(np, 0) || np[0].is("earlier", "later", "yesterday", "today", "previously")) {
		j := 0
		for k := 1; k < len(np) && k <= 3; k++ {
			if timeWords[np[k].low] || isYear(np[k].text) {
				j = k
			}
		}
		np = np[j+1:]
		for len(np) > 0 && np[0].punct(",") {
			np = np[1:]
		}
	}
	for len(np) > 0 && (np[0].is("but", "and", "however", "meanwhile", "yet", "so", "now", "also", "separately", "still", "instead", "indeed", "then", "thus", "therefore", "nevertheless", "moreover") || np[0].kind == tPunct) {
		np = np[1:]
	}
	for k := 1; k < len(np); k++ {
		if np[k].punct(",") || np[k].punct("(") || np[k].kind == tPunct && np[k].text != "." && np[k].text != "'" && np[k].text != "&" {
			np = np[:k]
			break
		}
		if isTimePhrase(np, k) {
			// "Kadyrov at the time": drop a trailing time phrase; "during
			// the case on Tuesday Mr Ebbers": the subject follows it
			e := timePhraseEnd(np, k)
			if e < len(np) && (np[e].cap || pronouns[np[e].low] != "") && !np[k-1].cap {
				np = np[e:]
				k = 0
				continue
			}
			np = np[:k]
			break
		}
	}
	for len(np) > 0 && (auxWords[np[len(np)-1].low] && !np[len(np)-1].cap || np[len(np)-1].kind == tPunct ||
		np[len(np)-1].is("and", "or", "but", "nor")) {
		np = np[:len(np)-1]
	}
	return np
}

// isTimePhrase reports whether np[k:] starts a time adverbial ("at the
// time", "in December", "on Tuesday", "last week", "earlier").
func isTimePhrase(np []token, k int) bool {
	w := np[k].low
	switch w {
	case "at", "on", "in", "during", "last", "this", "earlier", "later", "yesterday", "today", "previously", "late", "early", "recently", "on,":
		if timeWords[w] {
			return true
		}
		for j := k + 1; j < len(np) && j <= k+3; j++ {
			if timeWords[np[j].low] || isYear(np[j].text) {
				return true
			}
		}
	}
	return false
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w[0] == '1' || w[0] == '2'
}

func isNameConnector(w string) bool {
	switch w {
	case "of", "for", "on", "de", "von", "van", "al", "bin", "el", "la", "le", "du", "der", "and", "the", "&":
		return true
	}
	return false
}

// nounHead returns the head noun of a description: the last word before
// the first post-modifying preposition ("source" in "a source in the
// Chechen leadership").
func nounHead(np []token) (string, int) {
	end := len(np)
	for k := 1; k < len(np); k++ {
		if np[k].kind == tWord && !np[k].cap && (prepositions[np[k].low] || np[k].is("who", "which", "that")) {
			end = k
			break
		}
	}
	// skip post-head adjectives: "a source close to the talks", "people
	// familiar with the matter"
	for end > 1 && postHeadAdj[np[end-1].low] {
		end--
	}
	for k := end - 1; k >= 0; k-- {
		if np[k].kind == tWord {
			return strings.TrimSuffix(strings.TrimSuffix(np[k].low, "'s"), "’s"), k
		}
	}
	return "", -1
}

// capsBefore returns the capitalised tokens before the head that name
// something ("FSB" in "Russia's FSB security service"), skipping a
// possessive owner and characterisations.
func capsBefore(np []token, headAt int) []token {
	var out []token
	for k := 0; k < headAt; k++ {
		w := np[k]
		if isPossessive(w.low) {
			out = nil // "President X's government": the owner is not the name
			continue
		}
		if !w.cap || strings.Contains(w.low, "-") || determiners[w.low] || k == 0 && (w.is("the", "a", "an") || strings.HasSuffix(w.low, "ing") || sentenceVerbs[w.low]) {
			if len(out) > 0 {
				break
			}
			continue
		}
		out = append(out, w)
	}
	// "Chechen leadership": adjectives of nationality are not names; a
	// single capitalised word ending in -an/-ese/-ish before a lower-case
	// head is a modifier.
	if len(out) == 1 && isDemonym(out[0].low) {
		return nil
	}
	return out
}

func isDemonym(w string) bool {
	for _, suf := range []string{"an", "ese", "ish", "ian", "i", "ic"} {
		if strings.HasSuffix(w, suf) && len(w) > 4 {
			return true
		}
	}
	return false
}

func kindOfHead(head string) (graph.Kind, string) {
	if sub, ok := outletHeads[head]; ok {
		return graph.KindOutlet, sub
	}
	if sub := workSub(head); sub != "" {
		return graph.KindWork, sub
	}
	if anonHeads[head] || titleWords[head] {
		return graph.KindAnonymous, ""
	}
	if orgHeads[head] {
		return graph.KindOrganisation, ""
	}
	return "", ""
}

func isPersonRole(np []token) bool {
	for _, w := range np {
		if titleWords[w.low] || anonHeads[w.low] || honorifics[w.low] {
			return true
		}
	}
	return false
}

func joinToks(text string, ts []token) string {
	if len(ts) == 0 {
		return ""
	}
	return text[ts[0].s:ts[len(ts)-1].e]
}

// roleText keeps the role words in front of a name, dropping determiners
// and characterisations such as "Pro-Kremlin" or "US-backed".
func roleText(text string, ts []token) string {
	k := 0
	for k < len(ts) && (determiners[ts[k].low] || ts[k].kind != tWord || isCharacterisation(ts[k].low) || isPossessive(ts[k].low) && k == 0 && len(ts) > 2) {
		k++
	}
	ts = ts[k:]
	if len(ts) == 0 {
		return ""
	}
	return joinToks(text, ts)
}

func isCharacterisation(w string) bool {
	return strings.HasPrefix(w, "pro-") || strings.HasPrefix(w, "anti-") || strings.HasSuffix(w, "-backed") ||
		strings.HasSuffix(w, "-linked") || strings.HasSuffix(w, "-leaning") || w == "embattled" || w == "controversial" ||
		w == "veteran" || w == "outspoken"
}

// phraseName is a description used as a name: the phrase with its first
// letter lower-cased when it is an article ("a source in the X").
func phraseName(text string, ts []token) string {
	s := joinToks(text, ts)
	if len(ts) > 0 && (determiners[ts[0].low]) && ts[0].cap {
		r, n := utf8.DecodeRuneInString(s)
		s = string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

// named returns the entity for a proper name, merging with an earlier
// entity of the same name or whose name this one shortens ("Kadyrov").
func (d *doc) named(name string, toks []token, role string, person, the bool, pos int) *entity {
	if len(toks) == 1 && !the {
		// a surname met before in a full name ("Chepkemei" after "Susan
		// Chepkemei")
		full, ok := d.known[toks[0].low]
		if !ok || full == "" {
			full, ok = d.known["first:"+toks[0].low]
		}
		if ok && full != "" && !d.hasEntity(name) {
			name = full
			person = true
		}
	}
	norm := graph.NormalizeName(name)
	kind := graph.KindPerson
	sub := ""
	lw := strings.Fields(norm)
	for _, w := range lw {
		if orgNameWords[w] {
			kind = graph.KindOrganisation
		}
		if s, ok := outletNameWords[w]; ok {
			kind, sub = graph.KindOutlet, s
		}
	}
	if kind != graph.KindPerson && person && len(lw) <= 3 && !orgNameWords[lw[len(lw)-1]] {
		kind = graph.KindPerson
	}
	if last := lw[len(lw)-1]; kind == graph.KindPerson && len(last) > 2 && last[len(last)-1] == 's' && titleWords[last[:len(last)-1]] {
		kind = graph.KindGroup // "Labour MPs"
	}
	if the && kind == graph.KindPerson {
		// people take no article: "the Liberal Democrats" is a body
		kind = graph.KindOrganisation
		if isPlural(lw[len(lw)-1]) {
			kind = graph.KindGroup
		}
	}
	// An earlier entity this name refers to.
	var best *entity
	for _, e := range d.ents {
		en := graph.NormalizeName(e.Name)
		if en == norm {
			best = e
			break
		}
		if !e.named {
			continue
		}
		ef := strings.Fields(en)
		if containsSeq(ef, lw) && (e.Kind == graph.KindPerson && len(lw) == 1 && (lw[0] == ef[len(ef)-1] || best == nil) || len(lw) > 1 || e.Kind != graph.KindPerson) {
			// a lone surname goes to the person who bears it before any
			// body that merely contains the word ("Trump Organization")
			better := best == nil || e.last > best.last
			if len(lw) == 1 && best != nil && (best.Kind == graph.KindPerson) != (e.Kind == graph.KindPerson) {
				better = e.Kind == graph.KindPerson
			}
			if better {
				best = e
			}
		}
		for _, al := range e.Aliases {
			if graph.NormalizeName(al) == norm {
				best = e
			}
		}
	}
	if best != nil {
		best.last = pos
		if role != "" {
			best.addRole(role)
		}
		if name != best.Name {
			best.addAlias(name)
		}
		return best
	}
	if kind == graph.KindPerson && len(lw) == 1 && !person && !the {
		// A lone unknown capitalised word as a speaker is more often an
		// organisation ("Microsoft said") than an unintroduced person.
		kind = graph.KindOrganisation
		if len(name) <= 5 && strings.ToUpper(name) == name {
			kind = graph.KindOrganisation
		}
	}
	e := d.addEntity(name, kind, sub, pos)
	e.named = true
	if role != "" {
		e.addRole(role)
	}
	if kind == graph.KindPerson && len(lw) > 1 {
		e.addAlias(toks[len(toks)-1].text)
	}
	return e
}

func containsSeq(long, short []string) bool {
	for i := 0; i+len(short) <= len(long); i++ {
		ok := true
		for j := range short {
			if long[i+j] != short[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (d *doc) addEntity(name string, kind graph.Kind, sub string, pos int) *entity {
	norm := graph.NormalizeName(name)
	for _, e := range d.ents {
		if graph.NormalizeName(e.Name) == norm && (e.Kind == kind || kind == "") {
			e.last = pos
			return e
		}
	}
	e := &entity{Entity: Entity{Name: name, Kind: kind, Subkind: sub}, last: pos}
	d.ents = append(d.ents, e)
	return e
}

func (e *entity) addAlias(a string) {
	if a == "" || a == e.Name {
		return
	}
	for _, x := range e.Aliases {
		if x == a {
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
}

func (e *entity) addRole(r string) {
	for _, x := range e.Roles {
		if x == r {
			return
		}
	}
	e.Roles = append(e.Roles, r)
}

func (e *entity) addHead(h string) {
	if h == "" || e.hasHead(h) {
		return
	}
	e.heads = append(e.heads, h)
}

// pronoun resolves a pronoun to the nearest compatible earlier entity.
func (d *doc) pronoun(p string, k graph.Kind, pos int) *entity {
	var best *entity
	for _, e := range d.ents {
		if e.last > pos {
			continue
		}
		ok := false
		switch p {
		case "he", "she", "i":
			ok = e.Kind == graph.KindPerson || e.Kind == graph.KindAnonymous && !e.plural
			if p == "he" && e.gender == 'f' || p == "she" && e.gender == 'm' {
				ok = false
			}
		case "it":
			ok = (e.Kind == graph.KindWork || e.Kind == graph.KindOrganisation || e.Kind == graph.KindOutlet) && !e.plural
		case "they", "we":
			ok = e.plural || e.Kind == graph.KindGroup || e.Kind == graph.KindOrganisation
		}
		if ok && (best == nil || e.last >= best.last) {
			best = e
		}
	}
	if p == "he" || p == "she" {
		// a person named more recently in a sentence without speech
		for i := len(d.people) - 1; i >= 0; i-- {
			kn := d.people[i]
			if kn.pos >= pos {
				continue
			}
			// only when no person was spoken of lately and the name is
			// near: names of places pass for people too easily
			if best == nil || kn.pos > best.last && best.last < pos-600 && kn.pos > pos-400 {
				e := d.addEntity(kn.name, graph.KindPerson, "", kn.pos)
				e.named = true
				if f := strings.Fields(kn.name); len(f) > 1 {
					e.addAlias(f[len(f)-1])
				}
				best = e
			}
			break
		}
	}
	if best != nil {
		best.last = pos
		if best.gender == 0 && best.Kind == graph.KindPerson && (p == "he" || p == "she") {
			best.gender = map[string]byte{"he": 'm', "she": 'f'}[p]
		}
	}
	return best
}

// genderOf reads a gender from a title or role word.
func genderOf(w string) byte {
	switch w {
	case "mr", "mr.", "sir", "lord", "spokesman", "chairman", "congressman", "businessman", "king", "prince", "actor":
		return 'm'
	case "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "spokeswoman", "chairwoman", "congresswoman",
		"businesswoman", "queen", "princess", "actress":
		return 'f'
	}
	return 0
}

type knownName struct {
	pos  int
	name string
}

// byHead resolves a definite description ("the source", "the
// documentary", "the minister") to the latest entity with that head noun
// or role.
func (d *doc) byHead(head string, np []token, pos int) *entity {
	var best *entity
	for _, e := range d.ents {
		ok := e.hasHead(head)
		if !ok {
			for _, r := range e.Roles {
				if rf := strings.Fields(strings.ToLower(r)); len(rf) > 0 && rf[len(rf)-1] == head {
					ok = true
				}
			}
		}
		if ok && (best == nil || e.last > best.last) {
			best = e
		}
	}
	if best != nil {
		best.last = pos
	}
	return best
}

// isAcronym reports an all-capitals word of two or more letters ("IS",
// "FSB"), which is a name even when it spells a function word.
func isAcronym(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '.' && r != '&' {
			return false
		}
	}
	return true
}

func isCommonHead(w string) bool {
	return anonHeads[w] || orgHeads[w] && !isAcronym(w) || workHeads[w] != "" || outletHeads[w] != "" && w != "twitter" && w != "facebook" && w != "instagram" && w != "youtube" && w != "telegram"
}

// workSub returns the subkind of a work noun, singular or plural.
func workSub(w string) string {
	if s, ok := workHeads[w]; ok {
		return s
	}
	if strings.HasSuffix(w, "s") {
		return workHeads[w[:len(w)-1]]
	}
	return ""
}

func (d *doc) hasEntity(name string) bool {
	n := graph.NormalizeName(name)
	for _, e := range d.ents {
		if graph.NormalizeName(e.Name) == n {
			return true
		}
	}
	return false
}

// collectNames records the full personal names of the text ("Susan
// Chepkemei") by their last word, so that a later bare surname resolves to
// the person rather than to an unknown organisation.
func (d *doc) collectNames(t []token) {
	// record notes the run t[st:end] (last may replace its final token,
	// stripped of a possessive).
	record := func(st int, ts []token) {
		if len(ts) < 2 || len(ts) > 5 {
			return
		}
		// start after the last title in the run
		titled := false
		for k := len(ts) - 1; k >= 0; k-- {
			if titleWords[ts[k].low] || honorifics[ts[k].low] {
				ts = ts[k+1:]
				titled = true
				break
			}
		}
		if len(ts) == 1 && titled {
			// "President Obama", "Mr Blair": a person known by one name
			if _, dup := d.known[ts[0].low]; !dup {
				d.known[ts[0].low] = ts[0].text
			}
			return
		}
		if len(ts) < 2 || st == 0 && determiners[t[0].low] {
			return
		}
		last := ts[len(ts)-1].low
		full := joinToks(d.text, ts)
		if _, dup := d.known[last]; !dup {
			d.known[last] = full
		}
		first := "first:" + ts[0].low
		if prev, dup := d.known[first]; !dup {
			d.known[first] = full
		} else if prev != full {
			d.known[first] = "" // ambiguous first name
		}
		// a likely person: not after an article or preposition ("the
		// White House", "in New York")
		if b := st - 1; len(ts) <= 3 && (b < 0 || !determiners[t[b].low] && !prepositions[t[b].low]) {
			d.people = append(d.people, knownName{pos: ts[0].s, name: full})
		}
	}
	st := -1
	for k := 0; k <= len(t); k++ {
		if k < len(t) {
			w := &t[k]
			ok := nameWord(w)
			if ok && k == 0 && (strings.HasSuffix(w.low, "ing") || w.low == "according" || sentenceVerbs[w.low]) {
				ok = false // "Quoting Cole,", "Say Mexico": a verb, not a first name
			}
			if ok {
				if st < 0 {
					st = k
				}
				continue
			}
			if st >= 0 && w.kind == tWord && w.cap && isPossessive(w.low) && nameWord(&token{text: stripPossessive(d.text, *w).text, low: stripPossessive(d.text, *w).low, kind: tWord, cap: true}) {
				// "Mayor Dana Cruz's office": the owner ends the run
				ts := append(append([]token(nil), t[st:k]...), stripPossessive(d.text, *w))
				record(st, ts)
				st = -1
				continue
			}
		}
		if st >= 0 {
			record(st, t[st:k])
			st = -1
		}
	}
}

// timePhraseEnd returns the index after the time phrase starting at k.
func timePhraseEnd(np []token, k int) int {
	e := k + 1
	for j := k + 1; j < len(np) && j <= k+3; j++ {
		if timeWords[np[j].low] || isYear(np[j].text) {
			e = j + 1
		}
	}
	return e
}

func lastWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// postHeadAdj are adjectives that follow the noun they modify in speaker
// descriptions.
var postHeadAdj = map[string]bool{"close": true, "familiar": true, "knowledgeable": true,
	"briefed": true, "aware": true, "involved": true, "based": true, "linked": true,
	"opposed": true, "loyal": true, "present": true, "responsible": true, "speaking": true}

// nameWord reports a word that can be part of a personal name.
func nameWord(w *token) bool {
	return w.kind == tWord && w.cap && !isAcronym(w.text) && !strings.ContainsAny(w.text, "-'’.0123456789") &&
		!orgNameWords[w.low] && !determiners[w.low] && !isCommonHead(w.low) && !timeWords[w.low] &&
		!prepositions[w.low] && !clauseStops[w.low] && !verbish[w.low] && !auxWords[w.low] && !pronounsOrDet(w.low)
}

func pronounsOrDet(w string) bool { return pronouns[w] != "" || determiners[w] }

// sentenceVerbs open imperative sentences and headlines ("Say ...", "Get
// ..."); capitalised there, they are not first names.
var sentenceVerbs = map[string]bool{"say": true, "get": true, "let": true, "make": true,
	"see": true, "stop": true, "be": true, "show": true, "take": true, "keep": true,
	"give": true, "ask": true, "tell": true, "go": true, "put": true, "read": true,
	"watch": true, "meet": true, "vote": true, "join": true, "find": true, "think": true}

// pronounAvoiding resolves a pronoun like pronoun, passing over the entity
// avoid ("he still trusted Mr Blair" is not Mr Blair speaking).
func (d *doc) pronounAvoiding(p string, pos int, avoid *entity) *entity {
	saved := avoid.last
	avoid.last = pos + 1 // out of reach for this lookup
	e := d.pronoun(p, pronouns[p], pos)
	avoid.last = saved
	return e
}
