package server_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sourcetrace/sourcetrace/assess"
	"github.com/sourcetrace/sourcetrace/graph/mem"
	"github.com/sourcetrace/sourcetrace/server"
)

var updateScreenshot = flag.Bool("screenshot", false, "write the browser test's screenshot to docs/screenshot.png")

// browserPaths are where Debian's chromium-headless-shell and chromium
// packages put their binaries.
var browserPaths = []string{
	"/usr/bin/chromium-headless-shell",
	"/usr/lib/chromium/headless_shell",
	"/usr/lib/chromium/chromium-headless-shell",
	"/usr/bin/chromium",
}

func findBrowser() string {
	if p := os.Getenv("SOURCETRACE_BROWSER"); p != "" {
		return p
	}
	for _, p := range browserPaths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in a headless Chromium: search, open a
// claim's chains, check what is drawn, expand a node, reload the shared
// URL, and fetch an export through the page's own link.
func TestBrowser(t *testing.T) {
	exe := findBrowser()
	if exe == "" {
		t.Skipf("no headless browser found (looked in %s; set SOURCETRACE_BROWSER); install Debian's chromium-headless-shell to run this test",
			strings.Join(browserPaths, ", "))
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}

	st := mem.New()
	defer st.Close()
	if _, err := newIngest(st)(context.Background(), []string{examplePath(t)}); err != nil {
		t.Fatal(err)
	}
	// Store Admiralty grades so the page has badges to show.
	res, err := assess.Assess(context.Background(), st, assess.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Apply(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stopServer := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- server.New(server.Options{Store: st, Ingest: newIngest(st), Token: "tok", Logger: slog.New(slog.DiscardHandler)}).Serve(srvCtx, ln)
	}()
	defer func() {
		stopServer()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String() + "/"

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 860),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()

	// Collect uncaught page errors and console errors; any fails the test.
	var mu sync.Mutex
	var pageErrors []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			pageErrors = append(pageErrors, fmt.Sprintf("%s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type == cdpruntime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				pageErrors = append(pageErrors, "console.error: "+strings.Join(args, " "))
			}
		}
	}); err != nil {
		t.Fatalf("start browser %s: %v", exe, err)
	}

	// The first Run starts the browser and must not carry a deadline;
	// later steps are bounded.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1400, 860)); err != nil {
		t.Fatalf("start browser %s: %v", exe, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	poll := func(expr string) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		return nil
	}
	labels := func() []string {
		t.Helper()
		l, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`cy.nodes().map(n => n.data('label'))`))
		if err != nil {
			t.Fatalf("read drawn labels: %v", err)
		}
		return l
	}

	// Search.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Kadyrov"),
		chromedp.Click(chromedp.CSS(`#search-form button[type="submit"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.querySelectorAll('#results li[data-id]').length > 0`); err != nil {
		t.Fatal(err)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#results li[data-id]')].map(li => li.dataset.id)`))
	if err != nil {
		t.Fatal(err)
	}

	// Open claims in list order until one chain shows the speaker, the
	// channel and the agency: not every claim of a speaker goes through
	// the same channels.
	want := []string{"Ramzan Kadyrov", "state television", "Agence France-Presse"}
	var got []string
	chosen := ""
	for i, id := range ids {
		sel := fmt.Sprintf(`#results li[data-id="%s"]`, id)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click result %d: %v", i, err)
		}
		if err := poll(fmt.Sprintf(`document.body.dataset.graph === 'ready' && location.hash.includes('claim=%s')`, id)); err != nil {
			t.Fatal(err)
		}
		got = labels()
		if !slices.Contains(got, "Ramzan Kadyrov") {
			t.Errorf("claim %s found by searching Kadyrov draws no Ramzan Kadyrov: %v", id, got)
		}
		if containsAll(got, want) {
			chosen = id
			break
		}
	}
	if chosen == "" {
		t.Fatalf("no chain of the %d claims found draws all of %v; last drew %v", len(ids), want, got)
	}

	// Assessed claims and sources show their Admiralty grades.
	badges, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#claim-head .badge')].map(b => b.textContent).concat(cy.nodes().map(n => n.data('grade')).filter(Boolean))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(badges) < 2 || badges[0] == "–" {
		t.Errorf("grades shown: %q, want the claim's credibility and some source reliabilities", badges)
	}

	// The claim header says how many independent origins its reports have.
	if err := poll(`/independent origin/.test(document.querySelector('#claim-head .origins')?.textContent || '')`); err != nil {
		t.Error(err)
	}

	// dagre laid the chain out left to right: speaker before agency.
	xs, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](
		`Object.fromEntries(cy.nodes().map(n => [n.data('label'), n.position('x')]))`))
	if err != nil {
		t.Fatal(err)
	}
	if !(xs["Ramzan Kadyrov"] < xs["state television"] && xs["state television"] < xs["Agence France-Presse"]) {
		t.Errorf("chain not drawn left to right: x positions %v", xs)
	}

	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		t.Fatal("screenshot is not a PNG")
	}
	out := filepath.Join(t.TempDir(), "screenshot.png")
	if *updateScreenshot {
		out = filepath.Join(moduleRoot(t), "docs", "screenshot.png")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", out, len(shot))

	// Tapping the speaker expands its neighbourhood: its other claims
	// appear, and the URL records the expansion.
	before := len(got)
	speaker, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(() => { const n = cy.nodes().filter(n => n.data('label') === 'Ramzan Kadyrov')[0]; n.emit('tap'); return n.id(); })()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := poll(fmt.Sprintf(`document.body.dataset.graph === 'ready' && cy.nodes().length > %d && location.hash.includes('x=%s')`, before, speaker)); err != nil {
		t.Fatal(err)
	}
	expanded := labels()
	if err := poll(`!document.getElementById('node-info').hidden`); err != nil {
		t.Fatal(err)
	}

	// Back undoes the expansion: the chain alone is drawn again.
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	if err := poll(fmt.Sprintf(`document.body.dataset.graph === 'ready' && !location.hash.includes('x=') && cy.nodes().length === %d`, before)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.NavigateForward()); err != nil {
		t.Fatal(err)
	}
	if err := poll(fmt.Sprintf(`document.body.dataset.graph === 'ready' && cy.nodes().length === %d`, len(expanded))); err != nil {
		t.Fatal(err)
	}

	// The export link of the shown graph downloads it.
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector('#exports a[data-format="graphml"]').href).then(r => r.status + ' ' + r.headers.get('Content-Disposition'))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, "200 attachment;") || !strings.Contains(link, ".graphml") {
		t.Errorf("graphml export link: %s", link)
	}

	// The URL is the view: reloading it draws the same nodes.
	url, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if err := poll(fmt.Sprintf(`document.body.dataset.graph === 'ready' && window.cy && cy.nodes().length === %d`, len(expanded))); err != nil {
		t.Fatalf("reloading %s: %v (had %d nodes)", url, err, len(expanded))
	}
	q, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('q').value + '|' + document.querySelectorAll('#results li.selected').length`))
	if err != nil {
		t.Fatal(err)
	}
	if q != "Kadyrov|1" {
		t.Errorf("after reload: search box and selection %q, want Kadyrov|1", q)
	}

	// Upload an article through the page's form, then find its claim.
	art := filepath.Join(t.TempDir(), "bridge.txt")
	if err := os.WriteFile(art, []byte(uploadArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#upload summary")),
		chromedp.SetUploadFiles(chromedp.CSS("#upload-files"), []string{art}),
		chromedp.SendKeys(chromedp.CSS("#upload-token"), "tok"),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.body.dataset.upload === 'done'`); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('upload-result').textContent`))
	if err != nil || !strings.HasPrefix(msg, "Ingested 1 article") {
		t.Errorf("upload result %q (%v)", msg, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#q"), "bridge"),
		chromedp.Click(chromedp.CSS(`#search-form button[type="submit"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := poll(`[...document.querySelectorAll('#results li[data-id] .claim-content')].some(e => e.textContent.includes('bridge'))`); err != nil {
		t.Error(err)
	}

	mu.Lock()
	defer mu.Unlock()
	for _, e := range pageErrors {
		t.Errorf("page error: %s", e)
	}
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// moduleRoot is the repository root, one level above this package.
func moduleRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate test file")
	}
	return filepath.Join(filepath.Dir(file), "..")
}
