// Package direct is the fast path of lean gap lists: it writes the JSON of
// a ratifiedButNotImplemented that asks only plain values straight from the
// engine's records (direct.go), keeps the answers of repeated ones
// (answers.go), and serves POST with a leaner response writer than gqlgen's
// (post.go), all byte for byte what gqlgen writes. server.Config.NoDirectLists
// turns it off.
package direct

import (
	"context"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// Direct execution of the gap list.
//
// ratifiedButNotImplemented answers with a record per gap: thousands for a
// state bound by many instruments. Executed field by field, gqlgen spends a
// goroutine, a field context and an interface value on every record and
// every nested object, several times what the engine spends deciding them.
// When an operation is that one field and asks only for plain values of the
// records, their obligations and their instruments (the fields of the
// tables below: no resolver, no loader, no fragment, no directive),
// directSchema writes its JSON straight from the engine's records, with the
// same marshalling of every value, so that the bytes are those gqlgen
// writes (server/direct_test.go checks every field of the tables against it).
// Any other operation, and any that fails (an unknown state, a timeout), is
// executed by gqlgen, which also writes the error.

// NewSchema returns es with the operations direct can plan answered
// directly, from eng over store.
func NewSchema(es graphql.ExecutableSchema, store graph.Store, eng engine.Compliance) graphql.ExecutableSchema {
	return directSchema{ExecutableSchema: es, store: store, engine: eng}
}

// directSchema answers the operations it can plan directly, and hands the
// rest to the generated schema.
type directSchema struct {
	graphql.ExecutableSchema
	store  graph.Store
	engine engine.Compliance
}

// Exec runs the operation in ctx.
func (d directSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	p, ok := planDirect(oc)
	if !ok {
		return d.ExecutableSchema.Exec(ctx)
	}
	data, ok := d.run(ctx, p)
	if !ok {
		return d.ExecutableSchema.Exec(ctx)
	}
	if p.args.knownAt == nil {
		markCacheable(ctx) // answers.go
	}
	done := false
	return func(ctx context.Context) *graphql.Response {
		if done {
			return nil
		}
		done = true
		return &graphql.Response{Data: data}
	}
}

// directPlan is an operation planned for direct execution.
type directPlan struct {
	alias      string // the root field's response key
	args       gapArgs
	record     []directField[*graph.ComplianceRecord]
	obligation []directField[*graph.Obligation]
	instrument []directField[*graph.Instrument]
	// order is the record's response keys in selection order; nested
	// objects are written where they were selected.
	order []recordKey
}

// recordKey is one selected key of a record: a value, or a nested object.
type recordKey struct {
	field  int // index into record, or -1
	nested string
	alias  string
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

// directField writes one selected field of a T.
type directField[T any] struct {
	alias string
	write func(b []byte, v T) []byte
}

// planDirect plans an operation for direct execution: a query with one
// root field, ratifiedButNotImplemented, whose selections are all in the
// tables.
func planDirect(oc *graphql.OperationContext) (*directPlan, bool) {
	op := oc.Operation
	if op == nil || op.Operation != ast.Query || len(op.Directives) > 0 || len(op.SelectionSet) != 1 {
		return nil, false
	}
	root, ok := op.SelectionSet[0].(*ast.Field)
	if !ok || root.Name != "ratifiedButNotImplemented" || len(root.Directives) > 0 || root.Definition == nil {
		return nil, false
	}
	args, ok := gapArgsOf(root.ArgumentMap(oc.Variables))
	if !ok {
		return nil, false
	}
	p := &directPlan{alias: root.Alias, args: args}
	for _, sel := range root.SelectionSet {
		f, ok := plainField(sel)
		if !ok {
			return nil, false
		}
		switch f.Name {
		case "obligation":
			fields, ok := planFields(f.SelectionSet, obligationFields, "Obligation")
			if !ok || len(fields) == 0 {
				return nil, false
			}
			p.obligation = fields
			p.order = append(p.order, recordKey{field: -1, nested: "obligation", alias: f.Alias})
		case "instrument":
			fields, ok := planFields(f.SelectionSet, instrumentFields, "Instrument")
			if !ok || len(fields) == 0 {
				return nil, false
			}
			p.instrument = fields
			p.order = append(p.order, recordKey{field: -1, nested: "instrument", alias: f.Alias})
		default:
			if len(f.SelectionSet) > 0 {
				return nil, false
			}
			w, ok := fieldWriter(f.Name, recordFields, "ComplianceRecord")
			if !ok {
				return nil, false
			}
			p.order = append(p.order, recordKey{field: len(p.record), alias: f.Alias})
			p.record = append(p.record, directField[*graph.ComplianceRecord]{alias: f.Alias, write: w})
		}
	}
	// A response key selected twice (merged by GraphQL's field collection)
	// or a nested object selected under two keys is left to gqlgen.
	keys, nested := map[string]bool{}, map[string]bool{}
	for _, k := range p.order {
		if keys[k.alias] || (k.nested != "" && nested[k.nested]) {
			return nil, false
		}
		keys[k.alias], nested[k.nested] = true, k.nested != ""
	}
	return p, len(p.order) > 0
}

// plainField returns sel as a field without directives or arguments.
func plainField(sel ast.Selection) (*ast.Field, bool) {
	f, ok := sel.(*ast.Field)
	if !ok || len(f.Directives) > 0 || len(f.Arguments) > 0 {
		return nil, false
	}
	return f, true
}

// planFields plans the selections of a nested object of type typename.
func planFields[T any](set ast.SelectionSet, table map[string]func([]byte, T) []byte, typename string) ([]directField[T], bool) {
	var out []directField[T]
	keys := map[string]bool{}
	for _, sel := range set {
		f, ok := plainField(sel)
		if !ok || len(f.SelectionSet) > 0 || keys[f.Alias] {
			return nil, false
		}
		keys[f.Alias] = true
		w, ok := fieldWriter(f.Name, table, typename)
		if !ok {
			return nil, false
		}
		out = append(out, directField[T]{alias: f.Alias, write: w})
	}
	return out, true
}

// fieldWriter returns the writer of a field of the table, __typename
// included.
func fieldWriter[T any](name string, table map[string]func([]byte, T) []byte, typename string) (func([]byte, T) []byte, bool) {
	if name == "__typename" {
		return func(b []byte, _ T) []byte { return appendQuoted(b, typename) }, true
	}
	w, ok := table[name]
	return w, ok
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
	a.basis = graph.BasisLaw
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

// run answers the plan, or reports false to leave it to gqlgen.
func (d directSchema) run(ctx context.Context, p *directPlan) ([]byte, bool) {
	if ctx.Err() != nil {
		return nil, false
	}
	e, err := engine.At(ctx, d.store, d.engine, p.args.knownAt)
	if err != nil {
		return nil, false
	}
	recs, err := e.GapList(ctx, graph.GapQuery{State: p.args.state, AsOf: p.args.asOf, Basis: p.args.basis, InstrumentID: p.args.instrument, Include: p.args.include, Modalities: p.args.modalities})
	if err != nil || ctx.Err() != nil {
		return nil, false
	}
	b := make([]byte, 0, 64+len(recs)*(32+24*len(p.record)+64*(len(p.obligation)+len(p.instrument))))
	b = append(b, '{')
	b = appendQuoted(b, p.alias)
	b = append(b, ":["...)
	var lastIn *graph.Instrument
	var inJSON []byte
	for i, r := range recs {
		ob, in := r.Obligation(), r.Instrument()
		if (p.obligation != nil && ob == nil) || (p.instrument != nil && in == nil) {
			return nil, false // not the engine's record: gqlgen says why
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for k, key := range p.order {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendQuoted(b, key.alias)
			b = append(b, ':')
			switch key.nested {
			case "obligation":
				b = appendObject(b, p.obligation, ob)
			case "instrument":
				// Records come grouped by instrument: its object is
				// written once and copied.
				if in != lastIn {
					lastIn, inJSON = in, appendObject(inJSON[:0], p.instrument, in)
				}
				b = append(b, inJSON...)
			default:
				b = p.record[key.field].write(b, r)
			}
		}
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	return b, true
}

func appendObject[T any](b []byte, fields []directField[T], v T) []byte {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, f.alias)
		b = append(b, ':')
		b = f.write(b, v)
	}
	return append(b, '}')
}

// The tables: each field a plain value, written as gqlgen writes it.

var recordFields = map[string]func([]byte, *graph.ComplianceRecord) []byte{
	"asOf":             func(b []byte, r *graph.ComplianceRecord) []byte { return appendDate(b, r.AsOf) },
	"standing":         func(b []byte, r *graph.ComplianceRecord) []byte { return appendEnum(b, r.Standing) },
	"bound":            func(b []byte, r *graph.ComplianceRecord) []byte { return appendBoolPtr(b, r.BoundValue()) },
	"boundSince":       func(b []byte, r *graph.ComplianceRecord) []byte { return appendDate(b, r.BoundSince) },
	"boundNoLaterThan": func(b []byte, r *graph.ComplianceRecord) []byte { return appendDate(b, r.BoundNoLaterThan) },
	"committed":        func(b []byte, r *graph.ComplianceRecord) []byte { return appendBool(b, r.Committed) },
	"nature":           func(b []byte, r *graph.ComplianceRecord) []byte { return appendEnum(b, r.Nature) },
	"legal":            func(b []byte, r *graph.ComplianceRecord) []byte { return appendEnum(b, r.Legal) },
	"practice":         func(b []byte, r *graph.ComplianceRecord) []byte { return appendEnum(b, r.Practice()) },
	"practiceThematic": func(b []byte, r *graph.ComplianceRecord) []byte { return appendBool(b, r.PracticeThematic()) },
}

var obligationFields = map[string]func([]byte, *graph.Obligation) []byte{
	"id":         func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.ID) },
	"summary":    func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.Summary) },
	"modality":   func(b []byte, o *graph.Obligation) []byte { return appendEnum(b, o.Modality) },
	"nature":     func(b []byte, o *graph.Obligation) []byte { return appendEnum(b, o.Nature) },
	"unverified": func(b []byte, o *graph.Obligation) []byte { return appendBool(b, o.Unverified) },
	"note":       func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.Note) },
}

