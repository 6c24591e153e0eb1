package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

// maxBackupRecord bounds one length-prefixed record of a backup. Badger's
// own records are a few megabytes at most; a larger length means the file is
// not a backup, and Badger would otherwise try to allocate it.
const maxBackupRecord = 256 << 20

// A backup is a 64-byte header and a payload in Badger's backup format
// (length-prefixed protobuf KV lists, as badger.DB.Backup writes them).
// Numbers are big-endian.
//
//	offset  size  field
//	     0     8  magic "PWBACKUP"
//	     8     4  BackupVersion
//	    12     4  the store's FormatVersion
//	    16     8  number of nodes
//	    24     8  payload length in bytes
//	    32    32  SHA-256 of bytes 0-31 followed by the SHA-256 of the payload
//	    64     …  payload
//
// The hash covers every byte but its own, so any change to the file is seen.
const (
	backupMagic      = "PWBACKUP"
	backupHeaderSize = 64
	// BackupVersion is the version of the backup file's layout.
	BackupVersion uint32 = 1
)

// Backup writes the store to w as a backup (see the layout above), from one
// consistent snapshot: no write runs meanwhile. The payload is spooled to a
// temporary file first, so that the header can carry its length and hash.
// Restore reads it back.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	var nodes uint64
	err := s.db.View(func(txn *badger.Txn) error {
		ids, err := scanSuffixes(ctx, txn, []byte{spaceNode})
		nodes = uint64(len(ids))
		return err
	})
	if err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	spool, err := os.CreateTemp("", "pactwatch-backup-*")
	if err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	defer func() { spool.Close(); os.Remove(spool.Name()) }()
	payloadHash := sha256.New()
	bw := bufio.NewWriter(io.MultiWriter(spool, payloadHash))
	if _, err := s.db.Backup(ctxWriter{ctx: ctx, w: bw}, 0); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	head := backupHeader{version: BackupVersion, format: FormatVersion, nodes: nodes, size: uint64(size)}
	hdr := head.encode(payloadHash.Sum(nil))
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	if _, err := w.Write(hdr); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	if _, err := io.Copy(ctxWriter{ctx: ctx, w: w}, spool); err != nil {
		return fmt.Errorf("store.backup: %w", err)
	}
	return nil
}

// backupHeader is the header of a backup, without its hash.
type backupHeader struct {
	version, format uint32
	nodes, size     uint64
}

// encode returns the header's 64 bytes, given the payload's SHA-256.
func (h backupHeader) encode(payloadSum []byte) []byte {
	b := make([]byte, 0, backupHeaderSize)
	b = append(b, backupMagic...)
	b = binary.BigEndian.AppendUint32(b, h.version)
	b = binary.BigEndian.AppendUint32(b, h.format)
	b = binary.BigEndian.AppendUint64(b, h.nodes)
	b = binary.BigEndian.AppendUint64(b, h.size)
	return append(b, headerSum(b, payloadSum)...)
}

// headerSum is the hash a header carries: over its first 32 bytes and the
// payload's SHA-256.
func headerSum(first32, payloadSum []byte) []byte {
	h := sha256.New()
	h.Write(first32)
	h.Write(payloadSum)
	return h.Sum(nil)
}

// corrupt is the error of a file that is not a good backup.
func corrupt(format string, args ...any) error {
	return graph.Errorf(graph.EINVALID, "not a pactwatch backup, or a corrupt one: "+format, args...)
}

