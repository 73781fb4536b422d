package tagger

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Example is one training article with its gold spans (rune offsets).
type Example struct {
	Text     string
	Sources  [][]graph.Span
	Cues     [][]graph.Span
	Contents [][]graph.Span
	// Attributions links cues to their content; it trains the content
	// ranker (no ranker is trained when no example has any).
	Attributions []Attribution
}

// TrainConfig controls Train.
type TrainConfig struct {
	Epochs  int // passes per stage (default 10)
	Buckets int // hashed feature space, a power of two (default 1<<18)
	Stages  int // 1, or 2 to stack a second model on the first's labels (default 2)
	Folds   int // jackknife folds giving stage 2 realistic stage-1 labels (default 4)
	// RankEpochs and RankBuckets size the content ranker's training and
	// hashed feature space (defaults Epochs and 1<<18).
	RankEpochs  int
	RankBuckets int
	// RankPredicted also trains the ranker on the cues the jackknifed
	// stage 1 finds, as Tag will see them: 1 those overlapping a gold cue
	// (with its content), 2 also the others (with no content).
	RankPredicted int
	// RankNoneShift is added to the weight of "no content": the
	// extraction drops tagger attributions without content, sources
	// included, so it may pay to prefer some content.
	RankNoneShift float32
	// RankMargin makes ranker training loss-augmented: a candidate's
	// score is raised by RankMargin × (1 − its token overlap with the
	// gold) when looking for the perceptron's mistake (0: plain).
	RankMargin float64
	Seed       uint64 // shuffling seed
	// Eval, when set, scores the averaged model after every epoch (higher
	// is better); each stage keeps its best epoch. Without it the last
	// epoch is kept.
	Eval func(stage, epoch int, m *Model) float64
	Log  io.Writer
}

type sequence struct {
	feats [][]uint32
	gold  []uint8
}

type prepared struct {
	toks  []Token
	info  []tokInfo
	gold  []uint8
	paras [][2]int
}

// Train learns a model from examples.
func Train(examples []Example, cfg TrainConfig) (*Model, error) {
	if cfg.Epochs <= 0 {
		cfg.Epochs = 10
	}
	if cfg.Buckets <= 0 {
		cfg.Buckets = 1 << 18
	}
	if cfg.Buckets&(cfg.Buckets-1) != 0 {
		return nil, fmt.Errorf("train: buckets %d is not a power of two", cfg.Buckets)
	}
	if cfg.Stages <= 0 {
		cfg.Stages = 2
	}
	if cfg.Folds < 2 {
		cfg.Folds = 4
	}
	if cfg.RankEpochs <= 0 {
		cfg.RankEpochs = cfg.Epochs
	}
	if cfg.RankBuckets <= 0 {
		cfg.RankBuckets = 1 << 18
	}
	if cfg.RankBuckets&(cfg.RankBuckets-1) != 0 {
		return nil, fmt.Errorf("train: ranker buckets %d is not a power of two", cfg.RankBuckets)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("train: no examples")
	}
	m := &Model{Buckets: cfg.Buckets, Lexicon: buildLexicon(examples)}
	data := make([]prepared, len(examples))
	for i, ex := range examples {
		toks := Tokenize(ex.Text)
		data[i] = prepared{toks: toks, info: m.analyse(toks, nil), gold: goldLabels(toks, ex), paras: paragraphs(toks)}
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x7a66))

	// Stage 1 on everything.
	seqs := sequencesFrom(m, data, nil)
	fmt.Fprintf(cfg.Log, "stage 1: %d sequences\n", len(seqs))
	w, tr, best := trainStage(m, seqs, cfg, 0, rng)
	m.Weights = append(m.Weights, w)
	m.Trans = append(m.Trans, tr)
	var stage1Jack [][]uint8
	for s := 1; s < cfg.Stages; s++ {
		// Jackknife: label each fold with a model that never saw it, so the
		// next stage learns how far to trust realistic (imperfect) labels.
		preds := make([][]uint8, len(data))
		for k := 0; k < cfg.Folds; k++ {
			var trainPart []prepared
			for i := range data {
				if i%cfg.Folds != k {
					trainPart = append(trainPart, data[i])
				}
			}
			sub := &Model{Buckets: m.Buckets, Lexicon: m.Lexicon}
			for st := 0; st < s; st++ {
				var prev [][]uint8
				if st > 0 {
					prev = make([][]uint8, len(trainPart))
					for j := range trainPart {
						prev[j] = sub.stagesLabels(trainPart[j], st)
					}
				}
				subCfg := cfg
				subCfg.Eval = nil
				subCfg.Epochs = best[st]
				w, tr, _ := trainStage(sub, sequencesFrom(sub, trainPart, prev), subCfg, st, rng)
				sub.Weights = append(sub.Weights, w)
				sub.Trans = append(sub.Trans, tr)
			}
			for i := range data {
				if i%cfg.Folds == k {
					preds[i] = sub.stagesLabels(data[i], s)
				}
			}
			fmt.Fprintf(cfg.Log, "stage %d: jackknife fold %d/%d done\n", s+1, k+1, cfg.Folds)
		}
		if s == 1 {
			stage1Jack = preds
		}
		w, tr, b := trainStage(m, sequencesFrom(m, data, preds), cfg, s, rng)
		best = append(best, b[s])
		m.Weights = append(m.Weights, w)
		m.Trans = append(m.Trans, tr)
	}
	if stage1Jack != nil {
		var exs []rankExample
		for i, ex := range examples {
			rc := newRankCtx(data[i].toks, data[i].info, stage1Jack[i], nil)
			gold := rankExamples(rc, ex)
			exs = append(exs, gold...)
			if cfg.RankPredicted > 0 {
				exs = append(exs, predictedCueExamples(rc, gold, cfg.RankPredicted > 1)...)
			}
		}
		if len(exs) > 0 {
			trainRanker(m, exs, cfg, rng)
		}
	}
	return m, nil
}

