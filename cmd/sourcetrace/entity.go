package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newEntityCmd) }

func newEntityCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "entity NAME",
		Short:   "Show an entity: aliases, roles, claims made, channels used, articles",
		Example: "  sourcetrace entity Kadyrov\n  sourcetrace entity \"Agence France-Presse\" --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := query.Entity(cmd.Context(), s, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(rep)
			}
			return rep.WriteText(app.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
