package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query/export"
	"github.com/sourcetrace/sourcetrace/query/search"
)

func init() { register(newImportCmd) }

func newImportCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import nquads FILE",
		Short: "Load an N-Quads export (nquads or dgraph format) back into the store",
		Long: `Read a file written by "sourcetrace export --format nquads" (or dgraph) and
write its nodes and edges into the store, restoring each edge's provenance.
Edges are replaced article by article, so importing twice changes nothing.
The search index is brought up to date afterwards.`,
		Example: `  sourcetrace import nquads graph.nq`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if args[0] != "nquads" && args[0] != "dgraph" {
				return usagef("import: format %q: only nquads (or dgraph) exports can be imported", args[0])
			}
			f, err := os.Open(args[1])
			if err != nil {
				return usagef("import: %v", err)
			}
			defer f.Close()
			s, err := app.Store()
			if err != nil {
				return err
			}
			st, err := export.ReadNQuads(ctx, f, s)
			if err != nil {
				return fmt.Errorf("import %s: %w", args[1], err)
			}
			var sync search.SyncStats
			if sync, err = syncSearchIndex(ctx, app, s); err != nil {
				return fmt.Errorf("import %s: update search index: %w", args[1], err)
			}
			if asJSON {
				return app.printJSON(struct {
					File   string           `json:"file"`
					Stats  export.Stats     `json:"stats"`
					Search search.SyncStats `json:"search"`
				}{args[1], st, sync})
			}
			fmt.Fprintf(app.Stderr, "imported %d nodes, %d edges (%d bytes) from %s\n", st.Nodes, st.Edges, st.Bytes, args[1])
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what was imported as JSON")
	return cmd
}
