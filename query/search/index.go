package search

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

// Index is an open search index. It is safe for concurrent searches;
// Sync and Close must not run concurrently with anything else.
type Index struct {
	path string
	idx  bleve.Index
}

// Internal keys of the index's own bookkeeping.
var (
	keyHashes = []byte("sourcetrace.hashes") // claim ID → document hash, 16 bytes each
	keyStamp  = []byte("sourcetrace.stamp")  // hash of the store's Stats at the last Sync
)

// Field names of a claim document.
const (
	fieldText      = "text" // content and speaker names together: what words match
	fieldContent   = "content"
	fieldSpeaker   = "speaker"
	fieldOutlet    = "outlet"
	fieldPublished = "published"
	fieldKind      = "kind"
)

// lockTimeout is how long Open waits for another process's lock.
const lockTimeout = "1s"

// batchSize is how many documents Sync indexes per bleve batch: each batch
// is synced to disk, so fewer, larger ones index faster (16k claims: 11 s
// in batches of 500, 7 s in batches of 5000). bleve's unsafe_batch would
// skip the sync but loses batches not yet persisted at Close.
const batchSize = 5000

// progressStep is how many claims pass between progress calls.
const progressStep = 250

func newMapping() mapping.IndexMapping {
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text("en"))
	doc.AddFieldMappingsAt(fieldContent, text("en"))
	doc.AddFieldMappingsAt(fieldSpeaker, text("standard"))
	doc.AddFieldMappingsAt(fieldOutlet, text("standard"))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	doc.AddFieldMappingsAt(fieldPublished, date)
	kw := bleve.NewKeywordFieldMapping()
	kw.Store = false
	doc.AddFieldMappingsAt(fieldKind, kw)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = "en"
	return m
}

// Open opens the index at path. A missing index gives an error wrapping
// graph.ErrNotFound that says to run "sourcetrace reindex"; one held by
// another process an error wrapping graph.ErrInUse.
func Open(path string) (*Index, error) {
	idx, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout})
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing):
		return nil, fmt.Errorf("open search index %s: no index there; run `sourcetrace reindex`: %w", path, graph.ErrNotFound)
	case err != nil && strings.Contains(err.Error(), "timeout"):
		return nil, fmt.Errorf("open search index %s: %w", path, graph.ErrInUse)
	case err != nil:
		return nil, fmt.Errorf("open search index %s: %w", path, err)
	}
	return &Index{path: path, idx: idx}, nil
}

// Create makes a new, empty index at path, which must not exist.
func Create(path string) (*Index, error) {
	idx, err := bleve.New(path, newMapping())
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	return &Index{path: path, idx: idx}, nil
}

// OpenOrCreate opens the index at path, creating it when there is none.
func OpenOrCreate(path string) (*Index, error) {
	ix, err := Open(path)
	if errors.Is(err, graph.ErrNotFound) {
		return Create(path)
	}
	return ix, err
}

// Close releases the index.
func (ix *Index) Close() error {
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close search index %s: %w", ix.path, err)
	}
	return nil
}

// Path is where the index lives.
func (ix *Index) Path() string { return ix.path }

// SyncStats says what a Sync changed.
type SyncStats struct {
	Claims    int `json:"claims"`    // claims in the store
	Indexed   int `json:"indexed"`   // documents (re)indexed
	Deleted   int `json:"deleted"`   // documents of claims no longer stored
	Unchanged int `json:"unchanged"` // documents already current
}

// Sync makes the index match the store r (see the package doc). progress,
// when set, is called with the claims done and the total as it goes.
func (ix *Index) Sync(ctx context.Context, r graph.Reader, progress func(done, total int)) (SyncStats, error) {
	var st SyncStats
	stamp, err := storeStamp(ctx, r)
	if err != nil {
		return st, fmt.Errorf("sync search index: %w", err)
	}
	old, err := ix.hashes()
	if err != nil {
		return st, fmt.Errorf("sync search index: %w", err)
	}
	var ids []graph.ID
	if err := r.ScanNodes(ctx, graph.KindClaim, func(n graph.Node) error {
		ids = append(ids, n.ID)
		return nil
	}); err != nil {
		return st, fmt.Errorf("sync search index: %w", err)
	}
	st.Claims = len(ids)
	b := newDocBuilder(r)
	now := make(map[graph.ID]uint64, len(ids))
	batch := ix.idx.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := ix.idx.Batch(batch); err != nil {
			return err
		}
		batch.Reset()
		return nil
	}
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("sync search index: %w", err)
		}
		doc, err := b.doc(ctx, id)
		if err != nil {
			return st, fmt.Errorf("sync search index: claim %s: %w", id, err)
		}
		h := docHash(doc)
		now[id] = h
		if prev, ok := old[id]; ok && prev == h {
			st.Unchanged++
		} else {
			if err := batch.Index(id.String(), doc); err != nil {
				return st, fmt.Errorf("sync search index: claim %s: %w", id, err)
			}
			st.Indexed++
		}
		if batch.Size() >= batchSize {
			if err := flush(); err != nil {
				return st, fmt.Errorf("sync search index: %w", err)
			}
		}
		if progress != nil && (i%progressStep == progressStep-1 || i == len(ids)-1) {
			progress(i+1, len(ids))
		}
	}
	for id := range old {
		if _, ok := now[id]; !ok {
			batch.Delete(id.String())
			st.Deleted++
		}
	}
	batch.SetInternal(keyHashes, encodeHashes(now))
	batch.SetInternal(keyStamp, stamp)
	if err := flush(); err != nil {
		return st, fmt.Errorf("sync search index: %w", err)
	}
	return st, nil
}

