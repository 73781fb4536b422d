package graph

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// ID identifies a node. IDs are derived from content (see NewID), so the
// same entity, claim or article always gets the same ID and re-ingesting an
// article changes nothing. 64 bits keep adjacency keys short; at ten million
// nodes the chance of any collision is about one in three hundred thousand.
type ID uint64

// NewID derives a stable ID from a kind and the parts that identify a node,
// e.g. NewID(KindPerson, "ramzan kadyrov").
func NewID(kind Kind, parts ...string) ID {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	var sum [sha256.Size]byte
	id := ID(binary.BigEndian.Uint64(h.Sum(sum[:0])))
	if id == 0 { // 0 is reserved for "no ID"
		id = 1
	}
	return id
}

// String returns the ID as 16 lower-case hex digits.
func (id ID) String() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	return hex.EncodeToString(b[:])
}

// ParseID parses the form String returns.
func ParseID(s string) (ID, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("parse id %q: want 16 hex digits: %w", s, ErrInvalid)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return 0, fmt.Errorf("parse id %q: %w", s, ErrInvalid)
	}
	return ID(binary.BigEndian.Uint64(b)), nil
}

// MarshalText encodes the ID as hex so JSON output shows readable IDs.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText decodes the hex form.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Kind is the kind of a node.
type Kind string

// Node kinds. Outlets and works carry a finer Subkind (broadcaster, news
// agency, documentary, interview, ...).
const (
	KindPerson       Kind = "person"
	KindOrganisation Kind = "organisation"
	KindGroup        Kind = "group"
	KindAnonymous    Kind = "anonymous"  // an unnamed source ("a source in the leadership")
	KindWork         Kind = "work"       // documentary, interview, statement, video, report, figures
	KindOutlet       Kind = "outlet"     // broadcaster, news agency, publisher, newspaper, social account
	KindArticle      Kind = "article"    // one ingested news article
	KindClaim        Kind = "claim"      // what was said
	KindAssessment   Kind = "assessment" // a statement about a claim's reliability
	KindUnresolved   Kind = "unresolved" // a speaker mention the extractor could not resolve
)

// Kinds lists every node kind in a stable order.
var Kinds = []Kind{KindPerson, KindOrganisation, KindGroup, KindAnonymous, KindWork,
	KindOutlet, KindArticle, KindClaim, KindAssessment, KindUnresolved}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// IsSpeaker reports whether nodes of this kind can say things.
func (k Kind) IsSpeaker() bool {
	switch k {
	case KindPerson, KindOrganisation, KindGroup, KindAnonymous, KindWork, KindOutlet, KindUnresolved:
		return true
	}
	return false
}

// Subkinds of works and outlets.
const (
	SubDocumentary = "documentary"
	SubInterview   = "interview"
	SubStatement   = "statement"
	SubVideo       = "video"
	SubReport      = "report"
	SubFigures     = "figures"
	SubBroadcaster = "broadcaster"
	SubAgency      = "news agency"
	SubPublisher   = "publisher"
	SubNewspaper   = "newspaper"
	SubSocial      = "social account"
)

// Predicate is the type of an edge.
type Predicate string

// Edge predicates.
const (
	Said            Predicate = "said"             // speaker -> claim
	Via             Predicate = "via"              // claim -> channel, ordered by Edge.Seq (innermost first)
	PartOf          Predicate = "part_of"          // channel -> channel (interview part_of documentary)
	AiredOn         Predicate = "aired_on"         // channel -> outlet (documentary aired_on state television)
	Contains        Predicate = "contains"         // article -> claim
	ReportedBy      Predicate = "reported_by"      // article -> agency that reported it
	PublishedBy     Predicate = "published_by"     // article -> outlet that published it
	Mentions        Predicate = "mentions"         // article -> entity
	AliasOf         Predicate = "alias_of"         // node -> canonical node (after a merge)
	SpeaksFor       Predicate = "speaks_for"       // person -> organisation
	Role            Predicate = "role"             // person -> organisation/role holder
	Assesses        Predicate = "assesses"         // assessment -> claim
	RepublishedFrom Predicate = "republished_from" // article -> article it copies
	Supports        Predicate = "supports"         // claim -> claim
	Contradicts     Predicate = "contradicts"      // claim -> claim
	MadeBy          Predicate = "made_by"          // assessment/work -> its author
)

