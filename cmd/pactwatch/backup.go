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
)

func runBackup(ctx context.Context, e *env, args []string) error {
	f := newFlags("backup", "backup [--db DIR] FILE",
		"Write the whole store to FILE in Badger's backup format, from one consistent\n"+
			"snapshot; the store may be in use by no other process. FILE - writes to standard\n"+
			"output. 'pactwatch restore' reads it back.",
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
	s, err := openExistingStore(ctx, dir)
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
			"new or empty, so that nothing is overwritten. A corrupt or foreign file is\n"+
			"refused and the store is left empty (a directory restore created is removed).\n"+
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
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("cannot read the backup: %v", err)
		}
		defer fh.Close()
		r = fh
	}

	_, statErr := os.Stat(dir)
	created := errors.Is(statErr, os.ErrNotExist)
	s, err := openStore(ctx, dir)
	if err != nil {
		return err
	}
	empty, err := isEmpty(ctx, s)
	if err == nil && !empty {
		err = fmt.Errorf("the store in %s is not empty; restore into a new directory with --db DIR", dir)
	}
	if err == nil {
		if rerr := s.Restore(ctx, bufio.NewReader(r)); rerr != nil {
			if graph.ErrorCode(rerr) == graph.EINVALID {
				err = fmt.Errorf("cannot restore %s: %s; nothing was restored", file, graph.ErrorMessage(rerr))
			} else {
				err = fmt.Errorf("cannot restore %s: %v; nothing was restored", file, rerr)
			}
		}
	}
	var n int
	if err == nil {
		n, err = countNodes(ctx, s)
	}
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing the store: %v", cerr)
	}
	if err != nil {
		if created {
			os.RemoveAll(dir)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "restored %d records from %s into %s\n", n, file, dir)
	return nil
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
