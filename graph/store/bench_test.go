package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

func TestMain(m *testing.M) {
	code := m.Run()
	synth.CloseWorlds()
	os.Exit(code)
}

// BenchmarkLoad loads a whole synthetic world into a fresh on-disk store and
// reports nodes per second, the store's size on disk after Close and the
// process's peak resident set size (which includes the generator and, when
// both scales run, the larger of them). Run the full world once with
// -bench=Load/scale=1 -benchtime=1x.
func BenchmarkLoad(b *testing.B) {
	for _, scale := range []float64{0.1, 1} {
		c := synth.World(scale)
		b.Run(fmt.Sprintf("scale=%v", scale), func(b *testing.B) {
			ctx := context.Background()
			var diskBytes int64
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
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				diskBytes = dirSize(b, dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(c.Count())*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
			b.ReportMetric(float64(diskBytes)/1e6, "MB-disk")
			b.ReportMetric(float64(maxRSS())/1e6, "MB-maxrss")
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

// BenchmarkReads reads the loaded synthetic world the way the compliance
// engine does: a batch of obligations, the implementation links of each (a
// key-only prefix scan per obligation), then those links' nodes.
func BenchmarkReads(b *testing.B) {
	for _, scale := range []float64{0.1, 1} {
		b.Run(fmt.Sprintf("scale=%v", scale), func(b *testing.B) {
			ctx := context.Background()
			s := synth.MustOpenWorld(b, scale)
			c := synth.World(scale)
			obls := make([]string, 20)
			for j := range obls {
				obls[j] = synth.ObligationID(j%c.Instruments, 1+j%c.ObligationsPerInstrument)
			}
			b.Run("Neighbors", func(b *testing.B) {
				links := 0
				for b.Loop() {
					nb, err := s.Neighbors(ctx, graph.RelObligationImplementations, obls)
					if err != nil {
						b.Fatal(err)
					}
					links = 0
					for _, ids := range nb {
						links += len(ids)
					}
				}
				b.ReportMetric(float64(links), "links/op")
			})
			nb, err := s.Neighbors(ctx, graph.RelObligationImplementations, obls)
			if err != nil {
				b.Fatal(err)
			}
			var ids []string
			for _, l := range nb {
				ids = append(ids, l...)
			}
			b.Run("Nodes", func(b *testing.B) {
				for b.Loop() {
					ns, err := s.Nodes(ctx, ids)
					if err != nil {
						b.Fatal(err)
					}
					if len(ns) != len(ids) || (len(ns) > 0 && ns[0] == nil) {
						b.Fatalf("got %d nodes, want %d", len(ns), len(ids))
					}
				}
				b.ReportMetric(float64(len(ids)), "nodes/op")
			})
			b.Run("IDs", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.IDs(ctx, graph.KindLaw); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(c.Laws), "ids/op")
			})
		})
	}
}

// BenchmarkFactBlockDecode decodes a state's fact block and every
// instrument's, as a cold engine does, on the synthetic world at scale 0.1.
func BenchmarkFactBlockDecode(b *testing.B) {
	s := synth.MustOpenWorld(b, 0.1)
	ctx := context.Background()
	ids, err := s.IDs(ctx, graph.KindInstrument)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("state", func(b *testing.B) {
		for i := range b.N {
			if sb, err := s.StateBlock(ctx, synth.StateCode(i%20)); err != nil || sb == nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("instruments", func(b *testing.B) {
		for range b.N {
			if _, err := s.InstrumentBlocks(ctx, ids); err != nil {
				b.Fatal(err)
			}
		}
	})
}
