package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/brat"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

func init() { register(newExtractCmd) }

// extracted is the JSON form of one article's attributions.
type extracted struct {
	Source       string               `json:"source"`
	ID           string               `json:"id,omitempty"`
	Title        string               `json:"title,omitempty"`
	Offsets      string               `json:"offsets"`
	Attributions []extractedAttr      `json:"attributions"`
	Assessments  []extract.Assessment `json:"assessments,omitempty"`
	ReportedBy   *extract.Entity      `json:"reported_by,omitempty"`
	PublishedBy  *extract.Entity      `json:"published_by,omitempty"`
}

type extractedSpeaker struct {
	Name    string          `json:"name"` // canonical; empty when unresolved
	Kind    graph.Kind      `json:"kind"`
	Roles   []string        `json:"roles,omitempty"`
	Mention extract.Mention `json:"mention"`
}

type extractedAttr struct {
	Speaker    extractedSpeaker  `json:"speaker"`
	Cue        extract.Mention   `json:"cue"`
	Content    extract.Mention   `json:"content"`
	Kind       string            `json:"kind"`
	Via        []extract.Channel `json:"via"`
	Confidence float64           `json:"confidence"`
}

func newExtractCmd(app *App) *cobra.Command {
	var (
		format string
		outDir string
	)
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Write attribution spans as JSON, JSON lines or brat standoff, without touching the store",
		Long: `Run the extractor over articles (every format ingest reads) and write what it
finds. Nothing is written to the store.

Offsets are CHARACTER (Unicode code point) offsets into the article text as
read, the convention of PolNeAR's .ann files, so spans line up with the text
(for a .txt file the text is the whole file, title line included).

  --format json   one JSON document per article (an array when several)
  --format jsonl  one JSON object per article per line
  --format brat   DIR/NAME.ann per input NAME.txt: T lines for Source, Cue and
                  Content (discontinuous spans as "a b;c d") and an E line per
                  attribution, as PolNeAR does; for inputs that are not .txt
                  the text is written beside it as DIR/NAME.txt

With one input and no -o, output goes to stdout (brat included).`,
		Example: `  sourcetrace extract examples/kadyrov-spies.txt
  sourcetrace extract ../shared/corpus/polnear/dev/text --format brat -o /tmp/pred
  sourcetrace eval polnear ../shared/corpus/polnear/dev --pred /tmp/pred`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			ctx := cmd.Context()
			switch format {
			case "json", "jsonl", "brat":
			default:
				return usagef("extract: unknown --format %q (want json, jsonl or brat)", format)
			}
			c, err := app.Config()
			if err != nil {
				return err
			}
			files, err := article.Files(ctx, paths)
			if err != nil {
				return usageError{err}
			}
			if outDir == "" && (len(files) != 1 || (format == "brat" && len(files) != 1)) {
				return usagef("extract: %d inputs: name an output directory with -o", len(files))
			}
			if outDir != "" {
				if err := os.MkdirAll(outDir, 0o755); err != nil {
					return fmt.Errorf("extract: %w", err)
				}
			}
			ropts := article.DefaultOptions()
			ropts.MaxBytes = c.Ingest.MaxBytes
			x := newExtractor(c.Ingest)

			var jsonOut []extracted
			var jsonl *bufio.Writer
			if format == "jsonl" {
				w := app.Stdout
				if outDir != "" {
					f, err := os.Create(filepath.Join(outDir, "attributions.jsonl"))
					if err != nil {
						return fmt.Errorf("extract: %w", err)
					}
					defer f.Close()
					w = f
				}
				jsonl = bufio.NewWriter(w)
				defer jsonl.Flush()
			}
			failed := 0
			seen := map[string]int{}
			for doc, err := range article.All(ctx, paths, ropts) {
				if err != nil {
					fmt.Fprintf(app.Stderr, "skipped: %v\n", err)
					failed++
					continue
				}
				res := x.Extract(doc.Text)
				switch format {
				case "json":
					jsonOut = append(jsonOut, toExtracted(doc, res))
				case "jsonl":
					b, err := json.Marshal(toExtracted(doc, res))
					if err != nil {
						return err
					}
					jsonl.Write(append(b, '\n'))
				case "brat":
					if err := writeBrat(app.Stdout, outDir, doc, res, seen); err != nil {
						return err
					}
				}
			}
			if format == "json" {
				var v any = jsonOut
				if len(jsonOut) == 1 {
					v = jsonOut[0]
				} else if jsonOut == nil {
					v = []extracted{}
				}
				if outDir == "" {
					if err := app.printJSON(v); err != nil {
						return err
					}
				} else {
					b, err := json.MarshalIndent(v, "", "  ")
					if err != nil {
						return err
					}
					if err := os.WriteFile(filepath.Join(outDir, "attributions.json"), append(b, '\n'), 0o644); err != nil {
						return fmt.Errorf("extract: %w", err)
					}
				}
			}
			if failed > 0 {
				return &exitError{code: exitFailure, err: fmt.Errorf("%d input%s skipped", failed, plural(failed))}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "json, jsonl or brat")
	cmd.Flags().StringVarP(&outDir, "output", "o", "", "output directory (stdout when one input and no -o)")
	return cmd
}

