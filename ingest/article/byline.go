package article

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// agencies is a small lexicon of well-known wire agencies: every spelling a
// credit line commonly uses (lower-cased) mapped to one canonical name. It
// only names agencies, never people, so it says nothing about any particular
// article. Lines that are not in it can still be recognised by the
// conservative heuristic in looksLikeCredit.
var agencies = map[string]string{}

func init() {
	for canonical, aliases := range map[string][]string{
		"Agence France-Presse":        {"agence france-presse", "agence france presse", "france-presse", "afp"},
		"Associated Press":            {"associated press", "the associated press", "ap"},
		"Reuters":                     {"reuters", "reuter", "thomson reuters"},
		"Bloomberg":                   {"bloomberg", "bloomberg news"},
		"United Press International":  {"united press international", "upi"},
		"Deutsche Presse-Agentur":     {"deutsche presse-agentur", "dpa"},
		"ANSA":                        {"ansa", "agenzia nazionale stampa associata"},
		"Xinhua":                      {"xinhua", "xinhua news agency"},
		"Kyodo News":                  {"kyodo", "kyodo news"},
		"Yonhap":                      {"yonhap", "yonhap news agency"},
		"TASS":                        {"tass", "itar-tass"},
		"Interfax":                    {"interfax"},
		"RIA Novosti":                 {"ria novosti", "ria"},
		"Anadolu Agency":              {"anadolu agency", "anadolu", "aa"},
		"EFE":                         {"efe", "agencia efe"},
		"PA Media":                    {"pa media", "press association", "the press association"},
		"Australian Associated Press": {"australian associated press", "aap"},
		"The Canadian Press":          {"the canadian press", "canadian press"},
		"Press Trust of India":        {"press trust of india", "pti"},
		"Jiji Press":                  {"jiji press", "jiji"},
		"Europa Press":                {"europa press"},
		"Dow Jones Newswires":         {"dow jones newswires", "dow jones"},
	} {
		for _, a := range aliases {
			agencies[a] = canonical
		}
	}
}

// agencyOf returns the canonical agency named by a whole credit line such as
// "AFP", "(AP)", "Source: Reuters" or "Agence France-Presse (AFP)".
func agencyOf(line string) (string, bool) {
	s := strings.TrimSpace(line)
	s = strings.Trim(s, " \t-–—:|/")
	for _, p := range []string{"source:", "credit:", "via "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
		}
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") || strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	// "Agence France-Presse (AFP)": either part names the agency.
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		if a, ok := agencies[normAgency(s[:i])]; ok {
			return a, true
		}
		s = s[i+1 : len(s)-1]
	}
	a, ok := agencies[normAgency(s)]
	return a, ok
}

func normAgency(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.NewReplacer("–", "-", "—", "-", "‐", "-").Replace(s)
}

// findByline looks at the lines after the title for a byline ("By Jane
// Smith", "By Jane Smith, Associated Press") or a credit line that is just an
// agency ("Agence France-Presse", "(AP)"). It stops at the first line that
// reads like body text, and looks at no more than three non-empty lines.
// When no credit line is found, a wire dateline opening the first paragraph
// ("MOSCOW (AP) — ...") still names the agency.
func findByline(lines []string) (author, agency string) {
	seen := 0
	for i, raw := range lines {
		l := strings.TrimFunc(raw, isSpace)
		if l == "" {
			continue
		}
		seen++
		if seen > 3 {
			break
		}
		if au, ag, ok := parseByline(l); ok {
			if author == "" {
				author = au
			}
			if agency == "" {
				agency = ag
			}
			continue
		}
		if a, ok := agencyOf(l); ok {
			if agency == "" {
				agency = a
			}
			continue
		}
		blankBefore := i > 0 && strings.TrimFunc(lines[i-1], isSpace) == ""
		blankAfter := i+1 >= len(lines) || strings.TrimFunc(lines[i+1], isSpace) == ""
		if seen == 1 && blankBefore && blankAfter && looksLikeCredit(l) {
			if agency == "" {
				agency = l
			}
			continue
		}
		if agency == "" {
			agency = datelineAgency(l)
		}
		break // the first paragraph: bylines come before it
	}
	return author, agency
}

// byPrefix matches the start of a byline.
var byPrefix = regexp.MustCompile(`^(?i:(?:written |reporting |words |story )?by)[:\s]\s*`)

