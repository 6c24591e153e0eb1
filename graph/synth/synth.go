// Package synth generates a synthetic, world-scale compliance graph for
// benchmarks: states, binding and non-binding instruments with provisions
// and obligations, state actions, laws, implementation links and evidence.
// Everything in it is made up and says so: state codes use the ISO 3166-1
// user-assigned range X.., ids start with "synth", and every node's one
// source names the generator and its seed. The same Config always yields the
// same graph, node for node, streamed in an order where every reference names
// a node that came before, so that store.Load can take it without holding it
// in memory.
//
// Its world is complete (every binding instrument's consents are all held,
// to the day: EntryRule.ConsentsComplete), so every entry into force is a
// day; and its obligations are all duties (OBLIGATION or SOFT_OBLIGATION),
// never a recommendation or a permission.
package synth

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// gapModalities are the modalities synth draws: only duties (OBLIGATION and
// SOFT_OBLIGATION), which the default gap list counts, so that the peer
// benchmark's SQL, which ignores modality, asks the same question.
var gapModalities = []graph.Modality{graph.ModalityObligation, graph.ModalitySoftObligation}

// Config sizes a synthetic world.
type Config struct {
	Seed uint64
	// States is the number of states; Instruments the number of
	// instruments, BindingEvery of which one in BindingEvery is a binding
	// convention or treaty with an entry rule (0 means none is binding).
	States       int
	Instruments  int
	BindingEvery int
	// ObligationsPerInstrument is the number of articles of each
	// instrument, each with one obligation.
	ObligationsPerInstrument int
	Actions                  int
	Laws                     int
	Implementations          int
	Evidence                 int
	// Reviews is the number of reviews of a state's law against an
	// instrument it acted on, at most one per action.
	Reviews int
}

// Full is the world-scale graph: 200 states, 600 instruments with 20
// obligations each, 60,000 state actions, 100,000 laws, 1,000,000
// implementation links, 500,000 evidence items and 20,000 reviews (about 1.7
// million nodes).
var Full = Config{
	Seed:                     2015,
	States:                   200,
	Instruments:              600,
	BindingEvery:             3,
	ObligationsPerInstrument: 20,
	Actions:                  60_000,
	Laws:                     100_000,
	Implementations:          1_000_000,
	Evidence:                 500_000,
	Reviews:                  20_000,
}

// World returns Full scaled by scale: World(1) is Full, World(0.1) a tenth
// of it. Every count stays at least 1, states stay at least ten, obligations
// per instrument are not scaled, and actions and implementations are capped
// at one per (state, instrument) and (law, obligation) pair.
func World(scale float64) Config {
	c := Full
	f := func(n int) int { return max(1, int(math.Round(float64(n)*scale))) }
	c.States = max(10, f(c.States))
	c.Instruments = f(c.Instruments)
	c.Actions = f(c.Actions)
	c.Laws = f(c.Laws)
	c.Implementations = f(c.Implementations)
	c.Evidence = f(c.Evidence)
	c.Reviews = f(c.Reviews)
	c.Actions = min(c.Actions, c.States*c.Instruments)
	c.Reviews = min(c.Reviews, c.Actions)
	c.Implementations = min(c.Implementations, c.Laws*c.Instruments*c.ObligationsPerInstrument)
	return c
}

// Count returns the number of nodes Nodes yields.
func (c Config) Count() int {
	return c.States + c.Instruments*(1+2*c.ObligationsPerInstrument) + c.Actions + c.Laws + c.Implementations + c.Evidence + c.Reviews
}

