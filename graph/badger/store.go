package badger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/sourcetrace/sourcetrace/graph"
)

// SchemaVersion is the key and value layout this build reads and writes
// (keys.go, codec.go). Open refuses a store written with another one.
const SchemaVersion uint32 = 1

var (
	_ graph.Store    = (*Store)(nil)
	_ graph.Backuper = (*Store)(nil)
	_ graph.Checker  = (*Store)(nil)
)

// Options configure Open.
type Options struct {
	// InMemory keeps everything in memory; dir is ignored. For tests.
	InMemory bool
	// ReadOnly opens an existing store for reading; writes fail with
	// graph.ErrReadOnly. Several read-only opens may share a directory.
	ReadOnly bool
	// GCInterval is how often the value log is garbage-collected in the
	// background; zero or negative disables it.
	GCInterval time.Duration
	// Logger receives badger's own log lines; nil discards them.
	Logger *slog.Logger
}

// DefaultOptions returns the options Open should normally get.
func DefaultOptions() Options {
	return Options{GCInterval: 10 * time.Minute}
}

// maxAttempts bounds how often WriteArticle retries on a badger
// transaction conflict before reporting graph.ErrConflict.
const maxAttempts = 5

// Store is a graph.Store on a badger database. Its methods are safe for
// concurrent use.
type Store struct {
	db    *badger.DB
	dir   string
	opts  Options
	log   *slog.Logger
	gate  gate
	stop  chan struct{} // closed to stop the GC goroutine
	gcEnd chan struct{} // closed when it has stopped
}

// Open opens (creating if needed) the store in dir. A directory held by
// another process, or by another Open in this one, gives an error wrapping
// graph.ErrInUse; a store of another schema version one wrapping
// graph.ErrSchemaVersion.
func Open(dir string, opts Options) (*Store, error) {
	if !opts.InMemory && dir == "" {
		return nil, fmt.Errorf("open store: empty directory: %w", graph.ErrInvalid)
	}
	if opts.InMemory {
		dir = "" // badger insists
	}
	name := dir
	if opts.InMemory {
		name = "(in memory)"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bo := badger.DefaultOptions(dir).
		WithInMemory(opts.InMemory).
		WithReadOnly(opts.ReadOnly).
		// Measured on the 2-core build machine: values are small and
		// read back at random, so compression and the block and index
		// caches cost more CPU and memory than they save.
		WithCompression(options.None).
		WithBlockCacheSize(0).
		WithIndexCacheSize(0).
		WithNumCompactors(2).
		WithMetricsEnabled(false).
		WithLogger(nil)
	if opts.Logger != nil {
		bo = bo.WithLogger(slogAdapter{opts.Logger})
	}
	db, err := badger.Open(bo)
	if err != nil {
		// badger flattens the flock error into text, so match its words.
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("open store %s: %w by another process (badger directory lock)", name, graph.ErrInUse)
		}
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	s := &Store{db: db, dir: name, opts: opts, log: log}
	s.gate.init()
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	if opts.GCInterval > 0 && !opts.InMemory && !opts.ReadOnly {
		s.stop, s.gcEnd = make(chan struct{}), make(chan struct{})
		go s.gcLoop(opts.GCInterval)
	}
	return s, nil
}

// checkSchema writes the schema version into a new store and compares it
// in an existing one.
func (s *Store) checkSchema() error {
	var got []byte
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			it.Rewind()
			empty = !it.Valid()
			return nil
		}
		if err != nil {
			return err
		}
		got, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("open store %s: read schema version: %w", s.dir, err)
	}
	if got == nil {
		if !empty {
			return fmt.Errorf("open store %s: data without a schema version key, not a sourcetrace store: %w", s.dir, graph.ErrSchemaVersion)
		}
		if s.opts.ReadOnly {
			return fmt.Errorf("open store %s: empty store opened read-only: %w", s.dir, graph.ErrNotFound)
		}
		err := s.db.Update(func(txn *badger.Txn) error {
			return txn.Set(keySchema, binary.BigEndian.AppendUint32(nil, SchemaVersion))
		})
		if err != nil {
			return fmt.Errorf("open store %s: write schema version: %w", s.dir, err)
		}
		return nil
	}
	if len(got) != 4 {
		return fmt.Errorf("open store %s: schema version value %x malformed: %w", s.dir, got, graph.ErrSchemaVersion)
	}
	if v := binary.BigEndian.Uint32(got); v != SchemaVersion {
		return fmt.Errorf("open store %s: store has schema version %d, this build reads version %d: %w",
			s.dir, v, SchemaVersion, graph.ErrSchemaVersion)
	}
	return nil
}

