package eval

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
)

// PolNeARSpans is one document's attribution spans by role. Each element is
// one span, possibly discontinuous (several character ranges).
type PolNeARSpans struct {
	Sources  [][]graph.Span
	Cues     [][]graph.Span
	Contents [][]graph.Span
	// Sentences is how many sentences the predictor processed; it feeds
	// sentences_per_second and is ignored for gold.
	Sentences int
}

// PolNeARPredictor tags one article text.
type PolNeARPredictor func(text string) (PolNeARSpans, error)

// PRF is precision, recall and F1 with the counts behind them.
type PRF struct {
	P    float64 `json:"p"`
	R    float64 `json:"r"`
	F1   float64 `json:"f1"`
	TP   int     `json:"-"`
	Pred int     `json:"-"`
	Gold int     `json:"-"`
}

// MatchScores scores one role under both matchings.
type MatchScores struct {
	Exact   PRF `json:"exact"`
	Overlap PRF `json:"overlap"`
}

// PolNeARReport is the micro-averaged score over a PolNeAR directory.
type PolNeARReport struct {
	Documents          int         `json:"documents"`
	Attributions       int         `json:"attributions"`
	Source             MatchScores `json:"source"`
	Cue                MatchScores `json:"cue"`
	Content            MatchScores `json:"content"`
	SentencesPerSecond float64     `json:"sentences_per_second"`
}

// PolNeARDoc is one gold article: its text and the spans of the first
// annotator's .ann file in sorted order.
type PolNeARDoc struct {
	Name         string // text file name without .txt
	Text         string
	Gold         PolNeARSpans
	Attributions int
	// Links are the gold attribution events resolved to spans.
	Links []brat.Attribution
}

