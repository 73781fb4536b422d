package assess

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// PriorsFormat is the format version LoadPriors understands.
const PriorsFormat = 1

// Priors are configured source-reliability grades by name, used when no
// analyst grade exists. Names are matched after graph.NormalizeName against
// a node's name and aliases.
type Priors struct {
	Version string                 // the file's own version label, reported with every score it informs
	grades  map[string]Reliability // normalised name -> grade
	names   map[string]string      // normalised name -> name as written
}

// NewPriors validates a name → grade map (as the config package holds it).
func NewPriors(version string, grades map[string]string) (*Priors, error) {
	p := &Priors{Version: version, grades: map[string]Reliability{}, names: map[string]string{}}
	keys := make([]string, 0, len(grades))
	for k := range grades {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error and duplicate reporting
	for _, name := range keys {
		if err := p.add(name, grades[name]); err != nil {
			return nil, fmt.Errorf("priors %s: %w", version, err)
		}
	}
	return p, nil
}

func (p *Priors) add(name, grade string) error {
	norm := graph.NormalizeName(name)
	if norm == "" {
		return fmt.Errorf("empty source name: %w", graph.ErrInvalid)
	}
	g, err := ParseReliability(grade)
	if err != nil {
		return fmt.Errorf("source %q: %w", name, err)
	}
	if old, dup := p.names[norm]; dup && p.grades[norm] != g {
		return fmt.Errorf("source %q: graded %s and, as %q, %s: %w", name, g, old, p.grades[norm], graph.ErrInvalid)
	}
	p.grades[norm], p.names[norm] = g, name
	return nil
}

// Len is the number of graded names.
func (p *Priors) Len() int {
	if p == nil {
		return 0
	}
	return len(p.grades)
}

// Lookup finds the prior for a node by its name, then its aliases.
func (p *Priors) Lookup(n graph.Node) (Reliability, string, bool) {
	if p == nil {
		return "", "", false
	}
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		norm := graph.NormalizeName(s)
		if g, ok := p.grades[norm]; ok {
			return g, p.names[norm], true
		}
	}
	return "", "", false
}

// Map returns the priors as name → grade, as written.
func (p *Priors) Map() map[string]string {
	m := make(map[string]string, p.Len())
	if p == nil {
		return m
	}
	for norm, g := range p.grades {
		m[p.names[norm]] = string(g)
	}
	return m
}

// priorsFile is the JSON form of a priors file:
//
//	{"format": 1, "version": "2026-11", "reliability": {"Agence France-Presse": "B"}}
type priorsFile struct {
	Format      int               `json:"format"`
	Version     string            `json:"version"`
	Reliability map[string]string `json:"reliability"`
}

// LoadPriors reads a priors file, JSON or the YAML subset below, told apart
// by the first non-blank character ('{' means JSON):
//
//	# sourcetrace source-reliability priors
//	format: 1
//	version: "2026-11"
//	reliability:
//	  Agence France-Presse: B
//	  "Interfax": C
//
// Only this shape is accepted: top-level keys format (must be 1), version
// (required) and reliability (a mapping of source name to grade A-F or G),
// '#' comments, optional single or double quotes. Errors name the line.
func LoadPriors(r io.Reader) (*Priors, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read priors: %w", err)
	}
	var f priorsFile
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("priors (json): %w: %w", err, graph.ErrInvalid)
		}
	} else if f, err = parsePriorsYAML(data); err != nil {
		return nil, err
	}
	if f.Format != PriorsFormat {
		return nil, fmt.Errorf("priors: format %d, want %d: %w", f.Format, PriorsFormat, graph.ErrInvalid)
	}
	if strings.TrimSpace(f.Version) == "" {
		return nil, fmt.Errorf("priors: missing version: %w", graph.ErrInvalid)
	}
	return NewPriors(f.Version, f.Reliability)
}

func parsePriorsYAML(data []byte) (priorsFile, error) {
	var f priorsFile
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inMap, seen := false, map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		raw := sc.Text()
		text := strings.TrimRight(stripComment(raw), " \t\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if strings.Contains(text, "\t") {
			return f, fmt.Errorf("priors line %d: tab characters are not allowed: %w", line, graph.ErrInvalid)
		}
		indented := text[0] == ' '
		key, val, err := splitKey(strings.TrimSpace(text))
		if err != nil {
			return f, fmt.Errorf("priors line %d: %w", line, err)
		}
		if indented {
			if !inMap {
				return f, fmt.Errorf("priors line %d: unexpected indentation: %w", line, graph.ErrInvalid)
			}
			if val == "" {
				return f, fmt.Errorf("priors line %d: source %q has no grade: %w", line, key, graph.ErrInvalid)
			}
			if _, dup := f.Reliability[key]; dup {
				return f, fmt.Errorf("priors line %d: source %q listed twice: %w", line, key, graph.ErrInvalid)
			}
			if _, err := ParseReliability(val); err != nil {
				return f, fmt.Errorf("priors line %d: %w", line, err)
			}
			f.Reliability[key] = val
			continue
		}
		inMap = false
		if seen[key] {
			return f, fmt.Errorf("priors line %d: key %q repeated: %w", line, key, graph.ErrInvalid)
		}
		seen[key] = true
		switch key {
		case "format":
			n, err := strconv.Atoi(val)
			if err != nil {
				return f, fmt.Errorf("priors line %d: format %q is not a number: %w", line, val, graph.ErrInvalid)
			}
			f.Format = n
		case "version":
			f.Version = val
		case "reliability":
			if val != "" && val != "{}" {
				return f, fmt.Errorf("priors line %d: reliability must be an indented mapping: %w", line, graph.ErrInvalid)
			}
			inMap = true
			f.Reliability = map[string]string{}
		default:
			return f, fmt.Errorf("priors line %d: unknown key %q: %w", line, key, graph.ErrInvalid)
		}
	}
	if err := sc.Err(); err != nil {
		return f, fmt.Errorf("read priors: %w", err)
	}
	return f, nil
}

// stripComment drops a '#' comment that is outside quotes.
func stripComment(s string) string {
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

// splitKey splits `key: value`, unquoting either side.
func splitKey(s string) (key, val string, err error) {
	rest := s
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", fmt.Errorf("unterminated quote: %w", graph.ErrInvalid)
		}
		key, rest = s[1:end+1], s[end+2:]
		if !strings.HasPrefix(rest, ":") {
			return "", "", fmt.Errorf("want ':' after %q: %w", key, graph.ErrInvalid)
		}
		rest = rest[1:]
	} else {
		i := strings.Index(s, ":")
		if i < 0 {
			return "", "", fmt.Errorf("want 'key: value', got %q: %w", s, graph.ErrInvalid)
		}
		key, rest = strings.TrimSpace(s[:i]), s[i+1:]
	}
	if key == "" {
		return "", "", fmt.Errorf("empty key: %w", graph.ErrInvalid)
	}
	if rest != "" && rest[0] != ' ' {
		return "", "", fmt.Errorf("want a space after ':' in %q: %w", s, graph.ErrInvalid)
	}
	val = strings.TrimSpace(rest)
	if n := len(val); n > 0 && (val[0] == '"' || val[0] == '\'') {
		if n < 2 || val[n-1] != val[0] {
			return "", "", fmt.Errorf("unterminated quote in %q: %w", val, graph.ErrInvalid)
		}
		val = val[1 : n-1]
	}
	return key, val, nil
}
