package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newOriginsCmd) }

// parseClaimIDs reads claim IDs given on the command line.
func parseClaimIDs(cmdName string, args []string) ([]graph.ID, error) {
	var ids []graph.ID
	for _, a := range args {
		id, err := graph.ParseID(a)
		if err != nil {
			return nil, usagef("%s: %q is not a claim ID (16 hex digits); find claims with `sourcetrace search`", cmdName, a)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// clusterFlags are the flags choosing which claims count as one.
type clusterFlags struct {
	similar float64
	with    []string
}

func (c *clusterFlags) add(cmd *cobra.Command) {
	cmd.Flags().Float64Var(&c.similar, "similar", query.DefaultSimilarity,
		"join the same speaker's claims whose words overlap at least this much (token Jaccard, 0-1; 1: identical words only)")
	cmd.Flags().StringSliceVar(&c.with, "with", nil, "further claim IDs to treat as the same claim (repeatable)")
}

func (c *clusterFlags) options(cmdName string) (query.ClusterOptions, error) {
	if c.similar <= 0 || c.similar > 1 {
		return query.ClusterOptions{}, usagef("%s: --similar %v: want a number in (0, 1]", cmdName, c.similar)
	}
	ids, err := parseClaimIDs(cmdName, c.with)
	if err != nil {
		return query.ClusterOptions{}, err
	}
	return query.ClusterOptions{Similarity: c.similar, Claims: ids}, nil
}

func newOriginsCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		cf     clusterFlags
	)
	cmd := &cobra.Command{
		Use:   "origins CLAIM-ID",
		Short: "Count the independent origins of a claim: reports sharing an upstream count once",
		Long: `Group every report of a claim (and of the same speaker's near-identical
claims) by independent origin. Reports that share an upstream node are one
origin: the same wire story (republished_from, circular copying included),
the same agency's report, the same named outlet or channel the claim came
through. Ten outlets repeating one agency report count once.`,
		Example: `  sourcetrace origins 674fb906b7e4a083
  sourcetrace origins 674fb906b7e4a083 --similar 0.6 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := parseClaimIDs("origins", args)
			if err != nil {
				return err
			}
			opts, err := cf.options("origins")
			if err != nil {
				return err
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			res, err := originsOf(cmd.Context(), s, ids[0], opts)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(res)
			}
			return writeOrigins(app.Stdout, res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cf.add(cmd)
	return cmd
}

func claimLine(c query.ClaimRef) string {
	sp := c.Speaker
	if sp == "" {
		sp = "(no speaker)"
	}
	return fmt.Sprintf("%s  %s: %q", c.ID, sp, shorten(c.Content, 100))
}

func refNames(refs []query.NodeRef) string {
	var names []string
	for _, r := range refs {
		names = append(names, r.Name)
	}
	return strings.Join(names, ", ")
}

func writeOrigins(w io.Writer, res query.OriginsResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", claimLine(res.Claim))
	if len(res.Cluster) > 1 {
		fmt.Fprintf(&b, "treated as the same claim:\n")
		for _, c := range res.Cluster[1:] {
			fmt.Fprintf(&b, "  %s\n", claimLine(c))
		}
	}
	fmt.Fprintf(&b, "%d report%s from %d independent origin%s\n", res.Reports, plural(res.Reports), res.Independent, plural(res.Independent))
	for i, o := range res.Origins {
		fmt.Fprintf(&b, "\n%d. first in %q", i+1, o.First.Title)
		if o.First.Published != "" {
			fmt.Fprintf(&b, " (%s)", o.First.Published)
		}
		if len(o.Shared) > 0 {
			fmt.Fprintf(&b, "; shared upstream: %s", refNames(o.Shared))
		}
		fmt.Fprintf(&b, "; %d report%s\n", len(o.Reports), plural(len(o.Reports)))
		for _, r := range o.Reports {
			date := r.Article.Published
			if date == "" {
				date = "undated"
			}
			fmt.Fprintf(&b, "   %-10s  %s", date, shorten(r.Article.Title, 70))
			if len(r.Publishers) > 0 {
				fmt.Fprintf(&b, " — %s", refNames(r.Publishers))
			}
			if len(r.Agencies) > 0 {
				fmt.Fprintf(&b, " (agency %s)", refNames(r.Agencies))
			}
			if len(r.Channels) > 0 {
				fmt.Fprintf(&b, " via %s", refNames(r.Channels))
			}
			if len(r.RepublishedFrom) > 0 {
				fmt.Fprintf(&b, " [copies %d article%s]", len(r.RepublishedFrom), plural(len(r.RepublishedFrom)))
			}
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
