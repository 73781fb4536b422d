package badger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/graph/graphtest"
)

func openMem(tb testing.TB) graph.Store {
	tb.Helper()
	s, err := badger.Open("", badger.Options{InMemory: true})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func openDisk(tb testing.TB) graph.Store {
	tb.Helper()
	opts := badger.DefaultOptions()
	s, err := badger.Open(tb.TempDir(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestConformanceInMemory(t *testing.T) {
	graphtest.TestAll(t, func(t *testing.T) graph.Store { return openMem(t) })
}

func TestConformanceOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("on-disk conformance run skipped in -short mode; the in-memory run covers the same code")
	}
	graphtest.TestAll(t, func(t *testing.T) graph.Store { return openDisk(t) })
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	n := graph.Node{ID: 42, Kind: graph.KindPerson, Name: "Persisted Person"}
	if err := s.PutNode(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	got, err := s.Node(ctx, 42)
	if err != nil || got.Name != n.Name {
		t.Errorf("after reopen: %+v, %v", got, err)
	}
}

func TestSecondOpenInUse(t *testing.T) {
	dir := t.TempDir()
	s, err := badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// flock is per open file description, so a second Open in this process
	// hits the same lock another process would.
	s2, err := badger.Open(dir, badger.DefaultOptions())
	if err == nil {
		s2.Close()
		t.Fatal("second open of a held directory succeeded")
	}
	if !errors.Is(err, graph.ErrInUse) {
		t.Errorf("second open: %v, want an error wrapping ErrInUse", err)
	}
	for _, want := range []string{dir, "store in use by another process", "badger directory lock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("second open error %q does not mention %q", err, want)
		}
	}
}

// TestSecondProcessInUse opens the store from a real second process: this
// test binary, re-run as a child that only tries to open the directory.
func TestSecondProcessInUse(t *testing.T) {
	if dir := os.Getenv("SOURCETRACE_BADGER_CHILD_DIR"); dir != "" {
		s, err := badger.Open(dir, badger.DefaultOptions())
		if err == nil {
			s.Close()
			fmt.Println("child: opened")
			return
		}
		fmt.Printf("child: in use=%v: %v\n", errors.Is(err, graph.ErrInUse), err)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	s, err := badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondProcessInUse$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SOURCETRACE_BADGER_CHILD_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	want := "child: in use=true: open store " + dir + ": store in use by another process (badger directory lock)"
	if !strings.Contains(string(out), want) {
		t.Errorf("child output:\n%s\nwant a line %q", out, want)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := badger.Open(dir, badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutNode(ctx, graph.Node{ID: 7, Kind: graph.KindPerson, Name: "Reader Seven"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := badger.Open(dir, badger.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	if _, err := ro.Node(ctx, 7); err != nil {
		t.Errorf("read from read-only store: %v", err)
	}
	if err := ro.PutNode(ctx, graph.Node{ID: 8, Kind: graph.KindPerson, Name: "x"}); !errors.Is(err, graph.ErrReadOnly) {
		t.Errorf("write to read-only store: %v, want ErrReadOnly", err)
	}
}

func TestOpenBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", file} {
		s, err := badger.Open(dir, badger.DefaultOptions())
		if err == nil {
			s.Close()
			t.Errorf("open %q: no error", dir)
			continue
		}
		if dir != "" && !strings.Contains(err.Error(), dir) {
			t.Errorf("open %q: error %q does not name the directory", dir, err)
		}
	}
}

func BenchmarkInMemory(b *testing.B) {
	graphtest.BenchmarkAll(b, func(b *testing.B) graph.Store { return openMem(b) })
}

func BenchmarkOnDisk(b *testing.B) {
	graphtest.BenchmarkAll(b, func(b *testing.B) graph.Store { return openDisk(b) })
}
