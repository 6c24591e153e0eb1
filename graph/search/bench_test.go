package search_test

import (
	"context"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/graph/synth"
)

func TestMain(m *testing.M) {
	code := m.Run()
	synth.CloseWorlds()
	os.Exit(code)
}

var (
	benchIndexOnce sync.Once
	benchIndex     *search.Index
)

// worldIndex is the search index of the synthetic world at scale 0.1, built
// once per process (about 13 s) outside any timed loop.
func worldIndex(b *testing.B) *search.Index {
	b.Helper()
	benchIndexOnce.Do(func() {
		s := synth.MustOpenWorld(b, 0.1)
		ix := search.NewMemory()
		start := time.Now()
		if err := ix.Rebuild(context.Background(), s, s.Version()); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the index of the world at scale 0.1: %d documents in %s", ix.Status().Documents, time.Since(start).Round(time.Millisecond))
		benchIndex = ix
	})
	if benchIndex == nil {
		b.Fatal("no index")
	}
	return benchIndex
}

// BenchmarkSearch runs the queries a researcher types, in turn, on the
// synthetic world at scale 0.1, and reports the p50 and p99 of a search
// (the target is a p50 under 20 ms); BenchmarkSearch/each reports them per
// query.
func BenchmarkSearch(b *testing.B) {
	ix := worldIndex(b)
	queries := []search.Query{
		{Text: "non-punishment", Size: 20},
		{Text: "victim identification", Size: 20},
		{Text: `"mutual legal assistance"`, Size: 20},
		{Text: "trafficking", Size: 20},
		{Text: "victim protection", State: "IDN", Size: 20},
		{Text: "law kind:LAW", Size: 20},
		{Text: "+shelter -child", Size: 20},
		{Text: "prosecution", Kinds: []string{"EVIDENCE"}, Instrument: "actip-2015", Size: 20},
	}
	b.Run("mixed", func(b *testing.B) { benchQueries(b, ix, queries) })
	for _, q := range queries {
		b.Run("each/"+q.Text, func(b *testing.B) { benchQueries(b, ix, []search.Query{q}) })
	}
}

func benchQueries(b *testing.B, ix *search.Index, queries []search.Query) {
	ctx := context.Background()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := ix.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
