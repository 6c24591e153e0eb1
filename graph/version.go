package graph

import (
	"context"
	"fmt"
	"strings"
)

// A record's version is the change-log sequence (RecordChange.Seq) of the
// change that last wrote it: the commit time of its batch in nanoseconds.
// A record loaded in bulk, never changed since, has the load's sequence.
// Version 0 means "absent": no such record is stored. Writers state the
// version they read (Batch.Expect) so that a write based on an old read is
// refused rather than silently undoing a newer one.

// RecordVersion is the version of one stored record and who wrote it.
type RecordVersion struct {
	// Seq is the version, 0 when the record is absent.
	Seq uint64
	// Author is the author of the change that wrote it ("ingest" for a load
	// of files), empty for a record loaded in bulk.
	Author string
}

// Versioned is a store that tells each record's version.
type Versioned interface {
	// Versions returns the version of each id, in order (Seq 0 for an id
	// not stored).
	Versions(ctx context.Context, ids []string) ([]RecordVersion, error)
	// NodeVersions returns the nodes of ids with their versions, read
	// together, so that each version is that of the node beside it.
	NodeVersions(ctx context.Context, ids []string) ([]Node, []RecordVersion, error)
}

// VersionConflict is one record whose version is not the one a write
// expected.
type VersionConflict struct {
	ID       string
	Expected uint64
	Current  uint64
}

func (c VersionConflict) String() string {
	switch {
	case c.Current == 0:
		return fmt.Sprintf("%s: no longer exists (expected version %d)", c.ID, c.Expected)
	case c.Expected == 0:
		return fmt.Sprintf("%s: already exists, at version %d (expected it absent)", c.ID, c.Current)
	default:
		return fmt.Sprintf("%s: is at version %d, not %d as expected", c.ID, c.Current, c.Expected)
	}
}

// ConflictError is the ECONFLICT error of a write refused because records
// changed since the writer read them: its message names each record (up to
// three) and its current version, and its Details list them all.
func ConflictError(conflicts []VersionConflict) *Error {
	e := &Error{Code: ECONFLICT}
	var named []string
	for i, c := range conflicts {
		e.Details = append(e.Details, c.String())
		if i < 3 {
			named = append(named, c.String())
		}
	}
	more := ""
	if len(conflicts) > 3 {
		more = fmt.Sprintf("; and %d more", len(conflicts)-3)
	}
	e.Message = fmt.Sprintf("changed since read, nothing written: %s%s. Read the record again and redo the change, or send force: true to overwrite",
		strings.Join(named, "; "), more)
	return e
}
