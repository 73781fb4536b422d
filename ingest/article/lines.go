package article

import (
	"bufio"
	"errors"
	"io"
)

// lineReader yields the lines of a stream with their line numbers and byte
// offsets, holding at most limit bytes of one line in memory.
type lineReader struct {
	br    *bufio.Reader
	limit int64 // < 0: none
	line  int   // number of the line last returned
	off   int64 // offset of the line last returned
	next  int64 // offset of the following line
}

// read returns the next line without its "\n". When the line is longer than
// the limit it is skipped and size reports its length with long set. At end
// of input it returns io.EOF.
func (lr *lineReader) read() (line []byte, size int64, long bool, err error) {
	lr.off = lr.next
	var buf []byte
	for {
		chunk, err := lr.br.ReadSlice('\n')
		size += int64(len(chunk))
		if !long {
			if lr.limit >= 0 && int64(len(buf)+len(chunk)) > lr.limit+1 { // +1: the "\n"
				long, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		lr.next += size
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, size, false, err
		}
		if size == 0 {
			return nil, 0, false, io.EOF
		}
		lr.line++
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, size, long, nil
	}
}
