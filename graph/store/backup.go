package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/pactwatch/pactwatch/graph"
)

// maxBackupRecord bounds one length-prefixed record of a backup. Badger's
// own records are a few megabytes at most; a larger length means the file is
// not a backup, and Badger would otherwise try to allocate it.
const maxBackupRecord = 256 << 20

// Backup writes every key of the store to w in Badger's backup format
// (length-prefixed protobuf KV lists, as badger.DB.Backup writes them), from
// one consistent snapshot. Restore reads it back.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if _, err := s.db.Backup(ctxWriter{ctx: ctx, w: w}, 0); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	return nil
}

// Restore loads a backup that Backup wrote into the store, which must be
// empty. A file that is not a backup, or is truncated or corrupt, is an
// EINVALID error, and whatever was loaded of it is dropped again, so the
// store is left empty as it was.
func (s *Store) Restore(ctx context.Context, r io.Reader) (err error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	empty, err := s.empty()
	if err != nil {
		return fmt.Errorf("store.restore: %w", err)
	}
	if !empty {
		return graph.Errorf(graph.EINVALID, "store.restore: the store is not empty; restore into a new directory")
	}
	fr := &frameReader{ctx: ctx, r: r}
	loadErr := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("badger.load: %v", p)
			}
		}()
		return s.db.Load(fr, 256)
	}()
	if loadErr == nil && fr.records == 0 {
		loadErr = fmt.Errorf("the file holds no records")
	}
	if loadErr == nil {
		return nil
	}
	// A Load that fails after reading some records has already advanced
	// Badger's next commit timestamp but never marks it done, so every later
	// transaction would wait for it forever. An empty Load marks it done.
	if err := s.db.Load(bytes.NewReader(nil), 1); err != nil {
		return fmt.Errorf("store.restore: %w (and recovering from it failed: %v)", loadErr, err)
	}
	if derr := s.db.DropAll(); derr != nil {
		return fmt.Errorf("store.restore: %w (and dropping what was loaded failed: %v)", loadErr, derr)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("store.restore: %w", loadErr)
	}
	return graph.Errorf(graph.EINVALID, "not a pactwatch backup, or a corrupt one: %v", loadErr)
}

// ctxWriter stops a backup when its context ends.
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

// frameReader passes a backup through unchanged while it checks the framing:
// each record is an 8-byte little-endian length and that many bytes. It
// fails on a length no backup has, before Badger allocates it, and on a file
// that ends inside a length.
type frameReader struct {
	ctx     context.Context
	r       io.Reader
	header  [8]byte
	inHead  int    // bytes of the current length read so far
	body    uint64 // bytes of the current record still to pass
	records int
}

func (f *frameReader) Read(p []byte) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	if f.body == 0 {
		// Read (the rest of) the next length into the header.
		want := min(8-f.inHead, len(p))
		n, err := f.r.Read(f.header[f.inHead : f.inHead+want])
		copy(p, f.header[f.inHead:f.inHead+n])
		f.inHead += n
		if f.inHead == 8 {
			f.inHead = 0
			f.body = binary.LittleEndian.Uint64(f.header[:])
			f.records++
			if f.body > maxBackupRecord {
				// Withhold the length's last bytes, so Badger never sees it.
				return 0, fmt.Errorf("a record claims %d bytes", f.body)
			}
		}
		if err == io.EOF && f.inHead > 0 {
			return n, io.ErrUnexpectedEOF
		}
		return n, err
	}
	if uint64(len(p)) > f.body {
		p = p[:f.body]
	}
	n, err := f.r.Read(p)
	f.body -= uint64(n)
	if err == io.EOF && f.body > 0 {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
