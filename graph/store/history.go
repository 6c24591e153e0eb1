package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

var _ graph.History = (*Store)(nil)

// historyStartKey holds, as eight big-endian bytes, the commit time (ns)
// from which the change log is complete: 0 for a store built by Apply from
// empty (before its first change it was empty), the load's time for a bulk
// Load, the first logged write's time for a store made before the log.
var historyStartKey = metaKey("history-start")

// logEntry is the stored value of one change-log entry (keys.go: logKey):
// the record before the change, as the node key held it (kind byte, JSON),
// nil for a record added. What the record became is the next entry's
// before, or the stored node when there is no later entry, so the log
// stores each version once; the batch's author and message are kept once
// per batch (batchKey).
type logEntry struct {
	ID     string             `json:"i"`
	Kind   graph.Kind         `json:"k"`
	Action graph.ChangeAction `json:"a"`
	Before []byte             `json:"b,omitzero"`
	Reason string             `json:"r,omitzero"`
}

// logBatch is the stored value of a batch's header (keys.go: batchKey).
type logBatch struct {
	Author  string `json:"author"`
	Message string `json:"message"`
	// Force records a batch written over whatever versions it met.
	Force bool `json:"force,omitzero"`
}

// lastSeq returns the sequence number of the newest log entry, 0 when the
// log is empty.
func lastSeq(txn *badger.Txn) (uint64, error) {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Reverse = true
	o.Prefix = []byte{spaceLog}
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek([]byte{spaceLog, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	if !it.ValidForPrefix([]byte{spaceLog}) {
		return 0, nil
	}
	seq, _, err := parseLogKey(it.Item().Key())
	return seq, err
}

// nextSeq is the sequence number of a batch committed now: the time in
// nanoseconds, or one past the newest entry if the clock has not moved on.
func nextSeq(txn *badger.Txn, now time.Time) (uint64, error) {
	last, err := lastSeq(txn)
	if err != nil {
		return 0, err
	}
	return max(uint64(now.UnixNano()), last+1), nil
}

// logChanges writes the change log of a written plan into txn: one entry
// per record added, changed or removed, each with the record before and
// after, and one record-index key per entry. It writes nothing when the
// batch changed nothing.
func (p *batchPlan) logChanges(txn *badger.Txn, b *graph.Batch, res *graph.ApplyResult, now time.Time, held bool) error {
	if len(res.Added)+len(res.Changed)+len(res.Removed) == 0 {
		return nil
	}
	seq, err := nextSeq(txn, now)
	if err != nil {
		return err
	}
	res.Seq = seq
	if err := startHistory(txn, seq, held); err != nil {
		return err
	}
	author := b.Author
	if author == "" {
		author = "system"
	}
	hv, err := json.Marshal(logBatch{Author: author, Message: b.Message, Force: b.Force})
	if err != nil {
		return err
	}
	if err := txn.Set(batchKey(seq), hv); err != nil {
		return err
	}
	if err := queueForWebhooks(txn, seq); err != nil {
		return err
	}
	var index uint32
	add := func(id string, kind graph.Kind, before []byte, action graph.ChangeAction, reason string) error {
		v, err := json.Marshal(logEntry{ID: id, Kind: kind, Before: before, Action: action, Reason: reason})
		if err != nil {
			return err
		}
		if err := txn.Set(logKey(seq, index), v); err != nil {
			return err
		}
		if err := txn.Set(recordLogKey(id, seq, index), nil); err != nil {
			return err
		}
		index++
		return nil
	}
	for _, q := range p.puts {
		if q.old != nil && string(q.old) == string(q.val) {
			continue
		}
		action := graph.ChangeUpdated
		if q.old == nil {
			action = graph.ChangeAdded
		}
		if err := add(q.node.NodeID(), q.node.NodeKind(), q.old, action, ""); err != nil {
			return err
		}
	}
	for _, id := range res.Removed {
		old := p.removed[id]
		if err := add(id, graph.Kind(old[0]), old, graph.ChangeRetracted, b.Reasons[id]); err != nil {
			return err
		}
	}
	return nil
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if s != "" && !contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// startHistory records where the log starts, on a store's first logged
// write: at 0 if the store held no node before it (held is read before the
// batch's writes), else at seq, since what the store held was never logged.
func startHistory(txn *badger.Txn, seq uint64, held bool) error {
	v, err := getMeta(txn, historyStartKey)
	if err != nil || v != nil {
		return err
	}
	start := uint64(0)
	if held {
		start = seq
	}
	return txn.Set(historyStartKey, binary.BigEndian.AppendUint64(nil, start))
}

// holdsNodes reports whether txn sees any node key.
func holdsNodes(txn *badger.Txn) bool {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{spaceNode}
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek(o.Prefix)
	return it.ValidForPrefix(o.Prefix)
}

// historyStart returns the commit time from which the log is complete.
func historyStart(txn *badger.Txn) (uint64, bool, error) {
	v, err := getMeta(txn, historyStartKey)
	if err != nil || v == nil {
		return 0, false, err
	}
	if len(v) != 8 {
		return 0, false, fmt.Errorf("history-start record of %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), true, nil
}

// knownFrom is the first moment (ns) the store can say what the graph
// held: where its log is complete from, or, for a store built from empty
// (whose log starts at 0), its first logged change; 0 for a store that
// logged none.
func knownFrom(txn *badger.Txn) (uint64, error) {
	start, ok, err := historyStart(txn)
	if err != nil || (ok && start > 0) {
		return start, err
	}
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{spaceLog}
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek(o.Prefix)
	if !it.ValidForPrefix(o.Prefix) {
		return 0, nil
	}
	seq, _, err := parseLogKey(it.Item().Key())
	return seq, err
}

// At returns a Reader of the graph as it stood at t (see keys.go). Each of
// its calls reads one snapshot of the store and undoes, on it, every change
// committed after t; what it learns of the log is kept, so a later call
// reads only the entries committed since. It is not a Versioner: the
// engine gives each of its calls a snapshot of facts of its own.
func (s *Store) At(ctx context.Context, t time.Time) (graph.Reader, error) {
	at := uint64(0)
	if t.UnixNano() > 0 {
		at = uint64(t.UnixNano())
	}
	var start uint64
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		start, err = knownFrom(txn)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.at: %w", err)
	}
	if at < start {
		return nil, graph.Errorf(graph.EINVALID, "knownAt %s is before the graph's history starts (%s): ask for a moment from then on", t.UTC().Format(time.RFC3339Nano), time.Unix(0, int64(start)).UTC().Format(time.RFC3339Nano))
	}
	return &historyReader{s: s, seen: at, first: map[string]graph.Node{}}, nil
}

// historyReader is the graph as it stood at a past moment (Store.At).
type historyReader struct {
	s *Store

	mu sync.Mutex
	// seen is the newest log entry folded into first.
	seen uint64
	// first holds, for each record changed after the moment, its value
	// before the first such change (nil: it did not exist).
	first   map[string]graph.Node
	overlay *graph.Overlay
}

// view calls f with the past graph over one snapshot of the store.
func (h *historyReader) view(ctx context.Context, f func(r graph.Reader) error) error {
	txn := h.s.db.NewTransaction(false)
	defer txn.Discard()
	h.mu.Lock()
	err := h.fold(ctx, txn)
	ov := h.overlay
	h.mu.Unlock()
	if err != nil {
		return fmt.Errorf("store.at: %w", err)
	}
	return f(ov.WithBase(txnReader{txn}))
}

// fold reads the log entries committed after seen.
func (h *historyReader) fold(ctx context.Context, txn *badger.Txn) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{spaceLog}
	it := txn.NewIterator(o)
	defer it.Close()
	changed := h.overlay == nil
	n := 0
	for it.Seek(logKey(h.seen+1, 0)); it.ValidForPrefix(o.Prefix); it.Next() {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		seq, _, err := parseLogKey(it.Item().Key())
		if err != nil {
			return err
		}
		var e logEntry
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
			return err
		}
		h.seen = seq
		if _, ok := h.first[e.ID]; ok {
			continue
		}
		var before graph.Node
		if e.Before != nil {
			if before, err = decodeNode(e.ID, e.Before); err != nil {
				return err
			}
		}
		h.first[e.ID] = before
		changed = true
	}
	if changed {
		var put []graph.Node
		var removed []string
		for _, id := range sortedKeys(h.first) {
			if n := h.first[id]; n != nil {
				put = append(put, n)
			} else {
				removed = append(removed, id)
			}
		}
		h.overlay = graph.NewOverlay(nil, put, removed)
	}
	return nil
}

func (h *historyReader) Nodes(ctx context.Context, ids []string) (out []graph.Node, err error) {
	err = h.view(ctx, func(r graph.Reader) error {
		out, err = r.Nodes(ctx, ids)
		return err
	})
	return out, err
}

func (h *historyReader) IDs(ctx context.Context, k graph.Kind) (out []string, err error) {
	err = h.view(ctx, func(r graph.Reader) error {
		out, err = r.IDs(ctx, k)
		return err
	})
	return out, err
}

func (h *historyReader) Neighbors(ctx context.Context, rel graph.Relation, from []string) (out [][]string, err error) {
	err = h.view(ctx, func(r graph.Reader) error {
		out, err = r.Neighbors(ctx, rel, from)
		return err
	})
	return out, err
}

// Changes returns the change-log entries q selects, oldest first, at most
// q.Limit of them (all when it is 0).
func (s *Store) Changes(ctx context.Context, q graph.ChangeQuery) ([]*graph.RecordChange, error) {
	var out []*graph.RecordChange
	err := s.db.View(func(txn *badger.Txn) error {
		var start []byte
		switch {
		case q.HasAfter:
			start = logKey(q.AfterSeq, q.AfterIndex+1)
			if q.AfterIndex == ^uint32(0) {
				start = logKey(q.AfterSeq+1, 0)
			}
		case !q.Since.IsZero() && q.Since.UnixNano() > 0:
			start = logKey(uint64(q.Since.UnixNano()), 0)
		default:
			start = logKey(0, 0)
		}
		if q.Batch != 0 && string(logKey(q.Batch, 0)) > string(start) {
			start = logKey(q.Batch, 0)
		}
		dec := &entryDecoder{ctx: ctx, txn: txn, batches: map[uint64]logBatch{}}
		take := func(seq uint64, index uint32, v []byte) (bool, error) {
			c, err := dec.decode(seq, index, v)
			if err != nil {
				return false, err
			}
			if q.Matches(c) {
				out = append(out, c)
			}
			return q.Limit > 0 && len(out) >= q.Limit, nil
		}
		if q.Record != "" {
			prefix := recordLogPrefix(q.Record)
			keys, err := scanSuffixes(ctx, txn, prefix)
			if err != nil {
				return err
			}
			for _, k := range keys {
				seq, index := binary.BigEndian.Uint64([]byte(k)), binary.BigEndian.Uint32([]byte(k)[8:])
				if string(logKey(seq, index)) < string(start) {
					continue
				}
				item, err := txn.Get(logKey(seq, index))
				if err != nil {
					return err
				}
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				if done, err := take(seq, index, v); err != nil || done {
					return err
				}
			}
			return nil
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{spaceLog}
		it := txn.NewIterator(o)
		defer it.Close()
		n := 0
		for it.Seek(start); it.ValidForPrefix(o.Prefix); it.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			seq, index, err := parseLogKey(it.Item().Key())
			if err != nil {
				return err
			}
			if q.Batch != 0 && seq > q.Batch {
				return nil
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if done, err := take(seq, index, v); err != nil || done {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.changes: %w", err)
	}
	return out, nil
}

// entryDecoder decodes the log entries of one read, keeping what more than
// one entry may need: batch headers, and the obligations of each theme.
type entryDecoder struct {
	ctx     context.Context
	txn     *badger.Txn
	batches map[uint64]logBatch
	// themes holds the stored obligations by theme, read on first need.
	themes map[graph.Theme][]*graph.Obligation
}

// decode decodes a stored log entry, with its batch's author and message,
// the record after the change (the next entry's before, or the stored node)
// and the states and instruments the record bears on.
func (d *entryDecoder) decode(seq uint64, index uint32, v []byte) (*graph.RecordChange, error) {
	txn := d.txn
	var e logEntry
	if err := json.Unmarshal(v, &e); err != nil {
		return nil, fmt.Errorf("log entry %d/%d: %w", seq, index, err)
	}
	h, ok := d.batches[seq]
	if !ok {
		raw, err := getMeta(txn, batchKey(seq))
		if err != nil {
			return nil, err
		}
		if raw != nil {
			if err := json.Unmarshal(raw, &h); err != nil {
				return nil, fmt.Errorf("log batch %d: %w", seq, err)
			}
		}
		d.batches[seq] = h
	}
	c := &graph.RecordChange{
		Seq: seq, Index: index, Time: time.Unix(0, int64(seq)).UTC(),
		Author: h.Author, Message: h.Message, ID: e.ID, Kind: e.Kind, Action: e.Action, Reason: e.Reason, Forced: h.Force,
	}
	var err error
	if e.Before != nil {
		if c.Before, err = decodeNode(e.ID, e.Before); err != nil {
			return nil, err
		}
	}
	if e.Action != graph.ChangeRetracted {
		if c.After, err = afterOf(txn, e.ID, seq, index); err != nil {
			return nil, err
		}
	}
	lookup := graph.SubjectLookup{
		Node:               func(id string) graph.Node { n, _ := getNode(txn, id); return n },
		ObligationsOfTheme: d.obligationsOfTheme,
	}
	for _, n := range []graph.Node{c.Before, c.After} {
		if n == nil {
			continue
		}
		st, in := graph.Subjects(n, lookup)
		c.States, c.Instruments = appendNew(c.States, st...), appendNew(c.Instruments, in...)
	}
	return c, nil
}

// obligationsOfTheme returns the stored obligations of theme t, reading
// every obligation once per decoder, on first need (evidence that names a
// theme rather than obligations). A read error leaves the list empty.
func (d *entryDecoder) obligationsOfTheme(t graph.Theme) []*graph.Obligation {
	if d.themes == nil {
		d.themes = map[graph.Theme][]*graph.Obligation{}
		ids, err := scanSuffixes(d.ctx, d.txn, kindPrefix(graph.KindObligation))
		if err != nil {
			return nil
		}
		for _, id := range ids {
			o, _ := getNode(d.txn, id)
			if o, ok := o.(*graph.Obligation); ok {
				for _, th := range o.Themes {
					d.themes[th] = append(d.themes[th], o)
				}
			}
		}
	}
	return d.themes[t]
}

// afterOf returns what the entry (seq, index) made of record id: the
// before of the record's next entry, or the stored node if there is none.
func afterOf(txn *badger.Txn, id string, seq uint64, index uint32) (graph.Node, error) {
	prefix := recordLogPrefix(id)
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = prefix
	it := txn.NewIterator(o)
	defer it.Close()
	start := recordLogKey(id, seq, index)
	for it.Seek(start); it.ValidForPrefix(prefix); it.Next() {
		k := it.Item().Key()
		if string(k) == string(start) {
			continue
		}
		rest := k[len(prefix):]
		nseq, nindex := binary.BigEndian.Uint64(rest), binary.BigEndian.Uint32(rest[8:])
		item, err := txn.Get(logKey(nseq, nindex))
		if err != nil {
			return nil, err
		}
		var e logEntry
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
			return nil, err
		}
		if e.Before == nil {
			return nil, nil
		}
		return decodeNode(id, e.Before)
	}
	return getNode(txn, id)
}
