//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/pactwatch/pactwatch/graph"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips it where
// mounting is not permitted (not root, or in a container that forbids it).
// CI runs as root and can mount: there a failed mount fails the test.
func smallDisk(t *testing.T, size int64) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.FormatInt(size, 10), "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot mount a tmpfs as root under CI: %v: %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// fill writes a file in dir until the disk is full, and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// What a whole megabyte did not fit in, smaller writes take.
	for _, n := range []int{64 << 10, 4 << 10} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
	return path
}

func state(code string) *graph.Batch {
	return &graph.Batch{Put: []graph.Node{&graph.State{Code: code, Name: "State " + code, Record: graph.Record{Origin: "states/" + code + ".yaml"}}}}
}

// A mapped file made on a full disk is an ENOSPC error, not a hole whose
// first write stops the process with SIGBUS.
func TestMappedFileOnFullDisk(t *testing.T) {
	disk := smallDisk(t, 4<<20)
	fill(t, disk)
	path := filepath.Join(disk, "000001.mem")
	mf, err := z.OpenMmapFile(path, os.O_CREATE|os.O_RDWR, 8<<20)
	if err == z.NewFile {
		// Under upstream ristretto this is a hole, and this write faults.
		for i := range mf.Data {
			mf.Data[i] = 1
		}
		t.Fatal("got a mapped file of 8 MiB on a full disk, want ENOSPC")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("got %v, want ENOSPC", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("got %v, want the empty file removed", err)
	}
}

// When the disk fills, Badger's next mapped file takes the store's
// reserve; the store then refuses writes with ENOSPACE and keeps serving
// reads, and takes writes again once there is room.
func TestReserveOnFullDisk(t *testing.T) {
	ctx := context.Background()
	disk := smallDisk(t, Overhead+64<<20)
	s, err := Open(ctx, filepath.Join(disk, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(ctx, state("AAA")); err != nil {
		t.Fatal(err)
	}
	filler := fill(t, disk)

	// Below minFree, a write is refused before it starts.
	if _, err := s.Apply(ctx, state("BBB")); graph.ErrorCode(err) != graph.ENOSPACE {
		t.Fatalf("a write on a full disk: got %v, want ENOSPACE", err)
	}
	// A log Badger makes now (as at its next memtable) takes the reserve.
	mf, err := z.OpenMmapFile(filepath.Join(s.dir, "099999.mem"), os.O_CREATE|os.O_RDWR, 2*memTableSize)
	if err != nil && err != z.NewFile {
		t.Fatalf("got %v, want the reserve to make room", err)
	}
	mf.Data[len(mf.Data)-1] = 1 // allocated: no fault
	if err := mf.Delete(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.dir, reserveName)); !os.IsNotExist(err) {
		t.Fatalf("got %v, want the reserve given up", err)
	}
	// Full: the room the log gave back is not the reserve's size.
	os.Remove(filler)
	f, _ := os.Create(filler)
	f.Truncate(0)
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, 100<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := s.Apply(ctx, state("BBB")); graph.ErrorCode(err) != graph.ENOSPACE {
		t.Fatalf("a write after the reserve went: got %v, want ENOSPACE", err)
	}
	if n, err := s.Nodes(ctx, []string{"AAA"}); err != nil || n[0] == nil {
		t.Fatalf("a read on a full disk: got %v, %v, want the state", n, err)
	}
	// Room again: the reserve comes back and writes go on.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, state("BBB")); err != nil {
		t.Fatalf("a write with room again: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.dir, reserveName)); err != nil {
		t.Errorf("got %v, want the reserve back", err)
	}
}