// LoadPolNeAR reads DIR/text/*.txt with their DIR/attributions/<name>_<annotator>.ann
// files. Texts without annotations are skipped; where several annotators
// annotated an article the first .ann file in sorted order is used.
func LoadPolNeAR(dir string) ([]PolNeARDoc, error) {
	anns, err := annFiles(filepath.Join(dir, "attributions"))
	if err != nil {
		return nil, err
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("load polnear %s: no .ann files in attributions/", dir)
	}
	names := make([]string, 0, len(anns))
	for name := range anns {
		names = append(names, name)
	}
	slices.Sort(names)
	docs := make([]PolNeARDoc, 0, len(names))
	for _, name := range names {
		txtPath := filepath.Join(dir, "text", name+".txt")
		txt, err := os.ReadFile(txtPath)
		if err != nil {
			return nil, fmt.Errorf("load polnear text for %s: %w", anns[name], err)
		}
		doc, err := readAnn(anns[name])
		if err != nil {
			return nil, err
		}
		d := PolNeARDoc{Name: name, Text: string(txt), Gold: SpansFromBrat(doc), Links: doc.Attributions()}
		for _, ev := range doc.Events {
			if strings.HasPrefix(ev.Type, "Attribution") {
				d.Attributions++
			}
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// annFiles maps each text name to its first .ann file in sorted order. A
// file is named <textname>_<annotator>.ann, or <textname>.ann.
func annFiles(dir string) (map[string]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list annotations: %w", err)
	}
	out := map[string]string{}
	for _, e := range ents { // ReadDir returns entries sorted by name
		base := e.Name()
		if e.IsDir() || !strings.HasSuffix(base, ".ann") {
			continue
		}
		name := strings.TrimSuffix(base, ".ann")
		if i := strings.LastIndexByte(name, '_'); i > 0 {
			name = name[:i]
		}
		if _, ok := out[name]; !ok {
			out[name] = filepath.Join(dir, base)
		}
	}
	return out, nil
}

func readAnn(path string) (*brat.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open ann: %w", err)
	}
	defer f.Close()
	doc, err := brat.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return doc, nil
}

// SpansFromBrat collects a document's Source, Cue and Content text-bounds,
// the unit PolNeAR scoring counts (a Content2 argument is its own Content
// text-bound).
func SpansFromBrat(doc *brat.Document) PolNeARSpans {
	var s PolNeARSpans
	for _, tb := range doc.TextBounds {
		switch tb.Type {
		case "Source":
			s.Sources = append(s.Sources, tb.Spans)
		case "Cue":
			s.Cues = append(s.Cues, tb.Spans)
		case "Content":
			s.Contents = append(s.Contents, tb.Spans)
		}
	}
	return s
}

// PolNeARScorer accumulates micro-averaged counts document by document.
type PolNeARScorer struct {
	docs, atts, sentences int
	elapsed               time.Duration
	counts                [3][2]PRF // role × {exact, overlap}
}

// Add scores one document's prediction against its gold spans.
func (s *PolNeARScorer) Add(text string, gold, pred PolNeARSpans, attributions int) {
	runes := []rune(text)
	s.docs++
	s.atts += attributions
	s.sentences += pred.Sentences
	roles := [3][2][][]graph.Span{
		{gold.Sources, pred.Sources},
		{gold.Cues, pred.Cues},
		{gold.Contents, pred.Contents},
	}
	for i, r := range roles {
		g, p := normalizeAll(runes, r[0]), normalizeAll(runes, r[1])
		exact := exactMatches(g, p)
		over := overlapMatches(g, p)
		for j, tp := range []int{exact, over} {
			c := &s.counts[i][j]
			c.TP += tp
			c.Gold += len(g)
			c.Pred += len(p)
		}
	}
}

// AddTime records time spent predicting, for sentences_per_second.
func (s *PolNeARScorer) AddTime(d time.Duration) { s.elapsed += d }

// Report computes the scores so far.
func (s *PolNeARScorer) Report() *PolNeARReport {
	r := &PolNeARReport{Documents: s.docs, Attributions: s.atts}
	for i, ms := range []*MatchScores{&r.Source, &r.Cue, &r.Content} {
		ms.Exact = finish(s.counts[i][0])
		ms.Overlap = finish(s.counts[i][1])
	}
	if s.elapsed > 0 {
		r.SentencesPerSecond = float64(s.sentences) / s.elapsed.Seconds()
	}
	return r
}

func finish(c PRF) PRF {
	if c.Pred > 0 {
		c.P = float64(c.TP) / float64(c.Pred)
	}
	if c.Gold > 0 {
		c.R = float64(c.TP) / float64(c.Gold)
	}
	if c.P+c.R > 0 {
		c.F1 = 2 * c.P * c.R / (c.P + c.R)
	}
	return c
}

// ScorePolNeAR runs predict over every annotated article in dir and scores
// it against the gold annotations.
func ScorePolNeAR(ctx context.Context, dir string, predict PolNeARPredictor) (*PolNeARReport, error) {
	docs, err := LoadPolNeAR(dir)
	if err != nil {
		return nil, err
	}
	return ScorePolNeARDocs(ctx, docs, predict)
}

// ScorePolNeARDocs is ScorePolNeAR over already loaded documents.
func ScorePolNeARDocs(ctx context.Context, docs []PolNeARDoc, predict PolNeARPredictor) (*PolNeARReport, error) {
	var s PolNeARScorer
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		pred, err := predict(d.Text)
		s.AddTime(time.Since(start))
		if err != nil {
			return nil, fmt.Errorf("predict %s: %w", d.Name, err)
		}
		s.Add(d.Text, d.Gold, pred, d.Attributions)
	}
	return s.Report(), nil
}

// ScorePolNeARDir scores predicted .ann files in predDir (named
// <textname>.ann or <textname>_<anything>.ann) against the gold in dir.
// An article without a predicted file counts as predicting nothing.
// sentences_per_second is 0: no prediction is timed.
func ScorePolNeARDir(ctx context.Context, dir, predDir string) (*PolNeARReport, error) {
	docs, err := LoadPolNeAR(dir)
	if err != nil {
		return nil, err
	}
	preds, err := annFiles(predDir)
	if err != nil {
		return nil, err
	}
	if len(preds) == 0 {
		return nil, fmt.Errorf("score polnear: no .ann files in %s", predDir)
	}
	var s PolNeARScorer
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var pred PolNeARSpans
		path, ok := preds[d.Name]
		if exact := filepath.Join(predDir, d.Name+".ann"); fileExists(exact) {
			// "<textname>.ann" wins over the annotator-suffixed form, whose
			// suffix cut would clip a text name that itself contains "_".
			path, ok = exact, true
		}
		if ok {
			doc, err := readAnn(path)
			if err != nil {
				return nil, err
			}
			pred = SpansFromBrat(doc)
		}
		s.Add(d.Text, d.Gold, pred, d.Attributions)
	}
	return s.Report(), nil
}

