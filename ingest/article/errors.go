package article

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors, usually wrapped in a *FileError; check them with
// errors.Is.
var (
	// ErrUnsupported means the file's extension names no format this
	// package reads.
	ErrUnsupported = errors.New("unsupported format")
	// ErrEmpty means the input holds no text at all.
	ErrEmpty = errors.New("empty file")
	// ErrBinary means the input looks like binary data rather than text.
	ErrBinary = errors.New("binary file, not text")
	// ErrInvalidUTF8 means the input is not valid UTF-8 and repair was off.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLarge means the input (or one record of it) is over
	// Options.MaxBytes.
	ErrTooLarge = errors.New("over the size limit")
	// ErrNoText means a record parsed but carries no article text.
	ErrNoText = errors.New("no article text")
	// ErrSyntax means a record is malformed (bad JSON, broken SGML).
	ErrSyntax = errors.New("syntax error")
)

// FileError is a problem with one input file, or with one record (a JSONL
// line, a Reuters article) inside it. Other files and records are still read.
type FileError struct {
	Path string
	// Line is the 1-based line number, or 0 when it does not apply.
	Line int
	// Offset is the byte offset of the problem from the start of the file,
	// or -1 when it does not apply.
	Offset int64
	Err    error
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, ": byte offset %d", e.Offset)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// fileErr builds a FileError without line or offset.
func fileErr(path string, err error) *FileError {
	return &FileError{Path: path, Offset: -1, Err: err}
}

// tooLarge is the error for an input over the size limit; the wording names
// the configuration key so users know what to raise.
func tooLarge(what string, n, limit int64) error {
	return &limitError{fmt.Sprintf("%s is %d bytes, over the limit of %d (ingest.max_bytes)", what, n, limit)}
}

// limitError is ErrTooLarge with a message that says it all by itself.
type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrTooLarge }
