package graph

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The enums below are persisted by name and exposed as GraphQL enums of the
// same name and values. They are append-only: add new values at the end and
// never rename one, since stored graphs and clients use the names.

// Kind is the kind of a node of the graph. It is persisted as one byte in
// store keys, so values are append-only and never renumbered.
type Kind uint8

// Node kinds.
const (
	KindInstrument Kind = iota + 1
	KindProvision
	KindObligation
	KindState
	KindStateAction
	KindLaw
	KindImplementation
	KindEvidence
	KindReview
	KindStatuteProvision
)

// Kinds lists every node kind in order.
var Kinds = []Kind{KindInstrument, KindProvision, KindObligation, KindState, KindStateAction, KindLaw, KindImplementation, KindEvidence, KindReview, KindStatuteProvision}

var kindNames = [...]string{"", "instrument", "provision", "obligation", "state", "state action", "law", "implementation", "evidence", "review", "statute provision"}

// String returns the kind's name, e.g. "state action".
func (k Kind) String() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// InstrumentKind is the form of a regional instrument.
type InstrumentKind string

// Instrument kinds.
const (
	InstrumentDeclaration    InstrumentKind = "DECLARATION"
	InstrumentGuidelines     InstrumentKind = "GUIDELINES"
	InstrumentJointStatement InstrumentKind = "JOINT_STATEMENT"
	InstrumentConvention     InstrumentKind = "CONVENTION"
	InstrumentTreaty         InstrumentKind = "TREATY"
	InstrumentPlanOfAction   InstrumentKind = "PLAN_OF_ACTION"
	InstrumentWorkPlan       InstrumentKind = "WORK_PLAN"
	InstrumentConsensus      InstrumentKind = "CONSENSUS"
	InstrumentOther          InstrumentKind = "OTHER"
)

// InstrumentKinds lists every InstrumentKind.
var InstrumentKinds = []InstrumentKind{InstrumentDeclaration, InstrumentGuidelines, InstrumentJointStatement, InstrumentConvention, InstrumentTreaty, InstrumentPlanOfAction, InstrumentWorkPlan, InstrumentConsensus, InstrumentOther}

// Modality is how strongly a provision binds: the deontic force of its verb.
type Modality string

// Modalities, from "shall" to "may".
const (
	ModalityObligation     Modality = "OBLIGATION"      // "shall"
	ModalitySoftObligation Modality = "SOFT_OBLIGATION" // "shall endeavour", "shall consider"
	ModalityRecommendation Modality = "RECOMMENDATION"  // "should", "encourage"
	ModalityPermission     Modality = "PERMISSION"      // "may"
)

// GapModalities are the modalities a gap list counts by default: duties,
// binding whether absolute or qualified. RECOMMENDATION is counted when
// asked for; PERMISSION never is: a permission cannot be unimplemented.
var GapModalities = []Modality{ModalityObligation, ModalitySoftObligation}

// Label says a modality in words, as every surface shows it.
func (v Modality) Label() string {
	switch v {
	case ModalityObligation:
		return "obligation"
	case ModalitySoftObligation:
		return "duty to consider / endeavour"
	case ModalityRecommendation:
		return "recommendation"
	case ModalityPermission:
		return "permission"
	}
	return string(v)
}

// Modalities lists every Modality.
var Modalities = []Modality{ModalityObligation, ModalitySoftObligation, ModalityRecommendation, ModalityPermission}

// Theme is a subject an obligation or a piece of evidence bears on.
type Theme string

// Themes of anti-trafficking obligations.
const (
	ThemePrevention            Theme = "PREVENTION"
	ThemeProtection            Theme = "PROTECTION"
	ThemeProsecution           Theme = "PROSECUTION"
	ThemeCriminalisation       Theme = "CRIMINALISATION"
	ThemeLawEnforcement        Theme = "LAW_ENFORCEMENT"
	ThemeCooperation           Theme = "COOPERATION"
	ThemeMutualLegalAssistance Theme = "MUTUAL_LEGAL_ASSISTANCE"
	ThemeExtradition           Theme = "EXTRADITION"
	ThemeCapacityBuilding      Theme = "CAPACITY_BUILDING"
	ThemeDataSharing           Theme = "DATA_SHARING"
	ThemeRepatriation          Theme = "REPATRIATION"
	ThemeBorderControl         Theme = "BORDER_CONTROL"
	ThemeAntiCorruption        Theme = "ANTI_CORRUPTION"
	ThemeMonitoring            Theme = "MONITORING"
)

