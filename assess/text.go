package assess

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Content analysis for support and contradiction. It is deliberately
// lexical: claims are compared by their content words, their polarity and
// the figures they give, which is what reported speech about the same
// event shares across outlets.

// stopwords are function words that say nothing about a claim's subject.
var stopwords = set("a an the and or but of in on at to for from by with as is are was were be been being " +
	"has have had having do does did will would shall should can could may might must this that these those " +
	"it its it's they them their there here he she his her him we our us you your i me my who whom which what " +
	"when where why how than then so such also into over under about after before between against during " +
	"through up down out off some any all each every both more most other another same own only very just " +
	"said says say told according added")

// negators flip a sentence's polarity.
var negators = set("not no never none nobody nothing neither nor without cannot can't won't don't doesn't " +
	"didn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't shouldn't couldn't deny denies denied " +
	"false untrue fabricated baseless")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// words splits text into lower-case words; apostrophes and digit
// separators stay inside a word ("don't", "2,900").
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, strings.Trim(b.String(), "'’.,"))
			b.Reset()
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			b.WriteRune('\'')
		case (r == ',' || r == '.') && b.Len() > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && unicode.IsDigit(rs[i-1]):
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// stem strips common English inflections so "fighting" meets "fight" and
// "Russians" meets "Russian". It is a light suffix stripper, not Porter:
// over-stemming would merge unrelated claims.
func stem(w string) string {
	if isNumber(w) {
		return w
	}
	for _, suf := range []string{"ings", "ing", "edly", "ed", "ies", "es", "s"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			base := w[:len(w)-len(suf)]
			switch suf {
			case "ies":
				return base + "y"
			case "es":
				// "boxes" -> "box", but "agencies" handled above and
				// "sources" -> "sourc" would miss "source": keep the e.
				if strings.HasSuffix(base, "s") || strings.HasSuffix(base, "x") || strings.HasSuffix(base, "ch") || strings.HasSuffix(base, "sh") {
					return base
				}
				return base + "e"
			case "s":
				if strings.HasSuffix(base, "s") || strings.HasSuffix(base, "u") || strings.HasSuffix(base, "i") {
					return w // "press", "status", "analysis"
				}
			case "ing", "ings", "ed", "edly":
				// "embedded" -> "embedd" -> "embed"; "running" -> "run".
				if n := len(base); n >= 2 && base[n-1] == base[n-2] && !strings.ContainsRune("aeiouls", rune(base[n-1])) {
					base = base[:n-1]
				}
			}
			return base
		}
	}
	return w
}

// profile is what the relation finder knows about a claim's content.
type profile struct {
	terms   map[string]bool // stemmed content words (no stopwords, no negators, no numbers)
	negated bool            // an odd number of negators
	// negTerms are the content words a negator governs: the first content
	// word within three words after "not", "never", "denied"...
	negTerms map[string]bool
	figures  []figure
}

// figure is a number attached to the noun that follows it, as an interval
// that takes hedges ("nearly", "more than") into account.
type figure struct {
	noun     string // stemmed
	text     string // as written, for evidence
	lo, hi   float64
	position int
}

func analyze(content string) profile {
	ws := words(content)
	p := profile{terms: map[string]bool{}, negTerms: map[string]bool{}}
	neg, scope := 0, 0
	for i, w := range ws {
		content := false
		switch {
		case negators[w] || strings.HasSuffix(w, "n't"):
			neg++
			scope = 4
		case isNumber(w):
			if f, ok := readFigure(ws, i); ok {
				p.figures = append(p.figures, f)
			}
		case stopwords[w] || len(w) < 2 || multipliers[w] != 0 || hedges[w] != "":
		default:
			p.terms[stem(w)] = true
			content = true
		}
		if scope > 0 {
			if content {
				p.negTerms[stem(w)] = true
				scope = 0
			} else {
				scope--
			}
		}
	}
	p.negated = neg%2 == 1
	return p
}

// hedges widen a figure's interval: "nearly 2,900" is at most 2,900.
var hedges = map[string]string{
	"nearly": "below", "almost": "below", "under": "below", "fewer": "below", "less": "below",
	"about": "around", "around": "around", "approximately": "around", "roughly": "around", "some": "around",
	"estimated": "around", "circa": "around",
	"over": "above", "more": "above", "least": "above", "exceeding": "above", "than": "",
}

