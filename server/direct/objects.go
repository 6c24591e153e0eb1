package direct

import (
	"context"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pactwatch/pactwatch/graph"
)

// The objects of a gap list, planned and written.
//
// A selection is planned over two tables per GraphQL type: its plain
// fields (values a record or node holds, written as gqlgen marshals them)
// and its nested objects (nodes a field resolver would load by the ids the
// parent holds, as server/resolvers does). Every nested level is read in
// one store call for the whole list before anything is written, and a node
// a single-object field names but the store does not hold (gqlgen would
// answer with an error) leaves the whole operation to gqlgen. A field of
// neither table (a resolver with arguments, a connection, sources...),
// a fragment or a directive leaves it to gqlgen too.

// objectPlan is the planned selection of one object: its response keys in
// selection order.
type objectPlan struct {
	keys     []objectKey
	typename string
}

// objectKey is one response key: a plain value, or a nested object (list).
type objectKey struct {
	alias string
	name  string // the field's name
	value valueWriter
	ref   *refField
	sub   *objectPlan
	json  []byte // the alias quoted, and a colon: what write writes first
	ids   bool   // fromIDs, decided when planned
}

// keyed returns k with its JSON and fromIDs decided.
func keyed(k objectKey) objectKey {
	k.json = append(appendQuoted(nil, k.alias), ':')
	k.ids = k.ref != nil && k.ref.known && k.sub.idOnly()
	return k
}

// appendKey writes the key's alias as a JSON object key, with its colon.
func (k *objectKey) appendKey(b []byte) []byte {
	if k.json == nil {
		return append(appendQuoted(b, k.alias), ':')
	}
	return append(b, k.json...)
}

// valueWriter appends a plain field of v; false leaves the operation to
// gqlgen (the value cannot be written as gqlgen would, e.g. an error).
type valueWriter func(x *execution, b []byte, v any) ([]byte, bool)

// refField is a field whose value is a node or a list of nodes.
type refField struct {
	typ  string // the GraphQL type of the node(s)
	many bool
	// nullable is true for a single object the schema lets be null.
	nullable bool
	// held returns the node the parent already holds (a record's
	// obligation and instrument); ids the ids of the nodes to read.
	held func(parent any) graph.Node
	ids  func(parent any) []string
	// id is, for a single object, the id ids gives, or "" for none,
	// without making a list.
	id func(parent any) string
	// appendIDs, when set, appends the ids ids gives to a slice.
	appendIDs func(parent any, dst []string) []string
	// is reports whether a node is of typ.
	is func(graph.Node) bool
	// known is true when every id the parent gives names a node of typ
	// that the engine's facts hold (a record's ids come from its state's
	// facts, of the same version): a selection of only the node's id
	// (idOnly) is then written from the ids, without reading the nodes.
	known bool
}

// planObject plans the selections of an object of GraphQL type typename.
func planObject(set ast.SelectionSet, typename string) (*objectPlan, bool) {
	p := &objectPlan{}
	keys := map[string]bool{}
	for _, sel := range set {
		f, ok := plainField(sel)
		if !ok || keys[f.Alias] {
			return nil, false
		}
		keys[f.Alias] = true
		if len(f.SelectionSet) > 0 {
			ref, ok := refTables[typename][f.Name]
			if !ok {
				return nil, false
			}
			sub, ok := planObject(f.SelectionSet, ref.typ)
			if !ok {
				return nil, false
			}
			p.keys = append(p.keys, keyed(objectKey{alias: f.Alias, name: f.Name, ref: ref, sub: sub}))
			continue
		}
		if f.Name == "__typename" {
			name := typename
			p.keys = append(p.keys, keyed(objectKey{alias: f.Alias, name: f.Name, value: func(_ *execution, b []byte, _ any) ([]byte, bool) {
				return appendQuoted(b, name), true
			}}))
			continue
		}
		w, ok := valueTables[typename][f.Name]
		if !ok {
			return nil, false
		}
		p.keys = append(p.keys, keyed(objectKey{alias: f.Alias, name: f.Name, value: w}))
	}
	p.typename = typename
	return p, len(p.keys) > 0
}

