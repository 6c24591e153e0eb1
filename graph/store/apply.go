package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/pactwatch/pactwatch/graph"
)

// Apply validates a batch and writes it in one Badger transaction, with its
// entries in the change log (history.go) and, while a webhook is
// registered, its place in the webhook queue (deliveries.go). If any check
// fails it writes nothing and returns an *graph.Error whose Details
// list every problem, each naming the node id and the field. The code is
// ECONFLICT when every problem is an id already used by a node of another
// kind, and EINVALID otherwise. Before any of that, a record whose version
// is not the one b.Expect states fails the batch with graph.ConflictError
// (ECONFLICT), unless b.Force. Deleting an id that is not stored is not an
// error, so that re-applying a batch changes nothing.
//
// A batch must fit one Badger transaction: 15% of the 64 MiB memtable (about
// 9.6 MB of keys and values, some 10,000 nodes of the usual size, each with
// its index entries and one key per reference) and at most about 100,000
// keys. A larger batch is refused whole with EINVALID. Load writes a whole
// graph into an empty store.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (*graph.ApplyResult, error) {
	if b == nil {
		return nil, graph.Errorf(graph.EINVALID, "store.apply: nil batch")
	}
	if s.readOnly {
		return nil, errReadOnly("store.apply")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	defer s.noteWrite()
	if err := s.checkRoom(); err != nil {
		return nil, err
	}

	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	// Versions first: a stale batch is a conflict whatever else is wrong
	// with it. The write lock keeps the versions read here current until
	// the commit.
	if err := checkExpected(ctx, txn, b); err != nil {
		if graph.ErrorCode(err) == graph.ECONFLICT {
			return nil, err
		}
		return nil, fmt.Errorf("store.apply: %w", err)
	}
	p, err := plan(ctx, txn, b)
	if err != nil {
		return nil, fmt.Errorf("store.apply: %w", err)
	}
	held := holdsNodes(txn)
	if b.PublishesDraft != "" {
		if err := takeDraft(txn, b.PublishesDraft); err != nil {
			return nil, err
		}
	}
	res, err := p.write(ctx, txn)
	if err == nil {
		err = p.writeFacts(ctx, txn)
	}
	if err == nil {
		err = p.logChanges(txn, b, res, time.Now(), held)
	}
	if errors.Is(err, badger.ErrTxnTooBig) {
		return nil, s.tooBig(b, p)
	} else if err != nil {
		return nil, fmt.Errorf("store.apply: %w", err)
	}
	if err := setFormat(txn); err != nil {
		return nil, fmt.Errorf("store.apply: %w", err)
	}
	if err := txn.Commit(); err != nil {
		return nil, s.noSpaceError(fmt.Errorf("store.apply: commit: %w", err))
	}
	return res, nil
}

// put is one node of a batch's Put, encoded, with what the store held before.
type put struct {
	node graph.Node
	val  []byte
	old  []byte // the stored value, nil when the id is new
}

// batchPlan is a validated batch: what to put and what to remove.
type batchPlan struct {
	puts    []*put
	byID    map[string]*put
	removed map[string][]byte // id → stored value
}

