package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/server"
)

// examplePath is the founding article, two levels above this package.
func examplePath(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate test file")
	}
	p := filepath.Join(filepath.Dir(file), "..", "examples", "kadyrov-spies.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("example article not found: %v", err)
	}
	return p
}

// newIngest returns an IngestFunc running the real extractor into s.
func newIngest(s graph.Writer) server.IngestFunc {
	in := &ingest.Ingester{Writer: s, Extractor: extract.New(extract.Options{}), Workers: 2,
		ReadOptions: article.DefaultOptions(), Meta: ingest.Meta{Extractor: "test"}}
	return in.Run
}

// fixture is a store holding the example article, served by httptest.
type fixture struct {
	store *mem.Store
	srv   *httptest.Server
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newFixture ingests the example article and serves it; edit adjusts the
// options before the server is made.
func newFixture(t *testing.T, edit func(*server.Options)) *fixture {
	t.Helper()
	st := mem.New()
	t.Cleanup(func() { st.Close() })
	sum, err := newIngest(st)(context.Background(), []string{examplePath(t)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 1 {
		t.Fatalf("ingested %d articles, want 1 (%+v)", sum.Articles, sum)
	}
	logs := &syncBuffer{}
	opts := server.Options{
		Store:  st,
		Ingest: newIngest(st),
		Token:  "s3cret",
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&opts)
	}
	srv := httptest.NewServer(server.New(opts).Handler())
	t.Cleanup(srv.Close)
	return &fixture{store: st, srv: srv, logs: logs}
}

// get fetches path and decodes a JSON body into v (when non-nil), failing
// unless the status is want.
func (f *fixture) get(t *testing.T, path string, want int, v any) *http.Response {
	t.Helper()
	res, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return check(t, res, want, v)
}

func check(t *testing.T, res *http.Response, want int, v any) *http.Response {
	t.Helper()
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
	if v != nil {
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s: Content-Type %q, want JSON", res.Request.URL.Path, ct)
		}
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: decode %s: %v", res.Request.URL.Path, body, err)
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res
}

type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// kadyrovClaims searches the fixture for the example's main speaker.
func (f *fixture) search(t *testing.T, q string) server.SearchResult {
	t.Helper()
	var res server.SearchResult
	f.get(t, "/api/search?q="+q, http.StatusOK, &res)
	return res
}

func TestSearch(t *testing.T) {
	f := newFixture(t, nil)
	res := f.search(t, "Kadyrov")
	if len(res.Claims) == 0 {
		t.Fatal("search Kadyrov: no claims")
	}
	bySpeaker := 0
	for _, c := range res.Claims {
		if c.Speaker == "Ramzan Kadyrov" {
			bySpeaker++
		} else if !strings.Contains(strings.ToLower(c.Content), "kadyrov") {
			t.Errorf("claim %s by %q neither by Kadyrov nor mentioning him: %q", c.ID, c.Speaker, c.Content)
		}
		if c.Kind == "" || c.Cue == "" || c.Reports != 1 {
			t.Errorf("claim %s: kind %q cue %q reports %d; want all set, one report", c.ID, c.Kind, c.Cue, c.Reports)
		}
		if c.Published == "" && c.Ingested == "" {
			t.Errorf("claim %s has no date", c.ID)
		}
	}
	if bySpeaker == 0 {
		t.Error("no claim by Ramzan Kadyrov found by his surname")
	}

	// Content words find claims too, whoever said them.
	words := f.search(t, "Chechnya+fighters")
	if len(words.Claims) == 0 {
		t.Error("search by content words found nothing")
	}
	for _, c := range words.Claims {
		l := strings.ToLower(c.Content)
		if !strings.Contains(l, "chechnya") || !strings.Contains(l, "fighters") {
			t.Errorf("claim %q does not contain both words", c.Content)
		}
	}

	// limit truncates and says so.
	var one server.SearchResult
	f.get(t, "/api/search?q=Kadyrov&limit=1", http.StatusOK, &one)
	if len(one.Claims) != 1 || one.Truncated != (len(res.Claims) > 1) {
		t.Errorf("limit=1: %d claims, truncated %v", len(one.Claims), one.Truncated)
	}
	// Filters: speaker alone, and kind.
	var by server.SearchResult
	f.get(t, "/api/search?speaker=Kadyrov&kind=direct", http.StatusOK, &by)
	if len(by.Claims) == 0 {
		t.Error("speaker=Kadyrov&kind=direct found nothing")
	}
	for _, c := range by.Claims {
		if c.Speaker != "Ramzan Kadyrov" || c.Kind != "direct" {
			t.Errorf("speaker+kind filter let through %s claim by %q", c.Kind, c.Speaker)
		}
	}
	var none server.SearchResult
	f.get(t, "/api/search?q=zzyzx", http.StatusOK, &none)
	if len(none.Claims) != 0 || none.Claims == nil {
		t.Errorf("search zzyzx: %v, want an empty list", none.Claims)
	}
}

func TestChains(t *testing.T) {
	f := newFixture(t, nil)
	labels := map[string]bool{}
	for _, c := range f.search(t, "Kadyrov").Claims {
		var res server.ChainsResult
		f.get(t, "/api/claims/"+c.ID.String()+"/chains", http.StatusOK, &res)
		if res.Claim.ID != c.ID || res.Claim.Content != c.Content {
			t.Errorf("chains of %s describe claim %s %q", c.ID, res.Claim.ID, res.Claim.Content)
		}
		if len(res.Chains) == 0 {
			t.Fatalf("claim %s: no chains", c.ID)
		}
		ch := res.Chains[0]
		if len(ch.Hops) == 0 || ch.Hops[0].Name != c.Speaker {
			t.Errorf("claim %s: chain %s does not start at the speaker %q", c.ID, ch, c.Speaker)
		}
		// The drawing has a node per hop plus the article, and edges only
		// between drawn nodes, ending in the article.
		drawn := map[graph.ID]string{}
		for _, n := range res.Graph.Nodes {
			drawn[n.ID] = n.Label
			labels[n.Label] = true
		}
		for _, h := range ch.Hops {
			if _, ok := drawn[h.ID]; !ok {
				t.Errorf("claim %s: hop %q not drawn", c.ID, h.Name)
			}
		}
		if _, ok := drawn[ch.Article.ID]; !ok {
			t.Errorf("claim %s: article not drawn", c.ID)
		}
		if len(res.Graph.Edges) < len(ch.Hops) {
			t.Errorf("claim %s: %d edges for a chain of %d hops", c.ID, len(res.Graph.Edges), len(ch.Hops))
		}
		for _, e := range res.Graph.Edges {
			if drawn[e.Source] == "" || drawn[e.Target] == "" || e.Label == "" {
				t.Errorf("claim %s: edge %+v leaves the drawing or has no label", c.ID, e)
			}
		}
	}
	for _, want := range []string{"Ramzan Kadyrov", "state television", "Agence France-Presse"} {
		if !labels[want] {
			t.Errorf("no chain of Kadyrov's claims draws %q; drew %v", want, labels)
		}
	}
}

func TestOriginsTimeline(t *testing.T) {
	f := newFixture(t, nil)
	c := f.search(t, "Kadyrov").Claims[0]
	var o query.OriginsResult
	f.get(t, "/api/origins/"+c.ID.String(), http.StatusOK, &o)
	if o.Claim.ID != c.ID || o.Reports != 1 || o.Independent != 1 {
		t.Errorf("origins of a claim with one report: %+v", o)
	}
	var tl query.TimelineResult
	f.get(t, "/api/timeline/"+c.ID.String(), http.StatusOK, &tl)
	if tl.Claim.ID != c.ID || len(tl.Events) != 1 {
		t.Errorf("timeline: %+v", tl)
	}
}

// TestExplain explains a claim, then one uploaded afterwards: the cached
// assessment must notice that the store changed.
func TestExplain(t *testing.T) {
	f := newFixture(t, nil)
	c := f.search(t, "Kadyrov").Claims[0]
	var x struct {
		ID      graph.ID `json:"id"`
		Grade   string   `json:"grade"`
		Factors []struct {
			Name string `json:"name"`
		} `json:"factors"`
	}
	f.get(t, "/api/explain/"+c.ID.String(), http.StatusOK, &x)
	if x.ID != c.ID || x.Grade == "" || len(x.Factors) == 0 {
		t.Errorf("explain %s: %+v", c.ID, x)
	}
	check(t, upload(t, f.srv.URL, "s3cret", "b.txt", []byte(uploadArticle)), http.StatusOK, nil)
	fresh := f.search(t, "bridge").Claims
	if len(fresh) == 0 {
		t.Fatal("uploaded claim not found")
	}
	f.get(t, "/api/explain/"+fresh[0].ID.String(), http.StatusOK, &x)
	if x.ID != fresh[0].ID || x.Grade == "" {
		t.Errorf("explain of a claim uploaded after the first explain: %+v", x)
	}
}

func TestClaimDetail(t *testing.T) {
	f := newFixture(t, nil)
	c := f.search(t, "Kadyrov").Claims[0]
	var d server.ClaimDetail
	f.get(t, "/api/claims/"+c.ID.String(), http.StatusOK, &d)
	if d.Node.ID != c.ID || d.Node.Kind != graph.KindClaim || d.Claim.Speaker != c.Speaker {
		t.Errorf("detail %+v does not describe claim %s", d, c.ID)
	}
	if len(d.Reports) != 1 || len(d.Reports[0].Spans) == 0 || d.Reports[0].Title == "" {
		t.Errorf("reports %+v, want one with spans and title", d.Reports)
	}
}

func TestEntityStatsSubgraph(t *testing.T) {
	f := newFixture(t, nil)
	var rep query.EntityReport
	f.get(t, "/api/entities/Kadyrov", http.StatusOK, &rep)
	if rep.Node.Name != "Ramzan Kadyrov" || len(rep.Claims) == 0 {
		t.Errorf("entity Kadyrov: %q with %d claims", rep.Node.Name, len(rep.Claims))
	}
	var byID query.EntityReport
	f.get(t, "/api/entities/"+rep.Node.ID.String(), http.StatusOK, &byID)
	if byID.Node.ID != rep.Node.ID {
		t.Errorf("entity by ID gave %s, want %s", byID.Node.ID, rep.Node.ID)
	}

	var st query.StatsReport
	f.get(t, "/api/stats", http.StatusOK, &st)
	if st.ByKind[graph.KindArticle] != 1 || st.ByKind[graph.KindClaim] == 0 {
		t.Errorf("stats: %+v", st.Stats)
	}

	// Depth 1 around the speaker: the speaker and every claim it said.
	var g server.GraphView
	f.get(t, "/api/subgraph?around="+rep.Node.ID.String()+"&depth=1", http.StatusOK, &g)
	claims := 0
	for _, n := range g.Nodes {
		if n.Kind == graph.KindClaim {
			claims++
		}
	}
	if claims != len(rep.Claims) || g.Truncated {
		t.Errorf("subgraph depth 1: %d claims (truncated %v), want %d", claims, g.Truncated, len(rep.Claims))
	}
	// Every edge drawn joins drawn nodes.
	drawn := map[graph.ID]bool{}
	for _, n := range g.Nodes {
		drawn[n.ID] = true
	}
	for _, e := range g.Edges {
		if !drawn[e.Source] || !drawn[e.Target] {
			t.Errorf("edge %s leaves the subgraph", e.ID)
		}
	}
	// A node limit cuts the walk and says so.
	f.get(t, "/api/subgraph?around="+rep.Node.ID.String()+"&depth=2&limit=3", http.StatusOK, &g)
	if !g.Truncated || len(g.Nodes) != 3 {
		t.Errorf("limit 3: %d nodes, truncated %v", len(g.Nodes), g.Truncated)
	}
	// Filters pass through: only said edges lead only to claims.
	f.get(t, "/api/subgraph?around="+rep.Node.ID.String()+"&depth=3&pred=said", http.StatusOK, &g)
	for _, n := range g.Nodes {
		if n.ID != rep.Node.ID && n.Kind != graph.KindClaim {
			t.Errorf("pred=said reached %s %q", n.Kind, n.Name)
		}
	}
	f.get(t, "/api/subgraph?around="+rep.Node.ID.String()+"&depth=2&kind=claim,outlet&direction=out", http.StatusOK, &g)
	for _, n := range g.Nodes {
		if n.ID != rep.Node.ID && n.Kind != graph.KindClaim && n.Kind != graph.KindOutlet {
			t.Errorf("kind=claim,outlet reached %s %q", n.Kind, n.Name)
		}
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t, func(o *server.Options) { o.MaxDepth = 3; o.MaxResults = 50 })
	var speaker graph.ID
	ids, err := f.store.FindName(context.Background(), "Ramzan Kadyrov", false, 1)
	if err != nil || len(ids) != 1 {
		t.Fatalf("find speaker: %v %v", ids, err)
	}
	speaker = ids[0]
	unknown := graph.ID(1).String()
	tests := []struct {
		path    string
		status  int
		mention string
	}{
		{"/api/claims/" + unknown, 404, "not found"},
		{"/api/claims/" + unknown + "/chains", 404, "not found"},
		{"/api/claims/xyz", 400, "16 hex digits"},
		{"/api/claims/" + speaker.String() + "/chains", 400, "not a claim"},
		{"/api/claims/" + speaker.String(), 400, "not a claim"},
		{"/api/entities/Nobody%20Atall", 404, "not found"},
		{"/api/explain/" + unknown, 404, "not found"},
		{"/api/search", 400, "parameter q"},
		{"/api/search?q=x&limit=51", 400, "limit of 50"},
		{"/api/search?q=x&limit=-1", 400, "non-negative"},
		{"/api/subgraph", 400, "around"},
		{"/api/subgraph?around=" + speaker.String() + "&depth=4", 400, "limit of 3"},
		{"/api/subgraph?around=" + speaker.String() + "&limit=51", 400, "limit of 50"},
		{"/api/subgraph?around=" + speaker.String() + "&depth=0", 400, "at least 1"},
		{"/api/subgraph?around=" + speaker.String() + "&pred=knows", 400, "predicate"},
		{"/api/subgraph?around=" + speaker.String() + "&direction=up", 400, "direction"},
		{"/api/subgraph?around=" + speaker.String() + "&from=yesterday", 400, "YYYY-MM-DD"},
		{"/api/search?q=x&outlet=AFP", 400, "search index"},
		{"/api/search?kind=direct", 400, "parameter q"},
		{"/api/origins/" + unknown, 404, "not found"},
		{"/api/origins/" + speaker.String(), 400, "not a claim"},
		{"/api/timeline/" + unknown, 404, "not found"},
		{"/api/subgraph?around=" + unknown, 404, "not found"},
		{"/api/export?around=" + speaker.String(), 400, "format"},
		{"/api/export?format=pdf&around=" + speaker.String(), 400, "graphml"},
		{"/api/export?format=dot&around=" + speaker.String() + "&depth=9", 400, "limit of 3"},
		{"/api/export?format=dot&ids=" + unknown, 404, "not found"},
		{"/api/export?format=dot&ids=zz", 400, "hex"},
		{"/api/nothing-here", 404, "no API route"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var body errorBody
			f.get(t, tt.path, tt.status, &body)
			if body.Status != tt.status || !strings.Contains(body.Error, tt.mention) {
				t.Errorf("body %+v, want status %d and a message mentioning %q", body, tt.status, tt.mention)
			}
		})
	}
	// A wrong method is refused in JSON, not served the page.
	res, err := http.Post(f.srv.URL+"/api/stats", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	var body errorBody
	check(t, res, http.StatusNotFound, &body)
	if !strings.Contains(body.Error, "POST /api/stats") {
		t.Errorf("wrong method: %+v", body)
	}
}

// upload posts body as a multipart file part named name.
func upload(t *testing.T, url, token, name string, body []byte) *http.Response {
	t.Helper()
	res, err := tryUpload(url, token, name, body)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tryUpload is upload for goroutines, which must not call t.Fatal.
func tryUpload(url, token, name string, body []byte) (*http.Response, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return nil, err
	}
	fw.Write(body)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, url+"/api/ingest", &buf)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return http.DefaultClient.Do(req)
}

const uploadArticle = `Mayor promises new bridge

The mayor of Eastbrook, Jane Holloway, said on Monday that "the bridge will open next spring," according to a statement released by her office.
`

func TestIngest(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*server.Options)
		token   string
		file    string
		body    string
		status  int
		mention string
	}{
		{"read-only", func(o *server.Options) { o.ReadOnly = true }, "s3cret", "a.txt", uploadArticle, 403, "read-only"},
		{"uploads disabled", func(o *server.Options) { o.Token = "" }, "s3cret", "a.txt", uploadArticle, 403, "disabled"},
		{"no token", nil, "", "a.txt", uploadArticle, 401, "token"},
		{"wrong token", nil, "guess", "a.txt", uploadArticle, 401, "token"},
		{"too large", func(o *server.Options) { o.MaxBody = 64 }, "s3cret", "a.txt", uploadArticle, 413, "limit of 64"},
		{"bad extension", nil, "s3cret", "a.exe", uploadArticle, 400, "extension"},
		{"nothing readable", nil, "s3cret", "a.txt", "", 422, ""},
		{"ok", nil, "s3cret", "../../etc/a.txt", uploadArticle, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.edit)
			res := upload(t, f.srv.URL, tt.token, tt.file, []byte(tt.body))
			if tt.status != 200 && tt.status != 422 {
				var body errorBody
				check(t, res, tt.status, &body)
				if body.Status != tt.status || !strings.Contains(body.Error, tt.mention) {
					t.Errorf("body %+v, want a message mentioning %q", body, tt.mention)
				}
				if tt.status == 401 && res.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if got := f.search(t, "bridge"); len(got.Claims) != 0 {
					t.Errorf("refused upload was ingested anyway: %v", got.Claims)
				}
				return
			}
			var out server.IngestResult
			check(t, res, tt.status, &out)
			if tt.status == 422 {
				if out.Summary.Articles != 0 || len(out.Summary.Skipped) == 0 {
					t.Errorf("summary %+v, want a skip", out.Summary)
				}
				return
			}
			if out.Summary.Articles != 1 || len(out.Articles) != 1 || out.Articles[0].Title != "Mayor promises new bridge" {
				t.Fatalf("result %+v", out)
			}
			if got := f.search(t, "bridge"); len(got.Claims) == 0 {
				t.Error("uploaded article's claim not found by search")
			}
		})
	}
}

