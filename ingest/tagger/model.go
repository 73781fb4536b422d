package tagger

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Model is a trained tagger: one or more stacked averaged-perceptron
// sequence models over hashed features. Stage k>0 sees stage k-1's labels
// as features. A Model is safe for concurrent use.
type Model struct {
	// Buckets is the size of the hashed feature space (a power of two).
	Buckets int
	// Lexicon maps a lower-cased word to how often it is part of a cue in
	// the training data, bucketed 0 (never) to 4 (mostly).
	Lexicon map[string]uint8
	// Weights[s] holds stage s's Buckets×numLabels feature weights;
	// Trans[s] its (numLabels+1)×numLabels transition weights, the last row
	// being the sequence start.
	Weights [][]float32
	Trans   [][]float32
	// Rank holds the content ranker's weights (see rank.go); without it
	// content comes straight from the sequence labels.
	Rank []float32

	// fused is Load's decoding layout of Weights (see fused.go), used
	// while Weights holds the slices Load made: replace those slices
	// rather than editing them in place.
	fused *fusedWeights
}

// Attribution groups one cue with the source and content spans nearest to it.
type Attribution struct {
	Source  []graph.Span
	Cue     []graph.Span
	Content []graph.Span
}

// Spans is the tagger's output for one text. Offsets are rune offsets.
type Spans struct {
	Sources      [][]graph.Span
	Cues         [][]graph.Span
	Contents     [][]graph.Span
	Attributions []Attribution
	Sentences    int
}

// Tag finds source, cue and content spans in text.
func (m *Model) Tag(text string) Spans {
	rs := []rune(text)
	toks := tokenizeRunes(text, rs)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	labels, first, info := m.labels(toks, sc)
	var out Spans
	var linked [][]graph.Span
	if m.Rank != nil && len(toks) > 0 {
		out, linked = m.rankedSpans(toks, info, labels, first, sc)
	} else {
		out = spansFromLabels(toks, labels)
	}
	out.Sentences = CountSentences(toks)
	out.Attributions = group(out, linked)
	return out
}

// labels runs every stage over toks and returns the last and the first
// stage's labels.
// The results live in sc.
func (m *Model) labels(toks []Token, sc *scratch) (last, first []uint8, info []tokInfo) {
	n := len(toks)
	if n == 0 {
		return nil, nil, nil
	}
	info = m.analyse(toks, sc)
	var pred []uint8
	d := &sc.dec
	base := m.baseFeatures(info, sc)
	for len(sc.stages) < len(m.Weights) {
		sc.stages = append(sc.stages, nil)
	}
	if fz := m.fusedFor(); fz != nil {
		last, first = m.labelsFused(fz, toks, info, base, sc)
		return last, first, info
	}
	for s := range m.Weights {
		feats := base
		if pred != nil {
			feats = m.stackFeatures(info, pred, base, sc)
		}
		out := resize(&sc.stages[s], n)
		for _, p := range paragraphs(toks) {
			d.viterbi(m.Weights[s], m.Trans[s], feats[p[0]:p[1]], out[p[0]:p[1]])
		}
		if s == 0 {
			first = out
		}
		pred = out
	}
	return pred, first, info
}

// rankedSpans takes sources and cues from the sequence labels and each
// cue's content from the ranker.
// The second result is each cue's chosen content (nil for none), in the
// order of Spans.Cues.
func (m *Model) rankedSpans(toks []Token, info []tokInfo, labels, first []uint8, sc *scratch) (Spans, [][]graph.Span) {
	ts := labelSpans(labels)
	var cues [][2]int
	var kept []tspan
	for _, t := range ts {
		if t.role == lBCue {
			cues = append(cues, t.ranges[0])
		}
		if t.role != lBCon {
			kept = append(kept, t)
		}
	}
	rc := newRankCtx(toks, info, first, &sc.rank)
	// Sequence-model content no cue claims is dropped: on dev, keeping it
	// lowered exact F1 (its cue was missed and its edges are usually off).
	chosen := m.rankContents(rc, cues)
	linked := make([][]graph.Span, len(chosen))
	for i, r := range chosen {
		if r != nil {
			t := tspan{role: lBCon, ranges: r}
			kept = append(kept, t)
			linked[i] = tspansToSpans(toks, []tspan{t}).Contents[0]
		}
	}
	return tspansToSpans(toks, kept), linked
}

