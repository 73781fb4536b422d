package article

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ReutersAgency is the Agency of every Reuters-21578 document.
const ReutersAgency = "Reuters"

// readSGML streams a Reuters-21578 .sgm file one <REUTERS> article at a
// time, so walking the collection never holds more than one article.
// Options.MaxBytes caps one article. A broken article (no text, not closed,
// too large) yields a *FileError with the line of its <REUTERS> tag and
// reading goes on.
func readSGML(ctx context.Context, br *bufio.Reader, path string, opts Options, yield yieldFunc) bool {
	lr := &lineReader{br: br, limit: -1}
	limit := opts.limit()
	var (
		art      []byte
		in       bool
		tooBig   bool
		size     int64
		artLine  int
		artOff   int64
		articles int
	)
	finish := func() bool {
		in = false
		articles++
		if tooBig {
			return yield(Document{}, &FileError{Path: path, Line: artLine, Offset: -1, Err: tooLarge("article", size, limit)})
		}
		return yield(parseReuters(path, artLine, artOff, art, opts))
	}
	for {
		if err := ctx.Err(); err != nil {
			return yield(Document{}, err)
		}
		line, _, _, err := lr.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return yield(Document{}, &FileError{Path: path, Line: lr.line + 1, Offset: -1, Err: fmt.Errorf("read: %w", unwrapPath(err))})
		}
		start := reutersOpen(line)
		if in && start >= 0 {
			articles++
			if !yield(Document{}, &FileError{Path: path, Line: artLine, Offset: -1,
				Err: fmt.Errorf("%w: <REUTERS> not closed before the next one at line %d", ErrSyntax, lr.line)}) {
				return false
			}
			in = false
		}
		if !in {
			if start < 0 {
				continue // doctype or stray text between articles
			}
			in, tooBig, size = true, false, 0
			artLine, artOff = lr.line, lr.off+int64(start)
			art = art[:0]
			line = line[start:]
		}
		size += int64(len(line)) + 1
		if !tooBig {
			if limit >= 0 && size > limit {
				tooBig, art = true, nil
			} else {
				art = append(art, line...)
				art = append(art, '\n')
			}
		}
		if bytes.Contains(line, []byte("</REUTERS>")) {
			if !finish() {
				return false
			}
		}
	}
	if in {
		articles++
		if !yield(Document{}, &FileError{Path: path, Line: artLine, Offset: -1,
			Err: fmt.Errorf("%w: <REUTERS> not closed before end of file", ErrSyntax)}) {
			return false
		}
	}
	if articles == 0 {
		return yield(Document{}, fileErr(path, fmt.Errorf("%w: no <REUTERS> articles found", ErrNoText)))
	}
	return true
}

// reutersOpen returns the index of a <REUTERS> start tag in line, or -1.
func reutersOpen(line []byte) int {
	for off := 0; ; {
		i := bytes.Index(line[off:], []byte("<REUTERS"))
		if i < 0 {
			return -1
		}
		i += off
		if j := i + len("<REUTERS"); j == len(line) || line[j] == '>' || line[j] == ' ' || line[j] == '\t' {
			return i
		}
		off = i + 1
	}
}

var newIDRE = regexp.MustCompile(`\bNEWID\s*=\s*"?(\d+)`)

// ReutersIDPrefix namespaces Reuters-21578 NEWIDs as document IDs.
const ReutersIDPrefix = "reuters21578-"

