package ingest

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/pactwatch/pactwatch/graph"
)

// WriteFixtures writes records as fixture files, in the format ParseFS
// reads (fixtures/README.md): one file per instrument (its provisions and
// their obligations), one per state (its actions, laws with the links to
// the obligations they implement, evidence and reviews) and one per
// statute (a law's provisions and their versions). It returns the files'
// contents by path, and a note for each thing the files cannot say.
//
// A record goes in the file of what it belongs to: a state's, an
// instrument's, a law's statute file. A file keeps the path its records
// were loaded from (their origin), and its records the order of their
// lines; a record written through the API, which has no line, comes after
// those loaded from files. Loading the files into the store they were
// written from changes nothing.
func WriteFixtures(nodes []graph.Node) (files map[string][]byte, notes []string, err error) {
	w := &fixtureWriter{
		states:      map[string]*graph.State{},
		instruments: map[string]*graph.Instrument{},
		laws:        map[string]*graph.Law{},
		byParent:    map[string][]graph.Node{},
	}
	for _, n := range nodes {
		w.add(n)
	}
	files = map[string][]byte{}
	put := func(name string, doc yaml.MapSlice) error {
		b, err := yaml.MarshalWithOptions(doc, yaml.UseLiteralStyleIfMultiline(true))
		if err != nil {
			return fmt.Errorf("ingest.WriteFixtures: %s: %w", name, err)
		}
		if _, dup := files[name]; dup {
			return fmt.Errorf("ingest.WriteFixtures: two records would be written to %s", name)
		}
		files[name] = b
		return nil
	}
	for _, id := range sortedKeys(w.instruments) {
		in := w.instruments[id]
		if err := put(fileOf(in, "instruments", in.ID), w.instrumentFile(in)); err != nil {
			return nil, nil, err
		}
	}
	for _, code := range sortedKeys(w.states) {
		st := w.states[code]
		if err := put(fileOf(st, "states", strings.ToLower(st.Code)), w.stateFile(st)); err != nil {
			return nil, nil, err
		}
	}
	statutes := w.byStatute()
	for _, lawID := range sortedKeys(statutes) {
		ps := statutes[lawID]
		name := "statutes/" + strings.ReplaceAll(lawID, "/", "-") + ".yaml"
		if o := graph.RecordOf(ps[0]).Origin; strings.HasPrefix(o, "statutes/") && path.Ext(o) == ".yaml" {
			name = o
		}
		if err := put(name, w.statuteFile(lawID, ps)); err != nil {
			return nil, nil, err
		}
	}
	return files, append(w.notes, w.orphans()...), nil
}

type fixtureWriter struct {
	states      map[string]*graph.State
	instruments map[string]*graph.Instrument
	laws        map[string]*graph.Law
	// byParent holds the records that belong to another: by the id of the
	// instrument, provision, state, law or (for statute provisions) law.
	byParent map[string][]graph.Node
	statutes map[string][]*graph.StatuteProvision
	written  map[string]bool
	notes    []string
}

func (w *fixtureWriter) add(n graph.Node) {
	switch n := n.(type) {
	case *graph.State:
		w.states[n.Code] = n
	case *graph.Instrument:
		w.instruments[n.ID] = n
	case *graph.Law:
		w.laws[n.ID] = n
		w.byParent[n.StateCode] = append(w.byParent[n.StateCode], n)
	case *graph.Provision:
		w.byParent[n.InstrumentID] = append(w.byParent[n.InstrumentID], n)
	case *graph.Obligation:
		w.byParent[n.ProvisionID] = append(w.byParent[n.ProvisionID], n)
	case *graph.StateAction:
		w.byParent[n.StateCode] = append(w.byParent[n.StateCode], n)
	case *graph.Evidence:
		w.byParent[n.StateCode] = append(w.byParent[n.StateCode], n)
	case *graph.Review:
		w.byParent[n.StateCode] = append(w.byParent[n.StateCode], n)
	case *graph.Implementation:
		w.byParent[n.LawID] = append(w.byParent[n.LawID], n)
	case *graph.StatuteProvision:
		if w.statutes == nil {
			w.statutes = map[string][]*graph.StatuteProvision{}
		}
		w.statutes[n.LawID] = append(w.statutes[n.LawID], n)
	}
}

