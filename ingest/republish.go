package ingest

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/article"
)

// Wire-copy detection: articles whose texts are near-duplicates (the same
// agency story run by several outlets, lightly edited) get a
// republished_from edge from the later to the earlier, so provenance
// queries count the story once.
//
// Each article's text is fingerprinted by MinHash: the word 5-grams of its
// normalised text (lower-cased letter and digit runs) hashed by
// signatureSize hash functions, keeping the minimum of each. The fraction
// of equal slots in two signatures estimates the Jaccard similarity of the
// two articles' 5-gram sets. Candidates come from locality-sensitive
// hashing over bands of the signature, so a new article is compared only
// with the few articles sharing a band, not with all.
//
// The signature is kept on the article node itself, in the AttrMinHash
// attribute (base64), written with the article's batch: no extra index
// keys, nothing to keep in step with deletions (a deleted article takes
// its fingerprint with it), and re-ingesting rewrites it. A Republished
// detector reads every stored article's signature once, on first use, and
// keeps the band table in memory for the rest of the run. Articles stored
// before fingerprinting existed have none and are matched only once
// re-ingested.
//
// The edges go in the republishing article's own batch (Prov.Article = that
// article, extractor "republish"), not through PutEdges: they are a reading
// of that article, so re-ingesting it recomputes them and deleting it
// removes them, exactly like its other edges. When the article being
// ingested turns out to be older than the stored copy (by publication
// date), the edge it asserts runs the other way, from the stored copy to
// it; it still belongs to the new article's batch.

// AttrMinHash is the article attribute holding its text fingerprint.
const AttrMinHash = "minhash"

// Fingerprint parameters.
const (
	shingleWords  = 5
	signatureSize = 64
	bandRows      = 2 // 32 bands of 2: candidates from about J ≥ 0.2
	// minShingles is the fewest 5-grams a text needs to be fingerprinted;
	// shorter texts (a headline, a brief) collide by chance.
	minShingles = 20
)

// DefaultRepublishThreshold is the estimated Jaccard similarity of 5-gram
// sets at or above which two articles are the same story; a copy with a
// new headline and lead, or cut by half, stays above it, while two
// articles on one event written independently share few 5-grams.
const DefaultRepublishThreshold = 0.5

// creditedThreshold applies instead when both articles credit the same
// agency (a dateline "(Reuters)", "Agence France-Presse"): outlets edit
// agency copy more freely, and the shared credit is evidence already.
const creditedThreshold = 0.3

// Signature is a MinHash fingerprint of an article's text.
type Signature [signatureSize]uint32

