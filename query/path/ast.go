package path

import (
	"strconv"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Start is where an expression begins: a function (node, speaker, outlet,
// claim, article) and its argument, a name or an ID.
type Start struct {
	Func string `json:"func"`
	Arg  string `json:"arg"`
}

// Op is what a step does.
type Op int

// Step operations.
const (
	OpOut Op = iota
	OpIn
	OpHas
	OpLimit
	OpUnique
)

// Step is one step of an expression.
type Step struct {
	// Name is the step as written (out, in, said, reportedBy, has, ...);
	// String prints it back.
	Name string `json:"name"`
	Op   Op     `json:"op"`
	// Preds are the predicates an out or in step follows (none: all).
	Preds []graph.Predicate `json:"preds,omitempty"`
	// Star makes an out or in step recursive, to Depth (0: the limit).
	Star  bool `json:"star,omitempty"`
	Depth int  `json:"depth,omitempty"`
	// Has filters: empty fields match anything.
	Kind     graph.Kind `json:"kind,omitempty"`
	Subkind  string     `json:"subkind,omitempty"`
	NodeName string     `json:"node_name,omitempty"`
	// N is limit's count.
	N int `json:"n,omitempty"`
}

// Expr is a parsed path expression.
type Expr struct {
	Start Start  `json:"start"`
	Steps []Step `json:"steps"`
}

// shorthand maps a step name to the predicate it follows outwards: each
// predicate under its snake_case and camelCase names.
var shorthand = map[string]graph.Predicate{}

func init() {
	for _, p := range graph.Predicates {
		shorthand[string(p)] = p
		shorthand[camel(string(p))] = p
	}
}

func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// String prints e in a form Parse reads back to the same expression.
func (e *Expr) String() string {
	var b strings.Builder
	b.WriteString(e.Start.Func)
	b.WriteByte('(')
	b.WriteString(strconv.Quote(e.Start.Arg))
	b.WriteByte(')')
	for _, s := range e.Steps {
		b.WriteByte('.')
		b.WriteString(s.String())
	}
	return b.String()
}

// String prints one step.
func (s Step) String() string {
	var args []string
	switch s.Op {
	case OpOut, OpIn:
		if _, short := shorthand[s.Name]; short {
			if s.Depth > 0 {
				args = append(args, strconv.Itoa(s.Depth))
			}
			break
		}
		for _, p := range s.Preds {
			args = append(args, strconv.Quote(string(p)))
		}
		if s.Depth > 0 {
			args = append(args, "depth: "+strconv.Itoa(s.Depth))
		}
	case OpHas:
		if s.Kind != "" {
			args = append(args, "kind: "+strconv.Quote(string(s.Kind)))
		}
		if s.Subkind != "" {
			args = append(args, "subkind: "+strconv.Quote(s.Subkind))
		}
		if s.NodeName != "" {
			args = append(args, "name: "+strconv.Quote(s.NodeName))
		}
	case OpLimit:
		args = append(args, strconv.Itoa(s.N))
	}
	star := ""
	if s.Star {
		star = "*"
	}
	return s.Name + star + "(" + strings.Join(args, ", ") + ")"
}
