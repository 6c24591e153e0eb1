package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// BenchmarkLoad loads a whole synthetic world into a fresh on-disk store and
// reports nodes per second, the store's size on disk after Close and the
// heap in use at the end of the load. Run the full world once with
// -bench=Load/scale=1 -benchtime=1x.
func BenchmarkLoad(b *testing.B) {
	for _, scale := range []float64{0.1, 1} {
		c := synth.World(scale)
		b.Run(fmt.Sprintf("scale=%v", scale), func(b *testing.B) {
			ctx := context.Background()
			var diskBytes int64
			var heap uint64
			for b.Loop() {
				dir := b.TempDir()
				s, err := store.Open(ctx, dir)
				if err != nil {
					b.Fatal(err)
				}
				n, err := s.Load(ctx, c.Nodes())
				if err != nil {
					b.Fatal(err)
				}
				if n != c.Count() {
					b.Fatalf("loaded %d nodes, want %d", n, c.Count())
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = ms.HeapInuse
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				diskBytes = dirSize(b, dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(c.Count())*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
			b.ReportMetric(float64(diskBytes)/1e6, "MB-disk")
			b.ReportMetric(float64(heap)/1e6, "MB-heap")
		})
	}
}

func dirSize(tb testing.TB, dir string) int64 {
	var n int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
