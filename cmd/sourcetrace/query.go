package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/path"
)

func init() { register(newQueryCmd) }

func newQueryCmd(app *App) *cobra.Command {
	var (
		asJSON    bool
		limit     int
		showPaths bool
	)
	cmd := &cobra.Command{
		Use:   "query EXPR",
		Short: "Walk the graph with a path expression and list the nodes it reaches",
		Long: `Evaluate a path expression and print the nodes it reaches (id, kind, name).

An expression starts at node(NAME|ID), speaker(...), outlet(...), claim(...)
or article(...) and follows steps joined by dots: out(PRED...), in(PRED...),
a predicate's own name (said(), via(), airedOn(), reportedBy(),
publishedBy(), contains(), mentions(), republishedFrom(), ...), any of
those with * to repeat (via*() or via*(3)), has(kind: "person"),
limit(N) and unique(). Recursive steps never revisit a node on their own
path, so circular reporting ends instead of looping. Walks deeper than
query.max_depth are refused; more than query.max_results results are cut.`,
		Example: `  sourcetrace query 'speaker("Ramzan Kadyrov").said().via*().aired_on()'
  sourcetrace query 'speaker("Kadyrov").said().in("contains").out("published_by").unique()'
  sourcetrace query 'node("Interfax").in("via").has(kind: "claim").limit(5)' --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("--limit %d: want 0 (no limit) or more", limit)
			}
			expr, err := path.Parse(args[0])
			if err != nil {
				var se *path.SyntaxError
				if errors.As(err, &se) {
					return usageError{fmt.Errorf("%w\n  %s", err, strings.ReplaceAll(se.Caret(), "\n", "\n  "))}
				}
				return usageError{err}
			}
			c, err := app.Config()
			if err != nil {
				return err
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			res, err := path.Evaluate(cmd.Context(), s, expr, path.Options{MaxDepth: c.Query.MaxDepth, MaxResults: c.Query.MaxResults})
			if err != nil {
				return err
			}
			total := len(res.Rows)
			if limit > 0 && total > limit {
				res.Rows = res.Rows[:limit]
			}
			if asJSON {
				return app.printJSON(struct {
					path.Result
					Total int `json:"total"`
				}{res, total})
			}
			return writeQueryRows(app, s, cmd, res, total, showPaths)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (each row with its path of node IDs)")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most N rows (0: all)")
	cmd.Flags().BoolVar(&showPaths, "paths", false, "print the path of names that reached each node")
	return cmd
}

func writeQueryRows(app *App, r graph.Reader, cmd *cobra.Command, res path.Result, total int, showPaths bool) error {
	w := bufio.NewWriter(app.Stdout)
	names := map[graph.ID]string{}
	for _, row := range res.Rows {
		kind := string(row.Kind)
		if row.Subkind != "" {
			kind += "/" + row.Subkind
		}
		fmt.Fprintf(w, "%s  %-12s  %s\n", row.ID, kind, shorten(row.Name, 100))
		if !showPaths {
			continue
		}
		var hops []string
		for _, id := range row.Path {
			name, ok := names[id]
			if !ok {
				n, err := r.Node(cmd.Context(), id)
				if err != nil {
					return err
				}
				name = shorten(n.Name, 40)
				names[id] = name
			}
			hops = append(hops, name)
		}
		fmt.Fprintf(w, "      via %s\n", strings.Join(hops, " → "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	switch {
	case len(res.Rows) < total:
		fmt.Fprintf(app.Stderr, "%d of %d results shown\n", len(res.Rows), total)
	default:
		fmt.Fprintf(app.Stderr, "%d result%s\n", total, plural(total))
	}
	if res.Truncated {
		fmt.Fprintf(app.Stderr, "results were cut at query.max_results\n")
	}
	return nil
}
