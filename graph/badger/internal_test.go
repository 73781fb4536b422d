package badger

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/sourcetrace/sourcetrace/graph"
)

var ctx = context.Background()

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// smallBatch is an article with a person who said a claim.
func smallBatch() *graph.Batch {
	return &graph.Batch{
		Article: graph.Node{ID: 100, Kind: graph.KindArticle, Name: "Headline"},
		Nodes: []graph.Node{
			{ID: 1, Kind: graph.KindPerson, Name: "Anna Schmidt", Aliases: []string{"A. Schmidt"}},
			{ID: 2, Kind: graph.KindClaim, Name: "taxes will rise"},
		},
		Edges: []graph.Edge{
			{From: 1, To: 2, Predicate: graph.Said, Prov: graph.Provenance{Article: 100, Confidence: 0.9}},
			{From: 100, To: 2, Predicate: graph.Contains, Prov: graph.Provenance{Article: 100}},
		},
	}
}

func TestSchemaVersionMismatch(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(keySchema, binary.BigEndian.AppendUint32(nil, SchemaVersion+98))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, DefaultOptions())
	if !errors.Is(err, graph.ErrSchemaVersion) {
		t.Fatalf("open with another schema version: %v, want ErrSchemaVersion", err)
	}
	for _, want := range []string{dir, fmt.Sprint(SchemaVersion + 98), fmt.Sprint(SchemaVersion)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// The failed open released the directory.
	if s, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, graph.ErrSchemaVersion) {
		t.Errorf("second open: %v, want ErrSchemaVersion again (not ErrInUse)", err)
		if err == nil {
			s.Close()
		}
	}
}

func TestForeignBadgerDir(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("hello"), []byte("world")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(dir, DefaultOptions()); !errors.Is(err, graph.ErrSchemaVersion) || !strings.Contains(err.Error(), "not a sourcetrace store") {
		t.Errorf("open of a foreign badger directory: %v", err)
	}
}

