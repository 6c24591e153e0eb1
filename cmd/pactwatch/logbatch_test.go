package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	return l.b.Write(p)
}

func (l *lockedBuffer) read() (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String(), l.writes
}

func TestBatchedWriterWritesEveryLineInFewWrites(t *testing.T) {
	var out lockedBuffer
	w := newBatchedWriter(&out)
	for i := range 100 {
		w.Write([]byte("line " + strings.Repeat("x", i%7) + "\n"))
	}
	if s, _ := out.read(); s != "" {
		t.Fatalf("lines were written at once: %q", s[:min(len(s), 40)])
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, writes := out.read()
		if strings.Count(s, "\n") == 100 {
			if writes != 1 {
				t.Fatalf("100 lines took %d writes, want 1", writes)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s only %d of 100 lines were written", strings.Count(s, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	w.Write([]byte("last\n"))
	w.Flush()
	if s, writes := out.read(); !strings.HasSuffix(s, "last\n") || writes != 2 {
		t.Fatalf("Flush did not write the waiting line (%d writes)", writes)
	}
	big := strings.Repeat("y", 70<<10)
	w.Write([]byte(big))
	if s, _ := out.read(); !strings.HasSuffix(s, big) {
		t.Fatal("64 KiB waiting were not written at once")
	}
}
