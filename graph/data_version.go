package graph

import (
	"strconv"
	"time"
)

// DataVersion is the version of the graph a store holds: the sequence
// number of the newest change to the graph in the store's change log,
// which is that change's commit time in nanoseconds since 1970 (or the
// start of the log, for a store bulk-loaded since its last logged change).
// Only changes to the graph move it: drafts, keys, the audit and webhook
// bookkeeping never do. It is kept in the store, so every process that
// opens the store (or a restore of its backup) reads the same one. The
// exports, "cite this" lines, /healthz and the HTTP validators quote it.
type DataVersion struct {
	// Seq is 0 for a store that holds no graph and no log.
	Seq uint64
}

// Time is the commit time of the data version, the zero time for Seq 0.
func (v DataVersion) Time() time.Time {
	if v.Seq == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(v.Seq)).UTC()
}

// String is Seq in decimal, as citations quote it.
func (v DataVersion) String() string { return strconv.FormatUint(v.Seq, 10) }

// DataVersioned is implemented by a store that keeps a change log: it
// tells its data version at the cost of an atomic load.
type DataVersioned interface {
	DataVersion() DataVersion
}
