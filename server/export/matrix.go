package export

// matrixColumns are the ratification matrix's: one row per state ×
// instrument, as graph.RatificationRow holds it. party is empty when
// whether the state is bound is not known (PartyKnown false); in_force is
// a day only when one is known, else its window's ends.
var matrixColumns = []column{
	{"state", textCell}, {"instrument", textCell}, {"party", boolCell}, {"standing", textCell}, {"status", textCell},
	{"signed", textCell}, {"ratified", textCell}, {"deposited", textCell}, {"deposited_before", textCell},
	{"in_force", textCell}, {"in_force_no_earlier_than", textCell}, {"in_force_no_later_than", textCell},
	{"withdrawn", textCell}, {"action", textCell},
}

func (ex *exporter) matrix(p ExportParams) (*table, error) {
	insts, err := ex.instruments(p.Instrument)
	if err != nil {
		return nil, err
	}
	t := &table{title: "Ratification matrix as of " + p.AsOf.String(), columns: matrixColumns}
	for _, inst := range insts {
		rows, err := ex.eng.RatificationTable(ex.ctx, inst, p.AsOf)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			row := exportRow{cells: []string{r.StateCode, r.InstrumentID, known(r.Party, r.PartyKnown), string(r.Standing), r.Status,
				date(r.Signed), date(r.Ratified), date(r.Deposited), date(r.DepositedBefore),
				date(r.InForce), date(r.InForceNoEarlierThan), date(r.InForceNoLaterThan), date(r.Withdrawn), r.ActionID}}
			if err := ex.cites.citeStanding(&row, r); err != nil {
				return nil, err
			}
			t.rows = append(t.rows, row)
		}
	}
	return t, nil
}
