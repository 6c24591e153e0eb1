package store

import "github.com/pactwatch/pactwatch/graph"

var _ graph.Versioner = (*Store)(nil)

// Version returns Badger's highest commit version: every Apply and Load
// commits at a higher one, and a Restore (into an empty store) brings the
// backup's, so the number changes whenever the graph does. The compliance
// engine keeps what it derived from the graph per version. Every write
// reads it again when it ends (noteWrite), so that Version itself costs an
// atomic load: it is asked on every request.
func (s *Store) Version() uint64 { return s.version.Load() }

// noteWrite reads the version again; every write calls it when it ends,
// under writeMu, whether it wrote anything or not.
func (s *Store) noteWrite() { s.version.Store(s.db.MaxVersion()) }
