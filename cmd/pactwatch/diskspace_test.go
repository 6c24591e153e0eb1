//go:build linux

package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// smallDisk mounts a tmpfs of the given size (such as "16m") for the test,
// or skips the test where it cannot (not root, or no mount permission).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

func TestDiskFull(t *testing.T) {
	backup := filepath.Join(t.TempDir(), "good.bak")
	mustRun(t, "backup", "--db", fixtureDB(t), backup)

	t.Run("OKRoom", func(t *testing.T) {
		disk := smallDisk(t, "96m")
		mustRun(t, "ingest", "--db", filepath.Join(disk, "db"), fixturesDir)
	})

	t.Run("ErrIngestNoRoom", func(t *testing.T) {
		disk := smallDisk(t, "16m")
		db := filepath.Join(disk, "db")
		r := pactwatch(t, nil, "ingest", "--db", db, fixturesDir)
		checkOneLineError(t, r, 3, "not enough free disk space")
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("a refused ingest: got %v, want no store made", err)
		}
	})

	t.Run("ErrRestoreNoRoom", func(t *testing.T) {
		disk := smallDisk(t, "16m")
		r := pactwatch(t, nil, "restore", "--db", filepath.Join(disk, "db"), backup)
		checkOneLineError(t, r, 3, "not enough free disk space")
		if entries, _ := os.ReadDir(disk); len(entries) != 0 {
			t.Errorf("a refused restore left %v", entries)
		}
	})

	t.Run("ErrBackupDiskFull", func(t *testing.T) {
		// The disk fills while the backup is written: ENOSPC, not a crash.
		disk := smallDisk(t, "1m")
		if err := os.WriteFile(filepath.Join(disk, "filler"), make([]byte, 600<<10), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(disk, "b.bak")
		r := pactwatch(t, nil, "backup", "--db", fixtureDB(t), out)
		checkOneLineError(t, r, 3, "the disk is full")
		if !strings.Contains(r.stderr, "no space left on device") {
			t.Errorf("got %q, want the cause named", r.stderr)
		}
		if entries, _ := os.ReadDir(disk); len(entries) != 1 {
			t.Errorf("a failed backup left %v, want only the filler", entries)
		}
	})
}
