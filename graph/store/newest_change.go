package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// NewestChange returns the sequence of the change log's newest entry (the
// version of the last change written), 0 when none is logged: what a load
// checks the store against ('pactwatch ingest --if-version').
func (s *Store) NewestChange(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var seq uint64
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		seq, err = lastSeq(txn)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store.NewestChange: %w", err)
	}
	return seq, nil
}