// Themes lists every Theme.
var Themes = []Theme{ThemePrevention, ThemeProtection, ThemeProsecution, ThemeCriminalisation, ThemeLawEnforcement, ThemeCooperation, ThemeMutualLegalAssistance, ThemeExtradition, ThemeCapacityBuilding, ThemeDataSharing, ThemeRepatriation, ThemeBorderControl, ThemeAntiCorruption, ThemeMonitoring}

// TextKind says whether a provision's text is the instrument's own words or
// pactwatch's paraphrase.
type TextKind string

// Text kinds.
const (
	TextVerbatim TextKind = "VERBATIM"
	TextSummary  TextKind = "SUMMARY"
)

// TextKinds lists every TextKind.
var TextKinds = []TextKind{TextVerbatim, TextSummary}

// ActionKind is what a state did about an instrument.
type ActionKind string

// Action kinds.
const (
	ActionSignature    ActionKind = "SIGNATURE"
	ActionRatification ActionKind = "RATIFICATION"
	ActionAccession    ActionKind = "ACCESSION"
	ActionAcceptance   ActionKind = "ACCEPTANCE"
	ActionApproval     ActionKind = "APPROVAL"
	ActionEndorsement  ActionKind = "ENDORSEMENT"
	ActionWithdrawal   ActionKind = "WITHDRAWAL"
)

// ActionKinds lists every ActionKind.
var ActionKinds = []ActionKind{ActionSignature, ActionRatification, ActionAccession, ActionAcceptance, ActionApproval, ActionEndorsement, ActionWithdrawal}

// ConsentsToBeBound reports whether the action makes a state a party to a
// binding instrument once deposited: ratification, accession, acceptance or
// approval.
func (k ActionKind) ConsentsToBeBound() bool {
	switch k {
	case ActionRatification, ActionAccession, ActionAcceptance, ActionApproval:
		return true
	}
	return false
}

// LawKind is the form of a national legal act.
type LawKind string

// Law kinds.
const (
	LawStatute                LawKind = "STATUTE"
	LawGovernmentRegulation   LawKind = "GOVERNMENT_REGULATION"
	LawPresidentialRegulation LawKind = "PRESIDENTIAL_REGULATION"
	LawMinisterialRegulation  LawKind = "MINISTERIAL_REGULATION"
	LawDecree                 LawKind = "DECREE"
	LawNationalActionPlan     LawKind = "NATIONAL_ACTION_PLAN"
	LawTaskForceMandate       LawKind = "TASK_FORCE_MANDATE"
	LawRatificationAct        LawKind = "RATIFICATION_ACT"
	LawOther                  LawKind = "OTHER"
)

// LawKinds lists every LawKind.
var LawKinds = []LawKind{LawStatute, LawGovernmentRegulation, LawPresidentialRegulation, LawMinisterialRegulation, LawDecree, LawNationalActionPlan, LawTaskForceMandate, LawRatificationAct, LawOther}

// Extent is how completely a law implements an obligation.
type Extent string

// Extents.
const (
	ExtentFull    Extent = "FULL"
	ExtentPartial Extent = "PARTIAL"
)

// Extents lists every Extent.
var Extents = []Extent{ExtentFull, ExtentPartial}

// EvidenceKind is the kind of an observation about a state's practice.
type EvidenceKind string

// Evidence kinds.
const (
	EvidenceStatistic  EvidenceKind = "STATISTIC"
	EvidenceReport     EvidenceKind = "REPORT"
	EvidenceCourtCase  EvidenceKind = "COURT_CASE"
	EvidenceAssessment EvidenceKind = "ASSESSMENT" // e.g. a US TIP-report tier
	EvidenceInterview  EvidenceKind = "INTERVIEW"
	EvidenceNews       EvidenceKind = "NEWS"
)

// EvidenceKinds lists every EvidenceKind.
var EvidenceKinds = []EvidenceKind{EvidenceStatistic, EvidenceReport, EvidenceCourtCase, EvidenceAssessment, EvidenceInterview, EvidenceNews}

// Finding is what a piece of evidence says of practice.
type Finding string

// Findings.
const (
	FindingEffective Finding = "EFFECTIVE"
	FindingGap       Finding = "GAP"
	FindingMixed     Finding = "MIXED"
)

// Findings lists every Finding.
var Findings = []Finding{FindingEffective, FindingGap, FindingMixed}

// LegalStatus is whether a state's law implements an obligation.
type LegalStatus string

