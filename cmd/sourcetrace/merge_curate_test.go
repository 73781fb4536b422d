package main_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// dumpGraph is the canonical dump without the curation log's own nodes,
// which record history and so are meant to stay.
func dumpGraph(t *testing.T, data string) string {
	t.Helper()
	stdout, stderr, code := run(t, data, "dump")
	if code != 0 {
		t.Fatalf("dump exit %d: %s", code, stderr)
	}
	var keep []string
	for line := range strings.Lines(stdout) {
		if !strings.Contains(line, `"subkind":"curation"`) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}

func mustRun(t *testing.T, data string, args ...string) string {
	t.Helper()
	stdout, stderr, code := run(t, data, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, stderr)
	}
	return stdout
}

type entry struct {
	ID       string `json:"id"`
	Seq      int    `json:"seq"`
	Op       string `json:"op"`
	By       string `json:"by"`
	Summary  string `json:"summary"`
	Inverse  string `json:"inverse"`
	Undone   bool   `json:"undone"`
	UndoneBy string `json:"undone_by"`
}

func TestMergeReingestUndo(t *testing.T) {
	data := t.TempDir()
	// Without scoring: credibility depends on who said what, so a re-ingest
	// while merged would rescore claims, which undo does not touch.
	mustRun(t, data, "ingest", "--no-score", example(t))
	before := dumpGraph(t, data)
	viaOfKadyrov := `speaker("Ramzan Kadyrov").said().via().unique()`
	if out := mustRun(t, data, "query", viaOfKadyrov); strings.Contains(out, "Interfax") {
		t.Fatalf("Kadyrov's claims already go through Interfax:\n%s", out)
	}

	var e entry
	out := mustRun(t, data, "merge", "Ramzan Kadyrov", "a source in the Chechen leadership", "--by", "tester", "--json")
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatalf("merge --json: %v\n%s", err, out)
	}
	if e.Seq != 1 || e.Op != "merge" || e.By != "tester" || e.Inverse == "" {
		t.Errorf("entry = %+v", e)
	}
	// Queries on Kadyrov now see the anonymous source's claims, which
	// reached the article through Interfax.
	if out := mustRun(t, data, "query", viaOfKadyrov); !strings.Contains(out, "Interfax") {
		t.Errorf("after merge, Kadyrov's claims do not go through Interfax:\n%s", out)
	}
	mustRun(t, data, "ingest", "--no-score", example(t))
	if out := mustRun(t, data, "query", viaOfKadyrov); !strings.Contains(out, "Interfax") {
		t.Errorf("re-ingest lost the merge:\n%s", out)
	}

	out = mustRun(t, data, "curations", "--json")
	var log []entry
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log) != 1 || log[0].ID != e.ID {
		t.Fatalf("curations --json = %s (%v)", out, err)
	}
	mustRun(t, data, "undo", "1", "--by", "tester")
	if after := dumpGraph(t, data); after != before {
		t.Errorf("undo did not restore the original dump")
	}
	out = mustRun(t, data, "curations")
	if !strings.Contains(out, "[undone by") || !strings.Contains(out, "undo curation 1") {
		t.Errorf("curations does not show the undo:\n%s", out)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"undo", "1"}, "already undone"},
		{[]string{"undo", "99"}, "not found"},
		{[]string{"undo", "first"}, "want an entry number"},
		{[]string{"merge", "Ramzan Kadyrov", "Nobody Atall"}, `no entity named "Nobody Atall"`},
		{[]string{"merge", "Ramzan Kadyrov", "Ramzan Kadyrov"}, "into itself"},
		{[]string{"split", "Ramzan Kadyrov", "Nobody Atall"}, "neither merged into"},
		{[]string{"correct", "674fb906b7e4a083"}, "exactly one of --speaker and --content"},
		{[]string{"correct", "0000000000000001", "--content", "x"}, "not found"},
		{[]string{"correct", "fb278fa5d995c302", "--content", "x"}, "not a claim"},
	} {
		_, stderr, code := run(t, data, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestCorrectAndSplitCurations(t *testing.T) {
	data := t.TempDir()
	mustRun(t, data, "ingest", "--no-score", example(t))
	before := dumpGraph(t, data)
	const claim = "674fb906b7e4a083" // "spies from his region of Russia are being sent ..."
	speakerOf := `claim("` + claim + `").in("said")`
	if out := mustRun(t, data, "query", speakerOf); !strings.Contains(out, "Ramzan Kadyrov") {
		t.Fatalf("claim %s is not Kadyrov's:\n%s", claim, out)
	}

	mustRun(t, data, "correct", claim, "--speaker", "Vladimir Putin")
	mustRun(t, data, "correct", "nearly 2,900 Russians", "--content", "about 2,900 Russians fight with IS")
	check := func(when string) {
		t.Helper()
		out := mustRun(t, data, "query", speakerOf)
		if !strings.Contains(out, "Vladimir Putin") || strings.Contains(out, "Kadyrov") {
			t.Errorf("%s: speaker of %s:\n%s", when, claim, out)
		}
		out = mustRun(t, data, "query", `claim("about 2,900 Russians").in("said")`)
		if !strings.Contains(out, "FSB") {
			t.Errorf("%s: reworded claim not found by its new words:\n%s", when, out)
		}
	}
	check("after correcting")
	// Re-ingesting brings the extractor's speaker back; replaying the log
	// (which ingest does itself once it calls curate.Reapply) removes it.
	mustRun(t, data, "ingest", "--no-score", example(t))
	mustRun(t, data, "curations", "--reapply")
	check("after re-ingest")

	// Split an alias off into its own node.
	out := mustRun(t, data, "split", "Ramzan Kadyrov", "Kadyrov", "--json")
	var e entry
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.Op != "split" {
		t.Fatalf("split --json = %s (%v)", out, err)
	}
	if out := mustRun(t, data, "entity", "Ramzan Kadyrov", "--json"); strings.Contains(out, `"Kadyrov"`) {
		t.Errorf("Ramzan Kadyrov still has the alias:\n%s", out)
	}

	// Undo newest first; the corrections touch other nodes than the split.
	for _, ref := range []string{"3", "2", "1"} {
		mustRun(t, data, "undo", ref)
	}
	after := dumpGraph(t, data)
	// The node the split made stays (nodes are never deleted), without edges.
	var keep []string
	for line := range strings.Lines(after) {
		if !strings.Contains(line, `"name":"Kadyrov"`) || strings.Contains(line, `"aliases"`) {
			keep = append(keep, line)
		}
	}
	if strings.Join(keep, "") != before {
		t.Errorf("undoing everything did not restore the original dump:\n%s", strings.Join(keep, ""))
	}
}
