package dgraph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/dgraph/dgraphtest"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query/export"
)

// TestLiveLoadExport loads the founding article's export (format dgraph and
// its schema.dql) with Dgraph's own live loader, the way a researcher
// would, on a cluster of its own, and checks that every node and claim
// arrived and that traversals over the loaded triples work; a second load
// of the same files must join the nodes already there, not copy them.
func TestLiveLoadExport(t *testing.T) {
	bin, ok := dgraphtest.Binary()
	if !ok {
		t.Skipf("no Dgraph binary at %s: run scripts/build-dgraph.sh or set %s", bin, dgraphtest.EnvBinary)
	}
	ctx := context.Background()
	docs, err := article.ReadFile(ctx, filepath.Join("..", "..", "examples", "kadyrov-spies.txt"), article.DefaultOptions())
	if err != nil || len(docs) != 1 {
		t.Fatalf("read example: %v", err)
	}
	s := mem.New()
	b, _, err := ingest.Build(docs[0], extract.New(extract.Options{}).Extract(docs[0].Text), ingest.Meta{Extractor: "test", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteArticle(ctx, b); err != nil {
		t.Fatal(err)
	}
	nodes, claims := 0, 0
	if err := s.ScanNodes(ctx, "", func(n graph.Node) error {
		nodes++
		if n.Kind == graph.KindClaim {
			claims++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	nq, schema := filepath.Join(dir, "graph.nq"), filepath.Join(dir, "schema.dql")
	var buf bytes.Buffer
	if _, err := export.Write(ctx, &buf, export.Dgraph, export.All(s), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(nq, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := export.WriteDQLSchema(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(schema, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	c, err := dgraphtest.Start(startCtx, bin, t.TempDir())
	cancel()
	if err != nil {
		t.Fatalf("start dgraph: %v", err)
	}
	defer c.Stop()

	for load := 1; load <= 2; load++ {
		// The very command the export prints (temporary paths have no
		// spaces to quote), pointed at this cluster.
		args := strings.Fields(export.DgraphLiveCommand(nq, schema))[1:]
		cmd := exec.Command(bin, append(args, "--alpha", c.Alpha, "--zero", c.Zero)...)
		cmd.Dir = t.TempDir() // the loader writes its scratch files here
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("dgraph live (load %d): %v\n%s", load, err, out)
		}
		var res struct {
			Data struct {
				Nodes []struct {
					N int `json:"count"`
				} `json:"nodes"`
				Claims []struct {
					N int `json:"count"`
				} `json:"claims"`
				Said []struct {
					Name string `json:"name"`
					Said []struct {
						Via []struct {
							Name string `json:"name"`
						} `json:"via"`
					} `json:"said"`
				} `json:"said"`
			} `json:"data"`
		}
		const v = "https://sourcetrace.dev/vocab/"
		q := fmt.Sprintf(`{
  nodes(func: has(<%[1]skind>)) { count(uid) }
  claims(func: eq(<%[1]skind>, "claim")) { count(uid) }
  said(func: eq(<%[1]sname>, "Ramzan Kadyrov")) {
    name: <%[1]sname>
    said: <%[1]ssaid> { via: <%[1]svia> { name: <%[1]sname> } }
  }
}`, v)
		dql(t, c.HTTP, q, &res)
		if got := sum(res.Data.Nodes); got != nodes {
			t.Errorf("load %d: %d nodes in Dgraph, want the %d exported", load, got, nodes)
		}
		if got := sum(res.Data.Claims); got != claims {
			t.Errorf("load %d: %d claims in Dgraph, want %d", load, got, claims)
		}
		if len(res.Data.Said) != 1 {
			t.Fatalf("load %d: %d nodes named Ramzan Kadyrov, want 1", load, len(res.Data.Said))
		}
		vias := 0
		for _, cl := range res.Data.Said[0].Said {
			for _, w := range cl.Via {
				if strings.Contains(w.Name, "documentary") {
					vias++
				}
			}
		}
		if vias == 0 {
			t.Errorf("load %d: no claim of Ramzan Kadyrov goes via a documentary: %+v", load, res.Data.Said)
		}
	}
}

func sum(rows []struct {
	N int `json:"count"`
}) int {
	n := 0
	for _, r := range rows {
		n += r.N
	}
	return n
}

// dql runs a read-only DQL query over the alpha's HTTP endpoint.
func dql(t *testing.T, addr, q string, out any) {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/query", "application/dql", strings.NewReader(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) {
		t.Fatalf("query: %s: %s", resp.Status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("query result %s: %v", body, err)
	}
}
