package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
)

// Check validates a corpus against what r holds, without writing: every
// reference must name a node of the right kind in the corpus or the store,
// no id may already be stored from a file the corpus does not hold, dates
// must be possible against the records they depend on (an instrument's
// adoption), and no stored record may reference one the load would remove.
// It reports the corpus's parse problems too. A nil r checks the corpus
// alone, as if the store were empty.
func Check(ctx context.Context, r graph.Reader, c *Corpus) error {
	if c == nil {
		return Problems{{Message: "no fixtures to check"}}
	}
	v, err := newValidation(ctx, r, c)
	if err != nil {
		return err
	}
	v.run()
	return v.probs.err()
}

// Load validates the corpus against the store and applies it as one
// graph.Batch whose Replace is the corpus's origins, so that a changed file
// replaces its records and edges and leaves none stale. On any problem
// nothing is written and every problem is returned as Problems.
func Load(ctx context.Context, s graph.Store, c *Corpus) (*graph.ApplyResult, error) {
	if c == nil {
		return nil, Problems{{Message: "no fixtures to load"}}
	}
	return load(ctx, s, c, "ingest "+strings.Join(c.Origins, ", "), false)
}

// load checks c against the store and applies it as one batch with the
// message msg, forced or not. A record whose fields are the stored ones
// keeps its stored line (keepLines).
func load(ctx context.Context, s graph.Store, c *Corpus, msg string, force bool) (*graph.ApplyResult, error) {
	if c == nil {
		return nil, Problems{{Message: "no fixtures to load"}}
	}
	v, err := newValidation(ctx, s, c)
	if err != nil {
		return nil, err
	}
	v.run()
	if err := v.probs.err(); err != nil {
		return nil, err
	}
	v.keepLines()
	res, err := s.Apply(ctx, &graph.Batch{Replace: slices.Clone(c.Origins), Put: slices.Clone(c.Nodes),
		Author: IngestAuthor, Message: msg, Force: force})
	if err != nil {
		return nil, fmt.Errorf("ingest.Load: %w", err)
	}
	return res, nil
}

// IngestAuthor is the author the change log records for a load of files.
const IngestAuthor = "ingest"

// Removals returns the stored records that loading c would remove (records
// of a file c holds that the file no longer defines), by kind, each list
// sorted. A nil r, an empty store, removes nothing.
func Removals(ctx context.Context, r graph.Reader, c *Corpus) (map[graph.Kind][]string, error) {
	if r == nil || c == nil {
		return nil, nil
	}
	v, err := newValidation(ctx, r, c)
	if err != nil {
		return nil, err
	}
	out := map[graph.Kind][]string{}
	for id := range v.removed {
		k := v.stored[id].NodeKind()
		out[k] = append(out[k], id)
	}
	for _, ids := range out {
		slices.Sort(ids)
	}
	return out, nil
}

// LoadEmbedded loads the fixtures embedded in the binary (package fixtures).
func LoadEmbedded(ctx context.Context, s graph.Store) (*graph.ApplyResult, error) {
	c, err := ParseFS(fixtures.FS, ".")
	if err != nil {
		return nil, err
	}
	return Load(ctx, s, c)
}

// validation is one Check: the corpus, the stored nodes, and the problems.
type validation struct {
	c       *Corpus
	corpus  map[string]graph.Node // by id, first definition
	stored  map[string]graph.Node // by id, every stored node
	removed map[string]bool       // stored ids the load would delete
	origins map[string]bool
	probs   Problems
}

func newValidation(ctx context.Context, r graph.Reader, c *Corpus) (*validation, error) {
	v := &validation{
		c:       c,
		corpus:  map[string]graph.Node{},
		stored:  map[string]graph.Node{},
		removed: map[string]bool{},
		origins: map[string]bool{},
		probs:   slices.Clone(c.problems),
	}
	for _, o := range c.Origins {
		v.origins[o] = true
	}
	for _, n := range c.Nodes {
		if _, dup := v.corpus[n.NodeID()]; !dup {
			v.corpus[n.NodeID()] = n
		}
	}
	if r == nil {
		return v, nil
	}
	var ids []string
	for _, k := range graph.Kinds {
		kids, err := r.IDs(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("ingest.Check: %w", err)
		}
		ids = append(ids, kids...)
	}
	nodes, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ingest.Check: %w", err)
	}
	for _, n := range nodes {
		if n == nil {
			continue
		}
		id := n.NodeID()
		v.stored[id] = n
		if _, kept := v.corpus[id]; !kept && v.origins[graph.RecordOf(n).Origin] {
			v.removed[id] = true
		}
	}
	return v, nil
}

