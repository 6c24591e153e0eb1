// Package soak holds a long mixed-load run of 'pactwatch serve' on the
// synthetic world, skipped unless asked for:
//
//	PACTWATCH_SOAK=5m go test ./soak -run Soak -v -timeout 30m
//
// PACTWATCH_SOAK_SCALE sets the world's scale (default 1, the full world;
// 0.1 loads in a few seconds). It builds the binary, loads the world into a
// store on disk, starts serve on it and, for the given time, drives cheap
// queries (from 4 clients), heavy compares of every state at varying dates
// (from 4 clients) and 500 idle connections (each sends one request, then
// idles until the server drops it, and connects again). It fails on any
// error of a cheap query, and reports the counts, latencies and serve's
// peak resident memory.
package soak_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

const (
	cheapClients = 4
	heavyClients = 4
	idleConns    = 500
)

func TestSoak(t *testing.T) {
	spec := os.Getenv("PACTWATCH_SOAK")
	if spec == "" {
		t.Skip("set PACTWATCH_SOAK=5m to run the soak")
	}
	length, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatalf("PACTWATCH_SOAK=%q: %v", spec, err)
	}
	scale := 1.0
	if s := os.Getenv("PACTWATCH_SOAK_SCALE"); s != "" {
		if scale, err = strconv.ParseFloat(s, 64); err != nil {
			t.Fatalf("PACTWATCH_SOAK_SCALE=%q: %v", s, err)
		}
	}
	ctx := context.Background()
	tmp := t.TempDir()

	bin := filepath.Join(tmp, "pactwatch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pactwatch").CombinedOutput(); err != nil {
		t.Fatalf("building pactwatch: %v: %s", err, out)
	}

	db := filepath.Join(tmp, "db")
	start := time.Now()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	world := synth.World(scale)
	n, err := s.Load(ctx, world.Nodes())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("world at scale %v: %d nodes loaded in %v", scale, n, time.Since(start).Round(time.Millisecond))

	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addrc := make(chan string, 1)
	var logMu sync.Mutex
	var serveLog strings.Builder
	go func() {
		re := regexp.MustCompile(`msg=listening addr=([0-9.]+:[0-9]+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if !strings.Contains(line, "msg=request") {
				logMu.Lock()
				serveLog.WriteString(line + "\n")
				logMu.Unlock()
			}
			if m := re.FindStringSubmatch(line); m != nil {
				addrc <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start listening within 2 minutes")
	}
	base := "http://" + addr
	t.Logf("serve pid %d on %s", cmd.Process.Pid, addr)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var peakRSS atomic.Int64
	wg.Go(func() {
		for {
			if kb := statusKB(cmd.Process.Pid, "VmRSS"); kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			select {
			case <-stop:
				return
			case <-time.After(500 * time.Millisecond):
			}
		}
	})

	cheap := newTally()
	heavy := newTally()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}
	cheapQueries := []string{
		`{ instruments { id title } }`,
		`{ states { code name } }`,
		`{ dataVersion }`,
	}
	for i := range cheapClients {
		wg.Go(func() {
			for j := i; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				if j%4 == 3 {
					cheap.record(get(client, base+"/healthz"))
					continue
				}
				cheap.record(post(client, base, cheapQueries[j%len(cheapQueries)]))
			}
		})
	}
	for i := range heavyClients {
		wg.Go(func() {
			for j := i; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				asOf := fmt.Sprintf("%d-%02d-01", 2005+j%15, 1+j%12)
				basis := []string{"LAW", "PRACTICE", "EITHER"}[j%3]
				q := fmt.Sprintf(`{ compare(asOf: %q, basis: %s) { state { code } bound implemented partial notImplemented unreviewed implementationRate coverage } }`, asOf, basis)
				heavy.record(post(client, base, q))
			}
		})
	}
	var reconnects, dialErrors atomic.Int64
	for range idleConns {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, err := net.DialTimeout("tcp", addr, 5*time.Second)
				if err != nil {
					dialErrors.Add(1)
					select {
					case <-stop:
						return
					case <-time.After(time.Second):
					}
					continue
				}
				fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
				done := make(chan struct{})
				go func() {
					io.Copy(io.Discard, c) // the response, then EOF when the server drops us
					close(done)
				}()
				select {
				case <-stop:
					c.Close()
					<-done
					return
				case <-done:
					c.Close()
					reconnects.Add(1)
				}
			}
		})
	}

	t.Logf("driving the load for %v", length)
	time.Sleep(length)
	close(stop)
	wg.Wait()

	hwm := statusKB(cmd.Process.Pid, "VmHWM")
	t.Logf("cheap queries: %s", cheap)
	t.Logf("heavy compares: %s", heavy)
	t.Logf("idle connections: %d held, %d dropped by the server and reconnected, %d dial errors", idleConns, reconnects.Load(), dialErrors.Load())
	t.Logf("serve memory: peak RSS sampled %.0f MiB, VmHWM %.0f MiB", float64(peakRSS.Load())/1024, float64(hwm)/1024)
	if cheap.errors.Load() > 0 {
		logMu.Lock()
		t.Errorf("%d cheap queries failed, want none; first: %s\nserve log:\n%s", cheap.errors.Load(), cheap.firstError(), serveLog.String())
		logMu.Unlock()
	}
}

// outcome is one request's result.
type outcome struct {
	status  int
	err     string
	latency time.Duration
}

func post(c *http.Client, base, query string) outcome {
	body := fmt.Sprintf(`{"query": %q}`, query)
	t0 := time.Now()
	resp, err := c.Post(base+"/graphql", "application/json", strings.NewReader(body))
	return finish(resp, err, t0, true)
}

func get(c *http.Client, url string) outcome {
	t0 := time.Now()
	resp, err := c.Get(url)
	return finish(resp, err, t0, false)
}

func finish(resp *http.Response, err error, t0 time.Time, graphql bool) outcome {
	if err != nil {
		return outcome{err: err.Error(), latency: time.Since(t0)}
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	o := outcome{status: resp.StatusCode, latency: time.Since(t0)}
	switch {
	case err != nil:
		o.err = err.Error()
	case resp.StatusCode != http.StatusOK:
		o.err = fmt.Sprintf("HTTP %d: %.200s", resp.StatusCode, b)
	case graphql && strings.Contains(string(b), `"errors"`):
		o.err = fmt.Sprintf("%.300s", b)
	}
	return o
}

// tally counts outcomes and keeps their latencies.
type tally struct {
	mu         sync.Mutex
	latencies  []time.Duration
	errors     atomic.Int64
	overloaded atomic.Int64
	first      string
}

func newTally() *tally { return &tally{} }

func (t *tally) record(o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.latencies = append(t.latencies, o.latency)
	if o.err == "" {
		return
	}
	if o.status == http.StatusServiceUnavailable {
		t.overloaded.Add(1)
		return
	}
	t.errors.Add(1)
	if t.first == "" {
		t.first = o.err
	}
}

func (t *tally) firstError() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := slices.Clone(t.latencies)
	slices.Sort(l)
	if len(l) == 0 {
		return "none"
	}
	pct := func(p float64) time.Duration { return l[min(len(l)-1, int(float64(len(l))*p))].Round(time.Microsecond) }
	return fmt.Sprintf("%d requests, %d errors, %d OVERLOADED; latency p50 %v, p99 %v, max %v",
		len(l), t.errors.Load(), t.overloaded.Load(), pct(0.5), pct(0.99), l[len(l)-1].Round(time.Microsecond))
}

// statusKB reads a field (VmRSS, VmHWM) of /proc/PID/status in KiB, 0 where
// there is none.
func statusKB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
