package ingest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
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

// String describes o for a listing.
func (o Overwrite) String() string {
	verb := "would overwrite"
	if o.Remove {
		verb = "would remove"
	}
	return fmt.Sprintf("%s %s %s, changed through the API by %s at version %d", verb, o.Kind, o.ID, o.Author, o.Version)
}

// fromLoad reports whether a change by author was a load rather than a
// write through the API: a load of files, a bulk load, or the system.
func fromLoad(author string) bool {
	return author == IngestAuthor || author == "" || author == "system"
}

// Overwrites returns the stored records that loading c would change or
// remove whose last change came through the write API since their file was
// last loaded, by id, with the version each is at. A store that keeps no
// versions, or none at all (nil), has none.
func Overwrites(ctx context.Context, r graph.Reader, c *Corpus) ([]Overwrite, error) {
	vs, ok := r.(graph.Versioned)
	if !ok || c == nil {
		return nil, nil
	}
	v, err := newValidation(ctx, r, c)
	if err != nil {
		return nil, err
	}
	var ids []string
	for id := range v.removed {
		ids = append(ids, id)
	}
	for id, n := range v.corpus {
		if s, ok := v.stored[id]; ok && !sameRecord(s, n) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	versions, err := vs.Versions(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ingest.Overwrites: %w", err)
	}
	var out []Overwrite
	for i, id := range ids {
		if x := versions[i]; x.Seq != 0 && !fromLoad(x.Author) {
			out = append(out, Overwrite{ID: id, Kind: v.stored[id].NodeKind(), Version: x.Seq, Author: x.Author, Remove: v.removed[id]})
		}
	}
	return out, nil
}

// sameRecord reports whether two records hold the same fields, as the
// store would encode them (an empty list and none are the same).
func sameRecord(a, b graph.Node) bool {
	if a.NodeKind() != b.NodeKind() {
		return false
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// LoadForced is Load over the records that Overwrites lists: the batch is
// forced, and its message names them, so that the change log says whose
// changes the load undid.
func LoadForced(ctx context.Context, s graph.Store, c *Corpus, over []Overwrite) (*graph.ApplyResult, error) {
	if err := Check(ctx, s, c); err != nil {
		return nil, err
	}
	ids := make([]string, len(over))
	for i, o := range over {
		ids[i] = o.ID
	}
	msg := "ingest " + strings.Join(c.Origins, ", ")
	if len(ids) > 0 {
		msg += fmt.Sprintf(" (--force over %d records changed through the API: %s)", len(ids), strings.Join(ids, ", "))
	}
	res, err := s.Apply(ctx, &graph.Batch{Replace: slices.Clone(c.Origins), Put: slices.Clone(c.Nodes),
		Author: IngestAuthor, Message: msg, Force: true})
	if err != nil {
		return nil, fmt.Errorf("ingest.Load: %w", err)
	}
	return res, nil
}
