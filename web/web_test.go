package web_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/web"
)

// TestPageRefersToEmbeddedFiles checks that every script and stylesheet
// the page loads is embedded, and that none comes from another origin.
func TestPageRefersToEmbeddedFiles(t *testing.T) {
	page, err := fs.ReadFile(web.Files(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"#]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 4 {
		t.Fatalf("found %d references in index.html, want the stylesheet and three scripts", len(refs))
	}
	for _, m := range refs {
		ref := m[1]
		if strings.Contains(ref, "//") {
			t.Errorf("index.html loads %q from another origin", ref)
			continue
		}
		if _, err := fs.Stat(web.Files(), strings.TrimPrefix(ref, "/")); err != nil {
			t.Errorf("index.html refers to %q, which is not embedded: %v", ref, err)
		}
	}
	for _, want := range []string{"vendor/cytoscape.min.js", "vendor/cytoscape-dagre.min.js", "vendor/VERSIONS", "vendor/LICENSE.cytoscape", "app.js", "style.css"} {
		if fi, err := fs.Stat(web.Files(), want); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", want, err)
		}
	}
}

func TestHandler(t *testing.T) {
	h := web.Handler()
	tests := []struct {
		path, contentType, cache string
		status                   int
	}{
		{"/", "text/html", "no-cache", 200},
		{"/app.js", "javascript", "no-cache", 200},
		{"/style.css", "text/css", "no-cache", 200},
		{"/vendor/cytoscape.min.js", "javascript", "max-age", 200},
		{"/nope.js", "", "", 404},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, rec.Code, tt.status)
			continue
		}
		if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("%s: no CSP", tt.path)
		}
		if tt.status != 200 {
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tt.contentType) {
			t.Errorf("%s: Content-Type %q, want %s", tt.path, ct, tt.contentType)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tt.cache) {
			t.Errorf("%s: Cache-Control %q, want %s", tt.path, cc, tt.cache)
		}
	}
}
