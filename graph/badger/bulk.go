package badger

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/sourcetrace/sourcetrace/graph"
)

var _ graph.BulkLoader = (*Store)(nil)

// EncodeBatch calls fn with every key and value that writing b into an
// empty store sets: node, kind-index and name-index keys of the article and
// each node, and the forward, reverse and article-index keys of each edge.
// It is the floor a raw badger write of the same data sets, for benchmarks
// that compare WriteArticle with badger itself. Each key and value is newly
// allocated, so fn may keep them (txn.Set does).
func EncodeBatch(b *graph.Batch, fn func(key, val []byte) error) error {
	node := func(n *graph.Node) error {
		if err := fn(nodeKey(n.ID), encodeNode(n)); err != nil {
			return err
		}
		if err := fn(kindKey(n.Kind, n.ID), nil); err != nil {
			return err
		}
		for _, name := range nodeNames(*n) {
			if err := fn(nameKey(name, n.ID), nil); err != nil {
				return err
			}
		}
		return nil
	}
	if err := node(&b.Article); err != nil {
		return err
	}
	for i := range b.Nodes {
		if err := node(&b.Nodes[i]); err != nil {
			return err
		}
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		k := edgeKey{From: e.From, To: e.To, Pred: uint8(e.Predicate.Index()), Article: e.Prov.Article}
		v := encodeEdge(e)
		if err := fn(fwdKey(k), v); err != nil {
			return err
		}
		if err := fn(revKey(k), v); err != nil {
			return err
		}
		if k.Article != 0 {
			if err := fn(articleKey(k), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// bulkRunBytes is how much key and value data is sorted in memory before
// it is spilled to a run file: the bulk loader's memory is about twice
// this (arena plus record index and merge buffers), whatever the input size.
// A variable so tests can force many runs.
var bulkRunBytes = 64 << 20

// bulkFlushBytes is the size of each buffer handed to the StreamWriter.
const bulkFlushBytes = 8 << 20

// BulkLoad implements graph.BulkLoader. It works in two passes: every
// batch is validated and turned into the key-value pairs WriteArticle
// would write, sorted in runs of bulkRunBytes spilled to temporary files
// (under os.TempDir, so TMPDIR moves them); then the runs are merged,
// repeated node keys merged with graph.MergeNode in input order, and the
// sorted stream written through badger's StreamWriter straight into
// bottom-level tables, skipping the memtable, write-ahead log and
// compaction. No other call on the store runs meanwhile.
func (s *Store) BulkLoad(ctx context.Context, src func(yield func(*graph.Batch) error) error) (graph.BulkStats, error) {
	var st graph.BulkStats
	if s.opts.ReadOnly {
		return st, fmt.Errorf("bulk load: %w", graph.ErrReadOnly)
	}
	err := s.gate.alone(func() error {
		if err := s.requireEmpty(); err != nil {
			return err
		}
		tmp, err := os.MkdirTemp("", "sourcetrace-bulk-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		srt := &bulkSorter{dir: tmp}
		defer srt.close()
		if err := srt.add(keySchema, binary.BigEndian.AppendUint32(nil, SchemaVersion)); err != nil {
			return err
		}
		c := &bulkCollector{srt: srt, seen: map[graph.ID]struct{}{}, articles: map[graph.ID]struct{}{}}
		err = src(func(b *graph.Batch) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return c.add(b)
		})
		if err != nil {
			return err
		}
		if err := srt.finish(); err != nil {
			return err
		}
		st.Articles = len(c.articles)
		st.Runs, st.TmpBytes = len(srt.runs), srt.spilled
		return s.stream(ctx, srt, &st)
	})
	if err != nil {
		return st, fmt.Errorf("bulk load into %s: %w", s.dir, err)
	}
	return st, nil
}

// requireEmpty fails unless the store holds nothing but its schema key.
func (s *Store) requireEmpty() error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(keyOnly)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if !bytes.Equal(it.Item().Key(), keySchema) {
				return fmt.Errorf("store is not empty (key %q): bulk loading needs a fresh store: %w", it.Item().Key(), graph.ErrInvalid)
			}
		}
		return nil
	})
}

