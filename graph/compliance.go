package graph

// ComplianceRecord is the engine's answer for one state, one obligation and
// one date, with the explanation a researcher needs to check it.
type ComplianceRecord struct {
	StateCode    string
	ObligationID string
	InstrumentID string
	AsOf         Date

	// Bound is true when the instrument binds the state on AsOf; BoundSince
	// is the day it became bound and BoundByID the action (ratification,
	// accession, ...) that binds it.
	Bound      bool
	BoundSince Date
	BoundByID  string
	// Committed is true for a non-binding instrument the state endorsed or
	// was an ASEAN member for when it was adopted. Commitments are reported
	// apart from binding obligations.
	Committed bool

	Legal    LegalStatus
	Practice PracticeStatus
	// Reservation is the state's reservation that covers the obligation's
	// provision, when Legal is RESERVED.
	Reservation *Reservation

	// LawIDs, ImplementationIDs and EvidenceIDs are what was weighed: the
	// state's laws linked to the obligation (counted or not, with the reason
	// in Reasons) and the evidence that bears on it, latest first.
	LawIDs            []string
	ImplementationIDs []string
	EvidenceIDs       []string

	// Reasons has one line per decision: why bound or not, why this legal
	// status, why this practice status.
	Reasons []string
	// Warnings are data-quality problems met on the way, e.g. an explicit
	// entry-into-force date that disagrees with the one the rule gives.
	Warnings []string
}

// StateSummary counts a state's bound obligations under one basis on one
// date. Bound = Implemented + Partial + NotImplemented + Reserved, and
// Partial + NotImplemented equals the number of ratified-but-not-implemented
// records for the same state, instrument, date and basis.
type StateSummary struct {
	StateCode    string
	InstrumentID string // empty for all instruments
	AsOf         Date
	Basis        Basis

	Bound          int
	Implemented    int
	Partial        int // PARTIAL under LAW, MIXED under PRACTICE
	NotImplemented int
	Reserved       int
	// Committed counts obligations of non-binding instruments the state is
	// committed to; they are not in Bound.
	Committed int
	// ImplementationRate is Implemented / (Bound - Reserved), or 0 when
	// nothing is bound.
	ImplementationRate float64
}

// RatificationRow is one state's line in an instrument's status table, as it
// stood on AsOf.
type RatificationRow struct {
	StateCode    string
	InstrumentID string
	AsOf         Date
	Signed       Date
	Ratified     Date // the act of the consent to be bound (ratification, accession, ...)
	Deposited    Date
	InForce      Date // when the instrument entered into force for the state
	Withdrawn    Date
	// ActionID is the consent to be bound counted on AsOf, if any.
	ActionID string
	Party    bool // bound on AsOf
	Reasons  []string
}

// EntryIntoForce is when an instrument enters into force, as the engine
// derives it from its rule and the deposits, and as the data states it.
type EntryIntoForce struct {
	InstrumentID string
	// Date is the one the graph uses: Stated when it has sources, else Derived.
	Date    Date
	Derived Date
	Stated  Date
	// TriggerActionID is the deposit that completed the rule (the sixth, for ACTIP).
	TriggerActionID string
	Reasons         []string
	Warnings        []string
}
