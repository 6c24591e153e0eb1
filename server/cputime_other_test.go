//go:build !unix

package server_test

import "time"

// cpuTime is 0 where getrusage is not: the benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }
