package tagger

import "sync"

// Fast candidate scoring for the content ranker. rankCtx.features defines
// the ranker's features (training uses it); scoring a candidate there
// hashes ~35 features from scratch, and a cue has up to thousands of
// candidates. Every feature depends only on the candidate's start, only on
// its end, on the cue, or on a few small joint values (length bucket,
// coverage class, edge flags...). So the scorer below looks weights up
// once per start, once per end and once per small table entry, and per
// candidate only adds them up, in exactly the order features lists them:
// float32 addition is not associative, and the same order gives the same
// bits, hence the same ranking. TestScorerMatchesFeatures checks this
// candidate by candidate.

// rankTables holds the hashed indices of the cue-independent joint
// features for every side (1, 2, 3), for one ranker size (mask).
type rankTables struct {
	side      [4]uint32
	edges     [4][2][2][8]uint32 // startSent, endSent, quote
	length    [4][9]uint32       // bucket(length/3)
	sents     [4][5]uint32
	bioStart  [4][4]uint32 // bioStart*2+bioEnd
	cover     [4][5]uint32
	otherCue  [4][3][3]uint32
	commas    [4][4]uint32
	bioExact  [4][5][4]uint32
	quote     [4][8][5]uint32
	outside   [4][10][10]uint32 // labelAt(s-1), labelAt(e) (0..6 or 9)
	quoteSt   [4][2][2][4]uint32
	splitGap  [9][9]uint32 // side 3: bucket(left gap), bucket(right gap)
	bias      uint32
	gap0      [4]uint32 // side 3: rGap with gap 0
	gapSrc0   [4]uint32 // side 3: rGapSrc with gapSrc 0, gap 0
	noneFixed uint32    // rNone
}

var rankTableCache sync.Map // mask uint64 → *rankTables

func rankTablesFor(mask uint64) *rankTables {
	if t, ok := rankTableCache.Load(mask); ok {
		return t.(*rankTables)
	}
	idx := func(h uint64) uint32 { return uint32(mix(h, 0x2545F491) & mask) }
	t := &rankTables{bias: idx(rBias), noneFixed: idx(rNone)}
	for b1 := range 9 {
		for b2 := range 9 {
			t.splitGap[b1][b2] = idx(mix(mix(rGap, uint64(b1)), uint64(b2)+16))
		}
	}
	for sd := uint64(1); sd <= 3; sd++ {
		t.side[sd] = idx(mix(rSide, sd))
		t.gap0[sd] = idx(mix(mix(rGap, sd), bucket(0)))
		t.gapSrc0[sd] = idx(mix(mix(mix(rGapSrc, sd), 0), bucket(0)))
		for a := range 2 {
			for b := range 2 {
				for q := range 8 {
					t.edges[sd][a][b][q] = idx(mix(mix(mix(mix(rEdges, sd), uint64(a)), uint64(b)), uint64(q)))
				}
			}
		}
		for b := range 9 {
			t.length[sd][b] = idx(mix(mix(rLen, sd), uint64(b)))
		}
		for k := range 5 {
			t.sents[sd][k] = idx(mix(mix(rSents, sd), uint64(k)))
			t.cover[sd][k] = idx(mix(mix(rBIOCover, sd), uint64(k)))
			for b := range 4 {
				t.bioExact[sd][k][b] = idx(mix(mix(mix(rBIOExact, sd), uint64(k)), uint64(b)))
			}
			for q := range 8 {
				t.quote[sd][q][k] = idx(mix(mix(mix(rQuote, sd), uint64(q)), uint64(k)))
			}
		}
		for b := range 4 {
			t.bioStart[sd][b] = idx(mix(mix(rBIOStart, sd), uint64(b)))
			t.commas[sd][b] = idx(mix(mix(rCommas, sd), uint64(b)))
		}
		for a := range 3 {
			for b := range 3 {
				t.otherCue[sd][a][b] = idx(mix(mix(mix(rOtherCue, sd), uint64(a)), uint64(b)))
			}
		}
		for a := range 10 {
			for b := range 10 {
				t.outside[sd][a][b] = idx(mix(mix(mix(rOutside, sd), uint64(a)), uint64(b)))
			}
		}
		for a := range 2 {
			for b := range 2 {
				for q := range 4 {
					t.quoteSt[sd][a][b][q] = idx(mix(mix(mix(mix(rQuoteState, sd), uint64(a)), uint64(b)), uint64(q)))
				}
			}
		}
	}
	actual, _ := rankTableCache.LoadOrStore(mask, t)
	return actual.(*rankTables)
}