// Validate reports a Config that cannot make a valid graph.
func (c Config) Validate() error {
	switch {
	case c.States < 1 || c.Instruments < 1 || c.ObligationsPerInstrument < 1:
		return graph.Errorf(graph.EINVALID, "synth: want at least one state, instrument and obligation per instrument, got %d, %d, %d",
			c.States, c.Instruments, c.ObligationsPerInstrument)
	case c.Actions < 0 || c.Laws < 0 || c.Implementations < 0 || c.Evidence < 0 || c.Reviews < 0:
		return graph.Errorf(graph.EINVALID, "synth: negative count in %+v", c)
	case c.Reviews > c.Actions:
		return graph.Errorf(graph.EINVALID, "synth: %d reviews exceed one per action (%d)", c.Reviews, c.Actions)
	case c.Actions > c.States*c.Instruments:
		return graph.Errorf(graph.EINVALID, "synth: %d actions exceed one per (state, instrument) pair (%d)", c.Actions, c.States*c.Instruments)
	case c.Implementations > c.Laws*c.Instruments*c.ObligationsPerInstrument:
		return graph.Errorf(graph.EINVALID, "synth: %d implementations exceed one per (law, obligation) pair (%d)",
			c.Implementations, c.Laws*c.Instruments*c.ObligationsPerInstrument)
	}
	return nil
}

// StateCode returns the code of state i: "XAA", "XAB", ... and, past 676
// states, four letters.
func StateCode(i int) string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	if i < 26*26 {
		return string([]byte{'X', letters[i/26], letters[i%26]})
	}
	i -= 26 * 26
	return string([]byte{'X', letters[i/676%26], letters[i/26%26], letters[i%26]})
}

// InstrumentID returns the id of instrument i.
func InstrumentID(i int) string { return fmt.Sprintf("synth-inst-%04d", i) }

// ProvisionID returns the id of article j (from 1) of instrument i.
func ProvisionID(i, j int) string { return fmt.Sprintf("synth-inst-%04d/art_%d", i, j) }

// ObligationID returns the id of the obligation of article j (from 1) of
// instrument i.
func ObligationID(i, j int) string { return ProvisionID(i, j) + "/obl_1" }

// LawID returns the id of law k; law k belongs to state k mod States.
func (c Config) LawID(k int) string {
	return fmt.Sprintf("%s/synth-law-%d", strings.ToLower(StateCode(k%c.States)), k/c.States)
}

// Binding reports whether instrument i is binding.
func (c Config) Binding(i int) bool { return c.BindingEvery > 0 && i%c.BindingEvery == 0 }

// kind salts keep the random streams of different node kinds apart.
const (
	saltState uint64 = iota + 1
	saltInstrument
	saltProvision
	saltLaw
	saltAction
	saltImplementation
	saltEvidence
	saltAdopted
	saltEnacted
	saltReview
)

// rng returns the random stream of item i of a kind: items can be generated
// in any order and still come out the same.
func (c Config) rng(salt uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed^salt<<56, uint64(i)))
}

func (c Config) source() []graph.Source {
	return []graph.Source{{Citation: fmt.Sprintf("pactwatch synthetic world (graph/synth, seed %d): not a real record", c.Seed)}}
}

func randDate(r *rand.Rand, from, to int) graph.Date {
	y := from + r.IntN(to-from+1)
	switch r.IntN(10) {
	case 0:
		return graph.Date{Year: y}
	case 1, 2:
		return graph.Date{Year: y, Month: 1 + r.IntN(12)}
	}
	return graph.Date{Year: y, Month: 1 + r.IntN(12), Day: 1 + r.IntN(28)}
}

func pick[T any](r *rand.Rand, all []T) T { return all[r.IntN(len(all))] }

// lawEnacted returns when law k was enacted.
func (c Config) lawEnacted(k int) graph.Date { return randDate(c.rng(saltEnacted, k), 1990, 2020) }

// instrumentAdopted returns when instrument i was adopted.
func (c Config) instrumentAdopted(i int) graph.Date {
	return randDate(c.rng(saltAdopted, i), 2004, 2017)
}

