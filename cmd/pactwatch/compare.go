package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

const compareQuery = `query Compare($states: [String!], $asOf: Date, $basis: Basis!, $instrument: ID, $knownAt: Time) {
  compare(states: $states, asOf: $asOf, basis: $basis, instrument: $instrument, knownAt: $knownAt, orderBy: COVERAGE) {
    state { code name }
    asOf
    basis
    bound
    implemented
    partial
    notImplemented
    unreviewed
    reserved
    notDomestic
    committed
    standingUnknown
    notCounted
    denominator
    reviewed
    rateLow
    rateHigh
    implementationRate
    coverage
    caveats
  }
}`

type stateSummary struct {
	State struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"state"`
	AsOf               string   `json:"asOf"`
	Basis              string   `json:"basis"`
	Bound              int      `json:"bound"`
	Implemented        int      `json:"implemented"`
	Partial            int      `json:"partial"`
	NotImplemented     int      `json:"notImplemented"`
	Reserved           int      `json:"reserved"`
	Committed          int      `json:"committed"`
	Unreviewed         int      `json:"unreviewed"`
	NotDomestic        int      `json:"notDomestic"`
	StandingUnknown    int      `json:"standingUnknown"`
	NotCounted         int      `json:"notCounted"`
	Denominator        int      `json:"denominator"`
	Reviewed           int      `json:"reviewed"`
	RateLow            *float64 `json:"rateLow"`
	RateHigh           *float64 `json:"rateHigh"`
	ImplementationRate *float64 `json:"implementationRate"`
	Coverage           *float64 `json:"coverage"`
	Caveats            []string `json:"caveats"`
}

func runCompare(ctx context.Context, e *env, args []string) error {
	f := newFlags("compare", "compare [STATE...] [--as-of DATE] [--known-at TIME] [--instrument ID] [--basis law|practice|either] [--format table|csv|json|xlsx] [--db DIR]",
		"Show the states side by side (every state, or the STATE codes given): how many\n"+
			"obligations bind each on the date, how many it has implemented, partly\n"+
			"implemented, not implemented or reserved, how many non-binding commitments it\n"+
			"has, and the range its implementation rate lies in: implemented / D if nothing\n"+
			"not reviewed is implemented, (implemented + not reviewed) / D if all of it is,\n"+
			"D = implemented + partial + not implemented + not reviewed. States are ordered\n"+
			"by coverage (reviewed / D), then by the range's low end. --known-at\n"+
			"answers as the graph knew it at that moment. The table runs the compare\n"+
			"GraphQL query in-process; --format csv, xlsx and json write the server's\n"+
			"compare export (/export/compare.csv): the same columns, every row with the\n"+
			"records and sources it rests on.",
		"  pactwatch compare --instrument actip-2015 --as-of 2018-01-01\n  pactwatch compare IDN PHL THA --basis practice --format json")
	rf := addReportFlags(f)
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	vars, err := rf.vars("compare")
	if err != nil {
		return err
	}
	q, err := openQuerier(ctx, e, *rf.db)
	if err != nil {
		return err
	}
	defer q.close()
	if len(rest) > 0 {
		states := make([]any, len(rest))
		for i, s := range rest {
			code, err := resolveState(ctx, q, "compare", s)
			if err != nil {
				return err
			}
			states[i] = code
		}
		vars["states"] = states
	}
	if err := rf.resolveInstrument(ctx, q, "compare", vars); err != nil {
		return err
	}
	if rf.exported() {
		return writeExport(ctx, e, q, rf, "compare", vars)
	}
	resp, err := q.exec(ctx, compareQuery, vars)
	if err != nil {
		return err
	}
	if err := resp.err(); err != nil {
		return err
	}
	var data struct {
		Compare json.RawMessage `json:"compare"`
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	var rows []stateSummary
	if err := json.Unmarshal(data.Compare, &rows); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	return writeCompareTable(e.stdout, outputWidth(e), rows, vars)
}

// writeCompareTable writes the summaries as a table fitted to width (0:
// unfitted, as piped output is): headings wrap, names are cut, numbers
// never are.
func writeCompareTable(w io.Writer, width int, rows []stateSummary, vars map[string]any) error {
	scope := "all instruments"
	if id, ok := vars["instrument"]; ok {
		scope = fmt.Sprint(id)
	}
	asOf := "today"
	if len(rows) > 0 {
		asOf = rows[0].AsOf
	}
	writeText(w, width, fmt.Sprintf("%s on %s%s, basis %s", scope, asOf, knownWords(vars), vars["basis"]))
	fmt.Fprintln(w)
	t := newFitTable(column{head: "STATE"}, column{head: "NAME", min: 3})
	for _, h := range []string{"BOUND", "IMPLEMENTED", "PARTIAL", "NOT IMPLEMENTED", "NOT REVIEWED", "RESERVED", "INTER-STATE", "NOT COUNTED", "STANDING NOT KNOWN", "COMMITTED", "COVERAGE", "IMPLEMENTED (RANGE)"} {
		t.cols = append(t.cols, column{head: h})
	}
	caveats := map[string]bool{}
	var order []string
	for _, r := range rows {
		t.add(r.State.Code, r.State.Name)
		cells := &t.rows[len(t.rows)-1].cells
		for _, n := range []int{r.Bound, r.Implemented, r.Partial, r.NotImplemented, r.Unreviewed, r.Reserved, r.NotDomestic, r.NotCounted, r.StandingUnknown, r.Committed} {
			*cells = append(*cells, strconv.Itoa(n))
		}
		*cells = append(*cells, coverage(r), rateRange(r))
		for _, c := range r.Caveats {
			if !caveats[c] {
				caveats[c] = true
				order = append(order, c)
			}
		}
	}
	if err := t.write(w, width); err != nil {
		return err
	}
	fmt.Fprintln(w)
	writeText(w, width, "NOT IMPLEMENTED counts reviewed obligations with no law found; NOT REVIEWED ones nothing is known of. "+
		"D = implemented + partial + not implemented + not reviewed (bound duties domestic law can implement, not reserved); "+
		"COVERAGE is the reviewed part of D; IMPLEMENTED (RANGE) runs from implemented / D (nothing not reviewed is implemented) "+
		"to (implemented + not reviewed) / D (all of it is). Ordered by coverage, then the low end; rates are not averaged across states.")
	for _, c := range order {
		writeText(w, width, "caveat: "+c)
	}
	return nil
}

// rateRange shows the range the rate lies in ("6–94%"), or "-" when
// nothing is reviewed: a rate over nothing is not a finding.
func rateRange(r stateSummary) string {
	if r.Reviewed == 0 || r.RateLow == nil || r.RateHigh == nil {
		return "-"
	}
	if *r.RateLow == *r.RateHigh {
		return fmt.Sprintf("%.0f%%", *r.RateLow*100)
	}
	return fmt.Sprintf("%.0f–%.0f%%", *r.RateLow*100, *r.RateHigh*100)
}

// coverage shows the reviewed part of D ("12% (2/17)"), or "-".
func coverage(r stateSummary) string {
	if r.Coverage == nil || r.Denominator == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", *r.Coverage*100, r.Reviewed, r.Denominator)
}
