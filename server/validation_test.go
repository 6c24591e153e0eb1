package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// errorAt is the response's error at input field path (extensions.field),
// nil when there is none.
func errorAt(r *servertest.Response, field string) *servertest.Error {
	for i, e := range r.Errors {
		if e.Extensions["field"] == field {
			return &r.Errors[i]
		}
	}
	return nil
}

// wantRefusedAt checks that r is BAD_USER_INPUT at field, saying words,
// and never speaking of Go.
func wantRefusedAt(t *testing.T, r *servertest.Response, field, words string) *servertest.Error {
	t.Helper()
	e := errorAt(r, field)
	if e == nil {
		t.Fatalf("got %s, want an error at %s", r.Raw, field)
	}
	if e.Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(e.Message, words) {
		t.Errorf("got %q (%v), want BAD_USER_INPUT saying %q", e.Message, e.Extensions["code"], words)
	}
	for _, goWords := range []string{"Go ", "graph.", "unmarshal", "pactwatch error"} {
		if strings.Contains(string(r.Raw), goWords) {
			t.Errorf("got %s, want no Go words (%q)", r.Raw, goWords)
		}
	}
	return e
}

// TestValidationInTheCuratorsWords: every date rule, when a draft is made
// and again when it is published, refuses at the field the curator typed;
// a record that does not decode names its field and what it wants; a
// second link names the link to edit with its version.
func TestValidationInTheCuratorsWords(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	today := graph.Today()
	evidence := func(f func(map[string]any)) map[string]any {
		r := servertest.NewEvidence("idn/ev/validation")
		f(r)
		return r
	}
	put := func(key, kind string, rec map[string]any) *servertest.Response {
		return servertest.PostKey(t, c.TS, key, servertest.ApplyMutation, map[string]any{"input": map[string]any{
			"message": "validation", "put": []map[string]any{{"kind": kind, "record": rec}}}})
	}
	for _, tc := range []struct {
		name, kind string
		rec        map[string]any
		field      string
		words      string
	}{
		{"ErrEvidence2207", "EVIDENCE", evidence(func(r map[string]any) { r["Date"] = "2207-01-10" }), "input.put[0].record.date", "more than 25 years ahead"},
		{"ErrEvidenceTomorrowAndMore", "EVIDENCE", evidence(func(r map[string]any) { r["Date"] = today.AddDays(2).String() }), "input.put[0].record.date", "after today"},
		{"ErrPeriodFromAhead", "EVIDENCE", evidence(func(r map[string]any) { r["PeriodFrom"] = today.AddDays(30).String() }), "input.put[0].record.periodFrom", "after today"},
		{"ErrSourceDateAhead", "EVIDENCE", evidence(func(r map[string]any) {
			r["Sources"] = []map[string]any{{"Citation": "c", "Date": today.AddDays(30).String()}}
		}), "input.put[0].record.sources[0].date", "after today"},
		{"ErrImpossibleDay", "EVIDENCE", evidence(func(r map[string]any) { r["Date"] = "2019-13-01" }), "input.put[0].record.date", `invalid date "2019-13-01"`},
		{"ErrDateANumber", "EVIDENCE", evidence(func(r map[string]any) { r["Date"] = 2019 }), "input.put[0].record.date", "want a date string"},
		{"ErrListAString", "EVIDENCE", evidence(func(r map[string]any) { r["ObligationIDs"] = "actip-2015/art_5/obl_1" }), "input.put[0].record.obligationIDs", "want a list, got a string"},
		{"ErrUnknownField", "EVIDENCE", evidence(func(r map[string]any) { r["Dated"] = "2019" }), "input.put[0].record.dated", "no such field"},
		{"ErrUnknownEnum", "EVIDENCE", evidence(func(r map[string]any) { r["Finding"] = "GREAT" }), "input.put[0].record.finding", `invalid Finding "GREAT"`},
		{"ErrReview2028", "REVIEW", map[string]any{"ID": "idn/review/validation", "StateCode": "IDN", "InstrumentID": "actip-2015", "Scope": "LISTED",
			"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Date": today.AddDays(400).String(), "Method": "STATUTE_READING", "Reviewer": "r",
			"LawIDs": []string{"idn/law-21-2007"}, "Summary": "s", "Sources": []map[string]any{{"Citation": "c"}}}, "input.put[0].record.date", "after today"},
		{"ErrStateActionAhead", "STATE_ACTION", map[string]any{"ID": "IDN/asean-mlat-2004/validation", "StateCode": "IDN", "InstrumentID": "asean-mlat-2004",
			"Kind": "SIGNATURE", "Date": today.AddDays(30).String(), "Sources": []map[string]any{{"Citation": "c"}}}, "input.put[0].record.date", "after today"},
		{"ErrDepositedBeforeAhead", "STATE_ACTION", map[string]any{"ID": "IDN/asean-mlat-2004/validation", "StateCode": "IDN", "InstrumentID": "asean-mlat-2004",
			"Kind": "RATIFICATION", "Date": "2008", "DepositedBefore": today.AddDays(30).String(), "Sources": []map[string]any{{"Citation": "c"}}}, "input.put[0].record.depositedBefore", "after today"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantRefusedAt(t, put(c.Curator, tc.kind, tc.rec), tc.field, tc.words)
		})
	}

	// A law coming into force next year is accepted and marked future.
	t.Run("OKLawInForceAheadMarkedFuture", func(t *testing.T) {
		law := map[string]any{"ID": "idn/law-validation", "StateCode": "IDN", "Title": "A law to come", "Kind": "STATUTE",
			"Enacted": today.String(), "InForce": today.AddDays(400).String(), "Sources": []map[string]any{{"Citation": "c"}}}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, map[string]any{"input": map[string]any{
			"message": "validation", "publish": true, "put": []map[string]any{{"kind": "LAW", "record": law}}}}), &struct{}{})
		var data struct {
			Node struct{ FutureDates []string }
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `{ node(id: "idn/law-validation") { ... on Law { futureDates } } }`, nil), &data)
		if got := data.Node.FutureDates; len(got) != 1 || got[0] != "inForce" {
			t.Errorf("got futureDates %q, want [inForce]", got)
		}
	})

	// A second link between a law and an obligation: refused when the
	// draft is made, and, when the first link came after the draft, at
	// publish; both name the link to edit and its version.
	t.Run("ErrSecondLinkNamesTheLinkToEdit", func(t *testing.T) {
		link := func(id string) map[string]any {
			return map[string]any{"ID": id, "LawID": "idn/law-validation", "ObligationID": "actip-2015/art_5/obl_1", "Extent": "PARTIAL",
				"Sources": []map[string]any{{"Citation": "c"}}}
		}
		var draft struct {
			ApplyChanges struct{ Draft struct{ ID string } }
		}
		servertest.MustData(t, put(c.Curator, "IMPLEMENTATION", link("idn/impl/validation-b")), &draft)
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, map[string]any{"input": map[string]any{
			"message": "validation", "publish": true, "put": []map[string]any{{"kind": "IMPLEMENTATION", "record": link("idn/impl/validation-a")}}}}), &struct{}{})
		version := servertest.Version(t, c.TS, "idn/impl/validation-a")
		check := func(r *servertest.Response, field string) {
			t.Helper()
			e := wantRefusedAt(t, r, field, "idn/impl/validation-a already links")
			ex, _ := e.Extensions["existing"].(map[string]any)
			if ex["id"] != "idn/impl/validation-a" || ex["version"] != version {
				t.Errorf("got extensions.existing %v, want the link's id and version %s", ex, version)
			}
		}
		check(put(c.Curator, "IMPLEMENTATION", link("idn/impl/validation-c")), "input.put[0].record.obligation")
		r := servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": draft.ApplyChanges.Draft.ID})
		check(r, "draft.put[0].record.obligation")
	})
}

