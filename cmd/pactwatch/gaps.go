package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// reportFlags are the flags gaps and compare share.
type reportFlags struct {
	db         *string
	asOf       *string
	basis      *string
	instrument *string
	knownAt    *string
	format     *string
	out        *string
}

func addReportFlags(f *flags) *reportFlags {
	return &reportFlags{
		db:         dbFlag(f),
		asOf:       f.String("as-of", "", "the date to judge on, YYYY-MM-DD, YYYY-MM or YYYY (default today)"),
		basis:      f.String("basis", "law", "what implemented means: law, practice or either"),
		instrument: f.String("instrument", "", "only this instrument's obligations, e.g. actip-2015"),
		knownAt:    knownAtFlag(f),
		format:     f.String("format", "table", "output format: table, or csv, xlsx or json: the server's export of the same table (/export/), every row with its citations"),
		out:        f.String("o", "", "with --format csv, xlsx or json, write to this file instead of standard output"),
	}
}

// vars checks the flags and returns them as GraphQL variables.
func (r *reportFlags) vars(cmd string) (map[string]any, error) {
	vars := map[string]any{}
	basis, err := graph.ParseEnum("basis", graph.Bases, *r.basis)
	if err != nil {
		return nil, usageErrorf("%s: --basis %q: want law, practice or either", cmd, *r.basis)
	}
	vars["basis"] = string(basis)
	if *r.asOf != "" {
		d, err := graph.ParseDate(*r.asOf)
		if err != nil {
			return nil, usageErrorf("%s: --as-of %q: want YYYY-MM-DD, YYYY-MM or YYYY", cmd, *r.asOf)
		}
		vars["asOf"] = d.String()
	}
	if *r.instrument != "" {
		vars["instrument"] = *r.instrument
	}
	known, err := parseKnownAt(cmd, *r.knownAt)
	if err != nil {
		return nil, err
	}
	if known != nil {
		vars["knownAt"] = *r.knownAt
	}
	switch *r.format {
	case "table", "csv", "json", "xlsx":
	default:
		return nil, usageErrorf("%s: --format %q: want table, csv, json or xlsx", cmd, *r.format)
	}
	if *r.out != "" && !r.exported() {
		return nil, usageErrorf("%s: -o is for --format csv, xlsx or json; redirect the table with >", cmd)
	}
	return vars, nil
}

// exported reports whether the format asked is one of the exports' (csv,
// xlsx, json), which the command writes through the server's export of
// the same table (export.go).
func (r *reportFlags) exported() bool {
	return *r.format == "csv" || *r.format == "xlsx" || *r.format == "json"
}

// resolveInstrument replaces --instrument's value (ACTIP, actip) by the id
// of the instrument it names.
func (r *reportFlags) resolveInstrument(ctx context.Context, q *querier, cmd string, vars map[string]any) error {
	id, err := resolveInstrument(ctx, q, cmd, *r.instrument)
	if err != nil {
		return err
	}
	if id != "" {
		*r.instrument = id
		vars["instrument"] = id
	}
	return nil
}

const gapsQuery = `query Gaps($state: String!, $asOf: Date, $basis: Basis!, $instrument: ID, $include: [LegalStatus!], $modalities: [Modality!], $knownAt: Time) {
  state(code: $state) { code name }
  compare(states: [$state], asOf: $asOf, basis: $basis, instrument: $instrument, knownAt: $knownAt) {
    bound unreviewed notDomestic standingUnknown caveats
  }
  ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: $basis, instrument: $instrument, include: $include, modalities: $modalities, knownAt: $knownAt) {
    obligation { id modality modalityLabel summary provision { label } }
    instrument { id shortTitle }
    asOf
    boundSince
    boundNoLaterThan
    boundBy { id }
    legal
    review { id articles }
    practice
    laws { id }
    evidence { id }
    reasons
    warnings
  }
}`