// Legal statuses. RESERVED is never a gap.
const (
	LegalImplemented LegalStatus = "IMPLEMENTED"
	LegalPartial     LegalStatus = "PARTIAL"
	LegalNone        LegalStatus = "NONE"
	LegalReserved    LegalStatus = "RESERVED"
	// LegalUnreviewed: no law is known to implement the obligation and no
	// review covers it, so nothing supports saying that none does; or a
	// linked law may be in force on the day (its entry into force or its
	// repeal is dated only to a year or month that holds the day), so
	// neither is known.
	LegalUnreviewed LegalStatus = "UNREVIEWED"
	// LegalNotDomestic: the obligation is one domestic law cannot implement
	// (inter-state or procedural); it is judged by practice, never a legal gap.
	LegalNotDomestic LegalStatus = "NOT_DOMESTIC"
)

// LegalStatuses lists every LegalStatus.
var LegalStatuses = []LegalStatus{LegalImplemented, LegalPartial, LegalNone, LegalReserved, LegalUnreviewed, LegalNotDomestic}

// PracticeStatus is what the evidence says of a state's practice on an obligation.
type PracticeStatus string

// Practice statuses.
const (
	PracticeEffective  PracticeStatus = "EFFECTIVE"
	PracticeMixed      PracticeStatus = "MIXED"
	PracticeGap        PracticeStatus = "GAP"
	PracticeNoEvidence PracticeStatus = "NO_EVIDENCE"
)

// PracticeStatuses lists every PracticeStatus.
var PracticeStatuses = []PracticeStatus{PracticeEffective, PracticeMixed, PracticeGap, PracticeNoEvidence}

// Basis is what "implemented" means in a gap query: in law, in practice, or
// either failing.
type Basis string

// Bases.
const (
	BasisLaw      Basis = "LAW"
	BasisPractice Basis = "PRACTICE"
	BasisEither   Basis = "EITHER"
)

// Bases lists every Basis.
var Bases = []Basis{BasisLaw, BasisPractice, BasisEither}

// ParseEnum returns the value of all whose name is s (case-insensitive), or an
// EINVALID error naming the enum and listing its values.
func ParseEnum[T ~string](name string, all []T, s string) (T, error) {
	for _, v := range all {
		if strings.EqualFold(string(v), strings.TrimSpace(s)) {
			return v, nil
		}
	}
	names := make([]string, len(all))
	for i, v := range all {
		names[i] = string(v)
	}
	return "", Errorf(EINVALID, "invalid %s %q: want one of %s", name, s, strings.Join(names, ", "))
}

// ValidEnum reports whether v is one of all.
func ValidEnum[T ~string](all []T, v T) bool { return slices.Contains(all, v) }

func marshalEnum[T ~string](w io.Writer, v T) { io.WriteString(w, strconv.Quote(string(v))) }

func unmarshalEnum[T ~string](v any, dst *T, name string, all []T) error {
	s, ok := v.(string)
	if !ok {
		return Errorf(EINVALID, "invalid %s %v: want a string", name, v)
	}
	got, err := ParseEnum(name, all, s)
	if err != nil {
		return err
	}
	*dst = got
	return nil
}

// MarshalGQL and UnmarshalGQL let gqlgen bind the GraphQL enums of the same
// names to these types.

func (v InstrumentKind) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *InstrumentKind) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "InstrumentKind", InstrumentKinds)
}
func (v Modality) MarshalGQL(w io.Writer)      { marshalEnum(w, v) }
func (v *Modality) UnmarshalGQL(x any) error   { return unmarshalEnum(x, v, "Modality", Modalities) }
func (v Theme) MarshalGQL(w io.Writer)         { marshalEnum(w, v) }
func (v *Theme) UnmarshalGQL(x any) error      { return unmarshalEnum(x, v, "Theme", Themes) }
func (v TextKind) MarshalGQL(w io.Writer)      { marshalEnum(w, v) }
func (v *TextKind) UnmarshalGQL(x any) error   { return unmarshalEnum(x, v, "TextKind", TextKinds) }
func (v ActionKind) MarshalGQL(w io.Writer)    { marshalEnum(w, v) }
func (v *ActionKind) UnmarshalGQL(x any) error { return unmarshalEnum(x, v, "ActionKind", ActionKinds) }
func (v LawKind) MarshalGQL(w io.Writer)       { marshalEnum(w, v) }
func (v *LawKind) UnmarshalGQL(x any) error    { return unmarshalEnum(x, v, "LawKind", LawKinds) }
func (v Extent) MarshalGQL(w io.Writer)        { marshalEnum(w, v) }
func (v *Extent) UnmarshalGQL(x any) error     { return unmarshalEnum(x, v, "Extent", Extents) }
func (v EvidenceKind) MarshalGQL(w io.Writer)  { marshalEnum(w, v) }
func (v *EvidenceKind) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "EvidenceKind", EvidenceKinds)
}
func (v Finding) MarshalGQL(w io.Writer)     { marshalEnum(w, v) }
func (v *Finding) UnmarshalGQL(x any) error  { return unmarshalEnum(x, v, "Finding", Findings) }
func (v LegalStatus) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *LegalStatus) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "LegalStatus", LegalStatuses)
}
func (v PracticeStatus) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *PracticeStatus) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "PracticeStatus", PracticeStatuses)
}
func (v Basis) MarshalGQL(w io.Writer)    { marshalEnum(w, v) }
func (v *Basis) UnmarshalGQL(x any) error { return unmarshalEnum(x, v, "Basis", Bases) }

