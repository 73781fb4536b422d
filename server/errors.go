package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/sourcetrace/sourcetrace/graph"
)

// statusError is an error whose HTTP status the handler already knows
// (bad parameters, authentication).
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &statusError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// errorBody is what every failed request gets.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// status maps an error to its HTTP status and the message a client may
// see. It is the one place that decides; internal errors get a generic
// message, their detail goes to the log.
func status(err error) (int, string) {
	var se *statusError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		return se.status, se.msg
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over the limit of %d bytes", tooBig.Limit)
	case errors.Is(err, graph.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, graph.ErrInvalid), errors.Is(err, graph.ErrLimit):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, graph.ErrReadOnly):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, graph.ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.Is(err, graph.ErrClosed), errors.Is(err, graph.ErrInUse):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request timed out; narrow the query"
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
		return 499, "request cancelled"
	}
	return http.StatusInternalServerError, "internal error (logged on the server)"
}

// fail writes err as a JSON error body with the status status gives it,
// logging server-side failures.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := status(err)
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "status", code, "err", err)
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sourcetrace"`)
	}
	writeJSON(w, code, errorBody{Error: msg, Status: code})
}

// writeJSON encodes v before writing the header, so an encoding failure
// still gives a clean 500.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		code = http.StatusInternalServerError
		_ = json.NewEncoder(&buf).Encode(errorBody{Error: "encode response: " + err.Error(), Status: code})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// recorder remembers the status and size of a response for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request: method, path, status, duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		defer func() {
			code := rec.status
			if code == 0 {
				code = http.StatusOK
			}
			level := slog.LevelInfo
			if code >= 500 {
				level = slog.LevelWarn
			}
			s.log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path,
				"status", code, "bytes", rec.bytes, "duration", time.Since(start), "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rec, r)
	})
}