// startVals are the weights of a candidate's start-only features (for one
// cue and side) and the start's share of the joint ones.
type startVals struct {
	t                                                              int
	gap, gapSrc, cueAfter                                          float32 // right of the cue: the gap ends at the start
	startW, beforeW, cueBefore, startShape, beforeStart, startDist float32
	sentStart                                                      bool // toks[s].SentStart
	startSent                                                      uint8
	quote                                                          uint8 // bits 1 and 4
	bioStart                                                       uint8
	inQuote                                                        uint8
	outside                                                        uint8 // labelAt(s-1)
}

// endVals are endVals' counterpart for a candidate's end; t is the
// exclusive end.
type endVals struct {
	t                                                                  int
	gap, gapSrc, cueAfter                                              float32 // left of the cue: the gap starts at the end
	lastW, afterW, lastAfter, afterFn, endPunct, endPunctNext, endDist float32
	endSent                                                            uint8
	quote                                                              uint8 // bit 2
	bioEnd                                                             uint8
	inQuote                                                            uint8 // of the last token
	outside                                                            uint8 // labelAt(e)
}

// cueScorer scores one cue's candidates.
type cueScorer struct {
	rc       *rankCtx
	w        []float32
	mask     uint64
	tab      *rankTables
	cue      [2]int
	para     int
	cueHash  uint64
	cueLex   uint64
	cueW     [4]float32
	cueEdges [4][2][2]float32
	cueClass [4][2][2]float32
	lenCue   [4][9]float32
	// cueAfter3 is rCueAfter for split candidates, whose gap is 0.
	cueAfter3 float32
}

func (cs *cueScorer) wt(h uint64) float32 {
	return cs.w[uint32(mix(h, 0x2545F491)&cs.mask)]
}

func (cs *cueScorer) wordAt(i int) uint64 {
	rc := cs.rc
	if i < 0 || i >= len(rc.toks) || rc.paraOf[i] != cs.para {
		return boundaryHash
	}
	return rc.info[i].word
}

func (cs *cueScorer) init(rc *rankCtx, w []float32, tab *rankTables, cue [2]int) {
	*cs = cueScorer{rc: rc, w: w, mask: uint64(len(w) - 1), tab: tab, cue: cue, para: rc.paraOf[cue[0]]}
	cs.cueHash = cueHashOf(rc.info, cue)
	for k := cue[0]; k < cue[1]; k++ {
		cs.cueLex = max(cs.cueLex, uint64(rc.info[k].cue))
	}
	ch, cl := cs.cueHash, cs.cueLex
	cs.cueAfter3 = cs.wt(mix(mix(mix(rCueAfter, 3), ch), bucket(0)))
	for sd := uint64(1); sd <= 3; sd++ {
		cs.cueW[sd] = cs.wt(mix(mix(rCueW, sd), ch))
		for a := range uint64(2) {
			for b := range uint64(2) {
				cs.cueEdges[sd][a][b] = cs.wt(mix(mix(mix(mix(rCueEdges, sd), ch), a), b))
				cs.cueClass[sd][a][b] = cs.wt(mix(mix(mix(mix(rCueClass, sd), cl), a), b))
			}
		}
		for b := range uint64(9) {
			cs.lenCue[sd][b] = cs.wt(mix(mix(mix(rLenCue, sd), cl), b))
		}
	}
}

// gapSrc is features' gapSrc over tokens [a, b): 1 when a source token is
// in the gap, else 2 when a word is, else 0.
func (rc *rankCtx) gapSrc(a, b int) uint64 {
	g := uint64(0)
	for k := a; k < b; k++ {
		if rc.labels[k] == lBSrc || rc.labels[k] == lISrc {
			return 1
		} else if rc.word[k] {
			g = 2
		}
	}
	return g
}

