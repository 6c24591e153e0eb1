package synth

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/pactwatch/pactwatch/graph/store"
)

// worlds caches the loaded on-disk worlds of this process by scale.
var worlds struct {
	sync.Mutex
	byScale map[float64]*store.Store
	dirs    []string
}

// MustOpenWorld returns an on-disk store holding World(scale), loading it the
// first time a scale is asked for in this process and returning the same
// store afterwards, so that benchmarks pay for the load once. The store is
// shared: callers must only read it. Loading the full world (scale 1) takes
// 20 to 40 seconds on two cores, about 320 MB of temporary disk and a peak
// of about 2.6 GB of memory; CloseWorlds (from a TestMain) closes the stores
// and removes their directories.
func MustOpenWorld(tb testing.TB, scale float64) *store.Store {
	tb.Helper()
	worlds.Lock()
	defer worlds.Unlock()
	if s, ok := worlds.byScale[scale]; ok {
		return s
	}
	s, dir, err := openWorld(context.Background(), World(scale))
	if err != nil {
		tb.Fatalf("synth: open world at scale %v: %v", scale, err)
	}
	if worlds.byScale == nil {
		worlds.byScale = map[float64]*store.Store{}
	}
	worlds.byScale[scale] = s
	worlds.dirs = append(worlds.dirs, dir)
	return s
}

func openWorld(ctx context.Context, c Config) (*store.Store, string, error) {
	if err := c.Validate(); err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "pactwatch-synth-")
	if err != nil {
		return nil, "", err
	}
	s, err := store.Open(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	n, err := s.Load(ctx, c.Nodes())
	if err != nil {
		s.Close()
		os.RemoveAll(dir)
		return nil, "", err
	}
	if n != c.Count() {
		s.Close()
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("loaded %d nodes, want %d", n, c.Count())
	}
	return s, dir, nil
}

// CloseWorlds closes every store MustOpenWorld opened and removes their
// directories.
func CloseWorlds() error {
	worlds.Lock()
	defer worlds.Unlock()
	var first error
	for _, s := range worlds.byScale {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	for _, d := range worlds.dirs {
		if err := os.RemoveAll(d); err != nil && first == nil {
			first = err
		}
	}
	worlds.byScale, worlds.dirs = nil, nil
	return first
}
