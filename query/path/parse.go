package path

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
)

// SyntaxError is a parse error at a position of the expression.
type SyntaxError struct {
	Expr   string // the whole expression
	Offset int    // byte offset of the problem
	Msg    string
}

// Column is the 1-based character column of the problem.
func (e *SyntaxError) Column() int {
	off := min(max(e.Offset, 0), len(e.Expr))
	return utf8.RuneCountInString(e.Expr[:off]) + 1
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("parse error at column %d: %s", e.Column(), e.Msg)
}

// Unwrap makes every syntax error an invalid request.
func (e *SyntaxError) Unwrap() error { return graph.ErrInvalid }

// Caret returns the expression and a line with a caret under the column,
// for people. Tabs and newlines print as spaces so the caret lines up.
func (e *SyntaxError) Caret() string {
	line := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, e.Expr)
	return line + "\n" + strings.Repeat(" ", e.Column()-1) + "^"
}

// maxNumber bounds integer arguments; nothing sensible needs more.
const maxNumber = 1_000_000_000

// startFuncs are the starting points and the kinds they keep (nil: any).
var startFuncs = map[string]bool{"node": true, "speaker": true, "outlet": true, "claim": true, "article": true}

// arg is one parsed argument.
type arg struct {
	key   string // "" for a positional argument
	str   string
	num   int
	isNum bool
	off   int // where the argument starts
	valAt int // where its value starts
}

type parser struct {
	src string
	pos int
}

// Parse parses a path expression.
func Parse(src string) (*Expr, error) {
	p := &parser{src: src}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return e, nil
}

