package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	f := newFlags("backup", "backup [--db DIR] FILE",
		"Write the whole store to FILE, from one consistent snapshot: a header (format,\n"+
			"record count, SHA-256 over the file) and Badger's backup format. The store may be\n"+
			"in use by no other process. FILE - writes to standard output. 'pactwatch\n"+
			"restore' checks the header and reads it back.",
		"  pactwatch backup --db ./data pactwatch.bak")
	db := dbFlag(f)
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 {
		return usageErrorf("backup: give one FILE to write (run 'pactwatch backup --help')")
	}
	file := rest[0]
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}
	removeSpools()
	s, err := openExistingStoreForReading(ctx, dir)
	if err != nil {
		return err
	}
	defer s.Close()

	if file == "-" {
		w := bufio.NewWriter(e.stdout)
		if err := s.Backup(ctx, w); err != nil {
			return fmt.Errorf("backup failed: %v", err)
		}
		return w.Flush()
	}
	removeBackupLeftovers(file)
	// Write next to FILE and rename, so an interrupted backup never leaves a
	// truncated file under FILE's name.
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the backup: %v", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := s.Backup(ctx, w); err != nil {
		tmp.Close()
		return fmt.Errorf("backup failed: %v", err)
	}
	if err := errors.Join(w.Flush(), tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("cannot write the backup: %v", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("cannot write the backup: %v", err)
	}
	n, err := countNodes(ctx, s)
	if err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %d records from %s to %s (%d bytes)\n", n, dir, file, info.Size())
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	f := newFlags("restore", "restore [--db DIR] FILE",
		"Load a backup written by 'pactwatch backup' into the store in DIR, which must be\n"+
			"new or empty, so that nothing is overwritten. The backup's header (format,\n"+
			"record count, SHA-256) is checked against the whole file before anything is\n"+
			"loaded; the store is built in a temporary directory beside DIR and renamed\n"+
			"into place only when it is complete and verified, so a corrupt, truncated or\n"+
			"foreign file, or an interrupted restore, leaves DIR as it was.\n"+
			"FILE - reads from standard input.",
		"  pactwatch restore --db ./data-restored pactwatch.bak")
	db := dbFlag(f)
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 {
		return usageErrorf("restore: give one backup FILE to read (run 'pactwatch restore --help')")
	}
	file := rest[0]
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}
	var r io.Reader = e.stdin
	var size int64
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("cannot read the backup: %v", err)
		}
		defer fh.Close()
		if info, err := fh.Stat(); err == nil {
			size = info.Size()
		}
		r = fh
	}
	removeRestoreLeftovers(dir)
	replace, err := restoreTarget(ctx, dir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %v; choose another --db DIR", parent, err)
	}
	// The restored store holds about what the backup does; Restore also
	// spools the payload to check it, and Badger writes it twice (log and
	// tables).
	if err := checkFreeSpace(parent, 3*size); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(dir))+".restore-")
	if err != nil {
		return fmt.Errorf("cannot create a directory beside %s: %v", dir, err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	n, err := restoreInto(ctx, tmp, r)
	if err != nil {
		return fmt.Errorf("cannot restore %s: %s; nothing was restored", file, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp made it 0700
		return fmt.Errorf("cannot restore %s: %v; nothing was restored", file, err)
	}
	if replace {
		// An empty directory, or an empty store: nothing is lost.
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("cannot replace the empty %s: %v; nothing was restored", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("cannot move the restored store into %s: %v; nothing was restored", dir, err)
	}
	syncDir(parent)
	fmt.Fprintf(e.stdout, "restored %d records from %s into %s\n", n, file, dir)
	return nil
}

// restoreTarget checks that dir may receive a restore: it does not exist
// (replace false), or is an empty directory or an empty store (replace
// true).
func restoreTarget(ctx context.Context, dir string) (replace bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("cannot read %s: %v; choose another --db DIR", dir, err)
	case len(entries) == 0:
		return true, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err != nil {
		return false, fmt.Errorf("%s is not empty and holds no store; restore into a new directory with --db DIR", dir)
	}
	s, err := openStore(ctx, dir)
	if err != nil {
		return false, err
	}
	empty, err := isEmpty(ctx, s)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("reading the store in %s: %v", dir, err)
	}
	if !empty {
		return false, fmt.Errorf("the store in %s is not empty; restore into a new directory with --db DIR", dir)
	}
	return true, nil
}

// restoreInto restores the backup r into a new store in dir, checks the
// result and closes the store, and returns the number of records.
func restoreInto(ctx context.Context, dir string, r io.Reader) (n int, err error) {
	s, err := store.Open(ctx, dir)
	if err != nil {
		if graph.ErrorCode(err) == graph.ENOSPACE {
			return 0, errors.New(graph.ErrorMessage(err))
		}
		return 0, err
	}
	defer func() {
		if cerr := s.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing the store: %v", cerr)
		}
	}()
	if err := s.Restore(ctx, bufio.NewReader(r)); err != nil {
		if c := graph.ErrorCode(err); c == graph.EINVALID || c == graph.ENOSPACE {
			return 0, errors.New(graph.ErrorMessage(err))
		}
		return 0, err
	}
	return countNodes(ctx, s)
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// countNodes returns the number of nodes in the store.
func countNodes(ctx context.Context, r graph.Reader) (int, error) {
	n := 0
	for _, k := range graph.Kinds {
		ids, err := r.IDs(ctx, k)
		if err != nil {
			return 0, fmt.Errorf("reading the store: %v", err)
		}
		n += len(ids)
	}
	return n, nil
}
