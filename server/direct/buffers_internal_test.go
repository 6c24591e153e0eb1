package direct

import (
	"context"
	"testing"
)

// TestBorrowedBuffersHoldWhatWasAsked: a borrowed buffer, new or given
// back by an earlier answer of any size, is empty and holds at least the
// size asked; without a lender nothing is kept.
func TestBorrowedBuffersHoldWhatWasAsked(t *testing.T) {
	sizes := []int{300, 64 << 10, 64<<10 + 1, 100 << 10, 1 << 20, 3<<20 + 5, 8 << 20, 9 << 20}
	for round := range 3 {
		ctx, l := withLender(context.Background())
		for _, n := range sizes {
			b := borrow(ctx, n)
			if len(b) != 0 || cap(b) < n {
				t.Fatalf("round %d: borrow(%d) gave len %d cap %d", round, n, len(b), cap(b))
			}
			lend(ctx, append(b, make([]byte, n)...)) // written full, maybe grown
		}
		l.giveBack()
		if len(l.bufs) != 0 {
			t.Fatalf("round %d: %d buffers still lent after giving back", round, len(l.bufs))
		}
	}
	if b := borrow(context.Background(), 100<<10); cap(b) != 100<<10 {
		t.Fatalf("without a lender borrow gave cap %d, want a new buffer of 100 KiB", cap(b))
	}
}
