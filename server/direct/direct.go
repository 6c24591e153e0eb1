// Package direct is the fast path of gap lists: it writes the JSON of a
// ratifiedButNotImplemented straight from the engine's records, lean or
// rich (reasons, warnings, the laws, reviews, evidence and consents a
// record names: direct.go, objects.go), keeps the answers of repeated ones
// (answers.go), and serves POST with a leaner response writer than gqlgen's
// (post.go), all byte for byte what gqlgen writes. server.Config.NoDirectLists
// turns it off.
package direct

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// Direct execution of the gap list.
//
// ratifiedButNotImplemented answers with a record per gap: thousands for a
// state bound by many instruments. Executed field by field, gqlgen spends a
// goroutine, a field context and an interface value on every record and
// every nested object, several times what the engine spends deciding them.
// When a root field of a query is that field and asks only for fields of
// the tables of objects.go (plain values of the records and of the nodes
// they name, the nodes by the ids the records hold; no fragment, no
// directive, no argument), directSchema writes its JSON straight from the
// engine's records, with the same marshalling of every value, so that the
// bytes are those gqlgen writes (direct_test.go checks every field of the
// tables against it), and gqlgen's execution of the operation embeds it
// (splice.go).
// Any other field, and any that fails (an unknown state, a timeout), is
// executed by gqlgen, which also writes the error.

// NewSchema returns es with the root fields direct can plan answered
// directly, from eng over store.
func NewSchema(es graphql.ExecutableSchema, store graph.Store, eng engine.Compliance) graphql.ExecutableSchema {
	return directSchema{ExecutableSchema: es, store: store, engine: eng}
}

// directSchema answers the root fields it can plan directly, and hands the
// rest to the generated schema.
type directSchema struct {
	graphql.ExecutableSchema
	store  graph.Store
	engine engine.Compliance
}

// directPlan is a root field planned for direct execution.
type directPlan struct {
	args   gapArgs
	record *objectPlan // the selection of each ComplianceRecord
}

// gapArgs are ratifiedButNotImplemented's arguments.
type gapArgs struct {
	state      string
	asOf       graph.Date
	basis      graph.Basis
	instrument string
	include    []graph.LegalStatus
	modalities []graph.Modality
	knownAt    *graph.Moment
}

// planField plans a root field for direct execution:
// ratifiedButNotImplemented whose selections are all in the tables
// (objects.go). f is the field as gqlgen collected it (its @include and
// @skip applied, the selections of the fields it merges together).
func planField(oc *graphql.OperationContext, f graphql.CollectedField) (*directPlan, bool) {
	if f.Name != "ratifiedButNotImplemented" || f.Definition == nil {
		return nil, false
	}
	args, ok := gapArgsOf(f.ArgumentMap(oc.Variables))
	if !ok {
		return nil, false
	}
	record, ok := planObject(f.Selections, "ComplianceRecord")
	if !ok {
		return nil, false
	}
	// An answer as of a past moment reads its nodes at that moment, which
	// the resolvers do otherwise: only what the records hold is written.
	if args.knownAt != nil && record.reads() {
		return nil, false
	}
	return &directPlan{args: args, record: record}, true
}

// gapArgsOf reads the root field's arguments, as coerced by the validator;
// anything unexpected is left to gqlgen, which reports it.
func gapArgsOf(m map[string]any) (gapArgs, bool) {
	var a gapArgs
	var ok bool
	if a.state, ok = m["state"].(string); !ok {
		return a, false
	}
	a.state = engine.NormalizeCode(a.state)
	if v, set := m["asOf"]; set && v != nil {
		if err := a.asOf.UnmarshalGQL(v); err != nil {
			return a, false
		}
	}
	// No basis (null) is the engine's default (GapQuery.check).
	if v, set := m["basis"]; set && v != nil {
		if err := a.basis.UnmarshalGQL(v); err != nil {
			return a, false
		}
	}
	if v, set := m["instrument"]; set && v != nil {
		if a.instrument, ok = v.(string); !ok {
			return a, false
		}
	}
	if v, set := m["include"]; set && v != nil {
		for _, x := range graphql.CoerceList(v) {
			var s graph.LegalStatus
			if err := s.UnmarshalGQL(x); err != nil {
				return a, false
			}
			a.include = append(a.include, s)
		}
	}
	if v, set := m["modalities"]; set && v != nil {
		for _, x := range graphql.CoerceList(v) {
			var md graph.Modality
			if err := md.UnmarshalGQL(x); err != nil {
				return a, false
			}
			a.modalities = append(a.modalities, md)
		}
	}
	if v, set := m["knownAt"]; set && v != nil {
		var t graph.Moment
		if err := t.UnmarshalGQL(v); err != nil {
			return a, false
		}
		a.knownAt = &t
	}
	return a, true
}

