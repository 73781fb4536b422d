package brat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// TextBound is a "T" line: a typed annotation over one or more character
// ranges of the text.
type TextBound struct {
	ID    string
	Type  string
	Spans []graph.Span
	// Text is the covered text as brat stores it: the fragments joined by
	// single spaces. It may contain newlines when a fragment does.
	Text string
}

// Arg is one role:ID argument of an event.
type Arg struct {
	Role string
	ID   string
}

// Event is an "E" line: Type:Trigger followed by role arguments, in file order.
type Event struct {
	ID      string
	Type    string
	Trigger string
	Args    []Arg
}

// Arg returns the ID of the first argument with the given role, or "".
func (e Event) Arg(role string) string {
	for _, a := range e.Args {
		if a.Role == role {
			return a.ID
		}
	}
	return ""
}

// Document is the parsed content of one .ann file. Lines of other types
// (relations, attributes, notes) are skipped.
type Document struct {
	TextBounds []TextBound
	Events     []Event
}

// ErrSyntax marks a malformed .ann line.
var ErrSyntax = errors.New("brat syntax error")

// Parse reads a brat standoff .ann file. Errors name the offending line.
func Parse(r io.Reader) (*Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var lines []string
	for sc.Scan() {
		lines = append(lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read ann: %w", err)
	}
	doc := &Document{}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		lineNo := i + 1
		if strings.TrimSpace(line) == "" {
			continue
		}
		id, rest, ok := strings.Cut(line, "\t")
		if !ok || !isID(id) {
			return nil, fmt.Errorf("line %d: %q is not an annotation line: %w", lineNo, clip(line), ErrSyntax)
		}
		switch id[0] {
		case 'T':
			tb, err := parseTextBound(id, rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			// A fragment's text may contain newlines, which brat writes
			// verbatim; the following lines then continue the text until it
			// reaches the length the offsets imply.
			want := textLen(tb.Spans)
			for utf8.RuneCountInString(tb.Text) < want && i+1 < len(lines) && !looksLikeAnnotation(lines[i+1]) {
				i++
				tb.Text += "\n" + lines[i]
			}
			doc.TextBounds = append(doc.TextBounds, tb)
		case 'E':
			ev, err := parseEvent(id, rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			doc.Events = append(doc.Events, ev)
		default:
			// Relations, attributes, normalisations, notes: not needed here.
		}
	}
	return doc, nil
}

// isID reports whether s looks like a brat annotation ID ("T12", "E3",
// "#1", "*").
func isID(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case 'T', 'E', 'R', 'A', 'M', 'N', '#', '*':
	default:
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s[0] == '*' || len(s) > 1
}

func looksLikeAnnotation(line string) bool {
	id, _, ok := strings.Cut(line, "\t")
	return ok && isID(id)
}

// textLen is the rune length brat's text field has for these spans:
// fragments joined by one space.
func textLen(spans []graph.Span) int {
	n := 0
	for i, s := range spans {
		if i > 0 {
			n++
		}
		n += s.End - s.Start
	}
	return n
}

func parseTextBound(id, rest string) (TextBound, error) {
	head, text, ok := strings.Cut(rest, "\t")
	if !ok {
		return TextBound{}, fmt.Errorf("text-bound %s: missing text field: %w", id, ErrSyntax)
	}
	typ, offs, ok := strings.Cut(head, " ")
	if !ok || typ == "" {
		return TextBound{}, fmt.Errorf("text-bound %s: missing type or offsets in %q: %w", id, clip(head), ErrSyntax)
	}
	var spans []graph.Span
	for frag := range strings.SplitSeq(offs, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
		if !ok {
			return TextBound{}, fmt.Errorf("text-bound %s: bad fragment %q: %w", id, clip(frag), ErrSyntax)
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil || start < 0 || end < start {
			return TextBound{}, fmt.Errorf("text-bound %s: bad offsets %q: %w", id, clip(frag), ErrSyntax)
		}
		spans = append(spans, graph.Span{Start: start, End: end})
	}
	return TextBound{ID: id, Type: typ, Spans: spans, Text: text}, nil
}

func parseEvent(id, rest string) (Event, error) {
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return Event{}, fmt.Errorf("event %s: empty: %w", id, ErrSyntax)
	}
	typ, trig, ok := strings.Cut(fields[0], ":")
	if !ok || typ == "" || trig == "" {
		return Event{}, fmt.Errorf("event %s: bad type:trigger %q: %w", id, clip(fields[0]), ErrSyntax)
	}
	ev := Event{ID: id, Type: typ, Trigger: trig}
	for _, f := range fields[1:] {
		role, arg, ok := strings.Cut(f, ":")
		if !ok || role == "" || arg == "" {
			return Event{}, fmt.Errorf("event %s: bad argument %q: %w", id, clip(f), ErrSyntax)
		}
		ev.Args = append(ev.Args, Arg{Role: role, ID: arg})
	}
	return ev, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// Write serialises doc in brat standoff format: text-bounds first, then
// events, each in slice order. It refuses documents that would not parse
// back to themselves.
func Write(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	for _, tb := range doc.TextBounds {
		if err := checkTextBound(tb); err != nil {
			return err
		}
		fmt.Fprintf(bw, "%s\t%s ", tb.ID, tb.Type)
		for i, s := range tb.Spans {
			if i > 0 {
				bw.WriteByte(';')
			}
			fmt.Fprintf(bw, "%d %d", s.Start, s.End)
		}
		fmt.Fprintf(bw, "\t%s\n", tb.Text)
	}
	for _, ev := range doc.Events {
		if err := checkEvent(ev); err != nil {
			return err
		}
		fmt.Fprintf(bw, "%s\t%s:%s", ev.ID, ev.Type, ev.Trigger)
		for _, a := range ev.Args {
			fmt.Fprintf(bw, " %s:%s", a.Role, a.ID)
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write ann: %w", err)
	}
	return nil
}

func checkTextBound(tb TextBound) error {
	if tb.ID == "" || tb.ID[0] != 'T' || !isID(tb.ID) {
		return fmt.Errorf("text-bound id %q: %w", tb.ID, ErrSyntax)
	}
	if tb.Type == "" {
		return fmt.Errorf("text-bound %s: empty type: %w", tb.ID, ErrSyntax)
	}
	if len(tb.Spans) == 0 {
		return fmt.Errorf("text-bound %s: no spans: %w", tb.ID, ErrSyntax)
	}
	for _, s := range tb.Spans {
		if s.Start < 0 || s.End < s.Start {
			return fmt.Errorf("text-bound %s: bad span %d-%d: %w", tb.ID, s.Start, s.End, ErrSyntax)
		}
	}
	if strings.ContainsAny(tb.Type, " \t\n\r") {
		return fmt.Errorf("text-bound %s: bad type %q: %w", tb.ID, tb.Type, ErrSyntax)
	}
	// Simulate Parse: continuation lines are read only while the text is
	// shorter than its offsets imply and when they do not look like
	// annotations.
	want := textLen(tb.Spans)
	lines := strings.Split(tb.Text, "\n")
	n := utf8.RuneCountInString(lines[0])
	for _, l := range lines[1:] {
		if n >= want || looksLikeAnnotation(l) {
			return fmt.Errorf("text-bound %s: multi-line text does not match its offsets: %w", tb.ID, ErrSyntax)
		}
		n += 1 + utf8.RuneCountInString(l)
	}
	for _, l := range lines {
		if strings.HasSuffix(l, "\r") {
			return fmt.Errorf("text-bound %s: carriage return at line end in text: %w", tb.ID, ErrSyntax)
		}
	}
	return nil
}

func checkEvent(ev Event) error {
	if ev.ID == "" || ev.ID[0] != 'E' || !isID(ev.ID) {
		return fmt.Errorf("event id %q: %w", ev.ID, ErrSyntax)
	}
	if !isToken(ev.Type) || !isToken(ev.Trigger) || strings.Contains(ev.Type, ":") {
		return fmt.Errorf("event %s: bad type or trigger: %w", ev.ID, ErrSyntax)
	}
	for _, a := range ev.Args {
		if !isToken(a.Role) || !isToken(a.ID) || strings.Contains(a.Role, ":") {
			return fmt.Errorf("event %s: bad argument %q:%q: %w", ev.ID, a.Role, a.ID, ErrSyntax)
		}
	}
	return nil
}

// isToken reports whether s is non-empty and free of whitespace, as
// strings.Fields splits event lines.
func isToken(s string) bool {
	return s != "" && !strings.ContainsFunc(s, unicode.IsSpace)
}

// Attribution is one attribution event resolved to its spans. Source is
// empty for "Attribution-no-source" events; Content gathers every role that
// starts with "Content" (PolNeAR has a few "Content2" arguments).
type Attribution struct {
	ID      string
	Source  []graph.Span
	Cue     []graph.Span
	Content []graph.Span
}

// Attributions resolves the document's Attribution* events to spans.
// Arguments pointing at missing text-bounds are ignored.
func (d *Document) Attributions() []Attribution {
	byID := make(map[string]TextBound, len(d.TextBounds))
	for _, tb := range d.TextBounds {
		byID[tb.ID] = tb
	}
	var out []Attribution
	for _, ev := range d.Events {
		if !strings.HasPrefix(ev.Type, "Attribution") {
			continue
		}
		a := Attribution{ID: ev.ID}
		for _, arg := range ev.Args {
			tb, ok := byID[arg.ID]
			if !ok {
				continue
			}
			switch {
			case arg.Role == "Source":
				a.Source = append(a.Source, tb.Spans...)
			case arg.Role == "Cue":
				a.Cue = append(a.Cue, tb.Spans...)
			case strings.HasPrefix(arg.Role, "Content"):
				a.Content = append(a.Content, tb.Spans...)
			}
		}
		slices.SortFunc(a.Content, func(x, y graph.Span) int { return x.Start - y.Start })
		out = append(out, a)
	}
	return out
}

// SpanText returns the brat text for spans over runes: the fragments joined
// by single spaces. Out-of-range offsets are clamped.
func SpanText(runes []rune, spans []graph.Span) string {
	var b strings.Builder
	for i, s := range spans {
		if i > 0 {
			b.WriteByte(' ')
		}
		st, en := min(max(s.Start, 0), len(runes)), min(max(s.End, 0), len(runes))
		if st < en {
			b.WriteString(string(runes[st:en]))
		}
	}
	return b.String()
}

// FromAttributions builds a document with Source, Cue and Content
// text-bounds and one event per attribution, the way PolNeAR encodes them.
// Empty roles are omitted; an attribution without a source becomes an
// "Attribution-no-source" event; one without a cue has no trigger and is
// written as text-bounds only.
func FromAttributions(text string, atts []Attribution) *Document {
	runes := []rune(text)
	doc := &Document{}
	add := func(typ string, spans []graph.Span) string {
		if len(spans) == 0 {
			return ""
		}
		id := "T" + strconv.Itoa(len(doc.TextBounds)+1)
		doc.TextBounds = append(doc.TextBounds, TextBound{ID: id, Type: typ, Spans: spans, Text: SpanText(runes, spans)})
		return id
	}
	for _, a := range atts {
		src := add("Source", a.Source)
		cue := add("Cue", a.Cue)
		con := add("Content", a.Content)
		if cue == "" {
			continue
		}
		typ := "Attribution"
		if src == "" {
			typ = "Attribution-no-source"
		}
		trig := add(typ, a.Cue)
		ev := Event{ID: "E" + strconv.Itoa(len(doc.Events)+1), Type: typ, Trigger: trig}
		if con != "" {
			ev.Args = append(ev.Args, Arg{Role: "Content", ID: con})
		}
		ev.Args = append(ev.Args, Arg{Role: "Cue", ID: cue})
		if src != "" {
			ev.Args = append(ev.Args, Arg{Role: "Source", ID: src})
		}
		doc.Events = append(doc.Events, ev)
	}
	return doc
}