// plan reads what a batch touches and checks every rule. It writes nothing.
func plan(ctx context.Context, txn *badger.Txn, b *graph.Batch) (*batchPlan, error) {
	p := &batchPlan{byID: make(map[string]*put, len(b.Put)), removed: map[string][]byte{}}
	var problems []string
	conflicts := 0
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	for i, n := range b.Put {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if problem := keyProblem(n, "put[%d]", i); problem != "" {
			fail("%s", problem)
			continue
		}
		id := n.NodeID()
		if _, dup := p.byID[id]; dup {
			fail("%s: id: put twice in one batch", id)
			continue
		}
		val, err := encodeNode(n)
		if err != nil {
			fail("%s: cannot encode: %v", id, err)
			continue
		}
		old, err := getRaw(txn, id)
		if err != nil {
			return nil, err
		}
		if old != nil && graph.Kind(old[0]) != n.NodeKind() {
			fail("%s: id: already used by a %s, cannot also name a %s", id, graph.Kind(old[0]), n.NodeKind())
			conflicts++
		}
		q := &put{node: n, val: val, old: old}
		p.byID[id] = q
		p.puts = append(p.puts, q)
	}

	for _, id := range b.Delete {
		if _, ok := p.byID[id]; ok {
			fail("%s: both put and deleted in one batch", id)
			continue
		}
		old, err := getRaw(txn, id)
		if err != nil {
			return nil, err
		}
		if old != nil {
			p.removed[id] = old
		}
	}
	for _, origin := range b.Replace {
		if origin == "" {
			fail("replace: empty origin")
			continue
		}
		ids, err := scanSuffixes(ctx, txn, originPrefix(origin))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, ok := p.byID[id]; ok {
				continue
			}
			old, err := getRaw(txn, id)
			if err != nil {
				return nil, err
			}
			if old != nil {
				p.removed[id] = old
			}
		}
	}

	// Every reference of every put must name a node of the right kind that
	// exists after the batch.
	stored := map[string]graph.Kind{}
	for i, q := range p.puts {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		id := q.node.NodeID()
		for _, r := range graph.RefsOf(q.node) {
			if len(r.To) > maxPart {
				fail("%s: %s: id longer than %d bytes", id, r.Field, maxPart)
				continue
			}
			if t, ok := p.byID[r.To]; ok {
				if k := t.node.NodeKind(); k != r.Kind {
					fail("%s: %s: %q is a %s, want a %s", id, r.Field, r.To, k, r.Kind)
				}
				continue
			}
			if _, ok := p.removed[r.To]; ok {
				fail("%s: %s: references %q, which the batch deletes", id, r.Field, r.To)
				continue
			}
			k, ok := stored[r.To]
			if !ok {
				v, err := getRaw(txn, r.To)
				if err != nil {
					return nil, err
				}
				if v != nil {
					k = graph.Kind(v[0])
				}
				stored[r.To] = k
			}
			switch {
			case k == 0:
				fail("%s: %s: no %s %q", id, r.Field, r.Kind, r.To)
			case k != r.Kind:
				fail("%s: %s: %q is a %s, want a %s", id, r.Field, r.To, k, r.Kind)
			}
		}
	}

	// No node left in the store may reference a removed node. Puts were
	// checked above with their new references.
	for _, id := range sortedKeys(p.removed) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		edges, err := scanSuffixes(ctx, txn, edgeToPrefix(id))
		if err != nil {
			return nil, err
		}
		for _, e := range edges {
			rel, from := graph.Relation(e[0]), e[1:]
			if _, ok := p.removed[from]; ok {
				continue
			}
			if _, ok := p.byID[from]; ok {
				continue
			}
			field, err := fieldOf(txn, from, rel, id)
			if err != nil {
				return nil, err
			}
			fail("%s: %s: references %q, which the batch deletes", from, field, id)
		}
	}

	if len(problems) > 0 {
		code := graph.EINVALID
		if conflicts == len(problems) {
			code = graph.ECONFLICT
		}
		return nil, &graph.Error{
			Code:    code,
			Message: fmt.Sprintf("batch rejected: %d problems, nothing written", len(problems)),
			Details: problems,
		}
	}
	return p, nil
}

// fieldOf names the field through which the stored node from references to
// by rel.
func fieldOf(txn *badger.Txn, from string, rel graph.Relation, to string) (string, error) {
	n, err := getNode(txn, from)
	if err != nil || n == nil {
		return fmt.Sprintf("relation %d", rel), err
	}
	for _, r := range graph.RefsOf(n) {
		if r.Rel == rel && r.To == to {
			return r.Field, nil
		}
	}
	return fmt.Sprintf("relation %d", rel), nil
}

