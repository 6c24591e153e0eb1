package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pactwatch/pactwatch/graph"
)

// reportFlags are the flags gaps and compare share.
type reportFlags struct {
	db         *string
	asOf       *string
	basis      *string
	instrument *string
	format     *string
	out        *string
}

func addReportFlags(f *flags) *reportFlags {
	return &reportFlags{
		db:         dbFlag(f),
		asOf:       f.String("as-of", "", "the date to judge on, YYYY-MM-DD, YYYY-MM or YYYY (default today)"),
		basis:      f.String("basis", "law", "what implemented means: law, practice or either"),
		instrument: f.String("instrument", "", "only this instrument's obligations, e.g. actip-2015"),
		format:     f.String("format", "table", "output format: table, csv, json, or xlsx (a workbook with citations; export.go)"),
		out:        f.String("o", "", "with --format xlsx, write the workbook to this file instead of standard output"),
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
	switch *r.format {
	case "table", "csv", "json", "xlsx":
	default:
		return nil, usageErrorf("%s: --format %q: want table, csv, json or xlsx", cmd, *r.format)
	}
	if *r.out != "" && *r.format != "xlsx" {
		return nil, usageErrorf("%s: -o is for --format xlsx; redirect the other formats with >", cmd)
	}
	return vars, nil
}

const gapsQuery = `query Gaps($state: String!, $asOf: Date, $basis: Basis!, $instrument: ID) {
  state(code: $state) { code name }
  ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: $basis, instrument: $instrument) {
    obligation { id modality summary provision { label } }
    instrument { id shortTitle }
    asOf
    boundSince
    boundBy { id }
    legal
    practice
    laws { id }
    evidence { id }
    reasons
    warnings
  }
}`

type gapRecord struct {
	Obligation struct {
		ID        string `json:"id"`
		Modality  string `json:"modality"`
		Summary   string `json:"summary"`
		Provision struct {
			Label string `json:"label"`
		} `json:"provision"`
	} `json:"obligation"`
	Instrument struct {
		ID         string `json:"id"`
		ShortTitle string `json:"shortTitle"`
	} `json:"instrument"`
	AsOf       string `json:"asOf"`
	BoundSince string `json:"boundSince"`
	BoundBy    *struct {
		ID string `json:"id"`
	} `json:"boundBy"`
	Legal    string                `json:"legal"`
	Practice string                `json:"practice"`
	Laws     []struct{ ID string } `json:"laws"`
	Evidence []struct{ ID string } `json:"evidence"`
	Reasons  []string              `json:"reasons"`
	Warnings []string              `json:"warnings"`
}

func runGaps(ctx context.Context, e *env, args []string) error {
	f := newFlags("gaps", "gaps STATE [--as-of DATE] [--basis law|practice|either] [--instrument ID] [--format table|csv|json] [--db DIR]",
		"List the obligations that bind STATE (an ISO 3166-1 alpha-3 code such as IDN) on\n"+
			"the date and that it has not implemented, or only partly: ratified but not\n"+
			"implemented. --basis says what implemented means: in law, in practice (the\n"+
			"evidence), or either failing. Reserved obligations are never gaps. The command\n"+
			"runs the ratifiedButNotImplemented GraphQL query in-process.",
		"  pactwatch gaps IDN --as-of 2018-01-01 --instrument actip-2015\n  pactwatch gaps PHL --basis practice --format csv > phl-gaps.csv")
	rf := addReportFlags(f)
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
	state := strings.ToUpper(strings.TrimSpace(rest[0]))
	vars["state"] = state

	q, err := openQuerier(ctx, e, *rf.db)
	if err != nil {
		return err
	}
	defer q.close()
	if *rf.format == "xlsx" {
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
		Gaps json.RawMessage `json:"ratifiedButNotImplemented"`
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
	if *rf.format == "json" {
		return writeJSON(e.stdout, data.Gaps)
	}
	var gaps []gapRecord
	if err := json.Unmarshal(data.Gaps, &gaps); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	if *rf.format == "csv" {
		return writeGapsCSV(e.stdout, state, gaps)
	}
	asOf := fmt.Sprint(vars["asOf"])
	if len(gaps) > 0 {
		asOf = gaps[0].AsOf
	} else if vars["asOf"] == nil {
		asOf = graph.Today().String()
	}
	return writeGapsTable(e.stdout, data.State.Code, data.State.Name, asOf, vars["basis"].(string), gaps)
}

func writeGapsTable(w io.Writer, code, name, asOf, basis string, gaps []gapRecord) error {
	fmt.Fprintf(w, "%s (%s) on %s, basis %s: %d %s ratified but not implemented\n",
		code, name, asOf, basis, len(gaps), pluralize(len(gaps), "obligation", "obligations"))
	if len(gaps) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBLIGATION\tPROVISION\tBOUND SINCE\tLEGAL\tPRACTICE\tSUMMARY")
	for _, g := range gaps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n",
			g.Obligation.ID, provisionLabel(g), orDash(g.BoundSince), g.Legal, g.Practice, truncate(g.Obligation.Summary, 60))
	}
	return tw.Flush()
}

func writeGapsCSV(w io.Writer, state string, gaps []gapRecord) error {
	cw := newCSVWriter(w)
	_ = cw.Write([]string{"state", "obligation", "instrument", "provision", "modality", "asOf", "boundSince", "boundBy", "legal", "practice", "laws", "evidence", "summary", "reasons", "warnings"})
	for _, g := range gaps {
		boundBy := ""
		if g.BoundBy != nil {
			boundBy = g.BoundBy.ID
		}
		_ = cw.Write([]string{state, g.Obligation.ID, g.Instrument.ID, g.Obligation.Provision.Label, g.Obligation.Modality,
			g.AsOf, g.BoundSince, boundBy, g.Legal, g.Practice, joinIDs(g.Laws), joinIDs(g.Evidence),
			g.Obligation.Summary, strings.Join(g.Reasons, " | "), strings.Join(g.Warnings, " | ")})
	}
	return cw.Flush()
}

func provisionLabel(g gapRecord) string {
	if g.Instrument.ShortTitle != "" {
		return g.Instrument.ShortTitle + " " + g.Obligation.Provision.Label
	}
	return g.Obligation.Provision.Label
}

func joinIDs(nodes []struct{ ID string }) string {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	return strings.Join(ids, " ")
}

func writeJSON(w io.Writer, raw json.RawMessage) error {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("unexpected response: %v", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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
