package ingest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// readReview is the review of states/idn.yaml whose read date the tests
// below change: the law as of 2008-02-04, read on 2026-12-01.
const readReview = "IDN/review/actip-2015/statutes-2026"

// readFile is the file that holds readReview.
const readFile = "states/idn.yaml"

// withRead returns the corpus with readReview's `read:` line replaced by
// line ("" drops it).
func withRead(t *testing.T, line string) fstest.MapFS {
	t.Helper()
	src := corpusWithAddedObligation(t)
	const file = readFile
	text := string(src[file].Data)
	start := strings.Index(text, "- id: "+readReview+"\n")
	if start < 0 {
		t.Fatalf("%s holds no review %s", file, readReview)
	}
	const old = "  read: '2026-12-01'\n"
	i := strings.Index(text[start:], old)
	if i < 0 {
		t.Fatalf("review %s has no %q", readReview, strings.TrimSpace(old))
	}
	i += start
	if line != "" {
		line = "  " + line + "\n"
	}
	src[file].Data = []byte(text[:i] + line + text[i+len(old):])
	return src
}

// TestReviewRead: a review's read date (the day the reading was done) is
// parsed beside its date (the law as of which it was read); it may be left
// out, and it is refused before that date or after today.
func TestReviewRead(t *testing.T) {
	// The first day that is after today everywhere: today is read at
	// UTC+14, so that a date already begun somewhere is not refused.
	tomorrow := graph.DateOf(time.Now().UTC().Add(14 * time.Hour)).AddDays(1)
	for _, tc := range []struct {
		name, line string
		want       string // the read date parsed, or
		problem    string // words of the problem at the field read
	}{
		{name: "OK", line: "read: '2026-12-01'", want: "2026-12-01"},
		{name: "OKNotHeld", line: "", want: ""},
		{name: "OKSameDay", line: "read: '2008-02-04'", want: "2008-02-04"},
		{name: "OKYearThatAllowsIt", line: "read: '2008'", want: "2008"},
		{name: "ErrReadBeforeDate", line: "read: '2008-02-03'", problem: "before date 2008-02-04"},
		{name: "ErrReadMonthBeforeDate", line: "read: '2008-01'", problem: "before date 2008-02-04"},
		{name: "ErrReadInTheFuture", line: "read: '" + tomorrow.String() + "'", problem: "after today"},
		{name: "ErrReadNotADate", line: "read: 'last week'", problem: "date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const file = readFile
			c, err := ingest.ParseFS(withRead(t, tc.line), file)
			if tc.problem != "" {
				var ps ingest.Problems
				if !errors.As(err, &ps) {
					t.Fatalf("got %v, want Problems", err)
				}
				for _, p := range ps {
					if p.File == file && p.Line > 0 && strings.HasSuffix(p.Field, "read") && strings.Contains(p.Message, tc.problem) {
						return
					}
				}
				t.Fatalf("got %q, want a problem at the review's read saying %q", ps, tc.problem)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range c.Nodes {
				if rv, ok := n.(*graph.Review); ok && rv.ID == readReview {
					if got := rv.Read.String(); got != tc.want {
						t.Errorf("read: got %q, want %q", got, tc.want)
					}
					if got := rv.Date.String(); got != "2008-02-04" {
						t.Errorf("date: got %q, want 2008-02-04 (the law as of which it was read)", got)
					}
					return
				}
			}
			t.Fatalf("got no review %s", readReview)
		})
	}
}

// TestCheckRecordsErrReviewRead: a review written through the API is held
// to the same dates as one read from a file.
func TestCheckRecordsErrReviewRead(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
		t.Fatal(err)
	}
	review := func(read graph.Date) *graph.Review {
		return &graph.Review{
			ID: "IDN/review/actip-2015/api-read", StateCode: "IDN", InstrumentID: "actip-2015",
			Scope: graph.ReviewListed, ObligationIDs: []string{"actip-2015/art_5/obl_1"},
			Date: graph.MustDate("2008-02-04"), Read: read, Method: graph.MethodStatuteReading,
			Reviewer: "a test", LawIDs: []string{"idn/law-21-2007"}, Summary: "A test reading.",
			Record: graph.Record{Sources: []graph.Source{{Citation: "pactwatch test"}}},
		}
	}
	for _, tc := range []struct {
		name    string
		read    graph.Date
		problem string
	}{
		{"OK", graph.MustDate("2026-12-01"), ""},
		{"ErrReadBeforeDate", graph.MustDate("2007-12-31"), "before date"},
		{"ErrReadInTheFuture", graph.Today().AddDays(30), "after today"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := ingest.CheckRecords(ctx, s, []graph.Node{review(tc.read)}, nil, func(int) string { return "records[0]" }, func(int) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				if strings.HasSuffix(p.Field, "read") {
					got = append(got, p.Message)
				}
			}
			switch {
			case tc.problem == "" && len(got) > 0:
				t.Errorf("got %q, want no problem with read", got)
			case tc.problem != "" && (len(got) != 1 || !strings.Contains(got[0], tc.problem)):
				t.Errorf("got %q (all: %q), want one problem with read saying %q", got, ps, tc.problem)
			}
		})
	}
}