// write applies a validated plan to txn.
func (p *batchPlan) write(ctx context.Context, txn *badger.Txn) (*graph.ApplyResult, error) {
	res := &graph.ApplyResult{}
	for _, id := range sortedKeys(p.removed) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		old, err := decodeNode(id, p.removed[id])
		if err != nil {
			return nil, err
		}
		for _, k := range indexKeys(old) {
			if err := txn.Delete(k); err != nil {
				return nil, err
			}
		}
		if err := txn.Delete(nodeKey(id)); err != nil {
			return nil, err
		}
		res.Removed = append(res.Removed, id)
	}
	for i, q := range p.puts {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		id := q.node.NodeID()
		if q.old != nil && bytes.Equal(q.old, q.val) {
			res.Unchanged++
			continue
		}
		keys := indexKeys(q.node)
		if q.old != nil {
			old, err := decodeNode(id, q.old)
			if err != nil {
				return nil, err
			}
			keep := make(map[string]bool, len(keys))
			for _, k := range keys {
				keep[string(k)] = true
			}
			for _, k := range indexKeys(old) {
				if !keep[string(k)] {
					if err := txn.Delete(k); err != nil {
						return nil, err
					}
				}
			}
			res.Changed = append(res.Changed, id)
		} else {
			res.Added = append(res.Added, id)
		}
		if err := txn.Set(nodeKey(id), q.val); err != nil {
			return nil, err
		}
		for _, k := range keys {
			if err := txn.Set(k, nil); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(res.Added)
	slices.Sort(res.Changed)
	return res, nil
}

// indexKeys returns every key besides the node key that n owns: its kind
// entry, its origin entry and one edge per reference.
func indexKeys(n graph.Node) [][]byte {
	id := n.NodeID()
	refs := graph.RefsOf(n)
	keys := make([][]byte, 0, 2+len(refs))
	keys = append(keys, kindKey(n.NodeKind(), id))
	if o := graph.RecordOf(n).Origin; o != "" {
		keys = append(keys, originKey(o, id))
	}
	for _, r := range refs {
		keys = append(keys, edgeKey(r.Rel, r.To, id))
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// CheckBatch reports whether Apply would take b in one transaction, without
// writing anything: it plans b against the store and writes it into a
// transaction that it then discards. It returns nil when b fits, an EINVALID
// error with b's size and the transaction's limits when it does not, and
// the problems Apply would report otherwise. On a read-only store it
// compares an estimate of b's size with the limits instead.
func (s *Store) CheckBatch(ctx context.Context, b *graph.Batch) error {
	if b == nil {
		return graph.Errorf(graph.EINVALID, "store.checkBatch: nil batch")
	}
	txn := s.db.NewTransaction(!s.readOnly)
	defer txn.Discard()
	p, err := plan(ctx, txn, b)
	if err != nil {
		return fmt.Errorf("store.checkBatch: %w", err)
	}
	if s.readOnly {
		if keys, bytes := p.size(); keys >= s.db.MaxBatchCount() || bytes >= s.db.MaxBatchSize() {
			return s.tooBig(b, p)
		}
		return nil
	}
	res, err := p.write(ctx, txn)
	if err == nil {
		err = p.logChanges(txn, b, res, time.Now(), false)
	}
	if errors.Is(err, badger.ErrTxnTooBig) {
		return s.tooBig(b, p)
	} else if err != nil {
		return fmt.Errorf("store.checkBatch: %w", err)
	}
	return nil
}

// tooBig is the error of a batch too large for one transaction.
func (s *Store) tooBig(b *graph.Batch, p *batchPlan) error {
	keys, bytes := p.size()
	return graph.Errorf(graph.EINVALID, "the batch (%d records to write, %d to remove: about %d keys and %.1f MB) is too large for one transaction, which holds at most %d keys and %.1f MB; split it into smaller loads",
		len(b.Put), len(p.removed), keys, float64(bytes)/1e6, s.db.MaxBatchCount(), float64(s.db.MaxBatchSize())/1e6)
}

// logOverhead estimates the bytes of a change-log entry besides the record
// before (id, kind, action).
const logOverhead = 60

// size estimates the keys a plan writes and their bytes as Badger counts
// them against a transaction's limits (key, value and about 12 bytes of
// overhead each).
func (p *batchPlan) size() (keys, bytes int64) {
	add := func(k, v []byte) { keys++; bytes += int64(len(k)+len(v)) + 12 }
	for id, old := range p.removed {
		add(nodeKey(id), nil)
		add(logKey(0, 0), make([]byte, len(old)+logOverhead))
		add(recordLogKey(id, 0, 0), nil)
		if n, err := decodeNode(id, old); err == nil {
			for _, k := range indexKeys(n) {
				add(k, nil)
			}
		}
	}
	for _, q := range p.puts {
		if q.old != nil && string(q.old) == string(q.val) {
			continue
		}
		add(nodeKey(q.node.NodeID()), q.val)
		add(logKey(0, 0), make([]byte, len(q.old)+logOverhead))
		add(recordLogKey(q.node.NodeID(), 0, 0), nil)
		for _, k := range indexKeys(q.node) {
			add(k, nil)
		}
	}
	return keys, bytes
}
