package export

import (
	"path"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/search"
)

// Every row cites the records its deciding fields come from (citer):
//
//   - a state's standing towards an instrument (a matrix row, and the
//     standing part of every record and comparison row): a consent counted
//     (ratification, accession, ...) cites that action; a row resting on a
//     status statement cites the statement's sources; a row resting on a
//     signature alone cites the signature; a commitment to a non-binding
//     instrument (COMMITTED, NOT_COMMITTED) cites the instrument's adoption
//     (the instrument record) and the state's membership (the State
//     record); a standing not known with none of these cites the
//     instrument's coverage notes (provisions or consents known not held);
//   - a compliance record adds the review, laws and evidence weighed and
//     the obligation and its provision;
//   - a comparison row cites the standings of each instrument counted;
//   - a search hit cites its record (a SOURCE hit, the source matched).
//
// A row resting on none of these says NoRecordHeld in its citations.

// citer finds the records a row cites, reading each once per export.
type citer struct {
	ex      *exporter
	nodes   map[string]graph.Node
	actions map[string][]*graph.StateAction // by state + "\x00" + instrument
	rows    map[string]map[string]*graph.RatificationRow
}

func newCiter(ex *exporter) *citer {
	return &citer{ex: ex, nodes: map[string]graph.Node{}, rows: map[string]map[string]*graph.RatificationRow{}}
}

// node returns the record with id, nil when there is none.
func (c *citer) node(id string) (graph.Node, error) {
	if n, ok := c.nodes[id]; ok {
		return n, nil
	}
	ns, err := c.ex.r.Nodes(c.ex.ctx, []string{id})
	if err != nil {
		return nil, err
	}
	c.nodes[id] = ns[0]
	return ns[0], nil
}

// cite adds the records with the given ids, and their sources, to row:
// each record and source once, ids naming no record skipped.
func (c *citer) cite(row *exportRow, ids ...string) error {
	for _, id := range ids {
		if id == "" || contains(row.records, id) {
			continue
		}
		n, err := c.node(id)
		if err != nil {
			return err
		}
		if n == nil {
			continue
		}
		row.records = append(row.records, id)
		addSources(row, search.SourcesOf(n)...)
	}
	return nil
}

// addSources adds sources to row, each once.
func addSources(row *exportRow, src ...graph.Source) {
	for _, s := range src {
		dup := false
		for _, have := range row.sources {
			if have.Citation == s.Citation && have.URL == s.URL {
				dup = true
				break
			}
		}
		if !dup {
			row.sources = append(row.sources, s)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ratificationRow returns the engine's row of code's standing towards
// instrument on the export's day.
func (c *citer) ratificationRow(instrument, code string, asOf graph.Date) (*graph.RatificationRow, error) {
	byState, ok := c.rows[instrument]
	if !ok {
		rows, err := c.ex.eng.RatificationTable(c.ex.ctx, instrument, asOf)
		if err != nil {
			return nil, err
		}
		byState = map[string]*graph.RatificationRow{}
		for _, r := range rows {
			byState[r.StateCode] = r
		}
		c.rows[instrument] = byState
	}
	return byState[code], nil
}

// stateActions returns code's actions towards instrument.
func (c *citer) stateActions(code, instrument string) ([]*graph.StateAction, error) {
	if c.actions == nil {
		c.actions = map[string][]*graph.StateAction{}
		ids, err := c.ex.r.IDs(c.ex.ctx, graph.KindStateAction)
		if err != nil {
			return nil, err
		}
		ns, err := c.ex.r.Nodes(c.ex.ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if a, ok := n.(*graph.StateAction); ok {
				k := a.StateCode + "\x00" + a.InstrumentID
				c.actions[k] = append(c.actions[k], a)
			}
		}
	}
	return c.actions[code+"\x00"+instrument], nil
}

// citeStanding adds to row the records a state's standing towards an
// instrument rests on (the rule above).
func (c *citer) citeStanding(row *exportRow, r *graph.RatificationRow) error {
	switch {
	case r == nil:
		return nil
	case r.Standing == graph.StandingCommitted || r.Standing == graph.StandingNotCommitted:
		return c.cite(row, r.InstrumentID, r.StateCode) // adoption and membership
	case r.ActionID != "":
		if err := c.cite(row, r.ActionID); err != nil {
			return err
		}
		c.citeStatement(row, r)
		return nil
	case len(r.StatementSources) > 0:
		c.citeStatement(row, r)
		return nil
	case !r.Signed.IsZero():
		acts, err := c.stateActions(r.StateCode, r.InstrumentID)
		if err != nil {
			return err
		}
		for _, a := range acts {
			if a.Kind == graph.ActionSignature && a.Date == r.Signed {
				if err := c.cite(row, a.ID); err != nil {
					return err
				}
			}
		}
		return nil
	case !r.Standing.Known():
		return c.citeCoverage(row, r.InstrumentID)
	}
	return nil
}

// citeStatement adds the status statement a row rests on, as the
// instrument's record that holds it.
func (c *citer) citeStatement(row *exportRow, r *graph.RatificationRow) {
	if len(r.StatementSources) == 0 {
		return
	}
	if id := r.InstrumentID + "#status"; !contains(row.records, id) {
		row.records = append(row.records, id)
	}
	addSources(row, r.StatementSources...)
}

// citeCoverage adds the instrument's coverage notes: what it is known to
// hold that the graph does not.
func (c *citer) citeCoverage(row *exportRow, instrument string) error {
	n, err := c.node(instrument)
	if err != nil {
		return err
	}
	inst, ok := n.(*graph.Instrument)
	if !ok {
		return nil
	}
	var src []graph.Source
	for _, p := range inst.Coverage.NotHeld {
		src = append(src, p.Sources...)
	}
	if len(src) > 0 {
		if id := instrument + "#coverage"; !contains(row.records, id) {
			row.records = append(row.records, id)
		}
		addSources(row, src...)
	}
	return nil
}

// citeRecord adds to row what a compliance record's answer rests on: the
// state's standing, the review, laws and evidence weighed, and the
// obligation with its provision.
func (c *citer) citeRecord(row *exportRow, r *graph.ComplianceRecord) error {
	st, err := c.ratificationRow(r.InstrumentID, r.StateCode, r.AsOf)
	if err != nil {
		return err
	}
	if err := c.citeStanding(row, st); err != nil {
		return err
	}
	if r.BoundByID != "" {
		if err := c.cite(row, r.BoundByID); err != nil {
			return err
		}
	}
	ids := append([]string{r.ReviewID}, r.LawIDs()...)
	ids = append(ids, r.EvidenceIDs()...)
	ids = append(ids, r.ObligationID, path.Dir(r.ObligationID))
	return c.cite(row, ids...)
}
