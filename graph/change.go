package graph

import (
	"context"
	"time"
)

// ChangeAction says what a change did to one record.
type ChangeAction string

// Change actions.
const (
	ChangeAdded     ChangeAction = "ADDED"
	ChangeUpdated   ChangeAction = "UPDATED"
	ChangeRetracted ChangeAction = "RETRACTED"
)

// RecordChange is one record's entry in the change log: who changed it,
// when, why, and the record before and after. Before is nil for a record
// added, After nil for one retracted. Every Apply that changes anything
// writes one entry per changed record in the same transaction as the change.
type RecordChange struct {
	// Seq is the commit time of the batch in nanoseconds since 1970 (unique
	// and increasing: a store never commits two batches in one nanosecond),
	// Index the record's place in the batch.
	Seq     uint64
	Index   uint32
	Time    time.Time
	Author  string
	Message string
	ID      string
	Kind    Kind
	Action  ChangeAction
	Before  Node
	After   Node
	// Reason says why a retracted record was removed.
	Reason string
	// Forced is true when the batch was written with force, over whatever
	// versions the records had (Batch.Force).
	Forced bool
	// States and Instruments are the states and instruments the record
	// bears on (before or after), for filtering and subscriptions.
	States      []string
	Instruments []string
}

// ChangeQuery selects entries of the change log: those after the cursor
// (Seq, Index), committed at or after Since, of the batch committed at
// Batch, bearing on State, Instrument or Record when given, at most Limit.
type ChangeQuery struct {
	Since      time.Time
	Batch      uint64
	State      string
	Instrument string
	Record     string
	AfterSeq   uint64
	AfterIndex uint32
	HasAfter   bool
	Limit      int
}

// Matches reports whether c passes q's filters (not its cursor or limit).
func (q ChangeQuery) Matches(c *RecordChange) bool {
	if !q.Since.IsZero() && c.Time.Before(q.Since) {
		return false
	}
	if q.Batch != 0 && c.Seq != q.Batch {
		return false
	}
	if q.Record != "" && c.ID != q.Record {
		return false
	}
	if q.State != "" && !contains(c.States, q.State) {
		return false
	}
	if q.Instrument != "" && !contains(c.Instruments, q.Instrument) {
		return false
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// History is a store that keeps its change log: the graph as it was known
// at any past moment, and the log itself.
type History interface {
	// At returns a Reader of the graph as it stood at t: every change
	// committed after t undone. It fails with EINVALID for a t before the
	// store's history starts (a bulk Load, or the first write of a store
	// made before the log was kept).
	At(ctx context.Context, t time.Time) (Reader, error)
	// Changes returns the log's entries that q selects, oldest first.
	Changes(ctx context.Context, q ChangeQuery) ([]*RecordChange, error)
}

// SubjectLookup is what Subjects reads of the graph to place a record that
// bears on others: Node finds a record by id (nil when there is none), and
// ObligationsOfTheme lists the obligations of a theme, which evidence
// naming that theme bears on. Either may be nil.
type SubjectLookup struct {
	Node               func(id string) Node
	ObligationsOfTheme func(t Theme) []*Obligation
}

// Subjects returns the states and instruments a node bears on: its own, and
// for a record that names others, theirs. An implementation link bears on
// its law's state and its obligation's instrument; evidence on its state and
// the instruments of the obligations it names, directly or by theme.
func Subjects(n Node, lookup SubjectLookup) (states, instruments []string) {
	obligation := func(id string) *Obligation {
		if lookup.Node == nil {
			return nil
		}
		o, _ := lookup.Node(id).(*Obligation)
		return o
	}
	switch n := n.(type) {
	case *Instrument:
		instruments = append(instruments, n.ID)
	case *Provision:
		instruments = append(instruments, n.InstrumentID)
	case *Obligation:
		instruments = append(instruments, n.InstrumentID)
	case *State:
		states = append(states, n.Code)
	case *StateAction:
		states, instruments = append(states, n.StateCode), append(instruments, n.InstrumentID)
	case *Law:
		states = append(states, n.StateCode)
	case *Implementation:
		if lookup.Node != nil {
			if l, ok := lookup.Node(n.LawID).(*Law); ok {
				states = append(states, l.StateCode)
			}
		}
		if o := obligation(n.ObligationID); o != nil {
			instruments = append(instruments, o.InstrumentID)
		}
	case *Evidence:
		states = append(states, n.StateCode)
		for _, id := range n.ObligationIDs {
			if o := obligation(id); o != nil && !contains(instruments, o.InstrumentID) {
				instruments = append(instruments, o.InstrumentID)
			}
		}
		if lookup.ObligationsOfTheme != nil {
			for _, t := range n.Themes {
				for _, o := range lookup.ObligationsOfTheme(t) {
					if !contains(instruments, o.InstrumentID) {
						instruments = append(instruments, o.InstrumentID)
					}
				}
			}
		}
	case *Review:
		states, instruments = append(states, n.StateCode), append(instruments, n.InstrumentID)
	}
	return states, instruments
}
