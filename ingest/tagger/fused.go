package tagger

import "unsafe"

// fusedWeights lays every stage's weights for one feature side by side in
// one 64-byte-aligned row (stage s's labels at s*8, padded to 8). Decoding
// is bound by fetching weight rows from memory at random; stage 2's
// features begin with all of stage 1's, so while stage 1 sums a token's
// rows, the same cache lines also give stage 2's partial sums, and stage 2
// then fetches only its few stacked features. The values are Weights'
// own, added in the same order, so the scores are the same bits.
type fusedWeights struct {
	w      []float32
	stride int        // floats per row: 8 per stage
	src    []*float32 // &Weights[s][0] the layout was built from
}

const fusedLane = 8

// buildFused returns m's weights in the fused layout.
func buildFused(m *Model) *fusedWeights {
	stages := len(m.Weights)
	if stages == 0 || m.Buckets <= 0 {
		return nil
	}
	stride := fusedLane * stages
	const align = 64
	buf := make([]float32, m.Buckets*stride+align/4)
	off := 0
	if rem := uintptr(unsafe.Pointer(&buf[0])) % align; rem != 0 {
		off = int(align-rem) / 4
	}
	fz := &fusedWeights{w: buf[off : off+m.Buckets*stride], stride: stride}
	for s, ws := range m.Weights {
		if len(ws) != m.Buckets*numLabels {
			return nil
		}
		for f := range m.Buckets {
			copy(fz.w[f*stride+s*fusedLane:f*stride+s*fusedLane+numLabels], ws[f*numLabels:(f+1)*numLabels])
		}
		fz.src = append(fz.src, &ws[0])
	}
	return fz
}

// fusedFor returns m's fused layout if it still matches m.Weights.
func (m *Model) fusedFor() *fusedWeights {
	fz := m.fused
	if fz == nil || len(fz.src) != len(m.Weights) || len(m.Trans) != len(m.Weights) {
		return nil
	}
	for s, ws := range m.Weights {
		if len(ws) != m.Buckets*numLabels || &ws[0] != fz.src[s] {
			return nil
		}
	}
	return fz
}

// sumRows adds the rows of feats at lane offset lane into emit (n ×
// numLabels), each token's sum continuing from emit's value.
func sumRows(w []float32, stride, lane int, feats [][]uint32, emit []float32) {
	for i, fs := range feats {
		e := (*[numLabels]float32)(emit[i*numLabels:])
		e0, e1, e2, e3, e4, e5, e6 := e[0], e[1], e[2], e[3], e[4], e[5], e[6]
		for _, f := range fs {
			row := (*[numLabels]float32)(w[int(f)*stride+lane:])
			e0 += row[0]
			e1 += row[1]
			e2 += row[2]
			e3 += row[3]
			e4 += row[4]
			e5 += row[5]
			e6 += row[6]
		}
		*e = [numLabels]float32{e0, e1, e2, e3, e4, e5, e6}
	}
}

// sumRows2 is sumRows for both stages of a two-stage fused layout at
// once, each row's cache line read once: emit0 and emit1 receive the
// sums (from zero) of lanes 0 and 8.
func sumRows2(w []float32, feats [][]uint32, emit0, emit1 []float32) {
	for i, fs := range feats {
		var a0, a1, a2, a3, a4, a5, a6 float32
		var b0, b1, b2, b3, b4, b5, b6 float32
		for _, f := range fs {
			row := (*[2 * fusedLane]float32)(w[int(f)*2*fusedLane:])
			a0 += row[0]
			a1 += row[1]
			a2 += row[2]
			a3 += row[3]
			a4 += row[4]
			a5 += row[5]
			a6 += row[6]
			b0 += row[8]
			b1 += row[9]
			b2 += row[10]
			b3 += row[11]
			b4 += row[12]
			b5 += row[13]
			b6 += row[14]
		}
		*(*[numLabels]float32)(emit0[i*numLabels:]) = [numLabels]float32{a0, a1, a2, a3, a4, a5, a6}
		*(*[numLabels]float32)(emit1[i*numLabels:]) = [numLabels]float32{b0, b1, b2, b3, b4, b5, b6}
	}
}

// labelsFused is labels' stage loop over the fused layout.
func (m *Model) labelsFused(fz *fusedWeights, toks []Token, info []tokInfo, base [][]uint32, sc *scratch) (last, first []uint8) {
	n := len(toks)
	stages := len(m.Weights)
	emit := resize(&sc.emit, stages*n*numLabels)
	// Base features of every stage, token by token so each row's cache
	// line serves all stages while it is hot.
	if stages == 2 {
		sumRows2(fz.w, base, emit[:n*numLabels], emit[n*numLabels:])
	} else {
		for i := range base {
			for s := range stages {
				sumRows(fz.w, fz.stride, s*fusedLane, base[i:i+1], emit[(s*n+i)*numLabels:])
			}
		}
	}
	paras := paragraphs(toks)
	var pred []uint8
	for s := range stages {
		e := emit[s*n*numLabels : (s+1)*n*numLabels]
		if pred != nil {
			sumRows(fz.w, fz.stride, s*fusedLane, m.stackExtras(info, pred, sc), e)
		}
		out := resize(&sc.stages[s], n)
		for _, p := range paras {
			sc.dec.decode(m.Trans[s], e[p[0]*numLabels:p[1]*numLabels], out[p[0]:p[1]])
		}
		if s == 0 {
			first = out
		}
		pred = out
	}
	return pred, first
}
