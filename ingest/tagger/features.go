package tagger

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Labels of the BIO tag set. PolNeAR is univocal (a token belongs to at
// most one attribution role), so one joint sequence covers all three roles.
const (
	lO = iota
	lBSrc
	lISrc
	lBCue
	lICue
	lBCon
	lICon
	numLabels
)

var labelNames = [numLabels]string{"O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"}

// allowed[prev][cur]: I-X may only follow B-X or I-X.
var allowed = func() (a [numLabels + 1][numLabels]bool) {
	for p := 0; p <= numLabels; p++ { // numLabels = start of sequence
		for c := 0; c < numLabels; c++ {
			a[p][c] = true
			if c == lISrc || c == lICue || c == lICon {
				a[p][c] = p == c || p == c-1
			}
		}
	}
	return a
}()

// hashing: FNV-1a over strings, then splitmix-style mixing of template ids
// and hashes, so feature extraction allocates nothing per feature.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func mix(a, b uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ (b + 0x632BE59BD9B4E019 + (a << 6) + (a >> 2))
	h ^= h >> 31
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 29
	return h
}

// tokInfo is the per-token data features are built from.
type tokInfo struct {
	word     uint64 // lower-cased word
	shape    uint64
	pre3     uint64
	suf3     uint64
	suf2     uint64
	cue      uint8 // cue-lexicon score bucket 0..4
	stem     uint64
	stemCue  uint8 // the stem's cue-lexicon score
	inQuote  bool
	quote    int8 // 1 opening quote, 2 closing quote, 3 ambiguous straight quote
	cap      bool // starts with an upper-case letter
	punct    bool
	comma    bool
	sentPos  int // index in sentence
	sentLen  int
	sentIdx  int // sentence index within paragraph
	paraPos  int // paragraph index
	sentFrom int // token index of the sentence start
	// commasBefore counts commas in the text before this token, so the
	// commas between two tokens is a subtraction.
	commasBefore int
	segBreak     bool // , ; : — – ( ) end a clause-like segment
	// startWord and endWord: the lower-cased word is in the ranker's
	// startWords or endWords.
	startWord, endWord bool
}

var boundaryHash = hashString("<s>")

func wordShape(s string) string {
	b, n := shapeBytes(s)
	return string(b[:n])
}

// shapeHash is hashString(wordShape(s)) without building the string.
func shapeHash(s string) uint64 {
	b, n := shapeBytes(s)
	h := uint64(fnvOffset)
	for _, c := range b[:n] {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// shapeBytes writes s's shape (X upper, x lower, d digit, ASCII
// punctuation as itself, # other; past the first two, a class repeating
// the previous one is dropped; at most 12 bytes) into a fixed array, so
// callers need not allocate.
func shapeBytes(s string) (b [12]byte, n int) {
	var last byte
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '#'
			}
		}
		if c == last && n > 1 {
			continue
		}
		last = c
		if n < len(b) {
			b[n] = c
			n++
		}
	}
	return b, n
}

func prefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// analyse computes tokInfo for tokens of one text.
func (m *Model) analyse(toks []Token, sc *scratch) []tokInfo {
	if sc == nil {
		sc = new(scratch)
	}
	info := resize(&sc.info, len(toks))
	inQuote, quotePair := false, false
	sentIdx, paraIdx, sentFrom, commas := -1, -1, 0, 0
	for i, t := range toks {
		if t.Para {
			inQuote = false
			sentIdx = -1
			paraIdx++
		}
		if t.SentStart {
			sentIdx++
			sentFrom = i
		}
		// low is lowerASCII(t.Text) without allocating: it may view
		// sc.lower, so nothing below keeps it past this iteration.
		low := t.Text
		if !isLowerASCII(low) {
			sc.lower = appendLower(sc.lower[:0], low)
			low = unsafe.String(unsafe.SliceData(sc.lower), len(sc.lower))
		}
		in := &info[i]
		in.word = hashString(low)
		in.shape = shapeHash(t.Text)
		in.pre3 = hashString(prefix(low, 3))
		in.suf3 = hashString(suffix(low, 3))
		in.suf2 = hashString(suffix(low, 2))
		in.cue = m.Lexicon[low]
		in.startWord = startWords[low]
		in.endWord = endWords[low]
		st := stem(low)
		in.stem = hashString(st)
		sc.key = append(append(sc.key[:0], stemKeyPrefix...), st...)
		in.stemCue = m.Lexicon[string(sc.key)] // stemKey(st); the conversion does not allocate
		r, _ := utf8.DecodeRuneInString(t.Text)
		in.cap = unicode.IsUpper(r)
		in.punct = !isWordRune(r)
		in.comma = t.Text == ","
		in.commasBefore = commas
		switch t.Text {
		case ",", ";", ":", "—", "–", "(", ")":
			in.segBreak = true
		}
		if in.comma {
			commas++
		}
		in.sentIdx = sentIdx
		in.paraPos = paraIdx
		in.sentFrom = sentFrom
		in.sentPos = i - sentFrom
		switch {
		case quotePair:
			// second half of a '' quotation mark
			in.quote = 3
			quotePair = false
		case t.Text == "'" && i+1 < len(toks) && toks[i+1].Text == "'" && toks[i+1].Start == t.End:
			// '' (two apostrophes) is a straight double quote in some
			// newspapers' texts
			in.quote = 3
			inQuote = !inQuote
			quotePair = true
		}
		switch t.Text {
		case "“", "‘":
			in.quote = 1
			inQuote = true
		case "”":
			in.quote = 2
			inQuote = false
		case "\"":
			in.quote = 3
			inQuote = !inQuote
		}
		in.inQuote = inQuote
	}
	// sentence lengths
	for i := len(info) - 1; i >= 0; {
		from := info[i].sentFrom
		for j := from; j <= i; j++ {
			info[j].sentLen = i - from + 1
		}
		i = from - 1
	}
	return info
}

func bucket(d int) uint64 {
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 7:
		return 5
	case d <= 12:
		return 6
	case d <= 20:
		return 7
	default:
		return 8
	}
}

// Feature template ids.
const (
	fBias uint64 = iota + 1
	fWord
	fShape
	fPre3
	fSuf3
	fSuf2
	fWm1
	fWm2
	fWp1
	fWp2
	fBiL
	fBiR
	fShapeCtx
	fSentFirst
	fSentLast
	fQuote
	fQuoteTok
	fCueR
	fCueRWord
	fCueL
	fCueLWord
	fCueScore
	fCueCtx
	fCommaR
	fSentHasCue
	fPrevWordCue
	fSentPos
	fSentEnd
	fCapNotFirst
	fParaFirstSent
	fCueRQuote
	fCueLQuote
	fWordQuote
	fPredCueR
	fPredCueL
	fPredLabel
	fPredLabelCtx
	fFirstCue
	fLastCue
	fPredFirstCue
	fPredLastCue
	fPredSrcL
	fPredSrcR
	fTriL
	fTriR
	fSentOpen
	fSegPrev
	fSegNext
	fSegOwn
	fSegIdx
	fQAfter
	fQBefore
	fQAfterWord
	fQBeforeWord
	fQLen
	fStem
	fStemCue
	fStemCueCtx
)

// featurize returns the hashed features of every token, all sharing one
// backing array. pred, when non-nil, holds the previous stage's labels,
// used as stacked features (appended after the base ones).
func (m *Model) featurize(info []tokInfo, pred []uint8) [][]uint32 {
	base := m.baseFeatures(info, nil)
	if pred == nil {
		return base
	}
	return m.stackFeatures(info, pred, base, nil)
}

// finish hashes raw feature values into buckets, appending to backing.
func finish(backing []uint32, f []uint64, mask uint64) []uint32 {
	for _, h := range f {
		backing = append(backing, uint32(mix(h, 0x5bd1e995)&mask))
	}
	return backing
}

// sliceFeatures cuts backing into per-token lists of the given lengths.
func sliceFeatures(feats [][]uint32, backing []uint32, lens []int32) {
	off := 0
	for i := range feats {
		k := int(lens[i])
		feats[i] = backing[off : off+k : off+k]
		off += k
	}
}

