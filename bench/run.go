package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Options configure Run.
type Options struct {
	// CorpusRoot holds the bbc and reuters21578 directories.
	CorpusRoot string
	// Dir is where scratch stores go; "" means a new temporary directory,
	// removed afterwards.
	Dir string
	// Scale is the number of corpus copies in the large graph (see
	// Generate); 0 means 1, the corpus itself.
	Scale int
	// Queries is the number of calls per latency figure; 0 means 1000.
	Queries int
	// Workers is the ingest and extraction worker count; 0 means one per
	// CPU.
	Workers int
	// Limit, when positive, caps each corpus at that many input files for
	// ingest and that many articles for the later stages: a quick run.
	Limit int
	// NoTagger runs the rules alone in the ingest and extraction stages
	// (the extractor's Options.NoTagger); the default is the full
	// extractor, as `ingest` runs it.
	NoTagger bool
	// CPUProfileDir, when set, receives a CPU profile per stage
	// (<stage>.pprof) for `go tool pprof`.
	CPUProfileDir string
	// Log receives a line as each stage starts; nil discards them.
	Log io.Writer
}

// Report is everything one Run measured. The flat fields at the top are
// the headline figures; a figure that could not be measured is null and
// named in NotMeasured with why.
type Report struct {
	IngestArticlesPerS   float64  `json:"ingest_articles_per_s"` // BBC
	ExtractSentencesPerS float64  `json:"extract_sentences_per_s"`
	StoreVsRawBadger     float64  `json:"store_vs_raw_badger"`
	ChainP99Ms           *float64 `json:"chain_p99_ms"`
	OriginsP99Ms         *float64 `json:"origins_p99_ms"`
	SearchP99Ms          *float64 `json:"search_p99_ms"`
	PathP99Ms            *float64 `json:"path_p99_ms"`
	IngestPeakRSSMiB     float64  `json:"ingest_peak_rss_mib"` // the larger of the corpora
	IngestPeakAnonMiB    float64  `json:"ingest_peak_anon_mib"`
	ExportEdgesPerS      float64  `json:"export_edges_per_s"`
	Edges                int      `json:"edges"` // in the large graph
	// Tagger says whether ingest and extraction ran the learned tagger
	// with the rules (the default) or the rules alone.
	Tagger bool `json:"tagger"`

	Machine     Machine        `json:"machine"`
	Ingest      []IngestResult `json:"ingest"`
	Extract     ExtractResult  `json:"extract"`
	Store       StoreResult    `json:"store"`
	Large       LargeResult    `json:"large"`
	Index       IndexResult    `json:"search_index"`
	Queries     []Latency      `json:"queries"`
	Export      ExportResult   `json:"export"`
	NotMeasured []string       `json:"not_measured"`
	Seconds     float64        `json:"seconds"`
}

// LargeResult is the generated graph and how fast it was bulk loaded.
type LargeResult struct {
	Gen         GenStats        `json:"generated"`
	Stats       graph.BulkStats `json:"bulk"`
	Claims      int             `json:"claims"` // distinct claim nodes stored
	Nodes       int             `json:"nodes"`
	Seconds     float64         `json:"seconds"` // generate + build + bulk load
	EdgesPerS   float64         `json:"edges_per_s"`
	PeakRSSMiB  float64         `json:"peak_rss_mib"`
	PeakAnonMiB float64         `json:"peak_anon_mib"`
	StoreMiB    float64         `json:"store_mib"`
}

func (o Options) logf(format string, a ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, "bench: "+format+"\n", a...)
	}
}

