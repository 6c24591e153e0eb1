package direct

import (
	"bytes"
	"context"
	"io"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Direct root fields in gqlgen's execution.
//
// A query is executed by gqlgen as any other: its root fields collected
// (fragments spread, @include and @skip applied, fields of one response
// key merged), resolved and written in the order selected, under their
// aliases, with the errors and extensions of the whole operation. Only the
// value of each root field direct can plan (planField) is made otherwise:
// the root field middleware answers it with the JSON the direct writer
// wrote (rawJSON), which gqlgen's response embeds where the field's value
// goes, in place of resolving and marshalling the records field by field.
// So the CLI's gaps document (the state, compare and the gap list) and the
// dashboard's state profile get the direct gap list beside gqlgen's other
// fields, and the bytes are those of gqlgen alone. A root field direct
// cannot answer (an unknown state, a node not found, a timeout) is
// resolved by gqlgen, which writes its error with its path.
//
// An answer may be kept (answers.go) only when direct answered every root
// field but __typename, none as of a past moment, and nothing failed:
// what gqlgen resolves may depend on more than the request and the
// store's version (today's date read when it runs, for one).

// Exec runs the operation in ctx.
func (d directSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	op := oc.Operation
	if op == nil || op.Operation != ast.Query || len(op.Directives) > 0 {
		return d.ExecutableSchema.Exec(ctx)
	}
	plans, keep := planOperation(oc)
	if len(plans) == 0 {
		return d.ExecutableSchema.Exec(ctx)
	}
	s := &splice{schema: d, plans: plans, keep: keep}
	outer := oc.RootResolverMiddleware
	oc.RootResolverMiddleware = func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		return outer(ctx, func(ctx context.Context) graphql.Marshaler {
			if m, ok := s.answer(ctx); ok {
				return m
			}
			return next(ctx)
		})
	}
	respond := d.ExecutableSchema.Exec(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := respond(ctx)
		if resp != nil && len(resp.Errors) == 0 && s.keep && !s.missed.Load() {
			markCacheable(ctx) // answers.go
		}
		return resp
	}
}

// planOperation plans the root fields of the operation in oc direct can
// answer, by response key, and reports whether its answer may be kept:
// every root field but __typename planned, none as of a past moment.
func planOperation(oc *graphql.OperationContext) (plans map[string]*directPlan, keep bool) {
	plans, keep = map[string]*directPlan{}, true
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		if f.Name == "__typename" {
			continue
		}
		p, ok := planField(oc, f)
		if !ok {
			keep = false
			continue
		}
		plans[f.Alias] = p
		keep = keep && p.args.knownAt == nil
	}
	return plans, keep
}

// splice is one operation whose planned root fields direct answers.
type splice struct {
	schema directSchema
	plans  map[string]*directPlan // by response key
	keep   bool                   // the answer may be kept if all goes well
	missed atomic.Bool            // a planned field was left to gqlgen
}

// answer writes the value of the root field in ctx, if it was planned and
// direct could answer it. A panic leaves the field to gqlgen too: root
// fields run on goroutines of their own, outside the request's recover.
func (s *splice) answer(ctx context.Context) (m graphql.Marshaler, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s.missed.Store(true)
			m, ok = nil, false
		}
	}()
	rf := graphql.GetRootFieldContext(ctx)
	if rf == nil {
		return nil, false
	}
	p := s.plans[rf.Field.Alias]
	if p == nil {
		return nil, false
	}
	if !s.keep {
		// An answer not kept is made on the day the rest of the operation
		// reads, not the day of a key (keyedToday).
		ctx = context.WithValue(ctx, cacheableKey{}, (*cacheable)(nil))
	}
	data, ok := s.schema.run(ctx, p)
	if !ok {
		s.missed.Store(true)
		return nil, false
	}
	return data, true
}

// rawJSON is a value written as it is: buf[at:], with room before it.
type rawJSON struct {
	buf []byte
	at  int
}

// rawHeadroom is the room run leaves before the JSON it writes: enough for
// the start of the response ({"data":{"alias":) that gqlgen writes before
// a first root field's value.
const rawHeadroom = 256

// bytes returns the JSON.
func (r rawJSON) bytes() []byte { return r.buf[r.at:] }

// MarshalGQL writes the JSON. Into gqlgen's response buffer holding no
// more than the room left before the JSON, the buffer becomes the JSON's
// own, with what it held copied into that room: a gap list of a megabyte
// is then not copied again. Else into a buffer it first makes room for the
// rest of the response: a large answer written into a buffer grown to fit
// it exactly would be copied again, into one twice its size, by the
// response's closing brace.
func (r rawJSON) MarshalGQL(w io.Writer) {
	data := r.bytes()
	b, ok := w.(*bytes.Buffer)
	if !ok {
		w.Write(data)
		return
	}
	if held := b.Bytes(); len(held) <= r.at {
		start := r.at - len(held)
		copy(r.buf[start:], held)
		*b = *bytes.NewBuffer(r.buf[start:])
		return
	}
	b.Grow(len(data) + 512)
	b.Write(data)
}
