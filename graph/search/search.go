// Package search is pactwatch's full-text index over the graph: provisions
// (their text with their obligations' summaries), obligations, instruments,
// laws (titles, numbers, notes), evidence and the sources every record cites.
// It is built with bleve, English stemming, and keyword fields for kind,
// state, instrument and theme, so a query can say state:IDN or kind:LAW,
// quote a phrase, and ask for facets.
//
// The index is derived data: the store is the record. The index remembers
// the store version it was built from (graph.Versioner); when that differs
// from the store's, or the index is missing, Rebuild makes it again from the
// store. Update keeps it in step with one write, from the write's
// graph.ApplyResult. While a build runs, Search returns ErrBuilding.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pactwatch/pactwatch/graph"
)

// ErrBuilding is returned by Search while the index is being built.
var ErrBuilding = errors.New("the search index is being built; try again shortly")

// mappingVersion names the documents' shape and analysis: an index written
// with another one is rebuilt. Bump it when docsOf or newMapping change.
const mappingVersion = "4"

// Keys of the values the index keeps about itself.
var (
	keyStoreVersion   = []byte("pactwatch.storeVersion")
	keyMappingVersion = []byte("pactwatch.mappingVersion")
)

// batchSize is how many records a rebuild reads at a time. An index in
// memory takes its documents memoryBatchDocs at a time; the builder of an
// index on disk makes a segment of every builderBatchDocs documents and
// merges builderMergeMax segments at a time.
const (
	batchSize        = 500
	memoryBatchDocs  = 25000
	builderBatchDocs = 5000
	builderMergeMax  = 10
)

// Index is the search index. It is safe for concurrent use.
type Index struct {
	path string // "" for an index in memory

	mu  sync.RWMutex
	idx bleve.Index // nil until the first build has finished
	// version is the store version the index reflects; stale while building.
	version uint64

	building atomic.Bool
	built    atomic.Int64 // documents indexed by the last build
	took     atomic.Int64 // duration of the last build, in nanoseconds

	// pace, when set, is called before each batch of a build: a server
	// makes the build wait while it answers queries (SetPace).
	pace atomic.Pointer[func(context.Context) error]
}

// SetPace makes every later batch of a build wait for f first, so that a
// build in the background yields to the queries a server answers.
func (ix *Index) SetPace(f func(context.Context) error) { ix.pace.Store(&f) }

// Open opens the index in dir, creating an empty one (which is stale) when
// there is none or it cannot be read. Call Current to know whether it needs
// a Rebuild.
func Open(dir string) (*Index, error) {
	ix := &Index{path: dir}
	idx, err := bleve.Open(dir)
	if err == nil {
		ix.idx = idx
		v, mv, rerr := readVersions(idx)
		if rerr == nil && mv == mappingVersion {
			ix.version = v
			return ix, nil
		}
		// An index of another shape: start again.
		idx.Close()
		ix.idx = nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("search.Open: %w", err)
	}
	return ix, nil
}

// NewMemory returns an empty index held in memory, for tests and for
// commands that need an index only while they run.
func NewMemory() *Index { return &Index{} }

// IndexOf returns an index in memory of every record of r, built before it
// returns: the index of a graph other than the store's current one, such as
// the graph as it was known at a past moment (graph.History.At). Close it
// when done.
func IndexOf(ctx context.Context, r graph.Reader) (*Index, error) {
	ix := NewMemory()
	if err := ix.Rebuild(ctx, r, 0); err != nil {
		return nil, err
	}
	return ix, nil
}

func readVersions(idx bleve.Index) (uint64, string, error) {
	b, err := idx.GetInternal(keyStoreVersion)
	if err != nil {
		return 0, "", err
	}
	mv, err := idx.GetInternal(keyMappingVersion)
	if err != nil {
		return 0, "", err
	}
	v, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0, "", err
	}
	return v, string(mv), nil
}

// Current reports whether the index reflects store version v.
func (ix *Index) Current(v uint64) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idx != nil && ix.version == v && !ix.building.Load()
}

// Building reports whether a build is running.
func (ix *Index) Building() bool { return ix.building.Load() }

// Status says what the index holds.
type Status struct {
	Ready     bool
	Building  bool
	Documents uint64
	Version   uint64        // the store version the index reflects
	LastBuild time.Duration // how long the last full build took
	// Segments is how many segments an index on disk is in: a build
	// writes many, which bleve then merges in the background.
	Segments int
}

// Status returns the index's status.
func (ix *Index) Status() Status {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := Status{Building: ix.building.Load(), Version: ix.version, LastBuild: time.Duration(ix.took.Load())}
	if ix.idx != nil {
		st.Ready = !st.Building
		st.Documents, _ = ix.idx.DocCount()
		if m, ok := ix.idx.StatsMap()["index"].(map[string]any); ok {
			if n, ok := m["num_root_filesegments"].(uint64); ok {
				st.Segments = int(n)
			}
		}
	}
	return st
}

// Close closes the index. A build in progress is not waited for.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.idx.Close()
	ix.idx = nil
	return err
}

