//go:build !unix

package main

import "os"

// freeSpace is not known here: checkFreeSpace checks nothing.
func freeSpace(string) (int64, bool) { return 0, false }

// allocated returns a file's size.
func allocated(info os.FileInfo) int64 { return info.Size() }
