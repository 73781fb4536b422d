package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newClaimsCmd) }

func newClaimsCmd(app *App) *cobra.Command {
	var (
		asJSON  bool
		speaker string
		text    string
	)
	cmd := &cobra.Command{
		Use:     "claims (--speaker NAME | --text WORDS)",
		Short:   "List claims by a speaker or containing words",
		Example: "  sourcetrace claims --speaker \"Dmitry Peskov\"\n  sourcetrace claims --text Interfax --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (speaker == "") == (text == "") {
				return usagef("claims: give exactly one of --speaker or --text")
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			var refs []query.ClaimRef
			if speaker != "" {
				refs, err = claimsBy(cmd.Context(), s, speaker)
			} else {
				refs, err = query.FindClaims(cmd.Context(), s, text)
			}
			if err != nil {
				return err
			}
			if asJSON {
				if refs == nil {
					refs = []query.ClaimRef{}
				}
				return app.printJSON(refs)
			}
			return query.WriteClaims(app.Stdout, refs)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&speaker, "speaker", "", "claims made by this speaker (aliases count)")
	cmd.Flags().StringVar(&text, "text", "", "claims containing all these words")
	return cmd
}