func TestIngestRawBody(t *testing.T) {
	f := newFixture(t, nil)
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/ingest?filename=bridge.txt", strings.NewReader(uploadArticle))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out server.IngestResult
	check(t, res, http.StatusOK, &out)
	if out.Summary.Articles != 1 {
		t.Errorf("raw upload: %+v", out.Summary)
	}
}

func TestExport(t *testing.T) {
	f := newFixture(t, nil)
	ids, _ := f.store.FindName(context.Background(), "Ramzan Kadyrov", false, 1)
	around := ids[0].String()
	for _, format := range []string{"graphml", "gexf", "jsonld", "nquads", "dgraph", "dot", "cytoscape", "csv"} {
		t.Run(format, func(t *testing.T) {
			res := f.get(t, "/api/export?format="+format+"&around="+around+"&depth=2", http.StatusOK, nil)
			cd := res.Header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, "attachment; filename=\"sourcetrace-"+around+"-depth2") {
				t.Errorf("Content-Disposition %q", cd)
			}
			body, _ := io.ReadAll(res.Body)
			if len(body) == 0 {
				t.Fatal("empty export")
			}
			switch format {
			case "graphml", "gexf":
				if err := xml.Unmarshal(body, new(struct{})); err != nil {
					t.Errorf("not XML: %v", err)
				}
			case "cytoscape", "jsonld":
				if !json.Valid(body) {
					t.Error("not JSON")
				}
			case "csv":
				zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
				if err != nil || len(zr.File) != 2 {
					t.Fatalf("csv zip: %v, %d files", err, len(zr.File))
				}
			}
			if format != "csv" && !bytes.Contains(body, []byte("Ramzan Kadyrov")) {
				t.Error("export misses the centre node's name")
			}
		})
	}
	// ids: exactly those nodes.
	var g server.GraphView
	f.get(t, "/api/subgraph?around="+around+"&depth=1", http.StatusOK, &g)
	var list []string
	for _, n := range g.Nodes {
		list = append(list, n.ID.String())
	}
	res := f.get(t, "/api/export?format=cytoscape&ids="+strings.Join(list, ","), http.StatusOK, nil)
	var cyjs struct {
		Elements struct {
			Nodes []json.RawMessage `json:"nodes"`
			Edges []json.RawMessage `json:"edges"`
		} `json:"elements"`
	}
	if err := json.NewDecoder(res.Body).Decode(&cyjs); err != nil {
		t.Fatal(err)
	}
	if len(cyjs.Elements.Nodes) != len(g.Nodes) || len(cyjs.Elements.Edges) == 0 {
		t.Errorf("ids export: %d nodes %d edges, want %d nodes", len(cyjs.Elements.Nodes), len(cyjs.Elements.Edges), len(g.Nodes))
	}
}

