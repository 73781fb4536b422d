package tagger

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// The content ranker picks each cue's content as a whole span. BIO tagging
// finds content well (overlap) but places its edges poorly, since a token's
// label depends on clause structure far away; scoring whole candidate spans
// lets features look at both edges, the gap to the cue and what the
// sequence model thought at once. Candidates start and end at clause-like
// boundaries in the cue's paragraph, on either side of the cue, plus
// discontinuous pairs around it (“A,” he said, “B.”) and "no content".

// cand is a candidate content span: token ranges, word-trimmed.
type cand struct {
	ranges [][2]int
	side   uint8 // 1 left of the cue, 2 right, 3 both, 0 none
}

// rankCtx is what the ranker knows about one text.
type rankCtx struct {
	toks   []Token
	info   []tokInfo
	labels []uint8 // sequence-model labels used as features
	paras  [][2]int
	paraOf []int
	word   []bool
	// cue-independent parts of isStart/isEnd, and prefix counts over tokens
	// (content labels, cue and source starts, sentence starts, commas) so
	// a candidate's features cost O(1) in its length.
	startBase, endBase []bool
	// endWord marks tokens in endWords; startEdge and endEdge cache
	// startsAtEdge and endsAtEdge; attrP counts words gapIsAttribution
	// objects to.
	endWord, startEdge, endEdge     []bool
	attrP                           []int32
	taken                           *[]bool // rankContents\' scratch
	scratch                         []uint64
	conP, cueP, srcP, sentP, commaP []int32
}

// newRankCtx builds the ranker's view of a text in buf's arrays (nil:
// fresh ones).
func newRankCtx(toks []Token, info []tokInfo, labels []uint8, buf *rankBufs) *rankCtx {
	if buf == nil {
		buf = new(rankBufs)
	}
	rc := &rankCtx{toks: toks, info: info, labels: labels, paras: paragraphs(toks), paraOf: resize(&buf.paraOf, len(toks)), word: resize(&buf.word, len(toks)), taken: &buf.taken}
	for p, pr := range rc.paras {
		for i := pr[0]; i < pr[1]; i++ {
			rc.paraOf[i] = p
		}
	}
	n := len(toks)
	for i := range toks {
		rc.word[i] = !info[i].punct
	}
	rc.startBase = resize(&buf.startBase, n)
	rc.endBase = resize(&buf.endBase, n)
	for i := range toks {
		rc.startBase[i] = rc.startCheck(i)
		rc.endBase[i] = rc.endCheck(i)
	}
	rc.endWord = resize(&buf.endWord, n)
	rc.startEdge = resize(&buf.startEdge, n)
	rc.endEdge = resize(&buf.endEdge, n)
	rc.attrP = resize(&buf.attrP, n+1)
	for i := range toks {
		rc.endWord[i] = info[i].endWord
		rc.startEdge[i] = rc.startsAtEdge(i)
		rc.endEdge[i] = rc.endsAtEdge(i)
		rc.attrP[i+1] = rc.attrP[i]
		if rc.word[i] && labels[i] != lBSrc && labels[i] != lISrc {
			rc.attrP[i+1]++
		}
	}
	rc.conP = resize(&buf.conP, n+1)
	rc.cueP = resize(&buf.cueP, n+1)
	rc.srcP = resize(&buf.srcP, n+1)
	rc.sentP = resize(&buf.sentP, n+1)
	rc.commaP = resize(&buf.commaP, n+1)
	for i := range toks {
		b := func(x bool) int32 {
			if x {
				return 1
			}
			return 0
		}
		rc.conP[i+1] = rc.conP[i] + b(labels[i] == lBCon || labels[i] == lICon)
		rc.cueP[i+1] = rc.cueP[i] + b(labels[i] == lBCue)
		rc.srcP[i+1] = rc.srcP[i] + b(labels[i] == lBSrc)
		rc.sentP[i+1] = rc.sentP[i] + b(toks[i].SentStart)
		rc.commaP[i+1] = rc.commaP[i] + b(info[i].comma)
	}
	return rc
}

// isStart reports whether a content span may start at word token t.
func (rc *rankCtx) isStart(t int, cue [2]int) bool {
	return rc.startBase[t] || rc.word[t] && t >= cue[1] && t-cue[1] <= 3
}

// isEnd reports whether a content span may end with word token t
// (inclusive).
func (rc *rankCtx) isEnd(t int, cue [2]int) bool {
	return rc.endBase[t] || rc.word[t] && t < cue[0] && cue[0]-t <= 3
}

