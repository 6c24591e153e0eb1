package graph

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
)

// The lines of one question's reasons repeat: a state's gap list on one day
// says "legal UNREVIEWED: no law of … is linked to it …" for most of its
// records, the latest evidence of a theme decides the practice of many
// obligations, and "34 earlier item(s) of evidence also weighed" comes
// back with every count. Such a line is kept under what its words depend
// on (lineKey) and written again only for another key; the words are
// written by reasons.go as they would be without it.
//
//   - The practice line of an item of evidence depends on nothing a
//     question asks: the state's facts keep it (StateFacts.practiceLines),
//     for every question of their version.
//   - The line of a legal status names the state, the day, or a review or
//     law: the explainer of one engine call keeps the last one of each kind
//     (lineMemo), enough for a gap list, whose state and day are one.
//   - The count of earlier items is kept for the process (earlierWords).
//   - The reasons of a standing known to be bound since a day name the
//     consent and that day, not the day asked: the state's facts keep them
//     (keptStandingReasons).
//
// The line of a linked law names the articles of its link and is kept under
// no key: on the synthetic world nearly every one is said once.

// lineKind names which line a lineKey stands for.
type lineKind uint8

const (
	linePractice    lineKind = iota + 1 // one latest item decides the practice status
	lineNoEvidence                      // no evidence bears on it
	lineImplemented                     // legal IMPLEMENTED
	linePartial                         // legal PARTIAL
	lineNotDomestic                     // legal NOT_DOMESTIC
	lineNone                            // legal NONE
	lineUnlinked                        // legal UNREVIEWED: no law linked
	lineNoneInForce                     // legal UNREVIEWED: no linked law in force
	lineKinds
)

