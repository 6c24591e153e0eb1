package store

import "github.com/pactwatch/pactwatch/graph"

var _ graph.Versioner = (*Store)(nil)

// Version returns Badger's highest commit version: every Apply and Load
// commits at a higher one, and a Restore (into an empty store) brings the
// backup's, so the number changes whenever the graph does. The compliance
// engine keeps what it derived from the graph per version.
func (s *Store) Version() uint64 { return s.db.MaxVersion() }
