package graph

import (
	"bytes"
	"encoding/json"
)

// Reviewing a draft: what publishing it would do to each record, against
// the revision the draft was based on and the current one.

// DraftChangeKind says what publishing a draft would do to one record.
type DraftChangeKind string

// Draft change kinds.
const (
	DraftKindAdd     DraftChangeKind = "ADD"
	DraftKindChange  DraftChangeKind = "CHANGE"
	DraftKindRetract DraftChangeKind = "RETRACT"
)

// ChangeKindOf is what a draft's put (retract false) or retraction of a
// record does, given the version it was based on (0: it expected the
// record absent) and whether the record is stored now: a put of a record
// neither stored nor based on a stored one adds it; any other put
// replaces or restores it.
func ChangeKindOf(retract bool, base uint64, stored bool) DraftChangeKind {
	switch {
	case retract:
		return DraftKindRetract
	case base == 0 && !stored:
		return DraftKindAdd
	default:
		return DraftKindChange
	}
}

// ChangeStale reports whether a draft's change of a record is stale: the
// draft says which revision it was based on (baseKnown) and the record's
// current version is not it (0 for either: absent). Publishing a stale
// change unforced is refused with CONFLICT.
func ChangeStale(baseKnown bool, base, current uint64) bool { return baseKnown && base != current }

// FieldDiff is one field of a record in three revisions, as JSON values
// (nil where the revision has no record).
type FieldDiff struct {
	Name                    string
	Base, Current, Proposed json.RawMessage
}

// ChangedSinceBase reports whether the current value is not the base's.
func (f FieldDiff) ChangedSinceBase() bool { return !sameJSON(f.Base, f.Current) }

// DiffFields lists the fields of a record that differ between any two of
// base, current and proposed (each nil when that revision holds no
// record), in the order of the record's fields. A field a revision omits
// (an empty value) counts as empty.
func DiffFields(base, current, proposed Node) ([]FieldDiff, error) {
	var order []string
	seen := map[string]bool{}
	maps := make([]map[string]json.RawMessage, 3)
	for i, n := range []Node{base, current, proposed} {
		if n == nil {
			continue
		}
		names, m, err := fieldsOf(n)
		if err != nil {
			return nil, err
		}
		maps[i] = m
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				order = append(order, name)
			}
		}
	}
	var out []FieldDiff
	for _, name := range order {
		f := FieldDiff{Name: name, Base: maps[0][name], Current: maps[1][name], Proposed: maps[2][name]}
		if sameJSON(f.Base, f.Current) && sameJSON(f.Current, f.Proposed) {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// fieldsOf returns a node's JSON fields, in order, without the empty ones.
func fieldsOf(n Node) ([]string, map[string]json.RawMessage, error) {
	raw, err := json.Marshal(n)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return nil, nil, err
	}
	var names []string
	m := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if isEmptyJSON(v) {
			continue
		}
		names = append(names, name)
		m[name] = v
	}
	return names, m, nil
}

func isEmptyJSON(v json.RawMessage) bool {
	switch string(bytes.TrimSpace(v)) {
	case "", "null", `""`, "[]", "{}", "0", "false":
		return true
	}
	return false
}

func sameJSON(a, b json.RawMessage) bool {
	if isEmptyJSON(a) && isEmptyJSON(b) {
		return true
	}
	return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
}
