// Package browsertest drives the pages pactwatch serves (the dashboard, the
// desk, GraphiQL) in headless Chromium, over the built binary. It is a
// package of its own, beside the CLI's tests (cmd/pactwatch), so that
// `go test ./...` runs the two at the same time.
package browsertest

import (
	"fmt"
	"os"
	"testing"

	"github.com/pactwatch/pactwatch/cmd/pactwatch/internal/clitest"
)

// binary is the pactwatch binary TestMain builds once for every test, in
// tmpRoot, which TestMain removes at the end.
var binary, tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pactwatch-browser-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	binary, err = clitest.Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	closeShared() // shared_test.go
	os.RemoveAll(dir)
	os.Exit(code)
}
