package main_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph/dgraph/dgraphtest"
)

// startDgraph runs a private Dgraph cluster for one test, skipping when
// the binary is absent.
func startDgraph(t *testing.T) *dgraphtest.Cluster {
	t.Helper()
	bin, ok := dgraphtest.Binary()
	if !ok {
		t.Skipf("no Dgraph binary at %s: run scripts/build-dgraph.sh or set %s", bin, dgraphtest.EnvBinary)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := dgraphtest.Start(ctx, bin, t.TempDir())
	if err != nil {
		t.Fatalf("start dgraph: %v", err)
	}
	t.Cleanup(c.Stop)
	return c
}

func TestPushDgraph(t *testing.T) {
	c := startDgraph(t)
	data := ingested(t)
	store := "--store=dgraph://" + c.Alpha

	// Before the push the graph is empty there.
	stdout, stderr, code := run(t, data, "stats", "--json", store)
	if code != 0 {
		t.Fatalf("stats before push: exit %d: %s", code, stderr)
	}

	var pushed struct{ Nodes, Edges int }
	for i := range 2 { // the second push must change nothing
		stdout, stderr, code = run(t, data, "push", "dgraph", "--alpha", c.Alpha, "--batch", "7", "--json", "--prune")
		if code != 0 {
			t.Fatalf("push %d: exit %d: %s", i, code, stderr)
		}
		if !strings.Contains(stderr, "push: ") {
			t.Errorf("push %d: no progress on stderr: %q", i, stderr)
		}
		if err := json.Unmarshal([]byte(stdout), &pushed); err != nil || pushed.Edges == 0 {
			t.Fatalf("push %d: summary %q: %v", i, stdout, err)
		}
	}

	// A claim to ask about, from the embedded store.
	out, stderr, code := run(t, data, "claims", "--speaker", "Kadyrov", "--json")
	var claims []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &claims); code != 0 || err != nil || len(claims) == 0 {
		t.Fatalf("claims: exit %d, %v: %s", code, err, stderr)
	}
	claim := claims[0].ID

	// The same commands answer the same on both stores.
	exportFile := func(name string) string { return filepath.Join(t.TempDir(), name) }
	for _, args := range [][]string{
		{"stats", "--json"},
		{"chain", "--speaker", "Ramzan Kadyrov", "--json"},
		{"claims", "--speaker", "Kadyrov", "--json"},
		{"entity", "Interfax", "--json"},
		{"origins", claim, "--json"},
		{"timeline", claim, "--json"},
		{"explain", claim, "--json"},
		{"path", "Ramzan Kadyrov", "GlobalPost", "--json"},
		{"query", `speaker("Ramzan Kadyrov").said().via*()`, "--json"},
		{"subgraph", "--around", "Interfax", "--depth", "2", "--json"},
		{"search", "Kadyrov", "spies", "--json"},
		{"search", "--speaker", "Kadyrov", "--kind", "direct", "--json"},
	} {
		local, stderr, code := run(t, data, args...)
		if code != 0 {
			t.Fatalf("%v on badger: exit %d: %s", args, code, stderr)
		}
		remote, stderr, code := run(t, data, append(args, store)...)
		if code != 0 {
			t.Fatalf("%v on dgraph: exit %d: %s", args, code, stderr)
		}
		if local != remote {
			t.Errorf("%v differs:\nbadger:\n%s\ndgraph:\n%s", args, local, remote)
		}
		if args[0] == "search" && !strings.Contains(remote, "Ramzan Kadyrov") {
			t.Errorf("%v on dgraph found nothing by Ramzan Kadyrov:\n%s", args, remote)
		}
	}
	var st struct{ Nodes, Edges int }
	local, _, _ := run(t, data, "stats", "--json", store)
	if err := json.Unmarshal([]byte(local), &st); err != nil || st.Nodes != pushed.Nodes || st.Edges != pushed.Edges {
		t.Errorf("dgraph stats %+v (%v) after pushing %+v", st, err, pushed)
	}

	// An export read from Dgraph is the same file.
	var files []string
	for _, st := range []string{"", store} {
		f := exportFile("sub.nq")
		args := []string{"export", "--around", "Interfax", "--depth", "2", "--format", "nquads", "-o", f}
		if st != "" {
			args = append(args, st)
		}
		if _, stderr, code := run(t, data, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, string(b))
	}
	if files[0] != files[1] || files[0] == "" {
		t.Errorf("export from dgraph differs from the embedded store's (%d vs %d bytes)", len(files[1]), len(files[0]))
	}

	// Commands that write need the embedded store and say so.
	_, stderr, code = run(t, data, "merge", "Kadyrov", "Ramzan Kadyrov", store)
	if code != 2 || !strings.Contains(stderr, "embedded store only") {
		t.Errorf("merge with --store dgraph: exit %d, stderr %q; want 2 and a clear message", code, stderr)
	}
	for _, bad := range []string{"dgraph://nohost", "http://127.0.0.1:9080", "dgraph://127.0.0.1:1/Bad"} {
		_, stderr, code = run(t, data, "stats", "--store="+bad)
		if code != 2 {
			t.Errorf("stats --store=%s: exit %d (%s), want 2", bad, code, stderr)
		}
	}
	_, _, code = run(t, data, "push", "dgraph")
	if code != 2 {
		t.Errorf("push without --alpha: exit %d, want 2", code)
	}
}
