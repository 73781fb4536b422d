package graph

import "errors"

// Sentinel errors returned by Store implementations and the packages above
// them. Check them with errors.Is; they are usually wrapped with context.
var (
	// ErrNotFound means the requested node, edge or name does not exist.
	ErrNotFound = errors.New("not found")

	// ErrInvalid means an argument or a value failed validation.
	ErrInvalid = errors.New("invalid")

	// ErrConflict means a concurrent write touched the same keys; the
	// operation may be retried.
	ErrConflict = errors.New("conflict")

	// ErrInUse means the store directory is held open by another process.
	ErrInUse = errors.New("store in use")

	// ErrSchemaVersion means the store was written by an incompatible version
	// of sourcetrace.
	ErrSchemaVersion = errors.New("schema version mismatch")

	// ErrClosed means the store has been closed.
	ErrClosed = errors.New("store closed")

	// ErrReadOnly means a write was attempted on a read-only store.
	ErrReadOnly = errors.New("store is read-only")

	// ErrLimit means a query exceeded a configured limit (depth, results).
	ErrLimit = errors.New("limit exceeded")
)