// start fills the start values of word token s for side sd.
func (cs *cueScorer) start(s int, sd uint64, v *startVals) {
	rc := cs.rc
	*v = startVals{t: s}
	if sd == 2 {
		gap := s - cs.cue[1]
		g := rc.gapSrc(cs.cue[1], s)
		v.gap = cs.wt(mix(mix(rGap, sd), bucket(gap)))
		v.gapSrc = cs.wt(mix(mix(mix(rGapSrc, sd), g), bucket(gap)))
		v.cueAfter = cs.wt(mix(mix(mix(rCueAfter, sd), cs.cueHash), bucket(gap)))
	}
	word := rc.info[s].word
	before := cs.wordAt(s - 1)
	v.startW = cs.wt(mix(mix(rStartW, sd), word))
	v.beforeW = cs.wt(mix(mix(rBeforeW, sd), before))
	v.cueBefore = cs.wt(mix(mix(mix(rCueBefore, sd), cs.cueHash), before))
	v.startShape = cs.wt(mix(mix(rStartShape, sd), rc.info[s].shape))
	v.beforeStart = cs.wt(mix(mix(mix(rBeforeStart, sd), before), word))
	v.startDist = cs.wt(mix(mix(mix(rStartDist, sd), bucket(s-rc.info[s].sentFrom)), cs.cueLex))
	v.sentStart = rc.toks[s].SentStart
	if rc.toks[s].SentStart || s > 0 && (rc.toks[s-1].SentStart && !rc.word[s-1]) {
		v.startSent = 1
	}
	if s > 0 && rc.info[s-1].quote != 0 {
		v.quote |= 1
	}
	if rc.info[s].inQuote {
		v.quote |= 4
		v.inQuote = 1
	}
	if rc.labels[s] == lBCon || s > 0 && rc.labels[s] == lICon && !rc.word[s-1] && (rc.labels[s-1] == lBCon) {
		v.bioStart = 1
	}
	v.outside = labelAt(rc.labels, s-1)
}

// end fills the values of a candidate ending (exclusively) at e for side
// sd.
func (cs *cueScorer) end(e int, sd uint64, v *endVals) {
	rc := cs.rc
	n := len(rc.toks)
	*v = endVals{t: e}
	if sd == 1 {
		gap := cs.cue[0] - e
		g := rc.gapSrc(e, cs.cue[0])
		v.gap = cs.wt(mix(mix(rGap, sd), bucket(gap)))
		v.gapSrc = cs.wt(mix(mix(mix(rGapSrc, sd), g), bucket(gap)))
		v.cueAfter = cs.wt(mix(mix(mix(rCueAfter, sd), cs.cueHash), bucket(gap)))
	}
	last := rc.info[e-1].word
	after := cs.wordAt(e)
	v.lastW = cs.wt(mix(mix(rLastW, sd), last))
	v.afterW = cs.wt(mix(mix(rAfterW, sd), after))
	v.lastAfter = cs.wt(mix(mix(mix(rLastAfter, sd), last), after))
	afterFn := uint64(0)
	if e < n && rc.paraOf[e] == cs.para {
		afterFn = 1
		if rc.endWord[e] {
			afterFn = 2
		} else if !rc.word[e] {
			afterFn = 3
		}
	}
	v.afterFn = cs.wt(mix(mix(mix(rAfterFn, sd), cs.cueLex), afterFn))
	endPunct := uint64(1)
	if e < n && !rc.word[e] {
		endPunct = hashString(rc.toks[e].Text)
	} else if e == n || rc.paraOf[e] != cs.para {
		endPunct = 2
	}
	v.endPunct = cs.wt(mix(mix(rEndPunct, sd), endPunct))
	v.endPunctNext = cs.wt(mix(mix(mix(rEndPunctNext, sd), endPunct), cs.wordAt(e+1)))
	v.endDist = cs.wt(mix(mix(mix(rEndDist, sd), bucket(rc.sentEnd(e-1)-e)), cs.cueLex))
	if e == n || rc.toks[e].SentStart || e+1 < n && !rc.word[e] && rc.toks[e+1].SentStart || e+1 == n {
		v.endSent = 1
	}
	if e < n && (rc.info[e].quote != 0 || e+1 < n && !rc.word[e] && rc.info[e+1].quote != 0) {
		v.quote = 2
	}
	if l := e - 1; rc.labels[l] == lBCon || rc.labels[l] == lICon {
		if e == len(rc.labels) || rc.labels[e] != lICon || !rc.word[e] && (e+1 == len(rc.labels) || rc.labels[e+1] != lICon) {
			v.bioEnd = 1
		}
	}
	if rc.info[e-1].inQuote {
		v.inQuote = 1
	}
	v.outside = labelAt(rc.labels, e)
}

