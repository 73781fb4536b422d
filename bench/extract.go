package bench

import (
	"context"
	"time"

	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// ExtractResult is extraction alone: no reading, building or writing.
type ExtractResult struct {
	Articles      int     `json:"articles"`
	Sentences     int     `json:"sentences"`
	Attributions  int     `json:"attributions"`
	Seconds       float64 `json:"seconds"`
	SentencesPerS float64 `json:"sentences_per_s"`
	ArticlesPerS  float64 `json:"articles_per_s"`
	Workers       int     `json:"workers"`
	CPUPercent    float64 `json:"cpu_percent"`
}

// Extract times the rule extractor over docs already in memory with the
// given worker count (0: one per CPU) and returns the results for reuse.
func Extract(ctx context.Context, docs []article.Document, workers int, xo extract.Options) (ExtractResult, []Doc, error) {
	x := extract.New(xo)
	cpu0 := cpuTime()
	start := time.Now()
	out, err := ExtractAll(ctx, x, docs, workers)
	if err != nil {
		return ExtractResult{}, nil, err
	}
	secs := time.Since(start).Seconds()
	r := ExtractResult{Articles: len(docs), Seconds: secs, Workers: workers,
		CPUPercent: 100 * (cpuTime() - cpu0).Seconds() / secs}
	for _, d := range out {
		r.Sentences += d.Result.Sentences
		r.Attributions += len(d.Result.Attributions)
	}
	r.SentencesPerS = float64(r.Sentences) / secs
	r.ArticlesPerS = float64(r.Articles) / secs
	return r, out, nil
}
