package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

var _ graph.Versioned = (*Store)(nil)

// Versions returns the version of each id (graph.RecordVersion): the
// sequence of its newest change-log entry, read from the record index of
// the log (keys.go: recordLogKey), with that batch's author.
func (s *Store) Versions(ctx context.Context, ids []string) ([]graph.RecordVersion, error) {
	out := make([]graph.RecordVersion, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, id := range ids {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v, err := versionOf(txn, id, true)
			if err != nil {
				return err
			}
			out[i] = v
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.versions: %w", err)
	}
	return out, nil
}

// versionOf returns the version of record id as txn sees it: Seq 0 when
// it is not stored; the sequence of its newest log entry; the start of
// the log for a record never changed since a bulk load (or written before
// the store kept a log), and 1 when even that is unknown. With author, the
// batch's author is read too.
func versionOf(txn *badger.Txn, id string, author bool) (graph.RecordVersion, error) {
	if _, err := txn.Get(nodeKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
		return graph.RecordVersion{}, nil
	} else if err != nil {
		return graph.RecordVersion{}, err
	}
	prefix := recordLogPrefix(id)
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Reverse = true
	o.Prefix = prefix
	it := txn.NewIterator(o)
	defer it.Close()
	// The largest key of the prefix: every reclog key is prefix + 12 bytes.
	it.Seek(append(slices.Clone(prefix), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	if it.ValidForPrefix(prefix) {
		rest := it.Item().Key()[len(prefix):]
		v := graph.RecordVersion{Seq: binary.BigEndian.Uint64(rest)}
		if author {
			raw, err := getMeta(txn, batchKey(v.Seq))
			if err != nil {
				return v, err
			}
			var h logBatch
			if raw != nil {
				if err := json.Unmarshal(raw, &h); err != nil {
					return v, fmt.Errorf("log batch %d: %w", v.Seq, err)
				}
			}
			v.Author = h.Author
		}
		return v, nil
	}
	start, _, err := historyStart(txn)
	if err != nil {
		return graph.RecordVersion{}, err
	}
	return graph.RecordVersion{Seq: max(start, 1)}, nil
}

// checkExpected compares every version b expects with what txn holds and
// returns the ConflictError of those that differ, nil when none does or b
// is forced.
func checkExpected(ctx context.Context, txn *badger.Txn, b *graph.Batch) error {
	if b.Force || len(b.Expect) == 0 {
		return nil
	}
	var conflicts []graph.VersionConflict
	for i, id := range sortedKeys(b.Expect) {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		v, err := versionOf(txn, id, false)
		if err != nil {
			return err
		}
		if want := b.Expect[id]; v.Seq != want {
			conflicts = append(conflicts, graph.VersionConflict{ID: id, Expected: want, Current: v.Seq})
		}
	}
	if len(conflicts) > 0 {
		return graph.ConflictError(conflicts)
	}
	return nil
}

// NodeVersions returns the nodes of ids and their versions, read in one
// snapshot, so that each version is that of the node beside it (nil and
// Seq 0 for an id not stored).
func (s *Store) NodeVersions(ctx context.Context, ids []string) ([]graph.Node, []graph.RecordVersion, error) {
	nodes := make([]graph.Node, len(ids))
	vs := make([]graph.RecordVersion, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, id := range ids {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			n, err := getNode(txn, id)
			if err != nil {
				return err
			}
			if n == nil {
				continue
			}
			nodes[i] = n
			if vs[i], err = versionOf(txn, id, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store.nodeVersions: %w", err)
	}
	return nodes, vs, nil
}