func (s *Store) gcLoop(every time.Duration) {
	defer close(s.gcEnd)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		if s.gate.enter() != nil {
			return
		}
		// One call rewrites at most one log file; go on while it helps.
		var err error
		for n := 0; err == nil && n < 100; n++ {
			err = s.db.RunValueLogGC(0.5)
		}
		s.gate.leave()
		if err != nil && !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
			s.log.Warn("value log gc", "dir", s.dir, "err", err)
		}
	}
}

// Close stops background work, waits for running calls and closes the
// database. Later calls return an error wrapping graph.ErrClosed; closing
// again returns nil.
func (s *Store) Close() error {
	if !s.gate.close() {
		return nil
	}
	if s.stop != nil {
		close(s.stop)
		<-s.gcEnd
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// view runs fn in a read transaction: a consistent snapshot.
func (s *Store) view(ctx context.Context, op string, fn func(txn *badger.Txn) error) error {
	if err := s.gate.enter(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer s.gate.leave()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.db.View(fn); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// update runs fn in one read-write transaction, retrying it on a
// transaction conflict (fn must be safe to run again).
func (s *Store) update(ctx context.Context, op string, fn func(txn *badger.Txn) error) error {
	if err := s.gate.enter(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer s.gate.leave()
	if s.opts.ReadOnly {
		return fmt.Errorf("%s: %w", op, graph.ErrReadOnly)
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		err := s.db.Update(fn)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, badger.ErrConflict):
			if attempt == maxAttempts {
				return fmt.Errorf("%s: badger transaction conflict %d times: %w", op, attempt, graph.ErrConflict)
			}
			time.Sleep(time.Duration(attempt) * time.Millisecond) // let the winner finish
		case errors.Is(err, badger.ErrTxnTooBig):
			return fmt.Errorf("%s: too large for one badger transaction, split the input: %w", op, graph.ErrLimit)
		default:
			return fmt.Errorf("%s: %w", op, err)
		}
	}
}

// gate admits calls while the store is open, lets Restore run alone and
// lets Close wait for running calls. Unlike an RWMutex it never makes a
// call wait while the same goroutine might hold another (a ScanNodes
// callback calling Node, say): exclusive work waits for the count of
// running calls to reach zero before it shuts new ones out.
type gate struct {
	mu        sync.Mutex
	cond      sync.Cond
	active    int
	exclusive bool
	closed    bool
}

func (g *gate) init() { g.cond.L = &g.mu }

func (g *gate) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.exclusive && !g.closed {
		g.cond.Wait()
	}
	if g.closed {
		return graph.ErrClosed
	}
	g.active++
	return nil
}

func (g *gate) leave() {
	g.mu.Lock()
	g.active--
	if g.active == 0 {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
}

// alone runs fn with no other call running.
func (g *gate) alone(fn func() error) error {
	g.mu.Lock()
	for (g.active > 0 || g.exclusive) && !g.closed {
		g.cond.Wait()
	}
	if g.closed {
		g.mu.Unlock()
		return graph.ErrClosed
	}
	g.exclusive = true
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.exclusive = false
		g.cond.Broadcast()
		g.mu.Unlock()
	}()
	return fn()
}

// close shuts the gate and waits for running calls; it reports whether
// this was the first close.
func (g *gate) close() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.closed = true
	g.cond.Broadcast()
	for g.active > 0 || g.exclusive {
		g.cond.Wait()
	}
	return true
}

// slogAdapter routes badger's printf-style logging to slog.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Errorf(f string, v ...any) {
	a.l.Error(strings.TrimSpace(fmt.Sprintf(f, v...)), "component", "badger")
}
func (a slogAdapter) Warningf(f string, v ...any) {
	a.l.Warn(strings.TrimSpace(fmt.Sprintf(f, v...)), "component", "badger")
}
func (a slogAdapter) Infof(f string, v ...any) {
	a.l.Info(strings.TrimSpace(fmt.Sprintf(f, v...)), "component", "badger")
}
func (a slogAdapter) Debugf(f string, v ...any) {
	a.l.Debug(strings.TrimSpace(fmt.Sprintf(f, v...)), "component", "badger")
}