// baseFeatures returns the features that do not depend on a previous
// stage; they are the same for every stage, so Tag computes them once.
func (m *Model) baseFeatures(info []tokInfo, sc *scratch) [][]uint32 {
	if sc == nil {
		sc = new(scratch)
	}
	n := len(info)
	feats := resize(&sc.baseFeats, n)
	lens := resize(&sc.lens, n)
	if cap(sc.baseBack) < n*48 {
		sc.baseBack = make([]uint32, 0, n*48)
	}
	backing := sc.baseBack[:0]
	buf := sc.raw[:0]
	mask := uint64(m.Buckets - 1)
	// nearest cue candidates in the sentence, to the left and right
	nearL := resize(&sc.ints[0], n)
	nearR := resize(&sc.ints[1], n)
	last := -1
	for i := 0; i < n; i++ {
		if info[i].sentPos == 0 {
			last = -1
		}
		nearL[i] = last
		if info[i].cue >= 2 {
			last = i
		}
	}
	last = -1
	for i := n - 1; i >= 0; i-- {
		nearR[i] = last
		if info[i].cue >= 2 {
			last = i
		}
		if info[i].sentPos == 0 {
			last = -1
		}
	}
	// first and last strong cue candidates of each token's sentence
	firstCue, lastCue := sentenceExtremes(info, func(i int) bool { return info[i].cue >= 3 }, &sc.ints[2], &sc.ints[3])
	seg := segments(info, sc)
	qr := quoteRegions(info, sc)
	for i := 0; i < n; i++ {
		in := &info[i]
		f := buf[:0]
		sentWord := func(j int) uint64 {
			if j < 0 || j >= n || info[j].sentFrom != in.sentFrom {
				return boundaryHash
			}
			return info[j].word
		}
		wm1, wm2, wp1, wp2 := sentWord(i-1), sentWord(i-2), sentWord(i+1), sentWord(i+2)
		q := uint64(0)
		if in.inQuote {
			q = 1
		}
		f = append(f,
			fBias,
			mix(fWord, in.word),
			mix(fShape, in.shape),
			mix(fPre3, in.pre3),
			mix(fSuf3, in.suf3),
			mix(fSuf2, in.suf2),
			mix(fWm1, wm1),
			mix(fWm2, wm2),
			mix(fWp1, wp1),
			mix(fWp2, wp2),
			mix(mix(fBiL, wm1), in.word),
			mix(mix(fBiR, in.word), wp1),
			mix(fQuote, q),
			mix(fQuoteTok, uint64(in.quote)),
			mix(fCueScore, uint64(in.cue)),
			mix(fStem, in.stem),
			mix(mix(fStemCue, uint64(in.stemCue)), uint64(in.cue)),
			mix(mix(fWordQuote, in.word), q),
		)
		var sm1, sp1 uint64 = boundaryHash, boundaryHash
		if i > 0 && info[i-1].sentFrom == in.sentFrom {
			sm1 = info[i-1].shape
		}
		if i+1 < n && info[i+1].sentFrom == in.sentFrom {
			sp1 = info[i+1].shape
		}
		f = append(f, mix(mix(mix(fShapeCtx, sm1), in.shape), sp1))
		if in.sentPos == 0 {
			f = append(f, fSentFirst)
		}
		if in.sentPos == in.sentLen-1 {
			f = append(f, fSentLast)
		}
		f = append(f, mix(fSentPos, bucket(in.sentPos)), mix(fSentEnd, bucket(in.sentLen-1-in.sentPos)))
		if in.cap && in.sentPos > 0 {
			f = append(f, fCapNotFirst)
		}
		if in.sentIdx == 0 {
			f = append(f, mix(fParaFirstSent, q))
		}
		var c1, c2 uint64
		if i > 0 {
			c1 = uint64(info[i-1].cue)
		}
		if i+1 < n {
			c2 = uint64(info[i+1].cue)
		}
		f = append(f, mix(mix(fCueCtx, c1), c2))
		var s1, s2 uint64
		if i > 0 {
			s1 = uint64(info[i-1].stemCue)
		}
		if i+1 < n {
			s2 = uint64(info[i+1].stemCue)
		}
		f = append(f, mix(mix(mix(fStemCueCtx, s1), s2), uint64(in.stemCue)))
		if i > 0 && info[i-1].cue >= 2 {
			f = append(f, mix(mix(fPrevWordCue, info[i-1].word), in.word))
		}
		hasCue := uint64(0)
		if r := nearR[i]; r >= 0 {
			d := bucket(r - i)
			commas := uint64(min(info[r].commasBefore-info[i+1].commasBefore, 2))
			f = append(f,
				mix(fCueR, d),
				mix(mix(fCueRWord, info[r].word), d),
				mix(mix(fCommaR, commas), d),
				mix(mix(fCueRQuote, q), commas),
			)
			hasCue |= 1
		}
		if l := nearL[i]; l >= 0 {
			d := bucket(i - l)
			f = append(f,
				mix(fCueL, d),
				mix(mix(fCueLWord, info[l].word), d),
				mix(mix(fCueLQuote, q), d),
			)
			hasCue |= 2
		}
		f = append(f, mix(mix(fSentHasCue, hasCue), q))
		f = append(f, relFeature(fFirstCue, info, i, firstCue[i], q), relFeature(fLastCue, info, i, lastCue[i], q))
		f = append(f,
			mix(mix(mix(fTriL, wm2), wm1), in.word),
			mix(mix(mix(fTriR, in.word), wp1), wp2),
			mix(mix(fSentOpen, info[in.sentFrom].word), q))
		sg := &seg[i]
		f = append(f,
			mix(mix(fSegPrev, uint64(sg.prevCue)), uint64(min(sg.idx, 2))),
			mix(mix(fSegNext, uint64(sg.nextCue)), uint64(min(sg.fromEnd, 2))),
			mix(mix(fSegOwn, uint64(sg.ownCue)), uint64(sg.ownDir)),
			mix(mix(mix(fSegIdx, uint64(min(sg.idx, 3))), uint64(min(sg.fromEnd, 3))), q))
		if r := qr[i]; r.open >= 0 {
			f = append(f,
				mix(fQAfter, uint64(r.afterCue)),
				mix(fQBefore, uint64(r.beforeCue)),
				mix(fQAfterWord, r.afterWord),
				mix(fQBeforeWord, r.beforeWord),
				mix(mix(fQLen, bucket(r.close-r.open)), bucket(i-r.open)))
		}
		backing = finish(backing, f, mask)
		lens[i] = int32(len(f))
		buf = f
	}
	sc.baseBack, sc.raw = backing, buf
	sliceFeatures(feats, backing, lens)
	return feats
}

