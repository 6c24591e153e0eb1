package direct_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/synth"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/dashboard"
	"github.com/pactwatch/pactwatch/server/direct"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// The gap list is answered directly (server/direct) when it asks only for plain
// values; these tests hold every field of its tables, and every argument,
// to the bytes gqlgen's field-by-field execution writes for the same
// request, over HTTP.

const (
	everyRecordField     = `asOf standing bound boundSince boundNoEarlierThan boundNoLaterThan committed nature legal practice practiceThematic outcome caveats reasons warnings __typename`
	everyObligationField = `id summary modality modalityLabel nature unverified note __typename provision { ` + everyProvisionField + ` instrument { id } } instrument { id }`
	everyInstrumentField = `id title shortTitle kind binding adopted place summary unverified note __typename`
	everyProvisionField  = `id label heading text textKind order incomplete unverified note __typename`
)

// everyNestedObject selects every plain field of every node a record
// names, and their own nested objects.
var everyNestedObject = []string{
	`state { id code name aseanSince unverified note __typename }`,
	`boundBy { id kind date deposited depositedBefore inForce domesticActText unverified note __typename }`,
	`boundBy { state { code } instrument { id } domesticAct { id } }`,
	`review { id scope date read method reviewer articles summary unverified note __typename } reviews { id date }`,
	`laws { id title localTitle number kind enacted inForce repealed summary unverified note __typename }`,
	`laws { state { code } repealedBy { id } }`,
	`laws { amends { id } }`,
	`implementations { id articles extent note unverified __typename law { id } obligation { id } }`,
	`evidence { id kind date periodFrom periodTo finding reportYear summary unverified note __typename }`,
	`evidence { state { code } }`,
	// Only ids: written from the record's ids, without reading the nodes.
	`state { id __typename } boundBy { i: id } review { id } reviews { id } laws { id __typename } implementations { id } evidence { t: __typename id }`,
}

