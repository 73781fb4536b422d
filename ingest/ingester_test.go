package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/ingest/extract"
)

// saidRE matches the one sentence shape fakeExtractor understands:
// `Name Surname said <content>.`, optionally followed by ` on <Outlet>`.
var saidRE = regexp.MustCompile(`([A-Z][a-z]+ [A-Z][a-z]+) said (.+?)(?: on ([A-Z][A-Za-z ]+))?\.`)

// fakeExtractor is a trivial stand-in for ingest/extract, so these tests
// exercise the pipeline, not extraction quality. A text containing
// "PANIC" makes it panic, like a buggy extractor meeting odd input.
type fakeExtractor struct{}

func (fakeExtractor) Extract(text string) extract.Result {
	if strings.Contains(text, "PANIC") {
		panic("fake extractor met PANIC")
	}
	var res extract.Result
	for _, m := range saidRE.FindAllStringSubmatchIndex(text, -1) {
		mention := func(k int) extract.Mention {
			if m[2*k] < 0 {
				return extract.Mention{}
			}
			start := len([]rune(text[:m[2*k]]))
			s := text[m[2*k]:m[2*k+1]]
			return extract.Mention{Text: s, Spans: []graph.Span{{Start: start, End: start + len([]rune(s))}}}
		}
		who := mention(1)
		a := extract.Attribution{
			Speaker:        extract.Entity{Name: who.Text, Kind: graph.KindPerson},
			SpeakerMention: who,
			Cue:            extract.Mention{Text: "said"},
			Content:        mention(2),
			Kind:           extract.Indirect,
			Confidence:     0.5,
		}
		if on := mention(3); on.Text != "" {
			a.Via = []extract.Channel{{Entity: extract.Entity{Name: on.Text, Kind: graph.KindOutlet, Subkind: graph.SubBroadcaster}, Mention: on}}
		}
		res.Attributions = append(res.Attributions, a)
	}
	return res
}

// writeTree creates files under dir; contents are written as given.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func corpusDir(t *testing.T) string {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.txt":         "Bridge to close\n\nAnna Berg said the bridge will close in May on Radio North.\n",
		"b.txt":         "Bridge closure confirmed\n\nAnna Berg said the bridge will close in May. Carl Dahl said traffic will move to the ferry.\n",
		"sub/c.txt":     "Ferry times\n\nCarl Dahl said the ferry will run hourly.\n",
		"dup.txt":       "Bridge to close\n\nAnna Berg said the bridge will close in May on Radio North.\n",
		"empty.txt":     "",
		"binary.txt":    "\x00\x01\x02\x03ELF\x00\x00\x00\x00\x00binary\x00",
		"feed.jsonl":    `{"id":"f1","title":"Feed item","text":"Dora Eng said the feed works."}` + "\n" + `{"id": "f2", "title": broken` + "\n",
		"notes.md":      "not an article: an unknown extension in a directory is not read",
		"panic/p.txt":   "Odd one\n\nPANIC\n",
		".hidden/h.txt": "Hidden\n\nEve Fox said hidden files are skipped.\n",
	})
	return dir
}