// Rebuild builds the index again from every record of r, which is at store
// version v, and replaces the current index with it. The current index
// answers nothing meanwhile (Search returns ErrBuilding). Only one build
// runs at a time: a second call while one runs returns at once, with nil.
func (ix *Index) Rebuild(ctx context.Context, r graph.Reader, v uint64) error {
	if !ix.building.CompareAndSwap(false, true) {
		return nil
	}
	defer ix.building.Store(false)
	start := time.Now()

	next, n, err := ix.build(ctx, r)
	if err == nil {
		err = writeVersions(next, v)
	}
	if err != nil {
		if next != nil {
			next.Close()
		}
		if ix.path != "" {
			os.RemoveAll(ix.buildingPath())
		}
		return fmt.Errorf("search.Rebuild: %w", err)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		ix.idx.Close()
		ix.idx = nil
	}
	if ix.path != "" {
		// Reopen from the final place, so the index on disk is the one in use.
		if err := next.Close(); err != nil {
			return fmt.Errorf("search.Rebuild: %w", err)
		}
		if err := os.RemoveAll(ix.path); err != nil {
			return fmt.Errorf("search.Rebuild: %w", err)
		}
		if err := os.Rename(ix.buildingPath(), ix.path); err != nil {
			return fmt.Errorf("search.Rebuild: %w", err)
		}
		var err error
		if next, err = bleve.Open(ix.path); err != nil {
			return fmt.Errorf("search.Rebuild: %w", err)
		}
	}
	ix.idx = next
	ix.version = v
	ix.built.Store(int64(n))
	ix.took.Store(int64(time.Since(start)))
	return nil
}

func writeVersions(idx bleve.Index, v uint64) error {
	if err := idx.SetInternal(keyMappingVersion, []byte(mappingVersion)); err != nil {
		return err
	}
	return idx.SetInternal(keyStoreVersion, []byte(strconv.FormatUint(v, 10)))
}

// waitPace waits for the pace set with SetPace, if any.
func (ix *Index) waitPace(ctx context.Context) error {
	if p := ix.pace.Load(); p != nil {
		return (*p)(ctx)
	}
	return nil
}

// buildingPath is where a build on disk writes the index it makes, until
// it replaces the one in use.
func (ix *Index) buildingPath() string { return ix.path + ".building" }

// build makes an index of every record of r and returns it open, with the
// number of documents it holds.
//
// An index on disk is made by bleve's offline builder: the documents are
// analysed in this goroutine, between the waits for the pace, into segments
// that are merged once at the end. (An index written through Batch keeps
// merging and persisting segments in goroutines of its own, which no pace
// reaches: on the synthetic world that took more than a core for minutes,
// taken from the queries the server was answering.)
//
// An index in memory is bleve's scorch in memory, the engine of the index on
// disk (its NewMemOnly is the older upsidedown, which took minutes to build
// the synthetic world and 100 ms for a broad query), given its documents in
// large batches: it keeps each batch a segment, and merges none.
func (ix *Index) build(ctx context.Context, r graph.Reader) (bleve.Index, int, error) {
	if ix.path == "" {
		idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, 0, err
		}
		bt := &batcher{idx: idx, b: idx.NewBatch()}
		n, err := indexAll(ctx, r, ix.waitPace, bt.add)
		if err == nil {
			err = bt.flush()
		}
		return idx, n, err
	}
	tmp := ix.buildingPath()
	if err := os.RemoveAll(tmp); err != nil {
		return nil, 0, err
	}
	b, err := bleve.NewBuilder(tmp, newMapping(), map[string]any{
		"batchSize":       builderBatchDocs,
		"mergeMax":        builderMergeMax,
		"buildPathPrefix": tmp, // its segments, removed with tmp if the build stops
	})
	if err != nil {
		return nil, 0, err
	}
	n, err := indexAll(ctx, r, ix.waitPace, b.Index)
	if err == nil {
		err = b.Close()
	}
	if err != nil {
		return nil, n, err
	}
	idx, err := bleve.Open(tmp)
	return idx, n, err
}

// batcher gives an index its documents memoryBatchDocs at a time.
type batcher struct {
	idx bleve.Index
	b   *bleve.Batch
}

func (bt *batcher) add(id string, d any) error {
	if err := bt.b.Index(id, d); err != nil {
		return err
	}
	if bt.b.Size() >= memoryBatchDocs {
		return bt.flush()
	}
	return nil
}

func (bt *batcher) flush() error {
	if bt.b.Size() == 0 {
		return nil
	}
	err := bt.idx.Batch(bt.b)
	bt.b = bt.idx.NewBatch()
	return err
}

