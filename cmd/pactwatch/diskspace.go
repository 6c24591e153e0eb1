package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pactwatch/pactwatch/graph/store"
)

// exitDiskFull is the exit status of a command that stopped, or refused to
// start, for want of disk space.
const exitDiskFull = 3

// diskHeadroom is the free space a write to the store needs besides what
// it writes and, for a new store, store.Overhead (its first log and its
// reserve): the tables Badger compacts into are written beside the ones
// they replace.
const diskHeadroom = 32 << 20

// diskFullError is a write the disk had no room for: exit status 3.
type diskFullError struct{ msg string }

func (e *diskFullError) Error() string { return e.msg }

// isDiskFull reports whether err, or an error it wraps or names, is a full
// disk (ENOSPC, or EDQUOT: a quota reached).
func isDiskFull(err error) bool {
	var d *diskFullError
	if errors.As(err, &d) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	// Badger's errors carry the cause as text only.
	s := err.Error()
	return strings.Contains(s, "no space left on device") || strings.Contains(s, "disk quota exceeded")
}

// checkFreeSpace refuses a write of about need bytes (besides diskHeadroom)
// into dir, or the nearest directory above it that exists, when its file
// system has less free space. It spares a write that cannot fit from
// starting; a disk that fills during the write is the store's to refuse
// (graph/store/reserve.go). Where free space cannot be read (another OS),
// it checks nothing.
func checkFreeSpace(dir string, need int64) error {
	db := dir
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			dir = d
			break
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
	free, ok := freeSpace(dir)
	if !ok {
		return nil
	}
	want := need + diskHeadroom
	if _, err := os.Stat(filepath.Join(db, "MANIFEST")); err != nil {
		want += store.Overhead // a new store
	}
	if free < want {
		return &diskFullError{msg: fmt.Sprintf("not enough free disk space in %s: %s free, this needs about %s; nothing was written; free some space or choose another --db DIR",
			dir, mib(free), mib(want))}
	}
	return nil
}

// pathsSize returns the bytes of the files the paths name (directories
// walked), as the input of a load.
func pathsSize(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		_ = filepath.Walk(p, func(_ string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				n += info.Size()
			}
			return nil
		})
	}
	return n
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
