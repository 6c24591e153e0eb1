package main_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// One Chromium and one server for the package.
//
// Starting Chromium and `pactwatch serve` (which loads the embedded
// corpus into an empty store) costs seconds each on a loaded machine; the
// browser tests and the tests that only read the corpus share one of each,
// started when first asked for and stopped by TestMain (closeShared).
// Tests stay independent: each gets a tab of its own in a browser context
// of its own (no cookies, storage or downloads shared with another test),
// and a test that writes to the store starts a server of its own on its
// own store (startServeDB).

var shared struct {
	mu      sync.Mutex
	browser context.Context // the browser's first tab, kept open
	base    string          // the shared server's URL
	logs    *syncBuffer     // its output
	stops   []func()
}

// closeShared stops the shared browser and server (from TestMain).
func closeShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	for i := len(shared.stops) - 1; i >= 0; i-- {
		shared.stops[i]()
	}
	shared.stops = nil
}

// sharedServe returns the URL of the package's `pactwatch serve`, on a
// store that holds the embedded corpus and that no test writes to.
func sharedServe(t *testing.T) string {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.base == "" {
		logs := &syncBuffer{}
		base, stop, err := startServeProcess(binary, filepath.Join(tmpRoot, "shared-db"), logs)
		if err != nil {
			t.Fatalf("%v\n%s", err, logs.String())
		}
		shared.base, shared.logs = base, logs
		shared.stops = append(shared.stops, stop)
	}
	logs := shared.logs
	t.Cleanup(func() {
		if t.Failed() {
			out := logs.String()
			t.Logf("shared pactwatch serve output (last 4 KB):\n%s", out[max(0, len(out)-4096):])
		}
	})
	return shared.base
}

// startServeProcess runs `pactwatch serve` on a free loopback port over the store
// in dir and waits for /healthz. stop ends it gracefully.
func startServeProcess(bin, dir string, logs *syncBuffer) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()

	cmd := exec.Command(bin, "serve", "--db", dir, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting pactwatch serve: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop = func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}

	base = "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			return "", nil, fmt.Errorf("pactwatch serve exited early: %v", err)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, stop, nil
			}
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("pactwatch serve: /healthz not OK after 60s (last error %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sharedBrowser returns the package's Chromium (headless, 1280×800, no
// outside connections), started when first asked for.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.browser != nil {
		return shared.browser
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// The first Run starts the browser; its context has no timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium: %v", err)
	}
	shared.browser = ctx
	shared.stops = append(shared.stops, func() { cancel(); cancelAlloc() })
	return ctx
}