// Predicates lists every predicate in a stable order; a backend may encode a
// predicate as its index here, so only ever append.
var Predicates = []Predicate{Said, Via, PartOf, AiredOn, Contains, ReportedBy,
	PublishedBy, Mentions, AliasOf, SpeaksFor, Role, Assesses, RepublishedFrom,
	Supports, Contradicts, MadeBy}

// Valid reports whether p is a known predicate.
func (p Predicate) Valid() bool { return p.Index() >= 0 }

// Index returns p's position in Predicates, or -1.
func (p Predicate) Index() int {
	for i, v := range Predicates {
		if p == v {
			return i
		}
	}
	return -1
}

// Node is a vertex of the graph.
type Node struct {
	ID      ID     `json:"id"`
	Kind    Kind   `json:"kind"`
	Subkind string `json:"subkind,omitempty"`
	// Name is the canonical name of an entity, the content of a claim, or
	// the title of an article.
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Roles   []string `json:"roles,omitempty"`
	// Attrs holds kind-specific values: for an article "url", "published",
	// "retrieved", "author", "source_file"; for a claim "kind" (direct,
	// indirect, mixed, no-comment, denial) and "cue".
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Attribute keys used across packages.
const (
	AttrURL        = "url"
	AttrPublished  = "published" // RFC 3339 date of publication, when known
	AttrRetrieved  = "retrieved" // RFC 3339 time of ingest
	AttrAuthor     = "author"
	AttrSourceFile = "source_file"
	AttrClaimKind  = "kind"
	AttrCue        = "cue"
	AttrContentSHA = "content_sha256"
)

// Validate checks that n is well formed.
func (n *Node) Validate() error {
	if n.ID == 0 {
		return fmt.Errorf("node %q: zero id: %w", n.Name, ErrInvalid)
	}
	if !n.Kind.Valid() {
		return fmt.Errorf("node %s: unknown kind %q: %w", n.ID, n.Kind, ErrInvalid)
	}
	if strings.TrimSpace(n.Name) == "" {
		return fmt.Errorf("node %s: empty name: %w", n.ID, ErrInvalid)
	}
	return nil
}

// Span is a half-open range [Start, End) of character (rune) offsets into an
// article's text, the convention PolNeAR's brat files use.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Provenance records where an edge came from.
type Provenance struct {
	Article    ID        `json:"article"`
	Spans      []Span    `json:"spans,omitempty"`
	Text       string    `json:"text,omitempty"` // the mention's own wording
	Extractor  string    `json:"extractor,omitempty"`
	Version    string    `json:"version,omitempty"`
	Confidence float64   `json:"confidence"`
	Ingested   time.Time `json:"ingested"`
}

// Edge is a directed, typed, provenanced link. Edges between the same two
// nodes with the same predicate are distinct when they come from different
// articles; within one article (From, Predicate, To) is unique.
type Edge struct {
	From      ID         `json:"from"`
	To        ID         `json:"to"`
	Predicate Predicate  `json:"predicate"`
	Seq       int        `json:"seq,omitempty"` // order among an article's via edges of one claim
	Prov      Provenance `json:"prov"`
}

// Validate checks that e is well formed.
func (e *Edge) Validate() error {
	if e.From == 0 || e.To == 0 {
		return fmt.Errorf("edge %s -%s-> %s: zero endpoint: %w", e.From, e.Predicate, e.To, ErrInvalid)
	}
	if !e.Predicate.Valid() {
		return fmt.Errorf("edge %s -> %s: unknown predicate %q: %w", e.From, e.To, e.Predicate, ErrInvalid)
	}
	if e.Prov.Confidence < 0 || e.Prov.Confidence > 1 {
		return fmt.Errorf("edge %s -%s-> %s: confidence %v outside [0,1]: %w", e.From, e.Predicate, e.To, e.Prov.Confidence, ErrInvalid)
	}
	return nil
}

// Direction selects outgoing or incoming edges.
type Direction int

// Directions for Reader.Edges.
const (
	Out Direction = iota
	In
)
