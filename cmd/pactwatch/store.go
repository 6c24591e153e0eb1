package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

// dbFlag adds --db to a command: the store's directory.
func dbFlag(f *flags) *string {
	return f.String("db", "", "store directory (default $PACTWATCH_DB, else the user's data directory)")
}

// defaultDBDir is where the store lives when --db is not given: $PACTWATCH_DB,
// else $XDG_DATA_HOME/pactwatch, else ~/.local/share/pactwatch, else the
// user's cache directory.
func defaultDBDir(getenv func(string) string) (string, error) {
	if d := getenv("PACTWATCH_DB"); d != "" {
		return d, nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "pactwatch"), nil
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "pactwatch"), nil
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "pactwatch"), nil
	}
	return "", fmt.Errorf("no place for the store: set $PACTWATCH_DB or pass --db DIR")
}

// resolveDB returns the --db value, or the default directory.
func resolveDB(e *env, dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	return defaultDBDir(e.getenv)
}

// openStore opens (or creates) the store in dir and explains the failures a
// user can fix: a store another process holds, a directory that cannot be
// created.
func openStore(ctx context.Context, dir string) (*store.Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the store directory: %v; choose another with --db DIR", err)
	}
	s, err := store.Open(ctx, dir)
	if err != nil {
		return nil, explainOpenError(dir, err)
	}
	return s, nil
}

// openStoreForReading opens the store in dir for a command that asks for no
// write: for writing when it can (an empty store is then loaded with the
// embedded fixtures), else read-only, when a store is there but its
// directory is not writable or another reader holds its lock. A store a
// writer holds (a running serve) cannot be opened either way.
func openStoreForReading(ctx context.Context, dir string) (*store.Store, error) {
	s, err := openStore(ctx, dir)
	if err == nil {
		return s, nil
	}
	if _, serr := os.Stat(filepath.Join(dir, "MANIFEST")); serr != nil {
		return nil, err
	}
	ro, rerr := store.Open(ctx, dir, store.ReadOnly())
	if rerr != nil {
		if graph.ErrorCode(rerr) == graph.EINVALID {
			return nil, explainOpenError(dir, rerr)
		}
		return nil, err
	}
	return ro, nil
}

// openExistingStore opens the store in dir, which must already hold one: a
// directory without Badger's MANIFEST is refused, not made into a new store.
func openExistingStore(ctx context.Context, dir string) (*store.Store, error) {
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err != nil {
		return nil, fmt.Errorf("no store in %s: create one with 'pactwatch ingest --db %s PATH' or 'pactwatch serve --db %s'", dir, dir, dir)
	}
	return openStore(ctx, dir)
}

// openExistingStoreForReading is openStoreForReading for a store that must
// already exist.
func openExistingStoreForReading(ctx context.Context, dir string) (*store.Store, error) {
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err != nil {
		return nil, fmt.Errorf("no store in %s: create one with 'pactwatch ingest --db %s PATH' or 'pactwatch serve --db %s'", dir, dir, dir)
	}
	return openStoreForReading(ctx, dir)
}

func explainOpenError(dir string, err error) error {
	if c := graph.ErrorCode(err); c == graph.EINVALID || c == graph.ENOSPACE {
		return errors.New(graph.ErrorMessage(err))
	}
	if msg := err.Error(); strings.Contains(msg, "read-only file system") || strings.Contains(msg, "permission denied") {
		return fmt.Errorf("the store in %s cannot be written (its directory is read-only); this command writes: run it where the store is writable, or with --db DIR elsewhere", dir)
	}
	if strings.Contains(err.Error(), "Cannot acquire directory lock") {
		if msg := heldByServe(context.Background(), dir, "stop it before a command that writes the store (ingest, restore, keys), or make the change through its API; read commands (query, gaps, compare, search, export) ask it"); msg != "" {
			return errors.New(msg)
		}
		return fmt.Errorf("the store in %s is in use by another process (a running 'pactwatch serve'?); stop it, or pass --db with another directory", dir)
	}
	return fmt.Errorf("cannot open the store in %s: %v", dir, oneLine(err.Error()))
}

// isEmpty reports whether the store holds no node at all.
func isEmpty(ctx context.Context, r graph.Reader) (bool, error) {
	for _, k := range graph.Kinds {
		ids, err := r.IDs(ctx, k)
		if err != nil {
			return false, err
		}
		if len(ids) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// describeError returns the text a user should see for err: an application
// error's message (and its details), or err itself.
func describeError(err error) string {
	var e *graph.Error
	if errors.As(err, &e) {
		msg := e.Message
		if len(e.Details) > 0 {
			msg += ": " + strings.Join(e.Details, "; ")
		}
		return msg
	}
	return err.Error()
}
