package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Idempotent writes: a writer names an attempt with a key of its own
// choosing, and the server remembers the answer under it, scoped to the
// API key that wrote, for a while (Badger's TTL expires the entry), so
// that a repeat of the attempt answers what the first did and writes
// nothing.

// Recall returns the answer remembered under (scope, key), nil when none
// is (never one, or expired).
func (s *Store) Recall(ctx context.Context, scope, key string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		item, err := txn.Get(idemKey(scope, key))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.recall: %w", err)
	}
	return out, nil
}

// Remember keeps answer under (scope, key) for ttl.
func (s *Store) Remember(ctx context.Context, scope, key string, answer []byte, ttl time.Duration) error {
	return s.updateMeta(ctx, "store.remember", func(txn *badger.Txn) error {
		return txn.SetEntry(badger.NewEntry(idemKey(scope, key), answer).WithTTL(ttl))
	})
}
