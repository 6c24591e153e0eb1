package graph

import "io"

// Source is where a fact comes from: a citation and, where one exists, a URL.
type Source struct {
	Citation  string
	URL       string
	Publisher string
	Date      Date   // the source's own date, when known
	Locator   string // page, section or table within the source
}

// Claim is one statement about a field of a record, with its sources. Where
// sources disagree (the seed paper is sometimes wrong), a record keeps every
// claim and marks the one the graph uses; Note says why.
type Claim struct {
	Field   string
	Value   string
	Sources []Source
	Used    bool
	Note    string
}

// Record holds what every node carries besides its own fields: its sources,
// any competing claims, whether it is unverified, and where it was loaded from.
type Record struct {
	Sources []Source
	Claims  []Claim
	// Unverified marks a fact that no source in hand confirms; it stays in the
	// graph only so that a researcher can confirm or remove it.
	Unverified bool
	Note       string
	// Origin is the file the record was loaded from, relative to the loaded
	// root; loading that file again replaces every record of that origin.
	Origin     string
	OriginLine int
	// Suggestion is the suggestion the record was accepted from, nil for
	// a record a curator wrote by hand or a file holds.
	Suggestion *Suggestion `json:",omitempty"`
}

func (r *Record) record() *Record { return r }

// Node is any node of the graph. Every node has a stable external id, unique
// across kinds, which is also its GraphQL ID.
type Node interface {
	NodeID() string
	NodeKind() Kind
	record() *Record
}

// RecordOf returns the common record of a node.
func RecordOf(n Node) *Record { return n.record() }

// EntryRule is how an instrument enters into force: after Ratifications
// consents to be bound have been deposited, DaysAfter days after the last
// needed deposit; for a later party, LaterPartyDaysAfter days after its own
// deposit. A zero rule means the instrument has no entry into force (a
// declaration or a plan).
type EntryRule struct {
	Ratifications       int
	DaysAfter           int
	LaterPartyDaysAfter int
	Article             string // where the rule is written, e.g. "Article 29"
	// ConsentsComplete is true when every consent up to the one that
	// brought the instrument into force is held (a depositary's list was
	// read): only then can a derived entry into force be a single day.
	ConsentsComplete bool `json:",omitempty"`
}

// Instrument is a regional policy instrument: a declaration, guidelines, a
// convention, a plan of action.
type Instrument struct {
	ID         string
	Title      string
	ShortTitle string
	Kind       InstrumentKind
	// Binding is true for an instrument that binds its parties (a convention
	// or treaty); a declaration or plan commits but does not bind.
	Binding bool
	Adopted Date
	Place   string
	Summary string
	Rule    EntryRule
	// EntryIntoForce is an explicit, sourced entry-into-force date. The engine
	// derives the date from Rule and the deposits; this one overrides it only
	// when EntryIntoForceSources is not empty, and a disagreement between the
	// two is reported as a data-quality warning.
	EntryIntoForce        Date
	EntryIntoForceSources []Source
	// Coverage says how much of the instrument the graph holds.
	Coverage Coverage
	// StatusStatements are what sources state of who had, and had not,
	// consented to be bound as of a day: sourced negatives the engine uses.
	StatusStatements []StatusStatement
	Record
}

// Coverage says how much of an instrument the graph holds: whether its
// record is complete, and the provisions known to exist but not held.
type Coverage struct {
	Complete bool
	NotHeld  []KnownProvision
}

// KnownProvision is a provision known to exist (from a cross-reference, or
// a source that counts them) whose text the graph does not hold.
type KnownProvision struct {
	Label   string // "Article 5"
	ID      string // the id it would have, when known
	Note    string
	Sources []Source
}

// StatusStatement is what one source states of the states' standing
// towards an instrument as of a day: the states it names as having
// consented to be bound, those it names as not having, and whether it lists
// every party (a depositary's list), so that a state absent from it had not.
type StatusStatement struct {
	AsOf       Date
	Parties    []string
	NotParties []string
	Complete   bool
	Summary    string
	Sources    []Source
}