var multipliers = map[string]float64{"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

func isNumber(w string) bool {
	if w == "" || !unicode.IsDigit(rune(w[0])) {
		return false
	}
	_, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
	return err == nil
}

// readFigure reads the number at ws[i], a following multiplier and noun,
// and the hedge words just before it.
func readFigure(ws []string, i int) (figure, bool) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(ws[i], ",", ""), 64)
	if err != nil {
		return figure{}, false
	}
	j := i + 1
	text := ws[i]
	if j < len(ws) && multipliers[ws[j]] != 0 {
		v *= multipliers[ws[j]]
		text += " " + ws[j]
		j++
	}
	// Skip a few modifiers ("4,000 young Russians"); stop at stopwords or
	// another number so "2,900 of the" attaches to nothing.
	noun := ""
	for k := j; k < len(ws) && k < j+3; k++ {
		w := ws[k]
		if stopwords[w] || negators[w] || isNumber(w) {
			break
		}
		noun = stem(w)
		text += " " + w
		if k+1 < len(ws) && (stopwords[ws[k+1]] || isNumber(ws[k+1])) {
			break
		}
		// A one-word noun is the common case; only keep reading while the
		// current word looks like an adjective (ends like one).
		if !looksAdjective(w) {
			break
		}
	}
	if noun == "" || unitNouns[noun] {
		return figure{}, false
	}
	lo, hi := v, v
	kind := ""
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		w := ws[k]
		if w == "to" && k > 0 && ws[k-1] == "up" {
			kind, text = "below", "up to "+text
			break
		}
		if h, ok := hedges[w]; ok {
			if h != "" {
				kind, text = h, w+" "+text
				break
			}
			continue // "than" in "more than"
		}
		if w == "at" {
			continue
		}
		break
	}
	switch kind {
	case "below":
		lo = v * 0.85
	case "around":
		lo, hi = v*0.85, v*1.15
	case "above":
		hi = math.Inf(1)
	}
	return figure{noun: noun, text: text, lo: lo, hi: hi, position: i}, true
}

func looksAdjective(w string) bool {
	for _, suf := range []string{"al", "ian", "ish", "ese", "ic", "ive", "ous", "ful", "less", "ern", "ent", "ant", "young", "old", "armed"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// overlap is the Dice coefficient of two term sets.
func overlap(a, b map[string]bool) (dice float64, shared int) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	for t := range small {
		if large[t] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(a)+len(b)), shared
}

// figureConflict finds a noun both claims give figures for where no
// figure of one can agree with any figure of the other (a claim giving a
// range, "from 3% to 6%", agrees with anything inside it).
func figureConflict(a, b profile) (fa, fb figure, ok bool) {
	for _, x := range a.figures {
		conflict, found := true, false
		var other figure
		for _, y := range b.figures {
			if y.noun != x.noun {
				continue
			}
			found = true
			other = y
			for _, x2 := range a.figures {
				if x2.noun == x.noun && agree(x2, y) {
					conflict = false
				}
			}
		}
		if found && conflict {
			return x, other, true
		}
	}
	return figure{}, figure{}, false
}

// agree reports whether two figures' intervals meet, allowing 2% for
// rounding.
func agree(x, y figure) bool {
	if x.hi >= y.lo && y.hi >= x.lo {
		return true
	}
	return math.Abs(x.lo-y.lo) <= 0.02*math.Max(x.lo, y.lo)
}

// unitNouns follow numbers without naming what is counted: durations,
// rates and comparisons. "10 years" and "29 years" in two claims are no
// disagreement about anything.
var unitNouns = set("year month week day hour minute second time per cent percent point lower higher more less " +
	"fewer bigger smaller rise fall increase decrease drop jump old th st nd rd pm am mile kilometre km metre " +
	"meter yard foot feet inch pound dollar euro yen times")

// cueClass grades the reporting verb. Weak cues mark distance ("claimed",
// "alleged"), strong ones commitment or verification ("confirmed",
// "admitted"). Matching is on stems, so "has claimed" and "claims" agree.
func cueClass(cue string) (class string, shift float64) {
	for _, w := range words(cue) {
		s := stem(w)
		for _, p := range weakCues {
			if strings.HasPrefix(s, p) {
				return "weak", -0.35
			}
		}
		for _, p := range strongCues {
			if strings.HasPrefix(s, p) {
				return "strong", 0.35
			}
		}
	}
	if strings.TrimSpace(cue) == "" {
		return "none", 0
	}
	return "neutral", 0
}

var (
	weakCues   = []string{"claim", "alleg", "purport", "insist", "suggest", "speculat", "rumo", "assert", "contend", "maintain", "hint"}
	strongCues = []string{"confirm", "acknowledg", "admit", "conced", "reveal", "show", "demonstrat", "prove", "establish", "verif", "document"}
)
