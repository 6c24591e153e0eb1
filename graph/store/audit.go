package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// RecordAct appends e to the audit log of acts (keys.go: auditKey), setting
// its Seq (increasing) and, when zero, its time. The store's own acts on
// keys are written by CreateAPIKey and RevokeAPIKey in their transactions.
func (s *Store) RecordAct(ctx context.Context, e *graph.AuditEntry) error {
	return s.updateMeta(ctx, "store.recordAct", func(txn *badger.Txn) error { return putAct(txn, e) })
}

// putAct writes e in txn, after the last act, and sets its Seq; the
// caller holds writeMu (updateMeta), so seqs never collide.
func putAct(txn *badger.Txn, e *graph.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	seq := uint64(time.Now().UnixNano())
	o := badger.DefaultIteratorOptions
	o.Reverse, o.PrefetchValues = true, false
	o.Prefix = []byte{spaceAudit}
	it := txn.NewIterator(o)
	it.Seek(auditKey(^uint64(0)))
	if it.ValidForPrefix(o.Prefix) {
		if last, err := parseAuditKey(it.Item().Key()); err == nil && last >= seq {
			seq = last + 1
		}
	}
	it.Close()
	e.Seq = seq
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return txn.Set(auditKey(seq), v)
}

// Acts returns the audit log's acts, newest first, at most limit (0: all).
func (s *Store) Acts(ctx context.Context, limit int) ([]*graph.AuditEntry, error) {
	var out []*graph.AuditEntry
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Reverse = true
		o.Prefix = []byte{spaceAudit}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Seek(auditKey(^uint64(0))); it.ValidForPrefix(o.Prefix); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var e graph.AuditEntry
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return err
			}
			out = append(out, &e)
			if limit > 0 && len(out) >= limit {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.acts: %w", err)
	}
	return out, nil
}
