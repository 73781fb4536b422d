package export

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// appendXML appends s escaped for XML text and attribute values. Line
// breaks and tabs become character references so they survive attribute
// value normalisation; characters XML cannot carry at all (most C0 controls,
// invalid UTF-8) become U+FFFD, as encoding/xml.EscapeText does.
func appendXML(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '&':
				b = append(b, "&amp;"...)
			case '"':
				b = append(b, "&#34;"...)
			case '\'':
				b = append(b, "&#39;"...)
			case '\n':
				b = append(b, "&#xA;"...)
			case '\r':
				b = append(b, "&#xD;"...)
			case '\t':
				b = append(b, "&#x9;"...)
			default:
				if c < 0x20 {
					b = append(b, "\uFFFD"...)
				} else {
					b = append(b, c)
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || (r >= 0xFFFE && r <= 0xFFFF) {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// column is one declared attribute of nodes or edges.
type column struct {
	id, name, typ string
}

// nodeAttrColumns scans the nodes once for the attribute keys in use and
// names a column for each: "attr_" + key, made unique ignoring case, since
// tools that fold case would merge "attr_URL" into "attr_url".
func nodeAttrColumns(ctx context.Context, src Source, taken []string) (keys []string, names map[string]string, err error) {
	seen := make(map[string]bool)
	err = src.Nodes(ctx, func(n graph.Node) error {
		for k := range n.Attrs {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sortStrings(keys)
	used := make(map[string]bool)
	for _, t := range taken {
		used[strings.ToLower(t)] = true
	}
	names = make(map[string]string, len(keys))
	for _, k := range keys {
		name := "attr_" + k
		for i := 2; used[strings.ToLower(name)]; i++ {
			name = "attr_" + k + "_" + itoa(i)
		}
		used[strings.ToLower(name)] = true
		names[k] = name
	}
	return keys, names, nil
}
