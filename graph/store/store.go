// Package store is the Badger implementation of graph.Store: nodes by id, an
// index of ids by kind, an index of ids by origin file, and one key per edge
// so that the graph can be walked both ways by key-only prefix scans. keys.go
// owns every key and documents the layout.
package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/pactwatch/pactwatch/graph"
)

// Store is a graph.Store kept in Badger. It is safe for concurrent use: every
// read is one read-only transaction, and writes are serialised.
type Store struct {
	db *badger.DB
	// writeMu serialises Apply and Load, so that concurrent writers never
	// meet Badger's transaction conflicts.
	writeMu  sync.Mutex
	readOnly bool
	// version is Badger's highest commit version, read again after every
	// write (version.go): reading it from Badger walks every table.
	version atomic.Uint64
	// dataSeq is the graph's data version (version.go: DataVersion),
	// read again after every write.
	dataSeq atomic.Uint64
	// dir is the store's directory (absolute) when it is on disk and
	// writable; full is set while the disk has no room for its reserve
	// (reserve.go), and resMu guards it.
	dir   string
	resMu sync.Mutex
	full  bool
}

var _ graph.Store = (*Store)(nil)

// Option configures Open.
type Option func(*config)

type config struct {
	inMemory bool
	readOnly bool
	logger   *slog.Logger
}

// InMemory keeps the store in memory only; Open's dir must then be "".
func InMemory() Option { return func(c *config) { c.inMemory = true } }

// ReadOnly opens the store for reading only: it takes a shared lock on the
// directory (other read-only opens may share it, a writer may not) and needs
// no write permission. Apply, Load, Restore and the meta writes then fail
// with EINVALID. An empty directory cannot be opened read-only.
func ReadOnly() Option { return func(c *config) { c.readOnly = true } }

// WithLogger routes Badger's log to l. Without it Badger logs nothing.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Open opens (or creates) the store in dir, or an empty in-memory store with
// the InMemory option.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.inMemory && dir != "" {
		return nil, graph.Errorf(graph.EINVALID, "store.open: an in-memory store takes no directory (got %q)", dir)
	}
	if !c.inMemory && dir == "" {
		return nil, graph.Errorf(graph.EINVALID, "store.open: no directory given (use InMemory for a store in memory)")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("store.open: %w", err)
	}
	// Writers are serialised by writeMu, so Badger need not track conflicts.
	// Load's StreamWriter builds tables of BaseTableSize << 5 bytes, up to 16
	// at a time, each buffered whole in memory: 512 KiB keeps that near half
	// a gigabyte rather than two. The block cache is kept small: the
	// engine keeps what it reads hot in its own facts, and the operating
	// system caches the files. The memtable keeps Badger's default (64
	// MiB): the largest write it allows is 15% of it, and ingest takes
	// files of tens of thousands of records in one write.
	//
	// Every write is synced before it is acknowledged (SyncWrites): a
	// write a client was told succeeded survives an OS crash or a power
	// cut, not only a killed process. Load's StreamWriter syncs when it
	// ends either way.
	//
	// Every mapped file's blocks are allocated when it is made, and a
	// reserve is kept for Badger's next log and flush (reserve.go), so
	// that a full disk is an error and never a crash: the memtable and
	// the value log files are named here because their size is what each
	// new file allocates.
	bo := badger.DefaultOptions(dir).
		WithInMemory(c.inMemory).
		WithMemTableSize(memTableSize).
		WithValueLogFileSize(valueLogFileSize).
		WithSyncWrites(!c.inMemory).
		WithDetectConflicts(false).
		WithBaseTableSize(512 << 10).
		WithBlockCacheSize(32 << 20).
		WithReadOnly(c.readOnly && !c.inMemory)
	if c.logger != nil {
		bo = bo.WithLogger(slogLogger{c.logger})
	} else {
		bo = bo.WithLogger(nil)
	}
	s := &Store{readOnly: c.readOnly && !c.inMemory}
	writable := !c.inMemory && !s.readOnly
	if writable {
		// Before Badger opens, so that an allocation of its first log that
		// finds the disk full may take the reserve a last run left.
		s.register(dir)
	}
	db, err := badger.Open(bo)
	if err != nil {
		s.unregister()
		return nil, s.noSpaceError(fmt.Errorf("store.open: %w", err))
	}
	if err := db.View(func(txn *badger.Txn) error { return checkFormat(txn, dir) }); err != nil {
		s.unregister()
		db.Close()
		return nil, fmt.Errorf("store.open: %w", err)
	}
	s.db = db
	if writable {
		s.keepReserve()
	}
	s.noteWrite()
	return s, nil
}

// ReadOnlyMode reports whether the store was opened with ReadOnly.
func (s *Store) ReadOnlyMode() bool { return s.readOnly }

// errReadOnly is the error of a write to a read-only store.
func errReadOnly(op string) error {
	return graph.Errorf(graph.EINVALID, "%s: the store is open read-only (its directory is not writable, or another process holds it)", op)
}

// Close closes the store; on disk it flushes everything first.
func (s *Store) Close() error {
	// Badger flushes its memtable as it closes: the reserve is there for
	// that until it has.
	defer s.unregister()
	s.resMu.Lock()
	full := s.full
	s.resMu.Unlock()
	if full {
		return s.closeFull()
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store.close: %w", err)
	}
	return nil
}

// Size returns the bytes the store's LSM tree and value log take on disk.
func (s *Store) Size() (lsm, vlog int64) { return s.db.Size() }

