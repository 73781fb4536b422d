package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newCheckCmd) }

func newCheckCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Verify the store: forward and reverse edges agree, no dangling IDs, indexes match",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			problems, err := s.Check(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if problems == nil {
					problems = []graph.Problem{}
				}
				if err := app.printJSON(struct {
					OK       bool            `json:"ok"`
					Problems []graph.Problem `json:"problems"`
				}{len(problems) == 0, problems}); err != nil {
					return err
				}
			} else {
				for _, p := range problems {
					fmt.Fprintf(app.Stdout, "%s: %s\n", p.Kind, p.Detail)
				}
				if len(problems) == 0 {
					fmt.Fprintln(app.Stdout, "store is consistent")
				}
			}
			if len(problems) > 0 {
				return &exitError{code: exitFailure, err: fmt.Errorf("check: %d problem%s found", len(problems), plural(len(problems)))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