// score is features' score of the candidate with token ranges rs (one or
// two) starting as sv and ending as ev, summed in features' order.
func (cs *cueScorer) score(sd uint64, rs [2][2]int, nr int, sv *startVals, ev *endVals) float32 {
	rc, tab, w := cs.rc, cs.tab, cs.w
	cue := cs.cue
	total, con := 0, 0
	otherCue, otherSrc := uint64(0), uint64(0)
	sents, commas := 0, 0
	for _, r := range rs[:nr] {
		a, b := r[0], r[1]
		total += b - a
		con += int(rc.conP[b] - rc.conP[a])
		oc := int(rc.cueP[b] - rc.cueP[a])
		if a <= cue[0] && cue[0] < b {
			oc--
		}
		otherCue = min(otherCue+uint64(max(oc, 0)), 2)
		otherSrc = min(otherSrc+uint64(rc.srcP[b]-rc.srcP[a]), 2)
		sents += int(rc.sentP[b] - rc.sentP[a])
		commas += int(rc.commaP[b] - rc.commaP[a])
	}
	if sv.sentStart {
		sents--
	}
	cover := coverClass(con, total)
	quote := sv.quote | ev.quote
	bio := sv.bioStart*2 + ev.bioEnd
	var sc float32
	var gap, gapSrc, cueAfter float32
	switch sd {
	case 1:
		gap, gapSrc, cueAfter = ev.gap, ev.gapSrc, ev.cueAfter
	case 2:
		gap, gapSrc, cueAfter = sv.gap, sv.gapSrc, sv.cueAfter
	default:
		gl, gr := cue[0]-rs[0][1], rs[1][0]-cue[1]
		sc += w[tab.splitGap[bucket(gl)][bucket(gr)]]
		gap, gapSrc, cueAfter = w[tab.gap0[3]], w[tab.gapSrc0[3]], cs.cueAfter3
	}
	sc += w[tab.side[sd]]
	sc += gap
	sc += gapSrc
	sc += sv.startW
	sc += sv.beforeW
	sc += ev.lastW
	sc += ev.afterW
	sc += cs.cueW[sd]
	sc += sv.cueBefore
	sc += cueAfter
	sc += w[tab.edges[sd][sv.startSent][ev.endSent][quote]]
	sc += w[tab.length[sd][bucket(total/3)]]
	sc += w[tab.sents[sd][min(sents, 4)]]
	sc += w[tab.bioStart[sd][bio]]
	sc += w[tab.cover[sd][cover]]
	sc += w[tab.otherCue[sd][otherCue][otherSrc]]
	sc += w[tab.commas[sd][min(commas, 3)]]
	sc += sv.startShape
	sc += w[tab.bioExact[sd][cover][bio]]
	sc += w[tab.quote[sd][quote][cover]]
	sc += sv.beforeStart
	sc += ev.lastAfter
	sc += cs.cueEdges[sd][sv.startSent][ev.endSent]
	sc += w[tab.outside[sd][sv.outside][ev.outside]]
	sc += cs.cueClass[sd][sv.startSent][ev.endSent]
	sc += cs.lenCue[sd][bucket(total/2)]
	sc += ev.afterFn
	sc += w[tab.quoteSt[sd][sv.inQuote][ev.inQuote][quote&3]]
	sc += ev.endPunct
	sc += ev.endPunctNext
	sc += ev.endDist
	sc += sv.startDist
	sc += w[tab.bias]
	return sc
}

