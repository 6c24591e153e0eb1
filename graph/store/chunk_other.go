//go:build !unix

package store

// newChunk returns an empty byte slice of capacity n.
func newChunk(n int) []byte { return make([]byte, 0, n) }

// freeChunk leaves the chunk to the collector.
func freeChunk([]byte) {}
