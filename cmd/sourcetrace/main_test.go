package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binary is the sourcetrace binary built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sourcetrace-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sourcetrace")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic("build sourcetrace: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs the binary with a private data dir and config home and returns
// stdout, stderr and the exit status.
func run(t *testing.T, dataDir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(),
		"SOURCETRACE_DATA_DIR="+dataDir,
		"XDG_CONFIG_HOME="+t.TempDir(),
	)
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}

func example(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../examples/kadyrov-spies.txt")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestChains(t *testing.T) {
	data := t.TempDir()
	stdout, stderr, code := run(t, data, "ingest", "--chains", example(t))
	if code != 0 {
		t.Fatalf("ingest exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Ramzan Kadyrov → a preview of a documentary → state television → Agence France-Presse → GlobalPost",
		"a source in the Chechen leadership → Interfax → Agence France-Presse → GlobalPost",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("ingest --chains output lacks %q\n%s", want, stdout)
		}
	}

	// Re-ingesting changes nothing.
	before, _, _ := run(t, data, "dump")
	if _, stderr, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("second ingest exit %d: %s", code, stderr)
	}
	after, _, _ := run(t, data, "dump")
	if before != after {
		t.Errorf("re-ingest changed the graph")
	}
	if before == "" {
		t.Errorf("dump printed nothing")
	}

	t.Run("ChainBySpeakerJSON", func(t *testing.T) {
		stdout, stderr, code := run(t, data, "chain", "--speaker", "Kadyrov", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var v any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("chain --json is not JSON: %v\n%s", err, stdout)
		}
		if !strings.Contains(stdout, "state television") {
			t.Errorf("chain --json lacks state television:\n%s", stdout)
		}
	})
	t.Run("Entity", func(t *testing.T) {
		stdout, stderr, code := run(t, data, "entity", "Dmitry Peskov")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "Kremlin spokesman") {
			t.Errorf("entity output lacks the role:\n%s", stdout)
		}
	})
	t.Run("UnknownEntity", func(t *testing.T) {
		_, stderr, code := run(t, data, "entity", "Nobody Atall")
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		if !strings.Contains(stderr, "Nobody Atall") || strings.Contains(stderr, "goroutine") {
			t.Errorf("unclear error: %s", stderr)
		}
	})
	t.Run("StatsJSON", func(t *testing.T) {
		stdout, _, code := run(t, data, "stats", "--json")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		var st struct{ Nodes, Edges int }
		if err := json.Unmarshal([]byte(stdout), &st); err != nil || st.Nodes == 0 || st.Edges == 0 {
			t.Errorf("stats --json = %s (%v)", stdout, err)
		}
	})
}

func TestStoreInUse(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := run(t, data, "ingest", example(t)); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	// Hold the store open from a second process: serve would do, but a
	// long ingest from stdin works everywhere.
	hold := exec.Command(binary, "ingest", "-")
	hold.Env = append(os.Environ(), "SOURCETRACE_DATA_DIR="+data, "XDG_CONFIG_HOME="+t.TempDir())
	stdin, err := hold.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var holdErr bytes.Buffer
	hold.Stderr = &holdErr
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		hold.Wait()
	}()
	// Wait until the holder has the store open.
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(filepath.Join(data, "LOCK")); err == nil {
			break
		}
		exec.Command("sleep", "0.05").Run()
	}
	_, stderr, code := run(t, data, "stats")
	if code == 0 {
		t.Fatalf("second process opened a store in use")
	}
	if !strings.Contains(stderr, "in use") || !strings.Contains(stderr, data) {
		t.Errorf("error does not say the store at %s is in use: %s", data, stderr)
	}
}

func TestConfigCmd(t *testing.T) {
	data := t.TempDir()
	stdout, _, code := run(t, data, "config")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout, data) || !strings.Contains(stdout, "env") {
		t.Errorf("config output does not show data_dir from env:\n%s", stdout)
	}
}
