package ingest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Extractor finds attributions in an article's text; *extract.Extractor is
// the real one. Implementations must be safe for concurrent use: every
// worker calls the same one.
type Extractor interface {
	Extract(text string) extract.Result
}

// Ingester reads, extracts, builds and writes articles with parallel
// workers. Set Writer and Extractor; the rest has defaults.
type Ingester struct {
	Writer    graph.Writer
	Extractor Extractor
	// Workers is the number of extraction workers; 0 means
	// runtime.NumCPU().
	Workers int
	// ReadOptions are passed to the article reader; start from
	// article.DefaultOptions() (the zero value rejects invalid UTF-8).
	ReadOptions article.Options
	// Progress, when set, is called after each input file is fully
	// ingested (or skipped) with the files done and the total. Calls come
	// one at a time, never concurrently.
	Progress func(done, total int)
	// OnArticle, when set, is called after each article is written, one
	// call at a time, in input order: a caller that wants to show
	// what landed (chains of the new claims, say) gets the article IDs
	// without reading the inputs again.
	OnArticle func(Written)
	// Now gives the ingest time of each article; nil means Meta.Now when
	// that is set (reproducible runs), else time.Now.
	Now func() time.Time
	// Meta names the extractor and version stamped on every edge.
	Meta Meta
	// Republished, when set, fingerprints each article before it is
	// written and links it to the earlier copies of the same story
	// (republished_from) after; nil skips wire-copy detection.
	Republished *Republished
}

// Written describes one article written to the store.
type Written struct {
	Source  string   `json:"source"`
	Article graph.ID `json:"article"`
	Counts  Counts   `json:"counts"`
}

// Skip is an input left out, with why.
type Skip struct {
	// Source is the file, "file:line" for a record of a multi-article
	// file, or the document's source for a failure after reading.
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// Summary is what a Run did.
type Summary struct {
	Articles int `json:"articles"`
	// Duplicates counts documents left out because an article with the
	// same key (ID, URL or text) was already read in this run; each also
	// has a warning.
	Duplicates int `json:"duplicates"`
	// Claims and Entities count distinct nodes written in this run (a
	// speaker quoted by ten articles counts once); Edges counts every edge
	// written.
	Claims   int           `json:"claims"`
	Entities int           `json:"entities"`
	Edges    int           `json:"edges"`
	Skipped  []Skip        `json:"skipped"`
	Warnings []string      `json:"warnings"`
	Elapsed  time.Duration `json:"-"`
}

// MarshalJSON writes Elapsed in seconds, which people and scripts read
// more easily than nanoseconds.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	return json.Marshal(struct {
		plain
		Elapsed float64 `json:"elapsed_seconds"`
	}{plain(s), s.Elapsed.Seconds()})
}

// maxTextWarnings is how many warnings WriteText lists before summarising
// the rest; a large corpus can have thousands.
const maxTextWarnings = 20

