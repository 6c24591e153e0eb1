//go:build unix

package main

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// storeInUse reports whether a Badger store in dir is open: Badger holds
// an exclusive flock on the directory while it is, with its pid in LOCK.
// A directory with no LOCK was never opened, or was closed: it is in use
// only if it is new (a restore that has not opened its store yet).
func storeInUse(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "LOCK")); errors.Is(err, os.ErrNotExist) {
		info, err := os.Stat(dir)
		return err != nil || recent(info)
	}
	f, err := os.Open(dir)
	if err != nil {
		return true
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// removableOpen reports whether a spool may be removed: on Unix, always.
func removableOpen(string, os.FileInfo) bool { return true }
