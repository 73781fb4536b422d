package article

import "time"

// Document is one article as read from its source, before extraction.
type Document struct {
	// ID is the publisher's identifier when the input gives one (JSONL
	// "id"); empty otherwise.
	ID        string    `json:"id,omitempty"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title,omitempty"`
	Outlet    string    `json:"outlet,omitempty"` // publisher, when known from metadata
	Agency    string    `json:"agency,omitempty"` // reporting agency credited in a byline line
	Author    string    `json:"author,omitempty"`
	Published time.Time `json:"published,omitzero"` // zero when unknown
	// Text is the full text that offsets refer to. For .txt files it is
	// the whole file, title line included.
	Text string `json:"text"`
	// Source names where the document came from: a path, "path:line" for
	// JSONL, or "-" for standard input.
	Source string `json:"source"`
	// Repaired is set when invalid UTF-8 was replaced by U+FFFD.
	Repaired bool `json:"repaired,omitempty"`
	// Dateline is the place-and-date lead when the source marks one
	// (Reuters <DATELINE>), trimmed; empty otherwise.
	Dateline string `json:"dateline,omitempty"`
	// Warnings are problems that did not stop reading (repaired UTF-8, an
	// unparseable date) for the caller to print; each names the source.
	Warnings []string `json:"warnings,omitempty"`
}
