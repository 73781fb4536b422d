package bench

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for people: one line per figure.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "machine: %d CPUs (GOMAXPROCS %d) %s, %d MiB, %s %s/%s, load %.1f before, %.1f after\n",
		m.CPUs, m.GOMAXPROCS, m.Model, m.MemoryMiB, m.GoVersion, m.OS, m.Arch, m.LoadBefore, m.LoadAfter)
	if r.Tagger {
		fmt.Fprintf(&b, "extractor: rules + learned tagger (the default)\n")
	} else {
		fmt.Fprintf(&b, "extractor: rules alone (--tagger=false)\n")
	}
	for _, in := range r.Ingest {
		fmt.Fprintf(&b, "ingest %-13s %6d articles %7d claims %8d edges in %6.1fs: %7.1f articles/s %8.0f claims/s %8.0f edges/s, CPU %3.0f%%, peak RSS %.0f MiB (anon %.0f), store %.0f MiB\n",
			in.Corpus, in.Articles, in.Claims, in.Edges, in.Seconds, in.ArticlesPerS, in.ClaimsPerS, in.EdgesPerS, in.CPUPercent, in.PeakRSSMiB, in.PeakAnonMiB, in.StoreMiB)
	}
	x := r.Extract
	fmt.Fprintf(&b, "extract alone        %6d articles %7d sentences in %6.1fs: %8.0f sentences/s %7.1f articles/s, CPU %3.0f%%\n",
		x.Articles, x.Sentences, x.Seconds, x.SentencesPerS, x.ArticlesPerS, x.CPUPercent)
	s := r.Store
	fmt.Fprintf(&b, "store writes         %6d batches %8d edges %8d keys:\n", s.Batches, s.Edges, s.Keys)
	fmt.Fprintf(&b, "  store WriteArticles (%d edges/txn) %6.2fs %9.0f edges/s  -> store/raw %.2f\n", RawTxnEdges, s.StoreSeconds, s.StoreEdgesPerS, s.Ratio)
	fmt.Fprintf(&b, "  raw db.Update (%d edges/txn)       %6.2fs %9.0f edges/s\n", RawTxnEdges, s.RawUpdateSeconds, s.RawUpdateEdgesPerS)
	fmt.Fprintf(&b, "  store WriteArticle per article     %6.2fs %9.0f edges/s  -> %.2f × raw\n", s.PerArticleSeconds, s.PerArticleEdgesPerS, s.PerArticleRatio)
	fmt.Fprintf(&b, "  raw WriteBatch                     %6.2fs %9.0f edges/s\n", s.RawWriteBatchSeconds, s.RawWriteBatchEdgesPerS)
	fmt.Fprintf(&b, "  store BulkLoad                     %6.2fs %9.0f edges/s\n", s.BulkSeconds, s.BulkEdgesPerS)
	l := r.Large
	fmt.Fprintf(&b, "large graph: %d copies, %d articles, %d nodes (%d claims), %d edges; generated and bulk loaded in %.1fs (%.0f edges/s), peak RSS %.0f MiB (anon %.0f), store %.0f MiB, %d sorted runs\n",
		l.Gen.Copies, l.Gen.Articles, l.Nodes, l.Claims, l.Stats.Edges, l.Seconds, l.EdgesPerS, l.PeakRSSMiB, l.PeakAnonMiB, l.StoreMiB, l.Stats.Runs)
	if x := r.Index; x.Claims > 0 {
		fmt.Fprintf(&b, "  search index: %d claims in %.1fs (%.0f claims/s), peak RSS %.0f MiB (anon %.0f), %.0f MiB on disk\n",
			x.Claims, x.Seconds, x.ClaimsPerS, x.PeakRSSMiB, x.PeakAnonMiB, x.IndexMiB)
	}
	for _, q := range r.Queries {
		fmt.Fprintf(&b, "  %-22s n=%-5d p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms", q.Query, q.N, q.P50Ms, q.P99Ms, q.MaxMs)
		if q.Limited > 0 {
			fmt.Fprintf(&b, "  (%d hit a limit)", q.Limited)
		}
		b.WriteByte('\n')
	}
	e := r.Export
	fmt.Fprintf(&b, "export %s: %d nodes %d edges %.0f MiB in %.1fs: %.0f edges/s, peak RSS %.0f MiB (anon %.0f)\n",
		e.Format, e.Nodes, e.Edges, e.MiB, e.Seconds, e.EdgesPerS, e.PeakRSSMiB, e.PeakAnonMiB)
	for _, n := range r.NotMeasured {
		fmt.Fprintf(&b, "not measured: %s\n", n)
	}
	fmt.Fprintf(&b, "total %.0fs\n", r.Seconds)
	_, err := io.WriteString(w, b.String())
	return err
}
