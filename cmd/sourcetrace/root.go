package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/config"
	"github.com/sourcetrace/sourcetrace/graph"
	gbadger "github.com/sourcetrace/sourcetrace/graph/badger"
	gdgraph "github.com/sourcetrace/sourcetrace/graph/dgraph"
	"github.com/sourcetrace/sourcetrace/query"
)

// App is the state one invocation shares between commands: the loaded
// configuration and the store, opened on first use and closed once.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	root   *cobra.Command
	loaded *config.Loaded
	store  *gbadger.Store

	// storeURL is --store: empty for the embedded store, or
	// dgraph://HOST:PORT[/GRAPH] for commands that read through Reader.
	storeURL string
	remote   graph.Store
}

// Config loads the configuration once.
func (a *App) Config() (*config.Config, error) {
	if a.loaded == nil {
		l, err := config.Load(a.root.PersistentFlags())
		if err != nil {
			return nil, usageError{err}
		}
		a.loaded = l
	}
	return &a.loaded.Config, nil
}

// Store opens the embedded store in the configured data directory.
func (a *App) Store() (*gbadger.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	if a.storeURL != "" {
		return nil, usagef("this command works on the embedded store only; --store %s is supported by %s", a.storeURL, strings.Join(readerCommands, ", "))
	}
	c, err := a.Config()
	if err != nil {
		return nil, err
	}
	opts := gbadger.DefaultOptions()
	opts.Logger = a.Logger()
	s, err := gbadger.Open(c.DataDir, opts)
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// readerCommands are the commands that read through Reader and so accept
// --store dgraph://.
var readerCommands = []string{"chain", "claims", "entity", "stats", "origins", "timeline", "path", "query", "subgraph", "explain", "export", "search", "reindex"}

// Reader opens the store --store names: the embedded store by default, or
// a Dgraph cluster for dgraph://HOST:PORT[/GRAPH].
func (a *App) Reader(ctx context.Context) (graph.Store, error) {
	if a.storeURL == "" {
		return a.Store()
	}
	if a.remote != nil {
		return a.remote, nil
	}
	addr, name, err := gdgraph.ParseURL(a.storeURL)
	if err != nil {
		return nil, usageError{err}
	}
	s, err := gdgraph.Open(ctx, addr, gdgraph.Options{Graph: name})
	if err != nil {
		return nil, err
	}
	a.remote = s
	return s, nil
}

// chainsOf, originsOf and claimsBy use a store's own query when it has one: Dgraph
// answers each in one request instead of one per hop, with the same result.
func chainsOf(ctx context.Context, r graph.Reader, id graph.ID) ([]query.Chain, error) {
	if c, ok := r.(interface {
		Chains(context.Context, graph.ID) ([]query.Chain, error)
	}); ok {
		return c.Chains(ctx, id)
	}
	return query.Chains(ctx, r, id)
}

func originsOf(ctx context.Context, r graph.Reader, id graph.ID, opts query.ClusterOptions) (query.OriginsResult, error) {
	if o, ok := r.(interface {
		Origins(context.Context, graph.ID, query.ClusterOptions) (query.OriginsResult, error)
	}); ok {
		return o.Origins(ctx, id, opts)
	}
	return query.Origins(ctx, r, id, opts)
}

func claimsBy(ctx context.Context, r graph.Reader, speaker string) ([]query.ClaimRef, error) {
	if c, ok := r.(interface {
		ClaimsBy(context.Context, string) ([]query.ClaimRef, error)
	}); ok {
		return c.ClaimsBy(ctx, speaker)
	}
	return query.ClaimsBy(ctx, r, speaker)
}

// Logger logs to stderr at the configured level.
func (a *App) Logger() *slog.Logger {
	level := slog.LevelWarn
	if a.loaded != nil {
		_ = level.UnmarshalText([]byte(a.loaded.Config.Log.Level))
	}
	return slog.New(slog.NewTextHandler(a.Stderr, &slog.HandlerOptions{Level: level}))
}

// Close closes the store if it was opened.
func (a *App) Close() error {
	if a.remote != nil {
		err := a.remote.Close()
		a.remote = nil
		if err != nil {
			return fmt.Errorf("close store: %w", err)
		}
	}
	if a.store == nil {
		return nil
	}
	err := a.store.Close()
	a.store = nil
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// printJSON writes v as indented JSON.
func (a *App) printJSON(v any) error {
	enc := json.NewEncoder(a.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "sourcetrace",
		Short: "Who really said what, through whom: a source-reliability knowledge graph",
		Long: `sourcetrace reads news articles, records every attribution (speaker, cue,
content, and every channel the claim passed through) in an embedded graph
store, and answers provenance questions about it.`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	app.root = root
	config.BindFlags(root.PersistentFlags())
	root.PersistentFlags().StringVar(&app.storeURL, "store", "",
		"read from dgraph://HOST:PORT[/GRAPH] instead of the embedded store (commands "+strings.Join(readerCommands, ", ")+")")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	for _, add := range commands {
		root.AddCommand(add(app))
	}
	return root
}

// commands is filled by each command file's init, so adding a command is
// adding a file.
var commands []func(*App) *cobra.Command

func register(f func(*App) *cobra.Command) { commands = append(commands, f) }

// resolveEntity finds one node by name (exact, then prefix), or says
// clearly that there is none or which names are ambiguous.
func resolveEntity(cmd *cobra.Command, r graph.Reader, name string) (graph.Node, error) {
	ctx := cmd.Context()
	if id, err := graph.ParseID(name); err == nil {
		if n, err := r.Node(ctx, id); err == nil {
			return n, nil
		}
	}
	ids, err := r.FindName(ctx, name, false, 10)
	if err != nil {
		return graph.Node{}, err
	}
	if len(ids) == 0 {
		if ids, err = r.FindName(ctx, name, true, 10); err != nil {
			return graph.Node{}, err
		}
	}
	var nodes []graph.Node
	for _, id := range ids {
		n, err := r.Node(ctx, id)
		if err != nil {
			return graph.Node{}, err
		}
		if n.Kind != graph.KindClaim && n.Kind != graph.KindArticle && n.Kind != graph.KindAssessment {
			nodes = append(nodes, n)
		}
	}
	nodes, err = dropMerged(ctx, r, nodes)
	if err != nil {
		return graph.Node{}, err
	}
	switch len(nodes) {
	case 0:
		return graph.Node{}, fmt.Errorf("no entity named %q: %w", name, graph.ErrNotFound)
	case 1:
		return nodes[0], nil
	}
	var names []string
	for _, n := range nodes {
		names = append(names, fmt.Sprintf("%s (%s, id %s)", n.Name, n.Kind, n.ID))
	}
	return nodes[0], usagef("%q is ambiguous: %s; give the id instead", name, strings.Join(names, "; "))
}

// sortedKeys returns a map's keys in ascending order, for stable output.
func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// dropMerged leaves out nodes merged into another node of the list (an
// alias_of edge to it), so a name both answer to after `merge` resolves to
// the canonical node instead of being ambiguous.
func dropMerged(ctx context.Context, r graph.Reader, nodes []graph.Node) ([]graph.Node, error) {
	in := make(map[graph.ID]bool, len(nodes))
	for _, n := range nodes {
		in[n.ID] = true
	}
	out := nodes[:0:0]
	for _, n := range nodes {
		alias, err := r.Edges(ctx, n.ID, graph.Out, graph.AliasOf)
		if err != nil {
			return nil, err
		}
		merged := false
		for _, e := range alias {
			if in[e.To] {
				merged = true
			}
		}
		if !merged {
			out = append(out, n)
		}
	}
	return out, nil
}
