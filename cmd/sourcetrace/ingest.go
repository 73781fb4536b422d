package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newIngestCmd) }

// progressMin is the number of input files from which a progress bar is
// worth drawing.
const progressMin = 20

func newIngestCmd(app *App) *cobra.Command {
	var (
		asJSON     bool
		chains     bool
		noProgress bool
		noScore    bool
	)
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read articles (.txt, .html, .jsonl, .sgm, directories, - for stdin) into the graph",
		Long: `Read articles and record every attribution in the store.

PATH may be a .txt file (title on the first line), .html, .jsonl (one article
per line: id, url, title, outlet, author, published, text), a Reuters-21578
.sgm file, a directory (read recursively) or - for standard input. One bad
file never stops the others: each is reported with its reason, and the exit
status is 1 when any input was skipped. Re-ingesting an article changes
nothing; a new version of an article (same id or URL) replaces the old one.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			ctx := cmd.Context()
			c, err := app.Config()
			if err != nil {
				return err
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			ropts := article.DefaultOptions()
			ropts.MaxBytes = c.Ingest.MaxBytes
			in := newIngester(s, c.Ingest, ropts)
			if !noProgress {
				if n, _, err := article.Count(ctx, paths); err == nil && n >= progressMin {
					bar := progressbar.NewOptions(n,
						progressbar.OptionSetWriter(app.Stderr),
						progressbar.OptionSetDescription("ingest"),
						progressbar.OptionShowCount(),
						progressbar.OptionShowIts(),
						progressbar.OptionSetItsString("files"),
						progressbar.OptionThrottle(100*time.Millisecond),
						progressbar.OptionClearOnFinish(),
					)
					in.Progress = func(done, _ int) { _ = bar.Set(done) }
					defer bar.Finish()
				}
			}
			var written []ingest.Written
			in.OnArticle = func(w ingest.Written) { written = append(written, w) }
			sum, err := in.Run(ctx, paths)
			if err != nil {
				return err
			}
			// Analysts' merges and corrections outlive re-ingestion.
			if _, err := curate.Reapply(ctx, s, s); err != nil {
				return fmt.Errorf("reapply curations: %w", err)
			}
			if _, err := syncSearchIndex(ctx, app, s); err != nil {
				fmt.Fprintf(app.Stderr, "sourcetrace: search index not updated (%v); run `sourcetrace reindex`\n", err)
			}
			if !noScore {
				if err := app.scoreWritten(ctx, s, written); err != nil {
					return err
				}
			}
			var out []query.Chain
			if chains {
				// Workers finish in any order; show articles by source.
				slices.SortFunc(written, func(a, b ingest.Written) int { return strings.Compare(a.Source, b.Source) })
				for _, w := range written {
					cs, err := query.ArticleChains(ctx, s, w.Article)
					if err != nil {
						return err
					}
					out = append(out, cs...)
				}
			}
			if asJSON {
				if err := app.printJSON(struct {
					Summary ingest.Summary `json:"summary"`
					Chains  []query.Chain  `json:"chains,omitempty"`
				}{sum, out}); err != nil {
					return err
				}
			} else {
				if chains {
					writeChainLines(app.Stdout, out)
				}
				if err := sum.WriteText(app.Stderr); err != nil {
					return err
				}
			}
			if len(sum.Skipped) > 0 {
				return &exitError{code: exitFailure, err: fmt.Errorf("%d input%s skipped (see above)", len(sum.Skipped), plural(len(sum.Skipped)))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary (and chains) as JSON on stdout")
	cmd.Flags().BoolVar(&chains, "chains", false, "print the provenance chains of the ingested articles' claims")
	cmd.Flags().BoolVar(&noProgress, "no-progress", false, "never draw a progress bar")
	cmd.Flags().BoolVar(&noScore, "no-score", false, "skip updating credibility scores of the new claims (run `sourcetrace rescore` later)")
	return cmd
}

// scoreWritten updates the credibility of the claims the written articles
// contain (and of claims they support or contradict) against the stored
// source reliabilities; `sourcetrace rescore` recomputes everything.
func (a *App) scoreWritten(ctx context.Context, s graph.Store, written []ingest.Written) error {
	var ids []graph.ID
	for _, w := range written {
		claims, err := query.ArticleClaims(ctx, s, w.Article)
		if err != nil {
			return err
		}
		for _, c := range claims {
			ids = append(ids, c.ID)
		}
	}
	priors, err := a.configPriors()
	if err != nil {
		return err
	}
	if _, err := assess.UpdateClaims(ctx, s, ids, assess.Options{Priors: priors}); err != nil {
		return fmt.Errorf("score new claims: %w", err)
	}
	return nil
}

// writeChainLines prints each claim once with its chains as one line each,
// origin first: the compact form; `sourcetrace chain` draws trees.
func writeChainLines(w io.Writer, chains []query.Chain) {
	var last graph.ID
	for _, c := range chains {
		if c.Claim.ID != last {
			fmt.Fprintf(w, "%s  %s %q\n", c.Claim.ID, c.Claim.Kind, shorten(c.Claim.Content, 90))
			last = c.Claim.ID
		}
		fmt.Fprintf(w, "    %s\n", c)
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