// Fingerprint computes the signature of text; ok is false when the text is
// too short to fingerprint reliably.
func Fingerprint(text string) (sig Signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	n := len(words) - shingleWords + 1
	if n < minShingles {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	h := fnv.New64a()
	for i := range n {
		h.Reset()
		for _, w := range words[i : i+shingleWords] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		x := h.Sum64()
		for j := range sig {
			if v := uint32(mix(x+uint64(j)*0x9e3779b97f4a7c15) >> 32); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig, true
}

// mix is splitmix64's finaliser: one well-mixed hash per seed.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Similarity estimates the Jaccard similarity of the 5-gram sets behind two
// signatures.
func (s Signature) Similarity(o Signature) float64 {
	eq := 0
	for i := range s {
		if s[i] == o[i] {
			eq++
		}
	}
	return float64(eq) / signatureSize
}

// String encodes the signature as AttrMinHash stores it.
func (s Signature) String() string {
	b := make([]byte, 0, 4*signatureSize)
	for _, v := range s {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return base64.RawStdEncoding.EncodeToString(b)
}

// ParseSignature decodes String's form.
func ParseSignature(s string) (Signature, error) {
	var sig Signature
	b, err := base64.RawStdEncoding.Strict().DecodeString(s) // strict: one text per signature
	if err != nil || len(b) != 4*signatureSize {
		return sig, fmt.Errorf("minhash signature %.20q: want %d base64 bytes: %w", s, 4*signatureSize, graph.ErrInvalid)
	}
	for i := range sig {
		sig[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return sig, nil
}

func (s Signature) bands() []uint64 {
	out := make([]uint64, 0, signatureSize/bandRows)
	for i := 0; i < signatureSize; i += bandRows {
		h := uint64(i) * 0x9e3779b97f4a7c15
		for _, v := range s[i : i+bandRows] {
			h = mix(h ^ uint64(v))
		}
		out = append(out, h)
	}
	return out
}

// creditPatterns find agency credits in a text: dateline credits such as
// "LONDON (Reuters) -" and full agency names. Each maps to a canonical
// name.
var creditPatterns = []struct {
	re   *regexp.Regexp
	name string
}{
	{regexp.MustCompile(`\((?:AP|Associated Press)\)|\bAssociated Press\b`), "associated press"},
	{regexp.MustCompile(`\(Reuters\)|\bReuters\b`), "reuters"},
	{regexp.MustCompile(`\(AFP\)|\bAgence France[- ‐–]Presse\b|\bAFP\b`), "agence france presse"},
	{regexp.MustCompile(`\(dpa\)|\bDeutsche Presse-Agentur\b`), "deutsche presse agentur"},
	{regexp.MustCompile(`\(UPI\)|\bUnited Press International\b`), "united press international"},
	{regexp.MustCompile(`\(PA\)|\bPress Association\b`), "press association"},
	{regexp.MustCompile(`\bInterfax\b`), "interfax"},
	{regexp.MustCompile(`\b(?:TASS|ITAR-TASS)\b`), "tass"},
	{regexp.MustCompile(`\bXinhua\b`), "xinhua"},
}

// Credits returns the news agencies a text credits, by canonical name, in a
// stable order.
func Credits(text string) []string {
	var out []string
	for _, p := range creditPatterns {
		if p.re.MatchString(text) {
			out = append(out, p.name)
		}
	}
	return out
}

// Republished detects wire copies while articles are ingested; see the
// comment at the top of this file. Use one per run, from any number of
// workers:
//
//	done, err := det.Annotate(ctx, doc, batch) // after Build, before WriteArticle
//	err = w.WriteArticle(ctx, batch)
//	done(err == nil)
//
// Annotate waits for a matching article that another worker is still
// writing, so every pair is seen whatever order workers finish in.
type Republished struct {
	r graph.Reader
	// Threshold overrides DefaultRepublishThreshold when positive.
	Threshold float64

	mu      sync.Mutex
	loaded  bool
	known   map[graph.ID]*known
	buckets map[uint64][]graph.ID
}

type known struct {
	sig       Signature
	published string // the article's published attribute, may be empty
	credits   []string
	// pending is closed once the article's write finished; ok says it
	// landed. Articles loaded from the store are never pending.
	pending chan struct{}
	ok      bool
}

// NewRepublished returns a detector reading stored articles from r.
func NewRepublished(r graph.Reader) *Republished {
	return &Republished{r: r, known: map[graph.ID]*known{}, buckets: map[uint64][]graph.ID{}}
}

// load reads the signatures of every stored article, once. Called with
// mu held.
func (d *Republished) load(ctx context.Context) error {
	if d.loaded {
		return nil
	}
	err := d.r.ScanNodes(ctx, graph.KindArticle, func(n graph.Node) error {
		raw := n.Attrs[AttrMinHash]
		if raw == "" {
			return nil
		}
		sig, err := ParseSignature(raw)
		if err != nil {
			return nil // a damaged fingerprint only loses this match
		}
		d.add(n.ID, &known{sig: sig, published: n.Attrs[graph.AttrPublished], ok: true})
		return nil
	})
	if err != nil {
		return fmt.Errorf("load article fingerprints: %w", err)
	}
	d.loaded = true
	return nil
}

func (d *Republished) add(id graph.ID, k *known) {
	if old, ok := d.known[id]; ok {
		d.remove(id, old)
	}
	d.known[id] = k
	for _, b := range k.sig.bands() {
		d.buckets[b] = append(d.buckets[b], id)
	}
}

func (d *Republished) remove(id graph.ID, k *known) {
	for _, b := range k.sig.bands() {
		ids := d.buckets[b]
		if i := slices.Index(ids, id); i >= 0 {
			ids = slices.Delete(ids, i, i+1)
		}
		if len(ids) == 0 {
			delete(d.buckets, b)
		} else {
			d.buckets[b] = ids
		}
	}
	delete(d.known, id)
}

// match is a candidate source with its similarity.
type match struct {
	id  graph.ID
	k   *known
	sim float64
}

// Annotate fingerprints doc, stores the fingerprint on batch's article
// node and appends a republished_from edge when a stored (or concurrently
// written) article is a near-duplicate: from the later article to the
// earliest matching one. The returned done must be called once the batch's
// write has finished, with whether it succeeded. A text too short to
// fingerprint gets no attribute and no edge.
func (d *Republished) Annotate(ctx context.Context, doc article.Document, batch *graph.Batch) (done func(ok bool), err error) {
	noop := func(bool) {}
	sig, ok := Fingerprint(doc.Text)
	if !ok {
		return noop, nil
	}
	self := batch.Article.ID
	if batch.Article.Attrs == nil {
		batch.Article.Attrs = map[string]string{}
	}
	batch.Article.Attrs[AttrMinHash] = sig.String()
	me := &known{sig: sig, published: batch.Article.Attrs[graph.AttrPublished], credits: Credits(doc.Text),
		pending: make(chan struct{})}

	d.mu.Lock()
	if err := d.load(ctx); err != nil {
		d.mu.Unlock()
		return noop, err
	}
	var cands []match
	seen := map[graph.ID]bool{self: true}
	for _, b := range sig.bands() {
		for _, id := range d.buckets[b] {
			if seen[id] {
				continue
			}
			seen[id] = true
			k := d.known[id]
			if sim := sig.Similarity(k.sig); sim >= d.threshold(me, k) {
				cands = append(cands, match{id, k, sim})
			}
		}
	}
	prev := d.known[self]
	d.add(self, me)
	d.mu.Unlock()

	done = func(ok bool) {
		d.mu.Lock()
		me.ok = ok
		if !ok && d.known[self] == me {
			d.remove(self, me)
			if prev != nil && prev.ok {
				d.add(self, prev)
			}
		}
		d.mu.Unlock()
		close(me.pending)
	}
	// Wait for candidates still being written (registered before us, so
	// no two workers wait on each other), keeping those that landed.
	kept := cands[:0]
	for _, c := range cands {
		if c.k.pending != nil {
			select {
			case <-c.k.pending:
			case <-ctx.Done():
				done(false)
				return noop, ctx.Err()
			}
			d.mu.Lock()
			landed := c.k.ok
			d.mu.Unlock()
			if !landed {
				continue
			}
		}
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return done, nil
	}
	// The earliest copy by publication date (undated ones last), then ID.
	slices.SortFunc(kept, func(a, b match) int {
		return cmp.Or(compareDates(a.k.published, b.k.published), cmp.Compare(a.id, b.id))
	})
	src := kept[0]
	from, to := self, src.id
	if me.published != "" && src.k.published != "" && compareDates(me.published, src.k.published) < 0 {
		from, to = src.id, self // we are the older one: the stored copy is from us
	}
	e := graph.Edge{From: from, To: to, Predicate: graph.RepublishedFrom, Prov: graph.Provenance{
		Article:    self,
		Text:       fmt.Sprintf("text similarity %.2f", src.sim),
		Extractor:  "republish",
		Version:    "minhash-5gram-64",
		Confidence: min(1, 0.5+src.sim/2),
		Ingested:   ingestTime(batch),
	}}
	if shared := sharedCredit(me.credits, src.k.credits); shared != "" {
		e.Prov.Text += "; both credit " + shared
	}
	batch.Edges = append(batch.Edges, e)
	return done, nil
}

// threshold is the similarity two articles need; lower when both credit
// the same agency.
func (d *Republished) threshold(a, b *known) float64 {
	t := DefaultRepublishThreshold
	if d.Threshold > 0 {
		t = d.Threshold
	}
	if sharedCredit(a.credits, b.credits) != "" {
		t = min(t, creditedThreshold)
	}
	return t
}

func sharedCredit(a, b []string) string {
	for _, c := range a {
		if slices.Contains(b, c) {
			return c
		}
	}
	return ""
}

// compareDates orders published attributes (YYYY-MM-DD or RFC 3339) by
// time; an empty or unparseable one sorts after every date.
func compareDates(a, b string) int {
	ta, oka := parseAttrDate(a)
	tb, okb := parseAttrDate(b)
	switch {
	case oka && okb:
		return ta.Compare(tb)
	case oka:
		return -1
	case okb:
		return 1
	}
	return 0
}

func parseAttrDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// ingestTime is the batch's ingest time: that of its edges, else its
// retrieved attribute.
func ingestTime(b *graph.Batch) time.Time {
	if len(b.Edges) > 0 {
		return b.Edges[0].Prov.Ingested
	}
	t, _ := time.Parse(time.RFC3339, b.Article.Attrs[graph.AttrRetrieved])
	return t
}