// indexAll gives add every document of every record of r and returns the
// number of documents given; pace is waited for before each batch of
// records is read.
func indexAll(ctx context.Context, r graph.Reader, pace func(context.Context) error, add func(id string, d any) error) (int, error) {
	obls, err := graph.All[*graph.Obligation](ctx, r)
	if err != nil {
		return 0, err
	}
	nb := &neighbours{obligations: map[string][]*graph.Obligation{}}
	for _, o := range obls {
		nb.obligations[o.ProvisionID] = append(nb.obligations[o.ProvisionID], o)
	}
	count := 0
	for _, k := range graph.Kinds {
		ids, err := r.IDs(ctx, k)
		if err != nil {
			return count, err
		}
		for lo := 0; lo < len(ids); lo += batchSize {
			if err := ctx.Err(); err != nil {
				return count, err
			}
			if err := pace(ctx); err != nil {
				return count, err
			}
			ns, err := r.Nodes(ctx, ids[lo:min(lo+batchSize, len(ids))])
			if err != nil {
				return count, err
			}
			for _, n := range ns {
				if n == nil {
					continue
				}
				for id, d := range docsOf(n, nb) {
					if err := add(id, d); err != nil {
						return count, err
					}
					count++
				}
			}
		}
	}
	return count, nil
}

// Update brings the index in step with one write to the store: res is what
// the write changed, r the store after it, at version v. An index that was
// not current before the write (or is building) is left for Rebuild, and
// Update returns false; it returns true when it applied the write.
func (ix *Index) Update(ctx context.Context, r graph.Reader, before, v uint64, res *graph.ApplyResult) (bool, error) {
	if ix.building.Load() {
		return false, nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil || ix.version != before {
		return false, nil
	}
	// A provision's document holds its obligations' summaries: a changed
	// obligation changes its provision's document too.
	touched := map[string]bool{}
	for _, list := range [][]string{res.Added, res.Changed, res.Removed} {
		for _, id := range list {
			touched[id] = true
		}
	}
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	ns, err := r.Nodes(ctx, ids)
	if err != nil {
		return false, fmt.Errorf("search.Update: %w", err)
	}
	for i, n := range ns {
		if o, ok := n.(*graph.Obligation); ok {
			touched[o.ProvisionID] = true
		} else if n == nil {
			// A removed record: if it was an obligation, its provision's id
			// is its own without the last part.
			touched[path.Dir(ids[i])] = true
		}
	}
	ids = ids[:0]
	for id := range touched {
		ids = append(ids, id)
	}
	if ns, err = r.Nodes(ctx, ids); err != nil {
		return false, fmt.Errorf("search.Update: %w", err)
	}
	nb := &neighbours{obligations: map[string][]*graph.Obligation{}}
	var provs []string
	for _, n := range ns {
		if p, ok := n.(*graph.Provision); ok {
			provs = append(provs, p.ID)
		}
	}
	if len(provs) > 0 {
		obIDs, err := r.Neighbors(ctx, graph.RelProvisionObligations, provs)
		if err != nil {
			return false, fmt.Errorf("search.Update: %w", err)
		}
		for i, p := range provs {
			obs, err := graph.GetMany[*graph.Obligation](ctx, r, obIDs[i])
			if err != nil {
				return false, fmt.Errorf("search.Update: %w", err)
			}
			for _, o := range obs {
				if o != nil {
					nb.obligations[p] = append(nb.obligations[p], o)
				}
			}
		}
	}

	b := ix.idx.NewBatch()
	for i, id := range ids {
		// Every document of the record goes, then its current ones come back.
		old, err := ix.docsOfRecord(id)
		if err != nil {
			return false, fmt.Errorf("search.Update: %w", err)
		}
		for _, d := range old {
			b.Delete(d)
		}
		if ns[i] == nil {
			continue
		}
		for did, d := range docsOf(ns[i], nb) {
			if err := b.Index(did, d); err != nil {
				return false, fmt.Errorf("search.Update: %w", err)
			}
		}
	}
	b.SetInternal(keyStoreVersion, []byte(strconv.FormatUint(v, 10)))
	if err := ix.idx.Batch(b); err != nil {
		return false, fmt.Errorf("search.Update: %w", err)
	}
	ix.version = v
	return true, nil
}

// docsOfRecord returns the ids of every document of the record id. The
// caller holds mu.
func (ix *Index) docsOfRecord(id string) ([]string, error) {
	q := bleve.NewTermQuery(id)
	q.SetField("record")
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out, nil
}

// newMapping is the index's mapping: English analysis for the text fields
// (and for queries without a field), keywords for the fields one filters
// on, and the facet field with doc values (facets.go).
func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = AnalyzerEnglish
	text.Store = true
	text.IncludeTermVectors = true

	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true
	kw.IncludeInAll = false
	kw.DocValues = false // filtered on, never faceted: the facet field is

	facet := bleve.NewKeywordFieldMapping()
	facet.Analyzer = keyword.Name
	facet.Store = false
	facet.IncludeInAll = false
	facet.IncludeTermVectors = false
	facet.DocValues = true

	url := bleve.NewTextFieldMapping()
	url.Analyzer = keyword.Name
	url.Store = true
	url.IncludeInAll = false

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"kind", "record", "state", "instrument", "theme"} {
		dm.AddFieldMappingsAt(f, kw)
	}
	dm.AddFieldMappingsAt("title", text)
	dm.AddFieldMappingsAt("text", text)
	dm.AddFieldMappingsAt("source", url)
	dm.AddFieldMappingsAt(facetField, facet)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerEnglish
	im.StoreDynamic = false
	im.IndexDynamic = false
	return im
}