// NotPartyOn reports whether the statement says the state had not consented
// to be bound by its date.
func (s *StatusStatement) NotPartyOn(code string) bool {
	for _, c := range s.NotParties {
		if c == code {
			return true
		}
	}
	if !s.Complete {
		return false
	}
	for _, c := range s.Parties {
		if c == code {
			return false
		}
	}
	return true
}

// PartyOn reports whether the statement names the state as having
// consented to be bound by its date.
func (s *StatusStatement) PartyOn(code string) bool {
	for _, c := range s.Parties {
		if c == code {
			return true
		}
	}
	return false
}

// NodeID returns the instrument's id, e.g. "actip-2015".
func (n *Instrument) NodeID() string { return n.ID }

// NodeKind returns KindInstrument.
func (n *Instrument) NodeKind() Kind { return KindInstrument }

// Provision is an addressable part of an instrument (article, paragraph,
// section) with an Akoma Ntoso style id such as "actip-2015/art_14/para_1".
type Provision struct {
	ID           string
	InstrumentID string
	Label        string // "Article 14(1)"
	Heading      string
	Text         string
	// TextKind says whether Text is the instrument's verbatim words or a
	// summary written for pactwatch.
	TextKind TextKind
	Order    int // position within the instrument
	// Incomplete marks a provision only some of whose parts the graph holds.
	Incomplete bool
	// CorrespondsTo names provisions of other instruments this one
	// corresponds to, where a source says so or a comparison of the two
	// verbatim texts shows it (Correspondence.Basis).
	CorrespondsTo []Correspondence
	Record
}

// Correspondence says that a provision corresponds to one of another
// instrument (ACTIP's article to the UN Protocol's it builds on). It never
// changes a compliance answer: no implementation is inferred from it.
type Correspondence struct {
	ProvisionID string
	Note        string
	// Basis is what the correspondence rests on: a source that states it
	// (SOURCE; the default) or a comparison of the two verbatim texts
	// (TEXT_COMPARISON).
	Basis CorrespondenceBasis
	// Similarity, with TEXT_COMPARISON, is 1 minus the word-level
	// Levenshtein distance between the two texts divided by the longer
	// text's length in words (lower-cased; words are runs of letters and
	// digits), rounded to two decimals: 1 for the same words in the same
	// order. Zero when not measured.
	Similarity float64
	Sources    []Source
	// Suggestion is the suggestion the correspondence was accepted from,
	// nil for one a file or a curator wrote.
	Suggestion *Suggestion `json:",omitempty"`
}

// CorrespondenceBasis is what a correspondence rests on.
type CorrespondenceBasis string

// Correspondence bases.
const (
	BasisSource         CorrespondenceBasis = "SOURCE"          // a source states it
	BasisTextComparison CorrespondenceBasis = "TEXT_COMPARISON" // the two verbatim texts compared
)

// CorrespondenceBases lists every CorrespondenceBasis.
var CorrespondenceBases = []CorrespondenceBasis{BasisSource, BasisTextComparison}

func (v CorrespondenceBasis) MarshalGQL(w io.Writer) {
	if v == "" {
		v = BasisSource
	}
	marshalEnum(w, v)
}
func (v *CorrespondenceBasis) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "CorrespondenceBasis", CorrespondenceBases)
}

// SimilarityValue is the similarity of a comparison of texts, nil for a
// correspondence a source states: the GraphQL field.
func (c *Correspondence) SimilarityValue() *float64 {
	if c.Basis != BasisTextComparison {
		return nil
	}
	s := c.Similarity
	return &s
}

// ModalityLabel says the obligation's modality in words (Modality.Label):
// the GraphQL field every surface draws.
func (o *Obligation) ModalityLabel() string { return o.Modality.Label() }

// NodeID returns the provision's id.
func (n *Provision) NodeID() string { return n.ID }

// NodeKind returns KindProvision.
func (n *Provision) NodeKind() Kind { return KindProvision }

