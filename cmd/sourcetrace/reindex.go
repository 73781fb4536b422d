package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query/search"
)

func init() { register(newReindexCmd) }

// reindexProgressMin is the number of claims from which reindex draws a
// progress bar.
const reindexProgressMin = 2000

func newReindexCmd(app *App) *cobra.Command {
	var asJSON, noProgress bool
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Long: `Discard the search index (<data_dir>/search.bleve) and index every claim in
the store again. Needed only after the index was lost or damaged, or when
search says it is out of date: ingest and import keep it current.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := app.Reader(ctx)
			if err != nil {
				return err
			}
			path, err := app.searchIndexPath()
			if err != nil {
				return err
			}
			start := time.Now()
			var bar *progressbar.ProgressBar
			progress := func(done, total int) {
				if noProgress || total < reindexProgressMin {
					return
				}
				if bar == nil {
					bar = progressbar.NewOptions(total,
						progressbar.OptionSetWriter(app.Stderr),
						progressbar.OptionSetDescription("reindex"),
						progressbar.OptionShowCount(),
						progressbar.OptionSetItsString("claims"),
						progressbar.OptionShowIts(),
						progressbar.OptionThrottle(100*time.Millisecond),
						progressbar.OptionClearOnFinish(),
					)
				}
				_ = bar.Set(done)
			}
			ix, st, err := search.Rebuild(ctx, path, s, progress)
			if bar != nil {
				_ = bar.Finish()
			}
			if err != nil {
				return err
			}
			if err := ix.Close(); err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(struct {
					Path string `json:"path"`
					search.SyncStats
					Seconds float64 `json:"elapsed_seconds"`
				}{path, st, time.Since(start).Seconds()})
			}
			fmt.Fprintf(app.Stderr, "indexed %d claim%s into %s in %s\n", st.Indexed, plural(st.Indexed), path, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what was indexed as JSON")
	cmd.Flags().BoolVar(&noProgress, "no-progress", false, "never draw a progress bar")
	return cmd
}