// parseByline recognises "By NAME[S][, AGENCY]" and "NAME, AGENCY". NAME must
// look like one or more personal names (two to five capitalised words each),
// which keeps sentences such as "By the end of the year, ..." out.
func parseByline(l string) (author, agency string, ok bool) {
	rest, by := l, false
	if m := byPrefix.FindStringIndex(l); m != nil {
		rest, by = l[m[1]:], true
	}
	if by {
		if a, ok := agencyOf(rest); ok { // "By Reuters"
			return "", a, true
		}
	}
	names, credit := rest, ""
	for _, sep := range []string{", ", " - ", " – ", " — ", " | ", " / "} {
		if i := strings.Index(rest, sep); i > 0 {
			names, credit = rest[:i], strings.TrimSpace(rest[i+len(sep):])
			break
		}
	}
	if credit != "" {
		a, known := agencyOf(trimRole(credit))
		switch {
		case known:
			agency = a
		case by && trimRole(credit) != credit:
			// A role ("Political Correspondent"), not an agency.
		case by && looksLikeNames(rest):
			names, credit = rest, "" // "By Jane Smith, John Doe"
		case by && isTitleCase(credit, 6):
			// A role or outlet ("Political Correspondent"): not an agency.
		default:
			return "", "", false
		}
		if !by && !known {
			return "", "", false
		}
	}
	if !by && credit == "" {
		return "", "", false
	}
	if !looksLikeNames(names) {
		return "", "", false
	}
	return strings.TrimSpace(names), agency, true
}

// trimRole drops a trailing job description from a credit ("Associated
// Press Writer").
func trimRole(s string) string {
	for _, r := range []string{" staff writer", " writer", " correspondent", " reporter", " staff"} {
		if len(s) > len(r) && strings.EqualFold(s[len(s)-len(r):], r) {
			return s[:len(s)-len(r)]
		}
	}
	return s
}

// nameParticles may appear lower-case inside a personal name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "del": true, "della": true, "der": true, "van": true,
	"von": true, "la": true, "le": true, "du": true, "dos": true, "das": true, "al": true,
	"el": true, "bin": true, "ibn": true, "y": true, "ter": true, "ten": true,
}

// looksLikeNames reports whether s is a list of personal names joined by
// "and", "&" or commas, each of two to five capitalised words.
func looksLikeNames(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 100 {
		return false
	}
	s = strings.NewReplacer(" and ", ",", " & ", ",", " AND ", ",").Replace(s)
	for _, name := range strings.Split(s, ",") {
		words := strings.Fields(name)
		if len(words) < 2 || len(words) > 5 {
			return false
		}
		for i, w := range words {
			if i > 0 && nameParticles[w] {
				continue
			}
			if !isNameWord(w) {
				return false
			}
		}
	}
	return true
}

// isNameWord: a capitalised word of letters, with the dots, hyphens and
// apostrophes names use ("J.", "Al-Amin", "O'Brien").
func isNameWord(w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

// creditWords mark a short title-case line as an organisation's credit
// rather than a section label or a person.
var creditWords = map[string]bool{
	"agency": true, "agence": true, "agencia": true, "agenzia": true, "agentur": true,
	"news": true, "press": true, "presse": true, "prensa": true, "service": true,
	"wire": true, "wires": true, "newswire": true, "newswires": true, "media": true,
}

// connectors may appear lower-case in an organisation's name.
var connectors = map[string]bool{"of": true, "de": true, "la": true, "for": true, "and": true, "&": true, "du": true, "des": true, "der": true, "di": true, "the": true}

// looksLikeCredit is the general heuristic for a credit line that is not in
// the lexicon: one to four capitalised words, no digits or sentence
// punctuation (so no verb phrase), and either an organisation word ("News",
// "Agency", "Press", ...) or a single upper-case acronym ("ANP", "BTA").
// The caller also requires a blank line on each side, directly under the
// title, to stay conservative.
func looksLikeCredit(l string) bool {
	words := strings.Fields(l)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	if strings.ContainsAny(l, "0123456789.,;:!?\"“”()[]") {
		return false
	}
	if len(words) == 1 {
		w := words[0]
		n := utf8.RuneCountInString(w)
		return n >= 2 && n <= 6 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 &&
			strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) < 0
	}
	if !isTitleCase(l, 4) {
		return false
	}
	for _, w := range words {
		if creditWords[strings.ToLower(strings.Trim(w, "-'"))] {
			return true
		}
	}
	return false
}

// isTitleCase reports whether s has 1..max words, each capitalised or a
// connector.
func isTitleCase(s string, max int) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > max {
		return false
	}
	for i, w := range words {
		if i > 0 && connectors[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// datelineRE matches a wire dateline opening a paragraph: a place in capitals
// (optionally with a date) and an agency in parentheses before a dash,
// "MOSCOW (AP) —" or "PARIS, March 3 (Reuters) -".
var datelineRE = regexp.MustCompile(`^[\p{Lu}][\p{Lu}\p{Ll}\p{N} .,'’-]{0,60}\(([^()]{2,40})\)\s*[-–—:]`)

func datelineAgency(l string) string {
	m := datelineRE.FindStringSubmatch(l)
	if m == nil {
		return ""
	}
	if a, ok := agencyOf(m[1]); ok {
		return a
	}
	return ""
}
