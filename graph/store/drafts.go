package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// storedDraft is a draft's value (keys.go: draftKey): its records as node
// values, like the node keys hold them.
type storedDraft struct {
	ID      string             `json:"id"`
	Author  string             `json:"author"`
	Created time.Time          `json:"created"`
	Message string             `json:"message"`
	Put     [][]byte           `json:"put"`
	Retract []graph.Retraction `json:"retract"`
	// Expect and Force are graph.Draft's; a draft stored before versions
	// were kept has neither.
	Expect map[string]uint64 `json:"expect,omitzero"`
	Force  bool              `json:"force,omitzero"`
}

// PutDraft stores d apart from the graph, giving it an id when it has
// none, and returns the id. A draft touches no graph key: no answer sees
// it until Apply publishes it (Batch.PublishesDraft).
func (s *Store) PutDraft(ctx context.Context, d *graph.Draft) (string, error) {
	if s.readOnly {
		return "", errReadOnly("store.putDraft")
	}
	if d.ID == "" {
		d.ID = "draft-" + rand.Text()[:12]
	}
	sd := storedDraft{ID: d.ID, Author: d.Author, Created: d.Created, Message: d.Message, Retract: d.Retract, Expect: d.Expect, Force: d.Force}
	for _, n := range d.Put {
		v, err := encodeNode(n)
		if err != nil {
			return "", fmt.Errorf("store.putDraft: %w", err)
		}
		sd.Put = append(sd.Put, v)
	}
	v, err := json.Marshal(sd)
	if err != nil {
		return "", fmt.Errorf("store.putDraft: %w", err)
	}
	err = s.updateMeta(ctx, "store.putDraft", func(txn *badger.Txn) error { return txn.Set(draftKey(d.ID), v) })
	return d.ID, err
}

// Drafts returns every draft, by id.
func (s *Store) Drafts(ctx context.Context) ([]*graph.Draft, error) {
	var out []*graph.Draft
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{spaceDraft}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Seek(o.Prefix); it.ValidForPrefix(o.Prefix); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var d *graph.Draft
			err := it.Item().Value(func(v []byte) error {
				var err error
				d, err = decodeDraft(v)
				return err
			})
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.drafts: %w", err)
	}
	return out, nil
}

// Draft returns one draft, or ENOTFOUND.
func (s *Store) Draft(ctx context.Context, id string) (*graph.Draft, error) {
	var d *graph.Draft
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(draftKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return graph.Errorf(graph.ENOTFOUND, "draft %q not found", id)
		} else if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			var err error
			d, err = decodeDraft(v)
			return err
		})
	})
	if err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, err
		}
		return nil, fmt.Errorf("store.draft: %w", err)
	}
	return d, nil
}

// DeleteDraft removes a draft without publishing it.
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	return s.updateMeta(ctx, "store.deleteDraft", func(txn *badger.Txn) error { return takeDraft(txn, id) })
}

// takeDraft deletes a draft in txn, or fails with ENOTFOUND.
func takeDraft(txn *badger.Txn, id string) error {
	if _, err := txn.Get(draftKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
		return graph.Errorf(graph.ENOTFOUND, "draft %q not found (published or discarded already?)", id)
	} else if err != nil {
		return err
	}
	return txn.Delete(draftKey(id))
}

func decodeDraft(v []byte) (*graph.Draft, error) {
	var sd storedDraft
	if err := json.Unmarshal(v, &sd); err != nil {
		return nil, err
	}
	d := &graph.Draft{ID: sd.ID, Author: sd.Author, Created: sd.Created, Message: sd.Message, Retract: sd.Retract, Expect: sd.Expect, Force: sd.Force}
	for _, raw := range sd.Put {
		n, err := decodeNode(sd.ID, raw)
		if err != nil {
			return nil, err
		}
		d.Put = append(d.Put, n)
	}
	return d, nil
}
