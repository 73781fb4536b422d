package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// File names WriteCSV creates.
const (
	CSVNodesFile         = "nodes.csv"
	CSVRelationshipsFile = "relationships.csv"
)

// csvArrayDelimiter separates string[] elements; neo4j-admin is told so
// with --array-delimiter.
const csvArrayDelimiter = ";"

var (
	csvNodeHeader = []string{"id:ID", "name", "kind", "subkind", "aliases:string[]", ":LABEL", "roles:string[]", "attrs"}
	csvRelHeader  = []string{":START_ID", ":END_ID", ":TYPE", "seq:int", "article", "confidence:double",
		"spans", "text", "extractor", "version", "ingested:datetime", "edge_id"}
)

// neo4jLabels gives a node's labels: its kind, plus Entity for the things
// claims are about and said by (everything but articles, claims and
// assessments).
func neo4jLabels(k graph.Kind) string {
	switch k {
	case graph.KindArticle, graph.KindClaim, graph.KindAssessment:
		return label(k)
	}
	return label(k) + csvArrayDelimiter + "Entity"
}

// relType is the relationship type in Neo4j's convention: SAID, AIRED_ON.
func relType(p graph.Predicate) string { return strings.ToUpper(string(p)) }

// WriteCSV writes src into dir as nodes.csv and relationships.csv for
// `neo4j-admin database import full`, and returns the command that imports
// them. Options.MaxBytes caps the two files together. Array values (aliases,
// roles) are joined with ';'; a ';' inside one is replaced by ',' with a
// warning, since neo4j-admin would split there. Node attributes go into one
// JSON-object column, as Neo4j properties cannot hold maps.
func WriteCSV(ctx context.Context, dir string, src Source, opts Options) (Stats, string, error) {
	if src == nil {
		return Stats{}, "", fmt.Errorf("export csv: nil source: %w", graph.ErrInvalid)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, "", fmt.Errorf("export csv: %w", err)
	}
	nodesPath := filepath.Join(dir, CSVNodesFile)
	relsPath := filepath.Join(dir, CSVRelationshipsFile)
	nf, err := os.Create(nodesPath)
	if err != nil {
		return Stats{}, "", fmt.Errorf("export csv: %w", err)
	}
	defer nf.Close()
	rf, err := os.Create(relsPath)
	if err != nil {
		return Stats{}, "", fmt.Errorf("export csv: %w", err)
	}
	defer rf.Close()
	st, err := writeCSV(ctx, nf, rf, src, opts)
	if err == nil {
		err = errors.Join(nf.Close(), rf.Close())
	}
	if err != nil {
		return st, "", fmt.Errorf("export csv to %s: %w", dir, err)
	}
	return st, Neo4jImportCommand(nodesPath, relsPath), nil
}

// Neo4jImportCommand returns the neo4j-admin command importing the two files
// into the database "neo4j" (which must be stopped; the import replaces it).
// --multiline-fields is needed because names and quotes may hold line
// breaks; --skip-bad-relationships lets a subgraph whose edges reach nodes
// outside it import the rest.
func Neo4jImportCommand(nodesPath, relsPath string) string {
	return "neo4j-admin database import full --overwrite-destination" +
		" --nodes=" + shellQuote(nodesPath) +
		" --relationships=" + shellQuote(relsPath) +
		" --array-delimiter=';' --multiline-fields=true --skip-bad-relationships=true neo4j"
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func writeCSV(ctx context.Context, nodesW, relsW io.Writer, src Source, opts Options) (Stats, error) {
	// One capper for both files so the cap covers the whole export.
	shared := newCapper(nil, opts)
	nodesSink := newSink(&splitCapper{shared, nodesW}, opts)
	relsSink := newSink(&splitCapper{shared, relsW}, opts)
	st, err := encodeCSV(ctx, nodesSink, relsSink, checked{src})
	st.Bytes = shared.n
	return st, err
}

// splitCapper sends writes to w while counting them on a shared capper.
type splitCapper struct {
	c *capper
	w io.Writer
}

func (s *splitCapper) Write(p []byte) (int, error) {
	s.c.w = s.w
	return s.c.Write(p)
}

func csvList(s *sink, vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		if strings.Contains(v, csvArrayDelimiter) {
			s.warnOnce("csv-array", fmt.Sprintf("csv: %q contains the array delimiter ';'; written with ',' instead", v))
			v = strings.ReplaceAll(v, csvArrayDelimiter, ",")
		}
		out[i] = v
	}
	return strings.Join(out, csvArrayDelimiter)
}

func encodeCSV(ctx context.Context, ns, rs *sink, src Source) (Stats, error) {
	var st Stats
	nw := csv.NewWriter(ns)
	if err := nw.Write(csvNodeHeader); err != nil {
		return st, err
	}
	rec := make([]string, len(csvNodeHeader))
	err := src.Nodes(ctx, func(n graph.Node) error {
		attrs := ""
		if len(n.Attrs) > 0 {
			b, err := json.Marshal(n.Attrs) // keys sorted
			if err != nil {
				return fmt.Errorf("node %s attributes: %w", n.ID, err)
			}
			attrs = string(b)
		}
		rec[0], rec[1], rec[2], rec[3] = n.ID.String(), n.Name, string(n.Kind), n.Subkind
		rec[4], rec[5], rec[6], rec[7] = csvList(ns, n.Aliases), neo4jLabels(n.Kind), csvList(ns, n.Roles), attrs
		if err := nw.Write(rec); err != nil {
			return err
		}
		st.Nodes++
		return ns.err()
	})
	if err != nil {
		return st, err
	}
	nw.Flush()
	if err := nw.Error(); err != nil {
		return st, err
	}
	if err := ns.flush(); err != nil {
		return st, err
	}

	rw := csv.NewWriter(rs)
	if err := rw.Write(csvRelHeader); err != nil {
		return st, err
	}
	rec = make([]string, len(csvRelHeader))
	err = src.Edges(ctx, func(e graph.Edge) error {
		article, ingested := "", ""
		if e.Prov.Article != 0 {
			article = e.Prov.Article.String()
		}
		if !e.Prov.Ingested.IsZero() {
			ingested = e.Prov.Ingested.Format(time.RFC3339Nano)
		}
		rec[0], rec[1], rec[2], rec[3] = e.From.String(), e.To.String(), relType(e.Predicate), strconv.Itoa(e.Seq)
		rec[4], rec[5], rec[6], rec[7] = article, formatFloat(e.Prov.Confidence), spansString(e.Prov.Spans), e.Prov.Text
		rec[8], rec[9], rec[10], rec[11] = e.Prov.Extractor, e.Prov.Version, ingested, EdgeID(e)
		if err := rw.Write(rec); err != nil {
			return err
		}
		st.Edges++
		return rs.err()
	})
	if err != nil {
		return st, err
	}
	rw.Flush()
	if err := rw.Error(); err != nil {
		return st, err
	}
	return st, rs.flush()
}