// TestQueriesDuringIngest holds an upload inside its ingest and checks
// that queries are still answered meanwhile: nothing serialises them.
func TestQueriesDuringIngest(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	var f *fixture
	f = newFixture(t, func(o *server.Options) {
		real := o.Ingest
		o.Ingest = func(ctx context.Context, paths []string) (ingest.Summary, error) {
			close(entered)
			<-release
			return real(ctx, paths)
		}
	})
	type result struct {
		res *http.Response
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := tryUpload(f.srv.URL, "s3cret", "a.txt", []byte(uploadArticle))
		done <- result{res, err}
	}()
	select {
	case <-entered:
	case r := <-done:
		t.Fatalf("upload finished before its ingest started: %v %v", r.res, r.err)
	}
	for _, p := range []string{"/api/search?q=Kadyrov", "/api/stats", "/healthz"} {
		f.get(t, p, http.StatusOK, nil)
	}
	close(release)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	check(t, r.res, http.StatusOK, nil)
}

func TestTimeout(t *testing.T) {
	f := newFixture(t, func(o *server.Options) {
		o.Timeout = 20 * time.Millisecond
		o.Search = func(ctx context.Context, _ graph.Reader, _ server.SearchQuery) ([]query.ClaimRef, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}
	})
	var body errorBody
	f.get(t, "/api/search?q=x", http.StatusServiceUnavailable, &body)
	if !strings.Contains(body.Error, "timed out") {
		t.Errorf("body %+v", body)
	}
}

