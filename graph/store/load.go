package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/pactwatch/pactwatch/graph"
)

// maxLoadDetails caps the problems a failed Load lists.
const maxLoadDetails = 100

// Load writes a whole graph into an empty store, in bulk, for graphs too
// large for one Apply (the synthetic world has about 1.7 million nodes).
// Every node's references must name a node that came earlier in nodes, with
// the right kind, and no id may repeat; nodes must not change once yielded.
// Load checks and encodes every node first, holding the encoded graph in
// memory (about 1.2 GB outside the Go heap for the synthetic world, whose
// load peaks near 2.6 GB resident), sorts each keyspace, and writes the
// sorted keys straight into Badger's tables, which skips the memtables and
// compactions that make one-key-at-a-time writes slow. If any check fails it
// writes nothing, and the error lists the problems (up to 100); if writing
// fails it drops what it wrote, so the store is empty again. It returns the
// number of nodes written. Load must not run while anything else reads or
// writes the store.
func (s *Store) Load(ctx context.Context, nodes iter.Seq[graph.Node]) (int, error) {
	if s.readOnly {
		return 0, errReadOnly("store.load")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	defer s.noteWrite()
	if err := s.checkRoom(); err != nil {
		return 0, err
	}

	empty, err := s.empty()
	if err != nil {
		return 0, fmt.Errorf("store.load: %w", err)
	}
	if !empty {
		return 0, graph.Errorf(graph.EINVALID, "store.load: the store is not empty; use Apply to change a loaded graph")
	}
	runs := []*run{{}, {}, {}, {}, {}} // node, kind, origin, edge and fact keys
	defer func() {
		for _, r := range runs {
			r.release()
		}
	}()
	count, err := collect(ctx, nodes, runs)
	if err != nil {
		return 0, fmt.Errorf("store.load: %w", err)
	}
	// The meta keys go last, in a stream of their own: Prepare drops
	// whatever the store held, the meta keys of an emptied store too.
	meta := &run{}
	meta.add(formatKey, binary.BigEndian.AppendUint32(nil, FormatVersion))
	// A bulk load logs no change: the store's history starts with it.
	meta.add(historyStartKey, binary.BigEndian.AppendUint64(nil, uint64(time.Now().UnixNano())))
	runs = append(runs, meta)
	if err := s.stream(ctx, runs); err != nil {
		if derr := s.db.DropAll(); derr != nil {
			return 0, fmt.Errorf("store.load: %w (and dropping what was written failed: %v)", err, derr)
		}
		return 0, s.noSpaceError(fmt.Errorf("store.load: %w", err))
	}
	return count, nil
}

// collect checks and encodes every node into runs, one per keyspace.
func collect(ctx context.Context, nodes iter.Seq[graph.Node], runs []*run) (int, error) {
	// kinds holds a 64-bit hash of every id seen so far, with its kind, to
	// check references and repeats. Hashes keep the map free of pointers (so
	// the collector never scans it) and small; a collision, about one chance
	// in 10^7 for the synthetic world, would let one bad reference or repeat
	// through.
	kinds := map[uint64]graph.Kind{}
	seed := maphash.MakeSeed()
	// facts collects every state's and instrument's fact block as the
	// nodes go by (laws come before their links, as every reference names
	// an earlier node).
	facts := graph.NewFactsBuilder()
	var problems []string
	total := 0
	fail := func(format string, args ...any) {
		if total++; total <= maxLoadDetails {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	// The nodes are checked here, in order, and encoded by one encoder per
	// processor, each into runs of its own that are merged at the end.
	encs := make([]*encoder, max(1, runtime.GOMAXPROCS(0)))
	work := make(chan []graph.Node, 2*len(encs))
	var wg sync.WaitGroup
	for i := range encs {
		e := &encoder{runs: []*run{{}, {}, {}, {}, {}}}
		encs[i] = e
		wg.Go(func() {
			for b := range work {
				e.encode(b)
			}
		})
	}
	stop := sync.OnceFunc(func() { close(work); wg.Wait() })
	defer func() {
		stop()
		for _, e := range encs {
			for _, r := range e.runs {
				r.release()
			}
		}
	}()
	const batchLen = 256
	batch := make([]graph.Node, 0, batchLen)

	count := 0
	for n := range nodes {
		if count%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		count++
		if problem := keyProblem(n, "node %d", count); problem != "" {
			fail("%s", problem)
			continue
		}
		id := n.NodeID()
		h := maphash.String(seed, id)
		if k, dup := kinds[h]; dup {
			fail("%s: id: already used by a %s", id, k)
			continue
		}
		kinds[h] = n.NodeKind()
		facts.Add(n)
		for _, r := range graph.RefsOf(n) {
			switch k, ok := kinds[maphash.String(seed, r.To)]; {
			case !ok:
				fail("%s: %s: no %s %q before it", id, r.Field, r.Kind, r.To)
			case k != r.Kind:
				fail("%s: %s: %q is a %s, want a %s", id, r.Field, r.To, k, r.Kind)
			}
		}
		if total > 0 {
			continue // keep checking, stop encoding
		}
		if batch = append(batch, n); len(batch) == batchLen {
			work <- batch
			batch = make([]graph.Node, 0, batchLen)
		}
	}
	if len(batch) > 0 && total == 0 {
		work <- batch
	}
	stop()
	if total > 0 {
		if total > len(problems) {
			problems = append(problems, fmt.Sprintf("and %d more", total-len(problems)))
		}
		return 0, &graph.Error{
			Code:    graph.EINVALID,
			Message: fmt.Sprintf("load rejected: %d problems, nothing written", total),
			Details: problems,
		}
	}
	for _, e := range encs {
		if e.err != nil {
			return 0, e.err
		}
		for i, r := range e.runs {
			runs[i].merge(r)
		}
	}
	blocks, err := factBlocks(facts)
	if err != nil {
		return 0, err
	}
	for _, kv := range blocks {
		runs[4].add(kv[0], kv[1])
	}
	return count, nil
}

// encoder encodes nodes into runs of its own.
type encoder struct {
	runs []*run
	buf  bytes.Buffer
	err  error
}

func (e *encoder) encode(nodes []graph.Node) {
	for _, n := range nodes {
		if e.err != nil {
			return
		}
		e.buf.Reset()
		if e.err = encodeNodeTo(&e.buf, n); e.err != nil {
			return
		}
		e.runs[0].add(nodeKey(n.NodeID()), e.buf.Bytes())
		for _, k := range indexKeys(n) {
			e.runs[k[0]-spaceKind+1].add(k, nil)
		}
	}
}

// stream sorts the runs and writes them with a StreamWriter, one stream per
// keyspace (their key ranges do not overlap). Each run is written as soon
// as it is sorted, the runs at the same time: the StreamWriter takes
// concurrent writes, and decoding them and building their tables keeps
// every processor busy where one run after another kept one.
func (s *Store) stream(ctx context.Context, runs []*run) error {
	// Write above every version the store has seen, so that Version still
	// grows when a store that once held nodes is loaded again.
	version := s.db.MaxVersion() + 1
	sw := s.db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return err
	}
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Go(func() {
			r.sort()
			errs[i] = writeRun(ctx, sw, r, uint32(i+1), version)
			r.release()
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		sw.Cancel()
		return err
	}
	return sw.Flush()
}

// writeRun writes one sorted run to sw as stream id.
func writeRun(ctx context.Context, sw *badger.StreamWriter, r *run, id uint32, version uint64) error {
	const batch = 8 << 20
	buf := z.NewBuffer(batch+1<<20, "store.load")
	defer buf.Release()
	var kv pb.KV
	kv.StreamId = id
	kv.Version = version
	var last []byte
	for j := range r.spans {
		if j%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		k, v := r.kv(j)
		if last != nil && bytes.Equal(k, last) {
			continue // the same reference twice in one node
		}
		last = k
		kv.Key, kv.Value = k, v
		badger.KVToBuffer(&kv, buf)
		if buf.LenNoPadding() >= batch {
			if err := sw.Write(buf); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	return sw.Write(buf)
}

// chunkBits sizes the chunks a run keeps its bytes in (64 MiB): chunks spare
// the copying of one ever-growing slice.
const chunkBits = 26

// run holds the keys and values of one keyspace, packed into large chunks
// so that millions of them cost the collector nothing to scan.
type run struct {
	chunks [][]byte
	spans  []span
}

// span locates a key and its value (stored right after it) in a run.
type span struct {
	off        uint64 // chunk index << chunkBits | offset in the chunk
	klen, vlen uint32
}

func (r *run) add(k, v []byte) {
	n := len(k) + len(v)
	last := len(r.chunks) - 1
	if last < 0 || len(r.chunks[last])+n > cap(r.chunks[last]) {
		r.chunks = append(r.chunks, newChunk(max(1<<chunkBits, n)))
		last++
	}
	c := r.chunks[last]
	r.spans = append(r.spans, span{off: uint64(last)<<chunkBits | uint64(len(c)), klen: uint32(len(k)), vlen: uint32(len(v))})
	c = append(c, k...)
	r.chunks[last] = append(c, v...)
}

// merge moves o's keys and values into r; o is empty afterwards.
func (r *run) merge(o *run) {
	base := uint64(len(r.chunks)) << chunkBits
	r.chunks = append(r.chunks, o.chunks...)
	r.spans = slices.Grow(r.spans, len(o.spans))
	for _, s := range o.spans {
		s.off += base
		r.spans = append(r.spans, s)
	}
	o.chunks, o.spans = nil, nil
}

func (r *run) key(s span) []byte {
	c, o := r.chunks[s.off>>chunkBits], s.off&(1<<chunkBits-1)
	return c[o : o+uint64(s.klen)]
}

func (r *run) kv(i int) ([]byte, []byte) {
	s := r.spans[i]
	c, o := r.chunks[s.off>>chunkBits], s.off&(1<<chunkBits-1)
	k := o + uint64(s.klen)
	return c[o:k], c[k : k+uint64(s.vlen)]
}

func (r *run) sort() {
	slices.SortFunc(r.spans, func(a, b span) int { return bytes.Compare(r.key(a), r.key(b)) })
}

// release frees the run's memory; the run is empty afterwards.
func (r *run) release() {
	for _, c := range r.chunks {
		freeChunk(c)
	}
	r.chunks, r.spans = nil, nil
}

// empty reports whether the store holds no graph key (a store whose nodes
// were all deleted still holds its meta keys).
func (s *Store) empty() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid() || it.Item().Key()[0] >= spaceGraphEnd
		return nil
	})
	return empty, err
}