func toExtracted(doc article.Document, res extract.Result) extracted {
	out := extracted{
		Source: doc.Source, ID: doc.ID, Title: doc.Title, Offsets: "characters",
		Assessments: res.Assessments, ReportedBy: res.ReportedBy, PublishedBy: res.PublishedBy,
		Attributions: make([]extractedAttr, 0, len(res.Attributions)),
	}
	for _, a := range res.Attributions {
		via := a.Via
		if via == nil {
			via = []extract.Channel{}
		}
		out.Attributions = append(out.Attributions, extractedAttr{
			Speaker: extractedSpeaker{Name: a.Speaker.Name, Kind: a.Speaker.Kind, Roles: a.Speaker.Roles, Mention: a.SpeakerMention},
			Cue:     a.Cue, Content: a.Content, Kind: a.Kind, Via: via, Confidence: a.Confidence,
		})
	}
	return out
}

// bratAttributions is the extraction as brat attributions; polnearSpans is
// derived from it too, so scoring written .ann files and scoring the
// extractor directly count exactly the same spans.
func bratAttributions(res extract.Result) []brat.Attribution {
	atts := make([]brat.Attribution, 0, len(res.Attributions))
	for _, a := range res.Attributions {
		atts = append(atts, brat.Attribution{Source: a.SpeakerMention.Spans, Cue: a.Cue.Spans, Content: a.Content.Spans})
	}
	return atts
}

// writeBrat writes doc's .ann (and, for inputs that are not .txt, its text)
// into dir, or the .ann to w when dir is empty.
func writeBrat(w io.Writer, dir string, doc article.Document, res extract.Result, seen map[string]int) error {
	ann := brat.FromAttributions(doc.Text, bratAttributions(res))
	if dir == "" {
		return brat.Write(w, ann)
	}
	src := doc.Source
	if i := strings.LastIndex(src, ":"); i > 0 && strings.HasSuffix(strings.ToLower(src[:i]), ".jsonl") {
		src = src[:i] // "file.jsonl:12"
	}
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	if doc.ID != "" {
		base = sanitize(doc.ID)
	}
	if base == "" || base == "-" {
		base = "stdin"
	}
	if n := seen[base]; n > 0 {
		base += "-" + strconv.Itoa(n+1)
	}
	seen[base]++
	if !strings.EqualFold(filepath.Ext(doc.Source), ".txt") {
		if err := os.WriteFile(filepath.Join(dir, base+".txt"), []byte(doc.Text), 0o644); err != nil {
			return fmt.Errorf("extract: %w", err)
		}
	}
	f, err := os.Create(filepath.Join(dir, base+".ann"))
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	if err := brat.Write(f, ann); err != nil {
		f.Close()
		return fmt.Errorf("extract: write %s: %w", f.Name(), err)
	}
	return f.Close()
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}
