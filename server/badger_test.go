package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph/badger"
	"github.com/sourcetrace/sourcetrace/server"
)

// TestConcurrentUploadsAndQueriesBadger runs uploads and queries at once
// against the real store on disk: every query must succeed while articles
// are being written, and every upload must land.
func TestConcurrentUploadsAndQueriesBadger(t *testing.T) {
	st, err := badger.Open(t.TempDir(), badger.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := newIngest(st)(context.Background(), []string{examplePath(t)}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Options{Store: st, Ingest: newIngest(st), Token: "tok"}).Handler())
	defer srv.Close()

	// Articles to upload: BBC texts when the corpus is there, else made-up
	// variants (distinct people and places, so distinct claims).
	var uploads [][2]string // name, text
	n := 12
	if testing.Short() {
		n = 4
	}
	if dir := filepath.Join(moduleRoot(t), "..", "shared", "corpus", "bbc", "politics"); fileExists(dir) {
		for i := 1; i <= n; i++ {
			b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%03d.txt", i)))
			if err != nil {
				t.Fatal(err)
			}
			uploads = append(uploads, [2]string{fmt.Sprintf("%03d.txt", i), string(b)})
		}
	} else {
		for i := range n {
			uploads = append(uploads, [2]string{fmt.Sprintf("u%d.txt", i), fmt.Sprintf(
				"Town %d plans a bridge\n\nThe mayor of Town%d, Alex Person%d, said on Monday that \"the bridge %d will open next spring,\" according to a statement.\n", i, i, i, i)})
		}
	}

	var wg sync.WaitGroup
	var stop atomic.Bool
	var queries atomic.Int64
	errs := make(chan error, 64)
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				for _, p := range []string{"/api/search?q=Kadyrov", "/api/stats", "/healthz"} {
					res, err := http.Get(srv.URL + p)
					if err != nil {
						errs <- err
						return
					}
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						errs <- fmt.Errorf("%s during uploads: status %d", p, res.StatusCode)
						return
					}
					queries.Add(1)
				}
			}
		})
	}
	var up sync.WaitGroup
	for _, u := range uploads {
		up.Go(func() {
			res, err := tryUpload(srv.URL, "tok", u[0], []byte(u[1]))
			if err != nil {
				errs <- err
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("upload %s: status %d", u[0], res.StatusCode)
			}
		})
	}
	up.Wait()
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var stats struct {
		ByKind map[string]int `json:"by_kind"`
	}
	f := &fixture{srv: srv}
	f.get(t, "/api/stats", http.StatusOK, &stats)
	if stats.ByKind["article"] != 1+len(uploads) {
		t.Errorf("%d articles stored, want %d", stats.ByKind["article"], 1+len(uploads))
	}
	t.Logf("%d queries answered during %d uploads", queries.Load(), len(uploads))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
