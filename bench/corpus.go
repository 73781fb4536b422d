package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// Corpora are the collections a Run ingests, by directory name under the
// corpus root.
var Corpora = []string{"bbc", "reuters21578"}

// corpusPaths returns the existing corpus directories under root, or an
// error naming what is missing.
func corpusPaths(root string) ([]string, error) {
	var out []string
	for _, c := range Corpora {
		p := filepath.Join(root, c)
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("corpus %s: not a directory (set the corpus root; it holds %v): %w", p, Corpora, errOrNotDir(err))
		}
		out = append(out, p)
	}
	return out, nil
}

func errOrNotDir(err error) error {
	if err != nil {
		return err
	}
	return errors.New("not a directory")
}

// Doc is a read article with its extraction, the input of Generate and
// of the store benchmarks.
type Doc struct {
	Doc    article.Document
	Result extract.Result
}

// LoadDocs reads every document under paths (skipping unreadable ones, as
// ingest does), at most limit of them when limit > 0.
func LoadDocs(ctx context.Context, paths []string, limit int) ([]article.Document, error) {
	var docs []article.Document
	seen := map[string]bool{}
	for d, err := range article.All(ctx, paths, article.DefaultOptions()) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err != nil {
			continue
		}
		if k := d.Key(); seen[k] {
			continue // ingest leaves duplicates out too
		} else {
			seen[k] = true
		}
		docs = append(docs, d)
		if limit > 0 && len(docs) == limit {
			break
		}
	}
	return docs, nil
}

// ExtractAll runs x over docs with workers goroutines (0: one per CPU)
// and returns the results in input order.
func ExtractAll(ctx context.Context, x *extract.Extractor, docs []article.Document, workers int) ([]Doc, error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out := make([]Doc, len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = Doc{Doc: docs[i], Result: x.Extract(docs[i].Text)}
			}
		})
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out, ctx.Err()
}