// idOnly reports whether the plan selects nothing but the object's id
// (and __typename), which a known reference writes from its ids.
func (p *objectPlan) idOnly() bool {
	for _, k := range p.keys {
		if k.ref != nil || (k.name != "id" && k.name != "__typename") {
			return false
		}
	}
	return true
}

// fromIDs reports whether the key's objects are written from the ids
// alone (see refField.known).
func (k objectKey) fromIDs() bool { return k.ids }

// writeID appends the object of a node known by its id, as the plan (id
// only) selects it.
func writeID(b []byte, p *objectPlan, id string) []byte {
	b = append(b, '{')
	for i := range p.keys {
		k := &p.keys[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = k.appendKey(b)
		if k.name == "id" {
			b = appendQuoted(b, id)
		} else {
			b = appendQuoted(b, p.typename)
		}
	}
	return append(b, '}')
}

// reads reports whether the plan reads nodes the records do not hold.
func (p *objectPlan) reads() bool {
	for _, k := range p.keys {
		if k.ref != nil && (k.ref.held == nil || k.sub.reads()) {
			return true
		}
	}
	return false
}

// estimate guesses the bytes of one object, to size the answer's buffer
// (grown by copying when short: a rich answer is hundreds of kilobytes).
func (p *objectPlan) estimate() int {
	n := 2
	for _, k := range p.keys {
		n += len(k.alias) + 4 + 24
		switch {
		case k.sub != nil:
			n += k.sub.estimate()
		case k.name == "reasons":
			n += 640 // a line or two each on standing, law and practice
		case k.name == "warnings" || k.name == "caveats":
			n += 96
		}
	}
	return n
}

// execution is one direct answer being written: its request's context and
// the nodes read for it.
type execution struct {
	ctx   context.Context
	store graph.Reader
	nodes map[string]graph.Node
	// last is, per plan of a held node, the node last written and its
	// JSON: records come grouped by instrument, whose object is written
	// once and copied.
	last []written
	// lines holds a record's reasons while they are written, reused from
	// record to record; ids the ids of a list (refField.appendIDs).
	lines []string
	ids   []string
	// quoted holds, by its place in a record's reasons, the line last
	// written there and its JSON (appendLines).
	quoted []quotedLine
}

// quotedLine is a line of reasons and its JSON as written.
type quotedLine struct {
	s    string
	json []byte
}

// appendLines writes a record's reasons as appendStrings does. Records
// next to each other mostly say the same lines in the same places (those
// of their instrument's standing, of their legal status): a line that is
// the one last written at its place is copied from there, not quoted
// again.
func (x *execution) appendLines(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		if i < len(x.quoted) && x.quoted[i].s == s {
			b = append(b, x.quoted[i].json...)
			continue
		}
		start := len(b)
		b = appendQuoted(b, s)
		if i >= len(x.quoted) {
			x.quoted = append(x.quoted, make([]quotedLine, i+1-len(x.quoted))...)
		}
		x.quoted[i] = quotedLine{s, b[start:len(b):len(b)]}
	}
	return append(b, ']')
}

// lastWritten returns the slot of what was last written under plan p,
// adding an empty one the first time.
func (x *execution) lastWritten(p *objectPlan) *written {
	for i := range x.last {
		if x.last[i].p == p {
			return &x.last[i]
		}
	}
	x.last = append(x.last, written{p: p})
	return &x.last[len(x.last)-1]
}

// written is the JSON last written under plan p: of a held node n, or of
// the object of a node known by its id.
type written struct {
	p    *objectPlan
	n    graph.Node
	id   string
	json []byte
}