var startWords = map[string]bool{"that": true, "to": true, "whether": true, "if": true, "how": true, "what": true, "why": true, "about": true, "of": true, "for": true, "on": true, "as": true, "by": true, "when": true, "who": true, "which": true, "where": true, "in": true, "with": true}

func (rc *rankCtx) startCheck(t int) bool {
	if !rc.word[t] {
		return false
	}
	if t == rc.paras[rc.paraOf[t]][0] || rc.toks[t].SentStart {
		return true
	}
	p := t - 1
	if !rc.word[p] || rc.toks[p].SentStart && !rc.word[p] {
		return true
	}
	if rc.labels[p] != lO && rc.labels[p] != lICon && rc.labels[p] != lBCon || rc.labels[t] == lBCon {
		return true
	}
	if rc.info[p].startWord || rc.info[t].startWord {
		return true
	}
	return rc.info[p].cue >= 2
}

func (rc *rankCtx) endCheck(t int) bool {
	if !rc.word[t] {
		return false
	}
	n := t + 1
	if n == rc.paras[rc.paraOf[t]][1] || rc.toks[n].SentStart || !rc.word[n] {
		return true
	}
	if rc.labels[n] != lO && rc.labels[n] != lICon || rc.labels[t] == lBCon || rc.labels[t] == lICon && rc.labels[n] != lICon {
		return true
	}
	return rc.info[n].cue >= 2 || rc.info[n].endWord
}

// endWords often follow the end of a content span.
var endWords = map[string]bool{"in": true, "on": true, "at": true, "with": true, "during": true, "after": true, "since": true, "into": true, "before": true, "as": true, "but": true, "and": true, "to": true, "so": true, "for": true, "from": true, "by": true, "over": true, "than": true, "because": true, "while": true, "until": true, "when": true, "if": true, "or": true, "amid": true, "without": true, "despite": true, "through": true, "about": true, "of": true, "which": true, "who": true, "that": true}

// endsAtEdge reports whether only punctuation separates word token e from
// a sentence end, a quotation mark or the paragraph end.
func (rc *rankCtx) endsAtEdge(e int) bool {
	p := rc.paras[rc.paraOf[e]]
	for k := e + 1; k < p[1]; k++ {
		if rc.toks[k].SentStart || rc.info[k].quote != 0 {
			return true
		}
		if rc.word[k] {
			return false
		}
	}
	return true
}

// startsAtEdge is endsAtEdge's mirror for a start token s.
func (rc *rankCtx) startsAtEdge(s int) bool {
	p := rc.paras[rc.paraOf[s]]
	for k := s; k >= p[0]; k-- {
		if rc.toks[k].SentStart || k < s && rc.info[k].quote != 0 {
			return true
		}
		if k < s && rc.word[k] {
			return false
		}
	}
	return true
}

// boundaries appends to ls/le and rs/re the tokens of paragraph p that may
// start and end a content left and right of the cue.
func (rc *rankCtx) boundaries(p, cue [2]int, ls, le, rs, re []int) ([]int, []int, []int, []int) {
	for t := p[0]; t < cue[0]; t++ {
		if rc.isStart(t, cue) {
			ls = append(ls, t)
		}
		if rc.isEnd(t, cue) {
			le = append(le, t)
		}
	}
	for t := cue[1]; t < p[1]; t++ {
		if rc.isStart(t, cue) {
			rs = append(rs, t)
		}
		if rc.isEnd(t, cue) {
			re = append(re, t)
		}
	}
	return ls, le, rs, re
}

// candidates lists content candidates for the cue at token range cue.
func (rc *rankCtx) candidates(cue [2]int) []cand {
	p := rc.paras[rc.paraOf[cue[0]]]
	out := []cand{{side: 0}}
	ls, le, rs, re := rc.boundaries(p, cue, nil, nil, nil, nil)
	const maxLen = 400
	for _, s := range ls {
		for _, e := range le {
			if e >= s && e-s < maxLen {
				out = append(out, cand{ranges: [][2]int{{s, e + 1}}, side: 1})
			}
		}
	}
	for _, s := range rs {
		for _, e := range re {
			if e >= s && e-s < maxLen {
				out = append(out, cand{ranges: [][2]int{{s, e + 1}}, side: 2})
			}
		}
	}
	// Discontinuous: a left part ending near the cue and a right part
	// starting near it, each running to a sentence or quotation edge.
	var lParts, rParts [][2]int
	qe, qs := rc.quoteResume(cue)
	for _, s := range ls {
		if !rc.startsAtEdge(s) {
			continue
		}
		for _, e := range le {
			if e >= s && (cue[0]-e <= 12 && rc.gapIsAttribution(e+1, cue[0]) || e == qe) {
				lParts = append(lParts, [2]int{s, e + 1})
			}
		}
	}
	for _, s := range rs {
		if (s-cue[1] > 12 || !rc.gapIsAttribution(cue[1], s)) && s != qs {
			continue
		}
		for _, e := range re {
			if e >= s && rc.endsAtEdge(e) {
				rParts = append(rParts, [2]int{s, e + 1})
			}
		}
	}
	for _, l := range lParts {
		for _, r := range rParts {
			out = append(out, cand{ranges: [][2]int{l, r}, side: 3})
		}
	}
	return out
}

