package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/curate"
)

func init() { register(newCorrectCmd) }

func newCorrectCmd(app *App) *cobra.Command {
	var (
		asJSON           bool
		by               string
		speaker, content string
	)
	cmd := &cobra.Command{
		Use:   "correct CLAIM (--speaker NAME | --content TEXT)",
		Short: "Correct a claim's speaker or wording",
		Long: `Correct what the extractor got wrong about a claim (given by ID or words):
--speaker credits it to NAME instead (a name the graph does not know becomes
a new person), --content rewords it (its ID stays). The correction is
logged, survives re-ingestion and can be undone with sourcetrace undo.`,
		Example: `  sourcetrace correct 674fb906b7e4a083 --speaker "Vladimir Putin" --by alice
  sourcetrace correct 674fb906b7e4a083 --content "spies from Chechnya are being sent to infiltrate IS"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sp, ct := cmd.Flags().Changed("speaker"), cmd.Flags().Changed("content")
			if sp == ct {
				return usagef("give exactly one of --speaker and --content")
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			c, err := resolveClaim(cmd, s, args[0])
			if err != nil {
				return err
			}
			var e curate.Entry
			if sp {
				e, err = curate.CorrectSpeaker(cmd.Context(), s, s, c.ID, speaker, curationMeta(by))
			} else {
				e, err = curate.CorrectContent(cmd.Context(), s, s, c.ID, content, curationMeta(by))
			}
			if err != nil {
				return err
			}
			return printEntry(app, e, asJSON)
		},
	}
	curationFlags(cmd, &asJSON, &by)
	cmd.Flags().StringVar(&speaker, "speaker", "", "who really said it (name or id)")
	cmd.Flags().StringVar(&content, "content", "", "what was really said")
	return cmd
}
