package main

import (
	"io"
	"sync"
	"time"
)

// batchDelay is how long a logged line may wait before it is written.
const batchDelay = 100 * time.Millisecond

// batchedWriter writes to w in batches: what is written waits at most
// batchDelay (or until 64 KiB have gathered), so that the access log of a
// busy server costs a write a tenth of a second rather than one a request.
type batchedWriter struct {
	mu      sync.Mutex
	w       io.Writer
	buf     []byte
	pending bool
}

func newBatchedWriter(w io.Writer) *batchedWriter { return &batchedWriter{w: w} }

func (b *batchedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	switch {
	case len(b.buf) >= 64<<10:
		b.flushLocked()
	case !b.pending:
		b.pending = true
		time.AfterFunc(batchDelay, b.Flush)
	}
	return len(p), nil
}

// Flush writes what is waiting.
func (b *batchedWriter) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

func (b *batchedWriter) flushLocked() {
	b.pending = false
	if len(b.buf) == 0 {
		return
	}
	b.w.Write(b.buf) // a log that cannot be written is not worth failing for
	b.buf = b.buf[:0]
}
