// Package disktest helps the tests that fill a disk: cmd/pactwatch's and
// the soak's.
package disktest

import (
	"os"
	"path/filepath"
)

// Fill writes a file in dir until the disk is full, and returns its path:
// as another program filling the disk would.
func Fill(dir string) string {
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		return path
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for _, n := range []int{1 << 20, 64 << 10, 4 << 10} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
	return path
}
