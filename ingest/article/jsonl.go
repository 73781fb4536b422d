package article

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// jsonRecord is one JSON Lines article. Unknown fields are ignored so that
// producers can carry extra metadata.
type jsonRecord struct {
	ID        json.RawMessage `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Outlet    string          `json:"outlet"`
	Agency    string          `json:"agency"` // optional: the wire agency credited
	Author    string          `json:"author"`
	Published string          `json:"published"`
	Text      *string         `json:"text"`
}

// readJSONL streams a JSON Lines file: one article object per line (fields
// as in jsonRecord; "agency" is an optional extra), blank
// lines skipped. A bad line (malformed JSON, no "text", over the size limit,
// invalid UTF-8 with repair off) yields a *FileError with its line number and
// reading continues with the next line. An unparseable "published" value is
// a warning on the document, not an error. Options.MaxBytes caps each line.
func readJSONL(ctx context.Context, br *bufio.Reader, path string, opts Options, yield yieldFunc) bool {
	lr := &lineReader{br: br, limit: opts.limit()}
	records := 0
	for {
		if err := ctx.Err(); err != nil {
			return yield(Document{}, err)
		}
		line, size, long, err := lr.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return yield(Document{}, &FileError{Path: path, Line: lr.line + 1, Offset: -1, Err: fmt.Errorf("read: %w", unwrapPath(err))})
		}
		if long {
			records++
			if !yield(Document{}, &FileError{Path: path, Line: lr.line, Offset: -1, Err: tooLarge("line", size, lr.limit)}) {
				return false
			}
			continue
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		records++
		d, err := parseJSONLine(path, lr.line, lr.off, line, opts)
		if !yield(d, err) {
			return false
		}
	}
	if records == 0 {
		return yield(Document{}, fileErr(path, fmt.Errorf("%w: no JSON records", ErrEmpty)))
	}
	return true
}

func parseJSONLine(path string, lineNo int, off int64, line []byte, opts Options) (Document, error) {
	bad := func(err error) (Document, error) {
		return Document{}, &FileError{Path: path, Line: lineNo, Offset: -1, Err: err}
	}
	// Check UTF-8 before decoding: encoding/json would silently replace
	// invalid bytes, hiding the problem.
	src, repaired, warning, err := toText(line, path, off, lineNo, opts)
	if err != nil {
		return Document{}, err
	}
	src = strings.TrimLeft(src, " \t\ufeff") // a BOM on line 1 is not JSON
	if !strings.HasPrefix(src, "{") {
		return bad(fmt.Errorf("%w: line is not a JSON object", ErrSyntax))
	}
	var rec jsonRecord
	dec := json.NewDecoder(strings.NewReader(src))
	if err := dec.Decode(&rec); err != nil {
		return bad(fmt.Errorf("%w: %v", ErrSyntax, err))
	}
	if dec.More() {
		return bad(fmt.Errorf("%w: more than one JSON value on the line", ErrSyntax))
	}
	if rec.Text == nil {
		return bad(fmt.Errorf("%w: missing \"text\"", ErrNoText))
	}
	if strings.TrimFunc(*rec.Text, isSpace) == "" {
		return bad(fmt.Errorf("%w: \"text\" is empty", ErrNoText))
	}
	id, err := jsonID(rec.ID)
	if err != nil {
		return bad(err)
	}
	source := path + ":" + strconv.Itoa(lineNo)
	d := Document{
		ID:       id,
		URL:      clean(rec.URL),
		Title:    clean(rec.Title),
		Outlet:   clean(rec.Outlet),
		Agency:   clean(rec.Agency),
		Author:   clean(rec.Author),
		Text:     *rec.Text,
		Source:   source,
		Repaired: repaired,
	}
	if warning != "" {
		d.Warnings = append(d.Warnings, warning)
	}
	if p := strings.TrimSpace(rec.Published); p != "" {
		t, err := parseDate(p)
		if err != nil {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s: published %q: want RFC 3339 or YYYY-MM-DD; left unset", source, p))
		}
		d.Published = t
	}
	return d, nil
}

// jsonID accepts a string or a number as the id.
func jsonID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%w: id: %v", ErrSyntax, err)
		}
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("%w: id must be a string or a number", ErrSyntax)
	}
	return n.String(), nil
}

// parseDate accepts RFC 3339 or a bare YYYY-MM-DD date (taken as UTC).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}
