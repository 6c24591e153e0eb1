package graph

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// The engine's one read path: facts come from here, and only here. Over a
// Reader that is also a Versioner, the facts of one version are kept (each
// state's up to a bound on their total size, instruments up to a count) and
// dropped when the version changes; facts are rebuilt from the store alone,
// so a read at a past version would rebuild the facts as they were.

// Versioner is implemented by a Reader that can tell when its graph changed:
// Version returns a number that is different after every write.
type Versioner interface {
	Version() uint64
}

// DefaultFactBytes bounds the memory the engine's cache of state facts
// takes, roughly: 512 MiB holds every state of the synthetic world.
const DefaultFactBytes = 512 << 20

// maxInstrumentFacts bounds the instruments whose facts are kept.
const maxInstrumentFacts = 8192

type factCache struct {
	v        Versioner
	maxBytes int
	cur      atomic.Pointer[factSnapshot]
}

// factSnapshot holds the facts read at one version.
type factSnapshot struct {
	version uint64
	shared  bool

	mu         sync.Mutex
	states     map[string]*StateFacts
	stateOrder []string // least recently used first
	bytes      int
	maxBytes   int
	insts      map[string]*InstrumentFacts
	all        []*Instrument // every instrument, nil until listed
	names      map[string]string
	codes      []string

	flight singleflight.Group

	// nodes keeps the nodes read through nodeReader (a record's Reader):
	// the laws, reviews and evidence gap lists name, over and over, and
	// the nodes of one version do not change. At most maxExplainedNodes.
	nodes     sync.Map
	nodeCount atomic.Int64
}

// maxExplainedNodes bounds the nodes a snapshot keeps (a few hundred bytes
// each).
const maxExplainedNodes = 50_000

// nodeReader is the Reader records give (ComplianceRecord.Reader): its
// Nodes keep what they read in the snapshot, so that the nodes a gap list
// names are read once per version, not once per record.
type nodeReader struct {
	Reader
	s *factSnapshot
}

// Nodes returns the nodes of ids, reading only those the snapshot has not
// kept.
func (r nodeReader) Nodes(ctx context.Context, ids []string) ([]Node, error) {
	out := make([]Node, len(ids))
	var miss []string
	var at []int
	for i, id := range ids {
		if n, ok := r.s.nodes.Load(id); ok {
			out[i] = n.(Node)
			continue
		}
		miss = append(miss, id)
		at = append(at, i)
	}
	if len(miss) == 0 {
		return out, nil
	}
	got, err := r.Reader.Nodes(ctx, miss)
	if err != nil {
		return nil, err
	}
	for j, n := range got {
		out[at[j]] = n
		if n != nil && r.s.nodeCount.Load() < maxExplainedNodes {
			if _, loaded := r.s.nodes.LoadOrStore(miss[j], n); !loaded {
				r.s.nodeCount.Add(1)
			}
		}
	}
	return out, nil
}

func newFactSnapshot(version uint64, shared bool, maxBytes int) *factSnapshot {
	return &factSnapshot{
		version: version, shared: shared, maxBytes: maxBytes,
		states: map[string]*StateFacts{}, insts: map[string]*InstrumentFacts{}, names: map[string]string{},
	}
}

// snapshot returns the facts of the reader's current version, or a snapshot
// for this call alone when the reader has no version.
func (e *Engine) snapshot() *factSnapshot {
	if e.cache == nil {
		return newFactSnapshot(0, false, e.maxBytes)
	}
	v := e.cache.v.Version()
	if cur := e.cache.cur.Load(); cur != nil && cur.version == v {
		return cur
	}
	s := newFactSnapshot(v, true, e.cache.maxBytes)
	e.cache.cur.Store(s)
	return s
}