func (w *fixtureWriter) byStatute() map[string][]*graph.StatuteProvision {
	for _, ps := range w.statutes {
		graph.SortStatuteProvisions(ps)
	}
	return w.statutes
}

// mark remembers that a record went into a file.
func (w *fixtureWriter) mark(n graph.Node) {
	if w.written == nil {
		w.written = map[string]bool{}
	}
	w.written[n.NodeID()] = true
}

// orphans names the records no file holds: those whose state, instrument,
// provision or law is not among the records.
func (w *fixtureWriter) orphans() []string {
	var out []string
	for _, parent := range sortedKeys(w.byParent) {
		for _, n := range w.byParent[parent] {
			if !w.written[n.NodeID()] {
				out = append(out, fmt.Sprintf("%s %s is not written: no record %s holds it", n.NodeKind(), n.NodeID(), parent))
			}
		}
	}
	return out
}

// fileOf is the file a state's or instrument's records go in: the one it
// was loaded from, else dir/stem.yaml.
func fileOf(n graph.Node, dir, stem string) string {
	if o := graph.RecordOf(n).Origin; path.Dir(o) == dir && path.Base(o) == stem+".yaml" {
		return o
	}
	return dir + "/" + stem + ".yaml"
}

// children returns the records of kind T that belong to parent, in the
// order of their lines, those with none (written through the API) last.
func children[T graph.Node](w *fixtureWriter, parent string) []T {
	var out []T
	for _, n := range w.byParent[parent] {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b T) int { return byLine(a, b) })
	return out
}

