package store

import (
	"context"
	"fmt"
	"hash/maphash"
	"iter"

	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

// maxLoadDetails caps the problems a failed Load lists.
const maxLoadDetails = 100

// Load writes a whole graph into an empty store, in bulk, for graphs too
// large for one Apply (the synthetic world has about 1.7 million nodes).
// Every node's references must name a node that came earlier in nodes, with
// the right kind, and no id may repeat. Load is not one transaction: it
// writes as it goes, and if any check fails or ctx ends it stops and drops
// everything it wrote, so the store is empty again and the error lists the
// problems (up to 100). It returns the number of nodes written.
func (s *Store) Load(ctx context.Context, nodes iter.Seq[graph.Node]) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	empty, err := s.empty()
	if err != nil {
		return 0, fmt.Errorf("store.load: %w", err)
	}
	if !empty {
		return 0, graph.Errorf(graph.EINVALID, "store.load: the store is not empty; use Apply to change a loaded graph")
	}

	n, err := s.load(ctx, nodes)
	if err != nil {
		if derr := s.db.DropAll(); derr != nil {
			return 0, fmt.Errorf("store.load: %w (and dropping what was written failed: %v)", err, derr)
		}
		return 0, fmt.Errorf("store.load: %w", err)
	}
	return n, nil
}

func (s *Store) load(ctx context.Context, nodes iter.Seq[graph.Node]) (int, error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()

	// kinds holds a 64-bit hash of every id seen so far, with its kind, to
	// check references and repeats. Hashes keep the map free of pointers (so
	// the collector never scans it) and a third of the size; a collision,
	// about one in 10^7 for the synthetic world, would let one bad reference
	// or repeat through.
	kinds := map[uint64]graph.Kind{}
	seed := maphash.MakeSeed()
	var problems []string
	total := 0
	fail := func(format string, args ...any) {
		if total++; total <= maxLoadDetails {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	count := 0
	for n := range nodes {
		if count%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		count++
		if n == nil {
			fail("node %d: nil node", count)
			continue
		}
		id := n.NodeID()
		switch {
		case id == "":
			fail("node %d (%s): id: empty", count, n.NodeKind())
			continue
		case len(id) > maxPart:
			fail("%.40s… (%s): id: longer than %d bytes", id, n.NodeKind(), maxPart)
			continue
		case len(graph.RecordOf(n).Origin) > maxPart:
			fail("%s: origin: longer than %d bytes", id, maxPart)
			continue
		}
		h := maphash.String(seed, id)
		if k, dup := kinds[h]; dup {
			fail("%s: id: already used by a %s", id, k)
			continue
		}
		kinds[h] = n.NodeKind()
		for _, r := range graph.RefsOf(n) {
			switch k, ok := kinds[maphash.String(seed, r.To)]; {
			case !ok:
				fail("%s: %s: no %s %q before it", id, r.Field, r.Kind, r.To)
			case k != r.Kind:
				fail("%s: %s: %q is a %s, want a %s", id, r.Field, r.To, k, r.Kind)
			}
		}
		if len(problems) > 0 {
			continue // keep checking, stop writing
		}
		val, err := encodeNode(n)
		if err != nil {
			return 0, err
		}
		if err := wb.Set(nodeKey(id), val); err != nil {
			return 0, err
		}
		for _, k := range indexKeys(n) {
			if err := wb.Set(k, nil); err != nil {
				return 0, err
			}
		}
	}
	if len(problems) > 0 {
		if total > len(problems) {
			problems = append(problems, fmt.Sprintf("and %d more", total-len(problems)))
		}
		return 0, &graph.Error{
			Code:    graph.EINVALID,
			Message: fmt.Sprintf("load rejected: %d problems, nothing kept", total),
			Details: problems,
		}
	}
	if err := wb.Flush(); err != nil {
		return 0, err
	}
	return count, nil
}

// empty reports whether the store holds no key at all.
func (s *Store) empty() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return empty, err
}
