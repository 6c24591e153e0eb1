package direct

import (
	"context"
	"math/bits"
	"sync"
)

// Buffers lent to direct answers.
//
// A gap list with reasons is hundreds of kilobytes, and a buffer made for
// each request was two fifths of all a request allocated, so the collector
// ran that much more often. A request PostJSON serves lends its answers
// their buffers: run borrows one of at least the size it expects, and
// PostJSON gives it back once the response is written (nothing holds the
// data after that: the answer cache keeps a copy). A request served by
// another transport leaves its buffers to the collector.

// Buffers of less than minLent bytes are made, and of more than maxLent
// are not kept: a size class per power of two between.
const (
	minLentBits = 16 // 64 KiB
	maxLentBits = 23 // 8 MiB
)

var lentBuffers [maxLentBits + 1]sync.Pool

// lender is the buffers a request's answers were written in.
type lender struct {
	mu   sync.Mutex
	bufs [][]byte
}

type lenderKey struct{}

// withLender returns a context whose answers borrow their buffers, and the
// lender to give them back through.
func withLender(ctx context.Context) (context.Context, *lender) {
	l := &lender{}
	return context.WithValue(ctx, lenderKey{}, l), l
}

// borrow returns an empty buffer of at least size bytes: a kept one when
// ctx has a lender and one of the size is kept, else a new one.
func borrow(ctx context.Context, size int) []byte {
	if l, _ := ctx.Value(lenderKey{}).(*lender); l != nil && size > 1<<minLentBits && size <= 1<<maxLentBits {
		class := bits.Len(uint(size - 1)) // 2^class >= size
		if p, ok := lentBuffers[class].Get().(*[]byte); ok {
			return (*p)[:0]
		}
		return make([]byte, 0, 1<<class)
	}
	return make([]byte, 0, size)
}

// lend notes that b, the buffer an answer was written in, is to be given
// back when the response is written.
func lend(ctx context.Context, b []byte) {
	if l, _ := ctx.Value(lenderKey{}).(*lender); l != nil {
		l.mu.Lock()
		l.bufs = append(l.bufs, b)
		l.mu.Unlock()
	}
}

// giveBack keeps the lent buffers for later answers; none may be used
// after.
func (l *lender) giveBack() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range l.bufs {
		if c := cap(b); c >= 1<<minLentBits && c <= 1<<(maxLentBits+1) {
			class := bits.Len(uint(c)) - 1 // 2^class <= cap
			b = b[:0]
			lentBuffers[min(class, maxLentBits)].Put(&b)
		}
	}
	l.bufs = nil
}
