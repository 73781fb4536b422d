package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Gold is one reference reading of one article (see GOLD-FORMAT.md).
type Gold struct {
	Document     string            `json:"document"`
	Article      GoldArticle       `json:"article"`
	Entities     []GoldEntity      `json:"entities"`
	Attributions []GoldAttribution `json:"attributions"`
	Chains       []GoldChain       `json:"provenance_chains"`
}

// GoldArticle is what the reading says about the article itself.
type GoldArticle struct {
	Title       string `json:"title"`
	ReportedBy  string `json:"reported_by"`
	PublishedBy string `json:"published_by"`
}

// GoldEntity is a speaker or channel of the reading. Mentions are
// informative only; matching uses Name and Aliases.
type GoldEntity struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Mentions []string `json:"mentions"`
	Roles    []string `json:"roles"`
}

// GoldAttribution is one attribution a careful reader records.
type GoldAttribution struct {
	ID         int       `json:"id"`
	Speaker    string    `json:"speaker"`
	SpeakerAlt []string  `json:"speaker_alt"`
	Cue        *string   `json:"cue"`
	Content    TextParts `json:"content"`
	Kind       string    `json:"kind"`
	Via        []string  `json:"via"`
	Optional   bool      `json:"optional"`
}

// GoldChain is the provenance chain of one claim, origin first.
type GoldChain struct {
	Claim int        `json:"claim"`
	Nodes []NameAlts `json:"chain"`
}

// TextParts is a content that may be discontinuous: JSON string or list.
type TextParts []string

// UnmarshalJSON accepts a string or a list of strings.
func (p *TextParts) UnmarshalJSON(b []byte) error {
	if err := stringOrList((*[]string)(p), b); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	return nil
}

// NameAlts is one chain node: a name or a list of acceptable names.
type NameAlts []string

// UnmarshalJSON accepts a string or a list of strings.
func (n *NameAlts) UnmarshalJSON(b []byte) error {
	if err := stringOrList((*[]string)(n), b); err != nil {
		return fmt.Errorf("chain node: %w", err)
	}
	return nil
}

func stringOrList(dst *[]string, b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*dst = []string{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*dst = l
	return nil
}

// LoadGold reads and validates a gold file.
func LoadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load gold: %w", err)
	}
	var g Gold
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&g); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := lineCol(b, se.Offset)
			return nil, fmt.Errorf("load gold %s:%d:%d (offset %d): %w", path, line, col, se.Offset, err)
		case errors.As(err, &te):
			line, col := lineCol(b, te.Offset)
			return nil, fmt.Errorf("load gold %s:%d:%d (offset %d): field %s: %w", path, line, col, te.Offset, te.Field, err)
		}
		return nil, fmt.Errorf("load gold %s: %w", path, err)
	}
	if err := g.validate(); err != nil {
		return nil, fmt.Errorf("load gold %s: %w", path, err)
	}
	return &g, nil
}

func (g *Gold) validate() error {
	ids := map[int]bool{}
	for i, a := range g.Attributions {
		if ids[a.ID] {
			return fmt.Errorf("attributions[%d]: duplicate id %d", i, a.ID)
		}
		ids[a.ID] = true
		if strings.TrimSpace(a.Speaker) == "" {
			return fmt.Errorf("attributions[%d] (id %d): empty speaker", i, a.ID)
		}
		if len(a.Content) == 0 {
			return fmt.Errorf("attributions[%d] (id %d): empty content", i, a.ID)
		}
	}
	for i, c := range g.Chains {
		if !ids[c.Claim] {
			return fmt.Errorf("provenance_chains[%d]: claim %d is no attribution id", i, c.Claim)
		}
		if len(c.Nodes) == 0 {
			return fmt.Errorf("provenance_chains[%d]: empty chain", i)
		}
		for j, n := range c.Nodes {
			if len(n) == 0 {
				return fmt.Errorf("provenance_chains[%d]: node %d has no names", i, j)
			}
		}
	}
	return nil
}