// bothWays answers body from a server that executes gap lists directly and
// from one that leaves them to gqlgen, and fails unless the two responses
// are the same bytes. It returns the response.
func bothWays(t *testing.T, direct, generic string, body string) []byte {
	t.Helper()
	get := func(url string) []byte {
		resp, err := httpPost(url, body)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	a, b := get(direct), get(generic)
	if !bytes.Equal(a, b) {
		t.Fatalf("direct and gqlgen answers differ for %s:\ndirect: %.600s\ngqlgen: %.600s", body, a, b)
	}
	return a
}

// directAndGeneric serves the fixtures twice, executing gap lists directly
// and leaving them to gqlgen, and returns the two GraphQL URLs.
func directAndGeneric(t *testing.T) (direct, generic string) {
	store := servertest.MustOpenFixtures(t)
	cfg := server.DefaultConfig()
	d := servertest.NewHTTP(t, server.New(store, cfg))
	cfg.NoDirectLists = true
	g := servertest.NewHTTP(t, server.New(store, cfg))
	return d.URL + "/graphql", g.URL + "/graphql"
}

func gapBody(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

func TestDirectGapListIsGqlgensAnswer(t *testing.T) {
	dURL, gURL := directAndGeneric(t)

	every := fmt.Sprintf(`query G($state: String!, $asOf: Date, $basis: Basis, $include: [LegalStatus!], $instrument: ID) {
  ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: $basis, include: $include, instrument: $instrument) {
    %s obligation { %s } instrument { %s }
  }
}`, everyRecordField, everyObligationField, everyInstrumentField)
	records := 0
	for _, state := range []string{"IDN", "mys", "KHM", "BRN", "Thailand"} {
		for _, asOf := range []any{nil, "2010-01-01", "2018-06-30", "2020", "2021-03"} {
			for _, basis := range []any{nil, "LAW", "PRACTICE", "EITHER"} {
				for _, include := range []any{nil, []string{"UNREVIEWED"}, []string{"UNREVIEWED", "RESERVED", "IMPLEMENTED", "NOT_DOMESTIC"}} {
					raw := bothWays(t, dURL, gURL, gapBody(every, map[string]any{"state": state, "asOf": asOf, "basis": basis, "include": include}))
					var r struct {
						Data struct {
							Gaps []json.RawMessage `json:"ratifiedButNotImplemented"`
						} `json:"data"`
					}
					json.Unmarshal(raw, &r)
					records += len(r.Data.Gaps)
				}
			}
		}
	}
	if records < 500 {
		t.Fatalf("the comparison saw %d records: too few to hold every field to account", records)
	}
	// Every node a record names, with every plain field, on fewer days.
	for _, nested := range everyNestedObject {
		q := `query G($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, include: [UNREVIEWED, RESERVED, IMPLEMENTED, NOT_DOMESTIC]) { legal ` + nested + ` } }`
		drawn := 0
		for _, state := range []string{"IDN", "MYS", "KHM", "PHL"} {
			for _, asOf := range []any{nil, "2010-01-01", "2018-06-30"} {
				raw := bothWays(t, dURL, gURL, gapBody(q, map[string]any{"state": state, "asOf": asOf}))
				if bytes.Contains(raw, []byte(`"errors"`)) {
					t.Fatalf("%s: got errors, want none: %.600s", nested, raw)
				}
				drawn += bytes.Count(raw, []byte(`"id":`)) + bytes.Count(raw, []byte(`"code":`))
			}
		}
		if drawn == 0 {
			t.Errorf("%s: no node written: the comparison held nothing to account", nested)
		}
	}
	// One instrument, aliases, a field order unlike the schema's, the
	// benchmark's lean selection, knownAt and a root __typename.
	for _, q := range []string{
		`{ gaps: ratifiedButNotImplemented(state: "IDN", asOf: "2020-01-01", instrument: "actip-2015", include: [UNREVIEWED]) { l: legal o: obligation { s: summary i: id } legal2: practice } }`,
		`query Gaps($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal } }`,
		`{ ratifiedButNotImplemented(state: "IDN", knownAt: "` + time.Now().UTC().Format(time.RFC3339) + `") { legal obligation { id } } }`,
		`{ __typename ratifiedButNotImplemented(state: "IDN") { legal } }`,
	} {
		bothWays(t, dURL, gURL, gapBody(q, map[string]any{"state": "MYS", "asOf": "2019-07-02"}))
	}
}

// TestDirectGapListLeavesTheRestToGqlgen: what the direct path does not
// plan, or cannot answer, is answered (and its errors written) by gqlgen.
func TestDirectGapListLeavesTheRestToGqlgen(t *testing.T) {
	dURL, gURL := directAndGeneric(t)
	for _, c := range []struct {
		q       string
		wantErr bool
	}{
		{`{ ratifiedButNotImplemented(state: "ZZZ") { legal } }`, true},
		{`{ ratifiedButNotImplemented(state: "IDN", instrument: "no-such") { legal } }`, true},
		{`{ ratifiedButNotImplemented(state: "IDN", asOf: "not a date") { legal } }`, true},
		{`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2001-01-01T00:00:00Z") { legal } }`, true},   // before the graph held IDN
		{`{ ratifiedButNotImplemented(state: "IDN") { legal legal } }`, false},                             // merged fields
		{`{ ratifiedButNotImplemented(state: "IDN") { obligation { id } o2: obligation { id } } }`, false}, // one object twice
		{`{ ratifiedButNotImplemented(state: "IDN") { ... on ComplianceRecord { legal } } }`, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal @include(if: false) practice } }`, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal reasons laws { id title } boundBy { id } } }`, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { obligation { id provision { label } } } }`, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { outcome(basis: EITHER) laws { sources { citation } } } }`, false},
		{`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2024-01-01T00:00:00Z") { legal laws { id } } }`, true},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal } compare(states: ["IDN"]) { bound } }`, false},
	} {
		raw := bothWays(t, dURL, gURL, gapBody(c.q, nil))
		if got := bytes.Contains(raw, []byte(`"errors"`)); got != c.wantErr {
			t.Errorf("%s: errors %v, want %v: %.300s", c.q, got, c.wantErr, raw)
		}
	}
}

// TestDirectMultiRootIsGqlgensAnswer: in an operation of several root
// fields, the gap lists direct plans are written by it and the rest by
// gqlgen, spliced into the bytes gqlgen alone writes: the pages' documents
// and the CLI's, aliases, fragments, variables, @include/@skip, and an
// error in another root field or in a gap list.
func TestDirectMultiRootIsGqlgensAnswer(t *testing.T) {
	dURL, gURL := directAndGeneric(t)
	// planned fails unless direct answers the gap list of q: otherwise the
	// comparison would hold gqlgen to itself.
	planned := func(q string, vars map[string]any, want ...string) {
		t.Helper()
		got, _, err := direct.Planned(q, vars)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("direct plans %v of %.80s, want %v", got, q, want)
		}
	}
	gaps := func(raw []byte) int { return bytes.Count(raw, []byte(`"legal":`)) }
	now := time.Now().UTC().Format(time.RFC3339)

	// Every page document with a gap list, as the pages send it.
	pages := 0
	for _, doc := range dashboard.PersistedQueries() {
		if !strings.Contains(doc, "ratifiedButNotImplemented") {
			continue
		}
		pages++
		planned(doc, map[string]any{"code": "IDN", "state": "IDN"}, "ratifiedButNotImplemented")
		drawn := 0
		for _, state := range []string{"IDN", "MYS", "KHM", "PHL"} {
			for _, asOf := range []any{nil, "2010-01-01", "2018-06-30"} {
				for _, knownAt := range []any{nil, now} {
					raw := bothWays(t, dURL, gURL, gapBody(doc, map[string]any{"code": state, "state": state, "asOf": asOf, "knownAt": knownAt}))
					if bytes.Contains(raw, []byte(`"errors"`)) {
						t.Fatalf("got errors, want none: %.600s", raw)
					}
					drawn += gaps(raw)
				}
			}
		}
		if drawn == 0 {
			t.Errorf("%.60s: no record written: the comparison held nothing to account", doc)
		}
		// As the pages send it: GET naming the document by its hash.
		q := url.Values{"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + dashboard.QueryHash(doc) + `"}}`},
			"variables": {`{"code":"MYS","state":"MYS","asOf":"2018-06-30"}`}}
		dc, dh, db := servertest.Get(t, strings.TrimSuffix(dURL, "/graphql")+"/graphql?"+q.Encode())
		gc, gh, gb := servertest.Get(t, strings.TrimSuffix(gURL, "/graphql")+"/graphql?"+q.Encode())
		if dc != gc || db != gb || dh.Get("Cache-Control") != gh.Get("Cache-Control") {
			t.Errorf("GET %.60s: direct %d %s %s, gqlgen %d %s %s", doc, dc, dh.Get("ETag"), db[:min(len(db), 200)], gc, gh.Get("ETag"), gb[:min(len(gb), 200)])
		}
		if dc != http.StatusOK || !strings.Contains(db, `"ratifiedButNotImplemented":[{`) || dh.Get("ETag") == "" {
			t.Errorf("GET %.60s: want 200, a gap list and an ETag: %d %q %.300s", doc, dc, dh.Get("ETag"), db)
		}
	}
	if pages == 0 {
		t.Fatal("no page document has a gap list")
	}

	// The CLI's gaps document, with its flags' variables.
	cli := servertest.CLIQuery(t, "gaps.go", "gapsQuery")
	planned(cli, map[string]any{"state": "IDN", "basis": "LAW"}, "ratifiedButNotImplemented")
	drawn := 0
	for _, state := range []string{"IDN", "MYS", "KHM", "BRN"} {
		for _, asOf := range []any{nil, "2010-01-01", "2018-06-30", "2021"} {
			for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
				for _, extra := range []map[string]any{{}, {"include": []string{"UNREVIEWED"}}, {"instrument": "actip-2015", "modalities": []string{"OBLIGATION", "RECOMMENDATION"}}, {"knownAt": now}} {
					vars := map[string]any{"state": state, "asOf": asOf, "basis": basis}
					maps.Copy(vars, extra)
					raw := bothWays(t, dURL, gURL, gapBody(cli, vars))
					if bytes.Contains(raw, []byte(`"errors"`)) {
						t.Fatalf("got errors, want none: %.600s", raw)
					}
					drawn += gaps(raw)
				}
			}
		}
	}
	if drawn < 100 {
		t.Fatalf("the CLI's document drew %d records: too few to hold it to account", drawn)
	}

	vars := map[string]any{"state": "MYS", "asOf": "2019-07-02", "yes": true, "no": false}
	for _, c := range []struct {
		q    string
		plan []string
	}{
		// Aliases, and the fields around the gap lists in their order.
		{`query($state: String!) { z: compare(states: [$state]) { bound } a: ratifiedButNotImplemented(state: $state) { l: legal o: obligation { i: id } } t: __typename s: state(code: $state) { code } }`, []string{"a"}},
		// Two gap lists with different arguments, and the same twice.
		{`query($state: String!, $asOf: Date) { idn: ratifiedButNotImplemented(state: "IDN", basis: EITHER) { legal practice } mys: ratifiedButNotImplemented(state: $state, asOf: $asOf, include: [UNREVIEWED, RESERVED]) { legal obligation { id } laws { id } } }`, []string{"idn", "mys"}},
		{`{ a: ratifiedButNotImplemented(state: "KHM") { legal } b: ratifiedButNotImplemented(state: "KHM") { legal } }`, []string{"a", "b"}},
		// Fragments at the root, named and inline, and fields they merge.
		{`query($state: String!) { ...G state(code: $state) { name } } fragment G on Query { ratifiedButNotImplemented(state: $state) { legal } }`, []string{"ratifiedButNotImplemented"}},
		{`query($state: String!) { ... on Query { ratifiedButNotImplemented(state: $state) { legal } } ratifiedButNotImplemented(state: $state) { obligation { id } } }`, []string{"ratifiedButNotImplemented"}},
		// @include and @skip at the root, by variable and literal.
		{`query($state: String!, $yes: Boolean!, $no: Boolean!) { a: ratifiedButNotImplemented(state: $state) @include(if: $yes) { legal } b: ratifiedButNotImplemented(state: $state) @include(if: $no) { legal } c: ratifiedButNotImplemented(state: $state) @skip(if: $no) { practice } d: compare(states: [$state]) @skip(if: true) { bound } }`, []string{"a", "c"}},
		{`query($state: String!, $yes: Boolean!) { ... on Query @include(if: $yes) { ratifiedButNotImplemented(state: $state) { legal } } }`, []string{"ratifiedButNotImplemented"}},
		// A selection direct does not plan, beside one it does.
		{`query($state: String!) { a: ratifiedButNotImplemented(state: $state) { legal } b: ratifiedButNotImplemented(state: $state) { laws { sources { citation } } } }`, []string{"a"}},
	} {
		planned(c.q, vars, c.plan...)
		raw := bothWays(t, dURL, gURL, gapBody(c.q, vars))
		if bytes.Contains(raw, []byte(`"errors"`)) || !bytes.Contains(raw, []byte(`:[{`)) {
			t.Errorf("%s: want records and no errors: %.400s", c.q, raw)
		}
	}
	// An error in another root field (nullable: the gap list stays), in a
	// gap list beside another (non-null: data is null), and in the
	// operation's arguments.
	for _, q := range []string{
		`query($state: String!) { ratifiedButNotImplemented(state: $state) { legal } instrument(id: "no-such") { id } }`,
		`query($state: String!) { ratifiedButNotImplemented(state: $state) { legal } compare(states: ["ZZZ"]) { bound } }`,
		`query($state: String!) { ok: ratifiedButNotImplemented(state: $state) { legal } bad: ratifiedButNotImplemented(state: "ZZZ") { legal } }`,
		`query($state: String!) { ratifiedButNotImplemented(state: $state, asOf: "not a date") { legal } state(code: $state) { code } }`,
	} {
		raw := bothWays(t, dURL, gURL, gapBody(q, vars))
		if !bytes.Contains(raw, []byte(`"path":[`)) {
			t.Errorf("%s: want an error with its path: %.400s", q, raw)
		}
	}
}