// rankExamples turns an example's gold attributions into ranker
// instances: cue token range and word-trimmed content token ranges.
func rankExamples(rc *rankCtx, ex Example) []rankExample {
	toTok := func(r graph.Span) (int, int, bool) {
		a, b := -1, -1
		for i, t := range rc.toks {
			if t.Start >= r.Start && t.Start < r.End {
				if a < 0 {
					a = i
				}
				b = i + 1
			}
		}
		return a, b, a >= 0
	}
	var out []rankExample
	for _, at := range ex.Attributions {
		if len(at.Cue) == 0 {
			continue
		}
		a, _, ok1 := toTok(at.Cue[0])
		_, b, ok2 := toTok(at.Cue[len(at.Cue)-1])
		if !ok1 || !ok2 || rc.paraOf[a] != rc.paraOf[b-1] {
			continue
		}
		var gold [][2]int
		for _, r := range at.Content {
			s, e, ok := toTok(r)
			if !ok {
				continue
			}
			for s < e && !rc.word[s] {
				s++
			}
			for e > s && !rc.word[e-1] {
				e--
			}
			if s < e {
				gold = append(gold, [2]int{s, e})
			}
		}
		out = append(out, rankExample{rc: rc, cue: [2]int{a, b}, gold: gold})
	}
	return out
}

// predictedCueExamples returns ranker instances for the cues rc's labels
// mark that are not exactly a gold cue of gold: one overlapping a gold
// cue gets its content, the others no content.
func predictedCueExamples(rc *rankCtx, gold []rankExample, none bool) []rankExample {
	var out []rankExample
	for _, t := range labelSpans(rc.labels) {
		if t.role != lBCue {
			continue
		}
		cue := t.ranges[0]
		match := -1
		for k, g := range gold {
			if g.cue == cue {
				match = -2
				break
			}
			if match == -1 && g.cue[0] < cue[1] && cue[0] < g.cue[1] {
				match = k
			}
		}
		switch {
		case match == -2:
		case match >= 0:
			out = append(out, rankExample{rc: rc, cue: cue, gold: gold[match].gold})
		case none:
			out = append(out, rankExample{rc: rc, cue: cue})
		}
	}
	return out
}

// stagesLabels runs the first n stages of m on a prepared example.
func (m *Model) stagesLabels(p prepared, n int) []uint8 {
	var pred []uint8
	d := newDecoder(len(p.toks))
	for s := 0; s < n; s++ {
		feats := m.featurize(p.info, pred)
		out := make([]uint8, len(p.toks))
		for _, pr := range p.paras {
			d.viterbi(m.Weights[s], m.Trans[s], feats[pr[0]:pr[1]], out[pr[0]:pr[1]])
		}
		pred = out
	}
	return pred
}

func sequencesFrom(m *Model, data []prepared, preds [][]uint8) []sequence {
	var seqs []sequence
	for i, p := range data {
		var pred []uint8
		if preds != nil {
			pred = preds[i]
		}
		feats := m.featurize(p.info, pred)
		for _, pr := range p.paras {
			seqs = append(seqs, sequence{feats: feats[pr[0]:pr[1]], gold: p.gold[pr[0]:pr[1]]})
		}
	}
	return seqs
}

