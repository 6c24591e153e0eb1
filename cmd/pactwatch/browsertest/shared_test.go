package browsertest

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// One Chromium and one server for the package.
//
// Starting Chromium and `pactwatch serve` (which loads the embedded
// corpus into an empty store) costs seconds each on a loaded machine; the
// browser tests share one of each (those that only read the corpus share
// the server),
// started when first asked for and stopped by TestMain (closeShared).
// Tests stay independent: each gets a tab of its own in a browser context
// of its own (no cookies, storage or downloads shared with another test),
// and a test that writes to the store starts a server of its own on its
// own store (startServeDB).

var shared struct {
	mu      sync.Mutex
	browser context.Context     // the browser's first tab, kept open
	base    string              // the shared server's URL
	logs    *clitest.SyncBuffer // its output
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
		logs := &clitest.SyncBuffer{}
		base, stop, err := clitest.StartServe(buildBinary(t), filepath.Join(tmpRoot, "shared-db"), logs)
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
