package guard_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// aliased repeats field n times under aliases a0, a1, ...
func aliased(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	b.WriteString(" }")
	return b.String()
}

// The dashboard's heaviest queries with knownAt (server/dashboard/assets/app.js).
const (
	recordFields     = `{ obligation { id } bound committed nature legal practice oLAW: outcome(basis: LAW) oPRACTICE: outcome(basis: PRACTICE) oEITHER: outcome(basis: EITHER) }`
	obligationFields = `id modality themes summary provision { label order }`
)

func TestKnownAtAndIntrospectionCost(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.MaxComplexity = 1
	costs := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), cfg))
	limits := server.DefaultConfig()
	expensive := limits.MaxComplexity / 4

	t.Run("ErrAliasedKnownAt", func(t *testing.T) {
		q := aliased(40, `compare(knownAt: "2026-01-01T00:00:00Z") { state { code } }`)
		if got := operationCostOf(t, costs, q, nil); got < expensive {
			t.Errorf("40 aliased compare(knownAt:) cost %d, want at least the expensive cost %d", got, expensive)
		}
		now := aliased(40, `compare { state { code } }`)
		if past, present := operationCostOf(t, costs, q, nil), operationCostOf(t, costs, now, nil); past <= present {
			t.Errorf("compare(knownAt:) costs %d, compare %d: want the past to cost more", past, present)
		}
	})
	t.Run("ErrAliasedIntrospection", func(t *testing.T) {
		q := aliased(50, `__schema { types { name fields { name } } }`)
		if got := operationCostOf(t, costs, q, nil); got <= limits.MaxComplexity {
			t.Errorf("50 aliased __schema cost %d, want over the limit %d", got, limits.MaxComplexity)
		}
		q = aliased(200, `__type(name: "State") { name fields { name } }`)
		if got := operationCostOf(t, costs, q, nil); got < expensive {
			t.Errorf("200 aliased __type cost %d, want at least the expensive cost %d", got, expensive)
		}
	})
	t.Run("OKOneIntrospection", func(t *testing.T) {
		q := `{ __schema { queryType { name } types { kind name description fields(includeDeprecated: true) { name description args { name type { kind name ofType { kind name } } } type { kind name ofType { kind name ofType { kind name } } } } inputFields { name type { kind name } } enumValues { name } } directives { name args { name } } } }`
		if got := operationCostOf(t, costs, q, nil); got >= expensive {
			t.Errorf("one introspection costs %d, want it cheap (under %d)", got, expensive)
		}
	})
	t.Run("OKDashboardKnownAt", func(t *testing.T) {
		var cat struct{ Instruments []struct{ ID string } }
		servertest.MustData(t, servertest.Post(t, servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), limits)), `{ instruments(binding: true) { id } }`, nil), &cat)
		var per strings.Builder
		for i, in := range cat.Instruments {
			fmt.Fprintf(&per, "    i%d: records(asOf: $asOf, instrument: %q, knownAt: $knownAt) %s\n", i, in.ID, recordFields)
		}
		for name, q := range map[string]string{
			"heatmap of every record": `query($asOf: Date, $knownAt: Time) { instruments { id shortTitle binding obligations { ` + obligationFields + ` } }
  states { code name records(asOf: $asOf, knownAt: $knownAt) ` + recordFields + ` } }`,
			"heatmap of the binding instruments": `query($asOf: Date, $knownAt: Time) { instruments(binding: true) { id shortTitle binding obligations { ` + obligationFields + ` } }
  states { code name
` + per.String() + ` } }`,
		} {
			vars := map[string]any{"asOf": "2025-01-01", "knownAt": "2026-01-01T00:00:00Z"}
			if got := operationCostOf(t, costs, q, vars); got > limits.MaxComplexity {
				t.Errorf("the dashboard's %s with knownAt costs %d, want it within the limit %d", name, got, limits.MaxComplexity)
			} else {
				t.Logf("the dashboard's %s with knownAt costs %d", name, got)
			}
		}
	})
}
