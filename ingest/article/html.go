package article

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// parseHTML extracts the article from an HTML page with go-trafilatura,
// retrying with its readability and dom-distiller fallbacks when the first
// pass finds no text. Text is the title, a blank line and the extracted body
// (the same shape as a .txt file); offsets refer to that Text.
func parseHTML(path string, b []byte, opts Options) (Document, error) {
	src, repaired, warning, err := htmlText(path, b, opts)
	if err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(closeTitle(src)))
	if err != nil {
		return Document{}, fileErr(path, fmt.Errorf("%w: parse HTML: %v", ErrSyntax, err))
	}
	res, err := extractHTML(root, false)
	if err != nil || strings.TrimSpace(res.ContentText) == "" {
		res, err = extractHTML(root, true)
	}
	if err != nil {
		return Document{}, fileErr(path, fmt.Errorf("%w in HTML (extractor: %v)", ErrNoText, err))
	}
	body := ""
	if res.ContentNode != nil {
		body = renderText(res.ContentNode)
	}
	if body == "" {
		body = res.ContentText
	}
	body = strings.TrimSpace(strings.ToValidUTF8(body, "\uFFFD"))
	if body == "" {
		return Document{}, fileErr(path, fmt.Errorf("%w in HTML", ErrNoText))
	}
	md := res.Metadata
	d := Document{
		URL:       clean(md.URL),
		Title:     cutTitle(clean(md.Title)),
		Outlet:    clean(md.Sitename),
		Author:    clean(md.Author),
		Published: md.Date,
		Source:    path,
		Repaired:  repaired,
	}
	d.Text = body
	if d.Title != "" && !strings.HasPrefix(body, d.Title) {
		d.Text = d.Title + "\n\n" + body
	}
	if t := metaTime(root); !t.IsZero() && (d.Published.IsZero() || sameDay(t, d.Published)) {
		d.Published = t // keep the time of day that date extraction drops
	}
	// The body often keeps a credit line ("AFP") or a byline under the
	// headline; Text has the .txt shape, so the same recogniser applies.
	if lines := headLines(d.Text); len(lines) > 1 {
		au, ag := findByline(lines[1:])
		if d.Author == "" {
			d.Author = au
		}
		d.Agency = ag
	}
	if warning != "" {
		d.Warnings = append(d.Warnings, warning)
	}
	return d, nil
}

// publishedMeta are <meta> names and properties that carry a full
// publication timestamp.
var publishedMeta = map[string]bool{
	"article:published_time": true, "og:published_time": true, "datepublished": true,
	"pubdate": true, "dc.date.issued": true, "sailthru.date": true,
}

// metaTime returns the first RFC 3339 publication time in the page's <meta>
// tags, or the zero time.
func metaTime(n *html.Node) time.Time {
	if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
		var key, content string
		for _, a := range n.Attr {
			switch strings.ToLower(a.Key) {
			case "property", "name", "itemprop":
				if publishedMeta[strings.ToLower(a.Val)] {
					key = a.Val
				}
			case "content":
				content = strings.TrimSpace(a.Val)
			}
		}
		if key != "" {
			if t, err := time.Parse(time.RFC3339, content); err == nil {
				return t
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := metaTime(c); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// clean makes a metadata string safe to store: valid UTF-8, one line.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// htmlText turns the raw page into UTF-8. Valid UTF-8 is used as is. Bytes
// that are not UTF-8 are decoded with the charset the page declares (a BOM
// or a <meta charset>), since legacy pages are not broken; only without such
// a declaration does the UTF-8 repair policy apply.
func htmlText(path string, b []byte, opts Options) (string, bool, string, error) {
	if utf8.Valid(b) {
		return string(b), false, "", nil
	}
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	enc, name, certain := charset.DetermineEncoding(head, "")
	declared := certain || bytes.Contains(bytes.ToLower(head), []byte("charset"))
	if declared && enc != nil && name != "utf-8" {
		out, err := enc.NewDecoder().Bytes(b)
		if err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD"), false, "", nil
		}
	}
	return toText(b, path, 0, 1, opts)
}

// extractHTML runs go-trafilatura, turning a panic inside it into an error:
// one strange page must not bring down a whole ingest run.
func extractHTML(root *html.Node, fallback bool) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("html extraction failed: %v", p)
		}
	}()
	res, err = trafilatura.ExtractDocument(root, trafilatura.Options{
		EnableFallback:  fallback,
		ExcludeComments: true,
	})
	if err == nil && res == nil {
		err = errors.New("extractor returned nothing")
	}
	return res, err
}

// closeTitle repairs a <title> that is never closed. HTML parsing treats
// everything after such a tag as title text, leaving no body at all, so the
// title is closed at the end of its line (or at the next tag) instead.
func closeTitle(src string) string {
	lower := strings.ToLower(src)
	i := strings.Index(lower, "<title")
	if i < 0 || strings.Contains(lower[i:], "</title") {
		return src
	}
	gt := strings.IndexByte(src[i:], '>')
	if gt < 0 {
		return src
	}
	start := i + gt + 1
	end := len(src)
	if j := strings.IndexAny(src[start:], "\n<"); j >= 0 {
		end = start + j
	}
	return src[:end] + "</title>" + src[end:]
}