// rcand is a candidate without allocation: one or two token ranges.
type rcand struct {
	ranges [2][2]int
	nr     uint8
	side   uint8
}

func (c *rcand) slice() [][2]int {
	if c.nr == 0 {
		return nil
	}
	return append([][2]int(nil), c.ranges[:c.nr]...)
}

// rankScratch holds per-cue buffers reused across cues.
type rankScratch struct {
	ls, le, rs, re []int
	lParts, rParts [][2]int
	evs            []endVals
	evs3           []endVals
}

// each calls fn with every candidate of the cue and its score, in the
// order of rankCtx.candidates.
func (cs *cueScorer) each(sc *rankScratch, fn func(c *rcand, score float32)) {
	rc := cs.rc
	cue := cs.cue
	p := rc.paras[cs.para]
	// No content: four features, scored as features does.
	{
		near := uint64(0)
		for k := max(cue[0]-3, 0); k < min(cue[1]+3, len(rc.toks)); k++ {
			if rc.labels[k] == lBCon || rc.labels[k] == lICon {
				near = 1
			}
		}
		var s float32
		s += cs.w[cs.tab.noneFixed]
		s += cs.wt(mix(rNone, cs.cueHash))
		s += cs.wt(mix(rNoneBIO, near))
		s += cs.w[cs.tab.bias]
		fn(&rcand{}, s)
	}
	ls, le, rs, re := rc.boundaries(p, cue, sc.ls[:0], sc.le[:0], sc.rs[:0], sc.re[:0])
	sc.ls, sc.le, sc.rs, sc.re = ls, le, rs, re
	const maxLen = 400
	var c rcand
	var sv startVals
	contiguous := func(sd uint8, starts, ends []int) {
		evs := sc.evs[:0]
		for _, e := range ends {
			evs = append(evs, endVals{})
			cs.end(e+1, uint64(sd), &evs[len(evs)-1])
		}
		sc.evs = evs
		c = rcand{nr: 1, side: sd}
		k0 := 0
		for _, s := range starts {
			for k0 < len(ends) && ends[k0] < s {
				k0++
			}
			if k0 == len(ends) {
				break
			}
			cs.start(s, uint64(sd), &sv)
			for k := k0; k < len(ends) && ends[k]-s < maxLen; k++ {
				c.ranges[0] = [2]int{s, ends[k] + 1}
				fn(&c, cs.score(uint64(sd), c.ranges, 1, &sv, &evs[k]))
			}
		}
	}
	contiguous(1, ls, le)
	contiguous(2, rs, re)
	// Discontinuous: a left part ending near the cue and a right part
	// starting near it, each running to a sentence or quotation edge.
	lParts, rParts := sc.lParts[:0], sc.rParts[:0]
	qe, qs := rc.quoteResume(cue)
	for _, s := range ls {
		if !rc.startEdge[s] {
			continue
		}
		for _, e := range le {
			if e >= s && (cue[0]-e <= 12 && rc.gapIsAttribution(e+1, cue[0]) || e == qe) {
				lParts = append(lParts, [2]int{s, e + 1})
			}
		}
	}
	if len(lParts) > 0 {
		for _, s := range rs {
			if (s-cue[1] > 12 || !rc.gapIsAttribution(cue[1], s)) && s != qs {
				continue
			}
			for _, e := range re {
				if e >= s && rc.endEdge[e] {
					rParts = append(rParts, [2]int{s, e + 1})
				}
			}
		}
	}
	sc.lParts, sc.rParts = lParts, rParts
	if len(lParts) == 0 || len(rParts) == 0 {
		return
	}
	evs := sc.evs3[:0]
	for _, r := range rParts {
		evs = append(evs, endVals{})
		cs.end(r[1], 3, &evs[len(evs)-1])
	}
	sc.evs3 = evs
	c = rcand{nr: 2, side: 3}
	last := -1
	for _, l := range lParts {
		if l[0] != last {
			cs.start(l[0], 3, &sv)
			last = l[0]
		}
		c.ranges[0] = l
		for k, r := range rParts {
			c.ranges[1] = r
			fn(&c, cs.score(3, c.ranges, 2, &sv, &evs[k]))
		}
	}
}
