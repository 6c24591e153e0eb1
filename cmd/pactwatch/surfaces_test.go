package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestSurfacesAgree holds the surfaces to the engine's one answer: for
// every state × ACTIP and the MLAT, on four dates, under each basis, the
// outcome the API gives each record is the outcome the records export
// gives it, and the CLI's gap list (from its own store, on the same
// fixtures) is exactly the records whose outcome is a gap. The dashboard's
// drawn cells are held to the same API answer in TestDashboardInBrowser
// (HeatmapDrawsTheAPIOutcome).
func TestSurfacesAgree(t *testing.T) {
	base := startServe(t)
	cliDB := fixtureDB(t)
	states := []string{"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}
	compared, gaps := 0, 0
	for _, inst := range []string{"actip-2015", "asean-mlat-2004"} {
		for _, day := range []string{"2008-06-01", "2016-01-01", "2018-06-01", "2020-01-01"} {
			for _, basis := range []string{"LAW", "PRACTICE", "EITHER"} {
				api := apiOutcomes(t, base, inst, day, basis)
				for _, st := range states {
					exp := exportOutcomes(t, base, st, inst, day, basis)
					compared += len(exp)
					if got, want := fmt.Sprint(exp), fmt.Sprint(api[st]); got != want {
						t.Errorf("%s × %s on %s under %s: the records export gives %s, the API %s", st, inst, day, basis, got, want)
					}
				}
				// The CLI's gaps, as json, for two states whose records are
				// all reviewed and one whose are mostly not.
				for _, st := range []string{"IDN", "MYS", "PHL"} {
					r := mustRun(t, "gaps", st, "--db", cliDB, "--instrument", inst, "--as-of", day, "--basis", strings.ToLower(basis), "--format", "json")
					var doc struct {
						Rows []struct{ Obligation, Outcome string }
					}
					if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
						t.Fatalf("gaps %s json: %v", st, err)
					}
					var got, want []string
					for _, row := range doc.Rows {
						got = append(got, row.Obligation+"="+row.Outcome)
					}
					for _, o := range api[st] {
						if strings.HasSuffix(o, "=PARTIAL") || strings.HasSuffix(o, "=NOT_IMPLEMENTED") {
							want = append(want, o)
						}
					}
					slices.Sort(got)
					gaps += len(got)
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%s × %s on %s under %s: the CLI lists %v, the API's gaps are %v", st, inst, day, basis, got, want)
					}
				}
			}
		}
	}
	if compared == 0 || gaps == 0 {
		t.Errorf("compared %d records and %d gaps, want some of each", compared, gaps)
	}
	// The comparison's order is the API's (by coverage, then the range's
	// low end): the CLI's table lists the states as the API orders them.
	for _, day := range []string{"2016-01-01", "2020-01-01"} {
		for _, basis := range []string{"LAW", "EITHER"} {
			api := apiCompareOrder(t, base, day, basis)
			var cli []string
			for _, line := range strings.Split(mustRun(t, "compare", "--db", cliDB, "--as-of", day, "--basis", strings.ToLower(basis)).stdout, "\n") {
				if f := strings.Fields(line); len(f) > 0 && slices.Contains(states, f[0]) {
					cli = append(cli, f[0])
				}
			}
			if fmt.Sprint(cli) != fmt.Sprint(api) {
				t.Errorf("compare on %s under %s: the CLI lists %v, the API orders %v", day, basis, cli, api)
			}
		}
	}
}

// apiCompareOrder asks the API for the comparison ordered by coverage: the
// state codes in its order.
func apiCompareOrder(t *testing.T, base, day, basis string) []string {
	t.Helper()
	q := fmt.Sprintf(`{ compare(asOf: %q, basis: %s, orderBy: COVERAGE) { state { code } } }`, day, basis)
	body, _ := json.Marshal(map[string]string{"query": q})
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Compare []struct{ State struct{ Code string } }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Data.Compare) == 0 {
		t.Fatalf("compare over the API: %v, %d rows", err, len(r.Data.Compare))
	}
	codes := make([]string, len(r.Data.Compare))
	for i, s := range r.Data.Compare {
		codes[i] = s.State.Code
	}
	return codes
}

// apiOutcomes asks the API for every state's records of the instrument:
// "obligation=OUTCOME", sorted, by state.
func apiOutcomes(t *testing.T, base, inst, day, basis string) map[string][]string {
	t.Helper()
	q := fmt.Sprintf(`{ states { code records(asOf: %q, instrument: %q) { obligation { id } outcome(basis: %s) } } }`, day, inst, basis)
	body, _ := json.Marshal(map[string]string{"query": q})
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data struct {
		Data struct {
			States []struct {
				Code    string
				Records []struct {
					Obligation struct{ ID string }
					Outcome    string
				}
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, s := range data.Data.States {
		for _, r := range s.Records {
			out[s.Code] = append(out[s.Code], r.Obligation.ID+"="+r.Outcome)
		}
		slices.Sort(out[s.Code])
	}
	return out
}

// exportOutcomes reads the records export of one state as JSON.
func exportOutcomes(t *testing.T, base, st, inst, day, basis string) []string {
	t.Helper()
	v := url.Values{"state": {st}, "instrument": {inst}, "asOf": {day}, "basis": {basis}}
	resp, err := http.Get(base + "/export/records.json?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("records export of %s: %s: %s", st, resp.Status, b)
	}
	var doc struct {
		Rows []struct{ Obligation, Outcome string }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("records export of %s: %v", st, err)
	}
	var out []string
	for _, r := range doc.Rows {
		out = append(out, r.Obligation+"="+r.Outcome)
	}
	slices.Sort(out)
	return out
}
