package article

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockBreaks says how many newlines a block element puts around itself:
// paragraphs and headings are separated by a blank line like a .txt article,
// list items and table rows by a line break.
var blockBreaks = map[atom.Atom]int{
	atom.P: 2, atom.Div: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Pre: 2, atom.Ul: 2, atom.Ol: 2, atom.Dl: 2, atom.Table: 2,
	atom.Section: 2, atom.Article: 2, atom.Header: 2, atom.Footer: 2, atom.Main: 2, atom.Aside: 2,
	atom.Figure: 2, atom.Hr: 2, atom.Body: 2, atom.Form: 2, atom.Address: 2, atom.Details: 2,
	atom.Li: 1, atom.Tr: 1, atom.Dt: 1, atom.Dd: 1, atom.Figcaption: 1, atom.Caption: 1, atom.Summary: 1,
}

// skipped elements carry no article text.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Head: true}

// renderText flattens an extracted content tree to plain text, keeping
// paragraph breaks (go-trafilatura's own ContentText joins paragraphs with
// spaces, which would lose the structure later stages split on).
func renderText(n *html.Node) string {
	var w textWriter
	w.walk(n)
	lines := strings.Split(w.b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

type textWriter struct {
	b       strings.Builder
	pending int  // newlines owed before the next text
	atStart bool // nothing written on the current line yet
	pre     int  // depth inside <pre>
}

func (w *textWriter) brk(n int) {
	if n > w.pending {
		w.pending = n
	}
}

func (w *textWriter) text(s string) {
	if w.pre == 0 {
		lead := s != "" && unicode.IsSpace(rune(s[0]))
		trail := s != "" && unicode.IsSpace(rune(s[len(s)-1]))
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			if (lead || trail) && w.b.Len() > 0 && !w.atStart && w.pending == 0 {
				w.b.WriteByte(' ')
				w.atStart = true // suppress a second space
			}
			return
		}
		if lead && w.b.Len() > 0 && !w.atStart && w.pending == 0 {
			s = " " + s
		}
		if trail {
			s += " "
		}
	}
	if w.b.Len() > 0 && w.pending > 0 {
		w.b.WriteString(strings.Repeat("\n", w.pending))
		s = strings.TrimLeft(s, " ")
	}
	w.pending = 0
	if s == "" {
		return
	}
	w.b.WriteString(s)
	w.atStart = strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Br {
			w.brk(1)
			return
		}
	}
	br := blockBreaks[n.DataAtom]
	if n.Type == html.ElementNode && br == 0 && (n.Data == "td" || n.Data == "th") {
		w.text(" ")
	}
	w.brk(br)
	if n.DataAtom == atom.Pre {
		w.pre++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if n.DataAtom == atom.Pre {
		w.pre--
	}
	w.brk(br)
}