// ObligationNature says what can implement an obligation, from the
// provision's wording: national measures (a law, a regulation, a programme),
// dealings between the Parties (cooperate, answer requests, settle disputes),
// or the instrument's own procedure (final clauses). Legal-status gaps and
// rates count only DOMESTIC_MEASURE; the empty value means DOMESTIC_MEASURE.
type ObligationNature string

// Obligation natures.
const (
	NatureDomesticMeasure ObligationNature = "DOMESTIC_MEASURE"
	NatureInterState      ObligationNature = "INTER_STATE"
	NatureProcedural      ObligationNature = "PROCEDURAL"
)

// ObligationNatures lists every ObligationNature.
var ObligationNatures = []ObligationNature{NatureDomesticMeasure, NatureInterState, NatureProcedural}

// ReviewScope says what a review read a state's law against.
type ReviewScope string

// Review scopes.
const (
	// ReviewAllHeld: every obligation of the instrument the graph held
	// when the review was recorded. Kept for stored reviews; new reviews
	// are LISTED (see review_scope.go).
	ReviewAllHeld ReviewScope = "ALL_HELD"
	// ReviewListed: only the provisions and obligations the review lists.
	ReviewListed ReviewScope = "LISTED"
)

// ReviewScopes lists every ReviewScope.
var ReviewScopes = []ReviewScope{ReviewAllHeld, ReviewListed}

// ReviewMethod says how a review examined the law, or from what source.
type ReviewMethod string

// Review methods.
const (
	MethodStatuteReading    ReviewMethod = "STATUTE_READING"
	MethodLegislativeReview ReviewMethod = "LEGISLATIVE_REVIEW"
	MethodUNAssessment      ReviewMethod = "UN_ASSESSMENT"
	MethodASEANAssessment   ReviewMethod = "ASEAN_ASSESSMENT"
	MethodTIPReport         ReviewMethod = "TIP_REPORT"
	MethodOther             ReviewMethod = "OTHER"
)

// ReviewMethods lists every ReviewMethod.
var ReviewMethods = []ReviewMethod{MethodStatuteReading, MethodLegislativeReview, MethodUNAssessment, MethodASEANAssessment, MethodTIPReport, MethodOther}

// Tier is a placement in the US Trafficking in Persons report.
type Tier string

// Tiers.
const (
	Tier1           Tier = "TIER_1"
	Tier2           Tier = "TIER_2"
	Tier2WatchList  Tier = "TIER_2_WATCH_LIST"
	Tier3           Tier = "TIER_3"
	TierSpecialCase Tier = "SPECIAL_CASE"
)

// Tiers lists every Tier.
var Tiers = []Tier{Tier1, Tier2, Tier2WatchList, Tier3, TierSpecialCase}

// Standing is how a state stands towards an instrument on a day, saying
// plainly when the graph does not know.
type Standing string

// Standings.
const (
	// StandingParty: bound on the day.
	StandingParty Standing = "PARTY"
	// StandingPending: consent deposited, not yet in force for the state.
	StandingPending Standing = "PENDING"
	// StandingSignedOnly: signed, and a source places the consent to be
	// bound after the day (or states there was none by then).
	StandingSignedOnly Standing = "SIGNED_ONLY"
	// StandingNotParty: a source places the consent after the day, or
	// states the state was not a party then.
	StandingNotParty Standing = "NOT_PARTY"
	// StandingWithdrawn: the state withdrew.
	StandingWithdrawn Standing = "WITHDRAWN"
	// StandingConsentNotDated: a consent to be bound is recorded but its
	// deposit is not held (or only bounded), so the day it binds from is
	// not known.
	StandingConsentNotDated Standing = "CONSENT_NOT_DATED"
	// StandingInForceUnknown: consent deposited, but whether the instrument
	// is in force is not known (consents missing, no sourced date).
	StandingInForceUnknown Standing = "IN_FORCE_UNKNOWN"
	// StandingUnknown: nothing recorded either way, or the day falls inside
	// the period of a withdrawal dated only to a year or month, before its
	// last day (StandingDecision.Withdrawing).
	StandingUnknown Standing = "UNKNOWN"
	// StandingCommitted and StandingNotCommitted are for non-binding instruments.
	StandingCommitted    Standing = "COMMITTED"
	StandingNotCommitted Standing = "NOT_COMMITTED"
)