// read reads, level by level, every node the plan's nested objects name
// under values, one store call per level and field.
func (x *execution) read(p *objectPlan, values []any) bool {
	for _, k := range p.keys {
		if k.ref == nil || k.fromIDs() {
			continue
		}
		var children []any
		var missing []string
		var want map[string]bool // the ids of missing
		deeper := k.sub.reads()  // the nested objects read nodes of their own
		for _, v := range values {
			if k.ref.held != nil {
				if n := k.ref.held(v); n != nil {
					if deeper {
						children = append(children, n)
					}
					continue
				}
				return false
			}
			for _, id := range k.ref.ids(v) {
				if _, ok := x.nodes[id]; !ok && !want[id] {
					if want == nil {
						want = map[string]bool{}
					}
					want[id] = true
					missing = append(missing, id)
				}
			}
		}
		if len(missing) > 0 {
			ns, err := x.store.Nodes(x.ctx, missing)
			if err != nil {
				return false
			}
			for i, id := range missing {
				x.nodes[id] = ns[i]
			}
		}
		if k.ref.held == nil && deeper {
			seen := map[string]bool{}
			for _, v := range values {
				for _, id := range k.ref.ids(v) {
					if n := x.nodes[id]; n != nil && !seen[id] {
						seen[id] = true
						children = append(children, n)
					}
				}
			}
		}
		if len(children) > 0 && !x.read(k.sub, children) {
			return false
		}
	}
	return true
}

// write appends v's object as the plan selects it.
func (x *execution) write(b []byte, p *objectPlan, v any) ([]byte, bool) {
	b = append(b, '{')
	ok := true
	for i := range p.keys {
		k := &p.keys[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = k.appendKey(b)
		if k.value != nil {
			if b, ok = k.value(x, b, v); !ok {
				return nil, false
			}
			continue
		}
		if b, ok = x.writeRef(b, k, v); !ok {
			return nil, false
		}
	}
	return append(b, '}'), true
}

// writeRef appends a nested object or list of objects, as the resolvers
// load them: a single object by its id (null for none when the schema
// allows it); a list leaving out ids that name no node of its type.
func (x *execution) writeRef(b []byte, k *objectKey, v any) ([]byte, bool) {
	ref := k.ref
	if ref.held != nil {
		n := ref.held(v)
		w := x.lastWritten(k.sub)
		if w.n == n && w.json != nil {
			return append(b, w.json...), true
		}
		start := len(b)
		b, ok := x.write(b, k.sub, n)
		if ok {
			// (x.write may have added slots: w is found again.)
			*x.lastWritten(k.sub) = written{p: k.sub, n: n, json: b[start:len(b):len(b)]}
		}
		return b, ok
	}
	if !ref.many {
		var id string
		if ref.id != nil {
			id = ref.id(v)
		} else if ids := ref.ids(v); len(ids) > 0 {
			id = ids[0]
		}
		if id == "" {
			if !ref.nullable {
				return nil, false
			}
			return append(b, "null"...), true
		}
		if k.fromIDs() {
			// Records of one instrument mostly name the same consent: an
			// object written just before under this plan is copied.
			w := x.lastWritten(k.sub)
			if w.id == id && w.json != nil {
				return append(b, w.json...), true
			}
			start := len(b)
			b = writeID(b, k.sub, id)
			*w = written{p: k.sub, id: id, json: b[start:len(b):len(b)]}
			return b, true
		}
		n := x.nodes[id]
		if n == nil || !ref.is(n) {
			return nil, false // gqlgen answers "not found"
		}
		return x.write(b, k.sub, n)
	}
	var ids []string
	if ref.appendIDs != nil && k.fromIDs() {
		// Written from the ids alone, so nothing nested reuses x.ids
		// while they are read.
		x.ids = ref.appendIDs(v, x.ids[:0])
		ids = x.ids
	} else {
		ids = ref.ids(v)
	}
	b = append(b, '[')
	if k.fromIDs() {
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = writeID(b, k.sub, id)
		}
		return append(b, ']'), true
	}
	first := true
	ok := true
	for _, id := range ids {
		n := x.nodes[id]
		if n == nil || !ref.is(n) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		if b, ok = x.write(b, k.sub, n); !ok {
			return nil, false
		}
	}
	return append(b, ']'), true
}