// Nodes returns the nodes with the given ids, in order, nil where none.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	var out []graph.Node
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = txnReader{txn}.Nodes(ctx, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.nodes: %w", err)
	}
	return out, nil
}

// IDs returns every id of kind k in byte order, by a key-only scan.
func (s *Store) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	var ids []string
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		ids, err = txnReader{txn}.IDs(ctx, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.ids: %w", err)
	}
	return ids, nil
}

// Neighbors returns, for each id in from, the ids of the nodes that
// reference it through rel, in byte order.
func (s *Store) Neighbors(ctx context.Context, rel graph.Relation, from []string) ([][]string, error) {
	var out [][]string
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = txnReader{txn}.Neighbors(ctx, rel, from)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.neighbors: %w", err)
	}
	return out, nil
}

// txnReader is a graph.Reader over one transaction.
type txnReader struct{ txn *badger.Txn }

func (t txnReader) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	out := make([]graph.Node, len(ids))
	for i, id := range ids {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		n, err := getNode(t.txn, id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (t txnReader) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	return scanSuffixes(ctx, t.txn, kindPrefix(k))
}

func (t txnReader) Neighbors(ctx context.Context, rel graph.Relation, from []string) ([][]string, error) {
	out := make([][]string, len(from))
	for i, id := range from {
		ids, err := scanSuffixes(ctx, t.txn, edgePrefix(rel, id))
		if err != nil {
			return nil, err
		}
		out[i] = ids
	}
	return out, nil
}

// scanSuffixes returns what follows prefix in every key that starts with it,
// reading keys only.
func scanSuffixes(ctx context.Context, txn *badger.Txn, prefix []byte) ([]string, error) {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = prefix
	it := txn.NewIterator(o)
	defer it.Close()
	var out []string
	n := 0
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out = append(out, string(it.Item().Key()[len(prefix):]))
	}
	return out, nil
}

// getNode reads and decodes one node, or returns nil when there is none.
func getNode(txn *badger.Txn, id string) (graph.Node, error) {
	item, err := txn.Get(nodeKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var n graph.Node
	err = item.Value(func(v []byte) error {
		var err error
		n, err = decodeNode(id, v)
		return err
	})
	return n, err
}

// getRaw returns a copy of a node's stored value, or nil when there is none.
func getRaw(txn *badger.Txn, id string) ([]byte, error) {
	item, err := txn.Get(nodeKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

// Node values are JSON, written and read with the json/v2 experiment (about
// two and a half times faster to decode than encoding/json). Nil slices
// and maps are written as null so that a node reads back exactly as it was
// put, nil or empty; invalid UTF-8 is mangled rather than refused, as
// encoding/json does.
var (
	encodeOptions = json.JoinOptions(json.FormatNilSliceAsNull(true), json.FormatNilMapAsNull(true), jsontext.AllowInvalidUTF8(true))
	decodeOptions = jsontext.AllowInvalidUTF8(true)
)

// encodeNode encodes a node value: its kind byte, then the node as JSON.
func encodeNode(n graph.Node) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeNodeTo(&buf, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeNodeTo appends the encoding of n to buf.
func encodeNodeTo(buf *bytes.Buffer, n graph.Node) error {
	buf.WriteByte(byte(n.NodeKind()))
	if err := json.MarshalWrite(buf, n, encodeOptions); err != nil {
		return fmt.Errorf("store.encodeNode %q: %w", n.NodeID(), err)
	}
	return nil
}

// decodeNode decodes a node value written by encodeNode.
func decodeNode(id string, v []byte) (graph.Node, error) {
	if len(v) < 1 {
		return nil, fmt.Errorf("store.decodeNode %q: empty value", id)
	}
	n, err := graph.NewNode(graph.Kind(v[0]))
	if err != nil {
		return nil, fmt.Errorf("store.decodeNode %q: %w", id, err)
	}
	if err := json.Unmarshal(v[1:], n, decodeOptions); err != nil {
		return nil, fmt.Errorf("store.decodeNode %q: %w", id, err)
	}
	return n, nil
}

// slogLogger routes Badger's log to an *slog.Logger.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Errorf(f string, a ...any)   { s.l.Error(trimLog(f, a), "component", "badger") }
func (s slogLogger) Warningf(f string, a ...any) { s.l.Warn(trimLog(f, a), "component", "badger") }
func (s slogLogger) Infof(f string, a ...any)    { s.l.Info(trimLog(f, a), "component", "badger") }
func (s slogLogger) Debugf(f string, a ...any)   { s.l.Debug(trimLog(f, a), "component", "badger") }

func trimLog(f string, a []any) string {
	return string(bytes.TrimRight([]byte(fmt.Sprintf(f, a...)), "\n"))
}

// Origins returns every file the stored records came from, in byte order,
// and how many records name none, by key-only scans of the origin and node
// keys.
func (s *Store) Origins(ctx context.Context) (origins []string, unsourced int, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		prefix := []byte{spaceOrigin}
		o.Prefix = prefix
		it := txn.NewIterator(o)
		sourced := 0
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			if sourced++; sourced%4096 == 0 {
				if err := ctx.Err(); err != nil {
					it.Close()
					return err
				}
			}
			origin, _, err := parseOriginKey(it.Item().Key())
			if err != nil {
				it.Close()
				return err
			}
			if len(origins) == 0 || origins[len(origins)-1] != origin {
				origins = append(origins, origin)
			}
		}
		it.Close()
		ids, err := scanSuffixes(ctx, txn, []byte{spaceNode})
		unsourced = len(ids) - sourced
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.origins: %w", err)
	}
	return origins, unsourced, nil
}
