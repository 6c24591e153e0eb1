package main

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A restore, backup or serve killed before it could clean up (kill -9, a
// crash, a power cut) leaves behind what it was writing: the restore's
// store beside its target (.DIR.restore-*), the payload spooled in the
// temporary directory (pactwatch-restore-*, pactwatch-backup-*), a
// backup's half-written FILE.*.tmp. Each of them sweeps, when it starts,
// what a killed run of them could have left.

// staleAfter is how old a leftover that may still be written must be
// before it is taken for a killed run's.
const staleAfter = time.Minute

// removeRestoreLeftovers removes the restores of dir that a killed run
// left beside it, and the spools of killed backups and restores. A restore
// still running holds its store's lock: its directory is left alone.
func removeRestoreLeftovers(dir string) {
	clean := filepath.Clean(dir)
	parent, base := filepath.Dir(clean), filepath.Base(clean)
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".restore-*"))
	for _, m := range matches {
		if info, err := os.Lstat(m); err != nil || !info.IsDir() {
			continue
		}
		if storeInUse(m) {
			continue
		}
		os.RemoveAll(m)
	}
	removeSpools()
}

// removeSpools removes the spools of killed backups and restores from the
// temporary directory. On Unix a spool still open by a running backup or
// restore stays readable by it once unlinked; elsewhere the removal of an
// open file fails and it is left.
func removeSpools() {
	for _, pattern := range []string{"pactwatch-restore-*", "pactwatch-backup-*"} {
		matches, _ := filepath.Glob(filepath.Join(os.TempDir(), pattern))
		for _, m := range matches {
			if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() && removableOpen(m, info) {
				os.Remove(m)
			}
		}
	}
}

// removeBackupLeftovers removes the half-written temporary files of
// killed backups to file, older than staleAfter (a running backup writes
// to its own continually).
func removeBackupLeftovers(file string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(file), filepath.Base(file)+".*.tmp"))
	for _, m := range matches {
		info, err := os.Lstat(m)
		if err != nil || !info.Mode().IsRegular() || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		if strings.HasSuffix(m, ".tmp") {
			os.Remove(m)
		}
	}
}

// recent reports whether info was modified within staleAfter.
func recent(info os.FileInfo) bool { return time.Since(info.ModTime()) < staleAfter }
