package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/pactwatch/pactwatch/graph"
)

// A full disk is an error, never a crash.
//
// Badger writes its log (.mem), value log (.vlog) and tables (.sst)
// through shared memory maps. Sized with ftruncate, as upstream does, such
// a file is a hole, and the first write to a page the disk then has no
// block for stops the process with SIGBUS, on one of Badger's own
// goroutines, where nothing can recover it. The ristretto under Badger is
// patched (third_party/ristretto, PATCHES.md) to allocate every mapped
// file's blocks with fallocate when it is made or grown: a full disk is
// then an ENOSPC error from that allocation, and no mapped write can fault.
//
// One such error Badger cannot survive: when it cannot make the log of its
// next memtable, it is left without one, and every later read and write
// fails or crashes. So each writable store keeps a reserve: a file of
// reserveSize allocated bytes beside its tables (reserveName). When an
// allocation fails for want of space, the z.NoSpace hook deletes the
// reserve and the allocation is tried again, into the space it gave back:
// the next log, the next value log file and the table the memtable flushes
// to always fit. From then
// on the store refuses every write with ENOSPACE, and keeps serving reads,
// until a write finds room to allocate the reserve again (someone freed
// space) or the store is reopened with room.

// reserveName is the reserve's file in the store's directory.
const reserveName = "pactwatch-reserve"

// memTableSize is Badger's memtable (its default): the log of one is
// twice this, and the largest write a fifth or so of it.
const memTableSize = 64 << 20

// valueLogFileSize bounds one value log file (allocated at twice this).
// Values over Badger's value threshold (1 MiB) go there, a large draft for
// one, and no value may be larger than this: 32 MiB holds a draft of the
// most records a key may keep in drafts, written in one request of 16 MiB.
const valueLogFileSize = 32 << 20

// reserveSize covers what Badger may still need once the disk is full: the
// next memtable's log (2 × memTableSize), the table the last one is
// flushed to (at most memTableSize), the next value log file (2 ×
// valueLogFileSize), and 8 MiB to spare for its manifest and stats.
const reserveSize = 3*memTableSize + 2*valueLogFileSize + 8<<20

// Overhead is the disk space a new writable store takes before it holds
// anything: its first memtable's log, its value log and its reserve.
const Overhead = 2*memTableSize + 2*valueLogFileSize + reserveSize

// stores maps each open writable store's directory to its store, for the
// z.NoSpace hook, which is told only a file's path.
var stores sync.Map // string → *Store

func init() { z.NoSpace = noSpace }

// noSpace is the z.NoSpace hook: an allocation in the store of path's
// directory found the disk full. It gives the store's reserve back, so
// that the allocation is tried again, and reports whether there was one.
func noSpace(path string) bool {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return false
	}
	v, ok := stores.Load(dir)
	if !ok {
		return false
	}
	return v.(*Store).dropReserve()
}

// register makes s's reserve findable by the hook.
func (s *Store) register(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	s.dir = abs
	if _, held := stores.LoadOrStore(abs, s); held {
		// Another store of this process has the directory (and Badger's
		// lock will refuse this one): leave its registration alone.
		s.dir = ""
	}
}

// keepReserve makes sure the reserve is there: when the disk has no room
// for it, the store refuses writes.
func (s *Store) keepReserve() {
	if s.dir == "" {
		return
	}
	s.resMu.Lock()
	defer s.resMu.Unlock()
	s.full = !keepReserve(filepath.Join(s.dir, reserveName))
}

func (s *Store) unregister() {
	if s.dir != "" {
		stores.CompareAndDelete(s.dir, s)
	}
}

// dropReserve deletes the reserve and marks the store full.
func (s *Store) dropReserve() bool {
	if s.dir == "" {
		return false
	}
	s.resMu.Lock()
	defer s.resMu.Unlock()
	s.full = true
	return os.Remove(filepath.Join(s.dir, reserveName)) == nil
}

// minFree is the free space below which a write is refused before it
// starts: the reserve covers Badger's next log and flush, but a write
// that would fill the disk is better not begun.
const minFree = 16 << 20

// checkRoom refuses a write with ENOSPACE when the disk has less than
// minFree free, or while the store is full, unless the disk has room for
// the reserve again. A store in memory has no reserve and is never full.
func (s *Store) checkRoom() error {
	if s.dir == "" {
		return nil
	}
	if free, ok := freeSpace(s.dir); ok && free < minFree {
		return s.fullError()
	}
	s.resMu.Lock()
	defer s.resMu.Unlock()
	if s.full && keepReserve(filepath.Join(s.dir, reserveName)) {
		s.full = false
	}
	if s.full {
		return s.fullError()
	}
	return nil
}

func (s *Store) fullError() error {
	// The message goes to API clients: it names no path.
	return graph.Errorf(graph.ENOSPACE, "the disk is full (no space left on device): the store takes no writes until its disk has %d MiB free; reads go on",
		(reserveSize>>20)+1)
}

// noSpaceError returns err as ENOSPACE when a full disk caused it (and
// marks the store full), else err.
func (s *Store) noSpaceError(err error) error {
	if err == nil || s.dir == "" || !isNoSpace(err) {
		return err
	}
	s.resMu.Lock()
	s.full = true
	s.resMu.Unlock()
	return s.fullError()
}

// isNoSpace reports whether err is a full disk (ENOSPC, or EDQUOT: a
// quota reached). Some of Badger's errors carry their cause as text only.
func isNoSpace(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || graph.ErrorCode(err) == graph.ENOSPACE {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "disk quota exceeded")
}

// closeFull closes Badger when the store found the disk full: Badger
// flushes its memtable on close, and retries a flush that finds no room
// for ever. What it wrote is synced in its log and is read again at the
// next open, as after a crash, so a close that has not ended within
// closeWait is given up.
func (s *Store) closeFull() error {
	done := make(chan error, 1)
	go func() { done <- s.db.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(closeWait):
		return fmt.Errorf("the disk of %s is full: the store could not flush its last writes; they are kept in its log and read again at the next start", s.dir)
	}
}

const closeWait = 10 * time.Second
