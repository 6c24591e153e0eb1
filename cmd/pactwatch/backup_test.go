package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists what a restore left beside its target in parent besides
// the entries named in keep.
func leftovers(t *testing.T, parent string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.Contains(strings.Join(keep, "\x00"), e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestRestoreIntegrity(t *testing.T) {
	file := filepath.Join(t.TempDir(), "good.bak")
	mustRun(t, "backup", "--db", fixtureDB(t), file)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	// A single flipped byte anywhere is refused: in the magic, the
	// version, the store format, the record count, the length, the hash,
	// and the payload's start, middle and end.
	t.Run("ErrFlippedByte", func(t *testing.T) {
		for _, off := range []int{0, 9, 15, 23, 31, 40, 63, 64, 100, len(good) / 3, len(good) / 2, len(good) - 1} {
			bad := append([]byte(nil), good...)
			bad[off] ^= 0x20
			parent := t.TempDir()
			f := filepath.Join(parent, "flipped.bak")
			if err := os.WriteFile(f, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(parent, "db")
			r := pactwatch(t, nil, "restore", "--db", dst, f)
			checkOneLineError(t, r, 1, "corrupt")
			if _, err := os.Stat(dst); !os.IsNotExist(err) {
				t.Errorf("flip at %d: got %v, want no store made", off, err)
			}
			if l := leftovers(t, parent, "flipped.bak"); len(l) > 0 {
				t.Errorf("flip at %d: the restore left %v beside the target", off, l)
			}
		}
	})

	// A truncated file, as a restore interrupted mid-copy reads, leaves no
	// partial store.
	t.Run("ErrTruncated", func(t *testing.T) {
		for _, n := range []int{1, 40, 64, 1000, len(good) / 2, len(good) - 1} {
			parent := t.TempDir()
			f := filepath.Join(parent, "cut.bak")
			if err := os.WriteFile(f, good[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(parent, "db")
			r := pactwatch(t, nil, "restore", "--db", dst, f)
			checkOneLineError(t, r, 1, "nothing was restored")
			if _, err := os.Stat(dst); !os.IsNotExist(err) {
				t.Errorf("cut at %d: got %v, want no store made", n, err)
			}
			if l := leftovers(t, parent, "cut.bak"); len(l) > 0 {
				t.Errorf("cut at %d: the restore left %v beside the target", n, l)
			}
		}
	})

	t.Run("ErrCorruptIntoEmptyDirLeavesIt", func(t *testing.T) {
		dst := t.TempDir()
		f := filepath.Join(t.TempDir(), "cut.bak")
		os.WriteFile(f, good[:len(good)/2], 0o644)
		r := pactwatch(t, nil, "restore", "--db", dst, f)
		checkOneLineError(t, r, 1, "nothing was restored")
		entries, err := os.ReadDir(dst)
		if err != nil || len(entries) != 0 {
			t.Errorf("the empty target after a refused restore: got %v, %v; want it there and empty", entries, err)
		}
	})

	t.Run("OKIntoEmptyDir", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "db")
		if err := os.Mkdir(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		r := mustRun(t, "restore", "--db", dst, file)
		if !strings.HasPrefix(r.stdout, "restored ") {
			t.Errorf("restore: got %q, want a summary", r.stdout)
		}
		got := mustRun(t, "query", "--db", dst, `{ states { code } }`)
		want := mustRun(t, "query", "--db", fixtureDB(t), `{ states { code } }`)
		if got.stdout != want.stdout {
			t.Errorf("query after restore: got %s, want %s", got.stdout, want.stdout)
		}
		if l := leftovers(t, filepath.Dir(dst), filepath.Base(dst)); len(l) > 0 {
			t.Errorf("the restore left %v beside the target", l)
		}
	})

	t.Run("ErrNotEmptyLeavesIt", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "db")
		mustRun(t, "ingest", "--db", dst, filepath.Join(fixturesDir, "instruments"))
		before := mustRun(t, "query", "--db", dst, `{ instruments { id } states { code } }`)
		r := pactwatch(t, nil, "restore", "--db", dst, file)
		checkOneLineError(t, r, 1, "not empty")
		after := mustRun(t, "query", "--db", dst, `{ instruments { id } states { code } }`)
		if after.stdout != before.stdout {
			t.Errorf("a refused restore changed the store: got %s, want %s", after.stdout, before.stdout)
		}
	})
}
