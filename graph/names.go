package graph

import (
	"strings"
	"unicode"
)

// NormalizeName folds a name for lookup: lower case, diacritics removed
// (for Latin scripts), punctuation dropped, runs of spaces collapsed. Hence
// "Agence France-Presse", "agence france presse" and "AGENCE FRANCE–PRESSE"
// all fold to "agence france presse", and "Peskóv" to "peskov".
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
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
