package graph

import (
	"slices"
	"testing"
)

// TestChronologically: earliest first by the first day a date allows, the
// more exact of two dates with the same first day first, then by id, and
// records without a date last.
func TestChronologically(t *testing.T) {
	ev := func(id string, d Date) *Evidence { e := &Evidence{ID: id}; e.Date = d; return e }
	items := []*Evidence{
		ev("e1", Date{}),
		ev("e2", Date{2019, 0, 0}),
		ev("e3", Date{2018, 12, 31}),
		ev("e4", Date{2019, 1, 1}),
		ev("e5", Date{2019, 3, 0}),
		ev("e6", Date{2019, 1, 0}),
		ev("e0", Date{2019, 1, 1}),
		ev("e7", Date{}),
	}
	EvidenceChronologically(items)
	var got []string
	for _, e := range items {
		got = append(got, e.ID)
	}
	want := []string{"e3", "e0", "e4", "e6", "e2", "e5", "e1", "e7"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// An action without a date of its own is placed by its deposit.
	acts := []*StateAction{{ID: "a1", Date: Date{2020, 5, 1}}, {ID: "a2", Deposited: Date{2016, 0, 0}}, {ID: "a3"}}
	ActionsChronologically(acts)
	if acts[0].ID != "a2" || acts[1].ID != "a1" || acts[2].ID != "a3" {
		t.Fatalf("actions in order %s %s %s, want a2 a1 a3", acts[0].ID, acts[1].ID, acts[2].ID)
	}
}
