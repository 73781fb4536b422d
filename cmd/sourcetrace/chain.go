package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newChainCmd) }

func newChainCmd(app *App) *cobra.Command {
	var (
		asJSON  bool
		speaker string
		text    string
	)
	cmd := &cobra.Command{
		Use:   "chain [CLAIM-ID]",
		Short: "Print the provenance chains of a claim, a speaker's claims, or claims matching words",
		Long: `Print every provenance chain of the selected claims as a tree, from the
origin speaker through every channel and outlet to the article.

Select claims by ID, by --speaker NAME (aliases count; case and accents are
ignored) or by --text WORDS (claims containing all the words).`,
		Example: `  sourcetrace chain --speaker Kadyrov
  sourcetrace chain --text "Interfax Chechnya" --json
  sourcetrace chain 674fb906b7e4a083`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			n := 0
			for _, set := range []bool{len(args) == 1, speaker != "", text != ""} {
				if set {
					n++
				}
			}
			if n != 1 {
				return usagef("chain: give exactly one of CLAIM-ID, --speaker or --text")
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			var ids []graph.ID
			switch {
			case len(args) == 1:
				id, err := graph.ParseID(args[0])
				if err != nil {
					return usagef("chain: %q is not a claim ID (16 hex digits); use --speaker or --text to search", args[0])
				}
				ids = append(ids, id)
			default:
				var refs []query.ClaimRef
				if speaker != "" {
					refs, err = claimsBy(ctx, s, speaker)
				} else {
					refs, err = query.FindClaims(ctx, s, text)
				}
				if err != nil {
					return err
				}
				for _, r := range refs {
					ids = append(ids, r.ID)
				}
			}
			var chains []query.Chain
			for _, id := range ids {
				cs, err := chainsOf(ctx, s, id)
				if err != nil {
					return err
				}
				chains = append(chains, cs...)
			}
			if asJSON {
				if chains == nil {
					chains = []query.Chain{}
				}
				return app.printJSON(chains)
			}
			if len(chains) == 0 {
				fmt.Fprintln(app.Stderr, "no claims matched")
				return nil
			}
			return query.WriteChains(app.Stdout, chains)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&speaker, "speaker", "", "chains of every claim by this speaker")
	cmd.Flags().StringVar(&text, "text", "", "chains of every claim containing these words")
	return cmd
}
