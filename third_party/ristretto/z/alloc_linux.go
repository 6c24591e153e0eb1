//go:build linux

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

// allocate allocates the blocks of fd from off for n bytes, growing the
// file to off+n. A file system without fallocate gets a hole, as before.
func allocate(fd *os.File, off, n int64) error {
	for {
		err := syscall.Fallocate(int(fd.Fd()), 0, off, n)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, syscall.ENOSYS):
			return fd.Truncate(off + n)
		}
		return err
	}
}