// TestTimeArguments: each time argument takes its precision, knownAt the
// end of the period typed and since its start; a value that does not parse
// or lies before the history is BAD_USER_INPUT naming the argument.
func TestTimeArguments(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	var pub struct {
		ApplyChanges struct{ Version string }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($input: ChangesInput!) { applyChanges(input: $input) { version } }`,
		servertest.Batch("a batch to find", true, servertest.NewEvidence("idn/ev/known-at"))), &pub)
	var log struct {
		Changes struct {
			Edges []struct{ Node struct{ Time time.Time } }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `{ changes(record: "idn/ev/known-at") { edges { node { time } } } }`, nil), &log)
	if len(log.Changes.Edges) != 1 {
		t.Fatalf("got %d changes of the evidence, want 1", len(log.Changes.Edges))
	}
	logged := log.Changes.Edges[0].Node.Time.UTC()
	second := logged.Truncate(time.Second)
	minute := logged.Truncate(time.Minute)
	seen := func(t *testing.T, knownAt string) bool {
		t.Helper()
		var data struct {
			Node struct {
				Status struct{ Evidence []struct{ ID string } }
			}
		}
		r := servertest.Post(t, c.TS, `query($k: Time) { node(id: "actip-2015/art_5/obl_1") { ... on Obligation { status(state: "IDN", knownAt: $k) { evidence { id } } } } }`,
			map[string]any{"k": knownAt})
		if r.Code() == "BAD_USER_INPUT" && strings.Contains(r.Errors[0].Message, "before the graph's history starts") {
			return false // the fixtures were loaded within the same second
		}
		servertest.MustData(t, r, &data)
		for _, e := range data.Node.Status.Evidence {
			if e.ID == "idn/ev/known-at" {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name, knownAt string
		seen          bool
	}{
		{"OKSecondCopiedIncludesTheBatch", second.Format("2006-01-02T15:04:05Z"), true},
		{"OKSecondWithoutZoneIsUTC", second.Format("2006-01-02T15:04:05"), true},
		{"OKMinute", minute.Format("2006-01-02T15:04"), true},
		{"OKToday", logged.Format("2006-01-02"), true},
		{"OKOffsetNamed", second.In(time.FixedZone("", 7*3600)).Format("2006-01-02T15:04:05-07:00"), true},
		{"OKTheSecondBefore", second.Add(-time.Second).Format(time.RFC3339), false},
		{"OKExactMomentBefore", logged.Add(-time.Nanosecond).Format("2006-01-02T15:04:05.000000000Z07:00"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := seen(t, tc.knownAt); got != tc.seen {
				t.Errorf("knownAt %s (batch logged %s): got seen %v, want %v", tc.knownAt, logged.Format(time.RFC3339Nano), got, tc.seen)
			}
		})
	}
	t.Run("OKSinceTakesTheStart", func(t *testing.T) {
		for _, since := range []string{second.Format("2006-01-02T15:04:05Z"), minute.Format("2006-01-02T15:04"), logged.Format("2006-01-02")} {
			var data struct {
				Changes struct {
					Edges []struct{ Node struct{ Record string } }
				}
			}
			servertest.MustData(t, servertest.Post(t, c.TS, `query($s: Time) { changes(since: $s, record: "idn/ev/known-at") { edges { node { record } } } }`, map[string]any{"s": since}), &data)
			if len(data.Changes.Edges) != 1 {
				t.Errorf("since %s: got %d changes, want the batch logged at %s", since, len(data.Changes.Edges), logged.Format(time.RFC3339Nano))
			}
		}
	})
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		field, says string
	}{
		{"ErrKnownAtGarbage", `{ records(state: "IDN", knownAt: "garbage") { bound } }`, nil, "knownAt", `invalid time "garbage"`},
		{"ErrKnownAtNumber", `query($k: Time) { records(state: "IDN", knownAt: $k) { bound } }`, map[string]any{"k": 5}, "knownAt", "invalid time 5"},
		{"ErrKnownAtImpossibleHour", `{ compare(knownAt: "2026-12-07T25:00") { rateLow } }`, nil, "knownAt", "invalid time"},
		{"ErrKnownAtFeb30", `{ entryIntoForce(instrument: "actip-2015", knownAt: "2026-02-30") { known } }`, nil, "knownAt", "invalid time"},
		{"ErrSinceGarbage", `{ changes(since: "yesterday") { edges { cursor } } }`, nil, "since", `invalid time "yesterday"`},
		{"ErrAsOfGarbage", `{ records(state: "IDN", asOf: "2019-02-30") { bound } }`, nil, "asOf", `invalid date "2019-02-30"`},
		{"ErrKnownAtBeforeTheHistory", `{ records(state: "IDN", knownAt: "2000-01-01") { bound } }`, nil, "", "before the graph's history starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := servertest.Post(t, c.TS, tc.query, tc.vars)
			if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, tc.says) {
				t.Fatalf("got %s, want BAD_USER_INPUT saying %q", r.Raw, tc.says)
			}
			if tc.field != "" && (r.Errors[0].Extensions["field"] != tc.field || !strings.HasPrefix(r.Errors[0].Message, tc.field+": ")) {
				t.Errorf("got %s, want the error named by its argument %s", r.Raw, tc.field)
			}
		})
	}
	t.Run("OKKnownAtTomorrowIsNow", func(t *testing.T) {
		if !seen(t, time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")) {
			t.Errorf("knownAt tomorrow: want the graph as it is now")
		}
	})
}
