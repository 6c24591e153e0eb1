package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/graph/synth"
)

// backupWorld builds a small graph with every kind of node and returns its
// store.
func backupWorld(t *testing.T) *store.Store {
	t.Helper()
	w := graphtest.NewWorld(t)
	_, obls := w.Convention("actip-2015", graph.MustDate("2015-11-21"), 1, 30, 3)
	w.State("IDN", graph.MustDate("1967-08-08"))
	w.Deposit("IDN", "actip-2015", graph.MustDate("2017-01"))
	law := w.Law("IDN", "law-21-2007", graph.MustDate("2007-04-19"))
	w.Implement(law.ID, obls[0].ID, graph.ExtentPartial)
	w.Evidence("IDN", "report-2018", graph.MustDate("2018"), graph.FindingGap, obls[1].ID)
	s, ok := w.Store.(*store.Store)
	if !ok {
		t.Fatalf("graphtest store: got %T, want *store.Store", w.Store)
	}
	return s
}

func openEmpty(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), "", store.InMemory())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// snapshot reads every node of every kind, and every relation of every node.
func snapshot(t *testing.T, r graph.Reader) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	for _, k := range graph.Kinds {
		ids, err := r.IDs(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := r.Nodes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			out[id] = nodes[i]
			for rel := graph.RelInstrumentProvisions; rel <= graph.RelObligationEvidence; rel++ {
				nb, err := r.Neighbors(ctx, rel, []string{id})
				if err != nil {
					t.Fatal(err)
				}
				if len(nb[0]) > 0 {
					out[fmt.Sprintf("%s -%d->", id, rel)] = nb[0]
				}
			}
		}
	}
	return out
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	src := backupWorld(t)
	var buf bytes.Buffer
	if err := src.Backup(ctx, &buf); err != nil {
		t.Fatalf("backup: %v", err)
	}
	good := buf.Bytes()

	t.Run("OK", func(t *testing.T) {
		dst := openEmpty(t)
		if err := dst.Restore(ctx, bytes.NewReader(good)); err != nil {
			t.Fatalf("restore: %v", err)
		}
		want, got := snapshot(t, src), snapshot(t, dst)
		if len(want) == 0 {
			t.Fatal("the source graph is empty")
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("restored graph: got %d entries, want %d equal to the source's", len(got), len(want))
		}
	})

	t.Run("ErrNotEmpty", func(t *testing.T) {
		dst := backupWorld(t)
		before := snapshot(t, dst)
		err := dst.Restore(ctx, bytes.NewReader(good))
		if code := graph.ErrorCode(err); code != graph.EINVALID {
			t.Errorf("restore into a loaded store: got %v (code %q), want %q", err, code, graph.EINVALID)
		}
		if after := snapshot(t, dst); !reflect.DeepEqual(after, before) {
			t.Errorf("a refused restore changed the store")
		}
	})

	// reseal returns good with its header changed by edit and its hash made
	// right again, as the layout in backup.go says.
	reseal := func(edit func(h []byte)) []byte {
		b := bytes.Clone(good)
		edit(b[:64])
		payload := sha256.Sum256(b[64:])
		h := sha256.New()
		h.Write(b[:32])
		h.Write(payload[:])
		copy(b[32:64], h.Sum(nil))
		return b
	}
	if got := reseal(func([]byte) {}); !bytes.Equal(got, good) {
		t.Fatal("the test's idea of the backup header differs from Backup's")
	}
	cases := []struct {
		name string
		data []byte
		want string // in the error's message
	}{
		{"ErrEmpty", nil, "empty"},
		{"ErrText", []byte("this is not a backup, just some text\n"), "no pactwatch backup header"},
		{"ErrTrailingBytes", append(bytes.Clone(good), 'x'), "bytes follow"},
		{"ErrNewerFormat", reseal(func(h []byte) { binary.BigEndian.PutUint32(h[12:], store.FormatVersion+1) }), "newer than this pactwatch"},
		{"ErrNewerBackupVersion", reseal(func(h []byte) { binary.BigEndian.PutUint32(h[8:], store.BackupVersion+1) }), "backup version"},
		{"ErrWrongCount", reseal(func(h []byte) { binary.BigEndian.PutUint64(h[16:], binary.BigEndian.Uint64(h[16:])+1) }), "its header says"},
	}
	for _, n := range []int{5, 63, 64, 65, len(good) / 2, len(good) - 1} {
		cases = append(cases, struct {
			name string
			data []byte
			want string
		}{fmt.Sprintf("ErrTruncatedAt%d", n), good[:n], "corrupt"})
	}
	// A single flipped byte anywhere: the magic, each header field, the
	// hash, and the payload's start, middle and end.
	for _, off := range []int{0, 7, 8, 12, 16, 23, 24, 31, 32, 63, 64, 72, 64 + (len(good)-64)/3, len(good) / 2, len(good) - 1} {
		b := bytes.Clone(good)
		b[off] ^= 0x01
		cases = append(cases, struct {
			name string
			data []byte
			want string
		}{fmt.Sprintf("ErrFlipAt%d", off), b, "corrupt"})
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dst := openEmpty(t)
			err := dst.Restore(ctx, bytes.NewReader(tt.data))
			if code := graph.ErrorCode(err); code != graph.EINVALID {
				t.Fatalf("restore: got %v (code %q), want %q", err, code, graph.EINVALID)
			}
			if msg := graph.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("restore: got %q, want it to contain %q", msg, tt.want)
			}
			if got := snapshot(t, dst); len(got) != 0 {
				t.Errorf("after a refused restore: got %d entries, want an empty store", len(got))
			}
			// The store is still usable: the good backup restores into it.
			if err := dst.Restore(ctx, bytes.NewReader(good)); err != nil {
				t.Errorf("restore of a good backup after a refused one: %v", err)
			}
		})
	}
}

// BenchmarkBackupRestore backs up a synthetic world and restores it into a
// fresh in-memory store, reporting the backup's size and nodes per second.
func BenchmarkBackupRestore(b *testing.B) {
	const scale = 0.1
	ctx := context.Background()
	src := synth.MustOpenWorld(b, scale)
	nodes := synth.World(scale).Count()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := src.Backup(ctx, &buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
		dst, err := store.Open(ctx, "", store.InMemory())
		if err != nil {
			b.Fatal(err)
		}
		if err := dst.Restore(ctx, &buf); err != nil {
			b.Fatal(err)
		}
		dst.Close()
	}
	b.ReportMetric(float64(size)/(1<<20), "backup-MiB")
	b.ReportMetric(float64(nodes)*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
}
