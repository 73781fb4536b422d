package ingest

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
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
// agency story run by several outlets, lightly edited) are linked by
// republished_from edges, so provenance queries count the story once.
//
// Each article's text is fingerprinted by MinHash: the word 5-grams of its
// normalised text (lower-cased letter and digit runs) hashed by
// signatureSize hash functions, keeping the minimum of each. The fraction
// of equal slots in two signatures estimates the Jaccard similarity of the
// two articles' 5-gram sets. Candidates come from locality-sensitive
// hashing over bands of the signature, so a new article is compared only
// with the few articles sharing a band, not with all. Agency credits found
// in the text ("LONDON (Reuters) -", "Agence France-Presse") lower the
// similarity needed when both articles credit the same agency.
//
// # Where things are kept
//
// The signature (and the credits) are attributes of the article node
// (AttrMinHash, AttrCredits), written with the article's own batch: no
// extra index keys, a deleted article takes its fingerprint with it, and
// re-ingesting rewrites it. A Republished detector reads every stored
// article's signature once, on first use, and keeps a compact band index
// in memory for the rest of the run (about 300 bytes per article, see
// bandIndex): not the signatures, which Link reads back from the store for
// the few candidates whose sketch could still match. Articles stored
// before fingerprinting existed have none and are matched once
// re-ingested.
//
// # Which edges, and why they belong to no article
//
// Copies are ordered by publication date, undated ones last, then by
// article ID. Every copy links to the earliest copy it matches that
// precedes it (one edge each, so forty outlets make a star around the
// original, not 780 pairs). That rule depends only on the set of articles,
// not on the order they were ingested in, which parallel workers and
// crash-resumed runs make arbitrary: two stores fed the same articles end
// up with the same edges. Keeping it so means that ingesting an older copy
// re-points the edges of newer copies already stored, which are not the
// new article's to assert; so the edges are written with PutEdges as
// computed edges (Prov.Article zero, extractor "republish"), after the
// article's own WriteArticle, and updated with DeleteEdges/PutEdges.
// Deleting an article removes the edges touching it (the store drops
// incident edges); copies that pointed at it are re-linked when next
// ingested.

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
	// Strict, and no newlines (which the decoder skips): one text per
	// signature.
	if len(s) != base64.RawStdEncoding.EncodedLen(4*signatureSize) {
		return sig, fmt.Errorf("minhash signature %.20q: want %d base64 bytes: %w", s, 4*signatureSize, graph.ErrInvalid)
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != 4*signatureSize {
		return sig, fmt.Errorf("minhash signature %.20q: want %d base64 bytes: %w", s, 4*signatureSize, graph.ErrInvalid)
	}
	for i := range sig {
		sig[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return sig, nil
}

// numBands is the number of LSH bands of a signature.
const numBands = signatureSize / bandRows

func (s Signature) bands() [numBands]uint64 {
	var out [numBands]uint64
	for b := range out {
		i := b * bandRows
		h := uint64(i) * 0x9e3779b97f4a7c15
		for _, v := range s[i : i+bandRows] {
			h = mix(h ^ uint64(v))
		}
		out[b] = h
	}
	return out
}

// A sketch keeps the low four bits of each signature slot. Two signatures
// have no more equal slots than their sketches have equal nibbles, so Link
// can drop most chance candidates (articles sharing a common phrase, hence
// a band, and little else) without reading their signatures.
type sketch [signatureSize / 16]uint64

func (s Signature) sketch() sketch {
	var k sketch
	for i, v := range s {
		k[i/16] |= uint64(v&0xf) << (4 * (i % 16))
	}
	return k
}

// sameNibbles counts the slots whose nibbles agree in a and b.
func (a sketch) sameNibbles(b sketch) int {
	n := 0
	for i := range a {
		x := a[i] ^ b[i]
		x |= x >> 1
		x |= x >> 2 // bit 0 of each nibble is set where the nibbles differ
		n += 16 - bits.OnesCount64(x&0x1111111111111111)
	}
	return n
}

// sameSlotsFor is the fewest equal slots whose similarity reaches t, by the
// arithmetic Similarity uses.
func sameSlotsFor(t float64) int {
	for eq := 0; eq <= signatureSize; eq++ {
		if float64(eq)/signatureSize >= t {
			return eq
		}
	}
	return signatureSize + 1
}

// creditPatterns find agency credits in a text: dateline credits such as
// "LONDON (Reuters) -" and full agency names. Each maps to a canonical
// name. lits are strings of which every match contains one: most texts
// contain none, and looking for them is much cheaper than running the
// pattern (which costs tens of microseconds on an article).
var creditPatterns = []struct {
	re   *regexp.Regexp
	lits []string
	name string
}{
	{regexp.MustCompile(`\((?:AP|Associated Press)\)|\bAssociated Press\b`), []string{"(AP)", "Associated Press"}, "associated press"},
	{regexp.MustCompile(`\(Reuters\)|\bReuters\b`), []string{"Reuters"}, "reuters"},
	{regexp.MustCompile(`\(AFP\)|\bAgence France[- ‐–]Presse\b|\bAFP\b`), []string{"AFP", "Agence France"}, "agence france presse"},
	{regexp.MustCompile(`\(dpa\)|\bDeutsche Presse-Agentur\b`), []string{"(dpa)", "Deutsche Presse-Agentur"}, "deutsche presse agentur"},
	{regexp.MustCompile(`\(UPI\)|\bUnited Press International\b`), []string{"(UPI)", "United Press International"}, "united press international"},
	{regexp.MustCompile(`\(PA\)|\bPress Association\b`), []string{"(PA)", "Press Association"}, "press association"},
	{regexp.MustCompile(`\bInterfax\b`), []string{"Interfax"}, "interfax"},
	{regexp.MustCompile(`\b(?:TASS|ITAR-TASS)\b`), []string{"TASS"}, "tass"},
	{regexp.MustCompile(`\bXinhua\b`), []string{"Xinhua"}, "xinhua"},
}

// Credits returns the news agencies a text credits, by canonical name, in a
// stable order.
func Credits(text string) []string {
	var out []string
	for _, p := range creditPatterns {
		if slices.ContainsFunc(p.lits, func(l string) bool { return strings.Contains(text, l) }) && p.re.MatchString(text) {
			out = append(out, p.name)
		}
	}
	return out
}

// AttrCredits is the article attribute listing the agencies its text
// credits (canonical names, comma-separated), when any.
const AttrCredits = "wire_credits"

// RepublishExtractor names the detector in the provenance of its edges.
const RepublishExtractor = "republish"

// Republished detects wire copies while articles are ingested; see the
// comment at the top of this file. Use one per run, from any number of
// workers:
//
//	det.Annotate(doc, batch)          // after Build: fingerprint attributes
//	err := w.WriteArticle(ctx, batch)
//	if err == nil {
//		err = det.Link(ctx, batch)    // republished_from edges
//	}
type Republished struct {
	r graph.Reader
	w graph.Writer
	// Threshold overrides DefaultRepublishThreshold when positive.
	Threshold float64

	mu     sync.Mutex // Link runs one at a time: it reads and rewrites shared edges
	loaded bool
	idx    bandIndex
	buf    []uint32 // Link's candidate entries, reused
}

// known is what Link needs of one fingerprinted article, parsed from its
// node when needed; the detector keeps none of it between calls.
type known struct {
	sig     Signature
	order   orderKey
	credits []string
}

// orderKey places an article among its copies: dated before undated, then
// by date, then by ID.
type orderKey struct {
	undated bool
	date    time.Time
	id      graph.ID
}

func (a orderKey) compare(b orderKey) int {
	if a.undated != b.undated {
		if a.undated {
			return 1
		}
		return -1
	}
	return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.id, b.id))
}

