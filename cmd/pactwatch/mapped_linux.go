package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseMapped drops from the process's resident memory the pages it has
// mapped of the read-only files under dir: the store's tables (.sst) and
// the search index's segments (.zap). Badger and the index read them
// through shared mappings, and every page once read stays counted in the
// process's resident set, though the facts decoded from it live in the
// heap. For a shared file mapping MADV_DONTNEED loses nothing: the pages
// stay in the system's page cache, and a later read maps them again. It
// returns the number of mappings released.
func releaseMapped(dir string) int {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1][3] != 's' {
			continue // not a shared mapping
		}
		path := fields[5]
		if !strings.HasPrefix(path, abs+string(filepath.Separator)) || (!strings.HasSuffix(path, ".sst") && !strings.HasSuffix(path, ".zap")) {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED); errno == 0 {
			n++
		}
	}
	return n
}