// stackFeatures returns base with each token's stacked features, built
// from the previous stage's labels pred, appended.
func (m *Model) stackFeatures(info []tokInfo, pred []uint8, base [][]uint32, sc *scratch) [][]uint32 {
	if sc == nil {
		sc = new(scratch)
	}
	extras := m.stackExtras(info, pred, sc)
	n := len(info)
	feats := resize(&sc.stFeats, n)
	total := 0
	for i := range base {
		total += len(base[i]) + len(extras[i])
	}
	backing := make([]uint32, 0, total)
	for i := range base {
		from := len(backing)
		backing = append(backing, base[i]...)
		backing = append(backing, extras[i]...)
		feats[i] = backing[from:len(backing):len(backing)]
	}
	return feats
}

// stackExtras returns only the stacked features of every token (what
// stackFeatures appends to the base ones).
func (m *Model) stackExtras(info []tokInfo, pred []uint8, sc *scratch) [][]uint32 {
	n := len(info)
	feats := resize(&sc.extras, n)
	lens := resize(&sc.lens, n)
	if cap(sc.stBack) < n*8 {
		sc.stBack = make([]uint32, 0, n*8)
	}
	backing := sc.stBack[:0]
	buf := sc.raw[:0]
	mask := uint64(m.Buckets - 1)
	last := -1
	isCue := func(i int) bool { return pred[i] == lBCue || pred[i] == lICue }
	pFirst, pLast := sentenceExtremes(info, isCue, &sc.ints[4], &sc.ints[5])
	sL, sR := nearest(info, func(i int) bool { return pred[i] == lBSrc || pred[i] == lISrc }, &sc.ints[6], &sc.ints[7])
	pL := resize(&sc.ints[8], n)
	pR := resize(&sc.ints[9], n)
	for i := 0; i < n; i++ {
		pL[i] = last
		if pred[i] == lBCue || pred[i] == lICue {
			last = i
		}
		if i+1 < n && info[i+1].paraPos != info[i].paraPos {
			last = -1
		}
	}
	last = -1
	for i := n - 1; i >= 0; i-- {
		pR[i] = last
		if pred[i] == lBCue || pred[i] == lICue {
			last = i
		}
		if i > 0 && info[i-1].paraPos != info[i].paraPos {
			last = -1
		}
	}
	for i := 0; i < n; i++ {
		q := uint64(0)
		if info[i].inQuote {
			q = 1
		}
		f := buf[:0]
		pl := uint64(pred[i])
		var plm, plp uint64 = 9, 9
		if i > 0 {
			plm = uint64(pred[i-1])
		}
		if i+1 < n {
			plp = uint64(pred[i+1])
		}
		f = append(f, mix(fPredLabel, pl), mix(mix(mix(fPredLabelCtx, plm), pl), plp))
		f = append(f, relFeature(fPredFirstCue, info, i, pFirst[i], q), relFeature(fPredLastCue, info, i, pLast[i], q))
		if l := sL[i]; l >= 0 {
			f = append(f, mix(mix(fPredSrcL, bucket(i-l)), q))
		}
		if r := sR[i]; r >= 0 {
			f = append(f, mix(mix(fPredSrcR, bucket(r-i)), q))
		}
		if r := pR[i]; r >= 0 {
			f = append(f, mix(mix(fPredCueR, bucket(r-i)), q))
		}
		if l := pL[i]; l >= 0 {
			f = append(f, mix(mix(fPredCueL, bucket(i-l)), q))
		}
		backing = finish(backing, f, mask)
		lens[i] = int32(len(f))
		buf = f
	}
	sc.stBack, sc.raw = backing, buf
	sliceFeatures(feats, backing, lens)
	return feats
}

