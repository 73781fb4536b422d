package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query/path"
)

func init() { register(newPathCmd) }

// defaultPathDepth is the longest path looked for without --depth: enough
// for speaker → claim → article → outlet → article → claim → speaker.
const defaultPathDepth = 6

func newPathCmd(app *App) *cobra.Command {
	var (
		asJSON   bool
		k        int
		preds    []string
		depth    int
		directed bool
	)
	cmd := &cobra.Command{
		Use:   "path FROM TO",
		Short: "List the k shortest paths between two nodes",
		Long: `List up to k simple paths between two nodes, shortest first. FROM and TO
are entity names (exact, then prefix) or node IDs (claims and articles too);
paths of equal length come in a stable order (by the IDs of their nodes).
Edges are followed both ways unless --directed. An edge asserted by several
articles is one step. --depth above query.max_depth is refused.`,
		Example: `  sourcetrace path Kadyrov "Agence France-Presse"
  sourcetrace path Kadyrov Interfax -k 5 --pred said,via,contains --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := app.Config()
			if err != nil {
				return err
			}
			opts := path.ShortestOptions{MaxDepth: depth, Undirected: !directed, DepthLimit: c.Query.MaxDepth}
			if !cmd.Flags().Changed("depth") {
				opts.MaxDepth = min(defaultPathDepth, c.Query.MaxDepth)
			}
			if k < 1 {
				return usagef("-k %d: want at least 1", k)
			}
			if k > c.Query.MaxResults {
				return usagef("-k %d is over the limit of %d (query.max_results): %w", k, c.Query.MaxResults, graph.ErrLimit)
			}
			for _, list := range preds {
				for _, p := range strings.Split(list, ",") {
					p = strings.TrimSpace(p)
					if p == "" {
						continue
					}
					if !graph.Predicate(p).Valid() {
						return usagef("--pred: unknown predicate %q (known: %s)", p, predicateList())
					}
					opts.Preds = append(opts.Preds, graph.Predicate(p))
				}
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			from, err := resolveEntity(cmd, s, args[0])
			if err != nil {
				return err
			}
			to, err := resolveEntity(cmd, s, args[1])
			if err != nil {
				return err
			}
			res, err := path.KShortest(cmd.Context(), s, from.ID, to.ID, k, opts)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(res)
			}
			return writePaths(app, res, opts.MaxDepth)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVarP(&k, "k", "k", 3, "how many paths")
	cmd.Flags().StringSliceVar(&preds, "pred", nil, "follow only these predicates (comma-separated, e.g. said,via,contains)")
	cmd.Flags().IntVar(&depth, "depth", defaultPathDepth, "longest path in edges (at most query.max_depth)")
	cmd.Flags().BoolVar(&directed, "directed", false, "follow edges only in their direction")
	return cmd
}

func predicateList() string {
	var s []string
	for _, p := range graph.Predicates {
		s = append(s, string(p))
	}
	return strings.Join(s, ", ")
}

func writePaths(app *App, res path.Paths, depth int) error {
	w := bufio.NewWriter(app.Stdout)
	fmt.Fprintf(w, "%s → %s: %d path%s of up to %d edges\n", res.From.Name, res.To.Name, len(res.Paths), plural(len(res.Paths)), depth)
	for i, p := range res.Paths {
		fmt.Fprintf(w, "%d. (%d edge%s)\n", i+1, p.Length, plural(p.Length))
		for j, n := range p.Nodes {
			prefix := "   "
			if j > 0 {
				e := p.Edges[j-1]
				if e.Forward {
					prefix = fmt.Sprintf("   -%s-> ", e.Predicate)
				} else {
					prefix = fmt.Sprintf("   <-%s- ", e.Predicate)
				}
			}
			kind := string(n.Kind)
			if n.Subkind != "" {
				kind += ", " + n.Subkind
			}
			fmt.Fprintf(w, "%s%s (%s)\n", prefix, shorten(n.Name, 80), kind)
		}
	}
	if res.Truncated {
		fmt.Fprintf(w, "(search stopped early: the graph is too dense here; try --pred or a smaller --depth)\n")
	}
	return w.Flush()
}
