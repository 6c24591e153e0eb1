package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

// The store keeps each state's and each instrument's fact block (see
// graph.StateBlock) beside the records they derive from. Apply rewrites the
// blocks of the states and instruments a batch touches in the batch's own
// transaction, and Load writes every block in the same stream as the
// nodes, so a block is never out of step with the records, and a cold
// engine reads one value per state instead of decoding all its nodes.

var _ graph.FactStore = (*Store)(nil)

// StateBlock returns the state's fact block, or nil when none is kept.
func (s *Store) StateBlock(ctx context.Context, code string) (*graph.StateBlock, error) {
	var sb *graph.StateBlock
	err := s.db.View(func(txn *badger.Txn) error {
		return viewValue(txn, factKey(factState, code), func(v []byte) (err error) {
			sb, err = decodeStateBlock(v) // blockcodec.go
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store.stateBlock %q: %w", code, err)
	}
	return sb, nil
}

// InstrumentBlocks returns the instruments' fact blocks, nil where none is
// kept.
func (s *Store) InstrumentBlocks(ctx context.Context, ids []string) ([]*graph.InstrumentBlock, error) {
	out := make([]*graph.InstrumentBlock, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, id := range ids {
			err := viewValue(txn, factKey(factInstrument, id), func(v []byte) (err error) {
				out[i], err = decodeInstrumentBlock(v) // blockcodec.go
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.instrumentBlocks: %w", err)
	}
	return out, nil
}

// viewValue calls f with the value of k, if the key is present, without
// copying it: f must not keep v (the block decoders copy what they keep).
func viewValue(txn *badger.Txn, k []byte, f func(v []byte) error) error {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	return item.Value(f)
}

// touched collects the states and instruments whose facts a node bears on.
type touched struct {
	states, insts map[string]bool
	laws          []string // laws whose state must be looked up (a link's)
}

func (t *touched) add(n graph.Node) {
	switch n := n.(type) {
	case *graph.State:
		t.states[n.Code] = true
	case *graph.StateAction:
		t.states[n.StateCode] = true
		t.insts[n.InstrumentID] = true
	case *graph.Law:
		t.states[n.StateCode] = true
	case *graph.Implementation:
		t.laws = append(t.laws, n.LawID)
	case *graph.Evidence:
		t.states[n.StateCode] = true
	case *graph.Review:
		t.states[n.StateCode] = true
	case *graph.Instrument:
		t.insts[n.ID] = true
	case *graph.Provision:
		t.insts[n.InstrumentID] = true
	case *graph.Obligation:
		t.insts[n.InstrumentID] = true
	}
}

// writeFacts rewrites, in txn, the blocks of every state and instrument the
// plan's nodes (as put, and as they were) bear on. The txn already holds the
// plan's writes, so the blocks are read from the graph as it will be.
func (p *batchPlan) writeFacts(ctx context.Context, txn *badger.Txn) error {
	t := &touched{states: map[string]bool{}, insts: map[string]bool{}}
	oldLaws := map[string]string{} // law id → state, of laws being removed
	for _, q := range p.puts {
		if q.old != nil && string(q.old) == string(q.val) {
			continue
		}
		t.add(q.node)
		if q.old != nil {
			old, err := decodeNode(q.node.NodeID(), q.old)
			if err != nil {
				return err
			}
			t.add(old)
		}
	}
	for id, v := range p.removed {
		old, err := decodeNode(id, v)
		if err != nil {
			return err
		}
		t.add(old)
		if l, ok := old.(*graph.Law); ok {
			oldLaws[l.ID] = l.StateCode
		}
	}
	for _, law := range t.laws {
		if code, ok := oldLaws[law]; ok {
			t.states[code] = true
			continue
		}
		n, err := getNode(txn, law)
		if err != nil {
			return err
		}
		if l, ok := n.(*graph.Law); ok {
			t.states[l.StateCode] = true
		}
	}
	r := txnReader{txn}
	for _, code := range sortedKeys(t.states) {
		sb, err := graph.ReadStateBlock(ctx, r, code)
		if err != nil {
			return err
		}
		if sb == nil {
			if err := txn.Delete(factKey(factState, code)); err != nil {
				return err
			}
			continue
		}
		v, err := encodeStateBlock(sb)
		if err != nil {
			return err
		}
		if err := txn.Set(factKey(factState, code), v); err != nil {
			return err
		}
	}
	ids := sortedKeys(t.insts)
	bs, err := graph.ReadInstrumentBlocks(ctx, r, ids)
	if err != nil {
		return err
	}
	for i, b := range bs {
		k := factKey(factInstrument, ids[i])
		if b == nil {
			if err := txn.Delete(k); err != nil {
				return err
			}
			continue
		}
		v, err := encodeInstrumentBlock(b)
		if err != nil {
			return err
		}
		if err := txn.Set(k, v); err != nil {
			return err
		}
	}
	return nil
}

// factBlocks encodes every block a builder holds, as (key, value) pairs in
// key order, for Load: sorted and encoded by one worker per processor.
func factBlocks(b *graph.FactsBuilder) ([][2][]byte, error) {
	type job struct {
		state bool
		id    string
	}
	var jobs []job
	for _, code := range b.StateCodes() {
		jobs = append(jobs, job{true, code})
	}
	for _, id := range b.InstrumentIDs() {
		jobs = append(jobs, job{false, id})
	}
	out := make([][2][]byte, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				j := jobs[i]
				var v []byte
				var err error
				if j.state {
					v, err = encodeStateBlock(b.StateBlock(j.id))
					out[i] = [2][]byte{factKey(factState, j.id), v}
					if err != nil {
						errs[i] = fmt.Errorf("state %q: %w", j.id, err)
					}
				} else {
					v, err = encodeInstrumentBlock(b.InstrumentBlock(j.id))
					out[i] = [2][]byte{factKey(factInstrument, j.id), v}
					if err != nil {
						errs[i] = fmt.Errorf("instrument %q: %w", j.id, err)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b [2][]byte) int { return compareBytes(a[0], b[0]) })
	return out, nil
}

func compareBytes(a, b []byte) int {
	switch {
	case string(a) < string(b):
		return -1
	case string(a) > string(b):
		return 1
	}
	return 0
}
