package article

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// StdinPath is the path that names standard input.
const StdinPath = "-"

// yieldFunc receives each document or error in turn; it returns false to stop.
type yieldFunc func(Document, error) bool

// ReadFile reads every article in the file at path, choosing the format by
// extension (or Options.Format): .txt, .text or no extension for plain text,
// .html/.htm, .jsonl/.ndjson, and .sgm/.sgml for Reuters-21578. The path "-"
// reads standard input.
//
// A problem with the whole file is returned as a *FileError and no
// documents. For the multi-article formats a bad record does not stop the
// others: the good documents are returned together with an error joining one
// *FileError per bad record (errors.As finds the first).
func ReadFile(ctx context.Context, path string, opts Options) ([]Document, error) {
	return collect(func(yield yieldFunc) { readPath(ctx, path, opts, yield) })
}

// Read reads articles from r, which is named name in documents and errors.
// format is one of FormatText, FormatHTML, FormatJSONL or FormatSGML; when
// empty it is guessed from the content: "{" as the first non-space byte means
// JSON Lines, "<REUTERS" or the Reuters doctype means SGML, any other "<"
// means HTML, and anything else plain text. Errors are as for ReadFile.
func Read(ctx context.Context, r io.Reader, name, format string, opts Options) ([]Document, error) {
	return collect(func(yield yieldFunc) {
		if format == "" {
			format = opts.Format
		}
		if format != "" {
			if err := checkFormat(format); err != nil {
				yield(Document{}, fileErr(name, err))
				return
			}
		}
		decode(ctx, r, name, -1, format, opts, yield)
	})
}

func collect(run func(yieldFunc)) ([]Document, error) {
	var docs []Document
	var errs []error
	run(func(d Document, err error) bool {
		if err != nil {
			errs = append(errs, err)
		} else {
			docs = append(docs, d)
		}
		return true
	})
	switch len(errs) {
	case 0:
		return docs, nil
	case 1:
		return docs, errs[0]
	}
	return docs, errors.Join(errs...)
}

// formatOf chooses the format of path from its extension.
func formatOf(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".txt", ".text", "":
		return FormatText, nil
	case ".html", ".htm", ".xhtml":
		return FormatHTML, nil
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	case ".sgm", ".sgml":
		return FormatSGML, nil
	}
	return "", fmt.Errorf("%w: extension %q (want .txt, .html, .htm, .jsonl, .ndjson or .sgm)", ErrUnsupported, ext)
}

func checkFormat(format string) error {
	switch format {
	case FormatText, FormatHTML, FormatJSONL, FormatSGML:
		return nil
	}
	return fmt.Errorf("%w: format %q (want txt, html, jsonl or sgm)", ErrUnsupported, format)
}

// readPath opens and decodes one path. It returns false when yield asked to
// stop.
func readPath(ctx context.Context, path string, opts Options, yield yieldFunc) bool {
	if err := ctx.Err(); err != nil {
		return yield(Document{}, err)
	}
	if path == StdinPath {
		var r io.Reader = os.Stdin
		if opts.Stdin != nil {
			r = opts.Stdin
		}
		format := opts.Format
		if format != "" {
			if err := checkFormat(format); err != nil {
				return yield(Document{}, fileErr(path, err))
			}
		}
		return decode(ctx, r, path, -1, format, opts, yield)
	}
	format := opts.Format
	var err error
	if format != "" {
		err = checkFormat(format)
	} else {
		format, err = formatOf(path)
	}
	if err != nil {
		return yield(Document{}, fileErr(path, err))
	}
	f, err := os.Open(path)
	if err != nil {
		return yield(Document{}, fileErr(path, fmt.Errorf("open: %w", unwrapPath(err))))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return yield(Document{}, fileErr(path, fmt.Errorf("stat: %w", unwrapPath(err))))
	}
	if fi.IsDir() {
		return yield(Document{}, fileErr(path, errors.New("is a directory")))
	}
	size := int64(-1)
	if fi.Mode().IsRegular() {
		size = fi.Size()
		if size == 0 {
			return yield(Document{}, fileErr(path, ErrEmpty))
		}
		if lim := opts.limit(); lim >= 0 && size > lim && wholeFile(format) {
			return yield(Document{}, fileErr(path, tooLarge("file", size, lim)))
		}
	}
	return decode(ctx, f, path, size, format, opts, yield)
}

// unwrapPath drops the *fs.PathError layer, whose message repeats the path
// that the FileError already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// wholeFile reports whether format is read into memory as one document, so
// that MaxBytes applies to the whole file rather than to each record.
func wholeFile(format string) bool { return format == FormatText || format == FormatHTML }

// decode sniffs and decodes r. size is the file size, or -1 when unknown.
func decode(ctx context.Context, r io.Reader, path string, size int64, format string, opts Options, yield yieldFunc) bool {
	bufSize := 64 << 10
	if size >= 0 && size+1 < int64(bufSize) {
		bufSize = int(size) + 1 // small files: don't allocate 64 KiB each
	}
	br := bufio.NewReaderSize(r, bufSize)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return yield(Document{}, fileErr(path, fmt.Errorf("read: %w", unwrapPath(err))))
	}
	if len(head) == 0 {
		return yield(Document{}, fileErr(path, ErrEmpty))
	}
	if looksBinary(head) {
		return yield(Document{}, fileErr(path, ErrBinary))
	}
	if format == "" {
		format = sniffFormat(head)
	}
	switch format {
	case FormatJSONL:
		return readJSONL(ctx, br, path, opts, yield)
	case FormatSGML:
		return readSGML(ctx, br, path, opts, yield)
	}
	b, err := readAll(br, opts.limit(), size)
	if err != nil {
		return yield(Document{}, fileErr(path, err))
	}
	var d Document
	if format == FormatHTML {
		d, err = parseHTML(path, b, opts)
	} else {
		d, err = parseText(path, b, opts)
	}
	if err != nil {
		return yield(Document{}, err)
	}
	return yield(d, nil)
}

// sniffFormat guesses the format of standard input from its first bytes.
func sniffFormat(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n\f\ufeff")
	switch {
	case len(t) == 0:
		return FormatText
	case t[0] == '{':
		return FormatJSONL
	case bytes.HasPrefix(t, []byte("<REUTERS")) || bytes.HasPrefix(t, []byte("<!DOCTYPE lewis")):
		return FormatSGML
	case t[0] == '<':
		return FormatHTML
	}
	return FormatText
}

// readAll reads r up to limit bytes (no limit when negative). size is the
// known file size, used in the error message, or -1.
func readAll(r io.Reader, limit, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && (limit < 0 || size <= limit) {
		buf.Grow(int(size) + 1)
	}
	if limit >= 0 {
		r = io.LimitReader(r, limit+1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("read: %w", unwrapPath(err))
	}
	b := buf.Bytes()
	if limit < 0 {
		return b, nil
	}
	if int64(len(b)) > limit {
		if size > limit {
			return nil, tooLarge("file", size, limit)
		}
		return nil, &limitError{fmt.Sprintf("input is more than %d bytes, over the limit of %d (ingest.max_bytes)", limit, limit)}
	}
	return b, nil
}
