//go:build !unix

package store_test

// maxRSS returns 0: the peak resident set size is not known here.
func maxRSS() int64 { return 0 }
