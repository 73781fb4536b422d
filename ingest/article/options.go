package article

import "io"

// DefaultMaxBytes is the default Options.MaxBytes: 10 MiB.
const DefaultMaxBytes int64 = 10 << 20

// Formats understood by Read and Options.Format.
const (
	FormatText  = "txt"
	FormatHTML  = "html"
	FormatJSONL = "jsonl"
	FormatSGML  = "sgm"
)

// Options control reading. Use DefaultOptions and change what you need: the
// zero value reads with the default size limit but rejects invalid UTF-8.
type Options struct {
	// MaxBytes caps the size of one .txt or .html file (or of standard
	// input). For the multi-article formats it caps one record instead (a
	// JSONL line, one Reuters article), so large collections still stream.
	// 0 means DefaultMaxBytes; a negative value means no limit.
	MaxBytes int64
	// RepairUTF8 replaces invalid UTF-8 with U+FFFD, marking the Document
	// Repaired and adding a warning. When false, invalid UTF-8 is an error
	// naming the byte offset of the first bad byte.
	RepairUTF8 bool
	// Format, when set, forces one format (FormatText, ...) for every input
	// instead of choosing by extension or, for standard input, by content.
	Format string
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
}

// DefaultOptions returns the defaults: a 10 MiB limit and UTF-8 repair on.
func DefaultOptions() Options {
	return Options{MaxBytes: DefaultMaxBytes, RepairUTF8: true}
}

// limit returns the effective byte limit, or -1 for none.
func (o Options) limit() int64 {
	switch {
	case o.MaxBytes == 0:
		return DefaultMaxBytes
	case o.MaxBytes < 0:
		return -1
	}
	return o.MaxBytes
}
