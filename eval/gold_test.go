package eval_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"\"We unfortunately have had some losses,\"", []string{"we", "unfortunately", "have", "had", "some", "losses"}},
		{"self-organised 2,900 Russians’ IS.", []string{"self", "organised", "2", "900", "russians", "is"}},
		{"Ça va, Müller?", []string{"ça", "va", "müller"}},
		{"…", nil},
	}
	for _, tc := range tests {
		if got := eval.Tokens(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenF1(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       float64
	}{
		{"a b c d", "a b c d", 1},
		{"a b c d", "a b", 2 * 1 * 0.5 / 1.5},
		{"a a b", "a b b", 2.0 / 3}, // multiset: one "a" and one "b" in common
		{"a b", "c d", 0},
		{"", "a", 0},
		{"\"Quoted,\" text", "quoted TEXT", 1}, // punctuation and case never matter
	}
	for _, tc := range tests {
		got := eval.TokenF1(eval.Tokens(tc.gold), eval.Tokens(tc.pred))
		if diff := got - tc.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("TokenF1(%q, %q) = %v, want %v", tc.gold, tc.pred, got, tc.want)
		}
	}
}

func TestNamesMatch(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Kadyrov", "Ramzan Kadyrov", true},
		{"Bill Clinton", "Hillary Clinton", false},
		{"IS", "IS", true},
		{"IS", "IS fighters", false}, // shorter than 4 characters: only equality
		{"IS fighters", "is fighters", true},
		{"the source", "a source in the Chechen leadership", true}, // "source" after dropping "the"
		{"The Documentary", "documentary", true},
		{"Agence France-Presse", "agence france presse", true},
		{"AFP", "Agence France-Presse", false},
		{"state TV", "state television", false},
		{"preview", "a preview of a documentary", true},
		{"Ramzan", "Ramzan Kadyrov", true},
		{"Kadyr", "Ramzan Kadyrov", false}, // tokens, not substrings
		{"the", "the", true},
		{"", "", false},
		{"a", "a source", false},
	}
	for _, tc := range tests {
		if got := eval.NamesMatch(tc.a, tc.b); got != tc.want {
			t.Errorf("NamesMatch(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := eval.NamesMatch(tc.b, tc.a); got != tc.want {
			t.Errorf("NamesMatch(%q, %q) = %v, want %v (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

func loadGoldString(t *testing.T, s string) *eval.Gold {
	t.Helper()
	path := filepath.Join(t.TempDir(), "g.gold.json")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := eval.LoadGold(path)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

const smallGold = `{
 "document": "x.txt",
 "article": {"title": "T", "reported_by": "Wire", "published_by": "Site"},
 "entities": [
  {"name": "Jane Doe", "kind": "person", "aliases": ["Jane Doe", "Doe"]},
  {"name": "the report", "kind": "work", "aliases": ["report"]}
 ],
 "attributions": [
  {"id": 1, "speaker": "Jane Doe", "cue": "said", "kind": "indirect", "content": "the bridge will open in May", "via": []},
  {"id": 2, "speaker": "the report", "speaker_alt": ["Jane Doe"], "cue": "claims", "kind": "mixed", "content": ["costs rose", "by a third"], "via": []},
  {"id": 3, "speaker": "Jane Doe", "cue": null, "kind": "direct", "content": "we are proud of the team", "via": [], "optional": true},
  {"id": 4, "speaker": "Jane Doe", "cue": "said", "kind": "indirect", "content": "the mayor will resign next week", "via": ["an interview"]}
 ],
 "provenance_chains": [
  {"claim": 4, "chain": ["Jane Doe", ["interview", "talk"], "Wire", "Site"]},
  {"claim": 1, "chain": ["Jane Doe", "Wire"]}
 ]
}`

func TestScoreGold(t *testing.T) {
	g := loadGoldString(t, smallGold)
	tests := []struct {
		name  string
		preds []eval.Prediction
		want  eval.Report
	}{
		{
			name: "perfect",
			preds: []eval.Prediction{
				{Speaker: "Doe", Content: "the bridge will open in May", Chains: [][]string{{"Doe", "Wire"}, {"Jane Doe", "Wire", "Site"}}}, // "Doe" is too short to match "Jane Doe"; the second chain does
				{Speaker: "a report", Content: "costs rose by a third"},
				{Speaker: "Jane Doe", Content: "the mayor will resign next week", Chains: [][]string{{"Jane Doe", "an interview on radio", "Wire", "Site"}}},
			},
			want: eval.Report{
				Attributions: eval.AttributionScore{Gold: 3, Found: 3, Matched: 3, SpeakerCorrect: 3, Precision: 1, Recall: 1, F1: 1},
				Chains:       eval.ChainScore{Gold: 2, Found: 2},
			},
		},
		{
			name: "speaker_alt counts as right; optional paired counts in gold",
			preds: []eval.Prediction{
				{Speaker: "Jane Doe", Content: "costs rose by a third"},
				{Speaker: "Jane", Content: "we are proud of the team"},
			},
			want: eval.Report{
				Attributions: eval.AttributionScore{Gold: 4, Found: 2, Matched: 2, SpeakerCorrect: 2, Precision: 1, Recall: 0.5, F1: 2 * 0.5 / 1.5},
				Chains:       eval.ChainScore{Gold: 2, Found: 0},
			},
		},
		{
			name: "wrong speaker still matches; F1 below 0.5 does not",
			preds: []eval.Prediction{
				{Speaker: "John Doe", Content: "the bridge will open in May"},
				{Speaker: "Jane Doe", Content: "mayor"},
			},
			want: eval.Report{
				Attributions: eval.AttributionScore{Gold: 3, Found: 2, Matched: 1, SpeakerCorrect: 0, Precision: 0.5, Recall: 1.0 / 3, F1: 2 * 0.5 * (1.0 / 3) / (0.5 + 1.0/3)},
				Chains:       eval.ChainScore{Gold: 2, Found: 0},
			},
		},
		{
			name: "chain nodes must appear in order",
			preds: []eval.Prediction{
				{Speaker: "Jane Doe", Content: "the mayor will resign next week", Chains: [][]string{{"Jane Doe", "Wire", "talk show", "Site"}, {"Wire", "Jane Doe"}}},
				{Speaker: "Jane Doe", Content: "the bridge will open in May", Chains: [][]string{{"Wire", "Jane Doe"}, {"Jane Doe", "someone", "Wire"}}},
			},
			want: eval.Report{
				Attributions: eval.AttributionScore{Gold: 3, Found: 2, Matched: 2, SpeakerCorrect: 2, Precision: 1, Recall: 2.0 / 3, F1: 0.8},
				Chains:       eval.ChainScore{Gold: 2, Found: 1},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := eval.ScoreGold(g, tc.preds)
			if !approx(got.Attributions, tc.want.Attributions) || got.Chains != tc.want.Chains {
				var b bytes.Buffer
				_ = got.WriteText(&b)
				t.Errorf("got %+v %+v, want %+v %+v\n%s", got.Attributions, got.Chains, tc.want.Attributions, tc.want.Chains, b.String())
			}
		})
	}
}

func approx(a, b eval.AttributionScore) bool {
	near := func(x, y float64) bool { return x-y < 1e-9 && y-x < 1e-9 }
	return a.Gold == b.Gold && a.Found == b.Found && a.Matched == b.Matched && a.SpeakerCorrect == b.SpeakerCorrect &&
		near(a.Precision, b.Precision) && near(a.Recall, b.Recall) && near(a.F1, b.F1)
}

// TestPairingOrder checks rule 5: speaker-right pairs first, then higher
// F1, then lower gold id, then earlier prediction.
func TestPairingOrder(t *testing.T) {
	g := loadGoldString(t, `{"entities":[{"name":"A","aliases":["Alpha"]}],"attributions":[
	 {"id":2,"speaker":"B","content":"one two three four"},
	 {"id":1,"speaker":"A","content":"one two three four"}]}`)
	tests := []struct {
		name  string
		preds []eval.Prediction
		want  map[int]int // gold id -> prediction index
	}{
		{"speaker right wins over higher F1",
			[]eval.Prediction{{Speaker: "Alpha", Content: "one two three"}, {Speaker: "Z", Content: "one two three four"}},
			map[int]int{1: 0, 2: 1}},
		{"equal pairs: lower gold id first, then earlier prediction",
			[]eval.Prediction{{Speaker: "Z", Content: "one two three four"}, {Speaker: "Z", Content: "one two three four"}},
			map[int]int{1: 0, 2: 1}},
		{"higher F1 first among wrong speakers",
			[]eval.Prediction{{Speaker: "Z", Content: "one two three"}, {Speaker: "Z", Content: "one two three four"}},
			map[int]int{1: 1, 2: 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := eval.ScoreGold(g, tc.preds)
			got := map[int]int{}
			for _, it := range r.Detail.Items {
				got[it.Gold.ID] = it.Pred
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("pairs %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	r := eval.ScoreGold(loadGoldString(t, smallGold), []eval.Prediction{{Speaker: "Doe", Content: "the bridge will open in May"}})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"attributions":{"gold":3,"found":1,"matched":1,"speaker_correct":1,"precision":1,"recall":0.3333333333333333,"f1":0.5},"chains":{"gold":2,"found":0}}`
	if string(b) != want {
		t.Errorf("json\n%s\nwant\n%s", b, want)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"gold 4", "MISSED", "unpaired optional item", "NOT FOUND"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, text.String())
		}
	}
}

func TestLoadGoldErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"syntax", "{\n \"attributions\": [\n  {\"id\": 1,,}\n ]}", ":3:"},
		{"type", `{"attributions":[{"id":1,"speaker":"A","content":7}]}`, "content"},
		{"duplicate id", `{"attributions":[{"id":1,"speaker":"A","content":"x"},{"id":1,"speaker":"B","content":"y"}]}`, "duplicate id 1"},
		{"chain to nothing", `{"attributions":[{"id":1,"speaker":"A","content":"x"}],"provenance_chains":[{"claim":9,"chain":["A"]}]}`, "claim 9"},
		{"empty speaker", `{"attributions":[{"id":1,"speaker":"","content":"x"}]}`, "empty speaker"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.gold.json")
			if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := eval.LoadGold(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %v, want one naming %s and containing %q", err, path, tc.want)
			}
		})
	}
	if _, err := eval.LoadGold(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestPredictionsFromResult(t *testing.T) {
	r := extract.Result{
		Attributions: []extract.Attribution{{
			Speaker: extract.Entity{Name: "Jane Doe", Kind: graph.KindPerson, Aliases: []string{"Doe"}},
			Content: extract.Mention{Text: "costs rose"},
			Via: []extract.Channel{
				{Entity: extract.Entity{Name: "an interview"}},
				{Entity: extract.Entity{Name: "state radio"}},
			},
		}},
		ReportedBy:  &extract.Entity{Name: "Wire"},
		PublishedBy: &extract.Entity{Name: "Site"},
	}
	got := eval.PredictionsFromResult(r)
	want := []eval.Prediction{{Speaker: "Jane Doe", SpeakerAliases: []string{"Doe"}, Content: "costs rose",
		Chains: [][]string{{"Jane Doe", "an interview", "state radio", "Wire", "Site"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestSeedGoldFile loads the shared seed gold to check the loader against
// the real format.
func TestSeedGoldFile(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "corpus", "seed", "kadyrov-spies.gold.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("seed gold not available at %s", path)
	}
	g, err := eval.LoadGold(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Attributions) == 0 || len(g.Chains) != 4 || g.Article.PublishedBy == "" {
		t.Errorf("unexpected gold: %d attributions, %d chains", len(g.Attributions), len(g.Chains))
	}
	if len(g.Attributions[3].Content) != 2 {
		t.Errorf("attribution 4 content parts %d, want 2 (list form)", len(g.Attributions[3].Content))
	}
	if len(g.Chains[0].Nodes[1]) != 2 {
		t.Errorf("chain node alternatives %v, want a list of 2", g.Chains[0].Nodes[1])
	}
}

// TestGoldEndToEnd extracts every made-up article under testdata that has
// a gold reading and holds the result to the Foundation acceptance bar.
func TestGoldEndToEnd(t *testing.T) {
	golds, _ := filepath.Glob(filepath.Join("testdata", "gold-*.gold.json"))
	if len(golds) == 0 {
		t.Fatal("no gold readings under testdata")
	}
	x := extract.New(extract.Options{})
	for _, path := range golds {
		t.Run(filepath.Base(path), func(t *testing.T) {
			g, err := eval.LoadGold(path)
			if err != nil {
				t.Fatal(err)
			}
			text, err := os.ReadFile(filepath.Join("testdata", g.Document))
			if err != nil {
				t.Fatal(err)
			}
			rep := eval.ScoreGold(g, eval.PredictionsFromResult(x.Extract(string(text))))
			s := rep.Attributions
			if s.Recall < 0.9 || s.Precision < 0.8 || float64(s.SpeakerCorrect) < 0.9*float64(s.Gold) || rep.Chains.Found < rep.Chains.Gold {
				var b bytes.Buffer
				_ = rep.WriteText(&b)
				t.Errorf("below the acceptance bar:\n%s", b.String())
			}
		})
	}
}
