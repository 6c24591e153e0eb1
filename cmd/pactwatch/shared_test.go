package main_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// One read-only server for the package.
//
// Starting `pactwatch serve` (which loads the embedded corpus into an empty
// store) costs seconds on a loaded machine; the tests that only read the
// corpus share one, started when first asked for and stopped by TestMain
// (closeShared). A test that writes to the store starts a server of its
// own on its own store (startServeDB). The browser tests have their own
// package (browsertest), run beside this one.

var shared struct {
	mu    sync.Mutex
	base  string              // the shared server's URL
	logs  *clitest.SyncBuffer // its output
	stops []func()
}

// closeShared stops the shared server (from TestMain).
func closeShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	for i := len(shared.stops) - 1; i >= 0; i-- {
		shared.stops[i]()
	}
	shared.stops = nil
}

// startServe returns the URL of the package's `pactwatch serve`, on a
// store that holds the embedded corpus and that no test writes to; a test
// that writes to its store uses startServeDB.
func startServe(t *testing.T) string {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.base == "" {
		logs := &clitest.SyncBuffer{}
		base, stop, err := clitest.StartServe(binary, filepath.Join(tmpRoot, "shared-db"), logs)
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

// startServeDB runs `pactwatch serve` of its own on the store in dir
// (which may already hold keys, made with `pactwatch keys create`), waits
// for /healthz, and stops it gracefully when the test ends.
func startServeDB(t *testing.T, dir string) string {
	t.Helper()
	var logs clitest.SyncBuffer
	base, stop, err := clitest.StartServe(binary, dir, &logs)
	if err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("pactwatch serve output:\n%s", logs.String())
		}
	})
	return base
}