// quoteResume finds where a quotation split by its attribution resumes
// when the frame between the parts is too long for gapIsAttribution (“A,”
// said X, a professor at Y who studies Z. “B.”): qe is the last word
// before the closing quotation mark that ends the quotation before the
// cue, qs the first word after the opening mark that reopens it after the
// cue, -1 when absent. Another cue in between stops the search.
func (rc *rankCtx) quoteResume(cue [2]int) (qe, qs int) {
	const maxGap = 60
	p := rc.paras[rc.paraOf[cue[0]]]
	qe, qs = -1, -1
	for k := cue[0] - 1; k >= p[0] && cue[0]-k <= maxGap; k-- {
		if rc.labels[k] == lBCue || rc.labels[k] == lICue {
			break
		}
		if q := rc.info[k].quote; q == 2 || q == 3 && !rc.info[k].inQuote {
			e := k - 1
			for e >= p[0] && !rc.word[e] {
				e--
			}
			if e >= p[0] {
				qe = e
			}
			break
		}
	}
	for k := cue[1]; k < p[1] && k-cue[1] <= maxGap; k++ {
		if rc.labels[k] == lBCue || rc.labels[k] == lICue {
			break
		}
		if q := rc.info[k].quote; q == 1 || q == 3 && rc.info[k].inQuote {
			s := k + 1
			for s < p[1] && s-k <= 2 && !rc.word[s] {
				s++
			}
			if s < p[1] && rc.word[s] {
				qs = s
			}
			break
		}
	}
	return qe, qs
}

// gapIsAttribution reports whether tokens [a, b) hold nothing but
// punctuation, source-like tokens and short function words.
func (rc *rankCtx) gapIsAttribution(a, b int) bool {
	return b <= a || rc.attrP[b]-rc.attrP[a] <= 4
}

// Ranker feature templates.
const (
	rNone uint64 = iota + 100
	rSide
	rGap
	rGapSrc
	rStartW
	rBeforeW
	rLastW
	rAfterW
	rCueW
	rCueBefore
	rEdges
	rLen
	rSents
	rBIOExact
	rBIOStart
	rBIOEnd
	rBIOCover
	rOtherCue
	rOtherSrc
	rQuote
	rCommas
	rStartShape
	rNoneBIO
	rCueAfter
	rBias
	rBeforeStart
	rLastAfter
	rCueEdges
	rOutside
	rCueClass
	rLenCue
	rAfterFn
	rQuoteState
	rEndPunct
	rEndPunctNext
	rEndDist
	rStartDist
)