var instrumentFields = map[string]func([]byte, *graph.Instrument) []byte{
	"id":         func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.ID) },
	"title":      func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Title) },
	"shortTitle": func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.ShortTitle) },
	"kind":       func(b []byte, in *graph.Instrument) []byte { return appendEnum(b, in.Kind) },
	"binding":    func(b []byte, in *graph.Instrument) []byte { return appendBool(b, in.Binding) },
	"adopted":    func(b []byte, in *graph.Instrument) []byte { return appendDate(b, in.Adopted) },
	"place":      func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Place) },
	"summary":    func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Summary) },
	"unverified": func(b []byte, in *graph.Instrument) []byte { return appendBool(b, in.Unverified) },
	"note":       func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Note) },
}

func appendBool(b []byte, v bool) []byte { return strconv.AppendBool(b, v) }

func appendBoolPtr(b []byte, v *bool) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendBool(b, *v)
}

// appendEnum writes an enum value as graph's MarshalGQL does.
func appendEnum[T ~string](b []byte, v T) []byte { return strconv.AppendQuote(b, string(v)) }

// appendDate writes a date as graph.Date's MarshalGQL does.
func appendDate(b []byte, d graph.Date) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	return strconv.AppendQuote(b, d.String())
}

// appendQuoted writes s as a JSON string, escaping as gqlgen's string
// marshaller does (control characters, backslash and quote).
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
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
