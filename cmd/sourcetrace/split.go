package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/curate"
)

func init() { register(newSplitCmd) }

func newSplitCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		by     string
	)
	cmd := &cobra.Command{
		Use:   "split ENTITY NAME",
		Short: "Split NAME off ENTITY: take back a merge, or make an alias a node of its own",
		Long: `Split NAME off ENTITY. When NAME is a node merged into ENTITY, the merge is
taken back. Otherwise NAME must be one of ENTITY's aliases: it is removed,
a node of that name is made, and ENTITY's edges whose mention wording is
NAME move to it. The split is logged, survives re-ingestion and can be
undone with sourcetrace undo.`,
		Example: `  sourcetrace split "Ramzan Kadyrov" "a source in the Chechen leadership"
  sourcetrace split "Ramzan Kadyrov" Kadyrov --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			a, err := resolveEntity(cmd, s, args[0])
			if err != nil {
				return err
			}
			e, err := curate.Split(cmd.Context(), s, s, a.ID, args[1], curationMeta(by))
			if err != nil {
				return err
			}
			return printEntry(app, e, asJSON)
		},
	}
	curationFlags(cmd, &asJSON, &by)
	return cmd
}
