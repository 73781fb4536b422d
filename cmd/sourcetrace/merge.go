package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newMergeCmd) }

func newMergeCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		by     string
	)
	cmd := &cobra.Command{
		Use:   "merge CANONICAL ALIAS",
		Short: "Record that ALIAS is the same entity as CANONICAL (undo with `sourcetrace undo`)",
		Long: `Merge ALIAS into CANONICAL: ALIAS gets an alias_of edge to CANONICAL, its
edges are copied onto CANONICAL (so queries on CANONICAL see ALIAS's claims)
and its names become CANONICAL's aliases. ALIAS keeps its own edges and
provenance. The merge is logged (see sourcetrace curations), survives
re-ingestion, and is taken back with sourcetrace undo or split.`,
		Example: `  sourcetrace merge "Ramzan Kadyrov" "a source in the Chechen leadership" --by alice`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			a, err := resolveEntity(cmd, s, args[0])
			if err != nil {
				return err
			}
			b, err := resolveEntity(cmd, s, args[1])
			if err != nil {
				return err
			}
			e, err := curate.Merge(cmd.Context(), s, s, a.ID, b.ID, curationMeta(by))
			if err != nil {
				return err
			}
			return printEntry(app, e, asJSON)
		},
	}
	curationFlags(cmd, &asJSON, &by)
	return cmd
}

// curationFlags adds the flags every curation command takes.
func curationFlags(cmd *cobra.Command, asJSON *bool, by *string) {
	cmd.Flags().BoolVar(asJSON, "json", false, "print the log entry as JSON")
	cmd.Flags().StringVar(by, "by", "", "who is curating (default $USER)")
}

func curationMeta(by string) curate.Meta {
	if by = strings.TrimSpace(by); by == "" {
		by = os.Getenv("USER")
	}
	return curate.Meta{By: by, At: time.Now()}
}

// printEntry shows a new log entry and how to take it back.
func printEntry(app *App, e curate.Entry, asJSON bool) error {
	if asJSON {
		return app.printJSON(e)
	}
	w := bufio.NewWriter(app.Stdout)
	fmt.Fprintf(w, "curation %d (%s): %s\n", e.Seq, e.ID, e.Summary)
	fmt.Fprintf(w, "  by %s at %s\n", e.By, e.At.Format(time.RFC3339))
	fmt.Fprintf(w, "  undo with: sourcetrace undo %d  (%s)\n", e.Seq, e.Inverse)
	return w.Flush()
}

// resolveClaim finds a claim by ID or by its words (exact, then prefix).
func resolveClaim(cmd *cobra.Command, r graph.Reader, ref string) (graph.Node, error) {
	ctx := cmd.Context()
	if id, err := graph.ParseID(ref); err == nil {
		n, err := r.Node(ctx, id)
		if err != nil {
			return graph.Node{}, fmt.Errorf("claim %s: %w", ref, err)
		}
		if n.Kind != graph.KindClaim {
			return graph.Node{}, usagef("%s is a %s (%q), not a claim", ref, n.Kind, shorten(n.Name, 60))
		}
		return n, nil
	}
	for _, prefix := range []bool{false, true} {
		ids, err := r.FindName(ctx, ref, prefix, 0)
		if err != nil {
			return graph.Node{}, err
		}
		var claims []graph.Node
		for _, id := range ids {
			n, err := r.Node(ctx, id)
			if err != nil {
				return graph.Node{}, err
			}
			if n.Kind == graph.KindClaim {
				claims = append(claims, n)
			}
		}
		switch len(claims) {
		case 0:
			continue
		case 1:
			return claims[0], nil
		}
		var list []string
		for _, c := range claims {
			list = append(list, fmt.Sprintf("%s %q", c.ID, shorten(c.Name, 50)))
		}
		return graph.Node{}, usagef("%q matches %d claims: %s; give the id instead", ref, len(claims), strings.Join(list, "; "))
	}
	return graph.Node{}, fmt.Errorf("no claim with id or words %q: %w", ref, graph.ErrNotFound)
}
