//go:build !unix

package main

// freeSpace is not known here: checkFreeSpace checks nothing.
func freeSpace(string) (int64, bool) { return 0, false }
