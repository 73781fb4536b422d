package article

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTitleRunes bounds a title taken from a very long first line (a file
// with no line breaks): it is cut at a word boundary near this length.
const maxTitleRunes = 200

// bylineLines is how many lines after the title are examined for a byline.
const bylineLines = 8

// parseText reads a plain-text article: the title is the first non-empty
// line, Text is the whole file exactly, and a byline or agency credit among
// the first lines after the title fills Author and Agency.
func parseText(path string, b []byte, opts Options) (Document, error) {
	text, repaired, warning, err := toText(b, path, 0, 1, opts)
	if err != nil {
		return Document{}, err
	}
	if strings.TrimFunc(text, isSpace) == "" {
		return Document{}, fileErr(path, fmt.Errorf("%w: only whitespace", ErrEmpty))
	}
	d := Document{Text: text, Source: path, Repaired: repaired}
	if warning != "" {
		d.Warnings = append(d.Warnings, warning)
	}
	lines := headLines(text)
	d.Title = cutTitle(strings.TrimFunc(lines[0], isSpace))
	d.Author, d.Agency = findByline(lines[1:])
	d.Outlet = promoOutlet(text)
	return d, nil
}

// promoRE matches a host site's promotion line, "More from GlobalPost: ...",
// which pages copied as text keep and which names the publishing outlet.
// The outlet must be one to five capitalised words.
var promoRE = regexp.MustCompile(`(?m)^[ 	]*(?:More|Read more|More stories|More news) from ([\p{Lu}][\p{L}\p{N}&.'’-]*(?: [\p{Lu}][\p{L}\p{N}&.'’-]*){0,4})[ 	]*:`)

// promoOutlet returns the outlet named by the first promotion line, if any.
func promoOutlet(text string) string {
	if m := promoRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// isSpace is unicode.IsSpace plus the byte-order mark, which editors leave
// at the start of files and which should not end up in a title.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }

// headLines returns the first non-empty line of text followed by up to
// bylineLines lines after it, without splitting the whole text: files can be
// one 1 MB line. text must hold a non-space character.
func headLines(text string) []string {
	var lines []string
	rest := text
	for rest != "" && len(lines) <= bylineLines {
		line := rest
		// "\n", "\r\n" and a lone "\r" (old Mac files) all end a line.
		if i := strings.IndexAny(rest, "\r\n"); i >= 0 {
			sep := 1
			if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
				sep = 2
			}
			line, rest = rest[:i], rest[i+sep:]
		} else {
			rest = ""
		}
		if len(lines) == 0 && strings.TrimFunc(line, isSpace) == "" {
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// cutTitle shortens an overlong title at the last word boundary before
// maxTitleRunes, so it stays a prefix of the line it came from.
func cutTitle(s string) string {
	if utf8.RuneCountInString(s) <= maxTitleRunes {
		return s
	}
	end := 0
	for n := 0; n < maxTitleRunes; n++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	cut := s[:end]
	// Cut at a word boundary unless that would drop more than half.
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > len(cut)/2 {
		cut = cut[:i]
	}
	if t := strings.TrimRightFunc(cut, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—(", r)
	}); t != "" {
		return t
	}
	return cut
}