// readBackup reads a backup's header and payload from r, checks the length
// and the hash, and returns the header and the payload, spooled to a
// temporary file (positioned at its start) that the caller closes and
// removes. Badger sees no byte of a payload that fails the checks.
func readBackup(ctx context.Context, r io.Reader) (backupHeader, *os.File, error) {
	var h backupHeader
	hdr := make([]byte, backupHeaderSize)
	n, err := io.ReadFull(r, hdr)
	switch {
	case n == 0:
		return h, nil, corrupt("the file is empty")
	case string(hdr[:min(n, 8)]) != backupMagic[:min(n, 8)]:
		return h, nil, corrupt("no pactwatch backup header (a backup made before pactwatch wrote headers cannot be checked: make a new one)")
	case err != nil:
		return h, nil, corrupt("the file ends inside the header (%d of %d bytes)", n, backupHeaderSize)
	}
	h.version = binary.BigEndian.Uint32(hdr[8:])
	h.format = binary.BigEndian.Uint32(hdr[12:])
	h.nodes = binary.BigEndian.Uint64(hdr[16:])
	h.size = binary.BigEndian.Uint64(hdr[24:])
	spool, err := os.CreateTemp("", "pactwatch-restore-*")
	if err != nil {
		return h, nil, err
	}
	fail := func(err error) (backupHeader, *os.File, error) {
		spool.Close()
		os.Remove(spool.Name())
		return h, nil, err
	}
	sum := sha256.New()
	copied, err := io.Copy(io.MultiWriter(spool, sum), ctxReader{ctx: ctx, r: io.LimitReader(r, int64(min(h.size, 1<<62)))})
	if err != nil {
		return fail(err)
	}
	extra, _ := io.ReadFull(r, make([]byte, 1))
	switch {
	case !bytes.Equal(headerSum(hdr[:32], sum.Sum(nil)), hdr[32:]):
		if uint64(copied) < h.size {
			return fail(corrupt("the file is truncated (%d of %d payload bytes), or its header is damaged", copied, h.size))
		}
		return fail(corrupt("its checksum does not match: the file was changed or damaged"))
	case extra > 0:
		return fail(corrupt("bytes follow the end of the backup"))
	case h.version != BackupVersion:
		return fail(corrupt("backup version %d; this pactwatch reads version %d", h.version, BackupVersion))
	case h.format > FormatVersion:
		return fail(graph.Errorf(graph.EINVALID, "the backup holds a store of format %d, newer than this pactwatch reads (format %d): restore it with a newer pactwatch", h.format, FormatVersion))
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	return h, spool, nil
}

// Restore loads a backup that Backup wrote into the store, which must hold
// no graph. The whole file is read and checked (header, length, hash)
// before anything is loaded, and the loaded store must hold the node count
// the header states. A file that is not a backup, or is truncated or
// corrupt, is an EINVALID error, and whatever was loaded of it is dropped
// again, so the store is left empty as it was.
func (s *Store) Restore(ctx context.Context, r io.Reader) (err error) {
	if s.readOnly {
		return errReadOnly("store.restore")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	defer s.noteWrite()
	if err := s.checkRoom(); err != nil {
		return err
	}

	empty, err := s.empty()
	if err != nil {
		return fmt.Errorf("store.restore: %w", err)
	}
	if !empty {
		return graph.Errorf(graph.EINVALID, "store.restore: the store is not empty; restore into a new directory")
	}
	head, spool, err := readBackup(ctx, r)
	if err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return err
		}
		return fmt.Errorf("store.restore: %w", err)
	}
	defer func() { spool.Close(); os.Remove(spool.Name()) }()
	// Meta keys of an emptied store would shadow the backup's.
	if err := s.db.DropAll(); err != nil {
		return fmt.Errorf("store.restore: %w", err)
	}
	fr := &frameReader{ctx: ctx, r: bufio.NewReader(spool)}
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
		loadErr = s.db.Update(func(txn *badger.Txn) error {
			ids, err := scanSuffixes(ctx, txn, []byte{spaceNode})
			if err != nil {
				return err
			}
			if uint64(len(ids)) != head.nodes {
				return fmt.Errorf("it holds %d records, its header says %d", len(ids), head.nodes)
			}
			return setFormat(txn)
		})
	}
	if loadErr == nil {
		return nil
	}
	if isNoSpace(loadErr) {
		// What was loaded is left for the caller to remove with the
		// store's directory: dropping it needs room for a new log.
		return s.noSpaceError(fmt.Errorf("store.restore: %w", loadErr))
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
	return corrupt("%v", loadErr)
}

// ctxReader stops a read when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
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