// stateFacts returns one state's facts.
func (s *factSnapshot) stateFacts(ctx context.Context, r Reader, code string) (*StateFacts, error) {
	s.mu.Lock()
	if sf, ok := s.states[code]; ok {
		if i := slices.Index(s.stateOrder, code); i >= 0 && i < len(s.stateOrder)-1 {
			s.stateOrder = append(slices.Delete(s.stateOrder, i, i+1), code)
		}
		s.mu.Unlock()
		return sf, nil
	}
	s.mu.Unlock()
	v, err, _ := s.flight.Do("state\x00"+code, func() (any, error) {
		sf, err := readStateFacts(ctx, r, code)
		if err != nil {
			return nil, err
		}
		s.putState(sf)
		return sf, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*StateFacts), nil
}

// putState keeps a state's facts, forgetting the least recently used when
// the total passes the bound.
func (s *factSnapshot) putState(sf *StateFacts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names[sf.State.Code] = sf.State.Name
	if _, ok := s.states[sf.State.Code]; ok {
		return
	}
	s.states[sf.State.Code] = sf
	s.stateOrder = append(s.stateOrder, sf.State.Code)
	s.bytes += sf.size
	for s.bytes > s.maxBytes && len(s.stateOrder) > 1 {
		old := s.stateOrder[0]
		s.stateOrder = s.stateOrder[1:]
		s.bytes -= s.states[old].size
		delete(s.states, old)
	}
}

// instrumentFacts returns the facts of the given instruments, in order,
// reading those not kept in one pass; ENOTFOUND names an unknown id.
func (s *factSnapshot) instrumentFacts(ctx context.Context, r Reader, ids []string) ([]*InstrumentFacts, error) {
	out := make([]*InstrumentFacts, len(ids))
	var need []string
	s.mu.Lock()
	for i, id := range ids {
		if f, ok := s.insts[id]; ok {
			out[i] = f
		} else {
			need = append(need, id)
		}
	}
	s.mu.Unlock()
	if len(need) == 0 {
		return out, nil
	}
	got, err := readInstrumentFacts(ctx, r, need)
	if err != nil {
		return nil, err
	}
	read := make(map[string]*InstrumentFacts, len(got))
	for i, f := range got {
		if f == nil {
			return nil, unknownInstrument(ctx, r, need[i])
		}
		read[f.Instrument.ID] = f
	}
	for i, id := range ids {
		if out[i] == nil {
			out[i] = read[id]
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.insts)+len(read) > maxInstrumentFacts {
		clear(s.insts)
	}
	for id, f := range read {
		s.insts[id] = f
	}
	return out, nil
}

// everyInstrument lists the instruments, needed because an ASEAN member is
// committed to a non-binding instrument adopted while it was a member,
// without any action of its own.
func (s *factSnapshot) everyInstrument(ctx context.Context, r Reader) ([]*Instrument, error) {
	s.mu.Lock()
	all := s.all
	s.mu.Unlock()
	if all != nil {
		return all, nil
	}
	all, err := All[*Instrument](ctx, r)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.all = all
	s.mu.Unlock()
	return all, nil
}

// stateCodes lists every state's code.
func (s *factSnapshot) stateCodes(ctx context.Context, r Reader) ([]string, error) {
	s.mu.Lock()
	codes := s.codes
	s.mu.Unlock()
	if codes != nil {
		return codes, nil
	}
	codes, err := r.IDs(ctx, KindState)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.codes = codes
	s.mu.Unlock()
	return codes, nil
}

// stateName returns a state's name, reading it when not known.
func (s *factSnapshot) stateName(ctx context.Context, r Reader, code string) string {
	s.mu.Lock()
	n, ok := s.names[code]
	s.mu.Unlock()
	if ok {
		if n == "" {
			return code
		}
		return n
	}
	st, err := Get[*State](ctx, r, code)
	if err != nil {
		return code
	}
	s.mu.Lock()
	s.names[code] = st.Name
	s.mu.Unlock()
	if st.Name == "" {
		return code
	}
	return st.Name
}

// readStateFacts reads a state's facts from its block when the reader
// keeps one, else from its nodes.
func readStateFacts(ctx context.Context, r Reader, code string) (*StateFacts, error) {
	if fs, ok := r.(FactStore); ok {
		sb, err := fs.StateBlock(ctx, code)
		if err != nil {
			return nil, err
		}
		if sb != nil {
			return sb.Facts(), nil
		}
	}
	return ReadStateFacts(ctx, r, code)
}

// readInstrumentFacts reads instruments' facts from their blocks where the
// reader keeps them, else from their nodes.
func readInstrumentFacts(ctx context.Context, r Reader, ids []string) ([]*InstrumentFacts, error) {
	out := make([]*InstrumentFacts, len(ids))
	var need []string
	var at []int
	if fs, ok := r.(FactStore); ok {
		bs, err := fs.InstrumentBlocks(ctx, ids)
		if err != nil {
			return nil, err
		}
		for i, b := range bs {
			if b != nil {
				out[i] = b.Facts()
			} else {
				need = append(need, ids[i])
				at = append(at, i)
			}
		}
	} else {
		need = ids
		for i := range ids {
			at = append(at, i)
		}
	}
	if len(need) == 0 {
		return out, nil
	}
	got, err := ReadInstrumentFacts(ctx, r, need)
	if err != nil {
		return nil, err
	}
	for k, f := range got {
		out[at[k]] = f
	}
	return out, nil
}
