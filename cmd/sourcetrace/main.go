package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sourcetrace/sourcetrace/graph"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // something failed or some input was skipped
	exitUsage   = 2 // the request itself was wrong: bad flag, unknown entity, bad query
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs the command line args and returns the exit status. It is main
// without the process, so tests can call it.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	defer app.Close()
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if cerr := app.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "sourcetrace: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "sourcetrace: %v\n", err)
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// exitError carries a specific exit status; err may be nil when the
// command already told the user what went wrong.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks errors in what the user asked for (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u) ||
		errors.Is(err, graph.ErrNotFound) ||
		errors.Is(err, graph.ErrInvalid) ||
		errors.Is(err, graph.ErrLimit)
}
