package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// fuzzOps are the operations the write API's fuzz test sends: every
// mutation, and the reads whose arguments are time and paging scalars.
var fuzzOps = []string{
	`mutation($input: ChangesInput!) { applyChanges(input: $input) { published added changed removed unchanged version
  draft { id author message recordCount force records { id kind record version } retract { id reason } } } }`,
	`mutation($id: ID!, $force: Boolean) { publishDraft(id: $id, force: $force) { published added changed removed version } }`,
	`mutation($id: ID!) { discardDraft(id: $id) }`,
	`mutation($name: String!, $role: Role!) { createAPIKey(name: $name, role: $role) { key { name role created } } }`,
	`mutation($name: String!) { revokeAPIKey(name: $name) { name revoked } }`,
	`mutation($url: String!, $state: String, $instrument: ID) { registerWebhook(url: $url, state: $state, instrument: $instrument) { id url } }`,
	`mutation($id: ID!) { deleteWebhook(id: $id) }`,
	`query($since: Time, $state: String, $instrument: ID, $record: ID, $first: Int, $after: String) {
  changes(since: $since, state: $state, instrument: $instrument, record: $record, first: $first, after: $after) { edges { cursor node { author message version } } } }`,
	`query($state: String!, $asOf: Date, $knownAt: Time, $instrument: ID) { records(state: $state, asOf: $asOf, knownAt: $knownAt, instrument: $instrument) { bound legal } }`,
	`query($first: Int, $after: String) { drafts(first: $first, after: $after) { id recordCount } }`,
}

// fuzzRecords are one record of each kind, with every field the write API
// takes, as a curator would send them.
var fuzzRecords = map[string]map[string]any{
	"EVIDENCE": {"ID": "idn/ev/fuzz", "StateCode": "IDN", "Kind": "COURT_CASE", "Date": "2019-06-01", "PeriodFrom": "2018", "PeriodTo": "2019-05",
		"ObligationIDs": []string{"actip-2015/art_5/obl_1"}, "Themes": []string{"PROSECUTION"}, "Finding": "EFFECTIVE", "Summary": "s",
		"Sources": []map[string]any{{"Citation": "c", "URL": "https://example.org/x", "Date": "2019", "Publisher": "p", "Locator": "p. 1"}}},
	"LAW": {"ID": "idn/law-fuzz", "StateCode": "IDN", "Title": "A law", "Kind": "STATUTE", "Enacted": "2019", "InForce": "2020-01", "Repealed": "2030",
		"Sources": []map[string]any{{"Citation": "c"}}},
	"IMPLEMENTATION": {"ID": "idn/impl/fuzz", "LawID": "idn/law-21-2007", "ObligationID": "actip-2015/art_5/obl_2", "Articles": []string{"Art. 2"},
		"Extent": "PARTIAL", "Note": "n", "Sources": []map[string]any{{"Citation": "c"}}},
	"REVIEW": {"ID": "idn/review/fuzz", "StateCode": "IDN", "InstrumentID": "actip-2015", "Scope": "LISTED", "ObligationIDs": []string{"actip-2015/art_5/obl_1"},
		"Date": "2020", "Read": "2021-01-01", "Method": "STATUTE_READING", "Reviewer": "r", "LawIDs": []string{"idn/law-21-2007"}, "Summary": "s",
		"Sources": []map[string]any{{"Citation": "c"}}},
	"STATE_ACTION": {"ID": "IDN/asean-mlat-2004/fuzz", "StateCode": "IDN", "InstrumentID": "asean-mlat-2004", "Kind": "RATIFICATION", "Date": "2008",
		"Deposited": "2008-06", "DepositedBefore": "2009", "InForce": "2009", "Reservations": []map[string]any{{"Text": "t", "ProvisionIDs": []string{}}},
		"Sources": []map[string]any{{"Citation": "c"}}},
	"STATE":       {"Code": "XXF", "Name": "Fuzzland", "Sources": []map[string]any{{"Citation": "c"}}},
	"INSTRUMENT":  {"ID": "fuzz-2026", "Title": "A fuzz", "Kind": "TREATY", "Adopted": "2015", "Sources": []map[string]any{{"Citation": "c"}}},
	"PROVISION":   {"ID": "fuzz-2026/art_1", "InstrumentID": "fuzz-2026", "Article": "1", "Text": "t", "Sources": []map[string]any{{"Citation": "c"}}},
	"OBLIGATION":  {"ID": "fuzz-2026/art_1/obl_1", "ProvisionID": "fuzz-2026/art_1", "InstrumentID": "fuzz-2026", "Modality": "OBLIGATION", "Summary": "s", "Sources": []map[string]any{{"Citation": "c"}}},
	"NOT_A_KIND":  {"ID": "x"},
	"EMPTY":       {},
	"ALL_NULLS":   {"ID": nil, "Sources": nil, "Date": nil},
	"DEEP_NESTED": {"Sources": []any{[]any{[]any{map[string]any{"Citation": map[string]any{"x": []any{1, 2}}}}}}},
}

