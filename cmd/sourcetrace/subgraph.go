package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newSubgraphCmd) }

// selectFlags choose a neighbourhood: seeds (--around NAME, --claim ID)
// and the walk's filters. subgraph and export share them.
type selectFlags struct {
	around     []string
	claims     []string
	depth      int
	preds      []string
	kinds      []string
	from, to   string
	minConf    float64
	direction  string
	maxResults int
}

func (f *selectFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.around, "around", nil, "start from this entity (name, alias or node ID; repeatable)")
	fl.StringArrayVar(&f.claims, "claim", nil, "start from this claim ID (repeatable)")
	fl.IntVar(&f.depth, "depth", 2, "how many edges from a start node to walk (at most query.max_depth)")
	fl.StringSliceVar(&f.preds, "pred", nil, "follow only these predicates (comma-separated: "+joinPredicates()+")")
	fl.StringSliceVar(&f.kinds, "node-kind", nil, "include only these node kinds besides the start nodes (comma-separated)")
	fl.StringVar(&f.from, "from", "", "leave out articles published before this date (YYYY-MM-DD)")
	fl.StringVar(&f.to, "to", "", "leave out articles published after this date (YYYY-MM-DD)")
	fl.Float64Var(&f.minConf, "min-confidence", 0, "leave out edges whose confidence is below this (0-1)")
	fl.StringVar(&f.direction, "direction", "both", "follow edges out, in or both")
	fl.IntVar(&f.maxResults, "max-results", 0, "most nodes (default and upper bound: query.max_results)")
}

func joinPredicates() string {
	var s []string
	for _, p := range graph.Predicates {
		s = append(s, string(p))
	}
	return strings.Join(s, ", ")
}

func (f *selectFlags) given() bool { return len(f.around) > 0 || len(f.claims) > 0 }

// run resolves the seeds and walks the neighbourhood with the configured
// caps.
func (f *selectFlags) run(cmd *cobra.Command, app *App, r graph.Reader, cmdName string) (*query.Subgraph, error) {
	c, err := app.Config()
	if err != nil {
		return nil, err
	}
	opts := query.SubgraphOptions{Depth: f.depth, MaxDepth: c.Query.MaxDepth, MaxResults: c.Query.MaxResults, MinConfidence: f.minConf}
	if f.depth <= 0 {
		return nil, usagef("%s: --depth %d: want a positive number", cmdName, f.depth)
	}
	if f.depth > c.Query.MaxDepth {
		return nil, usagef("%s: --depth %d is above query.max_depth (%d); raise it in the configuration to walk deeper", cmdName, f.depth, c.Query.MaxDepth)
	}
	if f.maxResults < 0 {
		return nil, usagef("%s: --max-results %d: want a positive number", cmdName, f.maxResults)
	}
	if f.maxResults > 0 {
		if f.maxResults > c.Query.MaxResults {
			return nil, usagef("%s: --max-results %d is above query.max_results (%d)", cmdName, f.maxResults, c.Query.MaxResults)
		}
		opts.MaxResults = f.maxResults
	}
	if f.minConf < 0 || f.minConf > 1 {
		return nil, usagef("%s: --min-confidence %v: want a number from 0 to 1", cmdName, f.minConf)
	}
	for _, p := range f.preds {
		pr := graph.Predicate(strings.TrimSpace(p))
		if !pr.Valid() {
			return nil, usagef("%s: --pred %q: want one of %s", cmdName, p, joinPredicates())
		}
		opts.Predicates = append(opts.Predicates, pr)
	}
	for _, k := range f.kinds {
		kd := graph.Kind(strings.TrimSpace(k))
		if !kd.Valid() {
			var names []string
			for _, k := range graph.Kinds {
				names = append(names, string(k))
			}
			return nil, usagef("%s: --node-kind %q: want one of %s", cmdName, k, strings.Join(names, ", "))
		}
		opts.Kinds = append(opts.Kinds, kd)
	}
	switch f.direction {
	case "both":
	case "out":
		opts.Direction = query.OutOnly
	case "in":
		opts.Direction = query.InOnly
	default:
		return nil, usagef("%s: --direction %q: want out, in or both", cmdName, f.direction)
	}
	if opts.From, err = parseDateFlag("from", f.from, false); err != nil {
		return nil, err
	}
	if opts.To, err = parseDateFlag("to", f.to, true); err != nil {
		return nil, err
	}
	var seeds []graph.ID
	for _, name := range f.around {
		n, err := resolveEntity(cmd, r, name)
		if err != nil {
			return nil, err
		}
		seeds = append(seeds, n.ID)
	}
	ids, err := parseClaimIDs(cmdName, f.claims)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		n, err := r.Node(cmd.Context(), id)
		if err != nil {
			return nil, fmt.Errorf("%s: claim %s: %w", cmdName, id, err)
		}
		if n.Kind != graph.KindClaim {
			return nil, usagef("%s: --claim %s is a %s (%q), not a claim; use --around for entities", cmdName, id, n.Kind, n.Name)
		}
		seeds = append(seeds, id)
	}
	sg, err := query.Neighbourhood(cmd.Context(), r, seeds, opts)
	if err != nil {
		return nil, err
	}
	if sg.Truncated {
		fmt.Fprintf(app.Stderr, "sourcetrace: %s: result truncated at depth %d / %d nodes (query.max_depth %d, max results %d)\n",
			cmdName, sg.Depth, len(sg.Nodes), c.Query.MaxDepth, opts.MaxResults)
	}
	return sg, nil
}

func newSubgraphCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		sf     selectFlags
	)
	cmd := &cobra.Command{
		Use:   "subgraph (--around NAME | --claim ID)...",
		Short: "Print the neighbourhood of entities or claims, filtered by predicate, kind, date and confidence",
		Long: `Walk the graph breadth-first from the start nodes and print the nodes within
--depth edges that pass the filters, and the edges among them. The walk is
capped by query.max_depth and query.max_results; a capped result says so.
Use "sourcetrace export" with the same flags to write it in a graph format.`,
		Example: `  sourcetrace subgraph --around Kadyrov --depth 2
  sourcetrace subgraph --claim 674fb906b7e4a083 --pred said,via,aired_on --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !sf.given() {
				return usagef("subgraph: give at least one --around NAME or --claim ID")
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			sg, err := sf.run(cmd, app, s, "subgraph")
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(sg)
			}
			return writeSubgraph(app.Stdout, sg)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	sf.add(cmd)
	return cmd
}

func writeSubgraph(w io.Writer, sg *query.Subgraph) error {
	var b strings.Builder
	names := make(map[graph.ID]string, len(sg.Nodes))
	fmt.Fprintf(&b, "%d node%s, %d edge%s, depth %d", len(sg.Nodes), plural(len(sg.Nodes)), len(sg.Edges), plural(len(sg.Edges)), sg.Depth)
	if sg.Truncated {
		b.WriteString(" (truncated)")
	}
	b.WriteString("\n\nnodes:\n")
	for _, n := range sg.Nodes {
		names[n.ID] = shorten(n.Name, 60)
		kind := string(n.Kind)
		if n.Subkind != "" {
			kind += "/" + n.Subkind
		}
		fmt.Fprintf(&b, "  %s  %-22s %s\n", n.ID, kind, shorten(n.Name, 90))
	}
	b.WriteString("\nedges:\n")
	for _, e := range sg.Edges {
		fmt.Fprintf(&b, "  %s -%s-> %s  (%.2f)\n", names[e.From], e.Predicate, names[e.To], e.Prov.Confidence)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
