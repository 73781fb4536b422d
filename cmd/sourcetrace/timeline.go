package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/query"
)

func init() { register(newTimelineCmd) }

func newTimelineCmd(app *App) *cobra.Command {
	var (
		asJSON bool
		cf     clusterFlags
	)
	cmd := &cobra.Command{
		Use:   "timeline CLAIM-ID",
		Short: "When a claim was first seen and how it spread across outlets; impossible orderings flagged",
		Long: `List the reports of a claim (and of the same speaker's near-identical claims)
in time order, by the article's publication date (else when it was ingested),
with the outlets each report brought the claim to. Reports dated before the
article they republish, or before the report of the agency they credit, are
flagged: one of the dates is wrong, or the copy is not what it seems.`,
		Example: `  sourcetrace timeline 674fb906b7e4a083 --json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := parseClaimIDs("timeline", args)
			if err != nil {
				return err
			}
			opts, err := cf.options("timeline")
			if err != nil {
				return err
			}
			s, err := app.Reader(cmd.Context())
			if err != nil {
				return err
			}
			res, err := query.Timeline(cmd.Context(), s, ids[0], opts)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(res)
			}
			return writeTimeline(app.Stdout, res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cf.add(cmd)
	return cmd
}

func formatEventDate(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04Z07:00")
}

func writeTimeline(w io.Writer, res query.TimelineResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", claimLine(res.Claim))
	if res.FirstSeen.IsZero() {
		fmt.Fprintf(&b, "no dated report; ")
	} else {
		fmt.Fprintf(&b, "first seen %s; ", formatEventDate(res.FirstSeen))
	}
	fmt.Fprintf(&b, "%d report%s, %d outlet%s\n\n", len(res.Events), plural(len(res.Events)), res.Outlets, plural(res.Outlets))
	for _, ev := range res.Events {
		src := ""
		if ev.DateSource == "retrieved" {
			src = " (ingested)"
		}
		fmt.Fprintf(&b, "%-17s%s  %s", formatEventDate(ev.Date), src, shorten(ev.Article.Title, 70))
		if len(ev.Publishers) > 0 {
			fmt.Fprintf(&b, " — %s", refNames(ev.Publishers))
		}
		if len(ev.NewOutlets) > 0 {
			fmt.Fprintf(&b, "  [new: %s]", refNames(ev.NewOutlets))
		}
		b.WriteByte('\n')
	}
	if len(res.Anomalies) > 0 {
		fmt.Fprintf(&b, "\nimpossible orderings:\n")
		for _, a := range res.Anomalies {
			fmt.Fprintf(&b, "  %q (%s): %s; source %q (%s)\n", shorten(a.Article.Title, 50), a.Article.Published,
				a.Reason, shorten(a.Source.Title, 50), a.Source.Published)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