func (p *parser) errAt(off int, format string, a ...any) error {
	return &SyntaxError{Expr: p.src, Offset: off, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (p *parser) peek() byte {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

// describe names what is at the current position, for messages.
func (p *parser) describe() string {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return "end of expression"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return strconv.QuoteRune(r)
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func (p *parser) ident(what string) (string, int, error) {
	p.skipSpace()
	start := p.pos
	if p.pos >= len(p.src) || !isIdentStart(p.src[p.pos]) {
		return "", start, p.errAt(start, "expected %s, found %s", what, p.describe())
	}
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	return p.src[start:p.pos], start, nil
}

func (p *parser) expect(c byte, context string) error {
	if p.peek() != c {
		return p.errAt(p.pos, "expected '%c' %s, found %s", c, context, p.describe())
	}
	p.pos++
	return nil
}

func (p *parser) expr() (*Expr, error) {
	name, off, err := p.ident("a starting point such as node(\"NAME\")")
	if err != nil {
		return nil, err
	}
	if !startFuncs[name] {
		return nil, p.errAt(off, "unknown starting point %q (want node, speaker, outlet, claim or article)", name)
	}
	args, _, err := p.args(name)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 || args[0].key != "" || args[0].isNum {
		return nil, p.errAt(off, "%s() takes one quoted name or ID", name)
	}
	if strings.TrimSpace(args[0].str) == "" {
		return nil, p.errAt(args[0].off, "%s() needs a non-empty name or ID", name)
	}
	e := &Expr{Start: Start{Func: name, Arg: args[0].str}}
	for {
		switch p.peek() {
		case 0:
			return e, nil
		case '.':
			p.pos++
		default:
			return nil, p.errAt(p.pos, "expected '.' before the next step, found %s", p.describe())
		}
		s, err := p.step()
		if err != nil {
			return nil, err
		}
		e.Steps = append(e.Steps, s)
	}
}

func (p *parser) step() (Step, error) {
	name, off, err := p.ident("a step name")
	if err != nil {
		return Step{}, err
	}
	s := Step{Name: name}
	star := false
	if p.peek() == '*' {
		star = true
		p.pos++
	}
	args, _, err := p.args(name)
	if err != nil {
		return Step{}, err
	}
	pred, short := shorthand[name]
	switch {
	case name == "out" || name == "in":
		s.Op = OpOut
		if name == "in" {
			s.Op = OpIn
		}
		s.Star = star
		for _, a := range args {
			switch {
			case a.key == "" && !a.isNum:
				pr := graph.Predicate(a.str)
				if !pr.Valid() {
					return Step{}, p.errAt(a.off, "unknown predicate %q", a.str)
				}
				s.Preds = append(s.Preds, pr)
			case a.key == "depth":
				if err := p.depth(&s, a); err != nil {
					return Step{}, err
				}
			default:
				return Step{}, p.errAt(a.off, "%s() takes predicate names in quotes and, after *, depth: N", name)
			}
		}
	case short:
		s.Op, s.Preds, s.Star = OpOut, []graph.Predicate{pred}, star
		for _, a := range args {
			if a.isNum && (a.key == "" || a.key == "depth") {
				if err := p.depth(&s, a); err != nil {
					return Step{}, err
				}
				continue
			}
			return Step{}, p.errAt(a.off, "%s() takes no arguments except, after *, a depth", name)
		}
	case name == "has":
		s.Op = OpHas
		for _, a := range args {
			if a.key == "" || a.isNum {
				return Step{}, p.errAt(a.off, "has() takes kind:, subkind: or name: with a quoted value")
			}
			if strings.TrimSpace(a.str) == "" {
				return Step{}, p.errAt(a.valAt, "has(%s:) needs a non-empty value", a.key)
			}
			var dup bool
			switch a.key {
			case "kind":
				k := graph.Kind(a.str)
				if !k.Valid() {
					return Step{}, p.errAt(a.valAt, "unknown kind %q", a.str)
				}
				dup, s.Kind = s.Kind != "", k
			case "subkind":
				dup, s.Subkind = s.Subkind != "", a.str
			case "name":
				dup, s.NodeName = s.NodeName != "", a.str
			default:
				return Step{}, p.errAt(a.off, "has() has no key %q (want kind, subkind or name)", a.key)
			}
			if dup {
				return Step{}, p.errAt(a.off, "has() names %s twice", a.key)
			}
		}
		if len(args) == 0 {
			return Step{}, p.errAt(off, "has() needs kind:, subkind: or name:")
		}
	case name == "limit":
		s.Op = OpLimit
		if len(args) != 1 || !args[0].isNum || args[0].key != "" || args[0].num < 1 {
			return Step{}, p.errAt(off, "limit() takes one positive number")
		}
		s.N = args[0].num
	case name == "unique":
		s.Op = OpUnique
		if len(args) != 0 {
			return Step{}, p.errAt(args[0].off, "unique() takes no arguments")
		}
	default:
		return Step{}, p.errAt(off, "unknown step %q", name)
	}
	if star && !s.Star {
		return Step{}, p.errAt(off, "%s() cannot be repeated with *", name)
	}
	return s, nil
}

func (p *parser) depth(s *Step, a arg) error {
	switch {
	case !s.Star:
		return p.errAt(a.off, "a depth needs a recursive step: write %s*(...)", s.Name)
	case !a.isNum || a.num < 1:
		return p.errAt(a.valAt, "depth must be a positive number")
	case s.Depth != 0:
		return p.errAt(a.off, "depth given twice")
	}
	s.Depth = a.num
	return nil
}

// args parses "(arg, ...)" and returns the arguments and the offset after
// the closing parenthesis.
func (p *parser) args(fn string) ([]arg, int, error) {
	if err := p.expect('(', "after "+fn); err != nil {
		return nil, 0, err
	}
	var out []arg
	if p.peek() == ')' {
		p.pos++
		return nil, p.pos, nil
	}
	for {
		a, err := p.arg()
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
		switch p.peek() {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return out, p.pos, nil
		default:
			return nil, 0, p.errAt(p.pos, "expected ')' after argument, found %s", p.describe())
		}
	}
}

func (p *parser) arg() (arg, error) {
	c := p.peek()
	a := arg{off: p.pos}
	if isIdentStart(c) {
		key, _, _ := p.ident("")
		if err := p.expect(':', "after argument name "+key); err != nil {
			return arg{}, err
		}
		a.key = key
		c = p.peek()
	}
	a.valAt = p.pos
	switch {
	case c == '"':
		s, err := p.str()
		if err != nil {
			return arg{}, err
		}
		a.str = s
	case c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		n, err := strconv.Atoi(p.src[start:p.pos])
		if err != nil || n > maxNumber {
			return arg{}, p.errAt(start, "number %s too large", p.src[start:p.pos])
		}
		a.num, a.isNum = n, true
	default:
		return arg{}, p.errAt(p.pos, "expected a quoted string or a number, found %s", p.describe())
	}
	return a, nil
}

// str reads a Go-style double-quoted string.
func (p *parser) str() (string, error) {
	start := p.pos
	i := p.pos + 1
	for i < len(p.src) {
		switch p.src[i] {
		case '\\':
			i += 2
			continue
		case '"':
			s, err := strconv.Unquote(p.src[start : i+1])
			if err != nil {
				return "", p.errAt(start, "bad string literal %s", p.src[start:i+1])
			}
			p.pos = i + 1
			return s, nil
		case '\n':
			return "", p.errAt(start, "string not closed before end of line")
		}
		i++
	}
	return "", p.errAt(start, "string not closed")
}
