package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/config"
	"github.com/sourcetrace/sourcetrace/curate"
	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/search"
	"github.com/sourcetrace/sourcetrace/server"
)

func init() { register(newServeCmd) }

func newServeCmd(app *App) *cobra.Command {
	var (
		addr     string
		readOnly bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API and the analyst web page",
		Long: `serve answers provenance queries over HTTP and serves the analyst page:
search claims, draw their provenance chains, expand neighbourhoods and export
what is shown. It listens on server.addr (default 127.0.0.1:8080) and prints
the URL.

Uploads (POST /api/ingest) need server.token, sent as "Authorization: Bearer
TOKEN"; without a token they are disabled. With --read-only (or
server.read_only) the store is opened read-only and every write is refused.
Each request is bounded by server.timeout, walks by query.max_depth and
query.max_results, exports by export.max_bytes and uploads by
ingest.max_bytes. Interrupt (Ctrl-C) or SIGTERM stops it gracefully.`,
		Example: "  sourcetrace serve\n  SOURCETRACE_SERVER_TOKEN=secret sourcetrace serve --addr :8080\n  sourcetrace serve --read-only",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("serve takes no arguments, got %q (use --addr for the address)", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := app.Config()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("addr") {
				addr = c.Server.Addr
			}
			ro := readOnly || c.Server.ReadOnly
			log := serverLogger(app)

			var st graph.Store
			if ro {
				// A read-only open leaves the directory to other readers
				// and makes a write impossible, not merely refused.
				opts := gbadger.DefaultOptions()
				opts.ReadOnly = true
				opts.GCInterval = 0
				opts.Logger = app.Logger()
				s, err := gbadger.Open(c.DataDir, opts)
				if err != nil {
					return err
				}
				defer s.Close()
				st = s
			} else {
				s, err := app.Store()
				if err != nil {
					return err
				}
				st = s
			}

			opts := server.Options{
				Store:          st,
				Token:          c.Server.Token,
				ReadOnly:       ro,
				MaxBody:        c.Ingest.MaxBytes,
				MaxDepth:       c.Query.MaxDepth,
				MaxResults:     c.Query.MaxResults,
				ExportMaxBytes: c.Export.MaxBytes,
				Timeout:        c.Server.Timeout,
				Logger:         log,
			}
			ix, err := openServeIndex(cmd.Context(), app, c.DataDir, st, ro)
			if err != nil {
				return err
			}
			if ix != nil {
				defer ix.close()
				opts.Search = ix.search
			}
			if !ro {
				ropts := article.DefaultOptions()
				ropts.MaxBytes = c.Ingest.MaxBytes
				in := newIngester(st, c.Ingest, ropts)
				opts.Ingest = func(ctx context.Context, paths []string) (ingest.Summary, error) {
					sum, err := in.Run(ctx, paths)
					if err != nil {
						return sum, err
					}
					if _, err := curate.Reapply(ctx, st, st); err != nil {
						return sum, fmt.Errorf("reapply curations: %w", err)
					}
					if ix == nil {
						return sum, nil
					}
					// Keep search current; the upload is stored either way.
					if err := ix.sync(ctx, st); err != nil {
						sum.Warnings = append(sum.Warnings, "search index not updated: "+err.Error())
					}
					return sum, nil
				}
			}

			var lc net.ListenConfig
			ln, err := lc.Listen(cmd.Context(), "tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s (server.addr): %w", addr, err)
			}
			fmt.Fprintf(app.Stdout, "sourcetrace: serving %s on http://%s/\n", c.DataDir, ln.Addr())
			switch {
			case ro:
				fmt.Fprintln(app.Stderr, "sourcetrace: read-only: uploads and other writes are refused")
			case c.Server.Token == "":
				fmt.Fprintln(app.Stderr, "sourcetrace: uploads disabled (set server.token or SOURCETRACE_SERVER_TOKEN to enable them)")
			}
			if err := server.New(opts).Serve(cmd.Context(), ln); err != nil {
				return err
			}
			fmt.Fprintln(app.Stderr, "sourcetrace: server stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "listen address host:port (default: server.addr, 127.0.0.1:8080); port 0 picks a free one")
	cmd.Flags().BoolVar(&readOnly, "read-only", false, "open the store read-only and refuse uploads (also server.read_only)")
	return cmd
}

// serveIndexDir is the search index directory inside the data dir, where
// `sourcetrace search` and `reindex` keep it.
const serveIndexDir = "search.bleve"

// serveIndex is the full-text index as the server uses it. Package search
// allows concurrent searches but not a Sync alongside them, so a sync
// (after an upload) briefly holds searches back; other queries and the
// store are never locked.
type serveIndex struct {
	mu sync.RWMutex
	ix *search.Index
}

// openServeIndex opens the search index for the server, or returns nil (and
// says why on stderr) when the scan-based search must do: no index in
// read-only mode, an index out of date with a read-only store, or an index
// held by another process. With a writable store it creates or updates it.
func openServeIndex(ctx context.Context, app *App, dataDir string, r graph.Reader, readOnly bool) (*serveIndex, error) {
	path := filepath.Join(dataDir, serveIndexDir)
	open := search.OpenOrCreate
	if readOnly {
		open = search.Open
	}
	ix, err := open(path)
	switch {
	case errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrInUse):
		fmt.Fprintf(app.Stderr, "sourcetrace: search index unavailable (%v); searching by scanning the store\n", err)
		return nil, nil
	case err != nil:
		return nil, err
	}
	si := &serveIndex{ix: ix}
	if readOnly {
		stale, err := ix.Stale(ctx, r)
		if err != nil || stale {
			ix.Close()
			fmt.Fprintf(app.Stderr, "sourcetrace: search index older than the store (run `sourcetrace reindex`); searching by scanning the store\n")
			return nil, nil
		}
		return si, nil
	}
	if err := si.sync(ctx, r); err != nil {
		ix.Close()
		return nil, err
	}
	return si, nil
}

func (si *serveIndex) sync(ctx context.Context, r graph.Reader) error {
	si.mu.Lock()
	defer si.mu.Unlock()
	_, err := si.ix.Sync(ctx, r, nil)
	return err
}

func (si *serveIndex) search(ctx context.Context, r graph.Reader, q server.SearchQuery) ([]query.ClaimRef, error) {
	si.mu.RLock()
	defer si.mu.RUnlock()
	res, err := si.ix.Search(ctx, r, search.Query{Words: q.Words, Speaker: q.Speaker, Outlet: q.Outlet,
		Kind: q.Kind, From: q.From, To: q.To, Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	refs := make([]query.ClaimRef, len(res.Hits))
	for i, h := range res.Hits {
		refs[i] = h.ClaimRef
	}
	return refs, nil
}

func (si *serveIndex) close() {
	si.mu.Lock()
	defer si.mu.Unlock()
	si.ix.Close()
}

// serverLogger logs requests to stderr: at info level, so there is one
// line per request, unless log.level was set explicitly.
func serverLogger(app *App) *slog.Logger {
	if app.loaded != nil {
		for _, s := range app.loaded.Settings {
			if s.Key == "log.level" && s.Source != config.FromDefault {
				return app.Logger()
			}
		}
	}
	return slog.New(slog.NewTextHandler(app.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
