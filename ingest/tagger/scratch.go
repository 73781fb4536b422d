package tagger

import "sync"

// scratch holds the per-text working arrays of Tag, reused through a
// pool: tagging allocated about its input's size a hundred times over,
// and the garbage collector's preemptions of the decoding loops showed up
// as a sixth of the CPU time. A nil *scratch (training) allocates afresh.
type scratch struct {
	info               []tokInfo
	lower, key         []byte
	baseFeats, stFeats [][]uint32
	baseBack, stBack   []uint32
	lens               []int32
	raw                []uint64
	ints               [10][]int
	segs               []segInfo
	segStarts          []int
	segMax             []uint8
	quotes             []quoteRegion
	dec                decoder
	emit               []float32
	extras             [][]uint32
	stages             [][]uint8
	rank               rankBufs
}

// rankBufs are rankCtx's arrays.
type rankBufs struct {
	paraOf                                 []int
	word, startBase, endBase               []bool
	endWord, startEdge, endEdge            []bool
	attrP, conP, cueP, srcP, sentP, commaP []int32
	taken                                  []bool
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// resize returns *s with length n and zeroed, reusing its array when it
// is large enough.
func resize[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	} else {
		*s = (*s)[:n]
		clear(*s)
	}
	return *s
}
