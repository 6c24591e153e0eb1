package export

import (
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
)

// heatmapColumns are the heatmap's: a compliance record's (records.go),
// one row per state × obligation, each cell's outcome under the export's
// basis as the engine decides it.
var heatmapColumns = recordColumns

func (ex *exporter) heatmap(p ExportParams) (*table, error) {
	if p.Instrument != "" {
		if _, err := ex.instruments(p.Instrument); err != nil {
			return nil, err
		}
	}
	states, err := ex.r.IDs(ex.ctx, graph.KindState)
	if err != nil {
		return nil, err
	}
	t := &table{title: fmt.Sprintf("Implementation heatmap as of %s", p.AsOf), columns: heatmapColumns}
	if p.Instrument != "" {
		t.title += " for " + p.Instrument
	}
	for _, code := range states {
		recs, err := ex.eng.Records(ex.ctx, code, p.AsOf, p.Instrument)
		if err != nil {
			return nil, err
		}
		if err := ex.addRecords(t, recs, p.Basis); err != nil {
			return nil, err
		}
	}
	return t, nil
}
