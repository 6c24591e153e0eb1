package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/synth"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/dashboard"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	synth.CloseWorlds()
	os.Exit(code)
}

// BenchmarkGapsHTTP drives the HTTP handler with ratifiedButNotImplemented
// queries (rotating over the first ten states, with nested obligations and
// laws) on the synthetic world-scale graph, from as many clients as
// GOMAXPROCS, and reports requests per second and the 50th and 99th
// percentile latency.
func BenchmarkGapsHTTP(b *testing.B) {
	const q = `query Gaps($state: String!) {
  ratifiedButNotImplemented(state: $state, asOf: "2020-01-01", basis: LAW) {
    obligation { id summary provision { label } }
    bound boundSince legal practice reasons
    laws { id title }
  }
}`
	for _, scale := range []float64{0.1, 1} {
		b.Run(fmt.Sprintf("scale=%v", scale), func(b *testing.B) {
			store := synth.MustOpenWorld(b, scale)
			ts := servertest.NewHTTP(b, server.New(store, server.DefaultConfig()))
			bodies := make([]string, 10)
			for i := range bodies {
				bodies[i] = fmt.Sprintf(`{"query": %q, "variables": {"state": %q}}`, q, synth.StateCode(i))
			}
			// One request outside the timing checks the query and warms caches.
			if r := servertest.Send(b, ts, strings.NewReader(bodies[0])); len(r.Errors) > 0 {
				b.Fatalf("got errors %s, want none", r.Raw)
			}
			client := ts.Client()
			var mu sync.Mutex
			var latencies []time.Duration
			var next sync.Mutex
			i := 0
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					next.Lock()
					body := bodies[i%len(bodies)]
					i++
					next.Unlock()
					t0 := time.Now()
					resp, err := client.Post(ts.URL+"/graphql", "application/json", strings.NewReader(body))
					if err != nil {
						b.Error(err)
						return
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("got HTTP status %d, want 200", resp.StatusCode)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			b.StopTimer()
			if len(latencies) == 0 {
				return
			}
			slices.Sort(latencies)
			pct := func(p float64) float64 {
				return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "req/s")
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}

// BenchmarkHeatmapHTTP drives the HTTP handler with the dashboard's heaviest
// query, every state's compliance records for every instrument with the
// obligations, over the real corpus, one request at a time.
func BenchmarkHeatmapHTTP(b *testing.B) {
	const q = `query Heatmap($asOf: Date) {
  instruments { id shortTitle binding obligations { id modality themes summary provision { label order } } }
  states { code name records(asOf: $asOf) { obligation { id } bound committed legal practice } }
}`
	ts := servertest.NewHTTP(b, server.New(servertest.MustOpenFixtures(b), server.DefaultConfig()))
	body := fmt.Sprintf(`{"query": %q, "variables": {"asOf": "2020-01-01"}}`, q)
	if r := servertest.Send(b, ts, strings.NewReader(body)); len(r.Errors) > 0 {
		b.Fatalf("got errors %s, want none", r.Raw)
	}
	var latencies []time.Duration
	for b.Loop() {
		t0 := time.Now()
		r := servertest.Send(b, ts, strings.NewReader(body))
		latencies = append(latencies, time.Since(t0))
		if len(r.Errors) > 0 {
			b.Fatalf("got errors %s, want none", r.Raw)
		}
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[(len(latencies)-1)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkGapsLeanHTTP is the peer benchmark's own gap query (lean
// selection), rotating over every state of the world at scale 0.1, one
// request at a time through the handler: the cost per request.
func BenchmarkGapsLeanHTTP(b *testing.B) {
	const q = `query Gaps($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal } }`
	scale := 0.1
	if s := os.Getenv("PACTWATCH_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	store := synth.MustOpenWorld(b, scale)
	srv := server.New(store, server.DefaultConfig())
	ts := servertest.NewHTTP(b, srv)
	states := synth.World(scale).States
	bodies := make([]string, states)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"query": %q, "variables": {"state": %q, "asOf": "2020-01-01"}}`, q, synth.StateCode(i))
		if r := servertest.Send(b, ts, strings.NewReader(bodies[i])); len(r.Errors) > 0 {
			b.Fatalf("got errors %s, want none", r.Raw)
		}
	}
	// Setup above runs once; the loop below is what b.N repeats.
	b.Run("warm", func(b *testing.B) {
		for i := range b.N {
			if r := servertest.Send(b, ts, strings.NewReader(bodies[i%states])); len(r.Errors) > 0 {
				b.Fatalf("got errors %s", r.Raw)
			}
		}
	})
}

// BenchmarkRichVariedHTTP is the peer benchmark's rich gap query (its
// selection with boundBy, laws and reasons, and its include), one request
// at a time through the handler, rotating over every state of the world and
// over every day of 2000 to 2029 so that no (state, asOf) pair repeats and
// no kept answer serves it: the cost of writing a researcher's answer.
// PACTWATCH_BENCH_SCALE sets the world's scale (default 0.1).
func BenchmarkRichVariedHTTP(b *testing.B) {
	const q = `query GapsRich($state: String!, $asOf: Date) { ratifiedButNotImplemented(state: $state, asOf: $asOf, basis: LAW, include: [UNREVIEWED]) { obligation { id summary } instrument { id title } legal bound boundSince boundBy { id } laws { id } reasons } }`
	scale := 0.1
	if s := os.Getenv("PACTWATCH_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	store := synth.MustOpenWorld(b, scale)
	ts := servertest.NewHTTP(b, server.New(store, server.DefaultConfig()))
	states := synth.World(scale).States
	first := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
	body := func(i int) string {
		asOf := first.AddDate(0, 0, (i*7919)%days).Format(time.DateOnly)
		return fmt.Sprintf(`{"query": %q, "variables": {"state": %q, "asOf": %q}}`, q, synth.StateCode(i%states), asOf)
	}
	// Every state's facts are read before the loop, as a warmed server
	// holds them, so that the loop measures answers, not loads.
	// (Days far from the loop's, so that no answer the loop asks was asked
	// before, which would have it kept.)
	for i := range states {
		if r := servertest.Send(b, ts, strings.NewReader(body(1_000_003+i))); len(r.Errors) > 0 {
			b.Fatalf("got errors %s, want none", r.Raw)
		}
	}
	// PACTWATCH_BENCH_CPUPROFILE names a file for a CPU profile of the loop
	// alone (go test's -cpuprofile also holds the world's build).
	if f := os.Getenv("PACTWATCH_BENCH_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			b.Fatal(err)
		}
		defer func() { pprof.StopCPUProfile(); out.Close() }()
	}
	// The loop reads each answer whole without decoding it, so that the
	// profile is the server's.
	n, size := 0, 0
	var buf bytes.Buffer
	cpu0 := cpuTime()
	for b.Loop() {
		n++
		resp, err := ts.Client().Post(ts.URL+"/graphql", "application/json", strings.NewReader(body(n)))
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		_, err = buf.ReadFrom(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.HasPrefix(buf.Bytes(), []byte(`{"data":{"ratifiedButNotImplemented":[`)) {
			b.Fatalf("got %d %v %.300s, want a gap list", resp.StatusCode, err, buf.Bytes())
		}
		size += buf.Len()
	}
	b.ReportMetric(float64(size)/float64(n), "B/answer")
	// The process's CPU time (server and client) per request: steadier
	// than the wall time on a shared machine.
	if cpu := cpuTime(); cpu > 0 {
		b.ReportMetric(float64((cpu-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
	}
}

// BenchmarkMultiRootHTTP: the CLI's gaps document (state, compare and the
// gap list with reasons and warnings) and the dashboard's StateProfile
// (the state, its records, its gap list...), operations of several root
// fields, one request at a time through the handler, rotating over every
// state of the world and over days so that no kept answer serves one; with
// the direct path on and off (NoDirectLists). PACTWATCH_BENCH_SCALE sets
// the world's scale (default 0.1).
func BenchmarkMultiRootHTTP(b *testing.B) {
	scale := 0.1
	if s := os.Getenv("PACTWATCH_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	var profile string
	for _, d := range dashboard.PersistedQueries() {
		if strings.HasPrefix(d, "query StateProfile(") {
			profile = d
		}
	}
	if profile == "" {
		b.Fatal("no StateProfile among the pages' persisted queries")
	}
	docs := []struct {
		name, query, stateVar string
		vars                  map[string]any
	}{
		{"gaps-cli", servertest.CLIQuery(b, "gaps.go", "gapsQuery"), "state", map[string]any{"basis": "LAW"}},
		{"state-profile", profile, "code", map[string]any{}},
	}
	store := synth.MustOpenWorld(b, scale)
	states := synth.World(scale).States
	first := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
	for _, mode := range []string{"direct", "gqlgen"} {
		cfg := server.DefaultConfig()
		cfg.NoDirectLists = mode == "gqlgen"
		ts := servertest.NewHTTP(b, server.New(store, cfg))
		for _, doc := range docs {
			body := func(i int) string {
				vars := maps.Clone(doc.vars)
				vars[doc.stateVar] = synth.StateCode(i % states)
				vars["asOf"] = first.AddDate(0, 0, (i*7919)%days).Format(time.DateOnly)
				out, _ := json.Marshal(map[string]any{"query": doc.query, "variables": vars})
				return string(out)
			}
			for i := range states { // warm the engine's facts
				if r := servertest.Send(b, ts, strings.NewReader(body(i))); len(r.Errors) > 0 {
					b.Fatalf("got errors %s, want none", r.Raw)
				}
			}
			b.Run(doc.name+"/"+mode, func(b *testing.B) {
				n := 0
				cpu0 := cpuTime()
				for b.Loop() {
					n++
					if r := servertest.Send(b, ts, strings.NewReader(body(n))); len(r.Errors) > 0 {
						b.Fatalf("got errors %s, want none", r.Raw)
					}
				}
				// The process's CPU time (server and client) per request:
				// steadier than the wall time on a shared machine.
				if cpu := cpuTime(); cpu > 0 {
					b.ReportMetric(float64((cpu-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
				}
			})
		}
	}
}
