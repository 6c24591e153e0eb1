//go:build linux

package store

import (
	"os"
	"path/filepath"
	"syscall"
)

// keepReserve makes sure the file at path holds reserveSize allocated
// bytes, and reports whether it does. A reserve that does not fit is
// removed whole.
func keepReserve(path string) bool {
	if fi, err := os.Stat(path); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && fi.Size() == reserveSize && st.Blocks*512 >= reserveSize {
			return true
		}
	}
	// A reserve that cannot fit is not tried (a failed allocation may take
	// time to give back what it took).
	if free, ok := freeSpace(filepath.Dir(path)); ok && free < reserveSize {
		return false
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false
	}
	defer f.Close()
	for {
		err = syscall.Fallocate(int(f.Fd()), 0, 0, reserveSize)
		if err != syscall.EINTR {
			break
		}
	}
	if err == nil {
		return true
	}
	os.Remove(path)
	// Without fallocate the mapped files are holes too (the patched
	// ristretto falls back to ftruncate): a reserve would not help, and
	// none is needed.
	return err == syscall.EOPNOTSUPP || err == syscall.ENOSYS
}

// freeSpace returns the bytes that may still be written on the file system
// that holds dir.
func freeSpace(dir string) (int64, bool) {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return 0, false
	}
	return int64(fs.Bavail) * int64(fs.Bsize), true
}
