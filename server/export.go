package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// contentType gives the media type of an export format.
func contentType(f export.Format) string {
	switch f {
	case export.GraphML, export.GEXF:
		return "application/xml; charset=utf-8"
	case export.JSONLD:
		return "application/ld+json; charset=utf-8"
	case export.NQuads, export.Dgraph:
		return "application/n-quads; charset=utf-8"
	case export.DOT:
		return "text/vnd.graphviz; charset=utf-8"
	case export.Cytoscape:
		return "application/json; charset=utf-8"
	case export.CSV:
		return "application/zip"
	}
	return "application/octet-stream"
}

// export answers /api/export?format=F with either around=ID&depth=N (a
// neighbourhood, as /api/subgraph) or ids=ID,ID,... (those nodes and the
// edges among them: what the page shows). The body is a download; CSV,
// being two files, comes zipped.
func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	if q.Get("format") == "" {
		return badRequest("export: parameter format is required (one of %s)", formatList())
	}
	f, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		return err
	}
	var (
		ns   []graph.Node
		es   []graph.Edge
		name string
	)
	switch {
	case q.Get("ids") != "" && q.Get("around") != "":
		return badRequest("export: give either around or ids, not both")
	case q.Get("ids") != "":
		ids, err := idList("ids", q.Get("ids"), s.opts.MaxResults)
		if err != nil {
			return err
		}
		if ns, es, err = among(ctx, s.opts.Store, ids); err != nil {
			return err
		}
		name = fmt.Sprintf("sourcetrace-%d-nodes", len(ns))
	default:
		seeds, opts, err := s.subgraphParams(r)
		if err != nil {
			return err
		}
		sg, err := query.Neighbourhood(ctx, s.opts.Store, seeds, opts)
		if err != nil {
			return err
		}
		ns, es = sg.Nodes, sg.Edges
		name = fmt.Sprintf("sourcetrace-%s-depth%d", seeds[0], sg.Depth)
	}

	var buf bytes.Buffer
	opts := export.Options{MaxBytes: s.opts.ExportMaxBytes}
	src := export.Static(ns, es)
	if f == export.CSV {
		if err := s.zipCSV(r, &buf, src, opts); err != nil {
			return err
		}
		name += ".csv.zip"
	} else {
		if _, err := export.Write(ctx, &buf, f, src, opts); err != nil {
			return err
		}
		name += f.Extension()
	}
	h := w.Header()
	h.Set("Content-Type", contentType(f))
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes()) // the client may have gone; nothing to tell it
	return nil
}

// zipCSV writes the two CSV files export.WriteCSV makes into a zip.
func (s *Server) zipCSV(r *http.Request, w io.Writer, src export.Source, opts export.Options) error {
	dir, err := os.MkdirTemp("", "sourcetrace-csv-*")
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	defer os.RemoveAll(dir)
	if _, _, err := export.WriteCSV(r.Context(), dir, src, opts); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	zw := zip.NewWriter(w)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
		fw, err := zw.Create(e.Name())
		if err != nil {
			return fmt.Errorf("export csv: zip %s: %w", e.Name(), err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("export csv: zip %s: %w", e.Name(), err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export csv: zip: %w", err)
	}
	return nil
}

// formats lists the export formats, for the page's buttons.
func (s *Server) formats(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"formats": export.Formats()})
	return nil
}

func formatList() string {
	var names []string
	for _, f := range export.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}
