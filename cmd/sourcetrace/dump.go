package main

import (
	"bufio"
	"encoding/json"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newDumpCmd) }

// newDumpCmd prints a canonical dump: every node then every edge, one JSON
// object a line, in the store's stable order, without the values that
// differ between two ingests of the same input (ingest and retrieval
// times). Two stores holding the same graph dump identically.
func newDumpCmd(app *App) *cobra.Command {
	var withTimes bool
	cmd := &cobra.Command{
		Use:   "dump",
		Short: "Print every node and edge in a stable order (JSON lines)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			w := bufio.NewWriter(app.Stdout)
			enc := json.NewEncoder(w)
			ctx := cmd.Context()
			err = s.ScanNodes(ctx, "", func(n graph.Node) error {
				if !withTimes && n.Attrs[graph.AttrRetrieved] != "" {
					attrs := make(map[string]string, len(n.Attrs))
					for k, v := range n.Attrs {
						if k != graph.AttrRetrieved {
							attrs[k] = v
						}
					}
					n.Attrs = attrs
				}
				return enc.Encode(struct {
					Node graph.Node `json:"node"`
				}{n})
			})
			if err != nil {
				return err
			}
			err = s.ScanEdges(ctx, func(e graph.Edge) error {
				if !withTimes {
					e.Prov.Ingested = time.Time{}
				}
				return enc.Encode(struct {
					Edge graph.Edge `json:"edge"`
				}{e})
			})
			if err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&withTimes, "with-times", false, "keep ingest and retrieval times")
	return cmd
}
