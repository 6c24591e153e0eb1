package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// Revisions: a record's revision is its content at one of its versions
// (graph/version.go). The change log keeps each change's "before", so the
// revision at version V is the before of the record's first change after
// V, or the stored node when nothing has changed it since.

// RecordAt returns record id as it stood at version v: nil when it did not
// exist then.
func (s *Store) RecordAt(ctx context.Context, id string, v uint64) (graph.Node, error) {
	var out graph.Node
	err := s.db.View(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		prefix := recordLogPrefix(id)
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = prefix
		it := txn.NewIterator(o)
		defer it.Close()
		// The first entry after every entry of version v.
		it.Seek(recordLogKey(id, v, ^uint32(0)))
		for ; it.ValidForPrefix(prefix); it.Next() {
			rest := it.Item().Key()[len(prefix):]
			seq, index := binary.BigEndian.Uint64(rest), binary.BigEndian.Uint32(rest[8:])
			if seq <= v {
				continue
			}
			item, err := txn.Get(logKey(seq, index))
			if err != nil {
				return err
			}
			var e logEntry
			if err := item.Value(func(b []byte) error { return json.Unmarshal(b, &e) }); err != nil {
				return err
			}
			if e.Before == nil {
				return nil
			}
			out, err = decodeNode(id, e.Before)
			return err
		}
		n, err := getNode(txn, id)
		out = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.recordAt: %w", err)
	}
	return out, nil
}

// PreviousVersion returns the version record id had before its change
// (seq, index): the sequence of its entry before that one, else the start
// of the history (the version of a record loaded in bulk, versionOf).
func (s *Store) PreviousVersion(ctx context.Context, id string, seq uint64, index uint32) (uint64, error) {
	var out uint64
	err := s.db.View(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		prefix := recordLogPrefix(id)
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Reverse = true
		o.Prefix = prefix
		it := txn.NewIterator(o)
		defer it.Close()
		here := recordLogKey(id, seq, index)
		for it.Seek(here); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			if slices.Equal(k, here) {
				continue
			}
			out = binary.BigEndian.Uint64(k[len(prefix):])
			return nil
		}
		start, _, err := historyStart(txn)
		out = max(start, 1)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store.previousVersion: %w", err)
	}
	return out, nil
}