// run writes the plan's list of records, or reports false to leave the
// field to gqlgen.
func (d directSchema) run(ctx context.Context, p *directPlan) (rawJSON, bool) {
	if ctx.Err() != nil {
		return rawJSON{}, false
	}
	e, err := engine.At(ctx, d.store, d.engine, p.args.knownAt)
	if err != nil {
		return rawJSON{}, false
	}
	asOf := p.args.asOf
	if t, ok := keyedToday(ctx); ok && asOf.IsZero() && p.args.knownAt == nil {
		asOf = t // the day the answer is kept under (answers.go)
	}
	// The records are written here and not kept: they are made in an arena
	// that the next answer reuses.
	arena, _ := arenas.Get().(*graph.RecordArena)
	if arena == nil {
		arena = new(graph.RecordArena)
	}
	defer func() {
		arena.Reset()
		arenas.Put(arena)
	}()
	recs, err := e.GapListIn(ctx, graph.GapQuery{State: p.args.state, AsOf: asOf, Basis: p.args.basis, InstrumentID: p.args.instrument, Include: p.args.include, Modalities: p.args.modalities}, arena)
	if err != nil || ctx.Err() != nil {
		return rawJSON{}, false
	}
	x := &execution{ctx: ctx, store: d.store, nodes: map[string]graph.Node{}}
	values := make([]any, len(recs))
	for i, r := range recs {
		if r.Obligation() == nil {
			return rawJSON{}, false // not the engine's record: gqlgen says why
		}
		values[i] = r
	}
	if len(recs) > 0 {
		// The nodes the records name are read through the engine's
		// reader, kept for the store's version.
		x.store = recs[0].Reader()
	}
	if !x.read(p.record, values) {
		return rawJSON{}, false
	}
	b := borrow(ctx, rawHeadroom+64+len(recs)*p.record.estimate())[:rawHeadroom]
	b = append(b, '[')
	ok := true
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = x.write(b, p.record, v); !ok {
			return rawJSON{}, false
		}
	}
	b = append(b, ']')
	if cap(b)-len(b) < 64 {
		b = slices.Grow(b, 64) // room for the response's closing braces (rawJSON)
	}
	lend(ctx, b)
	return rawJSON{buf: b, at: rawHeadroom}, ctx.Err() == nil
}

// arenas holds the record arenas of answers being written (run).
var arenas sync.Pool

func appendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

func appendBoolPtr(b []byte, v *bool) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendBool(b, *v)
}

// appendEnum writes an enum value as graph's MarshalGQL does (strconv's
// quoting, which leaves a value of capitals, digits and underscores as it
// is).
func appendEnum[T ~string](b []byte, v T) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_' {
			return strconv.AppendQuote(b, string(v))
		}
	}
	return append(append(append(b, '"'), v...), '"')
}

// appendDate writes a date as graph.Date's MarshalGQL does.
func appendDate(b []byte, d graph.Date) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	return append(d.Append(append(b, '"')), '"') // digits and hyphens: nothing to escape
}

// appendQuoted writes s as a JSON string, escaping as gqlgen's string
// marshaller does (control characters, backslash and quote).
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	start := 0
	// Eight bytes at a time up to the first that may need escaping: a
	// control character, a quote or a backslash (the test may also stop
	// at a byte after such a byte; the loop below looks at each).
	i := 0
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if (x-ones*0x20)&^x&highs != 0 || (q-ones)&^q&highs != 0 || (bs-ones)&^bs&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if !mustEscape[c] {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '\t':
			b = append(b, `\t`...)
		case '\r':
			b = append(b, `\r`...)
		case '\n':
			b = append(b, `\n`...)
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// mustEscape marks the bytes appendQuoted escapes.
var mustEscape = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['\\'], t['"'] = true, true
	return t
}()
