package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/query"
	"github.com/sourcetrace/sourcetrace/web"
)

// Defaults for zero Options fields.
const (
	DefaultMaxBody    = 10 << 20 // bytes of an upload
	DefaultMaxDepth   = 4        // subgraph walk depth
	DefaultMaxResults = 1000     // search results, subgraph nodes
	DefaultTimeout    = 30 * time.Second
	// DefaultExportMaxBytes caps one export response.
	DefaultExportMaxBytes = 64 << 20
	// shutdownGrace is how long Serve lets in-flight requests finish after
	// its context is cancelled.
	shutdownGrace = 10 * time.Second
	// maxIngests is how many uploads are extracted at once; more wait.
	// Extraction is CPU-bound, and queries must stay answerable meanwhile.
	maxIngests = 2
)

// IngestFunc ingests the article files at paths into the store, as
// (*ingest.Ingester).Run does.
type IngestFunc func(ctx context.Context, paths []string) (ingest.Summary, error)

// SearchFunc finds the claims q asks for, best first, at most q.Limit.
// DefaultSearch scans the store; a full-text index (package query/search)
// does better, and cmd wires it in when one exists.
type SearchFunc func(ctx context.Context, r graph.Reader, q SearchQuery) ([]query.ClaimRef, error)

// Options configure a Server. Only Store is required.
type Options struct {
	Store graph.Store
	// Ingest writes uploaded articles; nil disables uploads.
	Ingest IngestFunc
	// Token is the bearer token uploads must present; empty disables
	// uploads.
	Token string
	// ReadOnly refuses every write with 403.
	ReadOnly bool
	// MaxBody caps a request body in bytes (DefaultMaxBody when 0).
	MaxBody int64
	// MaxDepth caps the depth of a subgraph or export walk
	// (DefaultMaxDepth when 0).
	MaxDepth int
	// MaxResults caps search results, subgraph nodes and the IDs one
	// request may name (DefaultMaxResults when 0).
	MaxResults int
	// ExportMaxBytes caps one export (DefaultExportMaxBytes when 0).
	ExportMaxBytes int64
	// Timeout bounds each request (DefaultTimeout when 0).
	Timeout time.Duration
	// Search answers /api/search; nil means DefaultSearch.
	Search SearchFunc
	// Logger receives one line per request and every internal error;
	// nil discards them.
	Logger *slog.Logger
}

// Server serves the JSON API and the page.
type Server struct {
	opts     Options
	log      *slog.Logger
	ingests  chan struct{} // semaphore of maxIngests
	assessed assessCache
	handler  http.Handler
}

// New returns a Server; zero Options fields get their defaults.
func New(opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.MaxResults <= 0 {
		opts.MaxResults = DefaultMaxResults
	}
	if opts.ExportMaxBytes <= 0 {
		opts.ExportMaxBytes = DefaultExportMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Search == nil {
		opts.Search = DefaultSearch
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, log: log, ingests: make(chan struct{}, maxIngests)}
	s.handler = s.routes()
	return s
}

// Handler returns the server's HTTP handler: API, page, logging, timeouts
// and panic recovery.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle(pattern, s.apiHandler(h))
	}
	api("GET /healthz", s.health)
	api("GET /api/search", s.search)
	api("GET /api/claims/{id}", s.claim)
	api("GET /api/claims/{id}/chains", s.chains)
	api("GET /api/origins/{id}", s.origins)
	api("GET /api/timeline/{id}", s.timeline)
	api("GET /api/entities/{name}", s.entity)
	api("GET /api/subgraph", s.subgraph)
	api("GET /api/explain/{id}", s.explain)
	api("GET /api/export", s.export)
	api("GET /api/stats", s.stats)
	api("GET /api/formats", s.formats)
	api("POST /api/ingest", s.ingest)
	// Anything else under /api/, a wrong method included, is a JSON 404
	// naming the request, not the page.
	api("/api/", func(w http.ResponseWriter, r *http.Request) error {
		return &statusError{http.StatusNotFound, fmt.Sprintf("no API route %s %s", r.Method, r.URL.Path)}
	})
	page := web.Handler()
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		page.ServeHTTP(w, r)
	}))
	return s.logRequests(mux)
}

// apiHandler gives h the per-request timeout and routes its error through
// fail.
func (s *Server) apiHandler(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// Serve answers requests on ln until ctx is cancelled, then stops
// accepting connections and gives in-flight requests a grace period.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Bodies are capped by MaxBody; allow the whole request timeout
		// for a slow upload, plus slack to write the answer.
		ReadTimeout:  s.opts.Timeout + 5*time.Second,
		WriteTimeout: s.opts.Timeout + 10*time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("shut down %s: %w", ln.Addr(), err)
	}
	return nil
}

// Run listens on addr (host:port; port 0 picks a free one) and serves
// until ctx is cancelled.
func (s *Server) Run(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}