// UpdateArticles reindexes the claims the given articles contain and
// stamps the index as current: the cheap way to follow an ingest on a big
// store, reading only those claims where Sync reads them all. It is right
// only when the index was current (Stale false) before these articles were
// written; otherwise use Sync. What it cannot see is a claim an article
// stopped containing when re-ingested: that claim's document keeps the
// article's outlet and date until the next Sync.
func (ix *Index) UpdateArticles(ctx context.Context, r graph.Reader, articles []graph.ID) (SyncStats, error) {
	var st SyncStats
	stamp, err := storeStamp(ctx, r)
	if err != nil {
		return st, fmt.Errorf("update search index: %w", err)
	}
	hashes, err := ix.hashes()
	if err != nil {
		return st, fmt.Errorf("update search index: %w", err)
	}
	seen := map[graph.ID]bool{}
	b := newDocBuilder(r)
	batch := ix.idx.NewBatch()
	for _, art := range articles {
		edges, err := r.Edges(ctx, art, graph.Out, graph.Contains)
		if err != nil {
			return st, fmt.Errorf("update search index: article %s: %w", art, err)
		}
		for _, e := range edges {
			if seen[e.To] {
				continue
			}
			seen[e.To] = true
			st.Claims++
			doc, err := b.doc(ctx, e.To)
			if err != nil {
				return st, fmt.Errorf("update search index: claim %s: %w", e.To, err)
			}
			h := docHash(doc)
			if prev, ok := hashes[e.To]; ok && prev == h {
				st.Unchanged++
				continue
			}
			if err := batch.Index(e.To.String(), doc); err != nil {
				return st, fmt.Errorf("update search index: claim %s: %w", e.To, err)
			}
			hashes[e.To] = h
			st.Indexed++
			if batch.Size() >= batchSize {
				if err := ix.idx.Batch(batch); err != nil {
					return st, fmt.Errorf("update search index: %w", err)
				}
				batch.Reset()
			}
		}
	}
	batch.SetInternal(keyHashes, encodeHashes(hashes))
	batch.SetInternal(keyStamp, stamp)
	if err := ix.idx.Batch(batch); err != nil {
		return st, fmt.Errorf("update search index: %w", err)
	}
	return st, nil
}

// Rebuild discards the index at path and indexes every claim of r anew.
// The old index is opened first, so one held by another process is left
// alone (an error wrapping graph.ErrInUse).
func Rebuild(ctx context.Context, path string, r graph.Reader, progress func(done, total int)) (*Index, SyncStats, error) {
	if old, err := Open(path); err == nil {
		if err := old.Close(); err != nil {
			return nil, SyncStats{}, err
		}
	} else if !errors.Is(err, graph.ErrNotFound) {
		return nil, SyncStats{}, err
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, SyncStats{}, fmt.Errorf("rebuild search index: %w", err)
	}
	ix, err := Create(path)
	if err != nil {
		return nil, SyncStats{}, err
	}
	st, err := ix.Sync(ctx, r, progress)
	if err != nil {
		ix.Close()
		return nil, st, err
	}
	return ix, st, nil
}

// Stale reports whether the store has changed (by its node and edge counts)
// since the index was last synced with it.
func (ix *Index) Stale(ctx context.Context, r graph.Reader) (bool, error) {
	want, err := storeStamp(ctx, r)
	if err != nil {
		return false, fmt.Errorf("search index stamp: %w", err)
	}
	have, err := ix.idx.GetInternal(keyStamp)
	if err != nil {
		return false, fmt.Errorf("search index stamp: %w", err)
	}
	return string(have) != string(want), nil
}