// features returns the hashed features of candidate c for the cue.
func (rc *rankCtx) features(c cand, cue [2]int, cueHash uint64, mask uint64, _ []uint64, out []uint32) []uint32 {
	f := rc.scratch[:0]
	defer func() { rc.scratch = f }()
	side := uint64(c.side)
	if c.side == 0 {
		// What the sequence model saw next to the cue decides "no content".
		near := uint64(0)
		for k := max(cue[0]-3, 0); k < min(cue[1]+3, len(rc.toks)); k++ {
			if rc.labels[k] == lBCon || rc.labels[k] == lICon {
				near = 1
			}
		}
		f = append(f, rNone, mix(rNone, cueHash), mix(rNoneBIO, near))
	} else {
		s := c.ranges[0][0]
		e := c.ranges[len(c.ranges)-1][1] // exclusive
		w := func(i int) uint64 {
			if i < 0 || i >= len(rc.toks) || rc.paraOf[i] != rc.paraOf[s] {
				return boundaryHash
			}
			return rc.info[i].word
		}
		gap := 0
		gapSrc := uint64(0)
		var ga, gb int
		if c.side == 1 {
			ga, gb = e, cue[0]
		} else {
			ga, gb = cue[1], s
		}
		if c.side == 3 {
			gl, gr := cue[0]-c.ranges[0][1], c.ranges[1][0]-cue[1]
			f = append(f, mix(mix(rGap, bucket(gl)), bucket(gr)+16))
		} else {
			gap = gb - ga
			for k := ga; k < gb; k++ {
				if rc.labels[k] == lBSrc || rc.labels[k] == lISrc {
					gapSrc = 1
				} else if rc.word[k] && gapSrc == 0 {
					gapSrc = 2
				}
			}
		}
		startSent := uint64(0)
		if rc.toks[s].SentStart || s > 0 && (rc.toks[s-1].SentStart && !rc.word[s-1]) {
			startSent = 1
		}
		endSent := uint64(0)
		if e == len(rc.toks) || rc.toks[e].SentStart || e+1 < len(rc.toks) && !rc.word[e] && rc.toks[e+1].SentStart || e+1 == len(rc.toks) {
			endSent = 1
		}
		total, con := 0, 0
		otherCue, otherSrc := uint64(0), uint64(0)
		sents, commas := 0, 0
		for _, r := range c.ranges {
			a, b := r[0], r[1]
			total += b - a
			con += int(rc.conP[b] - rc.conP[a])
			oc := int(rc.cueP[b] - rc.cueP[a])
			if a <= cue[0] && cue[0] < b {
				oc-- // the cue itself (ranges never contain it, but be safe)
			}
			otherCue = min(otherCue+uint64(max(oc, 0)), 2)
			otherSrc = min(otherSrc+uint64(rc.srcP[b]-rc.srcP[a]), 2)
			sents += int(rc.sentP[b] - rc.sentP[a])
			commas += int(rc.commaP[b] - rc.commaP[a])
		}
		if rc.toks[s].SentStart {
			sents--
		}
		cover := uint64(coverClass(con, total))
		bioStart := uint64(0)
		if rc.labels[s] == lBCon || s > 0 && rc.labels[s] == lICon && !rc.word[s-1] && (rc.labels[s-1] == lBCon) {
			bioStart = 1
		}
		bioEnd := uint64(0)
		if last := e - 1; rc.labels[last] == lBCon || rc.labels[last] == lICon {
			if e == len(rc.labels) || rc.labels[e] != lICon || !rc.word[e] && (e+1 == len(rc.labels) || rc.labels[e+1] != lICon) {
				bioEnd = 1
			}
		}
		quote := uint64(0)
		if s > 0 && rc.info[s-1].quote != 0 {
			quote |= 1
		}
		if e < len(rc.toks) && (rc.info[e].quote != 0 || e+1 < len(rc.toks) && !rc.word[e] && rc.info[e+1].quote != 0) {
			quote |= 2
		}
		if rc.info[s].inQuote {
			quote |= 4
		}
		length := total
		cueLex := uint64(0)
		for k := cue[0]; k < cue[1]; k++ {
			cueLex = max(cueLex, uint64(rc.info[k].cue))
		}
		endPunct := uint64(1)
		if e < len(rc.toks) && !rc.word[e] {
			endPunct = hashString(rc.toks[e].Text)
		} else if e == len(rc.toks) || rc.paraOf[e] != rc.paraOf[s] {
			endPunct = 2
		}
		afterFn := uint64(0)
		if e < len(rc.toks) && rc.paraOf[e] == rc.paraOf[s] {
			afterFn = 1
			if rc.info[e].endWord {
				afterFn = 2
			} else if !rc.word[e] {
				afterFn = 3
			}
		}
		f = append(f,
			mix(rSide, side),
			mix(mix(rGap, side), bucket(gap)),
			mix(mix(mix(rGapSrc, side), gapSrc), bucket(gap)),
			mix(mix(rStartW, side), rc.info[s].word),
			mix(mix(rBeforeW, side), w(s-1)),
			mix(mix(rLastW, side), rc.info[e-1].word),
			mix(mix(rAfterW, side), w(e)),
			mix(mix(rCueW, side), cueHash),
			mix(mix(mix(rCueBefore, side), cueHash), w(s-1)),
			mix(mix(mix(rCueAfter, side), cueHash), bucket(gap)),
			mix(mix(mix(mix(rEdges, side), startSent), endSent), quote),
			mix(mix(rLen, side), bucket(length/3)),
			mix(mix(rSents, side), uint64(min(sents, 4))),
			mix(mix(rBIOStart, side), bioStart*2+bioEnd),
			mix(mix(rBIOCover, side), cover),
			mix(mix(mix(rOtherCue, side), otherCue), otherSrc),
			mix(mix(rCommas, side), uint64(min(commas, 3))),
			mix(mix(rStartShape, side), rc.info[s].shape),
			mix(mix(mix(rBIOExact, side), cover), bioStart*2+bioEnd),
			mix(mix(mix(rQuote, side), quote), cover),
			mix(mix(mix(rBeforeStart, side), w(s-1)), rc.info[s].word),
			mix(mix(mix(rLastAfter, side), rc.info[e-1].word), w(e)),
			mix(mix(mix(mix(rCueEdges, side), cueHash), startSent), endSent),
			mix(mix(mix(rOutside, side), uint64(labelAt(rc.labels, s-1))), uint64(labelAt(rc.labels, e))),
			mix(mix(mix(mix(rCueClass, side), cueLex), startSent), endSent),
			mix(mix(mix(rLenCue, side), cueLex), bucket(length/2)),
			mix(mix(mix(rAfterFn, side), cueLex), afterFn),
			mix(mix(mix(mix(rQuoteState, side), boolBit(rc.info[s].inQuote)), boolBit(rc.info[e-1].inQuote)), quote&3),
			mix(mix(rEndPunct, side), endPunct),
			mix(mix(mix(rEndPunctNext, side), endPunct), w(e+1)),
			mix(mix(mix(rEndDist, side), bucket(rc.sentEnd(e-1)-e)), cueLex),
			mix(mix(mix(rStartDist, side), bucket(s-rc.info[s].sentFrom)), cueLex),
		)
	}
	f = append(f, rBias)
	out = out[:0]
	for _, h := range f {
		out = append(out, uint32(mix(h, 0x2545F491)&mask))
	}
	return out
}

