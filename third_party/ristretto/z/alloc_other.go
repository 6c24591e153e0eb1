//go:build !linux

/*
 * SPDX-FileCopyrightText: © Hypermode Inc. <hello@hypermode.com>
 * SPDX-License-Identifier: Apache-2.0
 */

// This file is pactwatch's patch (see ../PATCHES.md): it is not in
// ristretto.

package z

import "os"

// allocate grows fd to off+n. Only Linux allocates the blocks (see
// alloc_linux.go); here the new part is a hole, as in ristretto.
func allocate(fd *os.File, off, n int64) error { return fd.Truncate(off + n) }
