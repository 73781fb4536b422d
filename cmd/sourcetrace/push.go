package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	gdgraph "github.com/sourcetrace/sourcetrace/graph/dgraph"
)

func init() { register(newPushCmd) }

func newPushCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "push TARGET",
		Short: "Copy the embedded store into another backend (dgraph)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return usagef("push: name a target: sourcetrace push dgraph --alpha HOST:PORT")
		},
	}
	cmd.AddCommand(newPushDgraphCmd(app))
	return cmd
}

func newPushDgraphCmd(app *App) *cobra.Command {
	var (
		alpha   string
		name    string
		batch   int
		workers int
		quiet   bool
		prune   bool
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "dgraph --alpha HOST:PORT",
		Short: "Stream the embedded store into a Dgraph cluster, in batches, idempotently",
		Long: `Copy every node and edge of the embedded store into Dgraph: nodes first, then
edges, one transaction per batch, upserted by stable IDs (the xid predicate),
so running it again changes nothing and an interrupted push can simply be
rerun. The DQL schema (the one "export --format dgraph" ships) is installed
first. Push adds and updates; with --prune it then deletes what the embedded
store no longer has (re-ingested articles that lost claims, deleted
articles), so the graph mirrors it. Afterwards, read it with --store
dgraph://HOST:PORT[/GRAPH].`,
		Example: `  sourcetrace push dgraph --alpha 127.0.0.1:9080
  sourcetrace chain --speaker Kadyrov --store dgraph://127.0.0.1:9080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if alpha == "" {
				return usagef("push dgraph: --alpha HOST:PORT is required")
			}
			if batch < 1 || workers < 1 {
				return usagef("push dgraph: --batch %d --workers %d: want at least 1 of each", batch, workers)
			}
			ctx := cmd.Context()
			src, err := app.Store()
			if err != nil {
				return err
			}
			dst, err := gdgraph.Open(ctx, alpha, gdgraph.Options{Graph: name})
			if err != nil {
				return err
			}
			defer dst.Close()
			last := time.Time{}
			opts := gdgraph.PushOptions{Batch: batch, Workers: workers, Prune: prune}
			if !quiet {
				opts.Progress = func(p gdgraph.PushProgress) {
					// At most a line a second, and always the last one.
					if time.Since(last) < time.Second && (p.Nodes < p.TotalNodes || p.Edges < p.TotalEdges) {
						return
					}
					last = time.Now()
					fmt.Fprintf(app.Stderr, "push: %d/%d nodes, %d/%d edges, %s\n",
						p.Nodes, p.TotalNodes, p.Edges, p.TotalEdges, p.Elapsed.Round(time.Millisecond))
				}
			}
			st, err := dst.Push(ctx, src, opts)
			if err != nil {
				return err
			}
			if err := dst.Close(); err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(st)
			}
			fmt.Fprintf(app.Stdout, "pushed %d nodes and %d edges to dgraph://%s/%s in %s (%.0f edges/s)\n",
				st.Nodes, st.Edges, alpha, dst.Graph(), st.Elapsed.Round(time.Millisecond), st.EdgesPerSecond)
			if prune {
				fmt.Fprintf(app.Stdout, "pruned %d nodes and %d edges\n", st.PrunedNodes, st.PrunedEdges)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&alpha, "alpha", "", "gRPC address of a Dgraph alpha (HOST:PORT, e.g. 127.0.0.1:9080)")
	cmd.Flags().StringVar(&name, "graph", "", "graph name within the cluster ([a-z0-9_-]; default "+gdgraph.DefaultGraph+")")
	cmd.Flags().IntVar(&batch, "batch", gdgraph.DefaultPushBatch, "nodes or edges per transaction")
	cmd.Flags().IntVar(&workers, "workers", gdgraph.DefaultPushWorkers, "batches written at once (more pays on a cluster of several alphas)")
	cmd.Flags().BoolVar(&prune, "prune", false, "then delete nodes and edges the embedded store does not have")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress lines")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}
