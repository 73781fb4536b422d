package main

import (
	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newExplainCmd) }

func newExplainCmd(app *App) *cobra.Command {
	var (
		asJSON, stored bool
		af             assessFlags
	)
	cmd := &cobra.Command{
		Use:   "explain CLAIM-ID|ENTITY",
		Short: "Explain a claim's credibility or an entity's reliability, factor by factor",
		Long: `explain recomputes the assessment of the whole graph (as rescore does, but
without storing anything) and lists every factor behind the grade: each
independent origin and the chain it came by, corroboration, cue strength,
anonymity, explicit assessments, contradictions, analyst grades and priors,
and, for a claim, its most reliable chain.`,
		Example: "  sourcetrace explain 5759cab226634128\n  sourcetrace explain \"Agence France-Presse\" --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := af.options(app)
			if err != nil {
				return err
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			n, err := resolveEntity(cmd, s, args[0])
			if err != nil {
				return err
			}
			var res *assess.Result
			if stored && n.Kind == graph.KindClaim {
				res, err = assess.AssessClaims(cmd.Context(), s, []graph.ID{n.ID}, opts)
			} else {
				res, err = assess.Assess(cmd.Context(), s, opts)
			}
			if err != nil {
				return err
			}
			x, err := res.Explain(cmd.Context(), n.ID)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(x)
			}
			return x.WriteText(app.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&stored, "stored", false, "for a claim: use the source scores the last rescore stored (fast) instead of recomputing the graph")
	af.bind(cmd)
	return cmd
}
