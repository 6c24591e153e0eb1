package main

import "github.com/KimMachineGun/automemlimit/memlimit"

// serve's soft limit on the Go heap.
//
// A world-scale store keeps 800 to 900 MB of facts live; a limit close to
// that makes the collector run without pause (at 896 MiB it took 42% of
// the CPU and the rich gap list answered 145 requests a second instead of
// 338). The default leaves the heap room to grow past its live size, and
// stays under the memory the process may use.

// maxDefaultMemoryLimit is the default limit where memory allows.
const maxDefaultMemoryLimit = 1536 << 20

// defaultMemoryLimit returns serve's limit when neither --memory-limit nor
// GOMEMLIMIT sets one: 1.5 GiB, or three quarters of the memory the
// process may use (its cgroup's limit, else the machine's) when that is
// less.
func defaultMemoryLimit() int64 {
	return memoryLimitFor(memlimit.ApplyFallback(memlimit.FromCgroup, memlimit.FromSystem)())
}

// memoryLimitFor is defaultMemoryLimit given the memory available (an
// error or 0: not known).
func memoryLimitFor(available uint64, err error) int64 {
	if err != nil || available == 0 {
		return maxDefaultMemoryLimit
	}
	return min(maxDefaultMemoryLimit, int64(available/4*3))
}
