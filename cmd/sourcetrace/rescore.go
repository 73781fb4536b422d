package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newRescoreCmd) }

// assessFlags are the options rescore and explain share.
type assessFlags struct {
	priors    string
	tolerance float64
	maxIter   int
}

func (f *assessFlags) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.priors, "priors", "", "source-reliability priors file (YAML or JSON, see assess.LoadPriors)")
	cmd.Flags().Float64Var(&f.tolerance, "tolerance", 1e-4, "stop when no score moves by more than this")
	cmd.Flags().IntVar(&f.maxIter, "max-iterations", 200, "iteration limit")
}

func (f *assessFlags) options(app *App) (assess.Options, error) {
	if f.tolerance <= 0 || f.tolerance >= 1 {
		return assess.Options{}, usagef("--tolerance %g: want a value between 0 and 1", f.tolerance)
	}
	if f.maxIter < 1 {
		return assess.Options{}, usagef("--max-iterations %d: want at least 1", f.maxIter)
	}
	opts := assess.Options{Tolerance: f.tolerance, MaxIterations: f.maxIter}
	if f.priors != "" {
		file, err := os.Open(f.priors)
		if err != nil {
			return opts, usagef("priors: %v", err)
		}
		defer file.Close()
		p, err := assess.LoadPriors(file)
		if err != nil {
			return opts, usagef("priors %s: %v", f.priors, err)
		}
		opts.Priors = p
		return opts, nil
	}
	p, err := app.configPriors()
	opts.Priors = p
	return opts, err
}

// configPriors loads the priors the configuration names: a priors file,
// else the inline assess.priors map; nil when there are none.
func (a *App) configPriors() (*assess.Priors, error) {
	c, err := a.Config()
	if err != nil {
		return nil, err
	}
	if c.Assess.PriorsFile != "" {
		file, err := os.Open(c.Assess.PriorsFile)
		if err != nil {
			return nil, usagef("config assess.priors_file: %v", err)
		}
		defer file.Close()
		p, err := assess.LoadPriors(file)
		if err != nil {
			return nil, usagef("config assess.priors_file %s: %v", c.Assess.PriorsFile, err)
		}
		return p, nil
	}
	if len(c.Assess.Priors) > 0 {
		p, err := assess.NewPriors(c.Assess.PriorsVersion, c.Assess.Priors)
		if err != nil {
			return nil, usagef("config assess.priors: %v", err)
		}
		return p, nil
	}
	return nil, nil
}

// rescoreReport is what rescore prints.
type rescoreReport struct {
	Iterations    int                `json:"iterations"`
	Delta         float64            `json:"delta"`
	Tolerance     float64            `json:"tolerance"`
	Converged     bool               `json:"converged"`
	Priors        string             `json:"priors_version,omitempty"`
	Claims        int                `json:"claims"`
	Sources       int                `json:"sources"`
	Supports      int                `json:"supports"`
	Contradicts   int                `json:"contradicts"`
	ByCredibility map[string]int     `json:"by_credibility"`
	ByReliability map[string]int     `json:"by_reliability"`
	Applied       *assess.ApplyStats `json:"applied,omitempty"`
	Seconds       float64            `json:"seconds"`
}

func newRescoreCmd(app *App) *cobra.Command {
	var (
		asJSON, dryRun bool
		af             assessFlags
	)
	cmd := &cobra.Command{
		Use:   "rescore",
		Short: "Recompute claim credibility (1-6), source reliability (A-F) and support/contradiction links",
		Long: `rescore runs the whole-graph assessment: it finds claims that support or
contradict each other, counts each claim's independent origins, iterates
source reliability and claim credibility to a fixed point (seeded by analyst
grades and --priors), and stores the results as node attributes
(credibility, credibility_score, reliability, reliability_score, ...) and
supports/contradicts edges.`,
		Example: "  sourcetrace rescore\n  sourcetrace rescore --priors priors.yaml --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := af.options(app)
			if err != nil {
				return err
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			start := time.Now()
			res, err := assess.Assess(cmd.Context(), s, opts)
			if err != nil {
				return err
			}
			rep := rescoreReport{Iterations: res.Iterations, Delta: res.Delta, Tolerance: res.Tolerance,
				Converged: res.Converged, Priors: res.Priors, Claims: len(res.Claims), Sources: len(res.Sources),
				ByCredibility: map[string]int{}, ByReliability: map[string]int{}}
			for _, r := range res.Relations {
				if r.Predicate == graph.Supports {
					rep.Supports++
				} else {
					rep.Contradicts++
				}
			}
			for _, c := range res.Claims {
				rep.ByCredibility[c.Credibility.String()]++
			}
			for _, src := range res.Sources {
				rep.ByReliability[string(src.Reliability)]++
			}
			if !dryRun {
				st, err := res.Apply(cmd.Context(), s)
				if err != nil {
					return err
				}
				rep.Applied = &st
			}
			rep.Seconds = time.Since(start).Seconds()
			if asJSON {
				return app.printJSON(rep)
			}
			conv := "converged"
			if !rep.Converged {
				conv = "did NOT converge"
			}
			fmt.Fprintf(app.Stdout, "%s after %d iteration(s): largest change %.2g (tolerance %.2g)\n", conv, rep.Iterations, rep.Delta, rep.Tolerance)
			if rep.Priors != "" {
				fmt.Fprintf(app.Stdout, "priors version %s\n", rep.Priors)
			}
			fmt.Fprintf(app.Stdout, "claims %d, sources %d, supports %d, contradicts %d\n", rep.Claims, rep.Sources, rep.Supports, rep.Contradicts)
			fmt.Fprintf(app.Stdout, "credibility:")
			for _, k := range countKeys(rep.ByCredibility) {
				fmt.Fprintf(app.Stdout, " %s=%d", k, rep.ByCredibility[k])
			}
			fmt.Fprintf(app.Stdout, "\nreliability:")
			for _, k := range countKeys(rep.ByReliability) {
				fmt.Fprintf(app.Stdout, " %s=%d", k, rep.ByReliability[k])
			}
			fmt.Fprintln(app.Stdout)
			if rep.Applied != nil {
				fmt.Fprintf(app.Stdout, "stored: %d node(s) updated, %d edge(s) written, %d stale edge(s) removed\n",
					rep.Applied.Nodes, rep.Applied.EdgesWritten, rep.Applied.EdgesDeleted)
			} else {
				fmt.Fprintln(app.Stdout, "dry run: nothing stored")
			}
			if !rep.Converged {
				return &exitError{code: exitFailure, err: fmt.Errorf("no convergence within %d iterations", rep.Iterations)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "compute and report without storing")
	af.bind(cmd)
	return cmd
}

// countKeys returns a histogram's keys in order.
func countKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