func newIngester(w graph.Writer) *ingest.Ingester {
	return &ingest.Ingester{
		Writer:      w,
		Extractor:   fakeExtractor{},
		Workers:     3,
		ReadOptions: article.DefaultOptions(),
		Meta:        ingest.Meta{Extractor: "fake", Version: "test", Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	dir := corpusDir(t)
	s := mem.New()
	in := newIngester(s)
	var mu sync.Mutex
	var progress [][2]int
	in.Progress = func(done, total int) {
		mu.Lock()
		progress = append(progress, [2]int{done, total})
		mu.Unlock()
	}
	written := map[string]graph.ID{}
	in.OnArticle = func(w ingest.Written) { written[filepath.Base(w.Source)] = w.Article }
	sum, err := in.Run(ctx, []string{dir})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(written) != 4 || written["a.txt"] == 0 {
		t.Errorf("OnArticle saw %v", written)
	}
	for src, id := range written {
		if _, err := s.Node(ctx, id); err != nil {
			t.Errorf("OnArticle reported %s as %s, not in the store: %v", src, id, err)
		}
	}
	if sum.Articles != 4 {
		t.Errorf("articles = %d, want 4 (a, b, c and the good JSONL line)", sum.Articles)
	}
	// dup.txt repeats a.txt word for word: same key, left out, and always
	// dup.txt since files are read in lexical order.
	wantDup := filepath.Join(dir, "dup.txt") + ": same article as " + filepath.Join(dir, "a.txt")
	if sum.Duplicates != 1 || len(sum.Warnings) != 1 || !strings.HasPrefix(sum.Warnings[0], wantDup) {
		t.Errorf("duplicates %d, warnings %q; want one warning starting %q", sum.Duplicates, sum.Warnings, wantDup)
	}
	// Claims: Anna's (one node for a.txt and b.txt), Carl's two, Dora's.
	if sum.Claims != 4 {
		t.Errorf("claims = %d, want 4", sum.Claims)
	}
	wantSkipped := map[string]string{ // source (relative to dir) -> words in the reason
		"binary.txt":   "binary",
		"empty.txt":    "empty",
		"feed.jsonl:2": "",
		"panic/p.txt":  "panic",
	}
	got := map[string]string{}
	for _, k := range sum.Skipped {
		rel, err := filepath.Rel(dir, k.Source)
		if err != nil {
			t.Fatalf("skip source %q outside %s", k.Source, dir)
		}
		got[rel] = k.Reason
	}
	if len(got) != len(wantSkipped) {
		t.Errorf("skipped %v, want %v", sum.Skipped, wantSkipped)
	}
	for src, words := range wantSkipped {
		reason, ok := got[src]
		if !ok {
			t.Errorf("%s not skipped (skipped: %v)", src, sum.Skipped)
			continue
		}
		if reason == "" || !strings.Contains(reason, words) {
			t.Errorf("%s skipped for %q, want a reason mentioning %q", src, reason, words)
		}
	}
	if !slices.IsSortedFunc(sum.Skipped, func(a, b ingest.Skip) int { return strings.Compare(a.Source, b.Source) }) {
		t.Errorf("skipped not in source order: %v", sum.Skipped)
	}

	// What landed is queryable: Anna's claim has two reports.
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.ByKind[graph.KindArticle] != 4 || st.ByKind[graph.KindClaim] != 4 {
		t.Errorf("store holds %v", st.ByKind)
	}
	anna := graph.NewID("entity", "anna berg")
	said, err := s.Edges(ctx, anna, graph.Out, graph.Said)
	if err != nil || len(said) != 2 || said[0].To != said[1].To {
		t.Errorf("Anna's said edges %v (err %v): want two reports of one claim", said, err)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("store check: %v %v", problems, err)
	}

	// Progress: once per file the walk listed (hidden files and notes.md
	// are not listed), ending at total.
	files, _ := article.Files(ctx, []string{dir})
	if len(progress) != len(files) || progress[len(progress)-1] != [2]int{len(files), len(files)} {
		t.Errorf("progress calls %v for %d files", progress, len(files))
	}

	// Re-running changes nothing.
	sum2, err := newIngester(s).Run(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := s.Stats(ctx)
	if fmt.Sprint(st) != fmt.Sprint(st2) || sum2.Articles != sum.Articles || len(sum2.Skipped) != len(sum.Skipped) {
		t.Errorf("second run: %v then %v", st, st2)
	}

	// The closing summary names every skipped file and its reason.
	var b strings.Builder
	if err := sum.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("summary:\n%s", b.String())
	for _, k := range sum.Skipped {
		if !strings.Contains(b.String(), k.Source+": "+k.Reason) {
			t.Errorf("summary text lacks %s:\n%s", k.Source, b.String())
		}
	}
	if !strings.HasPrefix(b.String(), "ingested 4 articles: 4 claims") {
		t.Errorf("summary text:\n%s", b.String())
	}
	js, err := json.Marshal(sum)
	if err != nil || !strings.Contains(string(js), `"skipped":[{"source":`) || !strings.Contains(string(js), `"elapsed_seconds":`) {
		t.Errorf("summary JSON %s (err %v)", js, err)
	}
}

func TestRunMissingPath(t *testing.T) {
	dir := corpusDir(t)
	missing := filepath.Join(dir, "nope.txt")
	sum, err := newIngester(mem.New()).Run(context.Background(), []string{missing, filepath.Join(dir, "a.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 1 || len(sum.Skipped) != 1 || sum.Skipped[0].Source != missing {
		t.Errorf("summary %+v: want a.txt ingested and the missing path skipped", sum)
	}
}

// failingWriter fails every write the way a broken disk would.
type failingWriter struct {
	graph.Writer
	err error
}

func (f failingWriter) WriteArticle(context.Context, *graph.Batch) error { return f.err }

func TestRunStoreFailureIsFatal(t *testing.T) {
	dir := corpusDir(t)
	disk := errors.New("disk full")
	sum, err := newIngester(failingWriter{Writer: mem.New(), err: disk}).Run(context.Background(), []string{dir})
	if !errors.Is(err, disk) {
		t.Fatalf("err = %v, want the store's error", err)
	}
	if sum.Articles != 0 {
		t.Errorf("articles = %d after store failure", sum.Articles)
	}
	// A store rejecting one batch as invalid is that article's problem.
	sum, err = newIngester(failingWriter{Writer: mem.New(), err: fmt.Errorf("bad: %w", graph.ErrInvalid)}).Run(context.Background(), []string{dir})
	if err != nil || len(sum.Skipped) != 8 {
		t.Errorf("invalid batches: err %v, skipped %d %v, want every article skipped", err, len(sum.Skipped), sum.Skipped)
	}
}

// conflictWriter reports a conflict for the first n writes of each
// article, like a store whose concurrent transactions collided.
type conflictWriter struct {
	graph.Writer
	n     int
	mu    sync.Mutex
	tries map[graph.ID]int
}

func (c *conflictWriter) WriteArticle(ctx context.Context, b *graph.Batch) error {
	c.mu.Lock()
	c.tries[b.Article.ID]++
	try := c.tries[b.Article.ID]
	c.mu.Unlock()
	if try <= c.n {
		return fmt.Errorf("write: %w", graph.ErrConflict)
	}
	return c.Writer.WriteArticle(ctx, b)
}

func TestRunRetriesConflicts(t *testing.T) {
	dir := corpusDir(t)
	tests := []struct {
		conflicts int
		articles  int
		skipped   int
	}{
		{conflicts: 2, articles: 4, skipped: 4},  // retried until written
		{conflicts: 99, articles: 0, skipped: 8}, // gives up: skipped, not fatal
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.conflicts), func(t *testing.T) {
			w := &conflictWriter{Writer: mem.New(), n: tt.conflicts, tries: map[graph.ID]int{}}
			sum, err := newIngester(w).Run(context.Background(), []string{dir})
			if err != nil || sum.Articles != tt.articles || len(sum.Skipped) != tt.skipped {
				t.Errorf("err %v, %d articles, skipped %v; want %d articles, %d skipped", err, sum.Articles, sum.Skipped, tt.articles, tt.skipped)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	dir := corpusDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newIngester(mem.New()).Run(ctx, []string{dir})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRunNeedsWriterAndExtractor(t *testing.T) {
	if _, err := (&ingest.Ingester{}).Run(context.Background(), nil); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid", err)
	}
}

func TestSummaryText(t *testing.T) {
	many := make([]string, 25)
	for i := range many {
		many[i] = fmt.Sprintf("f%02d.txt: odd date", i)
	}
	tests := []struct {
		name string
		sum  ingest.Summary
		want []string
		not  []string
	}{
		{"clean run", ingest.Summary{Articles: 1, Claims: 2, Entities: 3, Edges: 4, Elapsed: 2 * time.Second},
			[]string{"ingested 1 article: 2 claims, 3 entities, 4 edges in 2s (0.5 articles/s)\n"}, []string{"skipped", "warnings"}},
		{"skips and duplicates", ingest.Summary{Articles: 2, Duplicates: 1, Skipped: []ingest.Skip{{Source: "x.txt:3", Reason: "byte offset 9: bad"}}},
			[]string{"left out 1 duplicate (see warnings)", "skipped 1:\n  x.txt:3: byte offset 9: bad\n"}, nil},
		{"long warning list is cut", ingest.Summary{Warnings: many},
			[]string{"warnings 25:", "f19.txt", "... and 5 more (--json lists them all)"}, []string{"f20.txt", "articles/s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.sum.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("text lacks %q:\n%s", w, b.String())
				}
			}
			for _, w := range tt.not {
				if strings.Contains(b.String(), w) {
					t.Errorf("text has %q:\n%s", w, b.String())
				}
			}
		})
	}
}

// slowRoleExtractor gives each article's speaker the role named in its
// text and sleeps a varying time first, so workers finish out of order.
type slowRoleExtractor struct{}

var roleRE = regexp.MustCompile(`role (\w+)`)

func (slowRoleExtractor) Extract(text string) extract.Result {
	res := fakeExtractor{}.Extract(text)
	n := strings.Count(text, "x")
	time.Sleep(time.Duration(n%5) * time.Millisecond)
	for i := range res.Attributions {
		if m := roleRE.FindStringSubmatch(text); m != nil {
			res.Attributions[i].Speaker.Roles = []string{m[1]}
		}
	}
	return res
}

// TestRunInputOrder checks that the writer commits in input order whatever
// order the workers finish in: a speaker's roles accumulate in file order,
// OnArticle sees the files in order, and two runs give the same store.
func TestRunInputOrder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	var wantRoles, wantSources []string
	for i := range 40 {
		name := fmt.Sprintf("a%02d.txt", i)
		role := fmt.Sprintf("r%02d", i)
		files[name] = fmt.Sprintf("Story %d %s\n\nAnna Berg said item %d is ready. She has role %s.\n", i, strings.Repeat("x", (i*7)%11), i, role)
		wantRoles = append(wantRoles, role)
		wantSources = append(wantSources, filepath.Join(dir, name))
	}
	writeTree(t, dir, files)
	var dumps []string
	for run := range 2 {
		s := mem.New()
		in := newIngester(s)
		in.Extractor = slowRoleExtractor{}
		in.Workers = 8
		var sources []string
		in.OnArticle = func(w ingest.Written) { sources = append(sources, w.Source) }
		sum, err := in.Run(context.Background(), []string{dir})
		if err != nil || sum.Articles != 40 {
			t.Fatalf("run %d: %d articles, err %v", run, sum.Articles, err)
		}
		if !slices.Equal(sources, wantSources) {
			t.Errorf("run %d: OnArticle order %v, want input order", run, sources)
		}
		var roles []string
		var dump strings.Builder
		err = s.ScanNodes(context.Background(), "", func(n graph.Node) error {
			if n.Name == "Anna Berg" {
				roles = n.Roles
			}
			b, _ := json.Marshal(n)
			dump.Write(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(roles, wantRoles) {
			t.Errorf("run %d: roles %v, want them in input order %v", run, roles, wantRoles)
		}
		dumps = append(dumps, dump.String())
	}
	if dumps[0] != dumps[1] {
		t.Error("two runs over the same inputs stored different nodes")
	}
}