func cueHashOf(info []tokInfo, cue [2]int) uint64 {
	h := uint64(0x9e37)
	for k := cue[0]; k < cue[1]; k++ {
		h = mix(h, info[k].word)
	}
	return h
}

// rankContents returns chosen content token ranges for the cues.
func (m *Model) rankContents(rc *rankCtx, cues [][2]int) [][][2]int {
	type scored struct {
		cue   int
		score float32
		c     rcand
	}
	// Keep each cue's top few candidates (plenty for resolving overlaps)
	// instead of sorting them all.
	const topK = 8
	var best []scored
	var top [topK]scored
	var nTop, ci int
	consider := func(c *rcand, sc float32) {
		if nTop == topK && sc <= top[topK-1].score {
			return
		}
		k := min(nTop, topK-1)
		for k > 0 && top[k-1].score < sc {
			top[k] = top[k-1]
			k--
		}
		top[k] = scored{ci, sc, *c}
		nTop = min(nTop+1, topK)
	}
	tab := rankTablesFor(uint64(len(m.Rank) - 1))
	var cs cueScorer
	var scratch rankScratch
	for ci = range cues {
		nTop = 0
		cs.init(rc, m.Rank, tab, cues[ci])
		cs.each(&scratch, consider)
		best = append(best, top[:nTop]...)
	}
	slices.SortStableFunc(best, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	taken := resize(rc.taken, len(rc.toks))
	for _, cue := range cues {
		for k := cue[0]; k < cue[1]; k++ {
			taken[k] = true
		}
	}
	done := make([]bool, len(cues))
	out := make([][][2]int, len(cues))
	for _, b := range best {
		if done[b.cue] {
			continue
		}
		if b.c.side == 0 {
			done[b.cue] = true
			continue
		}
		free := true
		for _, r := range b.c.ranges[:b.c.nr] {
			for k := r[0]; k < r[1] && free; k++ {
				if taken[k] {
					free = false
				}
			}
		}
		if !free {
			continue
		}
		for _, r := range b.c.ranges[:b.c.nr] {
			for k := r[0]; k < r[1]; k++ {
				taken[k] = true
			}
		}
		done[b.cue] = true
		out[b.cue] = b.c.slice()
	}
	return out
}

// rankExample is one training instance: a cue and its gold content.
type rankExample struct {
	rc   *rankCtx
	cue  [2]int
	gold [][2]int // nil: no content
}

// trainRanker fits the ranker with an averaged perceptron.
func trainRanker(m *Model, exs []rankExample, cfg TrainConfig, rng *rand.Rand) {
	size := cfg.RankBuckets
	w := make([]float64, size)
	u := make([]float64, size)
	w32 := make([]float32, size)
	mask := uint64(size - 1)
	c := 1.0
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	// Precompute candidates and features once.
	type inst struct {
		feats [][]uint32
		cost  []float32 // margin the gold must win by (loss-augmented training)
		gold  int
	}
	insts := make([]inst, 0, len(exs))
	missing := 0
	var buf []uint64
	for _, ex := range exs {
		cands := ex.rc.candidates(ex.cue)
		gi := -1
		for k, cd := range cands {
			if slices.Equal(cd.ranges, ex.gold) {
				gi = k
				break
			}
		}
		if gi < 0 {
			missing++
			continue
		}
		ch := cueHashOf(ex.rc.info, ex.cue)
		in := inst{gold: gi, feats: make([][]uint32, len(cands))}
		if cfg.RankMargin > 0 {
			in.cost = make([]float32, len(cands))
		}
		for k, cd := range cands {
			in.feats[k] = ex.rc.features(cd, ex.cue, ch, mask, buf, nil)
			if in.cost != nil {
				in.cost[k] = float32(cfg.RankMargin * (1 - dice(cd.ranges, ex.gold)))
			}
		}
		insts = append(insts, in)
	}
	fmt.Fprintf(cfg.Log, "ranker: %d cues, %d with gold content outside the candidates\n", len(exs), missing)
	order = order[:len(insts)]
	var bestW []float32
	bestScore := -1.0
	noneIdx := uint32(mix(rNone, 0x2545F491) & mask)
	avg := func() []float32 {
		a := make([]float32, size)
		for i := range w {
			a[i] = float32(w[i] - u[i]/c)
		}
		return a
	}
	for epoch := 1; epoch <= cfg.RankEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, k := range order {
			in := insts[k]
			bi, bs := -1, float32(0)
			for ci, fs := range in.feats {
				var sc float32
				for _, f := range fs {
					sc += w32[f]
				}
				if in.cost != nil {
					sc += in.cost[ci]
				}
				if bi < 0 || sc > bs {
					bi, bs = ci, sc
				}
			}
			if bi != in.gold {
				errs++
				for _, f := range in.feats[in.gold] {
					w[f]++
					u[f] += c
					w32[f] = float32(w[f])
				}
				for _, f := range in.feats[bi] {
					w[f]--
					u[f] -= c
					w32[f] = float32(w[f])
				}
			}
			c++
		}
		msg := fmt.Sprintf("ranker epoch %d: error %.4f none weight %.1f", epoch, float64(errs)/float64(max(len(insts), 1)), w[noneIdx]-u[noneIdx]/c)
		if cfg.Eval != nil {
			trial := *m
			trial.Rank = avg()
			score := cfg.Eval(len(m.Weights), epoch, &trial)
			msg += fmt.Sprintf(" dev %.4f", score)
			if score > bestScore {
				bestScore, bestW = score, trial.Rank
			}
		}
		fmt.Fprintln(cfg.Log, msg)
	}
	if bestW == nil {
		bestW = avg()
	}
	// The shift is tuned on the combined extraction, after the epoch is
	// chosen on the tagger's own scores.
	bestW[noneIdx] += cfg.RankNoneShift
	m.Rank = bestW
}

// dice is the token overlap of two candidates' ranges, 2|a∩b|/(|a|+|b|);
// 1 when both are empty.
func dice(a, b [][2]int) float64 {
	la, lb, both := 0, 0, 0
	for _, x := range a {
		la += x[1] - x[0]
		for _, y := range b {
			both += max(0, min(x[1], y[1])-max(x[0], y[0]))
		}
	}
	for _, y := range b {
		lb += y[1] - y[0]
	}
	if la+lb == 0 {
		return 1
	}
	return 2 * float64(both) / float64(la+lb)
}

func labelAt(labels []uint8, i int) uint8 {
	if i < 0 || i >= len(labels) {
		return 9
	}
	return labels[i]
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// sentEnd returns the exclusive token index where token i's sentence ends.
func (rc *rankCtx) sentEnd(i int) int {
	return rc.info[i].sentFrom + rc.info[i].sentLen
}

// coverClass buckets how much of a candidate's words stage 1 labelled
// content: none, under half, under nine tenths, not all, all.
func coverClass(con, total int) int {
	switch {
	case con == 0:
		return 0
	case con*2 < total:
		return 1
	case con*10 < total*9:
		return 2
	case con < total:
		return 3
	}
	return 4
}
