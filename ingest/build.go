package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Meta describes one ingest run; it is stamped on every edge's provenance.
type Meta struct {
	Extractor string `json:"extractor,omitempty"`
	Version   string `json:"version,omitempty"`
	// Now is the ingest time: the article's "retrieved" attribute and each
	// edge's Prov.Ingested. Build never reads the clock itself, so it
	// stays a pure function.
	Now time.Time `json:"now"`
}

// Counts says what one Build produced.
type Counts struct {
	Nodes       int `json:"nodes"` // besides the article node
	Claims      int `json:"claims"`
	Entities    int `json:"entities"` // speakers, channels, outlets, anonymous and unresolved sources
	Assessments int `json:"assessments"`
	Edges       int `json:"edges"`
	// Warnings name parts of the extraction that were left out (an
	// attribution with no content, an unknown kind); the rest of the
	// article is still built.
	Warnings []string `json:"warnings,omitempty"`
}

// Confidence of edges that come from document metadata rather than from
// the extractor's reading of the text, and of extracted items that carry no
// score of their own (credit lines, assessments: explicit wording, rarely
// misread).
const (
	metadataConfidence = 1.0
	unscoredConfidence = 0.9
)

// titleWords is how many words of the text name an article without a title.
const titleWords = 10

// Build maps one article and its extraction to the batch WriteArticle
// takes. It is pure: the same arguments give an identical batch. It fails
// only when the article itself cannot be represented (no title, text or
// source to name it); flawed attributions are left out with a warning in
// Counts. The returned batch passes Batch.Validate.
func Build(doc article.Document, res extract.Result, meta Meta) (*graph.Batch, Counts, error) {
	b := newBuilder(doc, res, meta)
	if err := b.article(); err != nil {
		return nil, Counts{}, err
	}
	b.outlets()
	claimIDs := b.attributions()
	b.assessments(claimIDs)
	b.mentions()
	batch := &graph.Batch{Article: b.art, Nodes: b.nodes, Edges: b.edges}
	if err := batch.Validate(); err != nil {
		// A bug here, not bad input: every part was checked on the way in.
		return nil, Counts{}, fmt.Errorf("build %s: %w", sourceName(doc), err)
	}
	b.counts.Nodes = len(b.nodes)
	b.counts.Edges = len(b.edges)
	return batch, b.counts, nil
}

// ArticleID is the ID Build gives doc's article node.
func ArticleID(doc article.Document) graph.ID {
	return graph.NewID(graph.KindArticle, doc.Key())
}

// ClaimID is the ID Build gives a claim of the given speaker and content:
// case and punctuation of the content do not matter.
func ClaimID(speaker graph.ID, content string) graph.ID {
	return graph.NewID(graph.KindClaim, speaker.String(), contentKey(content))
}

// contentKey lower-cases content and keeps its runs of letters and digits,
// joined by single spaces.
func contentKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inWord := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			inWord = true
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		inWord = false
	}
	return b.String()
}

// builder accumulates one article's batch. Nodes and edges keep the order
// they were first met in, so the batch is deterministic.
type builder struct {
	doc    article.Document
	res    extract.Result
	meta   meta
	key    string
	art    graph.Node
	nodes  []graph.Node
	nodeAt map[graph.ID]int
	edges  []graph.Edge
	edgeAt map[edgeKey]int
	// mentioned lists entity IDs in first-seen order with the provenance
	// of their mentions, for the article's mentions edges.
	mentioned []graph.ID
	mentionOf map[graph.ID]*graph.Provenance
	counts    Counts
}

// meta is Meta with the time already in UTC.
type meta struct {
	extractor, version string
	now                time.Time
}

type edgeKey struct {
	from, to graph.ID
	pred     graph.Predicate
}

func newBuilder(doc article.Document, res extract.Result, m Meta) *builder {
	return &builder{
		doc:       doc,
		res:       res,
		meta:      meta{extractor: m.Extractor, version: m.Version, now: m.Now.UTC()},
		key:       doc.Key(),
		nodeAt:    make(map[graph.ID]int),
		edgeAt:    make(map[edgeKey]int),
		mentionOf: make(map[graph.ID]*graph.Provenance),
	}
}

func (b *builder) warnf(format string, args ...any) {
	b.counts.Warnings = append(b.counts.Warnings, sourceName(b.doc)+": "+fmt.Sprintf(format, args...))
}

