package export

import (
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
)

// gapsColumns are the gaps export's: a compliance record's (records.go),
// one row per obligation ratified but not implemented.
var gapsColumns = recordColumns

func (ex *exporter) gaps(p ExportParams) (*table, error) {
	t := &table{title: fmt.Sprintf("%s: ratified but not implemented as of %s (basis %s)", p.State, p.AsOf, p.Basis), columns: gapsColumns}
	recs, err := ex.eng.GapList(ex.ctx, graph.GapQuery{State: p.State, AsOf: p.AsOf, Basis: p.Basis, InstrumentID: p.Instrument,
		Include: p.Include, Modalities: p.Modalities})
	if err != nil {
		return nil, err
	}
	return t, ex.addRecords(t, recs, p.Basis)
}
