package resolvers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// Optimistic concurrency (graph/version.go): every update or retraction
// states the version of the record it was based on, a new record expects
// to be absent, and the store refuses a batch whose records have moved on.

// formatVersion is a version as the API shows it: a decimal string, since
// a nanosecond sequence overflows a GraphQL Int and a JavaScript number.
func formatVersion(v uint64) string { return strconv.FormatUint(v, 10) }

// versionRef is one record a batch writes or removes, with the version its
// input states (nil when none).
type versionRef struct {
	id, path string
	given    *string
}

// expectations turns the versions a batch states into Batch.Expect: a
// stated version for each record it names, absent (0) for a new record
// that states none. A stored record that states none is a problem at its
// input path; a stated version that is not the stored one is a
// ConflictError, so that a draft based on an old read is refused when it
// is made, not only when it is published. A forced batch, or a store that
// keeps no versions, expects nothing.
func (r *Resolver) expectations(ctx context.Context, refs []versionRef, force bool) (map[string]uint64, []inputProblem, error) {
	vs, ok := r.store.(graph.Versioned)
	if force || !ok {
		return nil, nil, nil
	}
	ids := make([]string, len(refs))
	for i, ref := range refs {
		ids[i] = ref.id
	}
	current, err := vs.Versions(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	expect := make(map[string]uint64, len(refs))
	var probs []inputProblem
	var conflicts []graph.VersionConflict
	for i, ref := range refs {
		cur := current[i].Seq
		if ref.given == nil {
			if cur != 0 {
				probs = append(probs, inputProblem{ref.path + ".version", fmt.Sprintf("required: %s is stored; send the version you read it at (its version field), or force: true to overwrite it", ref.id)})
				continue
			}
			expect[ref.id] = 0
			continue
		}
		want, err := strconv.ParseUint(strings.TrimSpace(*ref.given), 10, 64)
		if err != nil {
			probs = append(probs, inputProblem{ref.path + ".version", fmt.Sprintf("want the record's version field as read (a decimal string), got %q", *ref.given)})
			continue
		}
		expect[ref.id] = want
		if want != cur {
			conflicts = append(conflicts, graph.VersionConflict{ID: ref.id, Expected: want, Current: cur})
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	if len(conflicts) > 0 {
		return nil, nil, graph.ConflictError(conflicts)
	}
	return expect, nil, nil
}

// draftExpectations is what publishing d expects: the versions it was
// based on. A draft stored before versions were kept does not say which
// revisions it was based on: its base is unknown, and it publishes only
// when forced, after an editor has read its changes against the records
// as they are now (Draft.changes).
func (r *Resolver) draftExpectations(ctx context.Context, d *graph.Draft) (map[string]uint64, error) {
	if _, ok := r.store.(graph.Versioned); d.Expect != nil || d.Force || !ok {
		return d.Expect, nil
	}
	ids := make([]string, 0, len(d.Put)+len(d.Retract))
	for _, it := range draftItems(d) {
		ids = append(ids, it.id)
	}
	return nil, graph.Errorf(graph.ECONFLICT, "draft %q was saved before records carried versions: the revisions it was based on are not known (base unknown), so it may undo newer changes to %s. Read its changes against the current records, then publish with force: true, or discard it",
		d.ID, namedIDs(ids))
}

// namedIDs names up to three ids and counts the rest.
func namedIDs(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:3], ", "), len(ids)-3)
}