// normSpan is a span normalised for matching: trimmed, sorted, merged
// character ranges, with a comparable key.
type normSpan struct {
	ranges []graph.Span
	key    string
}

// normalizeAll normalises spans and drops duplicates (an article's same
// span annotated twice counts once).
func normalizeAll(runes []rune, spans [][]graph.Span) []normSpan {
	out := make([]normSpan, 0, len(spans))
	seen := map[string]bool{}
	for _, sp := range spans {
		n := normalize(runes, sp)
		if len(n.ranges) == 0 || seen[n.key] {
			continue
		}
		seen[n.key] = true
		out = append(out, n)
	}
	return out
}

func trimRune(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

// NormalizeSpans gives spans as the PolNeAR scorer compares them under
// exact matching: clamped to the text, trimmed of surrounding whitespace
// and punctuation, sorted and merged. Error-analysis tools use it so they
// judge spans exactly as the scores do.
func NormalizeSpans(runes []rune, spans []graph.Span) []graph.Span {
	return normalize(runes, spans).ranges
}

// normalize clamps each range to the text, trims surrounding whitespace and
// punctuation, and merges touching ranges so equal character sets get equal
// keys. A span that is nothing but punctuation keeps its untrimmed ranges.
func normalize(runes []rune, spans []graph.Span) normSpan {
	var clamped, trimmed []graph.Span
	for _, s := range spans {
		st, en := min(max(s.Start, 0), len(runes)), min(max(s.End, 0), len(runes))
		if st >= en {
			continue
		}
		clamped = append(clamped, graph.Span{Start: st, End: en})
		for st < en && trimRune(runes[st]) {
			st++
		}
		for en > st && trimRune(runes[en-1]) {
			en--
		}
		if st < en {
			trimmed = append(trimmed, graph.Span{Start: st, End: en})
		}
	}
	if len(trimmed) == 0 {
		trimmed = clamped
	}
	slices.SortFunc(trimmed, func(a, b graph.Span) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	var merged []graph.Span
	for _, s := range trimmed {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	var b strings.Builder
	for _, s := range merged {
		b.WriteString(strconv.Itoa(s.Start))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(s.End))
		b.WriteByte(';')
	}
	return normSpan{ranges: merged, key: b.String()}
}

func exactMatches(gold, pred []normSpan) int {
	keys := make(map[string]bool, len(gold))
	for _, g := range gold {
		keys[g.key] = true
	}
	n := 0
	for _, p := range pred {
		if keys[p.key] {
			n++
		}
	}
	return n
}

// overlapMatches pairs predicted and gold spans sharing characters, one to
// one, greedily by largest overlap (ties: earlier prediction, then earlier
// gold) so the result does not depend on map order or luck.
func overlapMatches(gold, pred []normSpan) int {
	type pair struct{ p, g, n int }
	var pairs []pair
	for i, p := range pred {
		for j, g := range gold {
			if n := shared(p.ranges, g.ranges); n > 0 {
				pairs = append(pairs, pair{i, j, n})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.p, b.p), cmp.Compare(a.g, b.g))
	})
	usedP := make([]bool, len(pred))
	usedG := make([]bool, len(gold))
	tp := 0
	for _, x := range pairs {
		if usedP[x.p] || usedG[x.g] {
			continue
		}
		usedP[x.p], usedG[x.g] = true, true
		tp++
	}
	return tp
}

// shared counts characters common to two sorted, merged range lists.
func shared(a, b []graph.Span) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i].Start, b[j].Start), min(a[i].End, b[j].End)
		if lo < hi {
			n += hi - lo
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return n
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