func byLine(a, b graph.Node) int {
	la, lb := graph.RecordOf(a).OriginLine, graph.RecordOf(b).OriginLine
	last := func(l int) int { // no line: written through the API
		if l == 0 {
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(last(la), last(lb)), cmp.Compare(la, lb), strings.Compare(a.NodeID(), b.NodeID()))
}

// ymap builds a mapping, leaving out empty values.
type ymap yaml.MapSlice

func (f *ymap) set(key string, v any) {
	switch v := v.(type) {
	case string:
		if v == "" {
			return
		}
	case bool:
		if !v {
			return
		}
	case int:
		if v == 0 {
			return
		}
	case float64:
		if v == 0 {
			return
		}
	case graph.Date:
		if v.IsZero() {
			return
		}
		*f = append(*f, yaml.MapItem{Key: key, Value: v.String()})
		return
	case []string:
		if len(v) == 0 {
			return
		}
	case []any:
		if len(v) == 0 {
			return
		}
	case yaml.MapSlice:
		if len(v) == 0 {
			return
		}
	}
	*f = append(*f, yaml.MapItem{Key: key, Value: v})
}

// list writes each of xs as a mapping.
func list[T any](xs []T, write func(T) ymap) []any {
	out := make([]any, 0, len(xs))
	for _, x := range xs {
		out = append(out, yaml.MapSlice(write(x)))
	}
	return out
}

// records writes each of ns as a mapping, remembering it went into a file.
func records[T graph.Node](w *fixtureWriter, ns []T, write func(T) ymap) []any {
	return list(ns, func(n T) ymap {
		w.mark(n)
		return write(n)
	})
}

func sourcesOf(src []graph.Source) []any {
	return list(src, func(s graph.Source) ymap {
		var f ymap
		f.set("citation", s.Citation)
		f.set("url", s.URL)
		f.set("publisher", s.Publisher)
		f.set("date", s.Date)
		f.set("locator", s.Locator)
		return f
	})
}

// record adds the fields every record carries; with inherited sources,
// sources equal to them are left out (the reader gives them back).
func (f *ymap) record(rec *graph.Record, inherited []graph.Source) {
	if inherited == nil || !slices.Equal(rec.Sources, inherited) {
		f.set("sources", sourcesOf(rec.Sources))
	}
	f.set("claims", list(rec.Claims, func(c graph.Claim) ymap {
		var cf ymap
		cf.set("field", c.Field)
		cf.set("value", c.Value)
		cf.set("used", c.Used)
		cf.set("note", c.Note)
		cf.set("sources", sourcesOf(c.Sources))
		return cf
	}))
	f.set("unverified", rec.Unverified)
	f.set("note", rec.Note)
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func (w *fixtureWriter) instrumentFile(in *graph.Instrument) yaml.MapSlice {
	w.mark(in)
	var f ymap
	f.set("id", in.ID)
	f.set("title", in.Title)
	f.set("shortTitle", in.ShortTitle)
	f.set("kind", string(in.Kind))
	f.set("binding", in.Binding)
	f.set("adopted", in.Adopted)
	f.set("place", in.Place)
	f.set("summary", in.Summary)
	if in.Rule != (graph.EntryRule{}) || !in.EntryIntoForce.IsZero() || len(in.EntryIntoForceSources) > 0 {
		var e ymap
		e.set("ratifications", in.Rule.Ratifications)
		e.set("daysAfter", in.Rule.DaysAfter)
		e.set("laterPartyDaysAfter", in.Rule.LaterPartyDaysAfter)
		e.set("consentsComplete", in.Rule.ConsentsComplete)
		e.set("article", in.Rule.Article)
		e.set("date", in.EntryIntoForce)
		e.set("sources", sourcesOf(in.EntryIntoForceSources))
		f = append(f, yaml.MapItem{Key: "entryIntoForce", Value: yaml.MapSlice(e)})
	}
	if in.Coverage.Complete || len(in.Coverage.NotHeld) > 0 {
		var c ymap
		c.set("complete", in.Coverage.Complete)
		c.set("notHeld", list(in.Coverage.NotHeld, func(k graph.KnownProvision) ymap {
			var kf ymap
			kf.set("label", k.Label)
			kf.set("id", k.ID)
			kf.set("note", k.Note)
			kf.set("sources", sourcesOf(k.Sources))
			return kf
		}))
		f = append(f, yaml.MapItem{Key: "coverage", Value: yaml.MapSlice(c)})
	}
	f.set("statusStatements", list(in.StatusStatements, func(s graph.StatusStatement) ymap {
		var sf ymap
		sf.set("asOf", s.AsOf)
		sf.set("parties", s.Parties)
		sf.set("notParties", s.NotParties)
		sf.set("complete", s.Complete)
		sf.set("summary", s.Summary)
		sf.set("sources", sourcesOf(s.Sources))
		return sf
	}))
	f.record(&in.Record, nil)

	ps := children[*graph.Provision](w, in.ID)
	slices.SortStableFunc(ps, func(a, b *graph.Provision) int { return cmp.Compare(a.Order, b.Order) })
	provisions := records(w, ps, func(p *graph.Provision) ymap {
		var pf ymap
		pf.set("id", p.ID)
		pf.set("label", p.Label)
		pf.set("heading", p.Heading)
		pf.set("text", p.Text)
		if p.Text != "" || p.TextKind != "" {
			pf.set("textKind", string(p.TextKind))
		}
		pf.set("incomplete", p.Incomplete)
		pf.set("correspondsTo", list(p.CorrespondsTo, func(c graph.Correspondence) ymap {
			var cf ymap
			cf.set("provision", c.ProvisionID)
			if c.Basis != graph.BasisSource {
				cf.set("basis", string(c.Basis))
			}
			if c.Basis == graph.BasisTextComparison {
				cf.set("similarity", c.Similarity)
			}
			cf.set("note", c.Note)
			cf.set("sources", sourcesOf(c.Sources))
			return cf
		}))
		pf.record(&p.Record, nil)
		pf.set("obligations", records(w, children[*graph.Obligation](w, p.ID), func(ob *graph.Obligation) ymap {
			var of ymap
			of.set("id", ob.ID)
			of.set("modality", string(ob.Modality))
			of.set("themes", strs(ob.Themes))
			of.set("summary", ob.Summary)
			of.set("nature", string(ob.Nature))
			of.record(&ob.Record, p.Sources)
			return of
		}))
		return pf
	})
	doc := yaml.MapSlice{{Key: "instrument", Value: yaml.MapSlice(f)}}
	if len(provisions) > 0 {
		doc = append(doc, yaml.MapItem{Key: "provisions", Value: provisions})
	}
	return doc
}

func (w *fixtureWriter) stateFile(st *graph.State) yaml.MapSlice {
	w.mark(st)
	var f ymap
	f.set("code", st.Code)
	f.set("name", st.Name)
	f.set("aseanSince", st.ASEANSince)
	f.record(&st.Record, nil)
	doc := yaml.MapSlice{{Key: "state", Value: yaml.MapSlice(f)}}

	actions := records(w, children[*graph.StateAction](w, st.Code), func(a *graph.StateAction) ymap {
		var af ymap
		af.set("id", a.ID)
		af.set("instrument", a.InstrumentID)
		af.set("kind", string(a.Kind))
		af.set("date", a.Date)
		af.set("deposited", a.Deposited)
		af.set("depositedBefore", a.DepositedBefore)
		af.set("inForce", a.InForce)
		af.set("inForceSources", sourcesOf(a.InForceSources))
		af.set("domesticAct", a.DomesticActID)
		af.set("domesticActText", a.DomesticAct)
		af.set("reservations", list(a.Reservations, func(r graph.Reservation) ymap {
			var rf ymap
			rf.set("provisions", r.ProvisionIDs)
			rf.set("text", r.Text)
			if r.Text != "" || r.TextKind != "" {
				rf.set("textKind", string(r.TextKind))
			}
			rf.set("sources", sourcesOf(r.Sources))
			return rf
		}))
		af.record(&a.Record, nil)
		return af
	})
	laws := records(w, children[*graph.Law](w, st.Code), func(l *graph.Law) ymap {
		var lf ymap
		lf.set("id", l.ID)
		lf.set("title", l.Title)
		lf.set("localTitle", l.LocalTitle)
		lf.set("number", l.Number)
		lf.set("kind", string(l.Kind))
		lf.set("enacted", l.Enacted)
		lf.set("inForce", l.InForce)
		lf.set("repealed", l.Repealed)
		lf.set("repealedBy", l.RepealedByID)
		lf.set("amends", l.AmendsIDs)
		lf.set("summary", l.Summary)
		lf.record(&l.Record, nil)
		lf.set("implements", records(w, children[*graph.Implementation](w, l.ID), func(impl *graph.Implementation) ymap {
			var imf ymap
			if impl.ID != l.ID+"/implements/"+impl.ObligationID {
				imf.set("id", impl.ID)
			}
			imf.set("obligation", impl.ObligationID)
			imf.set("extent", string(impl.Extent))
			imf.set("articles", impl.Articles)
			imf.set("provisions", impl.ProvisionIDs)
			imf.set("note", impl.Note)
			if impl.Record.Note != "" {
				w.notes = append(w.notes, fmt.Sprintf("implementation %s: its record note is not written (a link's note in a file is its own note): %q", impl.ID, impl.Record.Note))
			}
			rec := impl.Record
			rec.Note = ""
			imf.record(&rec, nil)
			return imf
		}))
		return lf
	})
	evidence := records(w, children[*graph.Evidence](w, st.Code), func(ev *graph.Evidence) ymap {
		var ef ymap
		ef.set("id", ev.ID)
		ef.set("kind", string(ev.Kind))
		ef.set("date", ev.Date)
		ef.set("periodFrom", ev.PeriodFrom)
		ef.set("periodTo", ev.PeriodTo)
		ef.set("obligations", ev.ObligationIDs)
		ef.set("themes", strs(ev.Themes))
		ef.set("finding", string(ev.Finding))
		ef.set("summary", ev.Summary)
		ef.set("figures", list(ev.Figures, func(fg graph.Figure) ymap {
			var ff ymap
			ff.set("name", fg.Name)
			ff.set("unit", fg.Unit)
			ff.set("points", list(fg.Points, func(pt graph.FigurePoint) ymap {
				return ymap{{Key: "period", Value: pt.Period}, {Key: "value", Value: pt.Value}}
			}))
			return ff
		}))
		ef.set("tier", string(ev.Tier))
		ef.set("reportYear", ev.ReportYear)
		ef.record(&ev.Record, nil)
		return ef
	})
	reviews := records(w, children[*graph.Review](w, st.Code), func(rv *graph.Review) ymap {
		var rf ymap
		rf.set("id", rv.ID)
		rf.set("instrument", rv.InstrumentID)
		rf.set("scope", string(rv.Scope))
		rf.set("provisions", rv.ProvisionIDs)
		rf.set("obligations", rv.ObligationIDs)
		rf.set("date", rv.Date)
		rf.set("read", rv.Read)
		rf.set("method", string(rv.Method))
		rf.set("reviewer", rv.Reviewer)
		rf.set("laws", rv.LawIDs)
		rf.set("articles", rv.Articles)
		rf.set("summary", rv.Summary)
		rf.record(&rv.Record, nil)
		return rf
	})
	for _, part := range []struct {
		key   string
		items []any
	}{{"actions", actions}, {"laws", laws}, {"evidence", evidence}, {"reviews", reviews}} {
		if len(part.items) > 0 {
			doc = append(doc, yaml.MapItem{Key: part.key, Value: part.items})
		}
	}
	return doc
}

// statuteFile writes a law's provisions; the statute's sources are those
// most of its provisions carry, which the others then inherit.
func (w *fixtureWriter) statuteFile(lawID string, ps []*graph.StatuteProvision) yaml.MapSlice {
	shared := commonSources(ps)
	head := yaml.MapSlice{{Key: "law", Value: lawID}, {Key: "sources", Value: sourcesOf(shared)}}
	provisions := records(w, ps, func(p *graph.StatuteProvision) ymap {
		var pf ymap
		pf.set("id", p.ID)
		pf.set("label", p.Label)
		pf.set("heading", p.Heading)
		pf.set("versions", list(p.Versions, func(v graph.StatuteProvisionVersion) ymap {
			var vf ymap
			vf.set("text", v.Text)
			vf.set("textKind", string(v.TextKind))
			vf.set("madeBy", v.MadeBy)
			vf.set("from", v.From)
			vf.set("until", v.Until)
			vf.set("language", v.Language)
			vf.set("edition", string(v.Edition))
			vf.set("terms", v.Terms)
			vf.set("locator", v.Locator)
			vf.set("sources", sourcesOf(v.Sources))
			return vf
		}))
		pf.record(&p.Record, shared)
		return pf
	})
	return yaml.MapSlice{{Key: "statute", Value: head}, {Key: "provisions", Value: provisions}}
}

// commonSources returns the sources most of ps carry (the first such,
// on a tie).
func commonSources(ps []*graph.StatuteProvision) []graph.Source {
	count := map[string]int{}
	best, bestN := []graph.Source(nil), 0
	for _, p := range ps {
		if len(p.Sources) == 0 {
			continue
		}
		k := fmt.Sprintf("%q", p.Sources)
		count[k]++
		if count[k] > bestN {
			best, bestN = p.Sources, count[k]
		}
	}
	return best
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
