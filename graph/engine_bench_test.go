package graph_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// The engine benchmarks run over the synthetic worlds of graph/synth: the
// full world (200 states, 600 instruments, 1.7 million nodes) and a tenth of
// it. Loading the full world takes a minute or more, once per process, and a
// cold Compare of all 200 states close to one, so run few iterations:
//
//	go test ./graph -run '^$' -bench Engine -benchtime 3x

var benchDay = graph.MustDate("2019-06-30")

// percentiles records each iteration's wall time and the process's CPU
// time, and reports p50 and p90 in milliseconds next to the mean, with the
// CPU milliseconds per call (the machine is shared, so wall time alone
// overstates the cost when others are busy).
type percentiles struct {
	d   []time.Duration
	cpu time.Duration
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (p *percentiles) time(f func()) {
	c, t := cpuTime(), time.Now()
	f()
	p.d = append(p.d, time.Since(t))
	p.cpu += cpuTime() - c
}

func (p *percentiles) report(b *testing.B) {
	if len(p.d) == 0 {
		return
	}
	slices.Sort(p.d)
	at := func(q float64) float64 {
		return float64(p.d[int(q*float64(len(p.d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.9), "p90-ms")
	b.ReportMetric(float64(p.cpu.Microseconds())/1000/float64(len(p.d)), "cpu-ms/op")
}

// BenchmarkEngineGaps answers Gaps for one state (the first) under LAW on
// the full world and a tenth of it, read through (plain) and with the
// engine's per-version cache warm (cached: instruments, obligations,
// entries into force and the state's own data, decoded, are kept). The
// state's own data (laws, links, evidence) is the same size at both scales;
// what grows with the world is the number of instruments it is bound by and
// the deposits behind their entries into force. bound is the number of
// obligations binding the state, which a warm call's cost follows;
// cache-MB the heap the warm cache holds (the engine keeps the full data of
// its 16 states explained last).
func BenchmarkEngineGaps(b *testing.B) {
	for _, scale := range []float64{0.1, 1} {
		for _, cached := range []bool{false, true} {
			b.Run(fmt.Sprintf("scale=%v/cached=%v", scale, cached), func(b *testing.B) {
				ctx := context.Background()
				var r graph.Reader = synth.MustOpenWorld(b, scale)
				if !cached {
					r = readThrough{r}
				}
				e := graph.NewEngine(r)
				code := synth.StateCode(0)
				gaps := func() int {
					gaps, err := e.Gaps(ctx, code, benchDay, graph.BasisLaw, "")
					if err != nil {
						b.Fatal(err)
					}
					return len(gaps)
				}
				if cached {
					gaps()
				}
				var p percentiles
				var n int
				for b.Loop() {
					p.time(func() { n = gaps() })
				}
				p.report(b)
				b.ReportMetric(float64(n), "gaps")
				sum, err := e.Summary(ctx, code, "", benchDay, graph.BasisLaw)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sum.Bound), "bound")
				if cached {
					// The heap the warm cache holds for this state.
					var with, without runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&with)
					runtime.KeepAlive(e)
					e = nil
					runtime.GC()
					runtime.ReadMemStats(&without)
					b.ReportMetric(float64(int64(with.HeapAlloc)-int64(without.HeapAlloc))/(1<<20), "cache-MB")
				}
			})
		}
	}
}

// BenchmarkEngineCompare answers Compare for every state of the full world
// under LAW: cold (read through, every state's data decoded) and cached (the
// engine's per-version cache warmed by one Compare before timing, then a
// different asOf and basis each time, as a dashboard's slider would ask).
// cache-MB is the heap the warm cache holds.
func BenchmarkEngineCompare(b *testing.B) {
	ctx := context.Background()
	s := synth.MustOpenWorld(b, 1)
	compare := func(e *graph.Engine, day graph.Date, basis graph.Basis) {
		sums, err := e.Compare(ctx, nil, "", day, basis)
		if err != nil {
			b.Fatal(err)
		}
		if len(sums) != synth.Full.States {
			b.Fatalf("got %d summaries, want %d", len(sums), synth.Full.States)
		}
	}
	b.Run("cold", func(b *testing.B) {
		var p percentiles
		for b.Loop() {
			p.time(func() { compare(graph.NewEngine(readThrough{s}), benchDay, graph.BasisLaw) })
		}
		p.report(b)
	})
	b.Run("cached", func(b *testing.B) {
		e := graph.NewEngine(s)
		compare(e, benchDay, graph.BasisLaw)
		var p percentiles
		i := 0
		for b.Loop() {
			day := graph.Date{Year: 2010 + i%10, Month: 1 + i%12, Day: 1 + i%28}
			basis := graph.Bases[i%len(graph.Bases)]
			i++
			p.time(func() { compare(e, day, basis) })
		}
		p.report(b)
		// The heap the cache holds: in use with the engine, less in use
		// once it is dropped.
		var with, without runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&with)
		runtime.KeepAlive(e)
		e = nil
		runtime.GC()
		runtime.ReadMemStats(&without)
		b.ReportMetric(float64(int64(with.HeapAlloc)-int64(without.HeapAlloc))/(1<<20), "cache-MB")
	})
}
