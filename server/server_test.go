package server_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares the indented JSON of data with testdata/name.json, or
// rewrites the file under -update. The engine's prose (reasons and warnings)
// is left out: tests check it is there, and the golden files keep the facts
// (ids, dates, statuses, counts), so that rewording a reason does not change
// them.
func golden(tb testing.TB, name string, data json.RawMessage) {
	tb.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		tb.Fatalf("decode: %v", err)
	}
	b, err := json.MarshalIndent(withoutProse(v), "", "  ")
	if err != nil {
		tb.Fatalf("encode: %v", err)
	}
	buf := bytes.NewBuffer(b)
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got := buf.String(); got != string(want) {
		tb.Errorf("%s: got\n%s\nwant\n%s\n(run go test ./server -update if the change is intended)", path, got, want)
	}
}

// withoutProse returns v without its "reasons" and "warnings" keys, at any depth.
func withoutProse(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "reasons" || k == "warnings" {
				delete(v, k)
				continue
			}
			v[k] = withoutProse(x)
		}
	case []any:
		for i, x := range v {
			v[i] = withoutProse(x)
		}
	}
	return v
}

func TestRatificationTable(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	const q = `query Table($asOf: Date) {
  ratificationTable(instrument: "actip-2015", asOf: $asOf) {
    state { code name }
    signed ratified deposited inForce withdrawn party reasons
    action { id kind domesticAct { id number } domesticActText }
  }
}`
	// ACTIP entered into force on 2017-03-08, after six deposits (Article
	// 29); Indonesia deposited in 2018.
	tests := []struct {
		asOf       string
		minParties int
		maxParties int
		idnIsParty bool
	}{
		{"2016-06-30", 0, 0, false},
		{"2017-03-08", 6, 10, false},
		{"2020-01-01", 7, 10, true},
	}
	for _, tt := range tests {
		asOf := tt.asOf
		t.Run(asOf, func(t *testing.T) {
			r := servertest.Post(t, ts, q, map[string]any{"asOf": asOf})
			var data struct {
				RatificationTable []struct {
					State struct{ Code string }
					Party bool
				}
			}
			servertest.MustData(t, r, &data)
			if got := len(data.RatificationTable); got != 10 {
				t.Fatalf("got %d rows, want one per ASEAN member state (10)", got)
			}
			parties := 0
			for _, row := range data.RatificationTable {
				if row.Party {
					parties++
				}
				if row.State.Code == "IDN" && row.Party != tt.idnIsParty {
					t.Errorf("IDN: got party %v, want %v", row.Party, tt.idnIsParty)
				}
			}
			if parties < tt.minParties || parties > tt.maxParties {
				t.Errorf("got %d parties, want %d to %d", parties, tt.minParties, tt.maxParties)
			}
			golden(t, "ratification_table_"+asOf, r.Data)
		})
	}
}

func TestRatifiedButNotImplemented(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	const q = `query Gaps($state: String!, $asOf: Date, $basis: Basis) {
  ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: $basis) {
    obligation { id summary provision { label } }
    bound boundSince boundBy { id kind deposited }
    legal practice
    laws { id number }
    reasons warnings
  }
}`
	type record struct {
		Obligation struct{ ID string }
		Bound      bool
		Legal      string
		Reasons    []string
	}
	t.Run("OKBeforeRatification", func(t *testing.T) {
		r := servertest.Post(t, ts, q, map[string]any{"state": "IDN", "asOf": "2016-12-31"})
		var data struct{ RatifiedButNotImplemented []record }
		servertest.MustData(t, r, &data)
		actip := slices.DeleteFunc(data.RatifiedButNotImplemented, func(r record) bool { return !strings.HasPrefix(r.Obligation.ID, "actip-2015/") })
		if got := len(actip); got != 0 {
			t.Errorf("got %d gaps before Indonesia ratified ACTIP, want 0: %s", got, r.Data)
		}
	})
	t.Run("OKAfterRatification", func(t *testing.T) {
		r := servertest.Post(t, ts, q, map[string]any{"state": "IDN", "asOf": "2020-01-01"})
		var data struct{ RatifiedButNotImplemented []record }
		servertest.MustData(t, r, &data)
		if len(data.RatifiedButNotImplemented) == 0 {
			t.Fatalf("got no gaps for Indonesia in 2020, want the obligations its laws do not implement")
		}
		for _, rec := range data.RatifiedButNotImplemented {
			if !rec.Bound {
				t.Errorf("%s: got bound false, want true", rec.Obligation.ID)
			}
			if rec.Legal != "PARTIAL" && rec.Legal != "NONE" {
				t.Errorf("%s: got legal %s, want PARTIAL or NONE", rec.Obligation.ID, rec.Legal)
			}
			if len(rec.Reasons) == 0 {
				t.Errorf("%s: got no reasons, want at least one", rec.Obligation.ID)
			}
		}
		golden(t, "gaps_idn_2020", r.Data)
	})
	t.Run("OKLowerCaseCode", func(t *testing.T) {
		r := servertest.Post(t, ts, q, map[string]any{"state": "idn", "asOf": "2020-01-01"})
		var data struct{ RatifiedButNotImplemented []record }
		servertest.MustData(t, r, &data)
		if len(data.RatifiedButNotImplemented) == 0 {
			t.Errorf("got no gaps for \"idn\", want the same as for \"IDN\"")
		}
	})
}