// stage runs fn, profiled into CPUProfileDir/<name>.pprof when set.
func (o Options) stage(name string, fn func() error) error {
	o.logf("%s", name)
	if o.CPUProfileDir == "" {
		return fn()
	}
	f, err := os.Create(filepath.Join(o.CPUProfileDir, name+".pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return fn()
}

// Run measures everything in order: ingest of each corpus; extraction
// alone; store writes against raw badger; generation and bulk load of the
// large graph; queries and export on it.
func Run(ctx context.Context, o Options) (*Report, error) {
	start := time.Now()
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if o.Queries <= 0 {
		o.Queries = 1000
	}
	paths, err := corpusPaths(o.CorpusRoot)
	if err != nil {
		return nil, err
	}
	if o.Dir == "" {
		d, err := os.MkdirTemp("", "sourcetrace-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		o.Dir = d
	}
	if o.CPUProfileDir != "" {
		if err := os.MkdirAll(o.CPUProfileDir, 0o755); err != nil {
			return nil, err
		}
	}
	rep := &Report{Machine: machine(), NotMeasured: []string{}, Tagger: !o.NoTagger}

	for i, p := range paths {
		name := Corpora[i]
		in := []string{p}
		if o.Limit > 0 {
			files, err := article.Files(ctx, in)
			if err != nil {
				return nil, err
			}
			in = in[:0]
			for _, f := range files[:min(o.Limit, len(files))] {
				in = append(in, f.Path)
			}
		}
		var r IngestResult
		err := o.stage("ingest-"+name, func() (err error) {
			r, err = Ingest(ctx, o.Dir, name, in, o.Workers, extract.Options{NoTagger: o.NoTagger})
			return err
		})
		if err != nil {
			return nil, err
		}
		rep.Ingest = append(rep.Ingest, r)
		rep.IngestPeakRSSMiB = max(rep.IngestPeakRSSMiB, r.PeakRSSMiB)
		rep.IngestPeakAnonMiB = max(rep.IngestPeakAnonMiB, r.PeakAnonMiB)
	}
	rep.IngestArticlesPerS = rep.Ingest[0].ArticlesPerS

	o.logf("read corpora")
	docs, err := LoadDocs(ctx, paths, 0)
	if err != nil {
		return nil, err
	}
	if o.Limit > 0 {
		docs = limitPerCorpus(docs, paths, o.Limit)
	}
	var extracted []Doc
	err = o.stage("extract", func() (err error) {
		rep.Extract, extracted, err = Extract(ctx, docs, o.Workers, extract.Options{NoTagger: o.NoTagger})
		return err
	})
	if err != nil {
		return nil, err
	}
	rep.ExtractSentencesPerS = rep.Extract.SentencesPerS

	batches, err := Batches(extracted)
	if err != nil {
		return nil, err
	}
	err = o.stage("store", func() (err error) {
		rep.Store, err = StoreVsRaw(ctx, o.Dir, batches)
		return err
	})
	if err != nil {
		return nil, err
	}
	batches = nil
	rep.StoreVsRawBadger = rep.Store.Ratio

	largeDir := filepath.Join(o.Dir, "large")
	s, err := gbadger.Open(largeDir, gbadger.Options{})
	if err != nil {
		return nil, err
	}
	defer func() {
		s.Close()
		os.RemoveAll(largeDir)
	}()
	err = o.stage("large", func() (err error) {
		rep.Large, err = loadLarge(ctx, s, extracted, o.Scale)
		return err
	})
	if err != nil {
		return nil, err
	}
	extracted = nil
	rep.Edges = rep.Large.Stats.Edges
	rep.Large.StoreMiB = dirMiB(largeDir)

	err = o.stage("queries", func() (err error) {
		rep.Queries, err = Queries(ctx, s, rep.Large.Gen.SampleClaims, rep.Large.Gen.SampleNames, o.Queries)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = o.stage("search", func() error {
		ix, res, err := BuildIndex(ctx, s, filepath.Join(o.Dir, "search.bleve"))
		if err != nil {
			return err
		}
		defer ix.Close()
		rep.Index = res
		l, err := Search(ctx, ix, s, rep.Large.Gen.SampleClaims, o.Queries)
		if err != nil {
			return err
		}
		rep.Queries = append(rep.Queries, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range rep.Queries {
		q := &rep.Queries[i]
		switch q.Query {
		case "chain":
			rep.ChainP99Ms = &q.P99Ms
		case "origins":
			rep.OriginsP99Ms = &q.P99Ms
		case "search":
			rep.SearchP99Ms = &q.P99Ms
		case "path_kshortest":
			rep.PathP99Ms = &q.P99Ms
		}
	}

	err = o.stage("export", func() (err error) {
		rep.Export, err = Export(ctx, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	rep.ExportEdgesPerS = rep.Export.EdgesPerS
	rep.Machine.LoadAfter = loadAvg()
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// limitPerCorpus keeps the first limit documents of each corpus.
func limitPerCorpus(docs []article.Document, paths []string, limit int) []article.Document {
	count := map[string]int{}
	out := docs[:0]
	for _, d := range docs {
		c := corpusOf(d.Source, paths)
		if count[c] < limit {
			count[c]++
			out = append(out, d)
		}
	}
	return out
}

func corpusOf(source string, paths []string) string {
	for _, p := range paths {
		if rel, err := filepath.Rel(p, source); err == nil && !filepath.IsAbs(rel) && len(rel) > 0 && rel[0] != '.' {
			return p
		}
	}
	return ""
}

// loadLarge generates the scaled graph and bulk loads it into s, which
// must be empty. Generation (renaming and ingest.Build) runs on its own
// goroutine, so it overlaps the loader's sorting on a second core.
func loadLarge(ctx context.Context, s *gbadger.Store, docs []Doc, copies int) (LargeResult, error) {
	var r LargeResult
	resetPeakRSS()
	anon := sampleAnon()
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *graph.Batch, 256)
	var gerr error
	go func() {
		defer close(ch)
		r.Gen, gerr = Generate(ctx, docs, copies, func(b *graph.Batch) error {
			select {
			case ch <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	st, err := s.BulkLoad(ctx, func(yield func(*graph.Batch) error) error {
		for b := range ch {
			if err := yield(b); err != nil {
				cancel()
				for range ch { // let the generator finish
				}
				return err
			}
		}
		return gerr
	})
	r.PeakAnonMiB = anon.Stop()
	if err != nil {
		return r, err
	}
	r.Stats = st
	r.Seconds = time.Since(start).Seconds()
	r.EdgesPerS = float64(st.Edges) / r.Seconds
	r.PeakRSSMiB = peakRSSMiB()
	stats, err := s.Stats(ctx)
	if err != nil {
		return r, err
	}
	r.Claims, r.Nodes = stats.ByKind[graph.KindClaim], stats.Nodes
	return r, nil
}
