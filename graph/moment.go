package graph

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Moment is a time argument as it was typed, to its precision: a year
// (2026), a month (2026-12), a day (2026-12-07), a minute
// (2026-12-07T10:00), a second (2026-12-07T10:00:05) or finer
// (2026-12-07T10:00:05.25), in UTC unless it names an offset (Z, +07:00).
// It spans its whole period, so each argument decides which end it means:
// what was known at a moment (knownAt) is what was known by its End, so
// "2026-12-07" means the whole day and a time copied to the second includes
// a batch logged later in that second; a log read since a moment starts at
// its Start.
type Moment struct {
	start, end time.Time
	text       string
}

// momentPattern is the text a Moment takes: year, month, day, hour and
// minute, second, fraction and offset, each optional after the one before.
var momentPattern = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})?)?)?)?$`)

// momentWant is what a Moment's error says it wants.
const momentWant = "want a day or a time (UTC unless an offset is named) such as 2026-12-07, 2026-12-07T10:00 or 2026-12-07T10:00:05Z"

// ParseMoment reads a Moment. Anything else, an impossible day or hour
// included, is an EINVALID error that quotes the value.
func ParseMoment(s string) (Moment, error) {
	s = strings.TrimSpace(s)
	m := momentPattern.FindStringSubmatch(s)
	bad := func() (Moment, error) {
		return Moment{}, Errorf(EINVALID, "invalid time %q: %s", truncateValue(s), momentWant)
	}
	if m == nil {
		return bad()
	}
	num := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		n, _ := strconv.Atoi(m[i])
		return n
	}
	year, month, day := num(1, 1), num(2, 1), num(3, 1)
	hour, minute, sec := num(4, 0), num(5, 0), num(6, 0)
	if year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return bad()
	}
	nanos := 0
	if f := m[7]; f != "" {
		nanos, _ = strconv.Atoi(f + strings.Repeat("0", 9-len(f)))
	}
	loc := time.UTC
	if z := m[8]; z != "" && z != "Z" && z != "z" {
		oh, _ := strconv.Atoi(z[1:3])
		om, _ := strconv.Atoi(z[4:6])
		if oh > 23 || om > 59 {
			return bad()
		}
		off := oh*3600 + om*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(z, off)
	}
	start := time.Date(year, time.Month(month), day, hour, minute, sec, nanos, loc).UTC()
	var next time.Time
	switch {
	case m[2] == "":
		next = start.AddDate(1, 0, 0)
	case m[3] == "":
		next = start.AddDate(0, 1, 0)
	case m[4] == "":
		next = start.AddDate(0, 0, 1)
	case m[6] == "":
		next = start.Add(time.Minute)
	case m[7] == "":
		next = start.Add(time.Second)
	default:
		step := time.Duration(1)
		for range 9 - len(m[7]) {
			step *= 10
		}
		next = start.Add(step)
	}
	return Moment{start: start, end: next.Add(-time.Nanosecond), text: s}, nil
}

// MomentOf is the moment t itself, to the nanosecond.
func MomentOf(t time.Time) Moment {
	t = t.UTC()
	return Moment{start: t, end: t, text: t.Format(time.RFC3339Nano)}
}

// Start is the moment's first instant (UTC): where a log read since it starts.
func (m Moment) Start() time.Time { return m.start }

// End is the moment's last instant (UTC, to the nanosecond): what was known
// at it is what was known by then.
func (m Moment) End() time.Time { return m.end }

// String is the moment as it was typed.
func (m Moment) String() string { return m.text }

// MarshalGQL writes the moment as it was typed.
func (m Moment) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(m.text)) }

// UnmarshalGQL reads a GraphQL Time argument (a string).
func (m *Moment) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return Errorf(EINVALID, "invalid time %s: %s", truncateValue(stringOf(v)), momentWant)
	}
	got, err := ParseMoment(s)
	if err != nil {
		return err
	}
	*m = got
	return nil
}

// truncateValue keeps an error's quote of a value short.
func truncateValue(s string) string {
	const most = 64
	if len(s) <= most {
		return s
	}
	return s[:most] + "…"
}

// stringOf is a non-string input value as text, for an error.
func stringOf(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		return "a list or an object"
	}
	return fmt.Sprint(v)
}
