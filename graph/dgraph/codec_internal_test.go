package dgraph

import (
	"slices"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

// FuzzSpans checks that parseSpans reads back what spansString writes and
// never panics on other input.
func FuzzSpans(f *testing.F) {
	for _, s := range []string{"", "0-5", "1-4 10-20", "-3-4", "x", "1-", "-", "5-3 2-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans, err := parseSpans(s)
		if err != nil {
			return
		}
		again, err := parseSpans(spansString(spans))
		if err != nil || !slices.Equal(again, spans) {
			t.Errorf("%q: %v, round trip %v, %v", s, spans, again, err)
		}
	})
}

func TestNquadString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":         `"plain"`,
		`say "hi"`:      `"say \"hi\""`,
		"a\\b":          `"a\\b"`,
		"line\nbreak\r": `"line\nbreak\r"`,
		"tab\tbell\a":   `"tab\tbell\u0007"`,
		"ünï “q”":       `"ünï “q”"`,
	} {
		if got := nquadString(in); got != want {
			t.Errorf("nquadString(%q) = %s, want %s", in, got, want)
		}
	}
	// Names survive as the index keys FindName looks up.
	n := graph.Node{ID: 1, Kind: graph.KindPerson, Name: "Zoë Müller", Aliases: []string{"Z. Muller", "ZOE MULLER"}}
	if got := strings.Join(normNames(n), "|"); got != "zoe muller|z muller" {
		t.Errorf("normNames = %q", got)
	}
}
