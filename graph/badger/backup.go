package badger

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/sourcetrace/sourcetrace/graph"
)

// A backup is a header naming the format and schema version, then badger's
// own stream backup (length-prefixed protobuf KV lists). The header lets
// Restore reject a foreign file or another schema before touching the store.
const (
	backupMagic = "sourcetrace-badger-backup\n"
	// maxFrame bounds one KV list frame of badger's format; a corrupt
	// length would otherwise make Load allocate whatever it says.
	maxFrame = 256 << 20
)

// Backup implements graph.Backuper: a full, consistent copy of the store.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := s.gate.enter(); err != nil {
		return fmt.Errorf("backup %s: %w", s.dir, err)
	}
	defer s.gate.leave()
	hdr := binary.BigEndian.AppendUint32([]byte(backupMagic), SchemaVersion)
	if _, err := w.Write(hdr); err != nil {
		return fmt.Errorf("backup %s: %w", s.dir, err)
	}
	// badger's stream ignores contexts; failing the writer stops it.
	if _, err := s.db.Backup(ctxWriter{ctx, w}, 0); err != nil {
		return fmt.Errorf("backup %s: %w", s.dir, err)
	}
	return nil
}

// Restore implements graph.Backuper: it replaces the store's whole content
// with the backup. It waits for running calls and holds new ones until it
// is done. A malformed backup is refused before anything is dropped when
// its header is wrong; if its body turns out corrupt, the store is left
// holding part of it, and Restore should be run again with a good backup.
func (s *Store) Restore(ctx context.Context, r io.Reader) error {
	if s.opts.ReadOnly {
		return fmt.Errorf("restore %s: %w", s.dir, graph.ErrReadOnly)
	}
	br := bufio.NewReader(r)
	hdr := make([]byte, len(backupMagic)+4)
	if _, err := io.ReadFull(br, hdr); err != nil || string(hdr[:len(backupMagic)]) != backupMagic {
		return fmt.Errorf("restore %s: not a sourcetrace badger backup (bad header): %w", s.dir, graph.ErrInvalid)
	}
	if v := binary.BigEndian.Uint32(hdr[len(backupMagic):]); v != SchemaVersion {
		return fmt.Errorf("restore %s: backup has schema version %d, this build reads version %d: %w",
			s.dir, v, SchemaVersion, graph.ErrSchemaVersion)
	}
	err := s.gate.alone(func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.db.DropAll(); err != nil {
			return fmt.Errorf("drop old content: %w", err)
		}
		if err := s.db.Load(&frameChecker{ctx: ctx, r: br}, 256); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore %s: %w", s.dir, err)
	}
	return nil
}

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// frameChecker passes badger's backup stream through, checking each frame's
// 8-byte little-endian length before Load sees it, and the context.
type frameChecker struct {
	ctx  context.Context
	r    io.Reader
	hdr  [8]byte
	pend []byte // length-prefix bytes read but not yet passed on
	left uint64 // frame body bytes still to pass on
	off  int64  // offset in the stream, for errors
}

var errFrame = errors.New("corrupt backup")

func (f *frameChecker) Read(p []byte) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if len(f.pend) == 0 && f.left == 0 {
		n, err := io.ReadFull(f.r, f.hdr[:])
		switch {
		case n == 0 && errors.Is(err, io.EOF):
			return 0, io.EOF
		case errors.Is(err, io.ErrUnexpectedEOF):
			return 0, fmt.Errorf("offset %d: truncated frame length: %w", f.off, errFrame)
		case err != nil:
			return 0, err
		}
		sz := binary.LittleEndian.Uint64(f.hdr[:])
		if sz > maxFrame {
			return 0, fmt.Errorf("offset %d: frame length %d over %d: %w", f.off, sz, maxFrame, errFrame)
		}
		f.pend, f.left = f.hdr[:], sz
	}
	if len(f.pend) > 0 {
		n := copy(p, f.pend)
		f.pend = f.pend[n:]
		f.off += int64(n)
		return n, nil
	}
	if uint64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.r.Read(p)
	f.left -= uint64(n)
	f.off += int64(n)
	if errors.Is(err, io.EOF) {
		if f.left > 0 {
			return n, fmt.Errorf("offset %d: truncated frame: %w", f.off, errFrame)
		}
		err = nil // the next Read reports a clean end
	}
	return n, err
}
