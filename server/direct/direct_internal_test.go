package direct

import (
	"bytes"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/resolvers"
)

// TestPlanDirect: which operations the direct path takes. The HTTP tests
// (direct_test.go) hold its answers to gqlgen's; this one makes sure they
// compared direct answers at all.
func TestPlanDirect(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	for q, want := range map[string]bool{
		`query Gaps($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal } }`: true,
		`{ g: ratifiedButNotImplemented(state: "IDN") { __typename bound boundSince o: obligation { nature } } }`:                                                                                           true,
		`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { legal } }`:                                                                                                            true,
		`{ ratifiedButNotImplemented(state: "IDN") { legal legal } }`:                                                                                                                                       false,
		`{ ratifiedButNotImplemented(state: "IDN") { legal reasons } }`:                                                                                                                                     true,
		`{ ratifiedButNotImplemented(state: "IDN") { ... on ComplianceRecord { legal } } }`:                                                                                                                 false,
		`{ ratifiedButNotImplemented(state: "IDN") { obligation { provision { id } } } }`:                                                                                                                   true,
		`{ ratifiedButNotImplemented(state: "IDN") { boundBy { id } laws { id } reasons } }`:                                                                                                                true,
		`{ ratifiedButNotImplemented(state: "IDN") { laws { sources { citation } } } }`:                                                                                                                     false,
		`{ ratifiedButNotImplemented(state: "IDN") { outcome(basis: EITHER) } }`:                                                                                                                            false,
		`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { laws { id } } }`:                                                                                                      false,
		`{ ratifiedButNotImplemented(state: "IDN", knownAt: "2026-01-01T00:00:00Z") { obligation { id } reasons } }`:                                                                                        true,
		`{ compare { bound } }`: false,
	} {
		doc, errs := gqlparser.LoadQueryWithRules(schema, q, nil)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0],
			Variables: map[string]any{"state": "IDN", "asOf": "2020-01-01"}}
		if _, got := planDirect(oc); got != want {
			t.Errorf("planDirect(%s) = %v, want %v", q, got, want)
		}
	}
}

// TestAppendQuotedIsGqlgens: the direct path quotes strings byte for byte
// as gqlgen's String marshaller does.
func TestAppendQuotedIsGqlgens(t *testing.T) {
	cases := []string{"", "plain", `a "quoted" \ back`, "tab\tcr\rnl\n", "\x00\x01\x1f\x7f", "Lao: ສປປ ລາວ", "bad \xff\xfe utf-8", "<&> \u2028\u2029"}
	// Every byte at every place of a string longer than the eight bytes
	// appendQuoted looks at together, among bytes either side of each
	// it escapes.
	for c := range 256 {
		for at := range 19 {
			for _, fill := range []byte{'a', 0x1f, 0x20, 0x21, '"' + 1, '\\' - 1, 0x7f, 0x80, 0xff} {
				b := bytes.Repeat([]byte{fill}, 19)
				b[at] = byte(c)
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
