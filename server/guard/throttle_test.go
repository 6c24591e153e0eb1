package guard_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestKeyThrottle(t *testing.T) {
	st := servertest.MustOpenFixtures(t).(*store.Store)
	valid, _, err := st.CreateAPIKey(context.Background(), "ed", graph.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var delays []time.Duration
	th := guard.NewKeyThrottle(50*time.Millisecond, 2*time.Second, func(_ context.Context, d time.Duration) error {
		mu.Lock()
		delays = append(delays, d)
		mu.Unlock()
		return nil
	})
	request := func(addr, key string) *guard.AuthState {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.RemoteAddr = addr + ":4000"
		r.Header.Set("Authorization", "Bearer "+key)
		return th.Authenticate(context.Background(), st, nil, r)
	}
	for range 100 {
		if request("203.0.113.7", "pwk_guess").Key() != nil {
			t.Fatal("a guessed key was taken")
		}
	}
	if len(delays) != 100 {
		t.Fatalf("got %d delays for 100 failed keys, want 100", len(delays))
	}
	if delays[0] <= 0 || delays[99] != 2*time.Second {
		t.Errorf("got delays %v ... %v, want them to grow to the bound of 2s", delays[0], delays[99])
	}
	for i, d := range delays {
		if d > 2*time.Second || (i > 0 && d < delays[i-1]) {
			t.Fatalf("delay %d: got %v after %v, want growing delays of at most 2s", i, d, delays[i-1])
		}
	}
	// Another client behind the same address, with a valid key: no delay.
	delays = nil
	if got := request("203.0.113.7", valid).Key(); got == nil || got.Name != "ed" {
		t.Fatalf("got %v, want the valid key taken", got)
	}
	if len(delays) != 0 {
		t.Errorf("got delays %v for a valid key, want none", delays)
	}
	// Another address starts afresh.
	request("198.51.100.1", "pwk_guess")
	if len(delays) != 1 || delays[0] != 50*time.Millisecond {
		t.Errorf("got %v for another address's first failure, want 50ms", delays)
	}
}
