package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// Overwrite is a stored record that a load would change or remove although
// its last change came through the write API, not a load of files: the
// curators' change since the file was last loaded would be undone.
type Overwrite struct {
	ID      string
	Kind    graph.Kind
	Version uint64
	// Author is the API key that wrote the record last.
	Author string
	Remove bool
}

// fromLoad reports whether a change by author was a load rather than a
// write through the API: a load of files, a bulk load, or the system.
func fromLoad(author string) bool {
	return author == IngestAuthor || author == "" || author == "system"
}

// sameRecord reports whether two records hold the same fields, as the
// store would encode them (an empty list and none are the same), wherever
// in their file they sit: the line is not a field.
func sameRecord(a, b graph.Node) bool {
	if a.NodeKind() != b.NodeKind() {
		return false
	}
	ra, rb := graph.RecordOf(a), graph.RecordOf(b)
	la, lb := ra.OriginLine, rb.OriginLine
	ra.OriginLine, rb.OriginLine = 0, 0
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	ra.OriginLine, rb.OriginLine = la, lb
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// keepLines gives each record of the corpus whose fields are those of the
// stored record the stored record's line, so that a record that only
// moved within its file (an edit above it, a file written by
// 'pactwatch export --fixtures') is unchanged and not written again. Its
// line is brought up to date when its fields next change.
func (v *validation) keepLines() {
	for _, n := range v.c.Nodes {
		if s, ok := v.stored[n.NodeID()]; ok && graph.RecordOf(s).OriginLine != graph.RecordOf(n).OriginLine && sameRecord(s, n) {
			graph.RecordOf(n).OriginLine = graph.RecordOf(s).OriginLine
		}
	}
}

// LoadForced is Load over the records the plan refuses (Plan.Refused): the batch is
// forced, and its message names them, so that the change log says whose
// changes the load undid.
func LoadForced(ctx context.Context, s graph.Store, c *Corpus, over []Overwrite) (*graph.ApplyResult, error) {
	msg := "ingest " + strings.Join(c.Origins, ", ")
	if len(over) > 0 {
		msg += fmt.Sprintf(" (--force over %d records changed through the API: %s)", len(over), strings.Join(overwriteIDs(over), ", "))
	}
	return load(ctx, s, c, msg, true)
}

// LoadKeeping is Load that keeps the stored record of each change or
// removal refused (the plan's Refused: records written through the API
// since their file was last loaded): the rest of the corpus is loaded,
// and the batch's message names the records kept.
func LoadKeeping(ctx context.Context, s graph.Store, c *Corpus, refused []Overwrite) (*graph.ApplyResult, error) {
	msg := "ingest " + strings.Join(c.Origins, ", ")
	if len(refused) == 0 {
		return load(ctx, s, c, msg, false)
	}
	ids := overwriteIDs(refused)
	stored, err := s.Nodes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ingest.Load: %w", err)
	}
	keep := map[string]graph.Node{}
	for i, id := range ids {
		if stored[i] != nil {
			keep[id] = stored[i]
		}
	}
	kept := *c
	kept.Nodes = make([]graph.Node, 0, len(c.Nodes)+len(keep))
	for _, n := range c.Nodes {
		if k, ok := keep[n.NodeID()]; ok {
			n = k
			delete(keep, n.NodeID())
		}
		kept.Nodes = append(kept.Nodes, n)
	}
	for _, id := range ids { // removals refused: the stored record stays
		if k, ok := keep[id]; ok {
			kept.Nodes = append(kept.Nodes, k)
		}
	}
	msg += fmt.Sprintf(" (kept %d records written through the API: %s)", len(ids), strings.Join(ids, ", "))
	return load(ctx, s, &kept, msg, false)
}

func overwriteIDs(over []Overwrite) []string {
	ids := make([]string, len(over))
	for i, o := range over {
		ids[i] = o.ID
	}
	return ids
}
