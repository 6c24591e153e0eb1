/*
 * SPDX-FileCopyrightText: © Hypermode Inc. <hello@hypermode.com>
 * SPDX-License-Identifier: Apache-2.0
 */

// This file is pactwatch's patch (see ../PATCHES.md): it is not in
// ristretto.

package z

import (
	"errors"
	"os"
	"syscall"
)

// NoSpace, when set, is called with a mapped file's path when its blocks
// cannot be allocated for want of disk space. If it returns true (it freed
// some space, for example a reserve file), the allocation is tried once
// more. It may be called from any goroutine.
var NoSpace func(path string) bool

// resize sets the size of fd to sz. Growing it allocates the new blocks at
// once (allocate: fallocate on Linux), rather than leaving a hole as
// ftruncate does: a page of a shared mapping whose block the disk cannot
// hold stops the whole process with SIGBUS when it is written, on whatever
// goroutine writes it, while an allocation that does not fit fails here
// with ENOSPC, an error the caller returns. A failed allocation gives back
// what it took.
func resize(fd *os.File, sz int64) error {
	fi, err := fd.Stat()
	if err != nil {
		return err
	}
	old := fi.Size()
	if sz <= old {
		return fd.Truncate(sz)
	}
	err = allocate(fd, old, sz-old)
	if isNoSpace(err) && NoSpace != nil && NoSpace(fd.Name()) {
		err = allocate(fd, old, sz-old)
	}
	if err != nil {
		_ = fd.Truncate(old)
		return &os.PathError{Op: "allocate", Path: fd.Name(), Err: err}
	}
	return nil
}

func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
