// Package browsertest drives the pages pactwatch serves (the dashboard, the
// desk, GraphiQL) in headless Chromium, over the built binary. It is a
// package of its own, beside the CLI's tests (cmd/pactwatch), so that
// `go test ./...` runs the two at the same time.
package browsertest

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// tmpRoot is the package's temporary directory, which TestMain removes at
// the end.
var tmpRoot string

// binary is the pactwatch binary buildBinary builds, in tmpRoot, the first
// time a test asks for it (TestPageQueriesPersisted, which serves the
// pages in the test's own process, needs none).
var (
	binaryOnce sync.Once
	binary     string
	binaryErr  error
)

// buildBinary returns the package's pactwatch binary, built once.
func buildBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() { binary, binaryErr = clitest.Build(tmpRoot) })
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pactwatch-browser-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	closeShared() // shared_test.go
	os.RemoveAll(dir)
	os.Exit(code)
}