func storeStamp(ctx context.Context, r graph.Reader) ([]byte, error) {
	st, err := r.Stats(ctx)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(st) // maps marshal with sorted keys
	if err != nil {
		return nil, err
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum(nil), nil
}

func (ix *Index) hashes() (map[graph.ID]uint64, error) {
	raw, err := ix.idx.GetInternal(keyHashes)
	if err != nil {
		return nil, err
	}
	if len(raw)%16 != 0 {
		return nil, fmt.Errorf("internal hash table of %d bytes is corrupt; run `sourcetrace reindex`", len(raw))
	}
	m := make(map[graph.ID]uint64, len(raw)/16)
	for i := 0; i < len(raw); i += 16 {
		m[graph.ID(binary.BigEndian.Uint64(raw[i:]))] = binary.BigEndian.Uint64(raw[i+8:])
	}
	return m, nil
}

func encodeHashes(m map[graph.ID]uint64) []byte {
	ids := make([]graph.ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]byte, 0, 16*len(ids))
	for _, id := range ids {
		out = binary.BigEndian.AppendUint64(out, uint64(id))
		out = binary.BigEndian.AppendUint64(out, m[id])
	}
	return out
}

func docHash(doc map[string]any) uint64 {
	b, _ := json.Marshal(doc) // strings and string slices only: cannot fail
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// docBuilder computes claim documents, caching the speakers, articles and
// outlets many claims share.
type docBuilder struct {
	r        graph.Reader
	nodes    map[graph.ID]graph.Node
	articles map[graph.ID]articleInfo
}

type articleInfo struct {
	published string
	outlets   []string
}

func newDocBuilder(r graph.Reader) *docBuilder {
	return &docBuilder{r: r, nodes: map[graph.ID]graph.Node{}, articles: map[graph.ID]articleInfo{}}
}

// maxCached bounds the node cache: a big store's outlets and speakers fit,
// its long tail is read again.
const maxCached = 100000

func (b *docBuilder) node(ctx context.Context, id graph.ID) (graph.Node, error) {
	if n, ok := b.nodes[id]; ok {
		return n, nil
	}
	n, err := b.r.Node(ctx, id)
	if err != nil {
		return graph.Node{}, err
	}
	if len(b.nodes) < maxCached {
		b.nodes[id] = n
	}
	return n, nil
}

func (b *docBuilder) article(ctx context.Context, id graph.ID) (articleInfo, error) {
	if a, ok := b.articles[id]; ok {
		return a, nil
	}
	n, err := b.r.Node(ctx, id)
	if err != nil {
		return articleInfo{}, err
	}
	var a articleInfo
	if t, err := query.ParseDate(n.Attrs[graph.AttrPublished]); err == nil {
		a.published = t.UTC().Format(time.RFC3339)
	}
	edges, err := b.r.Edges(ctx, id, graph.Out, graph.PublishedBy, graph.ReportedBy)
	if err != nil {
		return articleInfo{}, err
	}
	for _, e := range edges {
		o, err := b.node(ctx, e.To)
		if err != nil {
			return articleInfo{}, err
		}
		a.outlets = append(a.outlets, o.Name)
		a.outlets = append(a.outlets, o.Aliases...)
	}
	if len(b.articles) < maxCached {
		b.articles[id] = a
	}
	return a, nil
}

// doc is the claim's document: plain strings and string slices, so its
// JSON (the change hash) is deterministic.
func (b *docBuilder) doc(ctx context.Context, id graph.ID) (map[string]any, error) {
	n, err := b.r.Node(ctx, id)
	if err != nil {
		return nil, err
	}
	said, err := b.r.Edges(ctx, id, graph.In, graph.Said)
	if err != nil {
		return nil, err
	}
	var speakers []string
	for _, e := range said {
		sp, err := b.node(ctx, e.From)
		if err != nil {
			return nil, err
		}
		speakers = append(speakers, sp.Name)
		speakers = append(speakers, sp.Aliases...)
	}
	contains, err := b.r.Edges(ctx, id, graph.In, graph.Contains)
	if err != nil {
		return nil, err
	}
	var outlets, dates []string
	for _, e := range contains {
		a, err := b.article(ctx, e.From)
		if err != nil {
			return nil, err
		}
		outlets = append(outlets, a.outlets...)
		if a.published != "" {
			dates = append(dates, a.published)
		}
	}
	speakers, outlets, dates = uniq(speakers), uniq(outlets), uniq(dates)
	return map[string]any{
		fieldText:      n.Name + "\n" + strings.Join(speakers, "\n"),
		fieldContent:   n.Name,
		fieldSpeaker:   speakers,
		fieldOutlet:    outlets,
		fieldPublished: dates,
		fieldKind:      strings.ToLower(n.Attrs[graph.AttrClaimKind]),
	}, nil
}

func uniq(s []string) []string {
	slices.Sort(s)
	s = slices.Compact(s)
	if s == nil {
		return []string{}
	}
	return s
}

// Query is a search: Words matched against claim content and speaker
// names, narrowed by the filters. At least one of Words and the filters
// must be given.
type Query struct {
	Words string `json:"words,omitempty"`
	// Speaker keeps claims whose speaker's name or an alias holds every
	// word of it ("Kadyrov" finds "Ramzan Kadyrov").
	Speaker string `json:"speaker,omitempty"`
	// Outlet keeps claims reported by an article published or reported
	// by an outlet whose name holds every word of it.
	Outlet string `json:"outlet,omitempty"`
	// From and To keep claims reported by an article published within
	// [From, To]; claims reported only by undated articles drop out.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Kind keeps claims of this kind (direct, indirect, mixed,
	// no-comment, denial).
	Kind string `json:"kind,omitempty"`
	// Limit is the most hits returned; 0 means 20.
	Limit int `json:"limit,omitempty"`
}

// Hit is one matching claim, described from the store.
type Hit struct {
	query.ClaimRef
	Score float64 `json:"score"`
}

// Result is what Search found.
type Result struct {
	Hits []Hit `json:"hits"`
	// Total counts every match, beyond Limit too.
	Total uint64 `json:"total"`
}

// Search runs q and describes the hits from r, best first (ties by ID).
// Hits whose claim is no longer in r are left out: the index is stale.
func (ix *Index) Search(ctx context.Context, r graph.Reader, q Query) (Result, error) {
	bq := bleve.NewBooleanQuery()
	must := 0
	matchAll := func(field, text string) *bquery.MatchQuery {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetOperator(bquery.MatchQueryOperatorAnd)
		return m
	}
	if w := strings.TrimSpace(q.Words); w != "" {
		bq.AddMust(matchAll(fieldText, w))
		// Ranking: content matches weigh most, then the speaker's name.
		content := bleve.NewMatchQuery(w)
		content.SetField(fieldContent)
		content.SetBoost(2)
		phrase := bleve.NewMatchPhraseQuery(w)
		phrase.SetField(fieldContent)
		phrase.SetBoost(3)
		speaker := bleve.NewMatchQuery(w)
		speaker.SetField(fieldSpeaker)
		bq.AddShould(content, phrase, speaker)
		must++
	}
	if s := strings.TrimSpace(q.Speaker); s != "" {
		bq.AddMust(matchAll(fieldSpeaker, s))
		must++
	}
	if o := strings.TrimSpace(q.Outlet); o != "" {
		bq.AddMust(matchAll(fieldOutlet, o))
		must++
	}
	if k := strings.ToLower(strings.TrimSpace(q.Kind)); k != "" {
		t := bleve.NewTermQuery(k)
		t.SetField(fieldKind)
		bq.AddMust(t)
		must++
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			return Result{}, fmt.Errorf("search: date range ends (%s) before it starts (%s): %w",
				q.To.Format(time.DateOnly), q.From.Format(time.DateOnly), graph.ErrInvalid)
		}
		yes := true
		d := bleve.NewDateRangeInclusiveQuery(q.From, q.To, &yes, &yes)
		d.SetField(fieldPublished)
		bq.AddMust(d)
		must++
	}
	if must == 0 {
		return Result{}, fmt.Errorf("search: give words or at least one filter: %w", graph.ErrInvalid)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search %q: %w", q.Words, err)
	}
	out := Result{Total: res.Total, Hits: []Hit{}}
	b := newDocBuilder(r)
	for _, h := range res.Hits {
		id, err := graph.ParseID(h.ID)
		if err != nil {
			continue // not one of ours
		}
		ref, err := claimRef(ctx, b, id)
		if errors.Is(err, graph.ErrNotFound) {
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("search: claim %s: %w", id, err)
		}
		out.Hits = append(out.Hits, Hit{ClaimRef: ref, Score: h.Score})
	}
	// bleve sorts by score then ID already; keep it explicit and stable.
	slices.SortStableFunc(out.Hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func claimRef(ctx context.Context, b *docBuilder, id graph.ID) (query.ClaimRef, error) {
	n, err := b.r.Node(ctx, id)
	if err != nil {
		return query.ClaimRef{}, err
	}
	ref := query.ClaimRef{ID: n.ID, Content: n.Name, Kind: n.Attrs[graph.AttrClaimKind], Cue: n.Attrs[graph.AttrCue]}
	said, err := b.r.Edges(ctx, id, graph.In, graph.Said)
	if err != nil {
		return ref, err
	}
	if len(said) > 0 {
		sp, err := b.node(ctx, said[0].From)
		if err != nil {
			return ref, err
		}
		ref.Speaker, ref.SpeakerID = sp.Name, sp.ID
	}
	contains, err := b.r.Edges(ctx, id, graph.In, graph.Contains)
	if err != nil {
		return ref, err
	}
	arts := map[graph.ID]bool{}
	for _, e := range contains {
		arts[e.From] = true
	}
	ref.Reports = len(arts)
	return ref, nil
}
