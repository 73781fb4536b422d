package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/eval"
	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
)

func init() { register(newEvalCmd) }

func newEvalCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Score the extractor against reference readings",
	}
	cmd.AddCommand(newEvalGoldCmd(app), newEvalPolNeARCmd(app))
	return cmd
}

func newEvalGoldCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "gold GOLD.json ARTICLE",
		Short: "Score one article's attributions and chains against a reference reading",
		Long: `Ingest ARTICLE (any format ingest reads) into a temporary store, read its
claims and provenance chains back, and score them against GOLD.json by the
rules of GOLD-FORMAT.md. The configured store is not touched.`,
		Example: "  sourcetrace eval gold ../shared/corpus/seed/kadyrov-spies.gold.json ../shared/corpus/seed/kadyrov-spies.txt --json",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			g, err := eval.LoadGold(args[0])
			if err != nil {
				return usageError{err}
			}
			c, err := app.Config()
			if err != nil {
				return err
			}
			tmp, err := os.MkdirTemp("", "sourcetrace-eval-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			s, err := gbadger.Open(tmp, gbadger.DefaultOptions())
			if err != nil {
				return err
			}
			defer s.Close()

			ropts := article.DefaultOptions()
			ropts.MaxBytes = c.Ingest.MaxBytes
			docs, err := article.ReadFile(ctx, args[1], ropts)
			if err != nil {
				return err
			}
			in := newIngester(s, c.Ingest, ropts)
			sum, err := in.Run(ctx, []string{args[1]})
			if err != nil {
				return err
			}
			if len(sum.Skipped) > 0 {
				return fmt.Errorf("eval gold: %s: %s", sum.Skipped[0].Source, sum.Skipped[0].Reason)
			}
			var preds []eval.Prediction
			for _, d := range docs {
				p, err := eval.PredictionsFromGraph(ctx, s, ingest.ArticleID(d))
				if err != nil {
					return err
				}
				preds = append(preds, p...)
			}
			rep := eval.ScoreGold(g, preds)
			if asJSON {
				return app.printJSON(rep)
			}
			return rep.WriteText(app.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print only the scores as JSON")
	return cmd
}

func newEvalPolNeARCmd(app *App) *cobra.Command {
	var (
		asJSON  bool
		predDir string
	)
	cmd := &cobra.Command{
		Use:   "polnear DIR",
		Short: "Score source, cue and content spans on a PolNeAR split (exact and overlap P/R/F1)",
		Long: `DIR holds text/*.txt and attributions/*.ann (brat standoff; where an
article has several .ann files, the first in sorted order is the gold).
Spans are character offsets; exact matching trims surrounding whitespace
and punctuation, overlap matching pairs any overlapping spans one to one.

With --pred, score the .ann files in that directory (as written by
` + "`extract --format brat`" + `) instead of running the extractor.`,
		Example: "  sourcetrace eval polnear ../shared/corpus/polnear/dev --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			var (
				rep *eval.PolNeARReport
				err error
			)
			if predDir != "" {
				rep, err = eval.ScorePolNeARDir(cmd.Context(), args[0], predDir)
			} else {
				c, err := app.Config()
				if err != nil {
					return err
				}
				x := newExtractor(c.Ingest)
				rep, err = eval.ScorePolNeAR(cmd.Context(), args[0], func(text string) (eval.PolNeARSpans, error) {
					return polnearSpans(text, x.Extract(text)), nil
				})
			}
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(rep)
			}
			fmt.Fprintf(app.Stdout, "%d documents, %d gold attributions (%s)\n", rep.Documents, rep.Attributions, time.Since(start).Round(time.Millisecond))
			fmt.Fprintf(app.Stdout, "%-8s  %-22s  %-22s\n", "", "exact P / R / F1", "overlap P / R / F1")
			for _, row := range []struct {
				name string
				m    eval.MatchScores
			}{{"source", rep.Source}, {"cue", rep.Cue}, {"content", rep.Content}} {
				fmt.Fprintf(app.Stdout, "%-8s  %.3f / %.3f / %.3f   %.3f / %.3f / %.3f\n", row.name,
					row.m.Exact.P, row.m.Exact.R, row.m.Exact.F1, row.m.Overlap.P, row.m.Overlap.R, row.m.Overlap.F1)
			}
			fmt.Fprintf(app.Stdout, "%.0f sentences/s\n", rep.SentencesPerSecond)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the scores as JSON")
	cmd.Flags().StringVar(&predDir, "pred", "", "score predicted .ann files in this directory instead of running the extractor")
	return cmd
}

var _ graph.Reader = (*gbadger.Store)(nil)
