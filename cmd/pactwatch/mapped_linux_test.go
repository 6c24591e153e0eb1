package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

var pageSink int

// mappedRSS returns the resident kilobytes of the process's mappings of path.
func mappedRSS(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if strings.Contains(fields[0], "-") && len(fields) >= 5 {
			in = len(fields) >= 6 && fields[5] == path
			continue
		}
		if in && fields[0] == "Rss:" {
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	return kb
}

func TestReleaseMappedDropsTablePagesAndKeepsTheirBytes(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("pactwatch table page "), 8<<20/21)
	var maps [][]byte
	for _, name := range []string{"000001.sst", "other.vlog"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := syscall.Mmap(int(f.Fd()), 0, len(want), syscall.PROT_READ, syscall.MAP_SHARED)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Munmap(m)
		for i := 0; i < len(m); i += 4096 {
			pageSink += int(m[i]) // touch every page
		}
		maps = append(maps, m)
	}
	sst, vlog := filepath.Join(dir, "000001.sst"), filepath.Join(dir, "other.vlog")
	if kb := mappedRSS(t, sst); kb < 4<<10 {
		t.Fatalf("the table's mapping holds %d KiB after reading it all, want most of 8 MiB", kb)
	}
	if n := releaseMapped(dir); n != 1 {
		t.Fatalf("released %d mappings, want 1 (the .sst only)", n)
	}
	if kb := mappedRSS(t, sst); kb > 64 {
		t.Fatalf("the table's mapping still holds %d KiB", kb)
	}
	if kb := mappedRSS(t, vlog); kb < 4<<10 {
		t.Fatalf("a file that is not a table or segment was released too (%d KiB left)", kb)
	}
	if !bytes.Equal(maps[0], want) {
		t.Fatal("the table's bytes changed after release")
	}
}