func sourceName(doc article.Document) string {
	if doc.Source != "" {
		return doc.Source
	}
	return doc.Key()
}

// article fills the article node.
func (b *builder) article() error {
	name := strings.TrimSpace(b.doc.Title)
	if name == "" {
		name = firstWords(b.doc.Text, titleWords)
	}
	if name == "" {
		name = strings.TrimSpace(b.doc.Source)
	}
	if name == "" {
		return fmt.Errorf("build article %s: no title, text or source to name it: %w", b.key, graph.ErrInvalid)
	}
	sum := sha256.Sum256([]byte(b.doc.Text))
	attrs := map[string]string{
		graph.AttrRetrieved:  b.meta.now.Format(time.RFC3339),
		graph.AttrContentSHA: hex.EncodeToString(sum[:]),
	}
	setNonEmpty(attrs, graph.AttrURL, b.doc.URL)
	setNonEmpty(attrs, graph.AttrAuthor, b.doc.Author)
	setNonEmpty(attrs, graph.AttrSourceFile, b.doc.Source)
	if !b.doc.Published.IsZero() {
		attrs[graph.AttrPublished] = formatDate(b.doc.Published)
	}
	b.art = graph.Node{ID: ArticleID(b.doc), Kind: graph.KindArticle, Name: name, Attrs: attrs}
	return nil
}

