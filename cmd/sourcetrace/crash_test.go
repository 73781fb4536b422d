package main_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// bbcSample copies nothing: it lists n BBC article paths from ../shared in
// a stable order, or skips when the corpus is absent.
func bbcSample(t *testing.T, n int) []string {
	t.Helper()
	root, _ := filepath.Abs("../../../shared/corpus/bbc")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".txt" {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skipf("BBC corpus not found at %s (../shared is absent); skipping", root)
	}
	sort.Strings(files)
	if len(files) > n {
		files = files[:n]
	}
	return files
}

// TestCrashSafety kills the real binary with SIGKILL at random moments while
// it ingests, restarts it, and checks that the final graph equals an
// uninterrupted run's and that the store is consistent after every kill.
func TestCrashSafety(t *testing.T) {
	n, rounds := 300, 5
	if testing.Short() {
		n, rounds = 80, 3
	}
	files := bbcSample(t, n)
	corpus := t.TempDir()
	for _, f := range files {
		// Symlinks keep the corpus out of the repository and out of copies.
		if err := os.Symlink(f, filepath.Join(corpus, filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}

	ref := t.TempDir()
	if _, stderr, code := run(t, ref, "ingest", "--no-progress", corpus); code != 0 {
		t.Fatalf("reference ingest exit %d: %s", code, stderr)
	}
	want, _, _ := run(t, ref, "dump")

	data := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(binary, "ingest", "--no-progress", corpus)
		cmd.Env = append(os.Environ(), "SOURCETRACE_DATA_DIR="+data, "XDG_CONFIG_HOME="+t.TempDir())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		cmd.Wait()
		if out, stderr, code := run(t, data, "check"); code != 0 {
			t.Fatalf("round %d: check after SIGKILL exit %d:\n%s%s", round, code, out, stderr)
		}
	}
	if _, stderr, code := run(t, data, "ingest", "--no-progress", corpus); code != 0 {
		t.Fatalf("final ingest exit %d: %s", code, stderr)
	}
	got, _, _ := run(t, data, "dump")
	if got != want {
		t.Errorf("graph after %d killed ingests differs from an uninterrupted run (%d vs %d bytes of dump)\n%s", rounds, len(got), len(want), firstDiff(got, want))
	}
}

func TestBackupRestore(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	file := filepath.Join(t.TempDir(), "store.bak")
	if _, stderr, code := run(t, data, "backup", file); code != 0 {
		t.Fatalf("backup exit %d: %s", code, stderr)
	}
	other := t.TempDir()
	if _, stderr, code := run(t, other, "restore", file); code != 0 {
		t.Fatalf("restore exit %d: %s", code, stderr)
	}
	a, _, _ := run(t, data, "dump")
	b, _, _ := run(t, other, "dump")
	if a != b || a == "" {
		t.Errorf("restored store differs from the original")
	}
	// Restoring over a non-empty store needs --force.
	if _, stderr, code := run(t, other, "restore", file); code != 2 {
		t.Errorf("restore into a non-empty store: exit %d, want 2 (%s)", code, stderr)
	}
	if out, _, code := run(t, other, "check"); code != 0 {
		t.Errorf("check after restore: %s", out)
	}
}

// firstDiff names the first differing line of two dumps.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got: %.600s\nwant: %.600s", i+1, a, b)
		}
	}
	return ""
}