// fuzzOddValues replace one field at a time in the seeds: every JSON kind,
// and the strings that break parsers.
var fuzzOddValues = []any{nil, true, -1, 1e308, "", "2019-13-45", "2207-01-10", "\xff\xfe\x00", strings.Repeat("9", 400),
	[]any{nil}, map[string]any{}, "2026-12-07T24:00"}

// fuzzSeeds are the seeds: for each operation its plain variables, then
// each of its input fields (and each field of each record kind) replaced by
// each odd value once.
func fuzzSeeds() []struct {
	op   int
	vars string
} {
	var out []struct {
		op   int
		vars string
	}
	add := func(op int, v any) {
		b, _ := json.Marshal(v)
		out = append(out, struct {
			op   int
			vars string
		}{op, string(b)})
	}
	batch := func(kind string, rec any, f func(in map[string]any)) map[string]any {
		in := map[string]any{"message": "fuzz", "publish": false, "force": false,
			"put":     []any{map[string]any{"kind": kind, "record": rec, "version": nil}},
			"retract": []any{map[string]any{"id": "idn/ev/none", "reason": "r", "version": "1"}}}
		if f != nil {
			f(in)
		}
		return map[string]any{"input": in}
	}
	// applyChanges: each record field of each kind, then each input field.
	for kind, rec := range fuzzRecords {
		add(0, batch(kind, rec, nil))
		for field := range rec {
			for _, odd := range fuzzOddValues {
				cp := map[string]any{}
				for k, v := range rec {
					cp[k] = v
				}
				cp[field] = odd
				add(0, batch(kind, cp, nil))
			}
		}
	}
	for _, field := range []string{"message", "publish", "put", "retract", "force"} {
		for _, odd := range fuzzOddValues {
			add(0, batch("EVIDENCE", fuzzRecords["EVIDENCE"], func(in map[string]any) { in[field] = odd }))
		}
	}
	for _, field := range []string{"kind", "record", "version"} {
		for _, odd := range fuzzOddValues {
			add(0, batch("EVIDENCE", fuzzRecords["EVIDENCE"], func(in map[string]any) { in["put"].([]any)[0].(map[string]any)[field] = odd }))
		}
	}
	for _, field := range []string{"id", "reason", "version"} {
		for _, odd := range fuzzOddValues {
			add(0, batch("EVIDENCE", fuzzRecords["EVIDENCE"], func(in map[string]any) { in["retract"].([]any)[0].(map[string]any)[field] = odd }))
		}
	}
	// The other operations: each argument replaced by each odd value.
	plain := map[int]map[string]any{
		1: {"id": "draft-1", "force": false},
		2: {"id": "draft-1"},
		3: {"name": "fuzz", "role": "CURATOR"},
		4: {"name": "fuzz"},
		5: {"url": "https://example.org/hook", "state": "IDN", "instrument": "actip-2015"},
		6: {"id": "hook-1"},
		7: {"since": "2026-12-07", "state": "IDN", "instrument": "actip-2015", "record": "idn/ev/fuzz", "first": 5, "after": "c"},
		8: {"state": "IDN", "asOf": "2020-01-01", "knownAt": "2026-12-07T10:00", "instrument": "actip-2015"},
		9: {"first": 5, "after": "d"},
	}
	for op, vars := range plain {
		add(op, vars)
		for field := range vars {
			for _, odd := range fuzzOddValues {
				cp := map[string]any{}
				for k, v := range vars {
					cp[k] = v
				}
				cp[field] = odd
				add(op, cp)
			}
		}
	}
	return out
}

// FuzzWriteAPI sends the write API's operations, with fuzzed variables and
// each role's key (or none), to the GraphQL handler in process: no input
// may give a 5xx, an INTERNAL_SERVER_ERROR or a panic (which the server
// would answer as one). Its seeds run with plain go test.
func FuzzWriteAPI(f *testing.F) {
	for i, s := range fuzzSeeds() {
		f.Add(uint8(s.op), uint8(i%4), s.vars) // each role in turn
	}
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.RecordRate = 0, 0 // explore the inputs, not the rate limits
	cfg.HoldWebhooks = true              // no delivery leaves the test
	c := servertest.NewCurationServer(f, cfg)
	keys := []string{"", c.Curator, c.Editor, c.Admin}
	f.Fuzz(func(t *testing.T, op, role uint8, vars string) {
		query := fuzzOps[int(op)%len(fuzzOps)]
		q, _ := json.Marshal(query)
		body := fmt.Sprintf(`{"query": %s, "variables": %s}`, q, vars)
		req, err := http.NewRequest(http.MethodPost, c.TS.URL+"/graphql", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if k := keys[int(role)%len(keys)]; k != "" {
			req.Header.Set("Authorization", "Bearer "+k)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("got HTTP %d for %s: %.500s", resp.StatusCode, body, b)
		}
		if bytes.Contains(b, []byte("INTERNAL_SERVER_ERROR")) {
			t.Fatalf("got an internal error for %.2000s:\n%.1000s", body, b)
		}
	})
}