// trainStage trains one averaged structured perceptron; best[stage] is
// the epoch count kept.
func trainStage(m *Model, seqs []sequence, cfg TrainConfig, stage int, rng *rand.Rand) ([]float32, []float32, []int) {
	nw := m.Buckets * numLabels
	nt := (numLabels + 1) * numLabels
	w := make([]float64, nw)
	u := make([]float64, nw) // sum of c·Δ, for averaging
	t := make([]float64, nt)
	tu := make([]float64, nt)
	w32 := make([]float32, nw)
	t32 := make([]float32, nt)
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	d := newDecoder(256)
	c := 1.0
	var bestW, bestT []float32
	bestScore, bestEpoch := -1.0, cfg.Epochs
	avg := func() ([]float32, []float32) {
		aw := make([]float32, nw)
		for i := range w {
			aw[i] = float32(w[i] - u[i]/c)
		}
		at := make([]float32, nt)
		for i := range t {
			at[i] = float32(t[i] - tu[i]/c)
		}
		return aw, at
	}
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, total := 0, 0
		for _, k := range order {
			s := seqs[k]
			n := len(s.gold)
			if n == 0 {
				continue
			}
			pred := make([]uint8, n)
			d.viterbi(w32, t32, s.feats, pred)
			prevG, prevP := numLabels, numLabels
			for i := 0; i < n; i++ {
				g, p := int(s.gold[i]), int(pred[i])
				total++
				if g != p {
					errs++
					for _, f := range s.feats[i] {
						ig, ip := int(f)*numLabels+g, int(f)*numLabels+p
						w[ig]++
						u[ig] += c
						w[ip]--
						u[ip] -= c
						w32[ig], w32[ip] = float32(w[ig]), float32(w[ip])
					}
				}
				if g != p || prevG != prevP {
					ig, ip := prevG*numLabels+g, prevP*numLabels+p
					t[ig]++
					tu[ig] += c
					t[ip]--
					tu[ip] -= c
					t32[ig], t32[ip] = float32(t[ig]), float32(t[ip])
				}
				prevG, prevP = g, p
			}
			c++
		}
		msg := fmt.Sprintf("stage %d epoch %d: token error %.4f", stage+1, epoch, float64(errs)/float64(max(total, 1)))
		if cfg.Eval != nil {
			aw, at := avg()
			trial := &Model{Buckets: m.Buckets, Lexicon: m.Lexicon, Weights: append(append([][]float32{}, m.Weights[:stage]...), aw), Trans: append(append([][]float32{}, m.Trans[:stage]...), at)}
			score := cfg.Eval(stage, epoch, trial)
			msg += fmt.Sprintf(" dev %.4f", score)
			if score > bestScore {
				bestScore, bestEpoch, bestW, bestT = score, epoch, aw, at
			}
		}
		fmt.Fprintln(cfg.Log, msg)
	}
	if bestW == nil {
		bestW, bestT = avg()
	}
	best := make([]int, stage+1)
	best[stage] = bestEpoch
	return bestW, bestT, best
}

// goldLabels labels each token by the span its first character falls in.
func goldLabels(toks []Token, ex Example) []uint8 {
	labels := make([]uint8, len(toks))
	mark := func(spans [][]graph.Span, b uint8) {
		for _, sp := range spans {
			for _, r := range sp {
				first := true
				for i, t := range toks {
					if t.Start >= r.Start && t.Start < r.End {
						if first {
							labels[i] = b
							first = false
						} else {
							labels[i] = b + 1
						}
					}
				}
			}
		}
	}
	// Content first, so the rare overlaps resolve to the shorter roles.
	mark(ex.Contents, lBCon)
	mark(ex.Sources, lBSrc)
	mark(ex.Cues, lBCue)
	// Re-establish BIO validity after overwrites.
	prev := uint8(lO)
	for i, l := range labels {
		if (l == lISrc || l == lICue || l == lICon) && prev != l && prev != l-1 {
			labels[i] = l - 1
		}
		prev = labels[i]
	}
	return labels
}

// buildLexicon scores each lower-cased word by the share of its
// occurrences inside gold cue spans, bucketed 0–4. Words seen fewer than
// three times as cues are left out, which keeps one-off annotations from
// becoming cue candidates.
func buildLexicon(examples []Example) map[string]uint8 {
	inCue := map[string]int{}
	total := map[string]int{}
	for _, ex := range examples {
		toks := Tokenize(ex.Text)
		cue := make([]bool, len(toks))
		for _, sp := range ex.Cues {
			for _, r := range sp {
				for i, t := range toks {
					if t.Start >= r.Start && t.Start < r.End {
						cue[i] = true
					}
				}
			}
		}
		for i, t := range toks {
			w := lowerASCII(t.Text)
			st := stemKey(stem(w))
			total[w]++
			total[st]++
			if cue[i] {
				inCue[w]++
				inCue[st]++
			}
		}
	}
	lex := map[string]uint8{}
	for w, k := range inCue {
		if k < 3 {
			continue
		}
		r := float64(k) / float64(total[w]+1)
		var b uint8
		switch {
		case r >= 0.6:
			b = 4
		case r >= 0.3:
			b = 3
		case r >= 0.1:
			b = 2
		case r >= 0.02:
			b = 1
		default:
			continue
		}
		lex[w] = b
	}
	return lex
}
