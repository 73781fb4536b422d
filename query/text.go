package query

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

const inArticleLabel = "in article"

// contentWidth is how many characters of a claim's content headers show.
const contentWidth = 72

// WriteChains prints chains as trees, one header per claim (chains of one
// claim are expected to be adjacent, as Chains returns them):
//
//	claim 3f2a…  "spies from his region…" (indirect, "has claimed")
//	  Ramzan Kadyrov (person)
//	  └─ said → a preview of a documentary (work: documentary)
//	     └─ via → state television (outlet: broadcaster)
//	        └─ reported by → Agence France-Presse (outlet: news agency)
//	           └─ published by → GlobalPost (outlet: publisher)
//	              └─ in article "Chechen strongman claims…" (2015-…)
func WriteChains(w io.Writer, chains []Chain) error {
	bw := bufio.NewWriter(w)
	var last graph.ID
	for i, c := range chains {
		if i == 0 || c.Claim.ID != last {
			if i > 0 {
				bw.WriteByte('\n')
			}
			writeClaimHeader(bw, c.Claim)
			last = c.Claim.ID
		}
		c.writeTree(bw, "  ")
	}
	return bw.Flush()
}

// WriteTree prints one chain as a tree without the claim header.
func (c Chain) WriteTree(w io.Writer) error {
	bw := bufio.NewWriter(w)
	c.writeTree(bw, "")
	return bw.Flush()
}

func writeClaimHeader(w *bufio.Writer, c ClaimRef) {
	fmt.Fprintf(w, "claim %s  %q", c.ID, truncate(c.Content, contentWidth))
	var detail []string
	if c.Kind != "" {
		detail = append(detail, c.Kind)
	}
	if c.Cue != "" {
		detail = append(detail, fmt.Sprintf("%q", c.Cue))
	}
	if len(detail) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(detail, ", "))
	}
	w.WriteByte('\n')
}

func (c Chain) writeTree(w *bufio.Writer, indent string) {
	depth := 0
	line := func(label, text string) {
		if depth == 0 {
			if label == inArticleLabel {
				text = label + " " + text
			}
			fmt.Fprintf(w, "%s%s\n", indent, text)
		} else {
			arrow := " → "
			if label == inArticleLabel {
				arrow = " "
			}
			fmt.Fprintf(w, "%s%s└─ %s%s%s\n", indent, strings.Repeat("   ", depth-1), label, arrow, text)
		}
		depth++
	}
	articleLine := func() {
		line(inArticleLabel, fmt.Sprintf("%q%s", c.Article.Title, dated(c.Article.Published)))
	}
	if len(c.Hops) == 0 {
		line("", "(no source recorded)")
	}
	inArticle := false
	sawVia := false
	for i, h := range c.Hops {
		label := strings.ReplaceAll(string(h.Predicate), "_", " ")
		switch h.Predicate {
		case graph.Via:
			// The speaker said it in (or to) the first channel.
			if !sawVia {
				label = string(graph.Said)
			}
			sawVia = true
		case graph.RepublishedFrom:
			if !inArticle {
				articleLine()
				inArticle = true
			}
		}
		if i == 0 && depth == 0 {
			line("", describe(h))
			continue
		}
		if h.Predicate == graph.RepublishedFrom {
			var notes []string
			if h.Published != "" {
				notes = append(notes, h.Published)
			}
			if h.Cycle {
				notes = append(notes, "circular: already on this chain")
			}
			text := fmt.Sprintf("article %q", h.Name)
			if len(notes) > 0 {
				text += " (" + strings.Join(notes, ", ") + ")"
			}
			line(label, text)
			continue
		}
		line(label, describe(h))
	}
	if !inArticle {
		articleLine()
	}
}

// describe is "Name (kind: subkind)".
func describe(h Hop) string {
	if h.Subkind != "" {
		return fmt.Sprintf("%s (%s: %s)", h.Name, h.Kind, h.Subkind)
	}
	return fmt.Sprintf("%s (%s)", h.Name, h.Kind)
}

func dated(published string) string {
	if published == "" {
		return ""
	}
	return " (" + published + ")"
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// WriteClaims prints one line per claim: ID, reports, speaker and content.
func WriteClaims(w io.Writer, claims []ClaimRef) error {
	bw := bufio.NewWriter(w)
	for _, c := range claims {
		speaker := c.Speaker
		if speaker == "" {
			speaker = "?"
		}
		fmt.Fprintf(bw, "%s  %d report%s  %s: %q\n", c.ID, c.Reports, plural(c.Reports), speaker, truncate(c.Content, contentWidth))
	}
	return bw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