// lookup returns the node an id names after the load: the corpus's, or the
// stored one unless the load removes it.
func (v *validation) lookup(id string) (graph.Node, bool) {
	if n, ok := v.corpus[id]; ok {
		return n, true
	}
	if n, ok := v.stored[id]; ok && !v.removed[id] {
		return n, true
	}
	return nil, false
}

func (v *validation) place(n graph.Node, field, to string) Problem {
	return placeOf(v.c.places, n, field, to)
}

func (v *validation) run() {
	for _, n := range v.c.Nodes {
		v.storedElsewhere(n)
		v.kindChanged(n)
		for _, ref := range graph.RefsOf(n) {
			v.reference(n, ref)
		}
		switch n := n.(type) {
		case *graph.StateAction:
			v.action(n)
		case *graph.Implementation:
			v.linkProvisions(n)
		case *graph.StatuteProvision:
			v.statuteDates(n)
		}
	}
	v.dangling()
	v.widening()
	v.oneLinkPerLawAndObligation()
}

// oneLinkPerLawAndObligation refuses a second implementation link between
// a law and an obligation under another id: the reasons would then say
// both "implements it fully" and "implements it in part". It names the
// link that exists, to be edited instead.
func (v *validation) oneLinkPerLawAndObligation() {
	type pair struct{ law, obligation string }
	first := map[pair]string{}
	for id, n := range v.stored {
		if impl, ok := n.(*graph.Implementation); ok && !v.removed[id] {
			if _, replaced := v.corpus[id]; !replaced {
				first[pair{impl.LawID, impl.ObligationID}] = id
			}
		}
	}
	for _, n := range v.c.Nodes {
		impl, ok := n.(*graph.Implementation)
		if !ok {
			continue
		}
		k := pair{impl.LawID, impl.ObligationID}
		if other, seen := first[k]; seen && other != impl.ID {
			v.probs = append(v.probs, at(v.place(impl, "obligation", impl.ObligationID),
				"%s already links %s to %s (%s): edit that link rather than add a second one", other, impl.LawID, impl.ObligationID, impl.ID))
			continue
		}
		first[k] = impl.ID
	}
}

// widening reports every stored review that the load would make cover an
// obligation it did not cover before without the review naming it itself
// (graph.Widened): no review widens by itself.
func (v *validation) widening() {
	var reviews []*graph.Review
	before := map[string]*graph.Obligation{}
	for id, n := range v.stored {
		switch n := n.(type) {
		case *graph.Review:
			if !v.removed[id] {
				reviews = append(reviews, n)
			}
		case *graph.Obligation:
			before[id] = n
		}
	}
	if len(reviews) == 0 {
		return
	}
	after := map[string][]*graph.Obligation{} // by instrument
	seen := map[string]bool{}
	add := func(n graph.Node) {
		if ob, ok := n.(*graph.Obligation); ok && !seen[ob.ID] {
			seen[ob.ID] = true
			after[ob.InstrumentID] = append(after[ob.InstrumentID], ob)
		}
	}
	for _, n := range v.c.Nodes {
		add(n)
	}
	for id, n := range v.stored {
		if !v.removed[id] {
			add(n)
		}
	}
	slices.SortFunc(reviews, func(a, b *graph.Review) int { return strings.Compare(a.ID, b.ID) })
	for _, was := range reviews {
		n, _ := v.lookup(was.ID)
		now, ok := n.(*graph.Review)
		if !ok {
			continue
		}
		obs := after[now.InstrumentID]
		slices.SortFunc(obs, func(a, b *graph.Obligation) int { return strings.Compare(a.ID, b.ID) })
		for _, id := range graph.Widened(was, now, before, obs) {
			p := v.place(now, "id", "")
			if ob, inCorpus := v.corpus[id]; inCorpus {
				p = v.place(ob, "id", "")
			}
			v.probs = append(v.probs, at(p,
				"review %s would come to cover obligation %s, which it was not read against: a review never widens by itself; record a new review of that obligation, or list it in the review if the law was read against it",
				now.ID, id))
		}
	}
}

// storedElsewhere reports an id the store already holds from a file the
// corpus does not include: loading would silently move the record.
func (v *validation) storedElsewhere(n graph.Node) {
	s, ok := v.stored[n.NodeID()]
	if !ok {
		return
	}
	rec := graph.RecordOf(s)
	if rec.Origin == "" || v.origins[rec.Origin] || rec.Origin == graph.RecordOf(n).Origin {
		return
	}
	v.probs = append(v.probs, at(v.place(n, "id", ""),
		"duplicate id %q: the store already holds %s %s from %s; remove one of them, or load both files together",
		n.NodeID(), s.NodeKind(), n.NodeID(), where(Problem{File: rec.Origin, Line: rec.OriginLine})))
}

