package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/search"
)

func init() { register(newSearchCmd) }

// searchIndexName is the search index directory inside the data dir.
const searchIndexName = "search.bleve"

// searchIndexPath is where the search index of the configured store lives:
// <data_dir>/search.bleve for the embedded store, and a side index of its
// own per --store URL (search-<url>.bleve), kept locally, for a remote one.
func (a *App) searchIndexPath() (string, error) {
	c, err := a.Config()
	if err != nil {
		return "", err
	}
	if a.storeURL != "" {
		name := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
				return r
			}
			return '_'
		}, strings.TrimPrefix(a.storeURL, "dgraph://"))
		return filepath.Join(c.DataDir, "search-"+name+".bleve"), nil
	}
	return filepath.Join(c.DataDir, searchIndexName), nil
}

// syncSearchIndex brings the search index up to date with the store after a
// write (ingest, import), creating it when missing. It is cheap when little
// changed: only changed claims are reindexed (see query/search).
func syncSearchIndex(ctx context.Context, app *App, r graph.Reader) (search.SyncStats, error) {
	path, err := app.searchIndexPath()
	if err != nil {
		return search.SyncStats{}, err
	}
	ix, err := search.OpenOrCreate(path)
	if err != nil {
		return search.SyncStats{}, err
	}
	st, err := ix.Sync(ctx, r, nil)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return st, err
}

// claimKinds are the values of a claim's kind attribute.
var claimKinds = []string{"direct", "indirect", "mixed", "no-comment", "denial"}

// parseDateFlag reads --from/--to: YYYY-MM-DD or RFC 3339. A bare --to date
// means the end of that day.
func parseDateFlag(flag, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := query.ParseDate(s)
	if err != nil {
		return time.Time{}, usagef("--%s %q: want a date as YYYY-MM-DD or an RFC 3339 time", flag, s)
	}
	if end && len(s) == len(time.DateOnly) {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}

func newSearchCmd(app *App) *cobra.Command {
	var (
		asJSON           bool
		q                search.Query
		from, to, limitS string
	)
	cmd := &cobra.Command{
		Use:   "search [WORDS...]",
		Short: "Full-text search over claims, their speakers and aliases, with filters",
		Long: `Search claims by their words and their speakers' names and aliases (every
word must match; stemmed, so "repair" finds "repairs"), best matches first.
Narrow with --speaker, --outlet (publisher or agency of a reporting article),
--from/--to (the reporting article's publication date) and --kind (direct,
indirect, mixed, no-comment, denial). WORDS may be left out when a filter is
given.

The search index lives in <data_dir>/search.bleve; ingest keeps it current
and "sourcetrace reindex" rebuilds it. When the store changed since the index
was last updated, search says so.`,
		Example: `  sourcetrace search spies documentary
  sourcetrace search --speaker Kadyrov --json
  sourcetrace search bridge --outlet Reuters --from 2020-01-01 --to 2020-12-31 --kind direct`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := app.Config()
			if err != nil {
				return err
			}
			q.Words = strings.Join(args, " ")
			if q.From, err = parseDateFlag("from", from, false); err != nil {
				return err
			}
			if q.To, err = parseDateFlag("to", to, true); err != nil {
				return err
			}
			if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
				return usagef("search: --to %s is before --from %s", to, from)
			}
			if q.Kind != "" && !slices.Contains(claimKinds, strings.ToLower(q.Kind)) {
				return usagef("search: --kind %q: want one of %s", q.Kind, strings.Join(claimKinds, ", "))
			}
			q.Limit = 20
			if limitS != "" {
				if _, err := fmt.Sscan(limitS, &q.Limit); err != nil || q.Limit <= 0 {
					return usagef("search: --limit %q: want a positive number", limitS)
				}
			}
			if q.Limit > c.Query.MaxResults {
				return usagef("search: --limit %d is above query.max_results (%d)", q.Limit, c.Query.MaxResults)
			}
			if strings.TrimSpace(q.Words) == "" && q.Speaker == "" && q.Outlet == "" && q.Kind == "" && q.From.IsZero() && q.To.IsZero() {
				return usagef("search: give words to look for, or a filter (--speaker, --outlet, --from, --to, --kind)")
			}
			s, err := app.Reader(ctx)
			if err != nil {
				return err
			}
			path, err := app.searchIndexPath()
			if err != nil {
				return err
			}
			if app.storeURL != "" {
				// No ingest runs here to keep a remote store's index
				// current: bring it up to date before searching.
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					return fmt.Errorf("search: %w", err)
				}
				if _, err := syncSearchIndex(ctx, app, s); err != nil {
					return err
				}
			}
			ix, err := search.Open(path)
			if err != nil {
				return err
			}
			defer ix.Close()
			stale, err := ix.Stale(ctx, s)
			if err != nil {
				return err
			}
			if stale {
				fmt.Fprintf(app.Stderr, "sourcetrace: the search index is older than the store; results may be incomplete. Run `sourcetrace reindex`.\n")
			}
			res, err := ix.Search(ctx, s, q)
			if err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(struct {
					Query search.Query `json:"query"`
					Stale bool         `json:"stale"`
					search.Result
				}{q, stale, res})
			}
			if len(res.Hits) == 0 {
				fmt.Fprintln(app.Stderr, "no claims matched")
				return nil
			}
			for _, h := range res.Hits {
				speaker := h.Speaker
				if speaker == "" {
					speaker = "(no speaker)"
				}
				fmt.Fprintf(app.Stdout, "%s  %5.2f  %s: %q  [%s, %d report%s]\n",
					h.ID, h.Score, speaker, shorten(h.Content, 100), cmpOr(h.Kind, "?"), h.Reports, plural(h.Reports))
			}
			if uint64(len(res.Hits)) < res.Total {
				fmt.Fprintf(app.Stderr, "%d of %d matches shown (--limit)\n", len(res.Hits), res.Total)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.StringVar(&q.Speaker, "speaker", "", "only claims by a speaker whose name or alias has these words")
	f.StringVar(&q.Outlet, "outlet", "", "only claims reported by articles of this publisher or agency")
	f.StringVar(&from, "from", "", "only claims reported on or after this date (YYYY-MM-DD)")
	f.StringVar(&to, "to", "", "only claims reported on or before this date (YYYY-MM-DD)")
	f.StringVar(&q.Kind, "kind", "", "only claims of this kind: "+strings.Join(claimKinds, ", "))
	f.StringVar(&limitS, "limit", "", "most hits to show (default 20, at most query.max_results)")
	return cmd
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