// Nodes streams the world's nodes: states, instruments with their provisions
// and obligations, laws, state actions, implementation links, evidence. Every
// reference names a node streamed before it. It yields nothing for an
// invalid Config (check Validate first).
func (c Config) Nodes() iter.Seq[graph.Node] {
	return func(yield func(graph.Node) bool) {
		if c.Validate() != nil {
			return
		}
		src := c.source()
		for i := range c.States {
			if !yield(c.state(i, src)) {
				return
			}
		}
		for i := range c.Instruments {
			for _, n := range c.instrument(i, src) {
				if !yield(n) {
					return
				}
			}
		}
		for k := range c.Laws {
			if !yield(c.law(k, src)) {
				return
			}
		}
		for j := range c.Actions {
			if !yield(c.action(j, src)) {
				return
			}
		}
		for m := range c.Implementations {
			if !yield(c.implementation(m, src)) {
				return
			}
		}
		for e := range c.Evidence {
			if !yield(c.evidence(e, src)) {
				return
			}
		}
		for v := range c.Reviews {
			if !yield(c.review(v, src)) {
				return
			}
		}
	}
}

// actionPair returns the (state, instrument) pair of action j: actions are
// spread evenly over the pairs, one per pair at most.
func (c Config) actionPair(j int) (s, i int) {
	pair := int(int64(j) * int64(c.States*c.Instruments) / int64(c.Actions))
	return pair % c.States, pair / c.States
}

// review returns review v: of the law of the state of an action, against
// that action's instrument, spread evenly over the actions; half read the
// law against every held provision, half against a few listed ones.
func (c Config) review(v int, src []graph.Source) *graph.Review {
	r := c.rng(saltReview, v)
	s, i := c.actionPair(int(int64(v) * int64(c.Actions) / int64(c.Reviews)))
	code, inst := StateCode(s), InstrumentID(i)
	rv := &graph.Review{
		ID:           fmt.Sprintf("%s/review/%s", code, inst),
		StateCode:    code,
		InstrumentID: inst,
		Scope:        graph.ReviewAllHeld,
		Date:         randDate(r, 2005, 2020),
		Method:       graph.MethodStatuteReading,
		Reviewer:     "pactwatch synthetic world",
		Articles:     []string{"synthetic articles 1-40"},
		Summary:      "A synthetic review for benchmarks.",
		Record:       graph.Record{Sources: src, Origin: stateOrigin(code)},
	}
	if c.Laws > s {
		rv.LawIDs = []string{c.LawID(s)}
	}
	if r.IntN(2) == 0 {
		rv.Scope = graph.ReviewListed
		for n := 1 + r.IntN(c.ObligationsPerInstrument); n > 0; n-- {
			p := ProvisionID(i, 1+r.IntN(c.ObligationsPerInstrument))
			if !slices.Contains(rv.ProvisionIDs, p) {
				rv.ProvisionIDs = append(rv.ProvisionIDs, p)
			}
		}
	}
	return rv
}

func stateOrigin(code string) string { return "synth/states/" + code + ".yaml" }

func (c Config) state(i int, src []graph.Source) *graph.State {
	r := c.rng(saltState, i)
	code := StateCode(i)
	return &graph.State{
		Code:       code,
		Name:       "Synthetic state " + code,
		ASEANSince: randDate(r, 1967, 1999),
		Record:     graph.Record{Sources: src, Origin: stateOrigin(code)},
	}
}

var (
	bindingKinds    = []graph.InstrumentKind{graph.InstrumentConvention, graph.InstrumentTreaty}
	nonBindingKinds = []graph.InstrumentKind{graph.InstrumentDeclaration, graph.InstrumentGuidelines, graph.InstrumentJointStatement, graph.InstrumentPlanOfAction, graph.InstrumentWorkPlan, graph.InstrumentConsensus}
)

