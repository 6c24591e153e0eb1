package direct

import (
	"bytes"
	"maps"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/resolvers"
)

// TestPlanDirect: which root fields the direct path takes, and which
// answers it lets be kept. The HTTP tests (direct_test.go) hold its answers
// to gqlgen's; this one makes sure they compared direct answers at all.
func TestPlanDirect(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	const gaps = `ratifiedButNotImplemented`
	for _, c := range []struct {
		q    string
		want []string // the planned response keys
		keep bool
	}{
		{`query Gaps($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal } }`, []string{gaps}, true},
		{`{ g: ratifiedButNotImplemented(state: "IDN") { __typename bound boundSince o: obligation { nature } } }`, []string{"g"}, true},
		{`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { legal } }`, []string{gaps}, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal legal } }`, nil, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal reasons } }`, []string{gaps}, true},
		{`{ ratifiedButNotImplemented(state: "IDN") { ... on ComplianceRecord { legal } } }`, nil, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { obligation { provision { id } } } }`, []string{gaps}, true},
		{`{ ratifiedButNotImplemented(state: "IDN") { boundBy { id } laws { id } reasons } }`, []string{gaps}, true},
		{`{ ratifiedButNotImplemented(state: "IDN") { laws { sources { citation } } } }`, nil, false},
		{`{ ratifiedButNotImplemented(state: "IDN") { outcome(basis: EITHER) } }`, nil, false},
		{`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { laws { id } } }`, nil, false},
		{`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { obligation { id } reasons } }`, []string{gaps}, false},
		{`{ compare { bound } }`, nil, false},
		// Several root fields: each planned on its own; kept only when
		// direct answers them all.
		{`{ __typename a: ratifiedButNotImplemented(state: "IDN") { legal } b: ratifiedButNotImplemented(state: "MYS", basis: EITHER) { practice } }`, []string{"a", "b"}, true},
		{`{ state(code: "IDN") { code } ratifiedButNotImplemented(state: "IDN") { legal } compare(states: ["IDN"]) { bound } }`, []string{gaps}, false},
		{`{ a: ratifiedButNotImplemented(state: "IDN") { legal } b: ratifiedButNotImplemented(state: "IDN") { laws { sources { citation } } } }`, []string{"a"}, false},
		// Fragments and @include/@skip at the root, as gqlgen collects them.
		{`{ ...Q } fragment Q on Query { ratifiedButNotImplemented(state: "IDN") { legal } }`, []string{gaps}, true},
		{`{ a: ratifiedButNotImplemented(state: "IDN") @skip(if: true) { legal } b: ratifiedButNotImplemented(state: "IDN") @include(if: true) { legal } }`, []string{"b"}, true},
		{`{ ratifiedButNotImplemented(state: "IDN") { legal } ratifiedButNotImplemented(state: "IDN") { practice } }`, []string{gaps}, true},
	} {
		doc, errs := gqlparser.LoadQueryWithRules(schema, c.q, nil)
		if errs != nil {
			t.Fatalf("%s: %v", c.q, errs)
		}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0],
			Variables: map[string]any{"state": "IDN", "asOf": "2020-01-01"}}
		var got []string
		keep := false
		if doc.Operations[0].Operation == "query" {
			var plans map[string]*directPlan
			plans, keep = planOperation(oc)
			got = slices.Sorted(maps.Keys(plans))
		}
		if !slices.Equal(got, c.want) || (len(got) > 0 && keep != c.keep) {
			t.Errorf("%s: planned %v (kept %v), want %v (kept %v)", c.q, got, keep, c.want, c.keep)
		}
	}
}

// TestAppendQuotedIsGqlgens: the direct path quotes strings byte for byte
// as gqlgen's String marshaller does.
func TestAppendQuotedIsGqlgens(t *testing.T) {
	cases := []string{"", "plain", `a "quoted" \ back`, "tab\tcr\rnl\n", "\x00\x01\x1f\x7f", "Lao: ສປປ ລາວ", "bad \xff\xfe utf-8", "<&> \u2028\u2029"}
	// Every byte at every place of a string longer than four of the eight
	// bytes appendQuoted looks at together, among bytes either side of
	// each it escapes; and two bytes to escape at any two places.
	for c := range 256 {
		for at := range 37 {
			for _, fill := range []byte{'a', 0x1f, 0x20, 0x21, '"' + 1, '\\' - 1, 0x7f, 0x80, 0xff} {
				b := bytes.Repeat([]byte{fill}, 37)
				b[at] = byte(c)
				cases = append(cases, string(b))
			}
		}
	}
	for _, c := range []byte{'"', '\n', 0x01, '\\'} {
		for at := range 37 {
			for at2 := range 37 {
				b := bytes.Repeat([]byte{'a'}, 37)
				b[at], b[at2] = c, '"'
				cases = append(cases, string(b))
			}
		}
	}
	for _, s := range cases {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if got := string(appendQuoted(nil, s)); got != want.String() {
			t.Errorf("appendQuoted(%q) = %s, want %s", s, got, want.String())
		}
	}
}
