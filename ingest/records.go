package ingest

import (
	"context"
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
)

// CheckRecords validates records written through the API rather than
// loaded from files, with the checks a load makes: the fields the file
// readers require (fieldChecks), ids and source URLs (nodeChecks), ids
// repeated in the batch, references to nodes of the right
// kind in the batch or the store, an action's dates against its
// instrument, and no stored record left referencing a retracted one. Every
// record must also carry at least one source. place(i) names where the
// i-th record was given (for example "input.put[2].record"), and each
// Problem's File is that place and its Field the record's field; a
// retraction's problems name retractPlace(j). It returns nil when there is
// no problem.
func CheckRecords(ctx context.Context, r graph.Reader, nodes []graph.Node, retract []string, place func(i int) string, retractPlace func(j int) string) (Problems, error) {
	c := &Corpus{Nodes: nodes, places: map[placeKey]Problem{}}
	var probs Problems
	for i, n := range nodes {
		p := place(i)
		for _, f := range []string{"id", "sources", "date", "deposited", "reservations.provisions"} {
			c.places[placeKey{n, f, ""}] = Problem{File: p, Field: f}
		}
		for _, rd := range recordDates(n) { // the date span's fields
			c.places[placeKey{n, rd.field, ""}] = Problem{File: p, Field: rd.field}
		}
		if sp, ok := n.(*graph.StatuteProvision); ok {
			for j := range sp.Versions {
				c.places[placeKey{n, versionFrom(j), ""}] = Problem{File: p, Field: versionFrom(j)}
			}
		}
		for _, ref := range graph.RefsOf(n) {
			c.places[placeKey{n, ref.Field, ref.To}] = Problem{File: p, Field: ref.Field}
		}
		if n.NodeID() == "" {
			probs = append(probs, Problem{File: p, Field: "id", Message: "required"})
		}
		if len(graph.RecordOf(n).Sources) == 0 {
			probs = append(probs, Problem{File: p, Field: "sources", Message: "every record needs at least one source (citation, and a URL where there is one)"})
		}
		for _, fp := range fieldChecks(n) {
			fp.File = p
			probs = append(probs, fp)
		}
	}
	probs = append(probs, duplicates(nodes, c.places)...)
	probs = append(probs, nodeChecks(nodes, c.places)...)
	v, err := newValidation(ctx, r, c)
	if err != nil {
		return nil, err
	}
	for j, id := range retract {
		if _, ok := v.stored[id]; !ok {
			probs = append(probs, Problem{File: retractPlace(j), Field: "id", Message: fmt.Sprintf("no record %q to retract", id)})
			continue
		}
		if _, put := v.corpus[id]; put {
			probs = append(probs, Problem{File: retractPlace(j), Field: "id", Message: fmt.Sprintf("%q is both put and retracted", id)})
			continue
		}
		v.removed[id] = true
	}
	v.run()
	probs = append(probs, v.probs...)
	if len(probs) == 0 {
		return nil, nil
	}
	return probs, nil
}