// value makes a valueWriter of a plain field of T.
func value[T any](f func([]byte, T) []byte) valueWriter {
	return func(_ *execution, b []byte, v any) ([]byte, bool) {
		t, ok := v.(T)
		if !ok {
			return nil, false
		}
		return f(b, t), true
	}
}

// one makes an id list of a single id ("" for none).
func one(id string) []string {
	if id == "" {
		return nil
	}
	return []string{id}
}

// single is a single node of type T named by the id the parent P holds.
func single[P any, T graph.Node](typ string, nullable bool, id func(P) string) *refField {
	return &refField{typ: typ, nullable: nullable, is: isA[T], ids: func(p any) []string {
		if t, ok := p.(P); ok {
			return one(id(t))
		}
		return nil
	}, id: func(p any) string {
		if t, ok := p.(P); ok {
			return id(t)
		}
		return ""
	}}
}

// list is a list of nodes of type T named by the ids the parent P holds.
func list[P any, T graph.Node](typ string, ids func(P) []string) *refField {
	return &refField{typ: typ, many: true, is: isA[T], ids: func(p any) []string {
		if t, ok := p.(P); ok {
			return ids(t)
		}
		return nil
	}}
}

// appending gives a record's list the way to append its ids to a slice
// the writer reuses (refField.appendIDs).
func appending(f *refField, appendIDs func(record, []string) []string) *refField {
	f.appendIDs = func(p any, dst []string) []string {
		if r, ok := p.(record); ok {
			return appendIDs(r, dst)
		}
		return dst
	}
	return f
}

func isA[T graph.Node](n graph.Node) bool { _, ok := n.(T); return ok }

// known marks a record's reference as naming only nodes its facts hold
// (refField.known).
func known(f *refField) *refField { f.known = true; return f }

type record = *graph.ComplianceRecord

// refTables are the nested objects of each type, as the field resolvers
// of server/resolvers load them (and server/resolvers' prefetch plan).
var refTables = map[string]map[string]*refField{
	"ComplianceRecord": {
		"obligation": {typ: "Obligation", held: func(p any) graph.Node {
			if o := p.(record).Obligation(); o != nil {
				return o
			}
			return nil
		}},
		"instrument": {typ: "Instrument", held: func(p any) graph.Node {
			if in := p.(record).Instrument(); in != nil {
				return in
			}
			return nil
		}},
		"state":           known(single[record, *graph.State]("State", false, func(r record) string { return r.StateCode })),
		"boundBy":         known(single[record, *graph.StateAction]("StateAction", true, func(r record) string { return r.BoundByID })),
		"review":          known(single[record, *graph.Review]("Review", true, func(r record) string { return r.ReviewID })),
		"reviews":         known(list[record, *graph.Review]("Review", record.ReviewIDs)),
		"laws":            known(appending(list[record, *graph.Law]("Law", record.LawIDs), record.AppendLawIDs)),
		"implementations": known(list[record, *graph.Implementation]("Implementation", record.ImplementationIDs)),
		"evidence":        known(list[record, *graph.Evidence]("Evidence", record.EvidenceIDs)),
	},
	"Obligation": {
		"instrument": single[*graph.Obligation, *graph.Instrument]("Instrument", false, func(o *graph.Obligation) string { return o.InstrumentID }),
		"provision":  single[*graph.Obligation, *graph.Provision]("Provision", false, func(o *graph.Obligation) string { return o.ProvisionID }),
	},
	"Provision": {
		"instrument": single[*graph.Provision, *graph.Instrument]("Instrument", false, func(p *graph.Provision) string { return p.InstrumentID }),
	},
	"StateAction": {
		"state":       single[*graph.StateAction, *graph.State]("State", false, func(a *graph.StateAction) string { return a.StateCode }),
		"instrument":  single[*graph.StateAction, *graph.Instrument]("Instrument", false, func(a *graph.StateAction) string { return a.InstrumentID }),
		"domesticAct": single[*graph.StateAction, *graph.Law]("Law", true, func(a *graph.StateAction) string { return a.DomesticActID }),
	},
	"Law": {
		"state":      single[*graph.Law, *graph.State]("State", false, func(l *graph.Law) string { return l.StateCode }),
		"repealedBy": single[*graph.Law, *graph.Law]("Law", true, func(l *graph.Law) string { return l.RepealedByID }),
		"amends":     list[*graph.Law, *graph.Law]("Law", func(l *graph.Law) []string { return l.AmendsIDs }),
	},
	"Implementation": {
		"law":        single[*graph.Implementation, *graph.Law]("Law", false, func(i *graph.Implementation) string { return i.LawID }),
		"obligation": single[*graph.Implementation, *graph.Obligation]("Obligation", false, func(i *graph.Implementation) string { return i.ObligationID }),
	},
	"Evidence": {
		"state": single[*graph.Evidence, *graph.State]("State", false, func(e *graph.Evidence) string { return e.StateCode }),
	},
}

