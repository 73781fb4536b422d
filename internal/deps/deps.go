package deps
import (
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/spf13/viper"
	_ "github.com/spf13/cobra"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/neurosnap/sentences"
	_ "github.com/jdkato/prose/v2"
	_ "github.com/markusmobius/go-trafilatura"
	_ "gonum.org/v1/gonum/graph/formats/rdf"
	_ "github.com/piprate/json-gold/ld"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/adrg/strutil"
	_ "github.com/kljensen/snowball"
)
