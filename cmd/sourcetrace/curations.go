package main

import (
	"bufio"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/curate"
)

func init() { register(newCurationsCmd) }

func newCurationsCmd(app *App) *cobra.Command {
	var asJSON, reapply bool
	cmd := &cobra.Command{
		Use:   "curations",
		Short: "List the curation log: merges, splits, corrections and undos, oldest first",
		Long: `List the curation log, oldest first. With --reapply, first replay every
active curation (idempotent; ingest does this after writing articles, and
it is needed by hand only after loading articles some other way).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			if reapply {
				n, err := curate.Reapply(cmd.Context(), s, s)
				if err != nil {
					return err
				}
				fmt.Fprintf(app.Stderr, "replayed %d curation%s\n", n, plural(n))
			}
			log, err := curate.Log(cmd.Context(), s)
			if err != nil {
				return err
			}
			if asJSON {
				if log == nil {
					log = []curate.Entry{}
				}
				return app.printJSON(log)
			}
			w := bufio.NewWriter(app.Stdout)
			for _, e := range log {
				state := ""
				if e.Undone {
					state = fmt.Sprintf("  [undone by %s]", e.UndoneBy)
				}
				fmt.Fprintf(w, "%3d  %s  %s  %-15s  %s%s\n", e.Seq, e.At.Format(time.RFC3339), e.By, e.Op, e.Summary, state)
			}
			if len(log) == 0 {
				fmt.Fprintln(w, "no curations")
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&reapply, "reapply", false, "replay the active curations first")
	return cmd
}
