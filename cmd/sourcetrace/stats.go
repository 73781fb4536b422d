package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newStatsCmd) }

func newStatsCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count nodes by kind and edges by predicate; top speakers, channels and outlets",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			st, err := query.Stats(cmd.Context(), s)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(st)
			}
			return st.WriteText(app.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
