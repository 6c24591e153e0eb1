package graph_test

import (
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// TestMoment: a time argument spans the period it was typed to, UTC unless
// an offset is named; anything else is EINVALID quoting the value.
func TestMoment(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	for _, tc := range []struct{ in, start, end string }{
		{"2026", "2026-01-01T00:00:00Z", "2026-12-31T23:59:59.999999999Z"},
		{"2026-02", "2026-02-01T00:00:00Z", "2026-02-28T23:59:59.999999999Z"},
		{"2026-12-07", "2026-12-07T00:00:00Z", "2026-12-07T23:59:59.999999999Z"},
		{"2026-12-07T10:00", "2026-12-07T10:00:00Z", "2026-12-07T10:00:59.999999999Z"},
		{"2026-12-07 10:00:05", "2026-12-07T10:00:05Z", "2026-12-07T10:00:05.999999999Z"},
		{"2026-12-07T10:00:05Z", "2026-12-07T10:00:05Z", "2026-12-07T10:00:05.999999999Z"},
		{"2026-12-07T10:00:05.25Z", "2026-12-07T10:00:05.25Z", "2026-12-07T10:00:05.259999999Z"},
		{"2026-12-07T10:00:05.123456789Z", "2026-12-07T10:00:05.123456789Z", "2026-12-07T10:00:05.123456789Z"},
		{"2026-12-07T17:00:05+07:00", "2026-12-07T10:00:05Z", "2026-12-07T10:00:05.999999999Z"},
		{"2026-12-07T10:00-01:30", "2026-12-07T11:30:00Z", "2026-12-07T11:30:59.999999999Z"},
	} {
		m, err := graph.ParseMoment(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !m.Start().Equal(utc(tc.start)) || !m.End().Equal(utc(tc.end)) {
			t.Errorf("%s: got %s .. %s, want %s .. %s", tc.in, m.Start().Format(time.RFC3339Nano), m.End().Format(time.RFC3339Nano), tc.start, tc.end)
		}
		if m.String() != tc.in {
			t.Errorf("%s: quoted as %q, want it as typed", tc.in, m.String())
		}
	}
	for _, in := range []string{"", "yesterday", "2026-13", "2026-02-30", "2026-12-07T24:00", "2026-12-07T10:60", "2026-12-07T10:00:60",
		"2026-12-07T10", "2026-12-07T10:00:05.1234567891Z", "2026-12-07T10:00+24:00", "+2026-12-07", "２０２６"} {
		if _, err := graph.ParseMoment(in); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%q: got %v, want EINVALID", in, err)
		}
	}
	var m graph.Moment
	if err := m.UnmarshalGQL(5); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("a number: got %v, want EINVALID", err)
	}
}
