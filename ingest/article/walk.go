package article

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
)

// File is one input found by Files.
type File struct {
	Path string
	// Size in bytes, or -1 for standard input.
	Size int64
}

// Files expands paths into the list of inputs that All reads, so a caller
// can size a progress bar first. Files named explicitly are listed whatever
// their extension (reading reports an unsupported one); "-" stands for
// standard input. Directories are walked recursively in lexical order,
// skipping hidden files and directories (names starting with ".") and
// keeping only files with a known extension (.txt, .text, .html, .htm,
// .xhtml, .jsonl, .ndjson, .sgm, .sgml), so that stray files such as
// lewis.dtd do not become articles; README, LICENSE, COPYING and CHANGELOG
// files (any extension) are skipped too, since corpora ship them next to
// the articles (the BBC corpus has a README.TXT). A path that cannot be listed
// yields a *FileError in the joined error while the others are still listed.
func Files(ctx context.Context, paths []string) ([]File, error) {
	var files []File
	var errs []error
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		if p == StdinPath {
			files = append(files, File{Path: p, Size: -1})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fileErr(p, unwrapPath(err)))
			continue
		}
		if !fi.IsDir() {
			files = append(files, File{Path: p, Size: fi.Size()})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fileErr(path, unwrapPath(err)))
				if d != nil && d.IsDir() && path != p {
					return fs.SkipDir
				}
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || filepath.Ext(path) == "" {
				return nil
			}
			if _, err := formatOf(path); err != nil || isCollectionDoc(d.Name()) {
				return nil
			}
			info, err := os.Stat(path) // follows symlinks, unlike d.Info
			if err != nil {
				errs = append(errs, fileErr(path, unwrapPath(err)))
				return nil
			}
			if info.Mode().IsRegular() {
				files = append(files, File{Path: path, Size: info.Size()})
			}
			return nil
		})
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return files, ctxErr
			}
			errs = append(errs, fileErr(p, err))
		}
	}
	return files, errors.Join(errs...)
}

// Count returns the number of files and their total size that All will
// read (standard input counts as one file of unknown size, adding nothing).
func Count(ctx context.Context, paths []string) (files int, bytes int64, err error) {
	list, err := Files(ctx, paths)
	for _, f := range list {
		if f.Size > 0 {
			bytes += f.Size
		}
	}
	return len(list), bytes, err
}

// All reads every article under paths (see Files for how paths expand),
// yielding each document with a nil error, or a zero Document with the
// error for one bad file or record (usually a *FileError); reading goes on
// after it. The multi-article formats are streamed, so the whole Reuters
// collection never sits in memory. Cancelling ctx yields ctx.Err() and ends
// the sequence.
func All(ctx context.Context, paths []string, opts Options) iter.Seq2[Document, error] {
	return func(yield func(Document, error) bool) {
		files, err := Files(ctx, paths)
		if err != nil {
			if ctx.Err() != nil {
				yield(Document{}, ctx.Err())
				return
			}
			for _, e := range unjoin(err) {
				if !yield(Document{}, e) {
					return
				}
			}
		}
		for _, f := range files {
			if !readPath(ctx, f.Path, opts, yield) {
				return
			}
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// Walk calls fn for every article under paths and onErr (when not nil) for
// every bad file or record, which does not stop the others. It stops at the
// first error fn returns, or when ctx is cancelled, and returns that error.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Document) error, onErr func(error)) error {
	for d, err := range All(ctx, paths, opts) {
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
				return ctxErr
			}
			if onErr != nil {
				onErr(err)
			}
			continue
		}
		if err := fn(d); err != nil {
			return fmt.Errorf("%s: %w", d.Source, err)
		}
	}
	return ctx.Err()
}

// unjoin splits an errors.Join result into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// isCollectionDoc reports whether a file name is a collection's own
// documentation rather than an article.
func isCollectionDoc(name string) bool {
	base := strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name)))
	switch base {
	case "README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG":
		return true
	}
	return false
}
