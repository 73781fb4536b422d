package extract

import "github.com/sourcetrace/sourcetrace/graph"

// Mention is a piece of text with its spans (several when discontinuous).
type Mention struct {
	Text  string       `json:"text"`
	Spans []graph.Span `json:"spans,omitempty"`
}

// Entity is a resolved speaker, channel or outlet.
type Entity struct {
	Name    string     `json:"name"` // canonical: "Dmitry Peskov", "a source in the Chechen leadership"
	Kind    graph.Kind `json:"kind"`
	Subkind string     `json:"subkind,omitempty"` // "news agency", "documentary", ...
	Aliases []string   `json:"aliases,omitempty"`
	Roles   []string   `json:"roles,omitempty"` // "Kremlin spokesman"
}

// Channel is one hop a claim passed through before the article.
type Channel struct {
	Entity
	Mention Mention `json:"mention"`
	// PartOf names the channel this one is part of or aired on, when the
	// text says so ("an interview in the documentary").
	PartOf string `json:"part_of,omitempty"`
}

// Claim kinds.
const (
	Direct    = "direct"
	Indirect  = "indirect"
	Mixed     = "mixed"
	NoComment = "no-comment"
	Denial    = "denial"
)

// Attribution is one speaker–cue–content triple with its channels.
type Attribution struct {
	// Speaker is the resolved entity; Speaker.Kind is graph.KindUnresolved
	// with an empty name when the text gives no resolvable source.
	Speaker Entity `json:"speaker"`
	// SpeakerMention is the source span in this attribution's own text
	// ("he", "Kremlin spokesman Dmitry Peskov"); empty when implicit.
	SpeakerMention Mention   `json:"speaker_mention"`
	Cue            Mention   `json:"cue"`
	Content        Mention   `json:"content"`
	Kind           string    `json:"kind"`
	Via            []Channel `json:"via,omitempty"` // innermost first
	Confidence     float64   `json:"confidence"`
}

// Assessment is an explicit statement about the reliability of claims
// ("There was no way to immediately verify Kadyrov's claims").
type Assessment struct {
	Kind      string  `json:"kind"` // unverified, confirmed, denied, qualifies, ...
	Text      Mention `json:"text"`
	By        string  `json:"by,omitempty"` // who assesses, when known
	AppliesTo []int   `json:"applies_to"`   // indices into Result.Attributions
}

// Result is everything extracted from one text.
type Result struct {
	Attributions []Attribution `json:"attributions"`
	Assessments  []Assessment  `json:"assessments,omitempty"`
	// ReportedBy and PublishedBy are the agency credited with the story and
	// the outlet that published it, when the text reveals them (a credit
	// line, "More from X:" promotion lines).
	ReportedBy  *Entity `json:"reported_by,omitempty"`
	PublishedBy *Entity `json:"published_by,omitempty"`
	Sentences   int     `json:"sentences"`
}
