package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssessCommands ingests the example article, rescores, explains,
// grades an agency, and round-trips grades through MISP.
func TestAssessCommands(t *testing.T) {
	data := t.TempDir()
	if out, errOut, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("ingest exit %d\n%s\n%s", code, out, errOut)
	}
	priors := filepath.Join(t.TempDir(), "priors.yaml")
	if err := os.WriteFile(priors, []byte("format: 1\nversion: test-priors\nreliability:\n  Agence France-Presse: B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, data, "rescore", "--json", "--priors", priors)
	if code != 0 {
		t.Fatalf("rescore exit %d\n%s\n%s", code, out, errOut)
	}
	var rep struct {
		Iterations    int            `json:"iterations"`
		Converged     bool           `json:"converged"`
		Claims        int            `json:"claims"`
		Priors        string         `json:"priors_version"`
		ByCredibility map[string]int `json:"by_credibility"`
		Applied       struct {
			Nodes int `json:"nodes"`
		} `json:"applied"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("rescore json: %v\n%s", err, out)
	}
	if !rep.Converged || rep.Iterations == 0 || rep.Claims == 0 || rep.Applied.Nodes == 0 || rep.Priors != "test-priors" {
		t.Errorf("rescore report %+v", rep)
	}

	// Kadyrov's claims are unverified and uncorroborated: never better than 5.
	out, errOut, code = run(t, data, "explain", "Ramzan Kadyrov", "--json", "--priors", priors)
	if code != 0 {
		t.Fatalf("explain entity exit %d\n%s\n%s", code, out, errOut)
	}
	var ent struct {
		Kind   string `json:"kind"`
		Grade  string `json:"grade"`
		Source struct {
			Claims int `json:"claims"`
		} `json:"source"`
	}
	if err := json.Unmarshal([]byte(out), &ent); err != nil {
		t.Fatal(err)
	}
	if ent.Kind != "person" || ent.Source.Claims == 0 || ent.Grade == "" {
		t.Errorf("explain Kadyrov: %s", out)
	}

	out, _, code = run(t, data, "explain", "Agence France-Presse", "--priors", priors)
	if code != 0 || !strings.Contains(out, "reliability B") || !strings.Contains(out, "configured prior B") {
		t.Errorf("explain AFP (exit %d):\n%s", code, out)
	}

	// A claim, by ID, explained quickly from the stored scores.
	dump, _, _ := run(t, data, "dump")
	var claimID string
	for _, line := range strings.Split(dump, "\n") {
		var rec struct {
			Node *struct {
				ID, Kind string
				Attrs    map[string]string
			} `json:"node"`
		}
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Node != nil && rec.Node.Kind == "claim" {
			if rec.Node.Attrs["credibility"] == "" {
				t.Errorf("claim %s has no stored credibility after rescore: %v", rec.Node.ID, rec.Node.Attrs)
			}
			claimID = rec.Node.ID
		}
	}
	out, errOut, code = run(t, data, "explain", claimID, "--stored", "--json")
	var cx struct {
		Kind    string `json:"kind"`
		Grade   string `json:"grade"`
		Factors []struct {
			Name string `json:"name"`
		} `json:"factors"`
	}
	if err := json.Unmarshal([]byte(out), &cx); err != nil || code != 0 || cx.Kind != "claim" || cx.Grade == "" || len(cx.Factors) == 0 {
		t.Errorf("explain claim (exit %d, %v):\n%s\n%s", code, err, out, errOut)
	}
	if _, _, code := run(t, data, "rescore", "--tolerance", "2"); code != 2 {
		t.Errorf("rescore --tolerance 2: exit %d, want 2", code)
	}

	out, errOut, code = run(t, data, "rate", "Interfax", "C", "--why", "often quotes unnamed officials", "--by", "tester")
	if code != 0 || !strings.Contains(out, "graded Interfax") {
		t.Fatalf("rate exit %d\n%s\n%s", code, out, errOut)
	}
	if _, _, code = run(t, data, "rate", "Interfax", "Q", "--why", "x"); code != 2 {
		t.Errorf("bad grade: exit %d, want 2", code)
	}
	if _, _, code = run(t, data, "rate", "Interfax", "B"); code != 2 {
		t.Errorf("missing --why: exit %d, want 2", code)
	}
	if _, _, code = run(t, data, "rate", "No Such Outlet Anywhere", "B", "--why", "x"); code != 2 {
		t.Errorf("unknown entity: exit %d, want 2", code)
	}
	out, _, code = run(t, data, "rate", "--history", "Interfax", "--json")
	var hist struct {
		History []struct {
			Grade, By, Why string
		} `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &hist); err != nil || code != 0 {
		t.Fatalf("history exit %d: %v\n%s", code, err, out)
	}
	if len(hist.History) != 1 || hist.History[0].Grade != "C" || hist.History[0].By != "tester" {
		t.Errorf("history %+v", hist.History)
	}

	out, _, code = run(t, data, "rate", "--export-misp", "--analyst-only")
	if code != 0 || !strings.Contains(out, `admiralty-scale:source-reliability=\"c\"`) {
		t.Fatalf("export exit %d:\n%s", code, out)
	}
	// Import into a fresh store holding the same article: the grade
	// arrives through the ID in the comment.
	data2 := t.TempDir()
	if _, _, code := run(t, data2, "ingest", example(t)); code != 0 {
		t.Fatal("second ingest failed")
	}
	misp := filepath.Join(t.TempDir(), "grades.json")
	if err := os.WriteFile(misp, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, data2, "rate", "--import-misp", misp, "--by", "importer")
	if code != 0 || !strings.Contains(out, "imported 1 grade(s), skipped 0") {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ = run(t, data2, "rate", "--history", "Interfax")
	if !strings.Contains(out, "C") || !strings.Contains(out, "importer") {
		t.Errorf("imported history:\n%s", out)
	}
}
