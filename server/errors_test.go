package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sourcetrace/sourcetrace/graph"
)

func TestStatus(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("chains of claim 0000000000000001: %w", err) }
	tests := []struct {
		err     error
		code    int
		mention string
	}{
		{wrap(graph.ErrNotFound), 404, "chains of claim"},
		{wrap(graph.ErrInvalid), 400, "invalid"},
		{wrap(graph.ErrLimit), 400, "limit"},
		{wrap(graph.ErrReadOnly), 403, "read-only"},
		{wrap(graph.ErrConflict), 409, "conflict"},
		{wrap(graph.ErrClosed), 503, "closed"},
		{wrap(context.DeadlineExceeded), 503, "timed out"},
		{wrap(context.Canceled), 499, "cancelled"},
		{wrap(&http.MaxBytesError{Limit: 10}), 413, "limit of 10 bytes"},
		{badRequest("parameter %s is odd", "x"), 400, "parameter x is odd"},
		{&statusError{http.StatusUnauthorized, "no token"}, 401, "no token"},
		{wrap(errors.New("open /secret/file: permission denied")), 500, "internal error"},
	}
	for _, tt := range tests {
		code, msg := status(tt.err)
		if code != tt.code || !strings.Contains(msg, tt.mention) {
			t.Errorf("status(%v) = %d %q, want %d mentioning %q", tt.err, code, msg, tt.code, tt.mention)
		}
		if code == 500 && strings.Contains(msg, "secret") {
			t.Errorf("status(%v) leaks the internal detail: %q", tt.err, msg)
		}
	}
}