// Standings lists every Standing.
var Standings = []Standing{StandingParty, StandingPending, StandingSignedOnly, StandingNotParty, StandingWithdrawn, StandingConsentNotDated, StandingInForceUnknown, StandingUnknown, StandingCommitted, StandingNotCommitted}

// Known reports whether the standing says for certain whether the state is
// bound (or committed) on the day.
func (s Standing) Known() bool {
	switch s {
	case StandingConsentNotDated, StandingInForceUnknown, StandingUnknown:
		return false
	}
	return true
}

func (v ObligationNature) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *ObligationNature) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "ObligationNature", ObligationNatures)
}
func (v ReviewScope) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *ReviewScope) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "ReviewScope", ReviewScopes)
}
func (v ReviewMethod) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *ReviewMethod) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "ReviewMethod", ReviewMethods)
}
func (v Tier) MarshalGQL(w io.Writer)        { marshalEnum(w, v) }
func (v *Tier) UnmarshalGQL(x any) error     { return unmarshalEnum(x, v, "Tier", Tiers) }
func (v Standing) MarshalGQL(w io.Writer)    { marshalEnum(w, v) }
func (v *Standing) UnmarshalGQL(x any) error { return unmarshalEnum(x, v, "Standing", Standings) }

// Outcome is how one bound obligation counts under a basis on a day, as the
// gap rule (gap.go) decides it: the one value every surface draws.
type Outcome string

// Outcomes.
const (
	OutcomeImplemented     Outcome = "IMPLEMENTED"
	OutcomePartial         Outcome = "PARTIAL"
	OutcomeNotImplemented  Outcome = "NOT_IMPLEMENTED" // a known negative
	OutcomeUnreviewed      Outcome = "UNREVIEWED"      // nothing known either way
	OutcomeReserved        Outcome = "RESERVED"
	OutcomeNotDomestic     Outcome = "NOT_DOMESTIC"
	OutcomeNotCounted      Outcome = "NOT_COUNTED"      // a modality the question does not count
	OutcomeNotBound        Outcome = "NOT_BOUND"        // the state is not bound (or only committed)
	OutcomeStandingUnknown Outcome = "STANDING_UNKNOWN" // whether the state is bound is not known
)

// Outcomes lists every Outcome.
var Outcomes = []Outcome{OutcomeImplemented, OutcomePartial, OutcomeNotImplemented, OutcomeUnreviewed, OutcomeReserved, OutcomeNotDomestic, OutcomeNotCounted, OutcomeNotBound, OutcomeStandingUnknown}

// Gap reports whether the outcome is a gap: PARTIAL or NOT_IMPLEMENTED.
func (v Outcome) Gap() bool { return v == OutcomePartial || v == OutcomeNotImplemented }

func (v Outcome) MarshalGQL(w io.Writer)    { marshalEnum(w, v) }
func (v *Outcome) UnmarshalGQL(x any) error { return unmarshalEnum(x, v, "Outcome", Outcomes) }

// StatuteEdition says whose text of a statute a version is: the state's
// official text, or a translation no authority made binding.
type StatuteEdition string

// Statute editions.
const (
	EditionOfficial              StatuteEdition = "OFFICIAL"
	EditionUnofficialTranslation StatuteEdition = "UNOFFICIAL_TRANSLATION"
)

// StatuteEditions lists every StatuteEdition.
var StatuteEditions = []StatuteEdition{EditionOfficial, EditionUnofficialTranslation}

// DecodedEnum returns the value of list equal to s, or s itself when none is:
// a value decoded from bytes is then the one the list holds, whose text is
// shared (compared by its pointer first) instead of a copy of its own.
func DecodedEnum[T ~string](list []T, s string) T {
	if i := enumIndex(list, T(s)); i > 0 {
		return list[i-1]
	}
	return T(s)
}