// BenchmarkGapsLeanDirect compares the two executions of the peer
// benchmark's lean gap query, in process (no HTTP), on the synthetic world
// (PACTWATCH_BENCH_SCALE, default 0.1).
func BenchmarkGapsLeanDirect(b *testing.B) {
	const q = `query Gaps($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal } }`
	store := synth.MustOpenWorld(b, benchScale())
	states := synth.World(benchScale()).States
	// cold: the first request of a server just made over the store (its
	// engine holds no facts yet), for a different state each time.
	b.Run("cold", func(b *testing.B) {
		for i := range b.N {
			srv := server.New(store, server.DefaultConfig())
			out, err := srv.Exec(b.Context(), q, map[string]any{"state": synth.StateCode(i % states), "asOf": "2020-01-01"})
			if err != nil || bytes.Contains(out, []byte(`"errors"`)) {
				b.Fatalf("%v %.300s", err, out)
			}
			srv.Close()
		}
	})
	for _, mode := range []string{"direct", "gqlgen"} {
		cfg := server.DefaultConfig()
		cfg.NoDirectLists = mode == "gqlgen"
		srv := server.New(store, cfg)
		b.Cleanup(func() { srv.Close() })
		for i := range states { // warm the engine's facts
			if _, err := srv.Exec(b.Context(), q, map[string]any{"state": synth.StateCode(i), "asOf": "2020-01-01"}); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(mode, func(b *testing.B) {
			for i := range b.N {
				out, err := srv.Exec(b.Context(), q, map[string]any{"state": synth.StateCode(i % states), "asOf": "2020-01-01"})
				if err != nil || bytes.Contains(out, []byte(`"errors"`)) {
					b.Fatalf("%v %.300s", err, out)
				}
			}
		})
	}
}

func httpPost(url, body string) ([]byte, error) {
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// benchScale is the synthetic world's scale for benchmarks:
// PACTWATCH_BENCH_SCALE, default 0.1.
func benchScale() float64 {
	scale := 0.1
	if s := os.Getenv("PACTWATCH_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	return scale
}

// TestLentBuffersLeaveAnswersWhole: answers large enough to be written in
// lent buffers (buffers.go), asked over and over by four clients at once
// so that each is written in a buffer an earlier answer was written in,
// stay gqlgen's answers byte for byte.
func TestLentBuffersLeaveAnswersWhole(t *testing.T) {
	dURL, gURL := directAndGeneric(t)
	q := fmt.Sprintf(`query G($state: String!, $asOf: Date) {
  ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: EITHER, include: [UNREVIEWED, RESERVED, IMPLEMENTED, NOT_DOMESTIC]) {
    %s obligation { %s } instrument { %s }
  }
}`, everyRecordField, everyObligationField, everyInstrumentField)
	var bodies []string
	var want [][]byte
	large := 0
	for _, state := range []string{"IDN", "THA", "MYS", "PHL"} {
		for _, asOf := range []any{nil, "2012-01-01", "2019-06-30"} {
			body := gapBody(q, map[string]any{"state": state, "asOf": asOf})
			raw := bothWays(t, dURL, gURL, body)
			if len(raw) > 128<<10 {
				large++
			}
			bodies, want = append(bodies, body), append(want, raw)
		}
	}
	if large < 2 {
		t.Fatalf("%d answers over 128 KiB: too few to be written in lent buffers", large)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for c := range 4 {
		wg.Go(func() {
			for round := range 4 {
				for i := range bodies {
					k := (i + c*3 + round) % len(bodies)
					got, err := httpPost(dURL, bodies[k])
					if err != nil || !bytes.Equal(got, want[k]) {
						errs <- fmt.Sprintf("client %d, round %d: answer %d differs (%v): %.200s", c, round, k, err, got)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
