package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/curate"
)

func init() { register(newUndoCmd) }

func newUndoCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		by     string
	)
	cmd := &cobra.Command{
		Use:   "undo ENTRY",
		Short: "Take back a curation (merge, split, correct) by its log number or ID",
		Long: `Take back the curation ENTRY (its number in sourcetrace curations, or its
ID). The undo is itself logged; undoing an undo redoes the curation. A
curation that a later, still active one changed the same nodes after must
wait until that one is undone.`,
		Example: "  sourcetrace undo 3\n  sourcetrace undo 5a1c0f3e9b2d4c77 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			t, err := curate.Find(cmd.Context(), s, args[0])
			if err != nil {
				return err
			}
			e, err := curate.Undo(cmd.Context(), s, s, t.ID, curationMeta(by))
			if err != nil {
				return err
			}
			return printEntry(app, e, asJSON)
		},
	}
	curationFlags(cmd, &asJSON, &by)
	return cmd
}
