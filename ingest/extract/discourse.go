package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/sourcetrace/sourcetrace/graph"
)

// unverifiedRE matches the reporter's own statements that claims could not
// be checked.
var unverifiedRE = regexp.MustCompile(`(?i)\b(no way (?:to|of) (?:immediately |independently )?(?:verify|verifying|confirm|confirming)|(?:could|can)(?: ?not|n't)(?: be)? (?:immediately |independently )?(?:verif|confirm)|(?:was|were|is|are) (?:not able|unable) to (?:immediately |independently )?(?:verify|confirm)|(?:has|have) not been (?:independently )?(?:verified|confirmed)|impossible to (?:independently )?(?:verify|confirm)|not (?:be )?independently (?:verified|confirmed))`)

// assessment records an explicit statement on the reliability of claims;
// the sentence may hold attributions too.
func (d *doc) assessment(s *sentence) {
	// the regular expression is costly; run it only where a verb of
	// checking occurs
	cand := false
	for i := range s.toks {
		if w := s.toks[i].low; strings.HasPrefix(w, "verif") || strings.HasPrefix(w, "confirm") {
			cand = true
			break
		}
	}
	sent := d.text[s.s:s.e]
	if !cand || !unverifiedRE.MatchString(sent) {
		return
	}
	as := assessment{kind: "unverified", span: bspan{s.s, s.e}, sent: s.idx}
	t := s.toks
	for k := 0; k+1 < len(t); k++ {
		n := k + 1
		if (t[n].punct("'") || t[n].punct("’")) && n+1 < len(t) && strings.HasSuffix(t[k].low, "s") {
			n++ // "the aides' account"
		} else if !isPossessive(t[k].low) {
			continue
		}
		if t[n].is("claims", "claim", "statement", "statements", "account", "comments", "assertion", "assertions", "allegations", "report") {
			if e, _ := d.resolve([]token{stripPossessive(d.text, t[k])}, false); e != nil {
				as.target = e
			}
		}
	}
	// The article assesses when the sentence has no named subject.
	if len(t) > 0 && (t[0].is("there", "it") || !t[0].cap || strings.Contains(strings.ToLower(sent), " not be ")) {
		if d.reportedBy != nil {
			as.by = d.reportedBy.Name
		} else if d.publishedBy != nil {
			as.by = d.publishedBy.Name
		}
	} else if len(t) > 0 {
		k := 0
		for k < len(t) && t[k].kind == tWord && !verbish[t[k].low] && !t[k].is("could", "can", "was", "were") {
			k++
		}
		if e, _ := d.resolve(t[:k], true); e != nil {
			as.by = e.Name
		}
	}
	d.assess = append(d.assess, as)
}

// resolveAssessments ties each assessment to the claims it concerns: the
// named speaker's claims and those of the works that carried them, or else
// the claims of the paragraph before.
func (d *doc) resolveAssessments() {
	for i := range d.assess {
		as := &d.assess[i]
		if as.target != nil {
			works := map[string]bool{}
			for _, a := range d.attrs {
				if a.speaker == as.target {
					for _, v := range a.via {
						works[v.Name] = true
					}
				}
			}
			for _, a := range d.attrs {
				if a.speaker == as.target || a.speaker != nil && a.speaker.Kind == graph.KindWork && works[a.speaker.Name] {
					if a.headline || a.sent < as.sent {
						as.applies = append(as.applies, a)
					}
				}
			}
			continue
		}
		para := d.sents[as.sent].para
		for _, a := range d.attrs {
			if a.sent < as.sent && a.para >= para-1 || a.sent == as.sent {
				as.applies = append(as.applies, a)
			}
		}
	}
}

// continuations attaches quoted sentences without a cue to the speaker of
// the quote before them: the rest of a quote after "he said.", and a
// paragraph that is only a quote continuing the previous speaker.
func (d *doc) continuations() {
	has := map[int]bool{}
	for _, a := range d.attrs {
		has[a.sent] = true
	}
	lastPara := map[*attr]int{}
	for _, s := range d.sents {
		if s.idx == d.title || has[s.idx] || !allQuoted(s.toks) {
			continue
		}
		var prev *attr
		for i := len(d.attrs) - 1; i >= 0; i-- {
			if d.attrs[i].sent < s.idx {
				prev = d.attrs[i]
				break
			}
		}
		if prev == nil || prev.speaker == nil {
			continue
		}
		lp := prev.para
		if p, ok := lastPara[prev]; ok {
			lp = p
		}
		if lp != s.para && (lp != s.para-1 || prev.kind == Indirect && !openAtEnd(d.paras[lp])) {
			continue
		}
		st, en := s.toks[0].s, s.toks[len(s.toks)-1].e
		prev.content = append(prev.content, bspan{st, en})
		if prev.kind == Indirect {
			prev.kind = Mixed
		}
		lastPara[prev] = s.para
		has[s.idx] = true
	}
}

func openAtEnd(p *paragraph) bool {
	return len(p.quotes) > 0 && p.quotes[len(p.quotes)-1].open
}

// allQuoted reports whether every word of the sentence is inside quotes.
func allQuoted(t []token) bool {
	words := 0
	for _, w := range t {
		if w.kind == tWord {
			if !w.quote {
				return false
			}
			words++
		}
	}
	return words > 0
}

// headline extracts from the headline; a descriptive speaker ("Chechen
// strongman") is tied to the body entity whose role or name shares its
// words, and dropped when there is none.
func (d *doc) headline(s *sentence) {
	if !strings.ContainsFunc(d.text[s.s:s.e], unicode.IsLower) {
		return // an all-capitals headline hides which words are names
	}
	n := len(d.attrs)
	d.sentence(s)
	keep := d.attrs[:n]
	for _, a := range d.attrs[n:] {
		a.headline = true
		a.conf *= 0.8
		if a.speaker != nil && !a.speaker.named && a.speaker.Kind != graph.KindWork {
			if e := d.describedEntity(a.speaker); e != nil {
				a.speaker = e
			} else {
				continue
			}
		}
		if a.speaker != nil && len(a.via) == 0 {
			a.via = d.speakerChannels(a.speaker)
		}
		keep = append(keep, a)
	}
	d.attrs = keep
}

// describedEntity finds the named speaker a description fits best.
func (d *doc) describedEntity(desc *entity) *entity {
	words := strings.Fields(graph.NormalizeName(desc.Name))
	var best *entity
	bestScore := 0
	for _, e := range d.ents {
		if e == desc || !e.named || !e.speaker || e.Kind != graph.KindPerson && desc.Kind == graph.KindAnonymous && !desc.plural {
			continue
		}
		bag := map[string]bool{}
		for _, r := range append(append([]string{}, e.Roles...), e.Name) {
			for _, w := range strings.Fields(graph.NormalizeName(r)) {
				bag[w] = true
			}
		}
		score := 0
		for _, w := range words {
			if bag[w] && !determiners[w] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	return best
}

// speakerChannels returns the channels of the speaker's first claim that
// had any: a headline restating a claim came the same way.
func (d *doc) speakerChannels(e *entity) []Channel {
	for _, a := range d.attrs {
		if a.speaker == e && len(a.via) > 0 && !a.headline {
			return a.via
		}
	}
	return nil
}