// parseReuters turns one <REUTERS>...</REUTERS> element into a Document:
// Text is the title, a blank line and the body, with SGML entities decoded
// and control characters (the wire's &#2; &#3; markers) dropped. A story
// without <TITLE> (TYPE="UNPROC") takes its first line as the title and its
// Text is the body alone, which already starts with that line.
func parseReuters(path string, line int, off int64, raw []byte, opts Options) (Document, error) {
	s, repaired, warning, err := toText(raw, path, off, line, opts)
	if err != nil {
		return Document{}, err
	}
	source := path + ":" + strconv.Itoa(line)
	tagEnd := strings.IndexByte(s, '>')
	if tagEnd < 0 {
		return Document{}, &FileError{Path: path, Line: line, Offset: -1, Err: fmt.Errorf("%w: unterminated <REUTERS> tag", ErrSyntax)}
	}
	d := Document{Agency: ReutersAgency, Source: source, Repaired: repaired}
	if m := newIDRE.FindStringSubmatch(s[:tagEnd]); m != nil {
		d.ID = ReutersIDPrefix + m[1] // namespaced: a JSONL "id": 1 is another article
	}
	if warning != "" {
		d.Warnings = append(d.Warnings, warning)
	}
	if date, ok := element(s, "DATE"); ok {
		t, err := parseReutersDate(decodeEntities(date))
		if err != nil {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s: <DATE>: %v; left unset", source, err))
		}
		d.Published = t
	}
	text, hasText := element(s, "TEXT")
	if !hasText {
		text = s[tagEnd+1:]
	}
	title, _ := element(text, "TITLE")
	d.Title = oneLine(decodeEntities(title))
	if dl, ok := element(text, "DATELINE"); ok {
		d.Dateline = strings.TrimRight(oneLine(decodeEntities(dl)), " -")
	}
	if au, ok := element(text, "AUTHOR"); ok {
		au = oneLine(decodeEntities(au))
		if name, _, ok := parseByline(au); ok && name != "" {
			au = name
		}
		d.Author = au
	}
	body, ok := element(text, "BODY")
	if !ok && hasText {
		// BRIEF and UNPROC stories: the text is whatever is left in <TEXT>.
		body = text
		for _, tag := range []string{"TITLE", "DATELINE", "AUTHOR"} {
			body = removeElement(body, tag)
		}
	}
	body = strings.TrimSpace(trimLeadingBlankLines(decodeEntities(body)))
	if !ok && strings.IndexFunc(body, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		body = "" // the "******" filler BRIEF stories leave next to <TITLE>
	}
	if d.Title == "" && body != "" {
		// UNPROC stories have no <TITLE>; their first line is a heading.
		first, _, _ := strings.Cut(body, "\n")
		d.Title = cutTitle(strings.TrimSpace(first))
		d.Text = body
		return d, nil
	}
	switch {
	case d.Title != "" && body != "":
		d.Text = d.Title + "\n\n" + body
	case d.Title != "":
		d.Text = d.Title
	default:
		return Document{}, &FileError{Path: path, Line: line, Offset: -1,
			Err: fmt.Errorf("%w: article %s has neither title nor body", ErrNoText, d.ID)}
	}
	return d, nil
}

// element returns the content of the first <tag ...>...</tag> in s.
func element(s, tag string) (string, bool) {
	i, j, k := findElement(s, tag)
	if i < 0 {
		return "", false
	}
	return s[j:k], true
}

func removeElement(s, tag string) string {
	i, _, k := findElement(s, tag)
	if i < 0 {
		return s
	}
	return s[:i] + s[k+len("</"+tag+">"):]
}

// findElement locates <tag ...>content</tag>: i is the start of the open tag,
// j..k the content. i is -1 when absent or unclosed.
func findElement(s, tag string) (i, j, k int) {
	open := "<" + tag
	for off := 0; ; {
		n := strings.Index(s[off:], open)
		if n < 0 {
			return -1, 0, 0
		}
		i = off + n
		after := i + len(open)
		if after < len(s) && (s[after] == '>' || s[after] == ' ' || s[after] == '\t' || s[after] == '\n') {
			gt := strings.IndexByte(s[after:], '>')
			if gt < 0 {
				return -1, 0, 0
			}
			j = after + gt + 1
			end := strings.Index(s[j:], "</"+tag+">")
			if end < 0 {
				return -1, 0, 0
			}
			return i, j, j + end
		}
		off = after
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func trimLeadingBlankLines(s string) string {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || strings.TrimSpace(s[:i]) != "" {
			return s
		}
		s = s[i+1:]
	}
}

// decodeEntities decodes the SGML entities Reuters-21578 uses (&lt; &gt;
// &amp; &quot; &apos; and numeric &#N; &#xN;) and drops control characters
// other than tab and newline, which are wire-service markers, not text.
func decodeEntities(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '&' {
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j <= 12 {
				if r, ok := entity(s[i+1 : i+j]); ok {
					if !isControl(r) {
						b.WriteRune(r)
					}
					i += j + 1
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isControl(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

func entity(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		n, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(name[1:], 10, 32)
	}
	if err != nil {
		return 0, false
	}
	r := rune(n)
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return r, true
}

var reutersDateRE = regexp.MustCompile(`(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,2}))?`)

// parseReutersDate parses "26-FEB-1987 15:01:01.79", ignoring the noise the
// collection sometimes leaves around it. The collection gives no time zone;
// the time is taken as UTC.
func parseReutersDate(s string) (time.Time, error) {
	m := reutersDateRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("cannot parse date %q", strings.TrimSpace(s))
	}
	t, err := time.Parse("2-Jan-2006 15:04:05", fmt.Sprintf("%s-%s-%s %s:%s:%s", m[1], m[2], m[3], m[4], m[5], m[6]))
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot parse date %q: %v", strings.TrimSpace(s), err)
	}
	if m[7] != "" {
		cs, _ := strconv.Atoi(m[7])
		if len(m[7]) == 1 {
			cs *= 10
		}
		t = t.Add(time.Duration(cs) * 10 * time.Millisecond)
	}
	return t, nil
}
