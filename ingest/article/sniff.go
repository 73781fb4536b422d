package article

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// sniffLen is how much of the start of an input is examined for binary data.
const sniffLen = 8 << 10

// looksBinary reports whether head (the first bytes of an input) is binary
// rather than text: any NUL byte, more than 10% control characters, or more
// than 30% bytes that are control characters or invalid UTF-8 (proportions
// are judged only on 32 bytes or more). The last
// threshold is loose on purpose so that Latin-1 text still counts as text
// (and gets repaired) while random or compressed data does not.
func looksBinary(head []byte) bool {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if len(head) == 0 {
		return false
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl, bad := 0, 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f {
				ctrl++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 {
			if !utf8.FullRune(head[i:]) {
				break // a rune cut by the end of the sample is not bad
			}
			bad++
		}
		i += size
	}
	n := len(head)
	if n < 32 {
		// Too few bytes for proportions to mean much: only NUL decides.
		return false
	}
	return ctrl*10 > n || (ctrl+bad)*10 > n*3
}

// invalidUTF8 returns the offset of the first invalid UTF-8 byte in b and the
// number of invalid bytes, or -1 and 0 when b is valid.
func invalidUTF8(b []byte) (first int, n int) {
	first = -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if first < 0 {
				first = i
			}
			n++
		}
		i += size
	}
	return first, n
}

// repairUTF8 replaces every invalid byte with U+FFFD, the same way a Go range
// loop decodes it, so rune offsets in the result are predictable.
func repairUTF8(b []byte) string {
	var sb bytes.Buffer
	sb.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[i : i+size])
		}
		i += size
	}
	return sb.String()
}

// lineAt returns the 1-based line number of byte offset off in b.
func lineAt(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	return bytes.Count(b[:off], []byte{'\n'}) + 1
}

// toText validates b as UTF-8 text under opts. base is the file offset of
// b[0] and baseLine the line number of its first line, for error positions.
// It returns the text, whether it was repaired, and a warning to record.
func toText(b []byte, path string, base int64, baseLine int, opts Options) (text string, repaired bool, warning string, err error) {
	first, n := invalidUTF8(b)
	if first < 0 {
		return string(b), false, "", nil
	}
	line := baseLine + lineAt(b, first) - 1
	if !opts.RepairUTF8 {
		return "", false, "", &FileError{Path: path, Line: line, Offset: base + int64(first), Err: ErrInvalidUTF8}
	}
	warning = fmt.Sprintf("%s:%d: byte offset %d: invalid UTF-8, %d byte(s) replaced with U+FFFD", path, line, base+int64(first), n)
	return repairUTF8(b), true, warning, nil
}
