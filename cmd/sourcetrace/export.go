package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/export"
	"github.com/sourcetrace/sourcetrace/query/path"
)

func init() { register(newExportCmd) }

func newExportCmd(app *App) *cobra.Command {
	var (
		asJSON   bool
		all      bool
		format   string
		out      string
		maxBytes int64
		queryExp string
		sf       selectFlags
	)
	var formats []string
	for _, f := range export.Formats() {
		formats = append(formats, string(f))
	}
	cmd := &cobra.Command{
		Use:   "export (--all | --around NAME | --claim ID) --format F -o FILE",
		Short: "Write the whole graph or a neighbourhood as GraphML, GEXF, JSON-LD, N-Quads, Dgraph, CSV, DOT or Cytoscape",
		Long: `Export the graph for other tools. --all streams the whole store; --around
and --claim export a neighbourhood chosen with the subgraph flags (--depth,
--pred, --node-kind, --from, --to, --min-confidence, --direction).

Formats: ` + strings.Join(formats, ", ") + `. For csv, -o names a directory that
receives nodes.csv and relationships.csv, and the neo4j-admin import command
is printed. For nquads and dgraph the DQL schema is written beside the file
(FILE without extension + .dql) and, for dgraph, the "dgraph live" command
is printed. Output is capped at export.max_bytes (--max-bytes); a capped
export fails and leaves no file behind.`,
		Example: `  sourcetrace export --all --format graphml -o graph.graphml
  sourcetrace export --around Kadyrov --depth 2 --format dgraph -o kadyrov.nq
  sourcetrace export --all --format csv -o neo4j-import/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			n := 0
			for _, set := range []bool{all, sf.given(), queryExp != ""} {
				if set {
					n++
				}
			}
			if n != 1 {
				return usagef("export: give exactly one of --query EXPR, --all, or --around NAME / --claim ID")
			}
			if all {
				for _, name := range []string{"depth", "pred", "node-kind", "from", "to", "min-confidence", "direction", "max-results"} {
					if cmd.Flags().Changed(name) {
						return usagef("export: --%s selects a neighbourhood; it does not apply to --all", name)
					}
				}
			}
			if format == "" {
				return usagef("export: --format is required: one of %s", strings.Join(formats, ", "))
			}
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{err}
			}
			if out == "" {
				return usagef("export: -o is required (a file; a directory for csv; - for standard output)")
			}
			if f == export.CSV && out == "-" {
				return usagef("export: csv writes two files; give a directory with -o")
			}
			c, err := app.Config()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("max-bytes") {
				maxBytes = c.Export.MaxBytes
			}
			if maxBytes < 0 {
				return usagef("export: --max-bytes %d: want 0 (no cap) or a positive size", maxBytes)
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			var src export.Source
			switch {
			case all:
				src = export.All(s)
			case queryExp != "":
				nodes, edges, err := pathSubgraph(ctx, s, queryExp, path.Options{MaxDepth: c.Query.MaxDepth, MaxResults: c.Query.MaxResults}, app)
				if err != nil {
					return err
				}
				src = export.Static(nodes, edges)
			default:
				sg, err := sf.run(cmd, app, s, "export")
				if err != nil {
					return err
				}
				src = export.Static(sg.Nodes, sg.Edges)
			}
			opts := export.Options{MaxBytes: maxBytes, Warn: func(m string) { fmt.Fprintf(app.Stderr, "sourcetrace: export: %s\n", m) }}
			res := exportResult{Format: f, Output: out}
			switch {
			case f == export.CSV:
				st, command, err := export.WriteCSV(ctx, out, src, opts)
				if err != nil {
					return err
				}
				res.Stats, res.Command = st, command
			default:
				st, err := writeExport(ctx, app.Stdout, out, f, src, opts)
				if err != nil {
					return err
				}
				res.Stats = st
				if (f == export.NQuads || f == export.Dgraph) && out != "-" {
					schema := strings.TrimSuffix(out, filepath.Ext(out)) + ".dql"
					if err := writeFileAtomic(schema, export.WriteDQLSchema); err != nil {
						return err
					}
					res.Schema = schema
					if f == export.Dgraph {
						res.Command = export.DgraphLiveCommand(out, schema)
					}
				}
			}
			if asJSON {
				return app.printJSON(res)
			}
			if out != "-" {
				fmt.Fprintf(app.Stderr, "exported %d nodes, %d edges (%d bytes) as %s to %s\n", res.Stats.Nodes, res.Stats.Edges, res.Stats.Bytes, f, out)
			}
			if res.Schema != "" {
				fmt.Fprintf(app.Stderr, "DQL schema: %s\n", res.Schema)
			}
			if f == export.NQuads && out != "-" {
				fmt.Fprintf(app.Stderr, "(Dgraph cannot load labelled quads: export with --format dgraph to load it there)\n")
			}
			if res.Command != "" {
				fmt.Fprintf(app.Stderr, "load it with:\n  %s\n", res.Command)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&asJSON, "json", false, "print what was written as JSON")
	fl.BoolVar(&all, "all", false, "export the whole graph (streamed)")
	fl.StringVar(&format, "format", "", "output format: "+strings.Join(formats, ", "))
	fl.StringVarP(&out, "output", "o", "", "output file (a directory for csv; - for standard output)")
	fl.Int64Var(&maxBytes, "max-bytes", 0, "cap on the output size in bytes, 0 for none (default: export.max_bytes)")
	fl.StringVar(&queryExp, "query", "", "path expression selecting what to export: its results, the paths that reached them, and the edges among them")
	sf.add(cmd)
	return cmd
}

type exportResult struct {
	Format  export.Format `json:"format"`
	Output  string        `json:"output"`
	Schema  string        `json:"schema,omitempty"`
	Command string        `json:"command,omitempty"`
	Stats   export.Stats  `json:"stats"`
}

// writeExport writes to standard output for "-", else to a temporary file
// renamed over path only once the export succeeded, so a capped or failed
// export leaves no truncated file.
func writeExport(ctx context.Context, stdout io.Writer, path string, f export.Format, src export.Source, opts export.Options) (export.Stats, error) {
	if path == "-" {
		return export.Write(ctx, stdout, f, src, opts)
	}
	var st export.Stats
	err := writeFileAtomic(path, func(w io.Writer) error {
		var err error
		st, err = export.Write(ctx, w, f, src, opts)
		return err
	})
	return st, err
}

func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		if errors.Is(err, graph.ErrLimit) {
			return fmt.Errorf("%w (nothing written to %s; raise --max-bytes or export.max_bytes)", err, path)
		}
		return err
	}
	// CreateTemp makes the file private; an export is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}

// pathSubgraph evaluates a path expression and returns the nodes it reached
// together with every node on the paths that reached them, and the edges
// among those nodes.
func pathSubgraph(ctx context.Context, r graph.Reader, expr string, opts path.Options, app *App) ([]graph.Node, []graph.Edge, error) {
	res, err := path.Run(ctx, r, expr, opts)
	if err != nil {
		return nil, nil, err
	}
	if res.Truncated {
		fmt.Fprintf(app.Stderr, "sourcetrace: export: the expression had more than %d results at some step; the rest were dropped\n", opts.MaxResults)
	}
	in := map[graph.ID]bool{}
	var ids []graph.ID
	add := func(id graph.ID) {
		if !in[id] {
			in[id] = true
			ids = append(ids, id)
		}
	}
	for _, row := range res.Rows {
		for _, id := range row.Path {
			add(id)
		}
		add(row.ID)
	}
	nodes := make([]graph.Node, 0, len(ids))
	var edges []graph.Edge
	for _, id := range ids {
		n, err := r.Node(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		nodes = append(nodes, n)
		out, err := r.Edges(ctx, id, graph.Out)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range out {
			if in[e.To] {
				edges = append(edges, e)
			}
		}
	}
	return nodes, edges, nil
}