func (c Config) instrument(i int, src []graph.Source) []graph.Node {
	r := c.rng(saltInstrument, i)
	id := InstrumentID(i)
	origin := "synth/instruments/" + id + ".yaml"
	rec := graph.Record{Sources: src, Origin: origin}
	inst := &graph.Instrument{
		ID:         id,
		Title:      fmt.Sprintf("Synthetic instrument %d", i),
		ShortTitle: fmt.Sprintf("SI-%d", i),
		Adopted:    c.instrumentAdopted(i),
		Summary:    "A synthetic instrument for benchmarks.",
		Record:     rec,
	}
	if c.Binding(i) {
		inst.Binding = true
		inst.Kind = pick(r, bindingKinds)
		inst.Rule = graph.EntryRule{
			Ratifications:       2 + r.IntN(9),
			DaysAfter:           30 + 30*r.IntN(3),
			LaterPartyDaysAfter: 30,
			Article:             fmt.Sprintf("Article %d", c.ObligationsPerInstrument),
			// The world is complete: every consent is held, to the day.
			ConsentsComplete: true,
		}
	} else {
		inst.Kind = pick(r, nonBindingKinds)
	}
	nodes := make([]graph.Node, 0, 1+2*c.ObligationsPerInstrument)
	nodes = append(nodes, inst)
	for j := 1; j <= c.ObligationsPerInstrument; j++ {
		pr := c.rng(saltProvision, i*c.ObligationsPerInstrument+j)
		p := &graph.Provision{
			ID:           ProvisionID(i, j),
			InstrumentID: id,
			Label:        fmt.Sprintf("Article %d", j),
			Heading:      fmt.Sprintf("Synthetic heading %d", j),
			Text:         fmt.Sprintf("Each Party shall take the measures described in synthetic article %d of instrument %d.", j, i),
			TextKind:     graph.TextSummary,
			Order:        j,
			Record:       rec,
		}
		themes := []graph.Theme{pick(pr, graph.Themes)}
		if pr.IntN(3) == 0 {
			if t := pick(pr, graph.Themes); t != themes[0] {
				themes = append(themes, t)
			}
		}
		o := &graph.Obligation{
			ID:           ObligationID(i, j),
			InstrumentID: id,
			ProvisionID:  p.ID,
			Modality:     pick(pr, gapModalities),
			Themes:       themes,
			Summary:      fmt.Sprintf("Synthetic obligation of article %d.", j),
			Record:       rec,
		}
		nodes = append(nodes, p, o)
	}
	return nodes
}

var lawKinds = graph.LawKinds

func (c Config) law(k int, src []graph.Source) *graph.Law {
	r := c.rng(saltLaw, k)
	code := StateCode(k % c.States)
	l := &graph.Law{
		ID:        c.LawID(k),
		StateCode: code,
		Title:     fmt.Sprintf("Synthetic law %d of %s", k/c.States, code),
		Number:    fmt.Sprintf("%d/%d", k/c.States, 1990+k%31),
		Kind:      pick(r, lawKinds),
		Enacted:   c.lawEnacted(k),
		Summary:   "A synthetic law for benchmarks.",
		Record:    graph.Record{Sources: src, Origin: stateOrigin(code)},
	}
	// A law may amend, or be repealed by, the state's previous law; the
	// previous law is streamed first, so the reference is already there.
	if prev := k - c.States; prev >= 0 {
		switch r.IntN(20) {
		case 0:
			l.AmendsIDs = []string{c.LawID(prev)}
		case 1:
			if e := c.lawEnacted(prev); l.Enacted.Compare(e) < 0 {
				l.RepealedByID = c.LawID(prev)
				l.Repealed = e
			}
		}
	}
	return l
}

