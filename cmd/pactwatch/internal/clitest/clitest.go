// Package clitest runs the pactwatch command as its tests do: it builds the
// binary once per test package (Build) and starts `pactwatch serve` on a
// store (StartServe). The CLI's tests (cmd/pactwatch) and the browser tests
// (cmd/pactwatch/browsertest) share it, so that both drive the same binary
// the same way.
package clitest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Build builds the pactwatch command into dir (with the race detector when
// the tests run with -race) and returns the binary's path.
func Build(dir string) (string, error) {
	bin := filepath.Join(dir, "pactwatch")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "github.com/pactwatch/pactwatch/cmd/pactwatch")...)
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building pactwatch: %v", err)
	}
	return bin, nil
}

// Env is the environment with $HOME and $XDG_DATA_HOME pointed at home and
// no $PACTWATCH_DB, so that no test touches the user's store.
func Env(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_DATA_HOME=") && !strings.HasPrefix(kv, "PACTWATCH_DB=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"))
}

// StartServe runs `bin serve` on a free loopback port over the store in
// dir, its output in logs, and waits for /healthz. stop ends it gracefully.
func StartServe(bin, dir string, logs *SyncBuffer) (base string, stop func(), err error) {
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
		time.Sleep(50 * time.Millisecond)
	}
}

// SyncBuffer is a bytes.Buffer safe for a server's writes and a test's reads.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
