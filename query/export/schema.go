package export

import (
	_ "embed"
	"fmt"
	"io"
)

// schemaDQL is the Dgraph schema matching the dgraph format's predicates.
//
//go:embed schema.dql
var schemaDQL string

// WriteDQLSchema writes the DQL schema to load beside a dgraph-format
// export: types, indexes on names and content, @reverse and @count on edge
// predicates, and the xid predicate the live loader upserts on.
func WriteDQLSchema(w io.Writer) error {
	if _, err := io.WriteString(w, schemaDQL); err != nil {
		return fmt.Errorf("write dql schema: %w", err)
	}
	return nil
}

// DgraphLiveCommand returns the command that loads a dgraph-format export
// and its schema with Dgraph's live loader. --upsertPredicate keeps each
// node IRI in the xid predicate and looks it up first, so a later load of
// another export joins the nodes already stored instead of duplicating them.
func DgraphLiveCommand(nquadsPath, schemaPath string) string {
	return "dgraph live --files " + shellQuote(nquadsPath) + " --format rdf --schema " + shellQuote(schemaPath) + " --upsertPredicate xid"
}