// Obligation is what a provision requires of a state. Its id extends the
// provision's: "actip-2015/art_14/para_1/obl_1".
type Obligation struct {
	ID           string
	InstrumentID string
	ProvisionID  string
	Modality     Modality
	Themes       []Theme
	Summary      string
	// Nature says whether domestic law can implement the obligation; the
	// empty value means DOMESTIC_MEASURE.
	Nature ObligationNature
	Record
}

// Domestic reports whether domestic law can implement the obligation.
func (n *Obligation) Domestic() bool {
	return n.Nature == "" || n.Nature == NatureDomesticMeasure
}

// NodeID returns the obligation's id.
func (n *Obligation) NodeID() string { return n.ID }

// NodeKind returns KindObligation.
func (n *Obligation) NodeKind() Kind { return KindObligation }

// State is an ASEAN member state, identified by its ISO 3166-1 alpha-3 code.
type State struct {
	Code       string // "IDN"
	Name       string
	ASEANSince Date
	Record
}

// ID returns the state's code, which is its node id.
func (n *State) ID() string { return n.Code }

// NodeID returns the state's code.
func (n *State) NodeID() string { return n.Code }

// NodeKind returns KindState.
func (n *State) NodeKind() Kind { return KindState }

// Reservation is a state's reservation to provisions of an instrument. An
// obligation whose provision is reserved is RESERVED, never a gap.
type Reservation struct {
	ProvisionIDs []string
	Text         string
	TextKind     TextKind
	Sources      []Source
}

// StateAction is what a state did about an instrument: signature,
// ratification, accession, acceptance, approval, endorsement or withdrawal.
type StateAction struct {
	ID           string // "IDN/actip-2015/ratification"
	StateCode    string
	InstrumentID string
	Kind         ActionKind
	Date         Date // the act itself (signature, the domestic act)
	Deposited    Date // deposit with the depositary, for consents to be bound
	// DepositedBefore bounds a deposit that is not held: a source places it
	// before this day.
	DepositedBefore Date
	// InForce is an explicit, sourced date from which the instrument is in
	// force for the state; the engine derives it otherwise (see Instrument).
	InForce        Date
	InForceSources []Source
	// DomesticActID names the Law that carried the action (e.g. a
	// ratification law); DomesticAct describes it when it is not in the graph.
	DomesticActID string
	DomesticAct   string
	Reservations  []Reservation
	Record
}

// NodeID returns the action's id.
func (n *StateAction) NodeID() string { return n.ID }

// NodeKind returns KindStateAction.
func (n *StateAction) NodeKind() Kind { return KindStateAction }

// Law is a national legal act: a statute, regulation, decree, national action
// plan or task-force mandate.
type Law struct {
	ID         string // "idn/law-21-2007"
	StateCode  string
	Title      string
	LocalTitle string
	Number     string
	Kind       LawKind
	Enacted    Date
	InForce    Date // when it took effect; zero means on enactment
	Repealed   Date // zero while it stands
	// RepealedByID and AmendsIDs name other laws of the graph.
	RepealedByID string
	AmendsIDs    []string
	Summary      string
	Record
}

// NodeID returns the law's id.
func (n *Law) NodeID() string { return n.ID }

// NodeKind returns KindLaw.
func (n *Law) NodeKind() Kind { return KindLaw }

// Implementation links a law (optionally specific articles of it) to an
// obligation it implements, fully or partly.
type Implementation struct {
	ID           string
	LawID        string
	ObligationID string
	Articles     []string // articles of the law, e.g. "Art. 2"
	// ProvisionIDs names the statute provisions the link rests on, when
	// given; otherwise they are read from Articles (LinkProvisions).
	ProvisionIDs []string
	Extent       Extent
	Note         string // why FULL or PARTIAL
	Record
}

// NodeID returns the implementation's id.
func (n *Implementation) NodeID() string { return n.ID }

// NodeKind returns KindImplementation.
func (n *Implementation) NodeKind() Kind { return KindImplementation }

// FigurePoint is one value of a figure series, e.g. 2017 → 1451.
type FigurePoint struct {
	Period string // "2017", "2005-2017", "2018-01..2018-04"
	Value  float64
}