func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	f := newFixture(t, func(o *server.Options) {
		o.Search = func(context.Context, graph.Reader, server.SearchQuery) ([]query.ClaimRef, error) {
			return nil, errors.New("disk on fire at /secret/path")
		}
	})
	var body errorBody
	f.get(t, "/api/search?q=x", http.StatusInternalServerError, &body)
	if strings.Contains(body.Error, "secret") {
		t.Errorf("internal detail leaked: %q", body.Error)
	}
	if !strings.Contains(f.logs.String(), "disk on fire") {
		t.Errorf("internal error not logged: %s", f.logs)
	}
}

func TestRequestLog(t *testing.T) {
	f := newFixture(t, nil)
	f.get(t, "/api/stats", http.StatusOK, nil)
	f.get(t, "/api/claims/zz", http.StatusBadRequest, nil)
	logs := f.logs.String()
	for _, want := range []string{"method=GET path=/api/stats status=200", "path=/api/claims/zz status=400", "duration="} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestPage(t *testing.T) {
	f := newFixture(t, nil)
	res := f.get(t, "/", http.StatusOK, nil)
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("CSP %q", res.Header.Get("Content-Security-Policy"))
	}
	page, _ := io.ReadAll(res.Body)
	// Every script the page loads is served from here, never a CDN.
	for _, src := range []string{"vendor/cytoscape.min.js", "vendor/cytoscape-dagre.min.js", "app.js"} {
		if !bytes.Contains(page, []byte(`src="`+src+`"`)) {
			t.Errorf("page does not load %s", src)
		}
		r := f.get(t, "/"+src, http.StatusOK, nil)
		if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
			t.Errorf("%s: Content-Type %q", src, ct)
		}
	}
	if bytes.Contains(page, []byte("://")) {
		t.Error("page refers to another origin")
	}
	var h map[string]any
	f.get(t, "/healthz", http.StatusOK, &h)
	if h["status"] != "ok" || h["uploads"] != true {
		t.Errorf("healthz %v", h)
	}
}

func TestServeShutsDownOnCancel(t *testing.T) {
	st := mem.New()
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.New(server.Options{Store: st}).Serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	check(t, res, http.StatusOK, nil)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}
