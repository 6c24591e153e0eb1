//go:build linux

package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/store/disktest"
)

// smallDisk mounts a tmpfs of the given size (such as "16m") for the test,
// or skips the test where it cannot (not root, or no mount permission). CI
// runs as root and can mount: there a failed mount fails the test.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot mount a tmpfs as root under CI: %v: %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

func TestDiskFull(t *testing.T) {
	backup := filepath.Join(t.TempDir(), "good.bak")
	mustRun(t, "backup", "--db", fixtureDB(t), backup)

	t.Run("OKRoom", func(t *testing.T) {
		// A new store takes store.Overhead (its log and reserve) first.
		disk := smallDisk(t, "640m")
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

// fillDisk writes a file in dir until the disk is full (disktest.Fill).
var fillDisk = disktest.Fill

// TestDiskFillsDuringIngest fills the disk while ingest writes a new store,
// at several moments of it, as another program might. Ingest ends with one
// line and exit 3, or succeeds when it had written all before; never a
// crash (SIGBUS); and the store is whole afterwards: all of the load or
// none of it.
func TestDiskFillsDuringIngest(t *testing.T) {
	// What a dry run against the store says when it holds none of the
	// fixtures, and all of them.
	// What a dry run says of a store, its path and data version (a time,
	// different for every store) left out.
	version := regexp.MustCompile(`(data version|--if-version) \d+`)
	dryRun := func(db string) string {
		out := strings.ReplaceAll(mustRun(t, "ingest", "--dry-run", "--db", db, fixturesDir).stdout, db, "DB")
		return version.ReplaceAllString(out, "$1 V")
	}
	none, all := dryRun(filepath.Join(t.TempDir(), "db")), dryRun(fixtureDB(t))
	if none == all {
		t.Fatal("a dry run tells no empty store from a loaded one")
	}
	// The moments: a file of the store appears.
	moments := []struct{ name, file string }{
		{"StoreMade", "."},
		{"KeysMade", "KEYREGISTRY"},
		{"LogMade", "DISCARD"},
		{"ReserveMade", "pactwatch-reserve"},
		{"SearchIndexMade", "search"},
	}
	refused := 0
	t.Run("Restore", func(t *testing.T) {
		// The restore builds the store beside its target: fill the disk
		// as soon as that has its log and reserve.
		backup := filepath.Join(t.TempDir(), "good.bak")
		mustRun(t, "backup", "--db", fixtureDB(t), backup)
		disk := smallDisk(t, "640m")
		db := filepath.Join(disk, "db")
		done := make(chan struct{})
		go func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if m, _ := filepath.Glob(filepath.Join(disk, ".db.restore-*", "pactwatch-reserve")); len(m) > 0 {
					fillDisk(disk)
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		r := pactwatch(t, nil, "restore", "--db", db, backup)
		close(done)
		t.Logf("exit %d %s", r.code, strings.TrimSpace(r.stderr))
		if r.code == 0 {
			return
		}
		checkOneLineError(t, r, 3, "")
		if !strings.Contains(r.stderr, "disk is full") && !strings.Contains(r.stderr, "not enough free disk space") {
			t.Errorf("got %q, want the full disk named", r.stderr)
		}
		if entries, _ := os.ReadDir(disk); len(entries) != 1 {
			t.Errorf("a failed restore left %v, want only the filler", entries)
		}
	})
	for _, m := range moments {
		t.Run(m.name, func(t *testing.T) {
			disk := smallDisk(t, "640m")
			db := filepath.Join(disk, "db")
			done := make(chan struct{})
			filled := make(chan bool, 1)
			go func() {
				for {
					select {
					case <-done:
						filled <- false
						return
					default:
					}
					if _, err := os.Stat(filepath.Join(db, m.file)); err == nil {
						fillDisk(disk)
						filled <- true
						return
					}
					time.Sleep(time.Millisecond)
				}
			}()
			r := pactwatch(t, nil, "ingest", "--db", db, fixturesDir)
			close(done)
			if !<-filled {
				t.Logf("ingest ended before %s appeared", m.file)
			}
			if strings.Contains(r.stderr, "SIGBUS") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("ingest crashed: %.2000s", r.stderr)
			}
			t.Logf("exit %d %s", r.code, strings.TrimSpace(r.stderr))
			switch r.code {
			case 0:
			case 3:
				checkOneLineError(t, r, 3, "")
				if !strings.Contains(r.stderr, "disk is full") && !strings.Contains(r.stderr, "not enough free disk space") {
					t.Errorf("got %q, want the full disk named", r.stderr)
				}
				if strings.Contains(r.stderr, "disk is full") {
					refused++
				}
			default:
				t.Fatalf("got exit %d (%q), want 0 or 3", r.code, r.stderr)
			}
			// Room again: the store opens and holds all of the load or none.
			os.Remove(filepath.Join(disk, "filler"))
			if _, err := os.Stat(db); os.IsNotExist(err) {
				return
			}
			got := dryRun(db)
			if got != none && got != all {
				t.Errorf("after exit %d the store holds part of the load:\n%s", r.code, got)
			}
		})
	}
	if refused == 0 && !t.Failed() && !t.Skipped() {
		t.Error("no ingest met the full disk while it wrote: the moments miss the write")
	}
}