// stream merges the sorted runs into the StreamWriter. A failure after
// Prepare (which drops everything) leaves an empty store with its schema
// key, as BulkLoad documents.
func (s *Store) stream(ctx context.Context, srt *bulkSorter, st *graph.BulkStats) (err error) {
	sw := s.db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return fmt.Errorf("prepare stream writer: %w", err)
	}
	defer func() {
		if err == nil {
			return
		}
		sw.Cancel()
		if derr := s.db.DropAll(); derr != nil {
			err = errors.Join(err, fmt.Errorf("empty the store after a failed load: %w", derr))
			return
		}
		if serr := s.checkSchema(); serr != nil {
			err = errors.Join(err, serr)
		}
	}()
	buf := z.NewBuffer(bulkFlushBytes+(1<<20), "sourcetrace.bulk")
	defer func() { buf.Release() }()
	kv := &pb.KV{Version: 1}
	n := 0
	err = srt.merge(func(key, val []byte) error {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch key[0] {
		case tagNode:
			st.Nodes++
		case tagFwd:
			st.Edges++
		}
		st.Keys++
		kv.Key, kv.Value = key, val
		badger.KVToBuffer(kv, buf)
		if buf.LenNoPadding() < bulkFlushBytes {
			return nil
		}
		if err := sw.Write(buf); err != nil {
			return err
		}
		buf.Release()
		buf = z.NewBuffer(bulkFlushBytes+(1<<20), "sourcetrace.bulk")
		return nil
	})
	if err != nil {
		return err
	}
	if err := sw.Write(buf); err != nil {
		return fmt.Errorf("stream write: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("stream flush: %w", err)
	}
	return nil
}

// bulkCollector turns batches into the pairs WriteArticle would write,
// applying its checks: valid batches, edge endpoints in the batch or in an
// earlier one, one batch per article.
type bulkCollector struct {
	srt      *bulkSorter
	seen     map[graph.ID]struct{} // nodes of earlier batches
	articles map[graph.ID]struct{}
	// Within one run, a node occurrence encoding exactly like the
	// previous occurrence of the same ID merges to no change, and an
	// index key already added is added again for nothing: hubs (an
	// agency, a party leader) recur in thousands of batches, so these
	// skip most node records. Both are cleared when the run spills.
	run   int
	last  map[graph.ID][]byte
	added map[string]struct{}
}

// fresh clears the per-run memory after a spill.
func (c *bulkCollector) fresh() {
	if c.last == nil || c.run != len(c.srt.runs) {
		c.run = len(c.srt.runs)
		c.last = map[graph.ID][]byte{}
		c.added = map[string]struct{}{}
	}
}

// index adds an empty index key once per run.
func (c *bulkCollector) index(key []byte) error {
	c.fresh()
	if _, ok := c.added[string(key)]; ok {
		return nil
	}
	c.added[string(key)] = struct{}{}
	return c.srt.add(key, nil)
}

func (c *bulkCollector) add(b *graph.Batch) error {
	if err := b.Validate(); err != nil {
		return err
	}
	art := b.Article.ID
	if _, dup := c.articles[art]; dup {
		return fmt.Errorf("article %s (%q) given twice: %w", art, b.Article.Name, graph.ErrInvalid)
	}
	in := make(map[graph.ID]struct{}, len(b.Nodes)+1)
	in[art] = struct{}{}
	for i := range b.Nodes {
		in[b.Nodes[i].ID] = struct{}{}
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		for _, id := range [2]graph.ID{e.From, e.To} {
			_, inBatch := in[id]
			_, earlier := c.seen[id]
			if !inBatch && !earlier {
				return fmt.Errorf("article %s: edge %d (%s -%s-> %s): node %s is neither in the batch nor in an earlier one: %w",
					art, i, e.From, e.Predicate, e.To, id, graph.ErrInvalid)
			}
		}
	}
	c.articles[art] = struct{}{}
	if err := c.node(&b.Article); err != nil {
		return err
	}
	for i := range b.Nodes {
		if err := c.node(&b.Nodes[i]); err != nil {
			return err
		}
	}
	for i := range b.Edges {
		e := &b.Edges[i]
		k := edgeKey{From: e.From, To: e.To, Pred: uint8(e.Predicate.Index()), Article: art}
		v := encodeEdge(e)
		for _, key := range [3][]byte{fwdKey(k), revKey(k), articleKey(k)} {
			val := v
			if key[0] == tagArticle {
				val = nil
			}
			if err := c.srt.add(key, val); err != nil {
				return err
			}
		}
	}
	return nil
}

