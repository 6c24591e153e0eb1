package store_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

func wantFormat(t *testing.T, s *store.Store, how string) {
	t.Helper()
	v, err := s.Format()
	if err != nil {
		t.Fatal(err)
	}
	if v != store.FormatVersion {
		t.Errorf("format after %s: got %d, want %d", how, v, store.FormatVersion)
	}
}

func TestFormat(t *testing.T) {
	ctx := context.Background()
	t.Run("OKApply", func(t *testing.T) {
		s := mustOpen(t)
		if v, err := s.Format(); err != nil || v != 0 {
			t.Fatalf("format of a new store: got %d, %v; want 0", v, err)
		}
		mustApply(t, s, &graph.Batch{Put: base()})
		wantFormat(t, s, "Apply")
	})
	t.Run("OKLoad", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.Load(ctx, slices.Values(base())); err != nil {
			t.Fatal(err)
		}
		wantFormat(t, s, "Load")
	})
	t.Run("OKRestore", func(t *testing.T) {
		src := mustOpen(t)
		mustApply(t, src, &graph.Batch{Put: base()})
		var buf bytes.Buffer
		if err := src.Backup(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		dst := mustOpen(t)
		if err := dst.Restore(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		wantFormat(t, dst, "Restore")
	})
	t.Run("OKEmptiedStoreLoads", func(t *testing.T) {
		// A store whose nodes were all deleted keeps its meta keys, and
		// still counts as empty for Load.
		s := mustOpen(t)
		mustApply(t, s, &graph.Batch{Put: base()})
		var ids []string
		for _, n := range base() {
			ids = append(ids, n.NodeID())
		}
		mustApply(t, s, &graph.Batch{Delete: ids})
		if _, err := s.Load(ctx, slices.Values(base())); err != nil {
			t.Fatalf("load into an emptied store: %v", err)
		}
		wantFormat(t, s, "Load into an emptied store")
	})
	t.Run("ErrNewerFormat", func(t *testing.T) {
		dir := t.TempDir()
		s, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		mustApply(t, s, &graph.Batch{Put: base()})
		if err := store.SetFormat(s, store.FormatVersion+1); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = store.Open(ctx, dir)
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), "newer than this pactwatch") {
			t.Fatalf("open a store of a newer format: got %v, want EINVALID saying it is newer", err)
		}
		// The refusal closed Badger: the directory can be opened again.
		_, err = store.Open(ctx, dir)
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("second open: got %v, want EINVALID again", err)
		}
	})
}

func TestEmbeddedCorpus(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	check := func(wantHash string, wantOwn bool) {
		t.Helper()
		h, own, err := s.EmbeddedCorpus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h != wantHash || own != wantOwn {
			t.Errorf("got hash %q, own writes %v; want %q, %v", h, own, wantHash, wantOwn)
		}
	}
	check("", false)
	if err := s.SetEmbeddedCorpus(ctx, "abc"); err != nil {
		t.Fatal(err)
	}
	check("abc", false)
	if err := s.MarkOwnWrites(ctx); err != nil {
		t.Fatal(err)
	}
	check("abc", true)
	if err := s.SetEmbeddedCorpus(ctx, "def"); err != nil {
		t.Fatal(err)
	}
	check("def", false)
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, s, &graph.Batch{Put: base()})
	want := mustDump(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(ctx, dir, store.ReadOnly())
	if err != nil {
		t.Fatalf("open read-only: %v", err)
	}
	defer ro.Close()
	t.Run("OKShared", func(t *testing.T) {
		ro2, err := store.Open(ctx, dir, store.ReadOnly())
		if err != nil {
			t.Fatalf("a second read-only open: %v", err)
		}
		defer ro2.Close()
		if got := mustDump(t, ro2); len(got) != len(want) {
			t.Errorf("read-only store: got %d keys, want %d", len(got), len(want))
		}
	})
	t.Run("ErrWriterLocked", func(t *testing.T) {
		if w, err := store.Open(ctx, dir); err == nil {
			w.Close()
			t.Fatal("a writable open beside a read-only one succeeded, want a lock error")
		}
	})
	t.Run("ErrWrites", func(t *testing.T) {
		if _, err := ro.Apply(ctx, &graph.Batch{Put: base()}); graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), "read-only") {
			t.Errorf("apply: got %v, want EINVALID read-only", err)
		}
		if err := ro.MarkOwnWrites(ctx); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("mark own writes: got %v, want EINVALID", err)
		}
		if err := ro.Restore(ctx, strings.NewReader("x")); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("restore: got %v, want EINVALID", err)
		}
	})
}

func TestCheckBatch(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		if err := s.CheckBatch(ctx, &graph.Batch{Put: base()}); err != nil {
			t.Fatalf("check: %v", err)
		}
		if got := mustDump(t, s); len(got) != 0 {
			t.Fatalf("check wrote %d keys, want none", len(got))
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		s := mustOpen(t)
		c := synth.Config{Seed: 3, States: 20, Instruments: 10, ObligationsPerInstrument: 10, Laws: 2000, Implementations: 40_000}
		err := s.CheckBatch(ctx, &graph.Batch{Put: slices.Collect(c.Nodes())})
		msg := graph.ErrorMessage(err)
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(msg, "too large for one transaction") || !strings.Contains(msg, "at most") {
			t.Fatalf("got %v, want EINVALID with the batch's size and the limit", err)
		}
		if got := mustDump(t, s); len(got) != 0 {
			t.Fatalf("check wrote %d keys, want none", len(got))
		}
	})
}
