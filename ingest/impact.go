package ingest

import (
	"context"
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
)

// Impact says how many compliance records a load changes, per state, as
// the engine answers on one day: a record is changed when its standing,
// legal or practice status, or reservation differs, or when it appears or
// disappears. A load that adds one evidence row can turn many records;
// this is how a curator sees it, in a dry run and after writing.
type Impact struct {
	Day     graph.Date
	Changed map[string]int // by state code
	Total   int
}

// RecordSnapshot is every state's compliance records on one day, each as a
// comparable line, by state and obligation id.
type RecordSnapshot struct {
	day     graph.Date
	byState map[string]map[string]string
}

// SnapshotRecords reads every state's records on day from r (nil: an empty
// store, with no records).
func SnapshotRecords(ctx context.Context, r graph.Reader, day graph.Date) (*RecordSnapshot, error) {
	s := &RecordSnapshot{day: day, byState: map[string]map[string]string{}}
	if r == nil {
		return s, nil
	}
	codes, err := r.IDs(ctx, graph.KindState)
	if err != nil {
		return nil, err
	}
	e := graph.NewEngine(r)
	for _, code := range codes {
		recs, err := e.Records(ctx, code, day, "")
		if err != nil {
			return nil, err
		}
		m := make(map[string]string, len(recs))
		for _, rec := range recs {
			m[rec.ObligationID] = fmt.Sprintf("%s %v %s %s %v %v", rec.Standing, rec.Bound, rec.Legal, rec.Practice(), rec.PracticeThematic(), rec.Reservation != nil)
		}
		s.byState[code] = m
	}
	return s, nil
}

// ImpactOn counts, per state, the records that differ between s (before)
// and after.
func (s *RecordSnapshot) ImpactOn(after *RecordSnapshot) *Impact {
	im := &Impact{Day: s.day, Changed: map[string]int{}}
	count := func(code string, was, is map[string]string) {
		n := 0
		for id, d := range is {
			if was[id] != d {
				n++
			}
		}
		for id := range was {
			if _, ok := is[id]; !ok {
				n++
			}
		}
		if n > 0 {
			im.Changed[code] = n
			im.Total += n
		}
	}
	for code, is := range after.byState {
		count(code, s.byState[code], is)
	}
	for code, was := range s.byState {
		if _, ok := after.byState[code]; !ok {
			count(code, was, nil)
		}
	}
	return im
}

// ImpactOf says what loading c into r (nil: an empty store) would change
// in the records on day, without writing: it reads the store as the load
// would leave it (graph.Overlay).
func ImpactOf(ctx context.Context, r graph.Reader, c *Corpus, day graph.Date) (*Impact, error) {
	removals, err := Removals(ctx, r, c)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, ids := range removals {
		removed = append(removed, ids...)
	}
	before, err := SnapshotRecords(ctx, r, day)
	if err != nil {
		return nil, err
	}
	after, err := SnapshotRecords(ctx, graph.NewOverlay(r, c.Nodes, removed), day)
	if err != nil {
		return nil, err
	}
	return before.ImpactOn(after), nil
}