// lineKey is everything a kept line's words depend on: the rows it names
// (compared by identity: a call reads one snapshot of the state's facts),
// the state, the day, and up to two enum values by their place in their
// list (enumIndex). It holds no string, so that it is compared as a few
// words of memory, not as text.
type lineKey struct {
	what   lineKind
	a, b   uint8
	on     day
	sf     *StateFacts
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

// lineMemo keeps the last line of each kind said in one call: safe for
// the concurrent resolvers of one answer, and free of locks and hashing.
type lineMemo struct {
	last [lineKinds]atomic.Pointer[keptLine]
}

// keptLine is a line with the key it was written for.
type keptLine struct {
	k lineKey
	s string
}

// line returns the line kept under k, writing it with say when the last
// line of its kind was kept under another key.
func (m *lineMemo) line(k lineKey, say func() string) string {
	slot := &m.last[k.what]
	if p := slot.Load(); p != nil && p.k == k {
		return p.s
	}
	s := say()
	slot.Store(&keptLine{k, s})
	return s
}

// practiceLine returns the practice line kept in sf for item f of
// evidence, under the status and theme k says (k.a, k.b), writing it with
// say the first time. An item's lines are kept at its place in the facts,
// so that finding one hashes nothing. Facts not made from a block keep
// nothing: the line is written each time.
func (sf *StateFacts) practiceLine(f EvidenceFact, k lineKey, say func() string) string {
	if int(f.at) >= len(sf.practiceKept) {
		return say()
	}
	slot := &sf.practiceKept[f.at]
	first := slot.Load()
	for l := first; l != nil; l = l.next {
		if l.a == k.a && l.b == k.b {
			return l.s
		}
	}
	s := say()
	// A line written at once by another request may be lost: it is
	// written again when next asked.
	slot.Store(&practiceLines{a: k.a, b: k.b, s: s, next: first})
	return s
}

// practiceLines are the practice lines of one item of evidence, by status
// and theme.
type practiceLines struct {
	a, b uint8
	s    string
	next *practiceLines
}

// earlierWords says how many earlier items of evidence were weighed
// without deciding; the line of each count below keptEarlier is written
// once for the process.
func earlierWords(rest int) string {
	if rest < 0 || rest >= keptEarlier {
		return strconv.Itoa(rest) + " earlier item(s) of evidence also weighed, not deciding"
	}
	if p := earlierLines[rest].Load(); p != nil {
		return *p
	}
	s := strconv.Itoa(rest) + " earlier item(s) of evidence also weighed, not deciding"
	earlierLines[rest].Store(&s)
	return s
}

const keptEarlier = 1024

var earlierLines [keptEarlier]atomic.Pointer[string]

// practiceWords writes a practice status as reasons name it, marked when
// evidence about the obligation's themes decided it: "GAP (thematic)".
func practiceWords(p PracticeStatus, thematic bool) string {
	if thematic {
		return string(p) + " (thematic)"
	}
	return string(p)
}

// keptStandingReasons is standingReasons, kept by the state's facts for a
// state bound by a binding instrument since a known day through a consent,
// whose words depend on the consent and that day alone.
func (ex *explainer) keptStandingReasons(ctx context.Context, sf *StateFacts, inf *InstrumentFacts, sg *StandingDecision, on Date) []string {
	if !inf.Instrument.Binding || !sg.Bound || sg.Standing != StandingParty || sg.Since.IsZero() || sg.By == nil {
		return ex.standingReasons(ctx, sf, inf, sg, on)
	}
	p, _ := sf.boundLines.Load(sg.By)
	first, _ := p.(*boundLines)
	for l := first; l != nil; l = l.next {
		if l.since == sg.Since {
			return l.lines
		}
	}
	lines := slices.Clip(ex.standingReasons(ctx, sf, inf, sg, on))
	sf.boundLines.Store(sg.By, &boundLines{since: sg.Since, lines: lines, next: first})
	return lines
}

// boundLines are the standing reasons kept for one consent, by the day the
// state became bound.
type boundLines struct {
	since Date
	lines []string
	next  *boundLines
}

// The practice of an obligation that no evidence names by the day asked is
// decided by the evidence of its themes (weighedLists): what the lines say
// then depends on the state's facts, the day and the obligation's themes,
// in their order (the first theme an item shares is the one named), and on
// nothing else of the obligation. In a gap list most obligations are such,
// and many share their themes: the call keeps their lines by themes
// (themesMemo), with the decision they explain.

// themesKey is what the practice said through themes depends on: the
// state's facts, the day and the themes (themesCode).
type themesKey struct {
	sf     *StateFacts
	on     Date
	themes uint64
}

// themesCode packs themes, in order, each by its place in Themes in four
// bits, plus one; unpacked (0) is kept for "not yet packed", and
// themesUnpacked says they do not fit (more than 15, or one not in Themes).
// An instrument's facts pack each obligation's themes once
// (InstrumentFacts.themeCodes) and its records carry them.
func themesCode(themes []Theme) uint64 {
	if len(themes) > 15 || len(Themes) > 15 {
		return themesUnpacked
	}
	var k uint64
	for _, t := range themes {
		i := enumIndex(Themes, t)
		if i == 0 {
			return themesUnpacked
		}
		k = k<<4 | uint64(i)
	}
	return k + 1
}

const themesUnpacked = ^uint64(0)

// themeLines are the practice lines said through one set of themes, with the
// decision they explain.
type themeLines struct {
	practice PracticeDecision
	lines    []string
}

// themesMemo keeps the practice lines of one call by themes; safe for the
// concurrent resolvers of one answer.
type themesMemo struct {
	mu   sync.Mutex
	kept map[themesKey]themeLines
}

// lines returns the lines kept under k, saying them with say the first time.
func (m *themesMemo) lines(k themesKey, say func() themeLines) themeLines {
	m.mu.Lock()
	t, ok := m.kept[k]
	m.mu.Unlock()
	if ok {
		return t
	}
	t = say()
	m.mu.Lock()
	if m.kept == nil {
		m.kept = make(map[themesKey]themeLines, 64)
	}
	m.kept[k] = t
	m.mu.Unlock()
	return t
}