// WriteText prints the closing summary for people: counts and rate, every
// skipped input with its reason, and the first warnings.
func (s Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	rate := ""
	if secs := s.Elapsed.Seconds(); secs > 0 && s.Articles > 0 {
		rate = fmt.Sprintf(" (%.1f articles/s)", float64(s.Articles)/secs)
	}
	fmt.Fprintf(&b, "ingested %d article%s: %d claims, %d entities, %d edges in %s%s\n",
		s.Articles, plural(s.Articles), s.Claims, s.Entities, s.Edges, s.Elapsed.Round(time.Millisecond), rate)
	if s.Duplicates > 0 {
		fmt.Fprintf(&b, "left out %d duplicate%s (see warnings)\n", s.Duplicates, plural(s.Duplicates))
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintf(&b, "skipped %d:\n", len(s.Skipped))
		for _, k := range s.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", k.Source, k.Reason)
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(&b, "warnings %d:\n", len(s.Warnings))
		for i, m := range s.Warnings {
			if i == maxTextWarnings {
				fmt.Fprintf(&b, "  ... and %d more (--json lists them all)\n", len(s.Warnings)-i)
				break
			}
			fmt.Fprintf(&b, "  %s\n", m)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Run ingests every article under paths (files, directories walked for
// known extensions, "-" for standard input). Problems with one file,
// record or article land in Summary.Skipped and the rest go on; the error
// is non-nil only when the store fails (or ctx is cancelled), and then the
// Summary says what was written before.
func (in *Ingester) Run(ctx context.Context, paths []string) (Summary, error) {
	start := time.Now()
	if in.Writer == nil || in.Extractor == nil {
		return Summary{}, fmt.Errorf("ingest: writer and extractor are required: %w", graph.ErrInvalid)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{in: in, cancel: cancel, claims: map[graph.ID]bool{}, entities: map[graph.ID]bool{}, keys: map[string]string{}}

	files, err := article.Files(ctx, paths)
	if err != nil {
		if ctx.Err() != nil {
			return r.summary(start), ctx.Err()
		}
		for _, e := range unjoin(err) {
			r.skipErr(e)
		}
	}
	r.total = len(files)
	r.files = make([]fileState, len(files))

	workers := in.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	// Workers extract and build in parallel; one writer commits the
	// batches in input order, so the same inputs give the same store
	// whatever the scheduling (a node seen by several articles merges its
	// roles and attributes in article order). slots bounds the documents
	// between the reader and the writer: a slow article holds up the
	// writes behind it, never memory.
	r.slots = make(chan struct{}, 4*workers+8)
	jobs := make(chan job, 2*workers)
	results := make(chan built, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				results <- r.process(ctx, j)
			}
		})
	}
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		r.writeInOrder(ctx, results)
	}()
	r.read(ctx, files, jobs)
	close(jobs)
	wg.Wait()
	close(results)
	<-writerDone

	sum := r.summary(start)
	if r.fatal != nil {
		return sum, r.fatal
	}
	if err := context.Cause(ctx); err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	return sum, nil
}

// job is one document of the file at index file, the seq-th document read.
type job struct {
	doc  article.Document
	file int
	seq  int
}

// built is a worker's result for one job: a batch to write, or nil when
// the document was skipped (the reason already recorded).
type built struct {
	job
	batch  *graph.Batch
	counts Counts
}

// run is the state of one Run, shared by the reader, the workers and the
// writer.
type run struct {
	in     *Ingester
	cancel context.CancelCauseFunc
	slots  chan struct{}

	mu       sync.Mutex
	sum      Summary
	claims   map[graph.ID]bool
	entities map[graph.ID]bool
	keys     map[string]string // article key -> first source, to spot duplicates
	fatal    error
	files    []fileState
	done     int // files complete
	total    int
}

// read streams the documents of each file to the workers.
func (r *run) read(ctx context.Context, files []article.File, jobs chan<- job) {
	seq := 0
	for i, f := range files {
		for doc, err := range article.All(ctx, []string{f.Path}, r.in.ReadOptions) {
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				r.skipErr(err)
				continue
			}
			if r.duplicate(doc) {
				continue
			}
			select {
			case r.slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			r.queued(i)
			select {
			case jobs <- job{doc: doc, file: i, seq: seq}:
				seq++
			case <-ctx.Done():
				return
			}
		}
		r.fileStep(i, false, true)
	}
}

// fileState tracks one input file: how many of its documents are still
// with the workers, and whether the reader has reached its end.
type fileState struct {
	pending int
	read    bool
}

func (r *run) queued(i int) {
	r.mu.Lock()
	r.files[i].pending++
	r.mu.Unlock()
}

// fileStep updates file i (a document finished, or the reader reached the
// end) and reports progress when that completes the file.
func (r *run) fileStep(i int, docDone, endOfFile bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := &r.files[i]
	if docDone {
		f.pending--
	}
	if endOfFile {
		f.read = true
	}
	if !f.read || f.pending > 0 {
		return
	}
	r.done++
	if r.in.Progress != nil {
		r.in.Progress(r.done, r.total)
	}
}

func (r *run) now() time.Time {
	switch {
	case r.in.Now != nil:
		return r.in.Now()
	case !r.in.Meta.Now.IsZero():
		return r.in.Meta.Now
	}
	return time.Now()
}

// process extracts and builds one document.
func (r *run) process(ctx context.Context, j job) built {
	out := built{job: j}
	if ctx.Err() != nil {
		return out
	}
	doc := j.doc
	res, err := r.extract(doc)
	if err != nil {
		r.skip(sourceName(doc), err.Error())
		return out
	}
	meta := r.in.Meta
	meta.Now = r.now()
	batch, counts, err := Build(doc, res, meta)
	if err != nil {
		r.skip(sourceName(doc), err.Error())
		return out
	}
	if r.in.Republished != nil {
		r.in.Republished.Annotate(doc, batch)
	}
	out.batch, out.counts = batch, counts
	return out
}

// groupEdges caps the edges of the batches written in one transaction
// when the writer is a graph.BatchWriter: groups amortise badger's
// per-commit cost without making one transaction large.
const groupEdges = 1000

// writeInOrder writes the workers' results in input order. Batches that
// are ready together go to the store in one transaction when it is a
// graph.BatchWriter; an article it rejects is then retried alone, so one
// bad article never costs the others.
func (r *run) writeInOrder(ctx context.Context, results <-chan built) {
	pending := map[int]built{}
	next := 0
	for res := range results {
		pending[res.seq] = res
		var group []built
		edges := 0
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			group = append(group, b)
			if b.batch != nil {
				edges += len(b.batch.Edges)
			}
			if edges >= groupEdges {
				r.writeGroup(ctx, group)
				group, edges = nil, 0
			}
		}
		r.writeGroup(ctx, group)
	}
}

// writeGroup writes a run of consecutive results and accounts for each.
func (r *run) writeGroup(ctx context.Context, group []built) {
	if len(group) == 0 {
		return
	}
	var batches []*graph.Batch
	for _, b := range group {
		if b.batch != nil {
			batches = append(batches, b.batch)
		}
	}
	grouped := false
	if bw, ok := r.in.Writer.(graph.BatchWriter); ok && len(batches) > 1 && ctx.Err() == nil {
		grouped = bw.WriteArticles(ctx, batches) == nil
	}
	for _, b := range group {
		r.finish(ctx, b, grouped)
		<-r.slots
		r.fileStep(b.file, true, false)
	}
}

