package assess_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func TestLoadPriors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]string
		version  string
		err      string // substring of the error; "" for success
	}{
		{name: "yaml", in: `# priors
format: 1
version: "2026-11"   # a label
reliability:
  Agence France-Presse: b
  "Interfax": C
  'State Television: Channel 1': E
`, version: "2026-11", want: map[string]string{"Agence France-Presse": "B", "Interfax": "C", "State Television: Channel 1": "E"}},
		{name: "json", in: `{"format": 1, "version": "v7", "reliability": {"Reuters": "A", "Rumour Mill": "g"}}`,
			version: "v7", want: map[string]string{"Reuters": "A", "Rumour Mill": "G"}},
		{name: "empty map", in: "format: 1\nversion: x\nreliability: {}\n", version: "x", want: map[string]string{}},
		{name: "bad grade", in: "format: 1\nversion: x\nreliability:\n  Reuters: Z\n", err: "line 4"},
		{name: "no version", in: "format: 1\nreliability:\n  Reuters: A\n", err: "missing version"},
		{name: "wrong format", in: "format: 2\nversion: x\n", err: "format 2"},
		{name: "unknown key", in: "format: 1\nversion: x\ncolour: red\n", err: `line 3: unknown key "colour"`},
		{name: "stray indent", in: "format: 1\n  Reuters: A\n", err: "line 2"},
		{name: "duplicate", in: "format: 1\nversion: x\nreliability:\n  Reuters: A\n  Reuters: B\n", err: "line 5"},
		{name: "same name twice after folding", in: `{"format":1,"version":"x","reliability":{"AFP":"A","afp":"B"}}`, err: "graded"},
		{name: "unterminated quote", in: "format: 1\nversion: \"x\n", err: "line 2"},
		{name: "json unknown field", in: `{"format":1,"version":"x","extra":1}`, err: "unknown field"},
		{name: "tab", in: "format: 1\nversion: x\nreliability:\n\tReuters: A\n", err: "line 4: tab"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assess.LoadPriors(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, graph.ErrInvalid) {
					t.Fatalf("err = %v, want one containing %q and wrapping ErrInvalid", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Version != tc.version {
				t.Errorf("version %q, want %q", p.Version, tc.version)
			}
			got := p.Map()
			if len(got) != len(tc.want) {
				t.Errorf("priors %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestPriorsLookupByAlias(t *testing.T) {
	p, err := assess.NewPriors("v", map[string]string{"AFP": "B"})
	if err != nil {
		t.Fatal(err)
	}
	n := graph.Node{Name: "Agence France-Presse", Aliases: []string{"A.F.P.", "afp"}}
	if g, name, ok := p.Lookup(n); !ok || g != assess.ReliabilityB || name != "AFP" {
		t.Errorf("lookup = %s, %q, %v", g, name, ok)
	}
	var none *assess.Priors
	if _, _, ok := none.Lookup(n); ok || none.Len() != 0 {
		t.Error("nil priors must be empty")
	}
}

// FuzzLoadPriors checks the parser never panics and that whatever it
// accepts has valid grades and a version.
func FuzzLoadPriors(f *testing.F) {
	f.Add("format: 1\nversion: a\nreliability:\n  X: B\n")
	f.Add(`{"format":1,"version":"v","reliability":{"Y":"c"}}`)
	f.Add("format: 1\nversion: 'q' # c\nreliability:\n  \"a: b\": f\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := assess.LoadPriors(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if strings.TrimSpace(p.Version) == "" {
			t.Fatal("accepted priors without a version")
		}
		for name, g := range p.Map() {
			if _, err := assess.ParseReliability(g); err != nil || graph.NormalizeName(name) == "" {
				t.Fatalf("accepted %q: %q", name, g)
			}
		}
	})
}