// valueTables are the plain fields of each type, each written as gqlgen
// marshals it (direct_test.go holds every one to gqlgen's bytes).
var valueTables = map[string]map[string]valueWriter{
	"ComplianceRecord": {
		"asOf":               value(func(b []byte, r record) []byte { return appendDate(b, r.AsOf) }),
		"standing":           value(func(b []byte, r record) []byte { return appendEnum(b, r.Standing) }),
		"bound":              value(func(b []byte, r record) []byte { return appendBoolPtr(b, r.BoundValue()) }),
		"boundSince":         value(func(b []byte, r record) []byte { return appendDate(b, r.BoundSince) }),
		"boundNoEarlierThan": value(func(b []byte, r record) []byte { return appendDate(b, r.BoundNoEarlierThan) }),
		"boundNoLaterThan":   value(func(b []byte, r record) []byte { return appendDate(b, r.BoundNoLaterThan) }),
		"committed":          value(func(b []byte, r record) []byte { return appendBool(b, r.Committed) }),
		"nature":             value(func(b []byte, r record) []byte { return appendEnum(b, r.Nature) }),
		"legal":              value(func(b []byte, r record) []byte { return appendEnum(b, r.Legal) }),
		"practice":           value(func(b []byte, r record) []byte { return appendEnum(b, r.Practice()) }),
		"practiceThematic":   value(func(b []byte, r record) []byte { return appendBool(b, r.PracticeThematic()) }),
		"outcome":            value(func(b []byte, r record) []byte { return appendEnum(b, r.Outcome(graph.BasisLaw)) }),
		"caveats":            value(func(b []byte, r record) []byte { return appendStrings(b, r.Caveats()) }),
		"reasons": func(x *execution, b []byte, v any) ([]byte, bool) {
			var err error
			x.lines, err = v.(record).AppendReasons(x.ctx, x.lines[:0])
			return x.appendLines(b, x.lines), err == nil
		},
		"warnings": func(x *execution, b []byte, v any) ([]byte, bool) {
			ss, err := v.(record).Warnings(x.ctx)
			return appendStrings(b, ss), err == nil
		},
	},
	"Obligation": {
		"id":            value(func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.ID) }),
		"summary":       value(func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.Summary) }),
		"modality":      value(func(b []byte, o *graph.Obligation) []byte { return appendEnum(b, o.Modality) }),
		"modalityLabel": value(func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.ModalityLabel()) }),
		"nature":        value(func(b []byte, o *graph.Obligation) []byte { return appendEnum(b, o.Nature) }),
		"unverified":    value(func(b []byte, o *graph.Obligation) []byte { return appendBool(b, o.Unverified) }),
		"note":          value(func(b []byte, o *graph.Obligation) []byte { return appendQuoted(b, o.Note) }),
	},
	"Instrument": {
		"id":         value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.ID) }),
		"title":      value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Title) }),
		"shortTitle": value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.ShortTitle) }),
		"kind":       value(func(b []byte, in *graph.Instrument) []byte { return appendEnum(b, in.Kind) }),
		"binding":    value(func(b []byte, in *graph.Instrument) []byte { return appendBool(b, in.Binding) }),
		"adopted":    value(func(b []byte, in *graph.Instrument) []byte { return appendDate(b, in.Adopted) }),
		"place":      value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Place) }),
		"summary":    value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Summary) }),
		"unverified": value(func(b []byte, in *graph.Instrument) []byte { return appendBool(b, in.Unverified) }),
		"note":       value(func(b []byte, in *graph.Instrument) []byte { return appendQuoted(b, in.Note) }),
	},
	"Provision": {
		"id":         value(func(b []byte, p *graph.Provision) []byte { return appendQuoted(b, p.ID) }),
		"label":      value(func(b []byte, p *graph.Provision) []byte { return appendQuoted(b, p.Label) }),
		"heading":    value(func(b []byte, p *graph.Provision) []byte { return appendQuoted(b, p.Heading) }),
		"text":       value(func(b []byte, p *graph.Provision) []byte { return appendQuoted(b, p.Text) }),
		"textKind":   value(func(b []byte, p *graph.Provision) []byte { return appendEnum(b, p.TextKind) }),
		"order":      value(func(b []byte, p *graph.Provision) []byte { return strconv.AppendInt(b, int64(p.Order), 10) }),
		"incomplete": value(func(b []byte, p *graph.Provision) []byte { return appendBool(b, p.Incomplete) }),
		"unverified": value(func(b []byte, p *graph.Provision) []byte { return appendBool(b, p.Unverified) }),
		"note":       value(func(b []byte, p *graph.Provision) []byte { return appendQuoted(b, p.Note) }),
	},
	"State": {
		"id":         value(func(b []byte, s *graph.State) []byte { return appendQuoted(b, s.ID()) }),
		"code":       value(func(b []byte, s *graph.State) []byte { return appendQuoted(b, s.Code) }),
		"name":       value(func(b []byte, s *graph.State) []byte { return appendQuoted(b, s.Name) }),
		"aseanSince": value(func(b []byte, s *graph.State) []byte { return appendDate(b, s.ASEANSince) }),
		"unverified": value(func(b []byte, s *graph.State) []byte { return appendBool(b, s.Unverified) }),
		"note":       value(func(b []byte, s *graph.State) []byte { return appendQuoted(b, s.Note) }),
	},
	"StateAction": {
		"id":              value(func(b []byte, a *graph.StateAction) []byte { return appendQuoted(b, a.ID) }),
		"kind":            value(func(b []byte, a *graph.StateAction) []byte { return appendEnum(b, a.Kind) }),
		"date":            value(func(b []byte, a *graph.StateAction) []byte { return appendDate(b, a.Date) }),
		"deposited":       value(func(b []byte, a *graph.StateAction) []byte { return appendDate(b, a.Deposited) }),
		"depositedBefore": value(func(b []byte, a *graph.StateAction) []byte { return appendDate(b, a.DepositedBefore) }),
		"inForce":         value(func(b []byte, a *graph.StateAction) []byte { return appendDate(b, a.InForce) }),
		"domesticActText": value(func(b []byte, a *graph.StateAction) []byte { return appendQuoted(b, a.DomesticAct) }),
		"unverified":      value(func(b []byte, a *graph.StateAction) []byte { return appendBool(b, a.Unverified) }),
		"note":            value(func(b []byte, a *graph.StateAction) []byte { return appendQuoted(b, a.Note) }),
	},
	"Law": {
		"id":         value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.ID) }),
		"title":      value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.Title) }),
		"localTitle": value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.LocalTitle) }),
		"number":     value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.Number) }),
		"kind":       value(func(b []byte, l *graph.Law) []byte { return appendEnum(b, l.Kind) }),
		"enacted":    value(func(b []byte, l *graph.Law) []byte { return appendDate(b, l.Enacted) }),
		"inForce":    value(func(b []byte, l *graph.Law) []byte { return appendDate(b, l.InForce) }),
		"repealed":   value(func(b []byte, l *graph.Law) []byte { return appendDate(b, l.Repealed) }),
		"summary":    value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.Summary) }),
		"unverified": value(func(b []byte, l *graph.Law) []byte { return appendBool(b, l.Unverified) }),
		"note":       value(func(b []byte, l *graph.Law) []byte { return appendQuoted(b, l.Note) }),
	},
	"Review": {
		"id":         value(func(b []byte, r *graph.Review) []byte { return appendQuoted(b, r.ID) }),
		"scope":      value(func(b []byte, r *graph.Review) []byte { return appendEnum(b, r.Scope) }),
		"date":       value(func(b []byte, r *graph.Review) []byte { return appendDate(b, r.Date) }),
		"read":       value(func(b []byte, r *graph.Review) []byte { return appendDate(b, r.Read) }),
		"method":     value(func(b []byte, r *graph.Review) []byte { return appendEnum(b, r.Method) }),
		"reviewer":   value(func(b []byte, r *graph.Review) []byte { return appendQuoted(b, r.Reviewer) }),
		"articles":   value(func(b []byte, r *graph.Review) []byte { return appendStrings(b, r.Articles) }),
		"summary":    value(func(b []byte, r *graph.Review) []byte { return appendQuoted(b, r.Summary) }),
		"unverified": value(func(b []byte, r *graph.Review) []byte { return appendBool(b, r.Unverified) }),
		"note":       value(func(b []byte, r *graph.Review) []byte { return appendQuoted(b, r.Note) }),
	},
	"Evidence": {
		"id":         value(func(b []byte, e *graph.Evidence) []byte { return appendQuoted(b, e.ID) }),
		"kind":       value(func(b []byte, e *graph.Evidence) []byte { return appendEnum(b, e.Kind) }),
		"date":       value(func(b []byte, e *graph.Evidence) []byte { return appendDate(b, e.Date) }),
		"periodFrom": value(func(b []byte, e *graph.Evidence) []byte { return appendDate(b, e.PeriodFrom) }),
		"periodTo":   value(func(b []byte, e *graph.Evidence) []byte { return appendDate(b, e.PeriodTo) }),
		"finding":    value(func(b []byte, e *graph.Evidence) []byte { return appendEnum(b, e.Finding) }),
		"reportYear": value(func(b []byte, e *graph.Evidence) []byte { return strconv.AppendInt(b, int64(e.ReportYear), 10) }),
		"summary":    value(func(b []byte, e *graph.Evidence) []byte { return appendQuoted(b, e.Summary) }),
		"unverified": value(func(b []byte, e *graph.Evidence) []byte { return appendBool(b, e.Unverified) }),
		"note":       value(func(b []byte, e *graph.Evidence) []byte { return appendQuoted(b, e.Note) }),
	},
	"Implementation": {
		"id":         value(func(b []byte, i *graph.Implementation) []byte { return appendQuoted(b, i.ID) }),
		"articles":   value(func(b []byte, i *graph.Implementation) []byte { return appendStrings(b, i.Articles) }),
		"extent":     value(func(b []byte, i *graph.Implementation) []byte { return appendEnum(b, i.Extent) }),
		"note":       value(func(b []byte, i *graph.Implementation) []byte { return appendQuoted(b, i.Note) }),
		"unverified": value(func(b []byte, i *graph.Implementation) []byte { return appendBool(b, i.Unverified) }),
	},
}

// appendStrings writes a [String!]! as gqlgen does (a nil list is []).
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, s)
	}
	return append(b, ']')
}

// plainField returns sel as a field without directives or arguments.
func plainField(sel ast.Selection) (*ast.Field, bool) {
	f, ok := sel.(*ast.Field)
	if !ok || len(f.Directives) > 0 || len(f.Arguments) > 0 {
		return nil, false
	}
	return f, true
}
