package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/server"
)

// corpusDir is the shared BBC corpus, when present beside the repository.
func corpusDir(tb testing.TB, sub string) string {
	p := filepath.Join(moduleRoot(tb), "..", "shared", "corpus", sub)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s not found (%v)", p, err)
	}
	return p
}

// benchServer serves a store holding the BBC politics articles (417 texts),
// so walks and searches meet a realistic graph.
func benchServer(b *testing.B) (http.Handler, graph.ID, graph.ID) {
	b.Helper()
	st := mem.New()
	b.Cleanup(func() { st.Close() })
	if _, err := newIngest(st)(context.Background(), []string{corpusDir(b, "bbc/politics"), examplePath(b)}); err != nil {
		b.Fatal(err)
	}
	ids, err := st.FindName(context.Background(), "Ramzan Kadyrov", false, 1)
	if err != nil || len(ids) == 0 {
		b.Fatal("speaker not found", err)
	}
	said, err := st.Edges(context.Background(), ids[0], graph.Out, graph.Said)
	if err != nil || len(said) == 0 {
		b.Fatal("no claims", err)
	}
	return server.New(server.Options{Store: st}).Handler(), ids[0], said[0].To
}

func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}

func BenchmarkHandlers(b *testing.B) {
	h, speaker, claim := benchServer(b)
	for _, bm := range []struct{ name, path string }{
		{"search-words", "/api/search?q=government+plans"},
		{"search-speaker", "/api/search?q=Blair"},
		{"claim", "/api/claims/" + claim.String()},
		{"chains", "/api/claims/" + claim.String() + "/chains"},
		{"subgraph-depth2", "/api/subgraph?around=" + speaker.String() + "&depth=2"},
		{"export-graphml-depth2", "/api/export?format=graphml&around=" + speaker.String() + "&depth=2"},
		{"stats", "/api/stats"},
		{"explain-claim", "/api/explain/" + claim.String()},
	} {
		b.Run(bm.name, func(b *testing.B) { benchGet(b, h, bm.path) })
	}
}