// sentenceExtremes returns, for every token, the first and last token of
// its sentence satisfying is (-1 when none).
func sentenceExtremes(info []tokInfo, is func(int) bool, firstBuf, lastBuf *[]int) (first, last []int) {
	n := len(info)
	first = resize(firstBuf, n)
	last = resize(lastBuf, n)
	for i := 0; i < n; {
		from := info[i].sentFrom
		to := i
		for to < n && info[to].sentFrom == from {
			to++
		}
		f, l := -1, -1
		for k := from; k < to; k++ {
			if is(k) {
				if f < 0 {
					f = k
				}
				l = k
			}
		}
		for k := from; k < to; k++ {
			first[k], last[k] = f, l
		}
		i = to
	}
	return first, last
}

// nearest returns, for every token, the closest token to its left and to
// its right in the same paragraph satisfying is (-1 when none).
func nearest(info []tokInfo, is func(int) bool, leftBuf, rightBuf *[]int) (left, right []int) {
	n := len(info)
	left = resize(leftBuf, n)
	right = resize(rightBuf, n)
	last := -1
	for i := 0; i < n; i++ {
		if i > 0 && info[i].paraPos != info[i-1].paraPos {
			last = -1
		}
		left[i] = last
		if is(i) {
			last = i
		}
	}
	last = -1
	for i := n - 1; i >= 0; i-- {
		if i+1 < n && info[i].paraPos != info[i+1].paraPos {
			last = -1
		}
		right[i] = last
		if is(i) {
			last = i
		}
	}
	return left, right
}

// relFeature describes where token j (a cue) lies relative to token i:
// direction, distance bucket and the commas between them (0, 1, 2+).
func relFeature(tmpl uint64, info []tokInfo, i, j int, q uint64) uint64 {
	if j < 0 {
		return mix(tmpl, 99)
	}
	dir := uint64(0)
	a, b := j, i
	if j > i {
		dir, a, b = 1, i, j
	} else if j == i {
		dir = 2
	}
	commas := uint64(0)
	if b-a > 1 {
		commas = uint64(min(info[b].commasBefore-info[a+1].commasBefore, 2))
	}
	return mix(mix(mix(mix(tmpl, dir), bucket(b-a)), commas), q)
}

// segInfo places a token among the comma/colon/dash-separated segments of
// its sentence, with the strongest cue score of the neighbouring segments.
type segInfo struct {
	idx, fromEnd             int
	prevCue, nextCue, ownCue uint8
	ownDir                   uint8 // 0 no cue in own segment, 1 cue left of token, 2 right, 3 token is it
}