func articleOrder(n graph.Node) orderKey {
	t, ok := parseAttrDate(n.Attrs[graph.AttrPublished])
	return orderKey{undated: !ok, date: t, id: n.ID}
}

// NewRepublished returns a detector reading stored articles from r and
// writing its edges with w (normally both the same store).
func NewRepublished(r graph.Reader, w graph.Writer) *Republished {
	return &Republished{r: r, w: w}
}

// Annotate fingerprints doc and records the signature and the agency
// credits on batch's article node. A text too short to fingerprint gets
// neither and will not be linked.
func (d *Republished) Annotate(doc article.Document, batch *graph.Batch) {
	sig, ok := Fingerprint(doc.Text)
	if !ok {
		return
	}
	if batch.Article.Attrs == nil {
		batch.Article.Attrs = map[string]string{}
	}
	batch.Article.Attrs[AttrMinHash] = sig.String()
	if c := Credits(doc.Text); len(c) > 0 {
		batch.Article.Attrs[AttrCredits] = strings.Join(c, ",")
	}
}

func knownFrom(n graph.Node) (*known, bool) {
	raw := n.Attrs[AttrMinHash]
	if raw == "" {
		return nil, false
	}
	sig, err := ParseSignature(raw)
	if err != nil {
		return nil, false // a damaged fingerprint only loses this article's matches
	}
	k := &known{sig: sig, order: articleOrder(n)}
	if c := n.Attrs[AttrCredits]; c != "" {
		k.credits = strings.Split(c, ",")
	}
	return k, true
}

