package bench_test

import "github.com/sourcetrace/sourcetrace/ingest/extract"

func newExtractor() *extract.Extractor { return extract.New(extract.Options{}) }