func TestUpdateRetriesConflicts(t *testing.T) {
	s := openTest(t)
	calls := 0
	err := s.update(ctx, "op", func(*badger.Txn) error { calls++; return badger.ErrConflict })
	if !errors.Is(err, graph.ErrConflict) || calls != maxAttempts {
		t.Errorf("always conflicting: %v after %d calls; want ErrConflict after %d", err, calls, maxAttempts)
	}
	calls = 0
	err = s.update(ctx, "op", func(*badger.Txn) error {
		if calls++; calls < 3 {
			return badger.ErrConflict
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("conflicting twice: %v after %d calls; want success on the 3rd", err, calls)
	}
}

func TestTxnTooBig(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a very large batch")
	}
	s := openTest(t)
	b := &graph.Batch{Article: graph.Node{ID: 1, Kind: graph.KindArticle, Name: "Huge article"}}
	// Far beyond what one badger transaction can take at the default
	// memtable size (about 100,000 entries or 9.6 MB).
	for i := range 40_000 {
		id := graph.ID(1000 + i)
		b.Nodes = append(b.Nodes, graph.Node{ID: id, Kind: graph.KindClaim, Name: fmt.Sprintf("claim number %d", i)})
		b.Edges = append(b.Edges, graph.Edge{From: 1, To: id, Predicate: graph.Contains, Prov: graph.Provenance{Article: 1}})
	}
	err := s.WriteArticle(ctx, b)
	if !errors.Is(err, graph.ErrLimit) || !strings.Contains(err.Error(), "too large for one badger transaction") {
		t.Fatalf("huge batch: %v, want ErrLimit with a clear message", err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Nodes != 0 {
		t.Errorf("after refused batch: %+v, %v; want an empty store", st, err)
	}
}

// TestCheckFindsCorruption damages a store behind the Store's back and
// expects Check to name each kind of damage.
func TestCheckFindsCorruption(t *testing.T) {
	said := edgeKey{From: 1, To: 2, Pred: uint8(graph.Said.Index()), Article: 100}
	for _, tc := range []struct {
		name   string
		damage func(txn *badger.Txn) error
		want   string
	}{
		{"reverse key deleted", func(txn *badger.Txn) error { return txn.Delete(revKey(said)) }, "missing-reverse"},
		{"forward key deleted", func(txn *badger.Txn) error { return txn.Delete(fwdKey(said)) }, "missing-forward"},
		{"reverse value differs", func(txn *badger.Txn) error {
			e := graph.Edge{Prov: graph.Provenance{Confidence: 0.1}}
			return txn.Set(revKey(said), encodeEdge(&e))
		}, "reverse-mismatch"},
		{"node deleted", func(txn *badger.Txn) error { return txn.Delete(nodeKey(2)) }, "dangling-edge"},
		{"name entry deleted", func(txn *badger.Txn) error { return txn.Delete(nameKey("a schmidt", 1)) }, "name-index"},
		{"stray name entry", func(txn *badger.Txn) error { return txn.Set(nameKey("bob", 1), nil) }, "name-index"},
		{"kind entry deleted", func(txn *badger.Txn) error { return txn.Delete(kindKey(graph.KindClaim, 2)) }, "kind-index"},
		{"wrong kind entry", func(txn *badger.Txn) error { return txn.Set(kindKey(graph.KindGroup, 2), nil) }, "kind-index"},
		{"article index entry deleted", func(txn *badger.Txn) error { return txn.Delete(articleKey(said)) }, "article-index"},
		{"stale article index entry", func(txn *badger.Txn) error {
			return txn.Set(articleKey(edgeKey{From: 1, To: 2, Pred: 3, Article: 100}), nil)
		}, "article-index"},
		{"article node deleted", func(txn *badger.Txn) error { return txn.Delete(nodeKey(100)) }, "missing-article"},
		{"garbage node value", func(txn *badger.Txn) error { return txn.Set(nodeKey(3), []byte{1, 200}) }, "bad-value"},
		{"garbage edge key", func(txn *badger.Txn) error { return txn.Set([]byte("fshort"), nil) }, "bad-key"},
		{"schema key deleted", func(txn *badger.Txn) error { return txn.Delete(keySchema) }, "schema"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			if err := s.WriteArticle(ctx, smallBatch()); err != nil {
				t.Fatal(err)
			}
			if probs, err := s.Check(ctx); err != nil || len(probs) != 0 {
				t.Fatalf("check before damage: %v, %v", probs, err)
			}
			if err := s.db.Update(tc.damage); err != nil {
				t.Fatal(err)
			}
			probs, err := s.Check(ctx)
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			found := false
			for _, p := range probs {
				found = found || p.Kind == tc.want
			}
			if !found {
				t.Errorf("problems %+v lack %q", probs, tc.want)
			}
		})
	}
}

func TestRestoreRejectsBadInput(t *testing.T) {
	s := openTest(t)
	if err := s.WriteArticle(ctx, smallBatch()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	hdrLen := len(backupMagic) + 4
	otherVersion := bytes.Clone(good)
	binary.BigEndian.PutUint32(otherVersion[len(backupMagic):], SchemaVersion+1)
	hugeFrame := append(bytes.Clone(good[:hdrLen]), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
	for _, tc := range []struct {
		name string
		in   []byte
		want error
		text string
	}{
		{"garbage", []byte("not a backup at all, but long enough"), graph.ErrInvalid, "bad header"},
		{"empty", nil, graph.ErrInvalid, "bad header"},
		{"other schema", otherVersion, graph.ErrSchemaVersion, "schema version"},
		{"huge frame length", hugeFrame, errFrame, "frame length"},
		{"truncated frame", good[:len(good)-5], errFrame, "truncated frame"},
		{"truncated length", good[:hdrLen+3], errFrame, "truncated frame length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s2 := openTest(t)
			err := s2.Restore(ctx, bytes.NewReader(tc.in))
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("restore: %v, want %v mentioning %q", err, tc.want, tc.text)
			}
		})
	}
	// And the good one restores.
	s3 := openTest(t)
	if err := s3.Restore(ctx, bytes.NewReader(good)); err != nil {
		t.Fatalf("restore good backup: %v", err)
	}
	if n, err := s3.Node(ctx, 1); err != nil || n.Name != "Anna Schmidt" {
		t.Errorf("restored node: %+v, %v", n, err)
	}
}

// TestGCAndCloseRace runs the GC goroutine at a silly rate under writes and
// closes the store under it; run with -race.
func TestGCAndCloseRace(t *testing.T) {
	s, err := Open(t.TempDir(), Options{GCInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				b := smallBatch()
				b.Article.ID = graph.ID(1000 + w*100 + i)
				for j := range b.Edges {
					b.Edges[j].Prov.Article = b.Article.ID
				}
				b.Edges[1].From = b.Article.ID
				err := s.WriteArticle(ctx, b)
				if errors.Is(err, graph.ErrClosed) {
					return
				}
				if err != nil && !errors.Is(err, graph.ErrConflict) {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond) // let GC ticks interleave with writes
	if err := s.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

func TestLogger(t *testing.T) {
	var buf safeBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := Open(t.TempDir(), Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !strings.Contains(buf.String(), "component=badger") {
		t.Errorf("nothing logged through the given logger:\n%s", buf.String())
	}
}

type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ScanNodes callbacks may call back into the store, even while a Restore
// or Close is waiting for running calls to finish.
func TestNestedCallsDuringClose(t *testing.T) {
	s := openTest(t)
	if err := s.WriteArticle(ctx, smallBatch()); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error)
	err := s.ScanNodes(ctx, "", func(n graph.Node) error {
		if n.ID == 1 {
			go func() { closed <- s.Close() }()
			time.Sleep(10 * time.Millisecond) // Close is now waiting for us
		}
		_, err := s.Edges(ctx, n.ID, graph.Out)
		if err != nil && !errors.Is(err, graph.ErrClosed) {
			return err
		}
		return nil
	})
	if err != nil {
		t.Errorf("scan: %v", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("close: %v", err)
	}
}
