package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sourcetrace/sourcetrace/graph"
	"github.com/sourcetrace/sourcetrace/ingest"
	"github.com/sourcetrace/sourcetrace/ingest/article"
	"github.com/sourcetrace/sourcetrace/query"
)

// uploadExts are the article formats an upload may have, by extension.
var uploadExts = []string{".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".sgm", ".sgml"}

// maxUploadFiles caps the files of one multipart upload.
const maxUploadFiles = 100

func (s *Server) uploadsEnabled() bool {
	return !s.opts.ReadOnly && s.opts.Token != "" && s.opts.Ingest != nil
}

// IngestResult is the answer to POST /api/ingest.
type IngestResult struct {
	Summary ingest.Summary `json:"summary"`
	// Articles lists the uploaded articles, to look their claims up.
	Articles []query.ArticleRef `json:"articles"`
}

// ingest accepts article files as multipart/form-data (any number of
// file parts) or as a raw body whose type is given by the Content-Type or
// by ?filename=NAME.ext, and ingests them. It needs the bearer token.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) error {
	switch {
	case s.opts.ReadOnly:
		return fmt.Errorf("upload refused: the server is read-only: %w", graph.ErrReadOnly)
	case s.opts.Token == "" || s.opts.Ingest == nil:
		return &statusError{http.StatusForbidden, "uploads are disabled: start the server with server.token set"}
	}
	if !s.authorized(r) {
		return &statusError{http.StatusUnauthorized, "upload refused: missing or wrong bearer token (Authorization: Bearer TOKEN)"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)

	dir, err := os.MkdirTemp("", "sourcetrace-upload-*")
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	defer os.RemoveAll(dir)
	paths, err := saveUpload(r, dir)
	if err != nil {
		return err
	}

	ctx := r.Context()
	select {
	case s.ingests <- struct{}{}:
		defer func() { <-s.ingests }()
	case <-ctx.Done():
		return fmt.Errorf("upload: waiting for other uploads: %w", ctx.Err())
	}
	sum, err := s.opts.Ingest(ctx, paths)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	res := IngestResult{Summary: sum, Articles: []query.ArticleRef{}}
	for doc, err := range article.All(ctx, paths, article.DefaultOptions()) {
		if err != nil {
			continue // the summary lists it as skipped
		}
		res.Articles = append(res.Articles, query.ArticleRef{ID: ingest.ArticleID(doc), Title: doc.Title, URL: doc.URL})
	}
	code := http.StatusOK
	if sum.Articles == 0 && len(sum.Skipped) > 0 {
		code = http.StatusUnprocessableEntity // nothing could be read; the summary says why
	}
	writeJSON(w, code, res)
	return nil
}

// authorized compares the bearer token in constant time.
func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(auth) < len(prefix) || !strings.EqualFold(auth[:len(prefix)], prefix) {
		return false
	}
	got := strings.TrimSpace(auth[len(prefix):])
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.Token)) == 1
}

// saveUpload writes the uploaded files into dir and returns their paths.
func saveUpload(r *http.Request, dir string) ([]string, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return nil, badRequest("upload: bad Content-Type %q: %v", r.Header.Get("Content-Type"), err)
	}
	if mt == "multipart/form-data" {
		return saveMultipart(r, dir, params["boundary"])
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = "upload" + extOf(mt)
	}
	p, err := saveFile(dir, 0, name, r.Body)
	if err != nil {
		return nil, err
	}
	return []string{p}, nil
}

// extOf maps a raw body's media type to the extension the reader keys on.
func extOf(mediaType string) string {
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return ".html"
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
		return ".jsonl"
	case "application/sgml", "text/sgml":
		return ".sgm"
	}
	return ".txt"
}

func saveMultipart(r *http.Request, dir, boundary string) ([]string, error) {
	if boundary == "" {
		return nil, badRequest("upload: multipart body without a boundary")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("upload: %v", err)
	}
	var paths []string
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadReadError(err)
		}
		if part.FileName() == "" {
			part.Close()
			continue // a plain form field
		}
		if len(paths) == maxUploadFiles {
			return nil, badRequest("upload: more than %d files in one request", maxUploadFiles)
		}
		p, err := saveFile(dir, len(paths), part.FileName(), part)
		part.Close()
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		return nil, badRequest("upload: no file part in the multipart body")
	}
	return paths, nil
}

// saveFile writes one upload under a name of our own making: the client's
// name only lends its base and extension, so it cannot escape dir.
func saveFile(dir string, i int, clientName string, body io.Reader) (string, error) {
	base := filepath.Base(filepath.Clean("/" + strings.ReplaceAll(clientName, `\`, "/")))
	ext := strings.ToLower(filepath.Ext(base))
	if !slices.Contains(uploadExts, ext) {
		return "", badRequest("upload %q: extension %q is not an article format (want one of %s)", clientName, ext, strings.Join(uploadExts, " "))
	}
	stem := strings.Map(func(r rune) rune {
		if r == '/' || r == 0 || r < ' ' {
			return '_'
		}
		return r
	}, strings.TrimSuffix(base, filepath.Ext(base)))
	if len(stem) > 80 {
		stem = stem[:80]
	}
	path := filepath.Join(dir, fmt.Sprintf("%03d-%s%s", i, stem, ext))
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("upload %q: %w", clientName, err)
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", uploadReadError(err)
	}
	return path, nil
}

// uploadReadError keeps a body-size error recognisable (413) and calls
// any other failure to read the body the client's (400).
func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return badRequest("upload: reading the body: %v", err)
}
