package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// compareColumns are the comparison's: one row per state, as
// graph.StateSummary counts it. rate_low and rate_high are the range the
// implementation rate lies in, coverage the reviewed share of what is
// rated: all three empty (never 0) when there is nothing to rate;
// reviewed_rate (over reviewed obligations only) is empty when nothing is
// reviewed. bound_by names the consents that bind the state.
var compareColumns = []column{
	{"state", textCell}, {"name", textCell}, {"instrument", textCell}, {"bound", intCell}, {"implemented", intCell},
	{"partial", intCell}, {"not_implemented", intCell}, {"unreviewed", intCell}, {"reserved", intCell},
	{"not_domestic", intCell}, {"not_counted", intCell}, {"committed", intCell}, {"standing_unknown", intCell},
	{"rate_low", decimalCell}, {"rate_high", decimalCell}, {"coverage", decimalCell}, {"reviewed_rate", decimalCell},
	{"bound_by", textCell}, {"caveats", textCell},
}

func (ex *exporter) compare(p ExportParams) (*table, error) {
	insts, err := ex.instruments(p.Instrument)
	if err != nil {
		return nil, err
	}
	sums, err := ex.eng.Compare(ex.ctx, p.States, p.Instrument, p.AsOf, p.Basis)
	if err != nil {
		return nil, err
	}
	t := &table{title: fmt.Sprintf("State comparison as of %s (basis %s)", p.AsOf, p.Basis), columns: compareColumns}
	for _, sm := range sums {
		rate := func(f *float64) string {
			if f == nil {
				return "" // nothing to rate: no rate, never 0
			}
			return strconv.FormatFloat(*f, 'f', 4, 64)
		}
		name := ""
		if n, err := ex.cites.node(sm.StateCode); err != nil {
			return nil, err
		} else if st, ok := n.(*graph.State); ok {
			name = st.Name
		}
		// A state's row cites its standing towards each instrument counted.
		var row exportRow
		var boundBy []string
		for _, inst := range insts {
			r, err := ex.cites.ratificationRow(inst, sm.StateCode, p.AsOf)
			if err != nil {
				return nil, err
			}
			if err := ex.cites.citeStanding(&row, r); err != nil {
				return nil, err
			}
			if r != nil && r.ActionID != "" && r.Party {
				boundBy = append(boundBy, r.ActionID)
			}
		}
		row.cells = []string{sm.StateCode, name, sm.InstrumentID, strconv.Itoa(sm.Bound), strconv.Itoa(sm.Implemented),
			strconv.Itoa(sm.Partial), strconv.Itoa(sm.NotImplemented), strconv.Itoa(sm.Unreviewed), strconv.Itoa(sm.Reserved),
			strconv.Itoa(sm.NotDomestic), strconv.Itoa(sm.NotCounted), strconv.Itoa(sm.Committed), strconv.Itoa(sm.StandingUnknown),
			rate(sm.RateLowValue()), rate(sm.RateHighValue()), rate(sm.CoverageValue()), rate(sm.ImplementationRate),
			strings.Join(boundBy, " "), strings.Join(sm.Caveats, " | ")}
		t.rows = append(t.rows, row)
	}
	return t, nil
}
