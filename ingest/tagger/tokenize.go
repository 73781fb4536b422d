package tagger

import (
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark with rune offsets into the text.
type Token struct {
	Start, End int
	Text       string
	// Para is set on the first token after a line break: PolNeAR articles
	// put one paragraph per line.
	Para bool
	// SentStart is set on the first token of a sentence.
	SentStart bool
}

// Tokenize splits text into tokens (rune offsets) and marks paragraph and
// sentence starts. Words keep internal apostrophes, hyphens and periods
// ("didn't", "state-designated", "U.S"); numbers keep internal separators
// ("1,000", "3.5"); every other non-space rune is its own token.
func Tokenize(text string) []Token {
	return tokenizeRunes(text, []rune(text))
}

// tokenizeRunes tokenises rs, which is []rune(text). When text is valid
// UTF-8 (so rs re-encodes to it byte for byte) token texts are substrings
// of text rather than fresh strings.
func tokenizeRunes(text string, rs []rune) []Token {
	toks := make([]Token, 0, len(rs)/5+1)
	para := true
	valid := utf8.ValidString(text)
	// b is the byte offset in text of rune at, maintained lazily.
	b, at := 0, 0
	tokText := func(start, end int) string {
		if !valid {
			return string(rs[start:end])
		}
		for ; at < start; at++ {
			b += utf8.RuneLen(rs[at])
		}
		from := b
		for ; at < end; at++ {
			b += utf8.RuneLen(rs[at])
		}
		return text[from:b]
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) {
			if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
				para = true
			}
			i++
			continue
		}
		start := i
		if isWordRune(r) {
			i++
			for i < len(rs) {
				c := rs[i]
				if isWordRune(c) {
					i++
					continue
				}
				if i+1 < len(rs) && isWordRune(rs[i+1]) && joinsWord(c, rs[i-1], rs[i+1]) {
					i += 2
					continue
				}
				break
			}
		} else {
			i++
		}
		toks = append(toks, Token{Start: start, End: i, Text: tokText(start, i), Para: para})
		para = false
	}
	markSentences(toks)
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// joinsWord reports whether separator c between prev and next stays inside
// a word.
func joinsWord(c, prev, next rune) bool {
	switch c {
	case '-', '‐', '&':
		return true
	case '\'', '’':
		// Clitics are split off ("Clinton", "’", "s"): PolNeAR spans may
		// start right after the apostrophe.
		return false
	case '.':
		// "U.S", "3.5", "a.m"; not "end.Next" typos with a capital after a
		// lower-case run, which are more often missing spaces.
		return unicode.IsDigit(prev) && unicode.IsDigit(next) || unicode.IsUpper(prev) || !unicode.IsUpper(next) && unicode.IsLower(prev) && isShortAbbrevPart(prev)
	case ',', ':':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// isShortAbbrevPart is a cheap stand-in for "a.m", "p.m", "e.g", "i.e".
func isShortAbbrevPart(r rune) bool { return r == 'a' || r == 'p' || r == 'e' || r == 'i' }

var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "reps": true, "gov": true,
	"st": true, "jr": true, "sr": true, "lt": true, "gen": true, "col": true, "sgt": true, "capt": true,
	"corp": true, "inc": true, "co": true, "vs": true, "etc": true, "no": true, "prof": true, "rev": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "ft": true, "mt": true, "ave": true, "u.s": true,
	"d.c": true, "a.m": true, "p.m": true, "e.g": true, "i.e": true, "pres": true, "supt": true, "gens": true,
}

func isOpenPunct(s string) bool {
	return s == "“" || s == "‘" || s == "(" || s == "[" || s == "\"" || s == "'"
}

func isClosePunct(s string) bool {
	return s == "”" || s == "’" || s == ")" || s == "]" || s == "\"" || s == "'"
}

// markSentences sets SentStart: after . ! ? (plus closing quotes or
// brackets) when the next token looks like a sentence opening, and at
// every paragraph start.
func markSentences(toks []Token) {
	for i := range toks {
		if toks[i].Para || i == 0 {
			toks[i].SentStart = true
		}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i].Text
		if t != "." && t != "!" && t != "?" && t != "…" {
			continue
		}
		if t == "." && i > 0 && toks[i-1].End == toks[i].Start && isAbbrev(toks[i-1].Text) {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].Para && isClosePunct(toks[j].Text) && toks[j].Start == toks[j-1].End {
			j++
		}
		if j >= len(toks) || toks[j].Para {
			continue
		}
		first, _ := utf8.DecodeRuneInString(toks[j].Text)
		if unicode.IsUpper(first) || unicode.IsDigit(first) || isOpenPunct(toks[j].Text) || toks[j].Text == "—" {
			toks[j].SentStart = true
		}
	}
}

func isAbbrev(w string) bool {
	n := utf8.RuneCountInString(w)
	if r, _ := utf8.DecodeRuneInString(w); n == 1 && unicode.IsUpper(r) {
		return true // initials: "Donald J. Trump"
	}
	if n > 6 {
		return false
	}
	return abbrevs[lowerASCII(w)]
}

func lowerASCII(s string) string {
	if isLowerASCII(s) {
		return s
	}
	return toLower(s)
}

// isLowerASCII reports whether lowerASCII(s) is s itself.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return false
		}
	}
	return true
}

// appendLower appends toLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for _, r := range s {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

func toLower(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, unicode.ToLower(r))
	}
	return string(b)
}

// CountSentences is the number of sentences Tokenize finds in text.
func CountSentences(toks []Token) int {
	n := 0
	for _, t := range toks {
		if t.SentStart {
			n++
		}
	}
	return n
}
