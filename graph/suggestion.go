package graph

import (
	"io"
	"reflect"
	"time"
)

// SuggestionKind is what a suggestion proposed: a link from a statute
// provision to an obligation, an obligation read from a provision's words,
// or a correspondence between two instruments' provisions.
type SuggestionKind string

// The kinds of suggestion. Persisted by name.
const (
	SuggestionLink           SuggestionKind = "LINK"
	SuggestionObligation     SuggestionKind = "OBLIGATION"
	SuggestionCorrespondence SuggestionKind = "CORRESPONDENCE"
)

// SuggestionKinds lists every SuggestionKind.
var SuggestionKinds = []SuggestionKind{SuggestionLink, SuggestionObligation, SuggestionCorrespondence}

func (v SuggestionKind) MarshalGQL(w io.Writer) { marshalEnum(w, v) }
func (v *SuggestionKind) UnmarshalGQL(x any) error {
	return unmarshalEnum(x, v, "SuggestionKind", SuggestionKinds)
}

// Suggestion is what a record (or a correspondence) came from when a
// curator accepted it from pactwatch's suggestions rather than writing it
// by hand: the kind, the suggester's score, the words that decided it and
// the graph's version the suggester read. It is kept through publication
// and through later edits, so that a reader can tell a suggested record
// from a curated one; it is never the file origin (Record.Origin) and
// never written by a client (only the accepting mutation sets it).
type Suggestion struct {
	Kind SuggestionKind
	// Score is the suggester's: a link's relevance (1 for the best of its
	// answer), a correspondence's word similarity; 0 for an obligation,
	// which the deontic reading does not score.
	Score float64
	// Cues are the words that decided it: a link's matched passages, an
	// obligation's modal and nature cues, a correspondence's similarity.
	Cues []string
	// Version is the graph's version (the change-log sequence, as a
	// decimal string) the suggester read when it made the suggestion.
	Version string
	// AcceptedBy is the name of the key that accepted it, and AcceptedAt
	// when.
	AcceptedBy string
	AcceptedAt time.Time
}

// SuggestionSlots returns the places a node holds suggestions, by key: ""
// for the record's own (Record.Suggestion), and for a provision the id of
// each corresponding provision whose correspondence was suggested.
func SuggestionSlots(n Node) map[string]*Suggestion {
	out := map[string]*Suggestion{}
	if s := RecordOf(n).Suggestion; s != nil {
		out[""] = s
	}
	if p, ok := n.(*Provision); ok {
		for _, c := range p.CorrespondsTo {
			if c.Suggestion != nil {
				out[c.ProvisionID] = c.Suggestion
			}
		}
	}
	return out
}

// CarrySuggestions keeps on next the suggestions its stored version
// (prev, nil for a new record) holds, where next names none: an edit of a
// suggested record stays a suggested record. It reports the keys (as
// SuggestionSlots gives them) where next names a suggestion prev does not
// hold, which only the accepting mutation may write.
func CarrySuggestions(prev, next Node) (forged []string) {
	held := map[string]*Suggestion{}
	if prev != nil {
		held = SuggestionSlots(prev)
	}
	for k, s := range SuggestionSlots(next) {
		if h := held[k]; h == nil || !reflect.DeepEqual(h, s) {
			forged = append(forged, k)
		}
	}
	if s := held[""]; s != nil && RecordOf(next).Suggestion == nil {
		RecordOf(next).Suggestion = s
	}
	if p, ok := next.(*Provision); ok {
		for i := range p.CorrespondsTo {
			c := &p.CorrespondsTo[i]
			if s := held[c.ProvisionID]; s != nil && c.Suggestion == nil && c.ProvisionID != "" {
				c.Suggestion = s
			}
		}
	}
	return forged
}