func TestCompare(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	var states struct{ States []struct{ Code string } }
	servertest.MustData(t, servertest.Post(t, ts, `{ states { code } }`, nil), &states)
	for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
		t.Run(basis, func(t *testing.T) {
			const q = `query Compare($asOf: Date, $basis: Basis) {
  compare(asOf: $asOf, basis: $basis) {
    state { code } bound implemented partial notImplemented unreviewed reserved notDomestic notCounted committed standingUnknown denominator rateLow rateHigh implementationRate coverage
  }
}`
			r := servertest.Post(t, ts, q, map[string]any{"asOf": "2020-01-01", "basis": basis})
			var data struct {
				Compare []struct {
					State                                                 struct{ Code string }
					Bound, Implemented, Partial, NotImplemented, Reserved int
					Unreviewed, NotDomestic, NotCounted, Denominator      int
					RateLow, RateHigh, ImplementationRate                 *float64
				}
			}
			servertest.MustData(t, r, &data)
			if got, want := len(data.Compare), len(states.States); got != want || got != 10 {
				t.Fatalf("got %d summaries for %d states, want one per ASEAN member state (10)", got, want)
			}
			for _, s := range data.Compare {
				if sum := s.Implemented + s.Partial + s.NotImplemented + s.Unreviewed + s.Reserved + s.NotDomestic + s.NotCounted; s.Bound != sum {
					t.Errorf("%s: got bound %d, want implemented+partial+notImplemented+unreviewed+reserved+notDomestic+notCounted = %d", s.State.Code, s.Bound, sum)
				}
				if d := s.Implemented + s.Partial + s.NotImplemented + s.Unreviewed; s.Denominator != d || (d > 0) != (s.RateLow != nil && s.RateHigh != nil) {
					t.Errorf("%s: got denominator %d range %v %v, want %d with a range exactly when it is positive", s.State.Code, s.Denominator, s.RateLow, s.RateHigh, d)
				} else if d > 0 && (*s.RateLow != float64(s.Implemented)/float64(d) || *s.RateHigh != float64(s.Implemented+s.Unreviewed)/float64(d)) {
					t.Errorf("%s: got range [%v, %v], want [implemented/D, (implemented+unreviewed)/D]", s.State.Code, *s.RateLow, *s.RateHigh)
				}
				if (s.ImplementationRate == nil) != (s.Implemented+s.Partial+s.NotImplemented == 0) {
					t.Errorf("%s: got implementationRate %v, want null exactly when nothing is reviewed", s.State.Code, s.ImplementationRate)
				}
				var gaps struct{ RatifiedButNotImplemented []struct{ Legal string } }
				servertest.MustData(t, servertest.Post(t, ts, `query($s: String!, $b: Basis) { ratifiedButNotImplemented(state: $s, asOf: "2020-01-01", basis: $b) { legal } }`,
					map[string]any{"s": s.State.Code, "b": basis}), &gaps)
				if got, want := len(gaps.RatifiedButNotImplemented), s.Partial+s.NotImplemented; got != want {
					t.Errorf("%s: got %d ratifiedButNotImplemented, want partial+notImplemented = %d", s.State.Code, got, want)
				}
			}
			if basis == "LAW" {
				golden(t, "compare_2020_law", r.Data)
			}
		})
	}
}

func TestPagination(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	tests := []struct {
		name, field, args string
	}{
		{"Obligations", "obligations", ""},
		{"ObligationsOfACTIP", "obligations", `instrument: "actip-2015",`},
		{"ObligationsByTheme", "obligations", `theme: PROTECTION,`},
		{"Laws", "laws", ""},
		{"LawsOfIndonesia", "laws", `state: "IDN",`},
		{"Evidence", "evidence", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type page struct {
				Edges []struct {
					Node   struct{ ID string }
					Cursor string
				}
				PageInfo struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       *string
				}
				TotalCount int
			}
			q := `query Page($after: String) { ` + tt.field + `(` + tt.args + ` first: 3, after: $after) {
  edges { node { id } cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`
			var all struct {
				Conn page `json:"conn"`
			}
			servertest.MustData(t, servertest.Post(t, ts, strings.Replace(q, tt.field+"(", "conn: "+tt.field+"(", 1)+"", map[string]any{}), &all)
			total := all.Conn.TotalCount
			seen := map[string]bool{}
			var after any
			for pages := 0; ; pages++ {
				if pages > total+1 {
					t.Fatalf("got more than %d pages for %d nodes, want the walk to end", pages, total)
				}
				var data struct {
					Conn page `json:"conn"`
				}
				servertest.MustData(t, servertest.Post(t, ts, strings.Replace(q, tt.field+"(", "conn: "+tt.field+"(", 1), map[string]any{"after": after}), &data)
				p := data.Conn
				if p.TotalCount != total {
					t.Errorf("got totalCount %d on page %d, want %d", p.TotalCount, pages, total)
				}
				if got := p.PageInfo.HasPreviousPage; got != (pages > 0) {
					t.Errorf("page %d: got hasPreviousPage %v, want %v", pages, got, pages > 0)
				}
				for i, e := range p.Edges {
					if seen[e.Node.ID] {
						t.Errorf("got %s twice", e.Node.ID)
					}
					seen[e.Node.ID] = true
					if i == len(p.Edges)-1 && (p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != e.Cursor) {
						t.Errorf("page %d: got endCursor %v, want the last edge's cursor %q", pages, p.PageInfo.EndCursor, e.Cursor)
					}
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = *p.PageInfo.EndCursor
			}
			if len(seen) != total {
				t.Errorf("got %d nodes walking every page, want totalCount %d", len(seen), total)
			}
		})
	}
}
