package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func init() { register(newBackupCmd) }

func newBackupCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a full backup of the store to FILE (- for stdout)",
		Long: `Write a full, consistent backup of the store (Badger's stream backup) while
it stays usable. The file is written beside FILE and renamed into place only
when complete, so an interrupted backup never leaves a truncated file.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := app.Store()
			if err != nil {
				return err
			}
			if args[0] == "-" {
				w := bufio.NewWriter(app.Stdout)
				if err := s.Backup(cmd.Context(), w); err != nil {
					return err
				}
				return w.Flush()
			}
			tmp := args[0] + ".partial"
			f, err := os.Create(tmp)
			if err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			w := bufio.NewWriter(f)
			err = s.Backup(cmd.Context(), w)
			if err == nil {
				err = w.Flush()
			}
			if err == nil {
				err = f.Sync()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(tmp)
				return fmt.Errorf("backup to %s: %w", args[0], err)
			}
			if err := os.Rename(tmp, args[0]); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			st, _ := os.Stat(args[0])
			fmt.Fprintf(app.Stderr, "backup written to %s (%d bytes)\n", args[0], st.Size())
			return nil
		},
	}
}