// paragraphs returns [from, to) token ranges, one per paragraph.
func paragraphs(toks []Token) [][2]int {
	var ps [][2]int
	from := 0
	for i := 1; i <= len(toks); i++ {
		if i == len(toks) || toks[i].Para {
			ps = append(ps, [2]int{from, i})
			from = i
		}
	}
	return ps
}

type decoder struct {
	score []float32 // n × numLabels
	back  []uint8
	emit  []float32
}

func newDecoder(n int) *decoder {
	return &decoder{score: make([]float32, n*numLabels), back: make([]uint8, n*numLabels), emit: make([]float32, n*numLabels)}
}

// viterbi writes the best label sequence for feats into out.
func (d *decoder) viterbi(w, trans []float32, feats [][]uint32, out []uint8) {
	n := len(feats)
	if n == 0 {
		return
	}
	if cap(d.score) < n*numLabels {
		*d = *newDecoder(n)
	}
	emit := d.emit[:n*numLabels]
	// Per label the additions happen in feature order starting from zero,
	// as always.
	clear(emit)
	sumRows(w, numLabels, 0, feats, emit)
	d.decode(trans, emit, out)
}

// predecessors[c] lists the labels allowed before label c.
var predecessors = func() (ps [numLabels]struct {
	list [numLabels]uint8
	n    int
}) {
	for c := range numLabels {
		for p := range numLabels {
			if allowed[p][c] {
				ps[c].list[ps[c].n] = uint8(p)
				ps[c].n++
			}
		}
	}
	return ps
}()

