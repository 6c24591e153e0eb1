package export

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// recordColumns are a compliance record's (graph.ComplianceRecord): the
// records export's, and the gaps' and heatmap's too (one row per record).
// bound is empty when whether the state is bound is not known (BoundKnown
// false); bound_since is a day only when one is known, else the window's
// ends; outcome is how the record counts under the export's basis, as the
// engine decides it.
var recordColumns = []column{
	{"state", textCell}, {"obligation", textCell}, {"instrument", textCell}, {"provision", textCell}, {"modality", textCell},
	{"standing", textCell}, {"bound", boolCell}, {"bound_since", textCell}, {"bound_no_earlier_than", textCell},
	{"bound_no_later_than", textCell}, {"bound_by", textCell}, {"committed", boolCell}, {"nature", textCell},
	{"legal", textCell}, {"review", textCell}, {"practice", textCell}, {"practice_thematic", boolCell}, {"outcome", textCell},
	{"laws", textCell}, {"evidence", textCell}, {"summary", textCell}, {"reasons", textCell}, {"warnings", textCell}, {"caveats", textCell},
}

// recordRow is one compliance record's row, under basis, with what it cites.
func (ex *exporter) recordRow(r *graph.ComplianceRecord, basis graph.Basis) (exportRow, error) {
	reasons, err := r.Reasons(ex.ctx)
	if err != nil {
		return exportRow{}, err
	}
	warnings, _ := r.Warnings(ex.ctx)
	var modality, summary string
	if ob := r.Obligation(); ob != nil {
		modality, summary = string(ob.Modality), ob.Summary
	}
	label := ""
	if n, err := ex.cites.node(path.Dir(r.ObligationID)); err != nil {
		return exportRow{}, err
	} else if pr, ok := n.(*graph.Provision); ok {
		label = pr.Label
	}
	row := exportRow{cells: []string{r.StateCode, r.ObligationID, r.InstrumentID, label, modality,
		string(r.Standing), known(r.Bound, r.BoundKnown), date(r.BoundSince), date(r.BoundNoEarlierThan),
		date(r.BoundNoLaterThan), r.BoundByID, strconv.FormatBool(r.Committed), string(r.Nature),
		string(r.Legal), r.ReviewID, string(r.Practice()), strconv.FormatBool(r.PracticeThematic()), string(r.Outcome(basis)),
		strings.Join(r.LawIDs(), " "), strings.Join(r.EvidenceIDs(), " "), summary,
		strings.Join(reasons, " | "), strings.Join(warnings, " | "), strings.Join(r.Caveats(), " | ")}}
	return row, ex.cites.citeRecord(&row, r)
}

// addRecords appends one row per record, with its citations.
func (ex *exporter) addRecords(t *table, recs []*graph.ComplianceRecord, basis graph.Basis) error {
	for _, r := range recs {
		row, err := ex.recordRow(r, basis)
		if err != nil {
			return err
		}
		t.rows = append(t.rows, row)
	}
	return nil
}

func (ex *exporter) records(p ExportParams) (*table, error) {
	t := &table{title: fmt.Sprintf("%s: compliance records as of %s", p.State, p.AsOf), columns: recordColumns}
	recs, err := ex.eng.Records(ex.ctx, p.State, p.AsOf, p.Instrument)
	if err != nil {
		return nil, err
	}
	return t, ex.addRecords(t, recs, p.Basis)
}
