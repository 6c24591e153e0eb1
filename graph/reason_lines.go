package graph

import (
	"strconv"
	"sync"
)

// The lines of one question's reasons repeat: a state's gap list on one day
// says "legal UNREVIEWED: no law of … is linked to it …" for most of its
// records, and the latest evidence of a theme decides the practice of many
// obligations, in the same words for each. The explainer of one engine call
// keeps such a line under what its words depend on (lineKey) and writes it
// only the first time its key is met; the words are written by reasons.go
// as they would be without it. The line of a linked law names the articles
// of its link and is kept under no key: on the synthetic world nearly every
// one is said once.

// lineKind names which line a lineKey stands for.
type lineKind uint8

const (
	linePractice    lineKind = iota + 1 // one latest item decides the practice status
	lineEarlier                         // how many earlier items were weighed
	lineNoEvidence                      // no evidence bears on it
	lineImplemented                     // legal IMPLEMENTED
	linePartial                         // legal PARTIAL
	lineNotDomestic                     // legal NOT_DOMESTIC
	lineNone                            // legal NONE
	lineUnlinked                        // legal UNREVIEWED: no law linked
	lineNoneInForce                     // legal UNREVIEWED: no linked law in force
)

// lineKey is everything a kept line's words depend on: the rows it names
// (compared by identity: a call reads one snapshot of the state's facts),
// the state, the day, a count, and up to two enum values by their place in
// their list (enumIndex). It holds no string, so that finding a line hashes
// a few words of memory, not text.
type lineKey struct {
	what   lineKind
	a, b   uint8
	on     day
	n      int
	sf     *StateFacts
	ev     *EvidenceRow
	law    *LawRow
	review *ReviewRow
}

// enumIndex returns the place of v in list, counted from 1 (0: not in it).
func enumIndex[T comparable](list []T, v T) uint8 {
	for i, x := range list {
		if x == v {
			return uint8(i + 1)
		}
	}
	return 0
}

// lineMemo keeps the lines of one call; safe for the concurrent resolvers
// of one answer.
type lineMemo struct {
	mu sync.Mutex
	m  map[lineKey]string
}

// line returns the line kept under k, writing it with say the first time.
func (m *lineMemo) line(k lineKey, say func() string) string {
	m.mu.Lock()
	s, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return s
	}
	s = say()
	m.mu.Lock()
	if m.m == nil {
		m.m = make(map[lineKey]string, 64)
	}
	m.m[k] = s
	m.mu.Unlock()
	return s
}

// earlierWords says how many earlier items of evidence were weighed
// without deciding.
func earlierWords(rest int) string {
	return strconv.Itoa(rest) + " earlier item(s) of evidence also weighed, not deciding"
}

// themeWords says how an item of evidence bears on an obligation through
// a theme: "through theme PROSECUTION", made once per theme.
func themeWords(t Theme) string {
	if w, ok := throughTheme[t]; ok {
		return w
	}
	return "through theme " + string(t)
}

var throughTheme = func() map[Theme]string {
	m := map[Theme]string{}
	for _, t := range Themes {
		m[t] = "through theme " + string(t)
	}
	return m
}()

// practiceWords writes a practice status as reasons name it, marked when
// evidence about the obligation's themes decided it: "GAP (thematic)".
func practiceWords(p PracticeStatus, thematic bool) string {
	if !thematic {
		return string(p)
	}
	if w, ok := thematicStatus[p]; ok {
		return w
	}
	return string(p) + " (thematic)"
}

var thematicStatus = func() map[PracticeStatus]string {
	m := map[PracticeStatus]string{}
	for _, p := range PracticeStatuses {
		m[p] = string(p) + " (thematic)"
	}
	return m
}()