// decode writes the best label sequence for the emission scores emit
// (len(out) × numLabels) into out.
func (d *decoder) decode(trans, emit []float32, out []uint8) {
	n := len(out)
	if n == 0 {
		return
	}
	if cap(d.score) < n*numLabels {
		*d = *newDecoder(n)
	}
	score, back := d.score[:n*numLabels], d.back[:n*numLabels]
	negInf := float32(math.Inf(-1))
	for c := range numLabels {
		if allowed[numLabels][c] {
			score[c] = trans[numLabels*numLabels+c] + emit[c]
		} else {
			score[c] = negInf
		}
	}
	// Transitions by target label, visiting only allowed predecessors in
	// ascending order (ties keep the first, as before).
	var tcol [numLabels][numLabels]float32
	for p := range numLabels {
		for c := range numLabels {
			tcol[c][p] = trans[p*numLabels+c]
		}
	}
	for i := 1; i < n; i++ {
		prev := (*[numLabels]float32)(score[(i-1)*numLabels:])
		cur := (*[numLabels]float32)(score[i*numLabels:])
		em := (*[numLabels]float32)(emit[i*numLabels:])
		bk := (*[numLabels]uint8)(back[i*numLabels:])
		for c := range numLabels {
			best, arg := negInf, uint8(0)
			tc := &tcol[c]
			for _, p := range predecessors[c].list[:predecessors[c].n] {
				if prev[p] == negInf {
					continue
				}
				if s := prev[p] + tc[p]; s > best {
					best, arg = s, p
				}
			}
			if best != negInf {
				best += em[c]
			}
			cur[c] = best
			bk[c] = arg
		}
	}
	best, arg := negInf, 0
	for c := range numLabels {
		if s := score[(n-1)*numLabels+c]; s > best {
			best, arg = s, c
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = uint8(arg)
		arg = int(back[i*numLabels+arg])
	}
}

// tspan is a predicted span over token ranges [from, to).
type tspan struct {
	role   uint8 // lBSrc, lBCue or lBCon
	ranges [][2]int
}

// labelSpans turns BIO labels into token spans.
func labelSpans(labels []uint8) []tspan {
	var ts []tspan
	for i := 0; i < len(labels); {
		l := labels[i]
		if l == lO {
			i++
			continue
		}
		b := l
		if b == lISrc || b == lICue || b == lICon {
			b-- // decoding forbids this; tolerate it anyway
		}
		j := i + 1
		for j < len(labels) && labels[j] == b+1 {
			j++
		}
		ts = append(ts, tspan{role: b, ranges: [][2]int{{i, j}}})
		i = j
	}
	return ts
}

// spansFromLabels turns BIO labels into rune spans; models without a
// content ranker use it.
func spansFromLabels(toks []Token, labels []uint8) Spans {
	ts := labelSpans(labels)
	ts = mergeSplitContent(toks, ts)
	return tspansToSpans(toks, ts)
}

func tspansToSpans(toks []Token, ts []tspan) Spans {
	var out Spans
	for _, t := range ts {
		sp := make([]graph.Span, len(t.ranges))
		for k, r := range t.ranges {
			sp[k] = graph.Span{Start: toks[r[0]].Start, End: toks[r[1]-1].End}
		}
		switch t.role {
		case lBSrc:
			out.Sources = append(out.Sources, sp)
		case lBCue:
			out.Cues = append(out.Cues, sp)
		case lBCon:
			out.Contents = append(out.Contents, sp)
		}
	}
	return out
}

// mergeSplitContent joins content interrupted by its own source and cue
// (“We won,” he said, “and we will win again.”) into one discontinuous
// span, as PolNeAR annotates it: content, then only source/cue spans with
// at least one cue, then content that has no source or cue of its own
// right after it, all separated by nothing but punctuation.
// quoteOpens reports whether span t starts with an opening quotation mark.
func quoteOpens(toks []Token, t tspan) bool {
	x := toks[t.ranges[0][0]].Text
	return x == "“" || x == "\"" || x == "‘"
}

func mergeSplitContent(toks []Token, ts []tspan) []tspan {
	// near reports whether spans a and b are in one paragraph with only
	// punctuation tokens between them.
	near := func(a, b tspan) bool {
		from, to := a.ranges[len(a.ranges)-1][1], b.ranges[0][0]
		for k := from; k <= to && k < len(toks); k++ {
			if k > from && toks[k].Para {
				return false
			}
			if k < to {
				r, _ := utf8.DecodeRuneInString(toks[k].Text)
				if isWordRune(r) {
					return false
				}
			}
		}
		return true
	}
	out := ts[:0:0]
	for i := 0; i < len(ts); i++ {
		cur := ts[i]
		if cur.role == lBCon {
			j, cues := i+1, 0
			for j < len(ts) && ts[j].role != lBCon && near(ts[j-1], ts[j]) {
				if ts[j].role == lBCue {
					cues++
				}
				j++
			}
			if cues == 1 && j < len(ts) && quoteOpens(toks, cur) && quoteOpens(toks, ts[j]) && j > i+1 && ts[j].role == lBCon && near(ts[j-1], ts[j]) &&
				(j+1 >= len(ts) || ts[j+1].role == lBCon || !near(ts[j], ts[j+1])) {
				cur.ranges = append(append([][2]int{}, cur.ranges...), ts[j].ranges...)
				out = append(out, cur)
				out = append(out, ts[i+1:j]...)
				i = j
				continue
			}
		}
		out = append(out, cur)
	}
	return out
}

// group attaches every source and content to the nearest cue (by character
// distance); contents is, when non-nil, each cue's content as the ranker
// chose it, which then replaces the nearest-content rule. A cue keeps at most one source and one content, the nearest;
// spans left over become attributions of their own without a cue.
func group(s Spans, contents [][]graph.Span) []Attribution {
	atts := make([]Attribution, len(s.Cues))
	for i, c := range s.Cues {
		atts[i].Cue = c
		if contents != nil {
			atts[i].Content = contents[i]
		}
	}
	assign := func(spans [][]graph.Span, get func(*Attribution) *[]graph.Span) {
		type claim struct{ span, dist int }
		best := make([]claim, len(s.Cues))
		for i := range best {
			best[i] = claim{-1, math.MaxInt}
		}
		var orphans []int
		for k, sp := range spans {
			ci, cd := -1, math.MaxInt
			for i, c := range s.Cues {
				if d := distance(sp, c); d < cd {
					ci, cd = i, d
				}
			}
			if ci < 0 {
				orphans = append(orphans, k)
				continue
			}
			if cd < best[ci].dist {
				if best[ci].span >= 0 {
					orphans = append(orphans, best[ci].span)
				}
				best[ci] = claim{k, cd}
			} else {
				orphans = append(orphans, k)
			}
		}
		for i, b := range best {
			if b.span >= 0 {
				*get(&atts[i]) = spans[b.span]
			}
		}
		for _, k := range orphans {
			var a Attribution
			*get(&a) = spans[k]
			atts = append(atts, a)
		}
	}
	assign(s.Sources, func(a *Attribution) *[]graph.Span { return &a.Source })
	if contents == nil {
		assign(s.Contents, func(a *Attribution) *[]graph.Span { return &a.Content })
	}
	return atts
}

// distance is the number of characters between two spans (0 if they touch
// or overlap).
func distance(a, b []graph.Span) int {
	best := math.MaxInt
	for _, x := range a {
		for _, y := range b {
			d := 0
			if x.End <= y.Start {
				d = y.Start - x.End
			} else if y.End <= x.Start {
				d = x.Start - y.End
			}
			best = min(best, d)
		}
	}
	return best
}

// serialised form: weights quantised to int16 per stage with a scale.
type modelFile struct {
	Version int
	Buckets int
	Lexicon map[string]uint8 // read for compatibility; Save writes LexWords
	// LexWords and LexScores hold the lexicon sorted by word, so saving
	// the same model twice gives the same bytes (gob maps are unordered).
	LexWords  []string
	LexScores []byte
	Scale     []float32
	Q         [][]int16
	Trans     [][]float32
	// Rank is the ranker's weights quantised with RankScale (absent in
	// models without a ranker).
	RankScale float32
	RankQ     []int16
}

const fileVersion = 1

// Save writes the model gzip-compressed.
func (m *Model) Save(w io.Writer) error {
	f := modelFile{Version: fileVersion, Buckets: m.Buckets, Trans: m.Trans}
	for w := range m.Lexicon {
		f.LexWords = append(f.LexWords, w)
	}
	slices.Sort(f.LexWords)
	for _, w := range f.LexWords {
		f.LexScores = append(f.LexScores, m.Lexicon[w])
	}
	for _, ws := range m.Weights {
		scale, q := quantize(ws)
		f.Scale = append(f.Scale, scale)
		f.Q = append(f.Q, q)
	}
	if m.Rank != nil {
		f.RankScale, f.RankQ = quantize(m.Rank)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := gob.NewEncoder(zw).Encode(&f); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	return nil
}

func quantize(ws []float32) (float32, []int16) {
	var maxAbs float32
	for _, x := range ws {
		maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	q := make([]int16, len(ws))
	for i, x := range ws {
		q[i] = int16(math.Round(float64(x / scale)))
	}
	return scale, q
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	var f modelFile
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("load model: version %d, want %d", f.Version, fileVersion)
	}
	if f.Buckets <= 0 || f.Buckets&(f.Buckets-1) != 0 || len(f.Q) != len(f.Scale) || len(f.Q) != len(f.Trans) || len(f.Q) == 0 {
		return nil, fmt.Errorf("load model: inconsistent header (buckets %d, %d stages)", f.Buckets, len(f.Q))
	}
	if len(f.LexWords) != len(f.LexScores) {
		return nil, fmt.Errorf("load model: %d lexicon words, %d scores", len(f.LexWords), len(f.LexScores))
	}
	if f.Lexicon == nil {
		f.Lexicon = make(map[string]uint8, len(f.LexWords))
	}
	for i, w := range f.LexWords {
		f.Lexicon[w] = f.LexScores[i]
	}
	m := &Model{Buckets: f.Buckets, Lexicon: f.Lexicon, Trans: f.Trans}
	for s, q := range f.Q {
		if len(q) != f.Buckets*numLabels || len(f.Trans[s]) != (numLabels+1)*numLabels {
			return nil, fmt.Errorf("load model: stage %d has %d weights, want %d", s, len(q), f.Buckets*numLabels)
		}
		ws := make([]float32, len(q))
		for i, x := range q {
			ws[i] = float32(x) * f.Scale[s]
		}
		m.Weights = append(m.Weights, ws)
	}
	if f.RankQ != nil {
		if len(f.RankQ) == 0 || len(f.RankQ)&(len(f.RankQ)-1) != 0 {
			return nil, fmt.Errorf("load model: ranker has %d weights, not a power of two", len(f.RankQ))
		}
		m.Rank = make([]float32, len(f.RankQ))
		for i, x := range f.RankQ {
			m.Rank[i] = float32(x) * f.RankScale
		}
	}
	m.fused = buildFused(m)
	return m, nil
}

//go:embed model/tagger.gob.gz
var embedded []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model trained on PolNeAR that ships with the package,
// decoded once per process.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = Load(bytes.NewReader(embedded))
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded tagger model: %w", defaultErr)
		}
	})
	return defaultModel, defaultErr
}
