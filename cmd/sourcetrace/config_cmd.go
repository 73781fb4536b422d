package main

import "github.com/spf13/cobra"

func init() { register(newConfigCmd) }

func newConfigCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value came from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := app.Config(); err != nil {
				return err
			}
			if asJSON {
				return app.printJSON(app.loaded)
			}
			return app.loaded.WriteText(app.Stdout)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