// finish writes b unless its group was already written, links wire copies
// and counts it.
func (r *run) finish(ctx context.Context, b built, written bool) {
	if b.batch == nil || ctx.Err() != nil {
		return
	}
	doc, batch := b.doc, b.batch
	if !written {
		if err := r.write(ctx, batch); err != nil {
			switch {
			case ctx.Err() != nil:
			case errors.Is(err, graph.ErrInvalid), errors.Is(err, graph.ErrConflict):
				// This article's problem; the store itself is fine.
				r.skip(sourceName(doc), err.Error())
			default:
				r.fail(fmt.Errorf("ingest %s: %w", sourceName(doc), err))
			}
			return
		}
	}
	if r.in.Republished != nil {
		if err := r.in.Republished.Link(ctx, batch); err != nil {
			r.fail(fmt.Errorf("ingest %s: link wire copies: %w", sourceName(doc), err))
			return
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Articles++
	r.sum.Edges += len(batch.Edges)
	for _, n := range batch.Nodes {
		switch n.Kind {
		case graph.KindClaim:
			r.claims[n.ID] = true
		case graph.KindAssessment:
		default:
			r.entities[n.ID] = true
		}
	}
	r.sum.Warnings = append(r.sum.Warnings, doc.Warnings...)
	r.sum.Warnings = append(r.sum.Warnings, b.counts.Warnings...)
	if r.in.OnArticle != nil {
		r.in.OnArticle(Written{Source: sourceName(doc), Article: batch.Article.ID, Counts: b.counts})
	}
}

// writeAttempts bounds how often a batch is written when the store reports
// a conflict (another process writing the same hub nodes), which a retry
// usually clears.
const writeAttempts = 4

// write writes b, retrying on graph.ErrConflict after a short, growing
// pause.
func (r *run) write(ctx context.Context, b *graph.Batch) error {
	pause := time.Millisecond
	for attempt := 1; ; attempt++ {
		err := r.in.Writer.WriteArticle(ctx, b)
		if err == nil || !errors.Is(err, graph.ErrConflict) || attempt == writeAttempts {
			return err
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return ctx.Err()
		}
		pause *= 4
	}
}

// extract runs the extractor, turning a panic on one odd text into an
// error for that document rather than a crash of the whole run.
func (r *run) extract(doc article.Document) (res extract.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("extract: panic: %v", p)
		}
	}()
	return r.in.Extractor.Extract(doc.Text), nil
}

// duplicate reports whether an article with doc's key was already read in
// this run, recording a warning if so. The reader is one goroutine reading
// files in order, so the first-read version is the one kept, every time.
func (r *run) duplicate(doc article.Document) bool {
	key := doc.Key()
	r.mu.Lock()
	defer r.mu.Unlock()
	first, ok := r.keys[key]
	if !ok {
		r.keys[key] = sourceName(doc)
		return false
	}
	r.sum.Duplicates++
	r.sum.Warnings = append(r.sum.Warnings,
		fmt.Sprintf("%s: same article as %s (%s), left out", sourceName(doc), first, shortKey(key)))
	return true
}

func shortKey(k string) string {
	if len(k) > 24 {
		return k[:24] + "…"
	}
	return k
}

func (r *run) skip(source, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Skipped = append(r.sum.Skipped, Skip{Source: source, Reason: reason})
}

// skipErr records a reading error; a *article.FileError gives its file and
// line as the source and its offset in the reason.
func (r *run) skipErr(err error) {
	var fe *article.FileError
	if !errors.As(err, &fe) {
		r.skip("", err.Error())
		return
	}
	src := fe.Path
	if fe.Line > 0 {
		src += ":" + strconv.Itoa(fe.Line)
	}
	reason := "unknown error"
	if fe.Err != nil {
		reason = fe.Err.Error()
	}
	if fe.Offset >= 0 {
		reason = fmt.Sprintf("byte offset %d: %s", fe.Offset, reason)
	}
	r.skip(src, reason)
}

// fail records the first fatal error and stops the run.
func (r *run) fail(err error) {
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = err
	}
	r.mu.Unlock()
	r.cancel(err)
}

// summary finishes the counts, in a stable order whatever order the
// workers finished in.
func (r *run) summary(start time.Time) Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sum
	s.Claims, s.Entities = len(r.claims), len(r.entities)
	s.Skipped = slices.Clone(s.Skipped)
	slices.SortStableFunc(s.Skipped, func(a, b Skip) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Reason, b.Reason))
	})
	s.Warnings = slices.Clone(s.Warnings)
	slices.Sort(s.Warnings)
	if s.Skipped == nil {
		s.Skipped = []Skip{}
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}
	s.Elapsed = time.Since(start)
	return s
}

// unjoin splits an errors.Join result into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
