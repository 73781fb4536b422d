package path_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/path"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the parsed expression
	}{
		{`speaker("Ramzan Kadyrov").said().via*().aired_on()`, `speaker("Ramzan Kadyrov").said().via*().aired_on()`},
		{`speaker("Kadyrov").said().in("contains").out("published_by")`, `speaker("Kadyrov").said().in("contains").out("published_by")`},
		{`claim("674fb906b7e4a083").in("said")`, `claim("674fb906b7e4a083").in("said")`},
		{`node("Interfax").in("via").has(kind: "claim").limit(5)`, `node("Interfax").in("via").has(kind: "claim").limit(5)`},
		{` outlet ( "AFP" ) . in ( "reported_by" ) .out("contains") `, `outlet("AFP").in("reported_by").out("contains")`},
		{`node("x").via*(3)`, `node("x").via*(3)`},
		{`node("x").via*(depth: 3)`, `node("x").via*(3)`},
		{`node("x").out*("via", "part_of", depth: 4)`, `node("x").out*("via", "part_of", depth: 4)`},
		{`node("x").in*()`, `node("x").in*()`},
		{`node("x").out()`, `node("x").out()`},
		{`node("x").reportedBy().publishedBy().republishedFrom*()`, `node("x").reportedBy().publishedBy().republishedFrom*()`},
		{`node("x").has(subkind: "news agency", kind: "outlet", name: "AFP")`, `node("x").has(kind: "outlet", subkind: "news agency", name: "AFP")`},
		{`node("x").unique().limit(1)`, `node("x").unique().limit(1)`},
		{`node("say \"hi\"\n")`, `node("say \"hi\"\n")`},
		{`article("Peskóv")`, `article("Peskóv")`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := path.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("String() = %s, want %s", got, tt.want)
			}
			again, err := path.Parse(e.String())
			if err != nil {
				t.Fatalf("re-parse %s: %v", e, err)
			}
			if !reflect.DeepEqual(e, again) {
				t.Errorf("re-parse differs:\n%#v\n%#v", e, again)
			}
		})
	}
}

func TestParseSteps(t *testing.T) {
	e, err := path.Parse(`speaker("A").said().in("contains", "mentions").via*(2).has(kind: "person").limit(3)`)
	if err != nil {
		t.Fatal(err)
	}
	want := []path.Step{
		{Name: "said", Op: path.OpOut, Preds: []graph.Predicate{graph.Said}},
		{Name: "in", Op: path.OpIn, Preds: []graph.Predicate{graph.Contains, graph.Mentions}},
		{Name: "via", Op: path.OpOut, Preds: []graph.Predicate{graph.Via}, Star: true, Depth: 2},
		{Name: "has", Op: path.OpHas, Kind: graph.KindPerson},
		{Name: "limit", Op: path.OpLimit, N: 3},
	}
	if e.Start != (path.Start{Func: "speaker", Arg: "A"}) {
		t.Errorf("start = %+v", e.Start)
	}
	if !reflect.DeepEqual(e.Steps, want) {
		t.Errorf("steps =\n%+v\nwant\n%+v", e.Steps, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		col int
		msg string
	}{
		{``, 1, "expected a starting point"},
		{`speaker("Kadyrov"`, 18, "expected ')' after argument"},
		{`speaker("Kadyrov" "x")`, 19, "expected ')' after argument"},
		{`speaker("Kadyrov").said(`, 25, "expected a quoted string or a number"},
		{`speaker("Kadyrov").sad()`, 20, `unknown step "sad"`},
		{`speaker("Kadyrov").out("sed")`, 24, `unknown predicate "sed"`},
		{`person("Kadyrov")`, 1, `unknown starting point "person"`},
		{`speaker()`, 1, "takes one quoted name or ID"},
		{`speaker("  ")`, 9, "non-empty name"},
		{`speaker(3)`, 1, "takes one quoted name or ID"},
		{`speaker("K").said`, 18, "expected '(' after said"},
		{`speaker("K") said()`, 14, "expected '.' before the next step"},
		{`speaker("K").`, 14, "expected a step name, found end of expression"},
		{`speaker("K").has(kind: "planet")`, 24, `unknown kind "planet"`},
		{`speaker("K").has(colour: "red")`, 18, `no key "colour"`},
		{`speaker("K").has()`, 14, "needs kind:"},
		{`speaker("K").has(kind: "person", kind: "claim")`, 34, "names kind twice"},
		{`speaker("K").limit(0)`, 14, "one positive number"},
		{`speaker("K").limit("5")`, 14, "one positive number"},
		{`speaker("K").unique(1)`, 21, "takes no arguments"},
		{`speaker("K").via(3)`, 18, "needs a recursive step"},
		{`speaker("K").via*(0)`, 19, "positive"},
		{`speaker("K").has*(kind: "person")`, 14, "cannot be repeated"},
		{`speaker("K").via*(99999999999)`, 19, "too large"},
		{`speaker("K).said()`, 9, "string not closed"},
		{`speaker("\q")`, 9, "bad string literal"},
		{`speaker("Пе").said(`, 20, "expected a quoted string"},
		{`speaker("K").said()#`, 20, `found '#'`},
		{`speaker("K").out(depth 3)`, 24, "expected ':' after argument name depth"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := path.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", tt.in)
			}
			var se *path.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("error does not wrap graph.ErrInvalid")
			}
			if se.Column() != tt.col {
				t.Errorf("column %d, want %d (%v)", se.Column(), tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q lacks %q", err, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "parse error at column ") {
				t.Errorf("error %q does not start with the column", err)
			}
			lines := strings.Split(se.Caret(), "\n")
			if len(lines) != 2 || !strings.HasSuffix(lines[1], "^") || len([]rune(lines[1])) != tt.col {
				t.Errorf("caret lines wrong:\n%s", se.Caret())
			}
		})
	}
}

// FuzzParse checks that Parse never panics and that a parsed expression
// prints to a form that parses back to the same expression.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`speaker("Ramzan Kadyrov").said().via*().aired_on()`,
		`node("Interfax").in("via").has(kind: "claim").limit(5)`,
		`node("x").out*("via", depth: 3).unique()`,
		`claim("674fb906b7e4a083").in("said")`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := path.Parse(s)
		if err != nil {
			var se *path.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): error %v is not a *SyntaxError", s, err)
			}
			_ = se.Caret()
			return
		}
		printed := e.String()
		again, err := path.Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) ok but its String %q fails: %v", s, printed, err)
		}
		if !reflect.DeepEqual(e, again) {
			t.Fatalf("round trip of %q via %q differs:\n%#v\n%#v", s, printed, e, again)
		}
	})
}
