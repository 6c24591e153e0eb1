package main

import (
	"errors"
	"testing"
)

func TestMemoryLimitFor(t *testing.T) {
	for _, tc := range []struct {
		available uint64
		err       error
		want      int64
	}{
		{24 << 30, nil, 1536 << 20},                    // a large machine: the cap
		{1 << 30, nil, 768 << 20},                      // a 1 GiB container: three quarters of it
		{2 << 30, nil, 1536 << 20},                     // exactly at the cap
		{0, nil, 1536 << 20},                           // not known
		{8 << 30, errors.New("no cgroup"), 1536 << 20}, // unreadable
	} {
		if got := memoryLimitFor(tc.available, tc.err); got != tc.want {
			t.Errorf("memoryLimitFor(%d, %v) = %d, want %d", tc.available, tc.err, got, tc.want)
		}
	}
}
