// Package extract finds attributions in article text: who (source) said
// what (content), by which cue ("said", "told", "according to"), and through
// which channels the claim passed (an interview, a documentary, state
// television, a news agency). It resolves speaker mentions to canonical
// entities (titles and roles peeled off, pronouns and nominal mentions tied
// to the nearest compatible entity) and records explicit assessments ("there
// was no way to immediately verify").
//
// Extraction is a pure function of the text: it touches no store. All spans
// are character (rune) offsets into the text given to Extract.
package extract