// node adds one occurrence of n. Merging keeps the first-seen kind and
// name and unions aliases, so only the first occurrence of an ID adds the
// kind key and the name key of its name; every occurrence adds its aliases'.
func (c *bulkCollector) node(n *graph.Node) error {
	c.fresh()
	val := encodeNode(n)
	if prev, ok := c.last[n.ID]; !ok || !bytes.Equal(prev, val) {
		c.last[n.ID] = val
		if err := c.srt.add(nodeKey(n.ID), val); err != nil {
			return err
		}
	}
	_, again := c.seen[n.ID]
	if !again {
		c.seen[n.ID] = struct{}{}
		if err := c.index(kindKey(n.Kind, n.ID)); err != nil {
			return err
		}
	}
	names := nodeNames(graph.Node{Aliases: n.Aliases})
	if !again {
		if f := graph.NormalizeName(n.Name); f != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	for _, name := range names {
		if err := c.index(nameKey(name, n.ID)); err != nil {
			return err
		}
	}
	return nil
}

// combine folds a later value for the same key into an earlier one: nodes
// merge as WriteArticle merges them, anything else keeps the later value
// (index keys are empty; an edge repeated within one article keeps its
// last value, as WriteArticle does).
func combine(key, earlier, later []byte) ([]byte, error) {
	if key[0] != tagNode {
		return later, nil
	}
	id, err := parseNodeKey(key)
	if err != nil {
		return nil, err
	}
	a, err := decodeNode(id, earlier)
	if err != nil {
		return nil, err
	}
	b, err := decodeNode(id, later)
	if err != nil {
		return nil, err
	}
	m := graph.MergeNode(a, b)
	return encodeNode(&m), nil
}

// bulkSorter is an external merge sort of key-value pairs: pairs collect
// in an arena, sorted (stably, so input order survives among equal keys)
// and written to a run file when the arena is full; merge reads all runs
// back in key order. Sorting and writing a full arena happens on another
// goroutine while the next one fills (two arenas in turn), so collecting
// and sorting use two cores.
type bulkSorter struct {
	dir string
	cur bulkRun // filling
	// spare is the other arena, returned by the finished spill.
	spare   bulkRun
	pending chan spillResult // the spill in flight, if any
	runs    []string
	spilled int64
}

// bulkRun is an arena of keys and values and the records locating them.
type bulkRun struct {
	arena []byte
	recs  []bulkRec
}

type spillResult struct {
	run   bulkRun
	bytes int64
	err   error
}

// bulkRec locates one pair in the arena. head holds the key's first eight
// bytes, big-endian, so most comparisons (tag and ID differ) need no
// memory access beyond the record.
type bulkRec struct {
	head            uint64
	off, klen, vlen uint32
}

func keyHead(k []byte) uint64 {
	var b [8]byte
	copy(b[:], k)
	return binary.BigEndian.Uint64(b[:])
}

func (r *bulkRun) key(x bulkRec) []byte { return r.arena[x.off : x.off+x.klen] }

func (r *bulkRun) val(x bulkRec) []byte {
	return r.arena[x.off+x.klen : x.off+x.klen+x.vlen]
}

// compare orders by key, then by arena offset, which is input order: a
// stable order from an unstable (and much faster) sort.
func (r *bulkRun) compare(a, b bulkRec) int {
	if a.head != b.head {
		if a.head < b.head {
			return -1
		}
		return 1
	}
	if c := bytes.Compare(r.key(a), r.key(b)); c != 0 {
		return c
	}
	return int(a.off) - int(b.off)
}

func (s *bulkSorter) add(key, val []byte) error {
	r := &s.cur
	if r.arena == nil {
		r.arena = make([]byte, 0, bulkRunBytes+(1<<20))
	}
	r.recs = append(r.recs, bulkRec{head: keyHead(key), off: uint32(len(r.arena)), klen: uint32(len(key)), vlen: uint32(len(val))})
	r.arena = append(append(r.arena, key...), val...)
	if len(r.arena) >= bulkRunBytes {
		return s.spill()
	}
	return nil
}

// spill hands the filled arena to a goroutine that sorts it, folds equal
// keys and writes it as the next run file; the run's place in the order
// is fixed here. It first waits for the previous spill, whose arena
// becomes the one to fill.
func (s *bulkSorter) spill() error {
	if len(s.cur.recs) == 0 {
		return nil
	}
	if err := s.wait(); err != nil {
		return err
	}
	full := s.cur
	s.cur = bulkRun{arena: s.spare.arena[:0], recs: s.spare.recs[:0]}
	s.spare = bulkRun{}
	name := filepath.Join(s.dir, "run-"+strconv.Itoa(len(s.runs)))
	s.runs = append(s.runs, name)
	ch := make(chan spillResult, 1)
	s.pending = ch
	go func() {
		n, err := full.write(name)
		ch <- spillResult{run: full, bytes: n, err: err}
	}()
	return nil
}

// wait waits for the spill in flight, if any, and takes back its arena.
func (s *bulkSorter) wait() error {
	if s.pending == nil {
		return nil
	}
	res := <-s.pending
	s.pending = nil
	s.spare = res.run
	s.spilled += res.bytes
	return res.err
}

// finish spills what is left and waits for it.
func (s *bulkSorter) finish() error {
	if err := s.spill(); err != nil {
		return err
	}
	return s.wait()
}

// write sorts the run, folds equal keys with combine and writes the run
// file, returning the bytes written.
func (r *bulkRun) write(name string) (int64, error) {
	slices.SortFunc(r.recs, r.compare)
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var written int64
	var hdr [2 * binary.MaxVarintLen32]byte
	put := func(k, v []byte) error {
		h := binary.AppendUvarint(hdr[:0], uint64(len(k)))
		h = binary.AppendUvarint(h, uint64(len(v)))
		w.Write(h)
		w.Write(k)
		_, err := w.Write(v)
		written += int64(len(h) + len(k) + len(v))
		return err
	}
	recs := r.recs
	for i := 0; i < len(recs); {
		k, v := r.key(recs[i]), r.val(recs[i])
		j := i + 1
		for ; j < len(recs) && recs[j].head == recs[i].head && bytes.Equal(k, r.key(recs[j])); j++ {
			if v, err = combine(k, v, r.val(recs[j])); err != nil {
				f.Close()
				return written, err
			}
		}
		if err := put(k, v); err != nil {
			f.Close()
			return written, fmt.Errorf("write %s: %w", name, err)
		}
		i = j
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return written, fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return written, fmt.Errorf("write %s: %w", name, err)
	}
	return written, nil
}

// close waits for a spill in flight and drops the arenas.
func (s *bulkSorter) close() {
	s.wait()
	s.cur, s.spare = bulkRun{}, bulkRun{}
}

// merge calls fn with every distinct key in order, its values folded with
// combine in input order (earlier runs hold earlier input). fn must not
// keep key or val.
func (s *bulkSorter) merge(fn func(key, val []byte) error) error {
	s.close() // the arenas are no longer needed; give their memory back
	h := make(runHeap, 0, len(s.runs))
	for i, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		c := &runCursor{r: bufio.NewReaderSize(f, 256<<10), run: i, name: name}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	var key, val []byte
	for len(h) > 0 {
		c := h[0]
		key = append(key[:0], c.key...)
		val = append(val[:0], c.val...)
		if err := advance(&h, c); err != nil {
			return err
		}
		for len(h) > 0 && bytes.Equal(h[0].key, key) {
			c := h[0]
			v, err := combine(key, val, c.val)
			if err != nil {
				return err
			}
			val = append(val[:0], v...)
			if err := advance(&h, c); err != nil {
				return err
			}
		}
		if err := fn(key, val); err != nil {
			return err
		}
	}
	return nil
}

func advance(h *runHeap, c *runCursor) error {
	ok, err := c.next()
	if err != nil {
		return err
	}
	if ok {
		heap.Fix(h, 0)
	} else {
		heap.Pop(h)
	}
	return nil
}

// runCursor reads one run file record by record into reused buffers.
type runCursor struct {
	r        *bufio.Reader
	run      int
	name     string
	key, val []byte
}

func (c *runCursor) next() (bool, error) {
	kl, err := binary.ReadUvarint(c.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", c.name, err)
	}
	vl, err := binary.ReadUvarint(c.r)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", c.name, noEOF(err))
	}
	c.key = slices.Grow(c.key[:0], int(kl))[:kl]
	c.val = slices.Grow(c.val[:0], int(vl))[:vl]
	if _, err := io.ReadFull(c.r, c.key); err != nil {
		return false, fmt.Errorf("read %s: %w", c.name, noEOF(err))
	}
	if _, err := io.ReadFull(c.r, c.val); err != nil {
		return false, fmt.Errorf("read %s: %w", c.name, noEOF(err))
	}
	return true, nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// runHeap orders cursors by key, then run, so equal keys come out in
// input order.
type runHeap []*runCursor

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].run < h[j].run
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
