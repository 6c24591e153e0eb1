package graph

import "testing"

func TestChangeKindOf(t *testing.T) {
	for _, tc := range []struct {
		retract bool
		base    uint64
		stored  bool
		want    DraftChangeKind
	}{
		{false, 0, false, DraftKindAdd},
		{false, 0, true, DraftKindChange}, // a create under an id stored since
		{false, 7, true, DraftKindChange},
		{false, 7, false, DraftKindChange}, // restores a record retracted since
		{true, 7, true, DraftKindRetract},
	} {
		if got := ChangeKindOf(tc.retract, tc.base, tc.stored); got != tc.want {
			t.Errorf("ChangeKindOf(%v, %d, %v): got %s, want %s", tc.retract, tc.base, tc.stored, got, tc.want)
		}
	}
}

func TestDiffFields(t *testing.T) {
	base := &Evidence{ID: "x", StateCode: "THA", Summary: "old", Tier: "TIER_2", Finding: "MIXED"}
	current := &Evidence{ID: "x", StateCode: "THA", Summary: "newer", Tier: "TIER_2", Finding: "MIXED"}
	proposed := &Evidence{ID: "x", StateCode: "THA", Summary: "old", Finding: "GAP"}
	got, err := DiffFields(base, current, proposed)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{
		"Finding": {`"MIXED"`, `"MIXED"`, `"GAP"`},
		"Tier":    {`"TIER_2"`, `"TIER_2"`, ``},
		"Summary": {`"old"`, `"newer"`, `"old"`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d fields %+v, want %d", len(got), got, len(want))
	}
	for _, f := range got {
		w, ok := want[f.Name]
		if !ok || string(f.Base) != w[0] || string(f.Current) != w[1] || string(f.Proposed) != w[2] {
			t.Errorf("%s: got %s / %s / %s, want %v", f.Name, f.Base, f.Current, f.Proposed, w)
		}
		if f.ChangedSinceBase() != (f.Name == "Summary") {
			t.Errorf("%s: ChangedSinceBase %v", f.Name, f.ChangedSinceBase())
		}
	}
	// A new record: every non-empty field proposed, none before.
	add, _ := DiffFields(nil, nil, proposed)
	if len(add) != 4 || add[0].Name != "ID" || add[0].Base != nil {
		t.Errorf("an addition: got %+v, want ID, StateCode, Finding and Summary proposed", add)
	}
	// Nothing differs: no field.
	if same, _ := DiffFields(base, base, base); len(same) != 0 {
		t.Errorf("no change: got %+v", same)
	}
}

// TestChangeStale: a change is stale when its base is known and is not the
// record's current version (0: absent on either side).
func TestChangeStale(t *testing.T) {
	for _, tc := range []struct {
		known         bool
		base, current uint64
		want          bool
	}{
		{true, 5, 5, false}, {true, 5, 7, true}, {true, 0, 0, false}, {true, 0, 7, true}, {true, 5, 0, true},
		{false, 0, 7, false}, {false, 5, 7, false},
	} {
		if got := ChangeStale(tc.known, tc.base, tc.current); got != tc.want {
			t.Errorf("ChangeStale(%v, %d, %d): got %v, want %v", tc.known, tc.base, tc.current, got, tc.want)
		}
	}
}
