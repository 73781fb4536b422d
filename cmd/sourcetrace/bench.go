package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/bench"
)

func init() { register(newBenchCmd) }

func newBenchCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		tagger bool
		o      bench.Options
	)
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure ingest, extraction, store writes, queries and export on the real corpora",
		Long: `Measure sourcetrace end to end in one run, on the same code as
'go test -bench ./bench':

  - ingest of the BBC and Reuters-21578 corpora into fresh stores
    (articles, claims and edges per second, CPU use, peak RSS);
  - extraction alone (sentences per second);
  - store writes against raw badger db.Update and WriteBatch of the same
    keys in the same run (the ratio), and the bulk loader;
  - a large graph: --scale copies of both corpora with entity names
    permuted per copy, bulk loaded; chain, origins, name lookup, search
    and path latency (p50/p99) on it, and a whole-graph export.

The default --scale 1 finishes in a few minutes on two cores; --scale 43
gives about ten million edges (see README.md, Performance, for timings).
Scratch stores go to a temporary directory (--dir), never the data dir.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Scale < 1 {
				return usagef("--scale %d: want 1 or more copies", o.Scale)
			}
			o.Log = app.Stderr
			o.NoTagger = !tagger
			rep, err := bench.Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(rep)
			}
			return rep.WriteText(app.Stdout)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.StringVar(&o.CorpusRoot, "corpus", "../shared/corpus", "directory holding bbc/ and reuters21578/")
	f.IntVar(&o.Scale, "scale", 1, "copies of the corpora (with permuted entity names) in the large graph")
	f.IntVar(&o.Queries, "queries", 1000, "calls per query latency figure")
	f.BoolVar(&tagger, "tagger", true, "run the learned tagger with the rules in the ingest and extraction stages (false: rules alone)")
	f.IntVar(&o.Workers, "workers", 0, "ingest and extraction workers (0: one per CPU)")
	f.IntVar(&o.Limit, "limit", 0, "use only the first N files (ingest) and articles (other stages) of each corpus: a quick run")
	f.StringVar(&o.Dir, "dir", "", "scratch directory for the benchmark stores (default: a new temporary directory)")
	f.StringVar(&o.CPUProfileDir, "cpuprofile", "", "write a CPU profile per stage (<stage>.pprof) into this directory")
	return cmd
}
