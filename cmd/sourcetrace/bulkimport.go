package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
)

func init() { register(newLoadCmd) }

// The bulk path is its own command, `load`, rather than an `import`
// subcommand (import reads N-Quads exports) or an `ingest --bulk` flag: it
// only works on a fresh store and replaces ingest's per-article
// transactions with one sorted load, which deserves its own name and help.
func newLoadCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "load PATH...",
		Short: "Bulk ingest articles into a fresh, empty store (much faster than ingest)",
		Long: `Read and extract articles exactly as 'ingest' does (same readers, extractor
and graph mapping, extraction in parallel on every core), but write them with
badger's StreamWriter in one sorted pass instead of one transaction per
article. The store must be empty: load is for building a store from a corpus;
use 'ingest' to add to an existing one.

Everything is sorted in bounded memory (runs spilled to $TMPDIR, about as
large as the store), so memory use does not grow with the corpus. A failing
load leaves the store empty. Inputs that cannot be read or extracted are
skipped and reported as ingest reports them.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			ctx := cmd.Context()
			c, err := app.Config()
			if err != nil {
				return err
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			ropts := article.DefaultOptions()
			ropts.MaxBytes = c.Ingest.MaxBytes
			feed := newBulkFeed(ctx)
			in := newIngester(feed, c.Ingest, ropts)
			var (
				st      graph.BulkStats
				loadErr error
				wg      sync.WaitGroup
			)
			wg.Go(func() {
				st, loadErr = s.BulkLoad(ctx, feed.source)
				feed.finish(loadErr)
			})
			sum, runErr := in.Run(feed.ctx, paths)
			feed.close()
			wg.Wait()
			if loadErr != nil {
				return loadErr
			}
			if runErr != nil {
				return runErr
			}
			if _, err := syncSearchIndex(ctx, app, s); err != nil {
				return fmt.Errorf("loaded, but the search index failed (run 'sourcetrace reindex'): %w", err)
			}
			if asJSON {
				if err := app.printJSON(struct {
					Summary ingest.Summary  `json:"summary"`
					Bulk    graph.BulkStats `json:"bulk"`
				}{sum, st}); err != nil {
					return err
				}
			} else {
				if err := sum.WriteText(app.Stderr); err != nil {
					return err
				}
				fmt.Fprintf(app.Stderr, "bulk load: %d nodes, %d edges, %d keys (%d sorted runs, %d MiB spilled)\n",
					st.Nodes, st.Edges, st.Keys, st.Runs, st.TmpBytes>>20)
			}
			if len(sum.Skipped) > 0 {
				return &exitError{code: exitFailure, err: fmt.Errorf("%d input%s skipped (see above)", len(sum.Skipped), plural(len(sum.Skipped)))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON on stdout")
	return cmd
}

// bulkFeed is the graph.Writer the ingester writes to during a load: each
// WriteArticle hands its batch to the bulk loader's source, which yields
// them in arrival order. When the load fails, writes fail too and the run
// is cancelled.
type bulkFeed struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	ch     chan *graph.Batch
	done   chan struct{} // closed when the loader has stopped reading
	once   sync.Once
	err    error
}

var _ graph.Writer = (*bulkFeed)(nil)

func newBulkFeed(ctx context.Context) *bulkFeed {
	ctx, cancel := context.WithCancelCause(ctx)
	return &bulkFeed{ctx: ctx, cancel: cancel, ch: make(chan *graph.Batch, 64), done: make(chan struct{})}
}

// source is the BulkLoad source: every batch written until close.
func (f *bulkFeed) source(yield func(*graph.Batch) error) error {
	for b := range f.ch {
		if err := yield(b); err != nil {
			return err
		}
	}
	return nil
}

// finish records how the load ended and unblocks writers.
func (f *bulkFeed) finish(err error) {
	f.once.Do(func() {
		f.err = err
		close(f.done)
		if err != nil {
			f.cancel(err)
		}
	})
}

// close ends the input: no WriteArticle may follow.
func (f *bulkFeed) close() { close(f.ch) }

func (f *bulkFeed) WriteArticle(ctx context.Context, b *graph.Batch) error {
	// Checked here so an invalid article is skipped, as ingest skips it,
	// instead of failing the whole load.
	if err := b.Validate(); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	select {
	case f.ch <- b:
		return nil
	case <-f.done:
		if f.err == nil {
			return errors.New("bulk load ended early")
		}
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

var errBulkOnly = fmt.Errorf("load writes whole articles only: %w", graph.ErrInvalid)

func (f *bulkFeed) DeleteArticle(context.Context, graph.ID) error   { return errBulkOnly }
func (f *bulkFeed) PutNode(context.Context, graph.Node) error       { return errBulkOnly }
func (f *bulkFeed) PutEdges(context.Context, []graph.Edge) error    { return errBulkOnly }
func (f *bulkFeed) DeleteEdges(context.Context, []graph.Edge) error { return errBulkOnly }
