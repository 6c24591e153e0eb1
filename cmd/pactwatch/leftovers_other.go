//go:build !unix

package main

import "os"

// storeInUse reports whether the store in dir may be open: without flock,
// whether it was written to lately.
func storeInUse(dir string) bool {
	info, err := os.Stat(dir)
	return err != nil || recent(info)
}

// removableOpen reports whether a spool may be removed: one not written
// to lately (the removal of an open file fails here anyway).
func removableOpen(_ string, info os.FileInfo) bool { return !recent(info) }