// formatDate gives a date alone when the time of day is unknown (midnight
// UTC, as date-only sources parse), else the full RFC 3339 time.
func formatDate(t time.Time) string {
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func setNonEmpty(m map[string]string, k, v string) {
	if v = strings.TrimSpace(v); v != "" {
		m[k] = v
	}
}

// firstWords returns up to n words of the first non-blank line of text,
// with an ellipsis when it cut the line short.
func firstWords(text string, n int) string {
	for line := range strings.Lines(text) {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if len(words) > n {
			return strings.Join(words[:n], " ") + "…"
		}
		return strings.Join(words, " ")
	}
	return ""
}

// outlets adds the article's reporting agency and publisher. Metadata wins
// over the extractor for the publisher (the host site knows who it is); the
// extractor's credit line wins for the agency, since a byline-derived
// Document.Agency is the cruder reading of the same line.
func (b *builder) outlets() {
	type candidate struct {
		e    *extract.Entity
		conf float64
	}
	meta := func(name string) *extract.Entity {
		if strings.TrimSpace(name) == "" {
			return nil
		}
		return &extract.Entity{Name: name}
	}
	roles := []struct {
		pred       graph.Predicate
		sub        string
		candidates []candidate
	}{
		{graph.ReportedBy, graph.SubAgency, []candidate{{b.res.ReportedBy, unscoredConfidence}, {meta(b.doc.Agency), metadataConfidence}}},
		{graph.PublishedBy, graph.SubPublisher, []candidate{{meta(b.doc.Outlet), metadataConfidence}, {b.res.PublishedBy, unscoredConfidence}}},
	}
	for _, role := range roles {
		for _, c := range role.candidates {
			if c.e != nil && strings.TrimSpace(c.e.Name) != "" && b.outlet(*c.e, role.sub, role.pred, c.conf) {
				break // the first usable candidate wins
			}
		}
	}
}

// outlet adds an article-level outlet, reporting whether it could. Its
// role in the article makes it an outlet when the extraction gives no kind.
func (b *builder) outlet(e extract.Entity, sub string, pred graph.Predicate, conf float64) bool {
	if e.Kind == "" {
		e.Kind = graph.KindOutlet
	}
	if e.Subkind == "" && e.Kind == graph.KindOutlet {
		e.Subkind = sub
	}
	if !e.Kind.Valid() || !e.Kind.IsSpeaker() {
		b.warnf("%s %q: kind %q cannot be an outlet, left out", pred, e.Name, e.Kind)
		return false
	}
	m := locate(b.doc.Text, strings.TrimSpace(e.Name))
	id := b.entity(e, m, string(pred))
	prov := b.prov(m, conf)
	b.edge(b.art.ID, pred, id, 0, prov)
	b.mention(id, prov)
	return true
}

// locate gives the mention of name at its first occurrence in text, the
// credit line or promotion line it came from; the extraction carries no
// span for article-level outlets, and metadata may not appear at all.
func locate(text, name string) extract.Mention {
	m := extract.Mention{Text: name}
	if name == "" {
		return m
	}
	if i := strings.Index(text, name); i >= 0 {
		start := utf8.RuneCountInString(text[:i])
		m.Spans = []graph.Span{{Start: start, End: start + utf8.RuneCountInString(name)}}
	}
	return m
}

// attributions adds claims, speakers and channels; it returns each
// attribution's claim ID (0 when the attribution was left out) for the
// assessments that refer to them by index.
func (b *builder) attributions() []graph.ID {
	ids := make([]graph.ID, len(b.res.Attributions))
	for i := range b.res.Attributions {
		ids[i] = b.attribution(i, &b.res.Attributions[i])
	}
	return ids
}

func (b *builder) attribution(i int, a *extract.Attribution) graph.ID {
	content := strings.TrimSpace(a.Content.Text)
	ckey := contentKey(content)
	if ckey == "" {
		b.warnf("attribution %d: no content, left out", i)
		return 0
	}
	sp := a.Speaker
	if strings.TrimSpace(sp.Name) == "" && (sp.Kind == "" || sp.Kind == graph.KindUnresolved) {
		sp.Kind = graph.KindUnresolved
	}
	if !sp.Kind.Valid() || !sp.Kind.IsSpeaker() {
		b.warnf("attribution %d: speaker %q has kind %q, which cannot speak; left out", i, sp.Name, sp.Kind)
		return 0
	}
	conf := clamp(a.Confidence)
	speakerID := b.entity(sp, a.SpeakerMention, unresolvedSpot(i, a))
	speakerProv := b.prov(a.SpeakerMention, conf)
	b.mention(speakerID, speakerProv)

	claimID := graph.NewID(graph.KindClaim, speakerID.String(), ckey)
	attrs := map[string]string{}
	setNonEmpty(attrs, graph.AttrClaimKind, a.Kind)
	setNonEmpty(attrs, graph.AttrCue, a.Cue.Text)
	if len(attrs) == 0 {
		attrs = nil
	}
	if b.node(graph.Node{ID: claimID, Kind: graph.KindClaim, Name: content, Attrs: attrs}) {
		b.counts.Claims++
	}
	b.edge(speakerID, graph.Said, claimID, 0, speakerProv)
	b.edge(b.art.ID, graph.Contains, claimID, 0, b.prov(a.Content, conf))
	b.channels(i, a, claimID, conf)
	return claimID
}

// unresolvedSpot identifies an unresolved speaker within its article: the
// speaker mention's position, else the content's, else the attribution's
// index.
func unresolvedSpot(i int, a *extract.Attribution) string {
	if len(a.SpeakerMention.Spans) > 0 {
		return spot(a.SpeakerMention, "")
	}
	if s := a.Content.Spans; len(s) > 0 {
		return fmt.Sprintf("content@%d:%d", s[0].Start, s[0].End)
	}
	return "attribution#" + strconv.Itoa(i)
}

// spot is where a mention starts and ends ("12:20"), or fallback when it
// has no span. It tells apart unresolved mentions within one article.
func spot(m extract.Mention, fallback string) string {
	if len(m.Spans) == 0 {
		return fallback
	}
	return fmt.Sprintf("%d:%d", m.Spans[0].Start, m.Spans[0].End)
}

// channels adds the claim's via edges and the links between the channels.
func (b *builder) channels(i int, a *extract.Attribution, claimID graph.ID, conf float64) {
	type hop struct {
		ch *extract.Channel
		id graph.ID
	}
	hops := make([]hop, 0, len(a.Via))
	for j := range a.Via {
		ch := &a.Via[j]
		if strings.TrimSpace(ch.Name) == "" || !ch.Kind.Valid() || !ch.Kind.IsSpeaker() {
			b.warnf("attribution %d: channel %d %q of kind %q left out", i, j, ch.Name, ch.Kind)
			continue
		}
		id := b.entity(ch.Entity, ch.Mention, spot(ch.Mention, fmt.Sprintf("channel#%d.%d", i, j)))
		p := b.prov(ch.Mention, conf)
		b.edge(claimID, graph.Via, id, len(hops), p)
		b.mention(id, p)
		hops = append(hops, hop{ch, id})
	}
	for j, h := range hops {
		if h.ch.PartOf != "" {
			target := -1
			want := graph.NormalizeName(h.ch.PartOf)
			for k, o := range hops {
				if k != j && names(o.ch.Entity, o.ch.Mention)[want] {
					target = k
					break
				}
			}
			if target >= 0 {
				pred := graph.PartOf
				if hops[target].ch.Kind == graph.KindOutlet && h.ch.Kind != graph.KindOutlet {
					pred = graph.AiredOn
				}
				b.edge(h.id, pred, hops[target].id, 0, b.prov(h.ch.Mention, conf))
				continue
			}
		}
		if j+1 < len(hops) && h.ch.Kind == graph.KindWork && hops[j+1].ch.Kind == graph.KindOutlet {
			b.edge(h.id, graph.AiredOn, hops[j+1].id, 0, b.prov(h.ch.Mention, conf))
		}
	}
}

// names is the set of normalised names a channel answers to: its name,
// aliases and mention text.
func names(e extract.Entity, m extract.Mention) map[string]bool {
	out := map[string]bool{graph.NormalizeName(e.Name): true}
	for _, a := range e.Aliases {
		out[graph.NormalizeName(a)] = true
	}
	if m.Text != "" {
		out[graph.NormalizeName(m.Text)] = true
	}
	delete(out, "")
	return out
}

// entity adds the node for a speaker, channel or outlet and returns its ID
// (see the package documentation for how IDs are scoped). spot identifies
// an unresolved speaker within the article.
func (b *builder) entity(e extract.Entity, m extract.Mention, spot string) graph.ID {
	name := strings.TrimSpace(e.Name)
	norm := graph.NormalizeName(name)
	n := graph.Node{Kind: e.Kind, Subkind: e.Subkind, Name: name,
		Aliases: cleanList(e.Aliases), Roles: cleanList(e.Roles)}
	switch {
	case e.Kind == graph.KindUnresolved || norm == "":
		n.Kind = graph.KindUnresolved
		n.ID = graph.NewID("entity", "unresolved", b.key, spot)
		if t := strings.TrimSpace(m.Text); t != "" {
			n.Name = "unresolved: " + t
		} else {
			n.Name = "unresolved: no explicit source"
		}
		if name != "" && norm == "" {
			n.Aliases = append(n.Aliases, name)
		}
	case e.Kind == graph.KindAnonymous:
		n.ID = graph.NewID("entity", "anonymous", b.key, norm)
	case e.Kind == graph.KindWork:
		n.ID = graph.NewID(graph.KindWork, b.key, norm)
	case descriptive(e.Kind, name):
		n.ID = graph.NewID("entity", "description", b.key, norm)
	default:
		n.ID = graph.NewID("entity", norm)
	}
	if b.node(n) {
		b.counts.Entities++
	}
	return n.ID
}

// determiners open a description rather than a name: "the company", "a
// spokesman", "its lawyers".
var determiners = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true,
	"these": true, "those": true, "its": true, "his": true, "her": true, "their": true, "our": true}

