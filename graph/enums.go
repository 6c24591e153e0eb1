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
)

// Kinds lists every node kind in order.
var Kinds = []Kind{KindInstrument, KindProvision, KindObligation, KindState, KindStateAction, KindLaw, KindImplementation, KindEvidence}

var kindNames = [...]string{"", "instrument", "provision", "obligation", "state", "state action", "law", "implementation", "evidence"}

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
)

// LegalStatuses lists every LegalStatus.
var LegalStatuses = []LegalStatus{LegalImplemented, LegalPartial, LegalNone, LegalReserved}

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
