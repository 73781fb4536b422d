package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tPunct
	tOpenQ  // opening double quotation mark
	tCloseQ // closing double quotation mark
)

// token is a word, punctuation mark or quotation mark of a sentence, with
// byte offsets into the document text.
type token struct {
	s, e  int
	text  string
	low   string
	kind  tokKind
	quote bool // inside a quotation (quotation marks themselves excluded)
	cap   bool // starts with an upper-case letter
}

func (t *token) is(words ...string) bool {
	for _, w := range words {
		if t.low == w {
			return true
		}
	}
	return false
}

func (t *token) punct(p string) bool { return t.kind == tPunct && t.text == p }

// quoteRegion is a quotation inside one paragraph, [s, e) in bytes, the
// marks included. open is true when it runs to the end of the paragraph
// without a closing mark (a quote continuing in the next paragraph).
type quoteRegion struct {
	s, e int
	open bool
}

// paragraph is one line of text with its quotations and sentences.
type paragraph struct {
	s, e   int
	quotes []quoteRegion
	sents  []*sentence
}

type sentence struct {
	s, e int
	para int
	idx  int // index in the document
	toks []token
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// findQuotes pairs the double quotation marks of a paragraph. A straight
// quote opens after a space or at the start and closes otherwise.
func findQuotes(text string, s, e int) []quoteRegion {
	var out []quoteRegion
	open := -1
	prev := ' '
	for i := s; i < e; {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '“', '„', '«':
			if open < 0 {
				open = i
			}
		case '”', '»':
			if open >= 0 {
				out = append(out, quoteRegion{open, i + n, false})
				open = -1
			}
		case '\'':
			if i+1 >= e || text[i+1] != '\'' {
				break
			}
			// '' is a double quotation mark in some house styles
			n = 2
			fallthrough
		case '"':
			opening := unicode.IsSpace(prev) || prev == '(' || prev == '[' || prev == '—' || prev == '–' || prev == '-' || prev == '/' || i == s
			if open < 0 && (opening || i+n < e && !unicode.IsSpace(rune(text[i+n]))) {
				open = i
			} else if open >= 0 && opening && i+n < e && isWordRune(rune(text[i+n])) && sentenceEndBefore(text, open, i) {
				// A new quote opens after a sentence whose closing mark was
				// dropped: `weeks. "We are ...`.
				out = append(out, quoteRegion{open, i, false})
				open = i
			} else if open >= 0 {
				out = append(out, quoteRegion{open, i + n, false})
				open = -1
			}
		}
		prev = r
		i += n
	}
	if open >= 0 {
		out = append(out, quoteRegion{open, e, true})
	}
	return out
}

func inRegions(qs []quoteRegion, pos int) (quoteRegion, bool) {
	for _, q := range qs {
		if pos > q.s && pos < q.e {
			return q, true
		}
	}
	return quoteRegion{}, false
}

// tokenize splits text[s:e] into tokens; words keep inner hyphens,
// apostrophes, periods and digit commas ("Pro-Kremlin", "Russia's",
// "U.S.", "2,900").
func tokenize(text string, s, e int, quotes []quoteRegion) []token {
	var toks []token
	for i := s; i < e; {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := i + n
			for j < e {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' || r2 == ',' || r2 == '&' {
					if j+n2 < e {
						r3, _ := utf8.DecodeRuneInString(text[j+n2:])
						ok := isWordRune(r3)
						if r2 == ',' {
							ok = unicode.IsDigit(r3) && unicode.IsDigit(lastRune(text[i:j]))
						}
						if r2 == '.' && ok {
							// "U.S." stays one word, "end.Next" does not
							ok = j-i <= 2 || text[j-2] == '.'
						}
						if ok {
							j += n2
							continue
						}
					}
					if r2 == '.' && abbrevDot[text[i:j]] {
						j += n2 // "Mr.", "Sen.", "Gov."
						break
					}
					if r2 == '.' && j-i == 1 && unicode.IsUpper(r) {
						j += n2 // initial "J." / "U.S." last dot
						continue
					}
					if r2 == '.' && j-i >= 2 && text[j-2] == '.' {
						j += n2
						continue
					}
				}
				break
			}
			w := text[i:j]
			toks = append(toks, token{s: i, e: j, text: w, low: strings.ToLower(w), kind: tWord, cap: unicode.IsUpper(r)})
			i = j
		default:
			k := tPunct
			switch r {
			case '“', '„', '«':
				k = tOpenQ
			case '”', '»':
				k = tCloseQ
			case '\'':
				if i+1 < e && text[i+1] == '\'' {
					n = 2
					k = tCloseQ
					for _, q := range quotes {
						if q.s == i {
							k = tOpenQ
						}
					}
				}
			case '"':
				k = tCloseQ
				for _, q := range quotes {
					if q.s == i {
						k = tOpenQ
					}
				}
			}
			w := text[i : i+n]
			toks = append(toks, token{s: i, e: i + n, text: w, low: w, kind: k})
			i += n
		}
	}
	for k := range toks {
		t := &toks[k]
		if t.kind == tWord || t.kind == tPunct {
			_, t.quote = inRegions(quotes, t.s)
		}
	}
	return toks
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// runeIndex converts byte offsets of text to rune offsets.
type runeIndex struct {
	ascii bool
	pos   []int32
}

func newRuneIndex(text string) runeIndex {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return runeIndex{ascii: true}
	}
	pos := make([]int32, len(text)+1)
	n := int32(0)
	for i := 0; i < len(text); {
		_, w := utf8.DecodeRuneInString(text[i:])
		for k := 0; k < w; k++ {
			pos[i+k] = n
		}
		i += w
		n++
	}
	pos[len(text)] = n
	return runeIndex{pos: pos}
}

func (ri runeIndex) at(b int) int {
	if ri.ascii {
		return b
	}
	return int(ri.pos[b])
}

// sentenceEndBefore reports whether the last non-space character before i
// (and after from) ends a sentence.
func sentenceEndBefore(text string, from, i int) bool {
	for j := i - 1; j > from; j-- {
		c := text[j]
		if c == ' ' || c == '\t' {
			continue
		}
		return c == '.' || c == '?' || c == '!'
	}
	return false
}

// abbrevDot are abbreviations whose full stop belongs to the word.
var abbrevDot = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Sen": true,
	"Rep": true, "Gov": true, "Gen": true, "St": true, "Jr": true, "Sr": true, "Rev": true,
	"Lt": true, "Col": true, "Sgt": true, "Prof": true, "Capt": true, "Cmdr": true, "Adm": true,
	"Supt": true, "Insp": true, "Det": true, "Pres": true, "Atty": true, "Co": true,
	"Corp": true, "Inc": true, "Ltd": true, "Bros": true}
