package export

import (
	"testing"

	"gonum.org/v1/gonum/graph/formats/rdf"
)

// TestLiteralParts checks the fast path agrees with gonum's Term.Parts.
func TestLiteralParts(t *testing.T) {
	for _, obj := range []string{
		`"plain"`, `""`, `"typed"^^<http://www.w3.org/2001/XMLSchema#string>`, `"5"^^<http://www.w3.org/2001/XMLSchema#integer>`,
		`"tagged"@en-GB`, `"esc \"q\" \\ \n"^^<http://www.w3.org/2001/XMLSchema#string>`, `"\u00e9t\u00e9"`, `"été <b> & '"`,
		`<https://sourcetrace.dev/id/0000000000000001>`, `_:b0`,
	} {
		st, err := rdf.ParseNQuad(`<https://a.example/s> <https://a.example/p> ` + obj + ` .`)
		if err != nil {
			t.Fatalf("%s: %v", obj, err)
		}
		wt, wq, wk, werr := st.Object.Parts()
		gt, gq, gk, gerr := literalParts(st.Object)
		if wt != gt || wq != gq || wk != gk || (werr == nil) != (gerr == nil) {
			t.Errorf("%s: got %q %q %v %v, want %q %q %v %v", obj, gt, gq, gk, gerr, wt, wq, wk, werr)
		}
	}
}