type gapRecord struct {
	Obligation struct {
		ID            string `json:"id"`
		Modality      string `json:"modality"`
		ModalityLabel string `json:"modalityLabel"`
		Summary       string `json:"summary"`
		Provision     struct {
			Label string `json:"label"`
		} `json:"provision"`
	} `json:"obligation"`
	Instrument struct {
		ID         string `json:"id"`
		ShortTitle string `json:"shortTitle"`
	} `json:"instrument"`
	AsOf             string `json:"asOf"`
	BoundSince       string `json:"boundSince"`
	BoundNoLaterThan string `json:"boundNoLaterThan"`
	BoundBy          *struct {
		ID string `json:"id"`
	} `json:"boundBy"`
	Legal  string `json:"legal"`
	Review *struct {
		ID       string   `json:"id"`
		Articles []string `json:"articles"`
	} `json:"review"`
	Practice string                `json:"practice"`
	Laws     []struct{ ID string } `json:"laws"`
	Evidence []struct{ ID string } `json:"evidence"`
	Reasons  []string              `json:"reasons"`
	Warnings []string              `json:"warnings"`
}

func runGaps(ctx context.Context, e *env, args []string) error {
	f := newFlags("gaps", "gaps STATE [--as-of DATE] [--known-at TIME] [--basis law|practice|either] [--instrument ID] [--format table|csv|json|xlsx] [--db DIR]",
		"List the obligations that bind STATE (an ISO 3166-1 alpha-3 code such as IDN) on\n"+
			"the date and that it has not implemented, or only partly: ratified but not\n"+
			"implemented. --basis says what implemented means: in law, in practice (the\n"+
			"evidence), or either failing. Reserved obligations are never gaps. --known-at\n"+
			"answers as the graph knew it at that moment. The table runs the\n"+
			"ratifiedButNotImplemented GraphQL query in-process; --format csv, xlsx and\n"+
			"json write the server's gaps export (/export/gaps.csv): the same columns,\n"+
			"every row with the records and sources it rests on.",
		"  pactwatch gaps IDN --as-of 2018-01-01 --instrument actip-2015\n  pactwatch gaps PHL --basis practice --format csv > phl-gaps.csv")
	rf := addReportFlags(f)
	unreviewed := f.Bool("include-unreviewed", false, "also list bound obligations nothing is known of (no law linked, no review; no evidence under practice)")
	modalities := f.String("modalities", "", "the modalities counted, comma-separated (default OBLIGATION,SOFT_OBLIGATION; add RECOMMENDATION to list recommendations; a PERMISSION is never a gap)")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 {
		return usageErrorf("gaps: give one STATE code, e.g. 'pactwatch gaps IDN' (run 'pactwatch gaps --help')")
	}
	vars, err := rf.vars("gaps")
	if err != nil {
		return err
	}
	if *unreviewed {
		vars["include"] = []any{string(graph.LegalUnreviewed)}
	}
	if *modalities != "" {
		var ms []any
		for _, m := range strings.Split(*modalities, ",") {
			md, err := graph.ParseEnum("modality", graph.Modalities, strings.ToUpper(strings.TrimSpace(m)))
			if err != nil {
				return usageErrorf("gaps: --modalities: %s", graph.ErrorMessage(err))
			}
			ms = append(ms, string(md))
		}
		vars["modalities"] = ms
	}

	q, err := openQuerier(ctx, e, *rf.db)
	if err != nil {
		return err
	}
	defer q.close()
	state, err := resolveState(ctx, q, "gaps", rest[0])
	if err != nil {
		return err
	}
	vars["state"] = state
	if err := rf.resolveInstrument(ctx, q, "gaps", vars); err != nil {
		return err
	}
	if rf.exported() {
		return writeExport(ctx, e, q, rf, "gaps", vars)
	}
	resp, err := q.exec(ctx, gapsQuery, vars)
	if err != nil {
		return err
	}
	var data struct {
		State *struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"state"`
		Gaps    json.RawMessage `json:"ratifiedButNotImplemented"`
		Compare []gapsSummary   `json:"compare"`
	}
	if len(resp.Data) > 0 && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			return fmt.Errorf("unexpected response: %v", err)
		}
	}
	if data.State == nil && len(resp.Errors) == 0 {
		return fmt.Errorf("no state %q in the store; states are ISO 3166-1 alpha-3 codes such as IDN (list them with: pactwatch query '{ states { code name } }')", state)
	}
	if err := resp.err(); err != nil {
		return err
	}
	var gaps []gapRecord
	if err := json.Unmarshal(data.Gaps, &gaps); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	sortGaps(gaps) // the table in the order people read provisions: Article 5 before 14
	asOf := fmt.Sprint(vars["asOf"])
	if len(gaps) > 0 {
		asOf = gaps[0].AsOf
	} else if vars["asOf"] == nil {
		asOf = todayAt(vars).String()
	}
	asOf += knownWords(vars)
	width := outputWidth(e)
	if err := writeGapsTable(e.stdout, width, data.State.Code, data.State.Name, asOf, vars["basis"].(string), gaps); err != nil {
		return err
	}
	if len(data.Compare) == 1 {
		writeGapsNotes(e.stdout, width, data.Compare[0], *unreviewed)
	}
	if len(gaps) == 0 && *rf.instrument != "" {
		return explainNoGaps(ctx, e.stdout, q, data.State.Code, *rf.instrument, vars["asOf"], vars["knownAt"])
	}
	return nil
}

// gapsSummary is what gaps says beside the list: what is not known, and
// what the answer cannot cover.
type gapsSummary struct {
	Bound           int      `json:"bound"`
	Unreviewed      int      `json:"unreviewed"`
	NotDomestic     int      `json:"notDomestic"`
	StandingUnknown int      `json:"standingUnknown"`
	Caveats         []string `json:"caveats"`
}

// writeGapsTable writes the gaps as a table fitted to width (0: unfitted,
// as piped output is).
func writeGapsTable(w io.Writer, width int, code, name, asOf, basis string, gaps []gapRecord) error {
	writeText(w, width, fmt.Sprintf("%s (%s) on %s, basis %s: %d %s ratified but not implemented",
		code, name, asOf, basis, len(gaps), pluralize(len(gaps), "obligation", "obligations")))
	if len(gaps) == 0 {
		return nil
	}
	for _, g := range gaps {
		if g.BoundSince == "" && g.BoundNoLaterThan != "" {
			writeText(w, width, "BOUND SINCE ≤ DAY: bound no later than that day; the day itself is not known (a deposit known only to its year or month).")
			break
		}
	}
	fmt.Fprintln(w)
	t := newFitTable(column{head: "OBLIGATION"}, column{head: "PROVISION", min: 12}, column{head: "MODALITY", min: 8}, column{head: "BOUND SINCE"},
		column{head: "LEGAL"}, column{head: "PRACTICE"}, column{head: "SUMMARY", pipe: 60, min: 10})
	for _, g := range gaps {
		since := g.BoundSince
		if since == "" && g.BoundNoLaterThan != "" {
			since = "≤ " + g.BoundNoLaterThan // no later than: the day itself is not known
		}
		t.add(g.Obligation.ID, provisionLabel(g), g.Obligation.ModalityLabel, orDash(since), g.Legal, g.Practice, g.Obligation.Summary)
		if g.Review != nil {
			read := strings.Join(g.Review.Articles, "; ")
			t.addNote("reviewed, none found: "+g.Review.ID+"; read "+read,
				"", "  reviewed, none found: "+g.Review.ID, "", "", "", "", "read "+truncate(read, 80))
		}
	}
	return t.write(w, width)
}

// writeGapsNotes says what the list leaves out because nothing is known of
// it, and the caveats of incomplete records.
func writeGapsNotes(w io.Writer, width int, s gapsSummary, listedUnreviewed bool) {
	var notes []string
	if s.Unreviewed > 0 && !listedUnreviewed {
		notes = append(notes, fmt.Sprintf("%d more bound %s not reviewed: nothing is known of them, so they are not counted as gaps (list them with --include-unreviewed)",
			s.Unreviewed, pluralize(s.Unreviewed, "obligation is", "obligations are")))
	}
	if s.NotDomestic > 0 {
		notes = append(notes, fmt.Sprintf("%d inter-state or procedural %s, judged by practice, never a legal gap", s.NotDomestic, pluralize(s.NotDomestic, "obligation", "obligations")))
	}
	if s.StandingUnknown > 0 {
		notes = append(notes, fmt.Sprintf("%d %s of instruments whose standing is not known (a consent without a held date) are not listed", s.StandingUnknown, pluralize(s.StandingUnknown, "obligation", "obligations")))
	}
	for _, c := range s.Caveats {
		notes = append(notes, "caveat: "+c)
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range notes {
		writeText(w, width, n)
	}
}

const standingQuery = `query Standing($instrument: ID!, $asOf: Date, $knownAt: Time) {
  then: ratificationTable(instrument: $instrument, asOf: $asOf, knownAt: $knownAt) { state { code } standing status reasons }
  now: ratificationTable(instrument: $instrument, knownAt: $knownAt) { state { code } standing inForce inForceNoLaterThan instrument { shortTitle } }
}`

// explainNoGaps says why one instrument gives no gaps: how the state stood
// towards it on the day, and from when it is bound if it is today.
func explainNoGaps(ctx context.Context, w io.Writer, q *querier, code, instrument string, asOf, knownAt any) error {
	vars := map[string]any{"instrument": instrument}
	if asOf != nil {
		vars["asOf"] = asOf
	}
	if knownAt != nil {
		vars["knownAt"] = knownAt
	}
	resp, err := q.exec(ctx, standingQuery, vars)
	if err != nil {
		return err
	}
	if err := resp.err(); err != nil {
		return err
	}
	type row struct {
		State              struct{ Code string }
		Standing, Status   string
		Reasons            []string
		InForce            string
		InForceNoLaterThan string
		Instrument         struct{ ShortTitle string }
	}
	var data struct{ Then, Now []row }
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	find := func(rows []row) *row {
		for i := range rows {
			if rows[i].State.Code == code {
				return &rows[i]
			}
		}
		return nil
	}
	then, now := find(data.Then), find(data.Now)
	if then == nil || now == nil {
		return nil
	}
	title := cmpOr(now.Instrument.ShortTitle, instrument)
	switch {
	case then.Standing == "PARTY":
		fmt.Fprintf(w, "%s binds %s on that day, and nothing of it is a known gap.\n", title, code)
	case now.Standing == "PARTY" && now.InForce != "":
		fmt.Fprintf(w, "%s is bound by %s from %s; nothing of it binds on %s (%s).\n", code, title, now.InForce, cmpOr(fmt.Sprint(asOf), "that day"), then.Status)
	case now.Standing == "PARTY":
		fmt.Fprintf(w, "%s is bound by %s no later than %s; on %s: %s.\n", code, title, now.InForceNoLaterThan, cmpOr(fmt.Sprint(asOf), "that day"), then.Status)
	default:
		fmt.Fprintf(w, "%s's standing towards %s on that day: %s.\n", code, title, then.Status)
	}
	for _, r := range then.Reasons {
		if !strings.HasPrefix(r, "as of ") {
			fmt.Fprintln(w, "  "+r) // the standing's own reason
			break
		}
	}
	return nil
}

func cmpOr(s, or string) string {
	if s == "" || s == "<nil>" {
		return or
	}
	return s
}

func provisionLabel(g gapRecord) string {
	if g.Instrument.ShortTitle != "" {
		return g.Instrument.ShortTitle + " " + g.Obligation.Provision.Label
	}
	return g.Obligation.Provision.Label
}

func truncate(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
