//go:build !linux

package store

// keepReserve keeps no reserve: only Linux allocates the mapped files'
// blocks up front (third_party/ristretto), so there is nothing for a
// reserve to keep safe.
func keepReserve(string) bool { return true }

// freeSpace is not read here: only the store's own errors tell a full disk.
func freeSpace(string) (int64, bool) { return 0, false }
