package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		prec     graph.Precision
		last     string
	}{
		{"2017-03-08", "2017-03-08", graph.PrecisionDay, "2017-03-08"},
		{"2016-01", "2016-01", graph.PrecisionMonth, "2016-01-31"},
		{"2016-02", "2016-02", graph.PrecisionMonth, "2016-02-29"},
		{"2018", "2018", graph.PrecisionYear, "2018-12-31"},
		{" 2004-11-29 ", "2004-11-29", graph.PrecisionDay, "2004-11-29"},
		{"", "", graph.PrecisionNone, ""},
	} {
		t.Run("OK/"+tc.in, func(t *testing.T) {
			d, err := graph.ParseDate(tc.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tc.in, err)
			}
			if got := d.String(); got != tc.want {
				t.Errorf("String: got %q, want %q", got, tc.want)
			}
			if got := d.Precision(); got != tc.prec {
				t.Errorf("Precision: got %v, want %v", got, tc.prec)
			}
			if got := d.Last().String(); got != tc.last {
				t.Errorf("Last: got %q, want %q", got, tc.last)
			}
		})
	}
	for _, in := range []string{"2017-02-30", "2017-13", "17-01-01", "2017-1-5", "2017/01/05", "yesterday", "2017-00", "2017-01-00", "2017-01-01-01", "+017", "2017-+1", "2017-01-+5", "2017-+1-05"} {
		t.Run("ErrInvalid/"+in, func(t *testing.T) {
			_, err := graph.ParseDate(in)
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("ParseDate(%q): got error %v, want code %s", in, err, graph.EINVALID)
			}
			if !strings.Contains(graph.ErrorMessage(err), "YYYY-MM-DD") {
				t.Errorf("message %q does not say which forms are valid", graph.ErrorMessage(err))
			}
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	// AddDays is plain calendar arithmetic across month ends.
	if got, want := graph.MustDate("2017-02-07").AddDays(30).String(), "2017-03-09"; got != want {
		t.Errorf("AddDays(29): got %s, want %s", got, want)
	}
	if got, want := graph.MustDate("2016-01").AddDays(1).String(), "2016-02-01"; got != want {
		t.Errorf("month AddDays uses the last day: got %s, want %s", got, want)
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2016-01-25", "2016-01", -1},
		{"2016-01-31", "2016-01", 0},
		{"2016", "2016-12-31", 0},
		{"2017-03-08", "2017-03-07", 1},
		{"", "2004", -1},
	} {
		if got := graph.MustDate(tc.a).Compare(graph.MustDate(tc.b)); got != tc.want {
			t.Errorf("Compare(%q, %q): got %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct{ D graph.Date }
	b, err := json.Marshal(rec{graph.MustDate("2016-01")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"D":"2016-01"}`; got != want {
		t.Fatalf("Marshal: got %s, want %s", got, want)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.D != graph.MustDate("2016-01") {
		t.Errorf("round trip: got %v, want 2016-01", r.D)
	}
	if err := json.Unmarshal([]byte(`{"D":"2016-02-30"}`), &r); err == nil {
		t.Error("Unmarshal of an impossible day: got nil error")
	}
}

func TestDateGQL(t *testing.T) {
	var sb strings.Builder
	graph.Date{}.MarshalGQL(&sb)
	graph.MustDate("2017-03").MarshalGQL(&sb)
	if got, want := sb.String(), `null"2017-03"`; got != want {
		t.Errorf("MarshalGQL: got %s, want %s", got, want)
	}
	var d graph.Date
	if err := d.UnmarshalGQL(20170308); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("UnmarshalGQL(int): got %v, want EINVALID", err)
	}
}

func TestParseEnum(t *testing.T) {
	got, err := graph.ParseEnum("Modality", graph.Modalities, "soft_obligation")
	if err != nil || got != graph.ModalitySoftObligation {
		t.Fatalf("got %q, %v; want SOFT_OBLIGATION", got, err)
	}
	_, err = graph.ParseEnum("Modality", graph.Modalities, "MUST")
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), "PERMISSION") {
		t.Errorf("ParseEnum(MUST): got %v, want EINVALID listing the values", err)
	}
}

// TestDateStringIsZeroPadded: a date is written at its precision, zero
// padded as %04d-%02d-%02d writes it, out-of-range parts included.
func TestDateStringIsZeroPadded(t *testing.T) {
	for _, y := range []int{0, -5, 1, 999, 1000, 2017, 9999, 10000} {
		for m := -1; m <= 14; m++ {
			for d := -1; d <= 33; d++ {
				date := graph.Date{Year: y, Month: m, Day: d}
				var want string
				switch date.Precision() {
				case graph.PrecisionYear:
					want = fmt.Sprintf("%04d", y)
				case graph.PrecisionMonth:
					want = fmt.Sprintf("%04d-%02d", y, m)
				case graph.PrecisionDay:
					want = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				}
				if got := date.String(); got != want {
					t.Fatalf("%#v.String() = %q, want %q", date, got, want)
				}
			}
		}
	}
}
