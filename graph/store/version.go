package store

import (
	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

var (
	_ graph.Versioner     = (*Store)(nil)
	_ graph.DataVersioned = (*Store)(nil)
)

// Version returns Badger's highest commit version: every Apply and Load
// commits at a higher one, and a Restore (into an empty store) brings the
// backup's, so the number changes whenever the graph does. The compliance
// engine keeps what it derived from the graph per version. Every write
// reads it again when it ends (noteWrite), so that Version itself costs an
// atomic load: it is asked on every request. It is a cache key of this
// process only: drafts, keys and webhook bookkeeping move it too, and it
// carries no time. What the store's answers quote is DataVersion.
func (s *Store) Version() uint64 { return s.version.Load() }

// DataVersion returns the graph's data version (graph.DataVersion): the
// sequence of the newest change-log entry, or the start of the log when a
// bulk load came after it. It is read again after every write.
func (s *Store) DataVersion() graph.DataVersion {
	return graph.DataVersion{Seq: s.dataSeq.Load()}
}

// noteWrite reads the versions again; every write calls it when it ends,
// under writeMu, whether it wrote anything or not.
func (s *Store) noteWrite() {
	s.version.Store(s.db.MaxVersion())
	var seq uint64
	err := s.db.View(func(txn *badger.Txn) error {
		last, err := lastSeq(txn)
		if err != nil {
			return err
		}
		start, _, err := historyStart(txn)
		seq = max(last, start)
		return err
	})
	if err == nil {
		s.dataSeq.Store(seq)
	}
}