// descriptive reports whether name describes a speaker instead of naming
// one: no capital letter at all ("officials", "analysts") or a determiner
// followed by a lower-case word ("the company", "a bank"; not "the
// Kremlin"). Such speakers are scoped to the article like anonymous ones:
// "the company" of two articles is rarely the same company, and one global
// node would gather thousands of unrelated claims. Outlets keep global
// names ("state television" is a name in news usage), works are scoped
// anyway.
func descriptive(kind graph.Kind, name string) bool {
	switch kind {
	case graph.KindPerson, graph.KindOrganisation, graph.KindGroup:
	default:
		return false
	}
	if !strings.ContainsFunc(name, unicode.IsUpper) {
		return true
	}
	words := strings.Fields(name)
	if len(words) < 2 || !determiners[strings.ToLower(words[0])] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(words[1])
	return unicode.IsLower(r)
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// node adds n, merging it into an earlier node of the same ID; it reports
// whether n was new.
func (b *builder) node(n graph.Node) bool {
	if i, ok := b.nodeAt[n.ID]; ok {
		b.nodes[i] = graph.MergeNode(b.nodes[i], n)
		return false
	}
	b.nodeAt[n.ID] = len(b.nodes)
	b.nodes = append(b.nodes, n)
	return true
}

// edge adds an edge, or merges a repeated one (same From, Predicate, To)
// into the first: spans are joined and the higher confidence kept, while
// Seq and wording stay those of the first assertion.
func (b *builder) edge(from graph.ID, pred graph.Predicate, to graph.ID, seq int, p graph.Provenance) {
	k := edgeKey{from: from, to: to, pred: pred}
	if i, ok := b.edgeAt[k]; ok {
		e := &b.edges[i]
		e.Prov.Spans = mergeSpans(e.Prov.Spans, p.Spans)
		e.Prov.Confidence = max(e.Prov.Confidence, p.Confidence)
		return
	}
	b.edgeAt[k] = len(b.edges)
	b.edges = append(b.edges, graph.Edge{From: from, To: to, Predicate: pred, Seq: seq, Prov: p})
}

// mergeSpans appends the spans of b not already in a.
func mergeSpans(a, b []graph.Span) []graph.Span {
	for _, s := range b {
		dup := false
		for _, t := range a {
			if s == t {
				dup = true
				break
			}
		}
		if !dup {
			a = append(a, s)
		}
	}
	return a
}

// prov is the provenance of an edge asserted by mention m. Spans are copied
// so the batch never aliases the extraction.
func (b *builder) prov(m extract.Mention, conf float64) graph.Provenance {
	return graph.Provenance{
		Article:    b.art.ID,
		Spans:      append([]graph.Span(nil), m.Spans...),
		Text:       strings.TrimSpace(m.Text),
		Extractor:  b.meta.extractor,
		Version:    b.meta.version,
		Confidence: clamp(conf),
		Ingested:   b.meta.now,
	}
}

// clamp keeps a confidence inside [0, 1]; NaN, which no comparison
// catches, becomes 0.
func clamp(c float64) float64 {
	switch {
	case math.IsNaN(c) || c < 0:
		return 0
	case c > 1:
		return 1
	}
	return c
}

// mention records that the article refers to entity id, with p's spans.
func (b *builder) mention(id graph.ID, p graph.Provenance) {
	if m, ok := b.mentionOf[id]; ok {
		m.Spans = mergeSpans(m.Spans, p.Spans)
		m.Confidence = max(m.Confidence, p.Confidence)
		if m.Text == "" {
			m.Text = p.Text
		}
		return
	}
	cp := p
	cp.Spans = append([]graph.Span(nil), p.Spans...)
	b.mentionOf[id] = &cp
	b.mentioned = append(b.mentioned, id)
}

// mentions adds article -mentions-> entity for every entity met.
func (b *builder) mentions() {
	for _, id := range b.mentioned {
		b.edge(b.art.ID, graph.Mentions, id, 0, *b.mentionOf[id])
	}
}

// assessments adds assessment nodes and their edges. An assessment's author
// is linked only when it names an entity of this article: an author is
// never invented from a bare string, which stays in the "by" attribute.
func (b *builder) assessments(claims []graph.ID) {
	for i := range b.res.Assessments {
		a := &b.res.Assessments[i]
		text := strings.TrimSpace(a.Text.Text)
		if contentKey(text) == "" {
			b.warnf("assessment %d: no text, left out", i)
			continue
		}
		id := graph.NewID(graph.KindAssessment, b.key, a.Kind, contentKey(text))
		var attrs map[string]string
		if by := strings.TrimSpace(a.By); by != "" {
			attrs = map[string]string{"by": by}
		}
		if b.node(graph.Node{ID: id, Kind: graph.KindAssessment, Subkind: a.Kind, Name: text, Attrs: attrs}) {
			b.counts.Assessments++
		}
		p := b.prov(a.Text, unscoredConfidence)
		for _, j := range a.AppliesTo {
			if j < 0 || j >= len(claims) {
				b.warnf("assessment %d: applies to attribution %d, which does not exist", i, j)
				continue
			}
			if claims[j] == 0 {
				continue // that attribution was left out, with its own warning
			}
			b.edge(id, graph.Assesses, claims[j], 0, p)
		}
		if author, ok := b.findEntity(a.By); ok {
			b.edge(id, graph.MadeBy, author, 0, p)
		}
	}
}

// findEntity finds a node of this batch (not a claim or assessment) whose
// name or alias is name after normalisation.
func (b *builder) findEntity(name string) (graph.ID, bool) {
	want := graph.NormalizeName(name)
	if want == "" {
		return 0, false
	}
	for _, n := range b.nodes {
		if n.Kind == graph.KindClaim || n.Kind == graph.KindAssessment || n.Kind == graph.KindUnresolved {
			continue
		}
		if graph.NormalizeName(n.Name) == want {
			return n.ID, true
		}
		for _, a := range n.Aliases {
			if graph.NormalizeName(a) == want {
				return n.ID, true
			}
		}
	}
	return 0, false
}