// stored reads article id's fingerprint from the store; ok is false when
// the article is gone or has none.
func (d *Republished) stored(ctx context.Context, id graph.ID) (k *known, ok bool, err error) {
	n, err := d.r.Node(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read fingerprint of %s: %w", id, err)
	}
	k, ok = knownFrom(n)
	return k, ok, nil
}

// load indexes the signatures of every stored article, once. Called with
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
			return nil // a damaged fingerprint only loses this article's matches
		}
		return d.idx.add(n.ID, sig.bands(), sig.sketch())
	})
	if err != nil {
		d.idx = bandIndex{} // the next Link starts over rather than index twice
		return fmt.Errorf("load article fingerprints: %w", err)
	}
	d.loaded = true
	return nil
}

// Link updates the republished_from edges around the article of batch,
// which must have been annotated and written: it links the article to the
// earliest preceding copy it matches, and re-points each later stored copy
// for which it is now the earliest preceding match.
func (d *Republished) Link(ctx context.Context, batch *graph.Batch) error {
	me, ok := knownFrom(batch.Article)
	if !ok {
		return nil
	}
	self := batch.Article.ID
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(ctx); err != nil {
		return err
	}
	bands, sk := me.sig.bands(), me.sig.sketch()

	// The index entries under each of our bands: the candidates, and our
	// own entry when an earlier run or Link already indexed this text.
	var ends [numBands]int
	cands := d.idx.lookup(d.buf[:0], &bands, &ends)
	d.buf = cands
	if !d.idx.holds(self, sk, cands, ends[:]) {
		if err := d.idx.add(self, bands, sk); err != nil {
			return err
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)

	// The entries say which articles may match; their stored signatures
	// decide, as the index keeps only a sketch of each and may hold stale
	// entries of re-ingested articles.
	minEq := sameSlotsFor(d.lowestThreshold(me))
	var seen []graph.ID
	var earliest *match
	var later []match
	for _, e := range cands {
		id := d.idx.ids[e]
		if id == self || d.idx.sketches[e].sameNibbles(sk) < minEq || slices.Contains(seen, id) {
			continue
		}
		seen = append(seen, id)
		k, ok, err := d.stored(ctx, id)
		if err != nil {
			return err
		}
		if !ok || !shareBand(bands, k.sig.bands()) {
			continue
		}
		sim := me.sig.Similarity(k.sig)
		if sim < d.threshold(me, k) {
			continue
		}
		m := match{id: id, k: k, sim: sim}
		if k.order.compare(me.order) < 0 {
			if earliest == nil || k.order.compare(earliest.k.order) < 0 {
				earliest = &m
			}
		} else {
			later = append(later, m)
		}
	}
	now := ingestTime(batch)
	if err := d.point(ctx, self, me, earliest, now); err != nil {
		return err
	}
	slices.SortFunc(later, func(a, b match) int { return a.k.order.compare(b.k.order) })
	for _, m := range later {
		// m's current source, if any: keep it when it is earlier than us.
		cur, err := d.source(ctx, m.id)
		if err != nil {
			return err
		}
		if cur != 0 {
			ck, ok, err := d.stored(ctx, cur)
			if err != nil {
				return err
			}
			if ok && ck.order.compare(me.order) < 0 {
				continue
			}
		}
		back := match{id: self, k: me, sim: m.sim}
		if err := d.point(ctx, m.id, m.k, &back, now); err != nil {
			return err
		}
	}
	return nil
}

// shareBand reports whether two articles' band sets meet: the candidate
// rule, checked on the stored signatures rather than on the index's
// truncated keys.
func shareBand(a, b [numBands]uint64) bool {
	for _, x := range a {
		if slices.Contains(b[:], x) {
			return true
		}
	}
	return false
}

type match struct {
	id  graph.ID
	k   *known
	sim float64
}

// source gives the article id's detected republished_from target, or 0.
func (d *Republished) source(ctx context.Context, id graph.ID) (graph.ID, error) {
	edges, err := d.r.Edges(ctx, id, graph.Out, graph.RepublishedFrom)
	if err != nil {
		return 0, fmt.Errorf("republished edges of %s: %w", id, err)
	}
	for _, e := range edges {
		if e.Prov.Article == 0 && e.Prov.Extractor == RepublishExtractor {
			return e.To, nil
		}
	}
	return 0, nil
}

// point makes from's detected edge lead to src (none when src is nil),
// removing any other detected edge of from.
func (d *Republished) point(ctx context.Context, from graph.ID, fk *known, src *match, now time.Time) error {
	edges, err := d.r.Edges(ctx, from, graph.Out, graph.RepublishedFrom)
	if err != nil {
		return fmt.Errorf("republished edges of %s: %w", from, err)
	}
	var stale []graph.Edge
	for _, e := range edges {
		if e.Prov.Article == 0 && e.Prov.Extractor == RepublishExtractor && (src == nil || e.To != src.id) {
			stale = append(stale, e)
		}
	}
	if len(stale) > 0 {
		if err := d.w.DeleteEdges(ctx, stale); err != nil {
			return fmt.Errorf("unlink copy %s: %w", from, err)
		}
	}
	if src == nil {
		return nil
	}
	e := graph.Edge{From: from, To: src.id, Predicate: graph.RepublishedFrom, Prov: graph.Provenance{
		Text:       fmt.Sprintf("text similarity %.2f", src.sim),
		Extractor:  RepublishExtractor,
		Version:    "minhash-5gram-64",
		Confidence: math.Round(min(1, 0.5+src.sim/2)*100) / 100,
		Ingested:   now,
	}}
	if shared := sharedCredit(fk.credits, src.k.credits); shared != "" {
		e.Prov.Text += "; both credit " + shared
	}
	if err := d.w.PutEdges(ctx, []graph.Edge{e}); err != nil {
		return fmt.Errorf("link copy %s to %s: %w", from, src.id, err)
	}
	return nil
}

// threshold is the similarity two articles need; lower when both credit
// the same agency.
func (d *Republished) threshold(a, b *known) float64 {
	t := d.baseThreshold()
	if sharedCredit(a.credits, b.credits) != "" {
		t = min(t, creditedThreshold)
	}
	return t
}

// lowestThreshold is the least similarity any article needs to match a.
func (d *Republished) lowestThreshold(a *known) float64 {
	t := d.baseThreshold()
	if len(a.credits) > 0 {
		t = min(t, creditedThreshold)
	}
	return t
}

func (d *Republished) baseThreshold() float64 {
	if d.Threshold > 0 {
		return d.Threshold
	}
	return DefaultRepublishThreshold
}

func sharedCredit(a, b []string) string {
	for _, c := range a {
		if slices.Contains(b, c) {
			return c
		}
	}
	return ""
}

func parseAttrDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// ingestTime is the batch's ingest time: its retrieved attribute, else
// that of its edges.
func ingestTime(b *graph.Batch) time.Time {
	if t, err := time.Parse(time.RFC3339, b.Article.Attrs[graph.AttrRetrieved]); err == nil {
		return t
	}
	if len(b.Edges) > 0 {
		return b.Edges[0].Prov.Ingested
	}
	return time.Time{}
}

// Band index parameters.
const (
	// shardBits of a band hash pick its shard, the next 32 its key: an
	// entry is the key above the article's entry number, eight bytes.
	shardBits = 5
	// tailSize is how many new entries a shard keeps unsorted.
	tailSize = 64
	// runRatio bounds the sorted runs of a shard: each is more than
	// runRatio times the next, so a shard has few to search and each entry
	// is copied about runRatio times per level it climbs.
	runRatio = 8
	// bucketSize is the most entries a run's directory leaves to scan on
	// average, a cache line; runs shorter than 2×bucketSize have none.
	bucketSize = 8
)

// bandIndex finds the articles having a band hash. It is the detector's
// whole memory: per article an entry number (its ID and signature sketch,
// 40 bytes) and one eight-byte entry per band plus directories, about 310
// bytes in all, where keeping signatures and a map of buckets took about
// 2.3 KB. Keys are truncated, and an article re-ingested with a new text
// gets a new entry number while its old entries stay, so lookups give a
// superset of the articles sharing a band; Link checks each against its
// stored signature.
type bandIndex struct {
	ids      []graph.ID // by entry number
	sketches []sketch   // by entry number
	shards   [1 << shardBits]bandShard
	probes   []probe // lookup's, reused
	touched  uint64  // keeps lookup's cache warming from being optimised away
}

// add indexes article id under each of its bands with a new entry number.
func (x *bandIndex) add(id graph.ID, bands [numBands]uint64, sk sketch) error {
	if len(x.ids) >= math.MaxUint32 {
		return fmt.Errorf("index fingerprint of %s: band index full at %d entries", id, len(x.ids))
	}
	e := uint32(len(x.ids))
	x.ids = append(x.ids, id)
	x.sketches = append(x.sketches, sk)
	for _, h := range bands {
		shard, key := splitBand(h)
		x.shards[shard].add(uint64(key)<<32 | uint64(e))
	}
	return nil
}

func splitBand(h uint64) (shard int, key uint32) {
	return int(h >> (64 - shardBits)), uint32(h >> (32 - shardBits))
}

// appendEntries appends the entry numbers indexed under band hash h (or
// one agreeing with it in the key bits).
func (x *bandIndex) appendEntries(dst []uint32, h uint64) []uint32 {
	shard, key := splitBand(h)
	s := &x.shards[shard]
	for _, r := range s.runs {
		lo, hi := r.bucket(uint64(key) << 32)
		dst = r.appendFrom(dst, lo, hi, key)
	}
	return s.appendTail(dst, key)
}

// A probe is one lookup in one run.
type probe struct {
	r      *sortedRun
	key    uint32
	lo, hi int
}

// lookup appends the entry numbers indexed under each of bands (or a hash
// agreeing with it in the key bits), those of band i ending at ends[i]. It
// reads all the directories, then all the buckets: on a large index each
// read is a cache miss, and independent ones overlap.
func (x *bandIndex) lookup(dst []uint32, bands *[numBands]uint64, ends *[numBands]int) []uint32 {
	ps := x.probes[:0]
	for _, h := range bands {
		shard, key := splitBand(h)
		runs := x.shards[shard].runs
		for i := range runs {
			ps = append(ps, probe{r: &runs[i], key: key})
		}
	}
	for i := range ps {
		ps[i].lo, ps[i].hi = ps[i].r.bucket(uint64(ps[i].key) << 32)
	}
	// Touch each bucket's ends, loads that overlap, so the searches below
	// find them in cache rather than miss one after another.
	var sum uint64
	for _, p := range ps {
		if p.lo < p.hi {
			sum += p.r.e[p.lo] + p.r.e[p.hi-1]
		}
	}
	x.touched = sum
	j := 0
	for i, h := range bands {
		shard, key := splitBand(h)
		for n := len(x.shards[shard].runs); n > 0; n-- {
			p := ps[j]
			dst = p.r.appendFrom(dst, p.lo, p.hi, key)
			j++
		}
		dst = x.shards[shard].appendTail(dst, key)
		ends[i] = len(dst)
	}
	clear(ps) // the runs may be merged away
	x.probes = ps[:0]
	return dst
}

// holds reports whether one entry number of id, with sketch sk, is
// indexed under every band already; band i's entries are
// cands[ends[i-1]:ends[i]]. It keeps re-ingesting an unchanged article from
// growing the index.
func (x *bandIndex) holds(id graph.ID, sk sketch, cands []uint32, ends []int) bool {
next:
	for _, e := range cands[:ends[0]] {
		if x.ids[e] != id || x.sketches[e] != sk {
			continue
		}
		for i := 1; i < len(ends); i++ {
			if !slices.Contains(cands[ends[i-1]:ends[i]], e) {
				continue next
			}
		}
		return true
	}
	return false
}

// A bandShard holds entries (key<<32 | entry number) in sorted runs of
// exact size, merged as they grow like a log-structured merge tree, and a
// short unsorted tail: additions cost a few copies each, lookups a
// directory read and a bucket scan per run, and memory is the entries
// themselves and a little directory.
type bandShard struct {
	runs []sortedRun // each more than runRatio times the next
	tail []uint64
}

func (s *bandShard) add(v uint64) {
	if s.tail == nil {
		s.tail = make([]uint64, 0, tailSize)
	}
	s.tail = append(s.tail, v)
	if len(s.tail) < tailSize {
		return
	}
	e := slices.Clone(s.tail)
	slices.Sort(e)
	s.tail = s.tail[:0]
	s.runs = append(s.runs, newRun(e))
	for n := len(s.runs); n >= 2 && len(s.runs[n-1].e)*runRatio >= len(s.runs[n-2].e); n-- {
		s.runs[n-2] = newRun(mergeSorted(s.runs[n-2].e, s.runs[n-1].e))
		s.runs[n-1] = sortedRun{}
		s.runs = s.runs[:n-1]
	}
}

func (s *bandShard) appendTail(dst []uint32, key uint32) []uint32 {
	for _, v := range s.tail {
		if uint32(v>>32) == key {
			dst = append(dst, uint32(v))
		}
	}
	return dst
}

// A sortedRun is a sorted array of entries with a directory over the top bits
// of their keys: hashes are spread evenly, so each bucket holds about
// bucketSize entries, and a lookup reads one directory slot and one
// bucket where a binary search would take twenty reads.
type sortedRun struct {
	e     []uint64
	dir   []uint32 // dir[b] is the first entry whose top bits are b or more; nil for a short run
	shift uint8    // 64 minus the directory's bits
}

func newRun(e []uint64) sortedRun {
	r := sortedRun{e: e}
	if len(e) < 2*bucketSize {
		return r
	}
	nb := bits.Len(uint(len(e)/bucketSize)) - 1 // len(e)/bucketSize/2 < 1<<nb <= len(e)/bucketSize
	r.shift = uint8(64 - nb)
	r.dir = make([]uint32, 1<<nb+1)
	j := 0
	for b := range r.dir {
		for j < len(e) && e[j]>>r.shift < uint64(b) {
			j++
		}
		r.dir[b] = uint32(j)
	}
	return r
}

// bucket gives the entries [lo, hi) among which the first entry at or
// above v lies, or begins just after.
func (r *sortedRun) bucket(v uint64) (lo, hi int) {
	if r.dir == nil {
		return 0, len(r.e)
	}
	b := v >> r.shift
	return int(r.dir[b]), int(r.dir[b+1])
}

// appendFrom appends the entry numbers under key, searching from the
// bucket [lo, hi) that bucket gave.
func (r *sortedRun) appendFrom(dst []uint32, lo, hi int, key uint32) []uint32 {
	i, _ := slices.BinarySearch(r.e[lo:hi], uint64(key)<<32)
	for i += lo; i < len(r.e) && uint32(r.e[i]>>32) == key; i++ {
		dst = append(dst, uint32(r.e[i]))
	}
	return dst
}

func mergeSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}
