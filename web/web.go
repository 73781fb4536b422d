package web

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed dist
var dist embed.FS

// Files returns the page's files, rooted at dist/ (index.html, app.js,
// style.css, vendor/...).
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("web: embedded dist directory missing: " + err.Error()) // cannot happen: dist is embedded
	}
	return sub
}

// contentSecurityPolicy allows only this origin's scripts and styles, so a
// claim's text can never run as code even if it slipped past escaping.
// Cytoscape sets element styles from script, which 'unsafe-inline' for
// style-src permits; scripts stay strict.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Handler serves the page. Vendored libraries never change under a given
// path version, so they may be cached; the page's own files are revalidated
// on every load so a new binary is picked up at once.
func Handler() http.Handler {
	files := http.FileServerFS(Files())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/vendor/") {
			h.Set("Cache-Control", "public, max-age=86400")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}