func lineCol(b []byte, off int64) (line, col int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	col = int(off) - bytes.LastIndexByte(b[:off], '\n')
	return line, col
}

// Prediction is one attribution as a tool reports it, neutral of where it
// came from (a store query or an extract.Result).
type Prediction struct {
	Speaker        string
	SpeakerAliases []string
	Content        string
	// Chains are provenance chains, origin speaker first, publisher last.
	Chains [][]string
}

// Report is the score of predictions against one gold reading. It marshals
// to the `eval gold --json` shape; the per-item detail stays out of JSON.
type Report struct {
	Attributions AttributionScore `json:"attributions"`
	Chains       ChainScore       `json:"chains"`
	Detail       Detail           `json:"-"`
}

// AttributionScore counts attributions (rule 7).
type AttributionScore struct {
	Gold           int     `json:"gold"`
	Found          int     `json:"found"`
	Matched        int     `json:"matched"`
	SpeakerCorrect int     `json:"speaker_correct"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
}

// ChainScore counts provenance chains (rule 8).
type ChainScore struct {
	Gold  int `json:"gold"`
	Found int `json:"found"`
}

// Detail explains a Report item by item.
type Detail struct {
	Items       []ItemResult
	ChainItems  []ChainResult
	Unmatched   []int // indices of predictions paired with no gold item
	Predictions []Prediction
}

// ItemResult is the outcome for one gold attribution.
type ItemResult struct {
	Gold GoldAttribution
	// Pred is the index of the paired prediction, or -1.
	Pred         int
	F1           float64 // of the pair, or of the best candidate when unpaired
	BestPred     int     // best prediction by content F1 (any), -1 if none
	SpeakerRight bool
	Counted      bool // false for an unpaired optional item
}

// ChainResult is the outcome for one gold chain.
type ChainResult struct {
	Chain GoldChain
	Pred  int // prediction paired with the claim, or -1
	Found bool
}

// ScoreGold scores preds against g per GOLD-FORMAT.md rules 1–8.
func ScoreGold(g *Gold, preds []Prediction) Report {
	var r Report
	r.Detail.Predictions = preds
	goldToks := make([][]string, len(g.Attributions))
	for i, a := range g.Attributions {
		goldToks[i] = Tokens(strings.Join(a.Content, " "))
	}
	predToks := make([][]string, len(preds))
	for j, p := range preds {
		predToks[j] = Tokens(p.Content)
	}
	type cand struct {
		gi, pj int
		f1     float64
		right  bool
	}
	var cands []cand
	items := make([]ItemResult, len(g.Attributions))
	for i, a := range g.Attributions {
		items[i] = ItemResult{Gold: a, Pred: -1, BestPred: -1}
		gnames := g.speakerNames(a)
		for j, p := range preds {
			f := TokenF1(goldToks[i], predToks[j])
			if items[i].BestPred < 0 || f > items[i].F1 {
				items[i].BestPred, items[i].F1 = j, f
			}
			if f >= 0.5 {
				cands = append(cands, cand{i, j, f, speakerRight(p, gnames)})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool {
		a, b := cands[x], cands[y]
		if a.right != b.right {
			return a.right
		}
		if a.f1 != b.f1 {
			return a.f1 > b.f1
		}
		if ga, gb := g.Attributions[a.gi].ID, g.Attributions[b.gi].ID; ga != gb {
			return ga < gb
		}
		return a.pj < b.pj
	})
	predUsed := make([]bool, len(preds))
	goldUsed := make([]bool, len(g.Attributions))
	for _, c := range cands {
		if goldUsed[c.gi] || predUsed[c.pj] {
			continue
		}
		goldUsed[c.gi], predUsed[c.pj] = true, true
		items[c.gi].Pred, items[c.gi].F1, items[c.gi].SpeakerRight = c.pj, c.f1, c.right
	}
	s := &r.Attributions
	s.Found = len(preds)
	for i := range items {
		it := &items[i]
		it.Counted = it.Pred >= 0 || !it.Gold.Optional
		if it.Counted {
			s.Gold++
		}
		if it.Pred >= 0 {
			s.Matched++
			if it.SpeakerRight {
				s.SpeakerCorrect++
			}
		}
	}
	if s.Found > 0 {
		s.Precision = float64(s.Matched) / float64(s.Found)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.Matched) / float64(s.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	for j := range preds {
		if !predUsed[j] {
			r.Detail.Unmatched = append(r.Detail.Unmatched, j)
		}
	}
	byID := map[int]int{}
	for i, a := range g.Attributions {
		byID[a.ID] = i
	}
	for _, c := range g.Chains {
		cr := ChainResult{Chain: c, Pred: -1}
		if i, ok := byID[c.Claim]; ok {
			cr.Pred = items[i].Pred
		}
		if cr.Pred >= 0 {
			for _, pc := range preds[cr.Pred].Chains {
				if chainContains(pc, c.Nodes) {
					cr.Found = true
					break
				}
			}
		}
		r.Chains.Gold++
		if cr.Found {
			r.Chains.Found++
		}
		r.Detail.ChainItems = append(r.Detail.ChainItems, cr)
	}
	r.Detail.Items = items
	return r
}

// speakerNames lists the names a predicted speaker may match (rule 4).
func (g *Gold) speakerNames(a GoldAttribution) []string {
	names := append([]string{a.Speaker}, a.SpeakerAlt...)
	for _, e := range g.Entities {
		if e.Name == a.Speaker {
			names = append(names, e.Aliases...)
		}
	}
	return names
}

func speakerRight(p Prediction, gold []string) bool {
	for _, pn := range append([]string{p.Speaker}, p.SpeakerAliases...) {
		for _, gn := range gold {
			if NamesMatch(pn, gn) {
				return true
			}
		}
	}
	return false
}

// chainContains reports whether the gold nodes occur in pred in order, not
// necessarily adjacent. Greedy earliest matching is enough for a
// subsequence test.
func chainContains(pred []string, gold []NameAlts) bool {
	k := 0
	for _, name := range pred {
		if k == len(gold) {
			break
		}
		for _, alt := range gold[k] {
			if NamesMatch(name, alt) {
				k++
				break
			}
		}
	}
	return k == len(gold)
}

// Tokens splits s into lower-cased maximal runs of Unicode letters or
// digits (rule 1).
func Tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// TokenF1 is the token-multiset F1 of two token lists (rule 2).
func TokenF1(gold, pred []string) float64 {
	if len(gold) == 0 || len(pred) == 0 {
		return 0
	}
	counts := make(map[string]int, len(gold))
	for _, t := range gold {
		counts[t]++
	}
	common := 0
	for _, t := range pred {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(pred))
	r := float64(common) / float64(len(gold))
	return 2 * p * r / (p + r)
}

// NamesMatch implements rule 3: equal after lower-casing, dropping
// punctuation and a leading article, or the shorter (at least 4 characters)
// occurs as contiguous tokens of the longer.
func NamesMatch(a, b string) bool {
	ta, tb := nameTokens(a), nameTokens(b)
	if len(ta) == 0 || len(tb) == 0 {
		return false
	}
	if len(ta) > len(tb) || (len(ta) == len(tb) && nameLen(ta) > nameLen(tb)) {
		ta, tb = tb, ta
	}
	if equalTokens(ta, tb) {
		return true
	}
	if nameLen(ta) < 4 {
		return false
	}
	for i := 0; i+len(ta) <= len(tb); i++ {
		if equalTokens(ta, tb[i:i+len(ta)]) {
			return true
		}
	}
	return false
}

func nameTokens(s string) []string {
	t := Tokens(s)
	if len(t) > 1 && (t[0] == "a" || t[0] == "an" || t[0] == "the") {
		t = t[1:]
	}
	return t
}

// nameLen is the length in characters of the normalised name (tokens
// joined by single spaces).
func nameLen(t []string) int {
	n := len(t) - 1
	for _, s := range t {
		n += len([]rune(s))
	}
	return n
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// WriteText writes a readable account of the report: each gold item with
// its outcome and why, each chain, and the predictions that paired with
// nothing.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	s := r.Attributions
	fmt.Fprintf(&b, "attributions: gold %d, found %d, matched %d, speaker correct %d, precision %.3f, recall %.3f, f1 %.3f\n",
		s.Gold, s.Found, s.Matched, s.SpeakerCorrect, s.Precision, s.Recall, s.F1)
	fmt.Fprintf(&b, "chains: gold %d, found %d\n\n", r.Chains.Gold, r.Chains.Found)
	preds := r.Detail.Predictions
	for _, it := range r.Detail.Items {
		opt := ""
		if it.Gold.Optional {
			opt = " (optional)"
		}
		fmt.Fprintf(&b, "gold %d%s [%s] %q\n", it.Gold.ID, opt, it.Gold.Speaker, clip(strings.Join(it.Gold.Content, " … ")))
		switch {
		case it.Pred >= 0:
			p := preds[it.Pred]
			verdict := "speaker right"
			if !it.SpeakerRight {
				verdict = fmt.Sprintf("WRONG SPEAKER %q", p.Speaker)
			}
			fmt.Fprintf(&b, "  matched prediction %d (content F1 %.2f), %s\n", it.Pred, it.F1, verdict)
		case it.BestPred >= 0 && it.F1 >= 0.5:
			fmt.Fprintf(&b, "  MISSED: best candidate %d (F1 %.2f) was taken by another gold item\n", it.BestPred, it.F1)
		case it.BestPred >= 0:
			fmt.Fprintf(&b, "  MISSED: best prediction %d [%s] has content F1 %.2f < 0.5: %q\n", it.BestPred, preds[it.BestPred].Speaker, it.F1, clip(preds[it.BestPred].Content))
		default:
			fmt.Fprintf(&b, "  MISSED: no predictions\n")
		}
		if !it.Counted {
			fmt.Fprintf(&b, "  unpaired optional item: not counted\n")
		}
	}
	b.WriteString("\n")
	for _, c := range r.Detail.ChainItems {
		var names []string
		for _, n := range c.Chain.Nodes {
			names = append(names, strings.Join(n, "|"))
		}
		fmt.Fprintf(&b, "chain for claim %d: %s\n", c.Chain.Claim, strings.Join(names, " → "))
		switch {
		case c.Found:
			b.WriteString("  found\n")
		case c.Pred < 0:
			b.WriteString("  NOT FOUND: claim not matched\n")
		default:
			b.WriteString("  NOT FOUND; prediction's chains:\n")
			for _, pc := range preds[c.Pred].Chains {
				fmt.Fprintf(&b, "    %s\n", strings.Join(pc, " → "))
			}
		}
	}
	if len(r.Detail.Unmatched) > 0 {
		b.WriteString("\nunmatched predictions:\n")
		for _, j := range r.Detail.Unmatched {
			fmt.Fprintf(&b, "  %d [%s] %q\n", j, preds[j].Speaker, clip(preds[j].Content))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 100 {
		return string(r[:97]) + "..."
	}
	return s
}

// PredictionsFromResult turns an extraction result into predictions, each
// with its chain read as the store would: speaker, via channels innermost
// first, the reporting agency, the publisher.
func PredictionsFromResult(r extract.Result) []Prediction {
	preds := make([]Prediction, 0, len(r.Attributions))
	for _, a := range r.Attributions {
		p := Prediction{
			Speaker:        a.Speaker.Name,
			SpeakerAliases: a.Speaker.Aliases,
			Content:        a.Content.Text,
		}
		chain := []string{a.Speaker.Name}
		for _, v := range a.Via {
			chain = append(chain, v.Name)
		}
		if r.ReportedBy != nil {
			chain = append(chain, r.ReportedBy.Name)
		}
		if r.PublishedBy != nil {
			chain = append(chain, r.PublishedBy.Name)
		}
		p.Chains = [][]string{chain}
		preds = append(preds, p)
	}
	return preds
}