// kindChanged reports an id the store holds as a record of another kind,
// from a file this load replaces: the store never changes a record's kind,
// so the load would fail there without naming the place.
func (v *validation) kindChanged(n graph.Node) {
	s, ok := v.stored[n.NodeID()]
	if !ok || s.NodeKind() == n.NodeKind() {
		return
	}
	rec := graph.RecordOf(s)
	if rec.Origin != "" && !v.origins[rec.Origin] && rec.Origin != graph.RecordOf(n).Origin {
		return // storedElsewhere reports it
	}
	v.probs = append(v.probs, at(v.place(n, "id", ""),
		"id %q already names %s in the store (from %s); a record cannot change kind: give this %s another id",
		n.NodeID(), article(s.NodeKind()), where(Problem{File: rec.Origin, Line: rec.OriginLine}), n.NodeKind()))
}

func (v *validation) reference(n graph.Node, ref graph.Ref) {
	target, ok := v.lookup(ref.To)
	switch {
	case !ok && v.removed[ref.To]:
		v.probs = append(v.probs, at(v.place(n, ref.Field, ref.To),
			"%s %q is no longer in %s, which this load replaces", ref.Kind, ref.To, graph.RecordOf(v.stored[ref.To]).Origin))
	case !ok:
		v.probs = append(v.probs, at(v.place(n, ref.Field, ref.To),
			"no %s %q in the fixtures or the store", ref.Kind, ref.To))
	case target.NodeKind() != ref.Kind:
		v.probs = append(v.probs, at(v.place(n, ref.Field, ref.To),
			"%q is %s, want %s", ref.To, article(target.NodeKind()), article(ref.Kind)))
	}
}

func article(k graph.Kind) string {
	switch k.String()[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + k.String()
	}
	return "a " + k.String()
}

// action checks an action against its instrument: it cannot be made or
// deposited before the instrument was adopted, and its reservations must
// be to the instrument's own provisions.
func (v *validation) action(a *graph.StateAction) {
	target, _ := v.lookup(a.InstrumentID)
	in, ok := target.(*graph.Instrument)
	if !ok {
		return
	}
	if before(a.Date, in.Adopted) {
		v.probs = append(v.probs, at(v.place(a, "date", ""),
			"%s dated %s, before %s was adopted (%s)", a.Kind, a.Date, in.ID, in.Adopted))
	}
	if before(a.Deposited, in.Adopted) {
		v.probs = append(v.probs, at(v.place(a, "deposited", ""),
			"deposited %s, before %s was adopted (%s)", a.Deposited, in.ID, in.Adopted))
	}
	for _, res := range a.Reservations {
		for _, pid := range res.ProvisionIDs {
			target, _ := v.lookup(pid)
			if p, ok := target.(*graph.Provision); ok && p.InstrumentID != a.InstrumentID {
				v.probs = append(v.probs, at(v.place(a, "reservations.provisions", pid),
					"provision %q belongs to %s, not to %s, the instrument of this action", pid, p.InstrumentID, a.InstrumentID))
			}
		}
	}
}

// dangling reports stored records, outside the corpus, that reference a
// record the load would remove.
func (v *validation) dangling() {
	if len(v.removed) == 0 {
		return
	}
	ids := make([]string, 0, len(v.stored))
	for id := range v.stored {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		n := v.stored[id]
		if _, replaced := v.corpus[id]; replaced || v.removed[id] {
			continue
		}
		rec := graph.RecordOf(n)
		for _, ref := range graph.RefsOf(n) {
			if v.removed[ref.To] {
				v.probs = append(v.probs, Problem{File: rec.Origin, Line: rec.OriginLine, Field: ref.Field,
					Message: fmt.Sprintf("stored %s %s references %s %q, which this load removes from %s",
						n.NodeKind(), id, ref.Kind, ref.To, graph.RecordOf(v.stored[ref.To]).Origin)})
			}
		}
	}
}

// linkProvisions checks that the statute provisions a link names are of
// the link's own law.
func (v *validation) linkProvisions(impl *graph.Implementation) {
	for _, id := range impl.ProvisionIDs {
		target, _ := v.lookup(id)
		if sp, ok := target.(*graph.StatuteProvision); ok && sp.LawID != impl.LawID {
			v.probs = append(v.probs, at(v.place(impl, "provisions", id),
				"statute provision %q is of %s, not of %s, the law of this link", id, sp.LawID, impl.LawID))
		}
	}
}

// statuteDates checks that no version of a statute provision took effect
// before its law was enacted.
func (v *validation) statuteDates(sp *graph.StatuteProvision) {
	target, _ := v.lookup(sp.LawID)
	law, ok := target.(*graph.Law)
	if !ok {
		return
	}
	for j, ver := range sp.Versions {
		if before(ver.From, law.Enacted) {
			v.probs = append(v.probs, at(v.place(sp, versionFrom(j), ""),
				"version from %s, before %s was enacted (%s)", ver.From, law.ID, law.Enacted))
		}
	}
}
