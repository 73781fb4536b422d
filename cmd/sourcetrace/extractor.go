package main

import (
	"github.com/sourcetrace/sourcetrace/config"
	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// extractorName and the build Version are stamped on every edge.
const extractorName = "sourcetrace-extract"

// newExtractor is the one extractor every command uses, so ingest, eval and
// extract always agree; ingest.tagger=false runs the rules alone.
func newExtractor(c config.Ingest) *extract.Extractor {
	return extract.New(extract.Options{NoTagger: !c.Tagger})
}

// newIngester wires the extractor, reader options and wire-copy detection
// into an Ingester.
func newIngester(w graph.Writer, c config.Ingest, ropts article.Options) *ingest.Ingester {
	in := &ingest.Ingester{
		Writer:      w,
		Extractor:   newExtractor(c),
		Workers:     c.Workers,
		ReadOptions: ropts,
		Meta:        ingest.Meta{Extractor: extractorName, Version: Version},
	}
	// Wire copies are found by reading the stored fingerprints; a
	// write-only bulk loader skips that (reingest to link them).
	if r, ok := w.(graph.Reader); ok {
		in.Republished = ingest.NewRepublished(r, w)
	}
	return in
}

// polnearSpans gives an extraction's source, cue and content spans in the
// form the PolNeAR scorer takes, through the same brat encoding that
// `extract --format brat` writes.
func polnearSpans(text string, r extract.Result) eval.PolNeARSpans {
	s := eval.SpansFromBrat(brat.FromAttributions(text, bratAttributions(r)))
	s.Sentences = r.Sentences
	return s
}
