package graph

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known.
type Precision uint8

// Precisions, from none to a day.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// Date is a calendar date known to the year, the month or the day. Sources
// often give only a month ("deposited in January 2016"); pactwatch keeps that
// precision in storage and answers and never pads it to an invented day. The
// zero Date is unknown.
type Date struct {
	Year  int
	Month int // 0 when only the year is known
	Day   int // 0 when only the year or month is known
}

// ParseDate parses "2006-01-02", "2006-01" or "2006". The empty string is the
// zero Date. Anything else, or an impossible day such as "2017-02-30", is an
// EINVALID error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	bad := func() (Date, error) {
		return Date{}, Errorf(EINVALID, "invalid date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return bad()
	}
	var n [3]int
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return bad()
		}
		if strings.Trim(p, "0123456789") != "" {
			return bad() // Atoi would take a sign: "2017-+1"
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return bad()
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year < 1 || (len(parts) > 1 && (d.Month < 1 || d.Month > 12)) {
		return bad()
	}
	if len(parts) == 3 {
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return bad()
		}
	}
	return d, nil
}

// MustDate is ParseDate for literals in tests and generators; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the day-precision Date of t (in UTC).
func DateOf(t time.Time) Date {
	t = t.UTC()
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// Today returns the current day.
func Today() Date { return DateOf(time.Now()) }

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String formats the date at its own precision: "2017-03-08", "2016-01",
// "2016", or "" when unknown.
func (d Date) String() string {
	// The common case, written without fmt (reasons write thousands).
	if d.common() {
		var b [10]byte
		return string(d.Append(b[:0]))
	}
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// common reports whether the date is written without fmt: a year of four
// digits, a month and a day in range.
func (d Date) common() bool {
	return d.Year >= 1000 && d.Year <= 9999 && d.Month >= 0 && d.Month <= 12 && d.Day >= 0 && d.Day <= 31
}

// Append appends the date to b as String writes it, without making a
// string in the common case.
func (d Date) Append(b []byte) []byte {
	if !d.common() {
		return append(b, d.String()...)
	}
	b = append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10))
	if d.Month != 0 {
		b = append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10))
		if d.Day != 0 {
			b = append(b, '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
		}
	}
	return b
}

// First returns the earliest day the date allows (1 January for a year).
func (d Date) First() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.Year, 1, 1}
	case PrecisionMonth:
		return Date{d.Year, d.Month, 1}
	}
	return d
}

// Last returns the latest day the date allows (31 December for a year, the
// month's last day for a month). Rules that need a day use it, so that a
// state is never taken to be bound earlier than a source allows.
func (d Date) Last() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{d.Year, 12, 31}
	case PrecisionMonth:
		return Date{d.Year, d.Month, daysIn(d.Year, d.Month)}
	}
	return d
}

// Time returns midnight UTC of the date's latest day. The zero Date gives the
// zero time.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	l := d.Last()
	return time.Date(l.Year, time.Month(l.Month), l.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the day that is n days after the date's latest day.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Compare orders two dates by their latest days: -1, 0 or +1. Unknown dates
// sort first.
func (d Date) Compare(e Date) int {
	a, b := d.Last(), e.Last()
	for _, c := range [][2]int{{a.Year, b.Year}, {a.Month, b.Month}, {a.Day, b.Day}} {
		if c[0] < c[1] {
			return -1
		} else if c[0] > c[1] {
			return 1
		}
	}
	return 0
}

// OnOrBefore reports whether the date's latest day is on or before e's latest day.
func (d Date) OnOrBefore(e Date) bool { return d.Compare(e) <= 0 }

// MarshalText implements encoding.TextMarshaler (JSON, YAML, CSV all use it).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalGQL writes the date as a GraphQL string scalar, and an unknown date
// as null, so optional Date fields need no pointer.
func (d Date) MarshalGQL(w io.Writer) {
	if d.IsZero() {
		io.WriteString(w, "null")
		return
	}
	io.WriteString(w, strconv.Quote(d.String()))
}

// UnmarshalGQL reads a GraphQL Date scalar (a string).
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return Errorf(EINVALID, "invalid date %v: want a string YYYY-MM-DD, YYYY-MM or YYYY", v)
	}
	return d.UnmarshalText([]byte(s))
}