func (c Config) action(j int, src []graph.Source) *graph.StateAction {
	r := c.rng(saltAction, j)
	s, i := c.actionPair(j)
	code, inst := StateCode(s), InstrumentID(i)
	a := &graph.StateAction{
		StateCode:    code,
		InstrumentID: inst,
		Record:       graph.Record{Sources: src, Origin: stateOrigin(code)},
	}
	adopted := c.instrumentAdopted(i)
	a.Date = randDate(r, adopted.Year, adopted.Year+6)
	if a.Date.Compare(adopted) < 0 {
		a.Date = adopted
	}
	if !c.Binding(i) {
		a.Kind = graph.ActionEndorsement
	} else {
		switch n := r.IntN(10); {
		case n < 2:
			a.Kind = graph.ActionSignature
		case n < 3:
			a.Kind = graph.ActionAccession
		default:
			a.Kind = graph.ActionRatification
		}
		if a.Kind.ConsentsToBeBound() {
			a.Deposited = a.Date.AddDays(r.IntN(90))
			// The domestic act is one of the state's laws, when it has one.
			if c.Laws > s && r.IntN(2) == 0 {
				a.DomesticActID = c.LawID(s + c.States*r.IntN(max(1, (c.Laws-s+c.States-1)/c.States)))
			}
			if r.IntN(50) == 0 {
				a.Reservations = []graph.Reservation{{
					ProvisionIDs: []string{ProvisionID(i, 1+r.IntN(c.ObligationsPerInstrument))},
					Text:         "A synthetic reservation.",
					TextKind:     graph.TextSummary,
				}}
			}
		}
	}
	a.ID = fmt.Sprintf("%s/%s/%s", code, inst, strings.ToLower(string(a.Kind)))
	return a
}

func (c Config) implementation(m int, src []graph.Source) *graph.Implementation {
	r := c.rng(saltImplementation, m)
	k := m % c.Laws
	obligations := c.Instruments * c.ObligationsPerInstrument
	// The n-th link of law k goes to a distinct obligation: offsets from a
	// per-law start, a fixed stride apart.
	perLaw := (c.Implementations + c.Laws - 1) / c.Laws
	stride := max(1, obligations/perLaw)
	start := int(mix(c.Seed^uint64(k)) % uint64(obligations))
	o := (start + (m/c.Laws)*stride) % obligations
	inst, art := o/c.ObligationsPerInstrument, 1+o%c.ObligationsPerInstrument
	law, obl := c.LawID(k), ObligationID(inst, art)
	im := &graph.Implementation{
		ID:           law + "/implements/" + obl,
		LawID:        law,
		ObligationID: obl,
		Articles:     []string{fmt.Sprintf("Art. %d", 1+r.IntN(40))},
		Extent:       graph.ExtentFull,
		Record:       graph.Record{Sources: src, Origin: stateOrigin(StateCode(k % c.States))},
	}
	if r.IntN(5) < 2 {
		im.Extent = graph.ExtentPartial
		im.Note = "Covers part of the synthetic obligation."
	}
	return im
}

var findings = graph.Findings

func (c Config) evidence(e int, src []graph.Source) *graph.Evidence {
	r := c.rng(saltEvidence, e)
	code := StateCode(e % c.States)
	ev := &graph.Evidence{
		ID:        fmt.Sprintf("%s/ev/synth-%d", strings.ToLower(code), e/c.States),
		StateCode: code,
		Kind:      pick(r, graph.EvidenceKinds),
		Date:      randDate(r, 2005, 2020),
		Finding:   pick(r, findings),
		Summary:   "A synthetic observation for benchmarks.",
		Record:    graph.Record{Sources: src, Origin: stateOrigin(code)},
	}
	obligations := c.Instruments * c.ObligationsPerInstrument
	switch r.IntN(4) {
	case 0:
		ev.Themes = []graph.Theme{pick(r, graph.Themes)}
	default:
		n := 1 + r.IntN(2)
		for range n {
			o := r.IntN(obligations)
			id := ObligationID(o/c.ObligationsPerInstrument, 1+o%c.ObligationsPerInstrument)
			if len(ev.ObligationIDs) == 0 || ev.ObligationIDs[0] != id {
				ev.ObligationIDs = append(ev.ObligationIDs, id)
			}
		}
	}
	if ev.Kind == graph.EvidenceStatistic {
		y := ev.Date.Year
		ev.Figures = []graph.Figure{{Name: "victims identified", Unit: "persons", Points: []graph.FigurePoint{
			{Period: fmt.Sprint(y - 1), Value: float64(r.IntN(2000))},
			{Period: fmt.Sprint(y), Value: float64(r.IntN(2000))},
		}}}
	}
	return ev
}

// mix is SplitMix64's finaliser: a cheap, well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
