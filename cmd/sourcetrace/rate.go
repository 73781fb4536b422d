package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph"
)

func init() { register(newRateCmd) }

// importResult is one MISP entry's fate.
type importResult struct {
	Index  int           `json:"index"`
	Name   string        `json:"name"`
	Grade  *assess.Grade `json:"grade,omitempty"`
	Skip   string        `json:"skipped,omitempty"`
	Entity graph.ID      `json:"entity,omitempty"`
}

func newRateCmd(app *App) *cobra.Command {
	var (
		asJSON, history, exportMISP, analystOnly bool
		why, by, importMISP                      string
	)
	cmd := &cobra.Command{
		Use:   "rate ENTITY GRADE --why TEXT | --history ENTITY | --import-misp FILE | --export-misp",
		Short: "Record an analyst's Admiralty grade (A-F, G; 1-6 for claims), show grade history, or exchange grades with MISP",
		Long: `rate records an analyst grade as an assessment node in the graph, keeping
who, when and why; the newest grade is the one in force, and "unset"
withdraws it. Sources take source-reliability grades A (completely
reliable) to F (cannot be judged) and G (deliberately deceptive, MISP's
extension); claims, named by ID, take information-credibility grades 1
(confirmed by other sources) to 6 (truth cannot be judged).

--import-misp reads a MISP event (or JSON array of attributes) tagged with
the admiralty-scale taxonomy, e.g. admiralty-scale:source-reliability="b";
--export-misp writes one. Grades take effect in scores at the next rescore.`,
		Example: `  sourcetrace rate "Agence France-Presse" B --why "long record of accurate wire copy"
  sourcetrace rate Interfax unset --why "grade under review" --by alice
  sourcetrace rate --history Interfax
  sourcetrace rate --export-misp > grades.json
  sourcetrace rate --import-misp grades.json --by alice`,
		RunE: func(cmd *cobra.Command, args []string) error {
			modes := 0
			for _, on := range []bool{history, exportMISP, importMISP != ""} {
				if on {
					modes++
				}
			}
			if modes > 1 {
				return usagef("--history, --import-misp and --export-misp exclude each other")
			}
			switch {
			case history && len(args) != 1:
				return usagef("--history takes one ENTITY")
			case (exportMISP || importMISP != "") && len(args) != 0:
				return usagef("--import-misp and --export-misp take no arguments")
			case modes == 0 && len(args) != 2:
				return usagef("want ENTITY and GRADE (A-F, G, 1-6 or unset)")
			case modes == 0 && why == "":
				return usagef("--why is required: say why the grade is given")
			}
			if by == "" {
				by = defaultAnalyst()
			}
			s, err := app.Store()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			switch {
			case exportMISP:
				_, err := assess.ExportMISP(ctx, s, app.Stdout, analystOnly)
				return err
			case importMISP != "":
				f, err := os.Open(importMISP)
				if err != nil {
					return usagef("import misp: %v", err)
				}
				defer f.Close()
				entries, err := assess.ParseMISP(f)
				if err != nil {
					return usagef("import misp %s: %v", importMISP, err)
				}
				reason := why
				if reason == "" {
					reason = "imported from MISP file " + filepath.Base(importMISP)
				}
				var results []importResult
				skipped := 0
				now := time.Now().UTC()
				for _, e := range entries {
					r := importResult{Index: e.Index, Name: e.Name}
					n, err := findImported(cmd, s, e)
					if err != nil {
						r.Skip = err.Error()
					} else {
						grade := e.Reliability
						if n.Kind == graph.KindClaim {
							grade = e.Credibility
						}
						r.Entity = n.ID
						if grade == "" {
							r.Skip = fmt.Sprintf("no grade for a %s in the tags", n.Kind)
						} else if g, err := assess.Rate(ctx, s, s, n.ID, grade, by, reason, now); err != nil {
							r.Skip = err.Error()
						} else {
							r.Grade = &g
						}
					}
					if r.Skip != "" {
						skipped++
					}
					results = append(results, r)
				}
				if asJSON {
					if err := app.printJSON(results); err != nil {
						return err
					}
				} else {
					for _, r := range results {
						if r.Grade != nil {
							fmt.Fprintf(app.Stdout, "graded %s %s\n", r.Name, r.Grade.Grade)
						} else {
							fmt.Fprintf(app.Stderr, "skipped attribute %d (%s): %s\n", r.Index, r.Name, r.Skip)
						}
					}
					fmt.Fprintf(app.Stdout, "imported %d grade(s), skipped %d\n", len(results)-skipped, skipped)
				}
				if skipped > 0 {
					return &exitError{code: exitFailure}
				}
				return nil
			case history:
				n, err := resolveEntity(cmd, s, args[0])
				if err != nil {
					return err
				}
				h, err := assess.History(ctx, s, n.ID)
				if err != nil {
					return err
				}
				if asJSON {
					return app.printJSON(struct {
						Entity  graph.Node     `json:"entity"`
						History []assess.Grade `json:"history"`
					}{n, append([]assess.Grade{}, h...)})
				}
				fmt.Fprintf(app.Stdout, "%s (%s, id %s)\n", n.Name, n.Kind, n.ID)
				if len(h) == 0 {
					fmt.Fprintln(app.Stdout, "  never graded")
				}
				for _, g := range h {
					fmt.Fprintf(app.Stdout, "  %s  %-5s by %s: %s\n", g.At.Format(time.RFC3339), g.Grade, g.By, g.Why)
				}
				return nil
			}
			n, err := resolveEntity(cmd, s, args[0])
			if err != nil {
				return err
			}
			g, err := assess.Rate(ctx, s, s, n.ID, args[1], by, why, time.Now().UTC())
			if err != nil {
				if errors.Is(err, graph.ErrInvalid) {
					return usagef("%v", err)
				}
				return err
			}
			if asJSON {
				return app.printJSON(g)
			}
			if g.IsUnset() {
				fmt.Fprintf(app.Stdout, "withdrew the grade of %s (%s)\n", n.Name, n.ID)
			} else {
				fmt.Fprintf(app.Stdout, "graded %s (%s) %s by %s; run rescore to update scores\n", n.Name, n.ID, g.Grade, g.By)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&why, "why", "", "the reason for the grade (required when grading)")
	cmd.Flags().StringVar(&by, "by", "", "the analyst's name (default: $USER)")
	cmd.Flags().BoolVar(&history, "history", false, "show every grade given to ENTITY, oldest first")
	cmd.Flags().StringVar(&importMISP, "import-misp", "", "import admiralty-scale grades from a MISP JSON file")
	cmd.Flags().BoolVar(&exportMISP, "export-misp", false, "write grades as a MISP event with admiralty-scale tags")
	cmd.Flags().BoolVar(&analystOnly, "analyst-only", false, "with --export-misp: analyst grades only, not computed ones")
	return cmd
}

func defaultAnalyst() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "analyst"
}

// findImported resolves a MISP entry by its sourcetrace ID, else by name.
func findImported(cmd *cobra.Command, r graph.Reader, e assess.MISPEntry) (graph.Node, error) {
	if e.ID != 0 {
		if n, err := r.Node(cmd.Context(), e.ID); err == nil {
			return n, nil
		}
	}
	if e.Name == "" {
		return graph.Node{}, fmt.Errorf("id %s not in the store and no name: %w", e.ID, graph.ErrNotFound)
	}
	return resolveEntity(cmd, r, e.Name)
}