// Figure is a series of numbers an evidence item reports, e.g. victims per year.
type Figure struct {
	Name   string // "victims rescued"
	Unit   string // "persons", "cases", "percent"
	Points []FigurePoint
}

// Evidence is something observed about a state's practice: a statistic, a
// report, a court case, an external assessment such as a TIP-report tier, an
// interview, news.
type Evidence struct {
	ID        string
	StateCode string
	Kind      EvidenceKind
	Date      Date // when observed or published
	// PeriodFrom and PeriodTo bound the period the evidence covers, if any.
	PeriodFrom Date
	PeriodTo   Date
	// ObligationIDs and Themes say what the evidence bears on: an obligation
	// directly, or every obligation that shares a theme.
	ObligationIDs []string
	Themes        []Theme
	Finding       Finding
	Summary       string
	Figures       []Figure
	// Tier and ReportYear hold a US TIP-report placement, for assessments.
	Tier       Tier
	ReportYear int
	Record
}

// NodeID returns the evidence's id.
func (n *Evidence) NodeID() string { return n.ID }

// NodeKind returns KindEvidence.
func (n *Evidence) NodeKind() Kind { return KindEvidence }

// Review records that a state's law was examined against a scope (an
// instrument's held provisions, or listed provisions and obligations) as of
// a day, by whom or from what source, citing what was read. An obligation a
// review covers that no law implements is NONE: reviewed, none found.
// Without a review it is UNREVIEWED. A review applies from its date (the
// law as of that day was read), which may be long before the day the
// reading was done (Read); a law that comes later still counts.
type Review struct {
	ID            string // "IDN/review/actip-2015/statutes"
	StateCode     string
	InstrumentID  string
	Scope         ReviewScope
	ProvisionIDs  []string
	ObligationIDs []string
	Date          Date // the law as of this day was read; the review applies from it
	Read          Date // the day the reading was done; zero when nothing states it
	Method        ReviewMethod
	Reviewer      string
	LawIDs        []string // laws read
	Articles      []string // articles read
	Summary       string
	Record
}

// NodeID returns the review's id.
func (n *Review) NodeID() string { return n.ID }

// NodeKind returns KindReview.
func (n *Review) NodeKind() Kind { return KindReview }

// Covers reports whether the review covers the obligation: one it lists,
// one of a provision it lists, or, for a stored review of scope ALL_HELD,
// any obligation of its instrument (the graph refuses writes that would add
// one to it: see Widened in review_scope.go).
func (n *Review) Covers(ob *Obligation) bool {
	if n.InstrumentID != ob.InstrumentID {
		return false
	}
	if n.Scope == ReviewAllHeld {
		return true
	}
	for _, id := range n.ObligationIDs {
		if id == ob.ID {
			return true
		}
	}
	for _, p := range n.ProvisionIDs {
		if Covers(p, ob.ProvisionID) {
			return true
		}
	}
	return false
}

// Covers reports whether provision p covers provision q: the same
// provision or one inside it ("art_14" covers "art_14/para_1").
func Covers(p, q string) bool {
	return p == q || (len(q) > len(p) && q[:len(p)] == p && q[len(p)] == '/')
}

// NewNode returns a new empty node of kind k, for decoding.
func NewNode(k Kind) (Node, error) {
	switch k {
	case KindInstrument:
		return &Instrument{}, nil
	case KindProvision:
		return &Provision{}, nil
	case KindObligation:
		return &Obligation{}, nil
	case KindState:
		return &State{}, nil
	case KindStateAction:
		return &StateAction{}, nil
	case KindLaw:
		return &Law{}, nil
	case KindImplementation:
		return &Implementation{}, nil
	case KindEvidence:
		return &Evidence{}, nil
	case KindReview:
		return &Review{}, nil
	case KindStatuteProvision:
		return &StatuteProvision{}, nil
	}
	return nil, Errorf(EINTERNAL, "unknown node kind %d", k)
}
