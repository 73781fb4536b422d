package graph

import (
	"strings"
	"unicode"
)

// NormalizeName folds a name for lookup: lower case, diacritics removed
// (for Latin scripts), punctuation dropped, runs of spaces collapsed. Hence
// "Agence France-Presse", "agence france presse" and "AGENCE FRANCE–PRESSE"
// all fold to "agence france presse", and "Peskóv" to "peskov".
//
// The result is cut after MaxNameBytes bytes: it keys indexes, and a
// claim's content (which is its name) can be a megabyte long, far past a
// key's size limit. No real name is that long.
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), MaxNameBytes+8))
	space := false
	for _, r := range s {
		if b.Len() >= MaxNameBytes {
			break
		}
		r = unicode.ToLower(r)
		if f, ok := fold[r]; ok {
			if b.Len() > 0 && space {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(f)
			continue
		}
		switch {
		case unicode.Is(unicode.Mn, r): // combining marks: drop
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if b.Len() > 0 && space {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// "O'Brien" and "U.S." stay one word.
		default:
			space = true
		}
	}
	return b.String()
}

// MaxNameBytes bounds the length of a normalised name.
const MaxNameBytes = 512

// fold maps precomposed Latin letters to their base letters; the standard
// library has no Unicode normalisation, and these cover the names met in news.
var fold = map[rune]string{}

func init() {
	for base, chars := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ss": "ß", "ae": "æ", "oe": "œ", "th": "þ",
	} {
		for _, r := range chars {
			fold[r] = base
		}
	}
}
