package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

// FormatVersion is the layout of the keys and values this package writes
// (keys.go). Every way a store is made (Apply on an empty store, Load,
// Restore) records it, and Open refuses a store of a higher format: a newer
// pactwatch wrote it, and reading it as this one's could serve wrong
// answers. Raise it with any change of layout, and teach Open to migrate or
// refuse the older formats.
//
// Format 2 added the fact blocks (0x05) and the change log (0x07–0x0B): an
// older pactwatch writing into such a store would leave both behind its
// records. A format-1 store reads correctly (no blocks: the engine reads the
// nodes; no log: history starts at the first write) and is raised to 2 by
// its first write.
const FormatVersion uint32 = 2

// Meta keys: the store's own records, in keyspace 0x06, outside the graph.
//
//	meta    0x06 | name                                   → value
//
// Keyspace 0x05 is reserved. The names are persisted: never rename them.
const spaceMeta byte = 0x06

var (
	// formatKey holds FormatVersion, as four big-endian bytes.
	formatKey = metaKey("format")
	// corpusKey holds the hash of the embedded corpus last loaded into
	// the store (SetEmbeddedCorpus).
	corpusKey = metaKey("embedded-corpus")
	// ownWritesKey, when present, says the store took a write that was not
	// a load of the embedded corpus (MarkOwnWrites).
	ownWritesKey = metaKey("own-writes")
)

// metaKey builds a meta key.
//
//	+------+----------+
//	| 0x06 | name ... |
//	+------+----------+
func metaKey(name string) []byte { return append([]byte{spaceMeta}, name...) }

// Format returns the format version recorded in the store, 0 when none is
// (an empty store, or one made before formats were recorded, whose layout is
// that of format 1).
func (s *Store) Format() (uint32, error) {
	var v uint32
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		v, err = readFormat(txn)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store.format: %w", err)
	}
	return v, nil
}

func readFormat(txn *badger.Txn) (uint32, error) {
	b, err := getMeta(txn, formatKey)
	if err != nil || b == nil {
		return 0, err
	}
	if len(b) != 4 {
		return 0, fmt.Errorf("format record of %d bytes, want 4", len(b))
	}
	return binary.BigEndian.Uint32(b), nil
}

// checkFormat refuses a store whose recorded format this package does not
// know.
func checkFormat(txn *badger.Txn, dir string) error {
	v, err := readFormat(txn)
	if err != nil {
		return err
	}
	if v > FormatVersion {
		where := "the store"
		if dir != "" {
			where = "the store in " + dir
		}
		return graph.Errorf(graph.EINVALID, "%s has format %d, newer than this pactwatch reads (format %d): a newer pactwatch wrote it; run that one, or restore a backup into a new directory", where, v, FormatVersion)
	}
	return nil
}

// setFormat records FormatVersion in txn unless it is recorded already.
func setFormat(txn *badger.Txn) error {
	v, err := readFormat(txn)
	if err != nil || v == FormatVersion {
		return err
	}
	return txn.Set(formatKey, binary.BigEndian.AppendUint32(nil, FormatVersion))
}

// EmbeddedCorpus returns the hash of the embedded corpus last recorded by
// SetEmbeddedCorpus ("" when none was), and whether the store has taken a
// write of its own since (MarkOwnWrites).
func (s *Store) EmbeddedCorpus(ctx context.Context) (hash string, ownWrites bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := getMeta(txn, corpusKey)
		if err != nil {
			return err
		}
		own, err := getMeta(txn, ownWritesKey)
		hash, ownWrites = string(h), own != nil
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("store.embeddedCorpus: %w", err)
	}
	return hash, ownWrites, nil
}

// SetEmbeddedCorpus records that the store holds the embedded corpus whose
// hash is hash, and nothing written since: it clears the MarkOwnWrites mark.
// Call it after the load.
func (s *Store) SetEmbeddedCorpus(ctx context.Context, hash string) error {
	return s.updateMeta(ctx, "store.setEmbeddedCorpus", func(txn *badger.Txn) error {
		if err := txn.Set(corpusKey, []byte(hash)); err != nil {
			return err
		}
		return txn.Delete(ownWritesKey)
	})
}

// MarkOwnWrites records that the store takes a write that is not a load of
// the embedded corpus, so that a later embedded corpus is never loaded over
// it. Call it before the write, so that a crash between the two leaves the
// mark.
func (s *Store) MarkOwnWrites(ctx context.Context) error {
	return s.updateMeta(ctx, "store.markOwnWrites", func(txn *badger.Txn) error {
		return txn.Set(ownWritesKey, []byte{1})
	})
}

func (s *Store) updateMeta(ctx context.Context, op string, f func(*badger.Txn) error) error {
	if s.readOnly {
		return errReadOnly(op)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	defer s.noteWrite()
	if err := s.checkRoom(); err != nil {
		return err
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := setFormat(txn); err != nil {
			return err
		}
		return f(txn)
	})
	if err != nil {
		return s.noSpaceError(fmt.Errorf("%s: %w", op, err))
	}
	return nil
}

// getMeta returns a copy of a meta value, nil when there is none.
func getMeta(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	v, err := item.ValueCopy(nil)
	if v == nil && err == nil {
		v = []byte{}
	}
	return v, err
}
