package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func init() { register(newRestoreCmd) }

func newRestoreCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Load a backup written by `sourcetrace backup` into the store",
		Long: `Load a backup into the configured store. The store must be empty unless
--force is given (the backup's entries are then written over it).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = app.Stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return usagef("restore: %v", err)
				}
				defer f.Close()
				r = f
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			if !force {
				st, err := s.Stats(cmd.Context())
				if err != nil {
					return err
				}
				if st.Nodes > 0 {
					c, _ := app.Config()
					return usagef("restore: the store in %s already holds %d nodes; restore into an empty data directory or pass --force", c.DataDir, st.Nodes)
				}
			}
			if err := s.Restore(cmd.Context(), bufio.NewReader(r)); err != nil {
				return fmt.Errorf("restore from %s: %w", args[0], err)
			}
			st, err := s.Stats(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Stderr, "restored %d nodes and %d edges from %s\n", st.Nodes, st.Edges, args[0])
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "restore into a store that is not empty")
	return cmd
}
