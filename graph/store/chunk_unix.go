//go:build unix

package store

import "syscall"

// newChunk returns an empty byte slice of capacity n outside the Go heap, so
// that the gigabyte or so a Load holds neither counts towards the
// collector's heap goal nor lingers after freeChunk.
func newChunk(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, 0, n)
	}
	return b[:0]
}

// freeChunk returns a chunk from newChunk to the system.
func freeChunk(b []byte) {
	b = b[:cap(b)]
	if err := syscall.Munmap(b); err != nil {
		// A chunk that make allocated is left to the collector.
		return
	}
}