func segments(info []tokInfo, sc *scratch) []segInfo {
	n := len(info)
	out := resize(&sc.segs, n)
	for i := 0; i < n; {
		from := info[i].sentFrom
		to := i
		for to < n && info[to].sentFrom == from {
			to++
		}
		// segment boundaries within [from, to)
		starts := append(sc.segStarts[:0], from)
		for k := from; k < to; k++ {
			if info[k].segBreak && k+1 < to {
				starts = append(starts, k+1)
			}
		}
		sc.segStarts = starts
		maxCue := resize(&sc.segMax, len(starts))
		for si, st := range starts {
			en := to
			if si+1 < len(starts) {
				en = starts[si+1]
			}
			for k := st; k < en; k++ {
				maxCue[si] = max(maxCue[si], info[k].cue)
			}
		}
		for si, st := range starts {
			en := to
			if si+1 < len(starts) {
				en = starts[si+1]
			}
			firstC, lastC := -1, -1
			for c := st; c < en; c++ {
				if info[c].cue >= 2 {
					if firstC < 0 {
						firstC = c
					}
					lastC = c
				}
			}
			for k := st; k < en; k++ {
				o := &out[k]
				o.idx, o.fromEnd = si, len(starts)-1-si
				if si > 0 {
					o.prevCue = maxCue[si-1]
				}
				if si+1 < len(starts) {
					o.nextCue = maxCue[si+1]
				}
				o.ownCue = maxCue[si]
				// Cue candidates (score ≥ 2) before, after or at k in
				// the segment.
				switch {
				case info[k].cue >= 2:
					o.ownDir = 3
				default:
					if firstC >= 0 && firstC < k {
						o.ownDir |= 1
					}
					if lastC > k {
						o.ownDir |= 2
					}
				}
			}
		}
		i = to
	}
	return out
}

// quoteRegion describes the quotation a token is inside: where it opens
// and closes (paragraph end when unclosed) and what stands right outside.
type quoteRegion struct {
	open, close           int
	beforeCue, afterCue   uint8
	beforeWord, afterWord uint64
}

func quoteRegions(info []tokInfo, sc *scratch) []quoteRegion {
	n := len(info)
	out := resize(&sc.quotes, n)
	for i := range out {
		out[i].open = -1
	}
	for i := 0; i < n; {
		if !info[i].inQuote || info[i].quote == 0 {
			i++
			continue
		}
		// i opens a quote; find its end
		o := i
		c := i + 1
		for c < n && info[c].inQuote && info[c].paraPos == info[o].paraPos {
			c++
		}
		// c is the closing quote token (not inQuote) or the paragraph/text end
		r := quoteRegion{open: o, close: c, beforeWord: boundaryHash, afterWord: boundaryHash}
		for k := max(o-3, 0); k < o; k++ {
			if info[k].paraPos == info[o].paraPos {
				r.beforeCue = max(r.beforeCue, info[k].cue)
			}
		}
		if o > 0 && info[o-1].paraPos == info[o].paraPos {
			r.beforeWord = info[o-1].word
		}
		for k := c + 1; k < min(c+4, n); k++ {
			if info[k].paraPos == info[o].paraPos {
				r.afterCue = max(r.afterCue, info[k].cue)
			}
		}
		if c+1 < n && c < n && info[c+1].paraPos == info[o].paraPos {
			r.afterWord = info[c+1].word
		}
		for k := o; k < min(c+1, n); k++ {
			out[k] = r
		}
		i = c + 1
	}
	return out
}

// stem is a crude English suffix stripper, enough to let "sings" and
// "singing" share cue evidence.
func stem(w string) string {
	n := len(w)
	switch {
	case n > 5 && w[n-3:] == "ing":
		w = w[:n-3]
	case n > 4 && (w[n-3:] == "ied" || w[n-3:] == "ies"):
		w = w[:n-3] + "y"
	case n > 4 && w[n-2:] == "ed":
		w = w[:n-2]
	case n > 4 && w[n-2:] == "es" && (w[n-3] == 's' || w[n-3] == 'x' || w[n-3] == 'z' || w[n-3] == 'h'):
		w = w[:n-2]
	case n > 3 && w[n-1] == 's' && w[n-2] != 's':
		w = w[:n-1]
	}
	if len(w) > 3 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

// stemKey is the lexicon key for a stem, kept apart from word keys.
func stemKey(st string) string { return stemKeyPrefix + st }

const stemKeyPrefix = "~"
