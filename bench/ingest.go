package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// IngestResult is one corpus ingested into a fresh on-disk store by the
// same ingest.Ingester the ingest command uses, with the rule extractor
// and wire-copy detection.
type IngestResult struct {
	Corpus        string  `json:"corpus"`
	Articles      int     `json:"articles"`
	Claims        int     `json:"claims"`
	Edges         int     `json:"edges"`
	Skipped       int     `json:"skipped"`
	Seconds       float64 `json:"seconds"`
	ArticlesPerS  float64 `json:"articles_per_s"`
	ClaimsPerS    float64 `json:"claims_per_s"`
	EdgesPerS     float64 `json:"edges_per_s"`
	PeakRSSMiB    float64 `json:"peak_rss_mib"`
	PeakAnonMiB   float64 `json:"peak_anon_mib"` // without memory-mapped store files
	CPUPercent    float64 `json:"cpu_percent"`   // process CPU time over wall time: 200 is two busy cores
	StoreMiB      float64 `json:"store_mib"`
	Workers       int     `json:"workers"`
	PeakRSSIsHere bool    `json:"peak_rss_stage_only"` // false: the peak is process-wide (no reset)
}

// Ingest ingests paths into a fresh store under dir (removed afterwards)
// with the given worker count (0: one per CPU).
func Ingest(ctx context.Context, dir, name string, paths []string, workers int, xo extract.Options) (IngestResult, error) {
	storeDir, err := os.MkdirTemp(dir, "ingest-"+name+"-")
	if err != nil {
		return IngestResult{}, err
	}
	defer os.RemoveAll(storeDir)
	s, err := gbadger.Open(storeDir, gbadger.Options{})
	if err != nil {
		return IngestResult{}, err
	}
	defer s.Close()
	in := &ingest.Ingester{
		Writer:      s,
		Extractor:   extract.New(xo),
		Workers:     workers,
		ReadOptions: article.DefaultOptions(),
		Meta:        ingest.Meta{Extractor: "bench", Version: "bench"},
		// As the ingest command does: fingerprint each article and link
		// wire copies.
		Republished: ingest.NewRepublished(s, s),
	}
	reset := resetPeakRSS()
	anon := sampleAnon()
	cpu0 := cpuTime()
	start := time.Now()
	sum, err := in.Run(ctx, paths)
	peakAnon := anon.Stop()
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest %s: %w", name, err)
	}
	secs := time.Since(start).Seconds()
	r := IngestResult{
		Corpus: name, Articles: sum.Articles, Claims: sum.Claims, Edges: sum.Edges, Skipped: len(sum.Skipped),
		Seconds: secs, ArticlesPerS: float64(sum.Articles) / secs, ClaimsPerS: float64(sum.Claims) / secs,
		EdgesPerS: float64(sum.Edges) / secs, PeakRSSMiB: peakRSSMiB(), PeakRSSIsHere: reset, PeakAnonMiB: peakAnon,
		CPUPercent: 100 * (cpuTime() - cpu0).Seconds() / secs, Workers: workers,
	}
	if err := s.Close(); err != nil {
		return r, err
	}
	r.StoreMiB = dirMiB(storeDir)
	return r, nil
}

// dirMiB is the disk space the files under dir take.
func dirMiB(dir string) float64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += allocated(fi)
		}
		return nil
	})
	return float64(n) / (1 << 20)
}
