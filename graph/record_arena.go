package graph

// RecordArena holds the records of gap lists made for a caller that is done
// with each list before it asks for the next, as a writer of answers is:
// Reset makes the arena's records free for the next list, so that a server
// writing lists all day makes their memory once rather than for every
// answer. The zero value is ready for use; an arena is not safe for
// concurrent use, and a record of it must not be kept past Reset.
type RecordArena struct {
	slabs    [][]ComplianceRecord
	used     int // slabs handed out since Reset
	contexts []recordContext
	nctx     int // contexts handed out since Reset
	list     []*ComplianceRecord
}

// arenaSlab is how many records a slab holds, with or without an arena.
const arenaSlab = 32

// slab returns 32 zero records, a's when a is not nil.
func (a *RecordArena) slab() []ComplianceRecord {
	if a == nil {
		return make([]ComplianceRecord, arenaSlab)
	}
	if a.used == len(a.slabs) {
		a.slabs = append(a.slabs, make([]ComplianceRecord, arenaSlab))
	}
	a.used++
	return a.slabs[a.used-1]
}

// context returns a zero record context, a's when a is not nil.
func (a *RecordArena) context() *recordContext {
	if a == nil {
		return new(recordContext)
	}
	if a.nctx == len(a.contexts) {
		// A new, larger block: the contexts handed out stay where they are.
		a.contexts = make([]recordContext, max(16, 2*len(a.contexts)))
		a.nctx = 0
	}
	a.nctx++
	return &a.contexts[a.nctx-1]
}

// records returns an empty list to append a list's records to.
func (a *RecordArena) records() []*ComplianceRecord {
	if a == nil {
		return []*ComplianceRecord{}
	}
	return a.list[:0]
}

// keep notes the list made in a, so that the next one reuses its array.
func (a *RecordArena) keep(list []*ComplianceRecord) {
	if a != nil {
		a.list = list
	}
}

// Reset zeroes the records and contexts handed out, so that they hold
// nothing alive, and makes them free for the next list.
func (a *RecordArena) Reset() {
	for _, s := range a.slabs[:a.used] {
		clear(s)
	}
	a.used = 0
	clear(a.contexts)
	a.nctx = 0
	clear(a.list)
	a.list = a.list[:0]
}
