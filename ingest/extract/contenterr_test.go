package extract_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/graph"
)

// TestPolNeARContentErrors lists predicted content spans that overlap a gold
// span but do not match it exactly, for error analysis. It runs only when
// POLNEAR_ERRORS names a split (dev, train) and writes the listing to the
// file POLNEAR_ERRORS_OUT.
func TestPolNeARContentErrors(t *testing.T) {
	split := os.Getenv("POLNEAR_ERRORS")
	if split == "" {
		t.Skip("set POLNEAR_ERRORS=dev|train to list content boundary errors")
	}
	docs, err := eval.LoadPolNeAR(filepath.Join(corpusDir(t), "polnear", split))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	x := extractor()
	rep, err := eval.ScorePolNeARDocs(context.Background(), docs, func(text string) (eval.PolNeARSpans, error) {
		return polnearSpans(text, x.Extract(text)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("exact P/R/F1 source %.3f/%.3f/%.3f cue %.3f/%.3f/%.3f content %.3f/%.3f/%.3f; overlap F1 %.3f %.3f %.3f",
		rep.Source.Exact.P, rep.Source.Exact.R, rep.Source.Exact.F1,
		rep.Cue.Exact.P, rep.Cue.Exact.R, rep.Cue.Exact.F1,
		rep.Content.Exact.P, rep.Content.Exact.R, rep.Content.Exact.F1,
		rep.Source.Overlap.F1, rep.Cue.Overlap.F1, rep.Content.Overlap.F1)
	for _, d := range docs {
		r := x.Extract(d.Text)
		runes := []rune(d.Text)
		var gold, pred [][]graph.Span
		gold = d.Gold.Contents
		kinds := map[string]string{}
		for _, a := range r.Attributions {
			pred = append(pred, a.Content.Spans)
			kinds[nkey(eval.NormalizeSpans(runes, a.Content.Spans))] = fmt.Sprintf("%s/%.2f", a.Kind, a.Confidence)
		}
		g, p := normAll(runes, gold), normAll(runes, pred)
		gk := map[string]bool{}
		for _, s := range g {
			gk[nkey(s)] = true
		}
		pk := map[string]bool{}
		for _, s := range p {
			pk[nkey(s)] = true
		}
		for _, ps := range p {
			if gk[nkey(ps)] {
				continue
			}
			best, bn := -1, 0
			for j, gs := range g {
				if pk[nkey(gs)] {
					continue
				}
				if n := sharedN(ps, gs); n > bn {
					best, bn = j, n
				}
			}
			if best < 0 {
				fmt.Fprintf(&b, "FP\t%s\t%s\t%q\n", d.Name, kinds[nkey(ps)], txt(runes, ps))
				continue
			}
			gs := g[best]
			fmt.Fprintf(&b, "BND\t%s\t%s\n  G %q\n  P %q\n", d.Name, kinds[nkey(ps)], ctx(runes, gs, ps), ctx(runes, ps, gs))
		}
		for _, gs := range g {
			if pk[nkey(gs)] {
				continue
			}
			hit := false
			for _, ps := range p {
				if sharedN(ps, gs) > 0 {
					hit = true
				}
			}
			if !hit {
				fmt.Fprintf(&b, "FN\t%s\t%q\n", d.Name, txt(runes, gs))
			}
		}
	}
	if dump := os.Getenv("POLNEAR_DUMP"); dump != "" {
		type att struct {
			Kind          string
			Conf          float64
			Src, Cue, Con []graph.Span
		}
		type docOut struct {
			Name    string
			Gold    [][]graph.Span
			GoldSrc [][]graph.Span
			GoldCue [][]graph.Span
			Pred    []att
			Links   []att
		}
		var all []docOut
		for _, d := range docs {
			o := docOut{Name: d.Name, Gold: d.Gold.Contents, GoldSrc: d.Gold.Sources, GoldCue: d.Gold.Cues}
			for _, l := range d.Links {
				o.Links = append(o.Links, att{Src: l.Source, Cue: l.Cue, Con: l.Content})
			}
			for _, a := range x.Extract(d.Text).Attributions {
				o.Pred = append(o.Pred, att{a.Kind, a.Confidence, a.SpeakerMention.Spans, a.Cue.Spans, a.Content.Spans})
			}
			all = append(all, o)
		}
		buf, err := json.Marshal(all)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dump, buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := os.Getenv("POLNEAR_ERRORS_OUT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "errors.txt")
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func normAll(runes []rune, spans [][]graph.Span) [][]graph.Span {
	var out [][]graph.Span
	seen := map[string]bool{}
	for _, s := range spans {
		n := eval.NormalizeSpans(runes, s)
		if len(n) == 0 || seen[nkey(n)] {
			continue
		}
		seen[nkey(n)] = true
		out = append(out, n)
	}
	return out
}

func nkey(s []graph.Span) string { return fmt.Sprint(s) }

func sharedN(a, b []graph.Span) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); lo < hi {
				n += hi - lo
			}
		}
	}
	return n
}

func txt(runes []rune, s []graph.Span) string {
	var parts []string
	for _, x := range s {
		parts = append(parts, string(runes[x.Start:x.End]))
	}
	return strings.Join(parts, " ¦ ")
}

// ctx renders span s with the text of other outside s shown in brackets,
// so the two sides of a boundary difference line up.
func ctx(runes []rune, s, other []graph.Span) string {
	lo, hi := s[0].Start, s[len(s)-1].End
	lo = min(lo, other[0].Start)
	hi = max(hi, other[len(other)-1].End)
	in := func(i int) bool {
		for _, x := range s {
			if i >= x.Start && i < x.End {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	open := false
	for i := lo; i < hi; i++ {
		if in(i) != !open {
			if open {
				b.WriteString("]")
			} else {
				b.WriteString("[")
			}
			open = !open
		}
		b.WriteRune(runes[i])
	}
	if open {
		b.WriteString("]")
	}
	return b.String()
}
