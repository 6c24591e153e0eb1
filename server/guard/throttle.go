package guard

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// KeyThrottle slows down guessing of API keys: a request whose key fails
// is answered after a delay that doubles with each recent failure from its
// client address, up to a bound (2 s by default). A valid key is never
// delayed nor refused, so that a client behind the same address (a
// reverse proxy, a NAT) is not locked out by another's guesses. A
// sequential guesser gets one try per bound; a parallel one spends a
// connection per try, and the listener's cap bounds those.
type KeyThrottle struct {
	first, max time.Duration
	// forget is how long an address's failures are remembered.
	forget time.Duration
	sleep  func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	addrs map[string]*keyFailures
}

type keyFailures struct {
	n    int
	last time.Time
}

// maxThrottled bounds the addresses remembered; past it the oldest half
// is forgotten.
const maxThrottled = 10000

// NewKeyThrottle returns a throttle whose first delay is first, doubled
// with each failure up to max, and that forgets an address after a minute
// without failures. sleep waits (nil: a timer that ends with ctx).
func NewKeyThrottle(first, max time.Duration, sleep func(ctx context.Context, d time.Duration) error) *KeyThrottle {
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return &KeyThrottle{first: first, max: max, forget: time.Minute, sleep: sleep, addrs: map[string]*keyFailures{}}
}

// DefaultKeyThrottle delays a failed key by 50 ms, doubling up to 2 s.
func DefaultKeyThrottle() *KeyThrottle {
	return NewKeyThrottle(50*time.Millisecond, 2*time.Second, nil)
}

// Authenticate is the package's Authenticate, with the delay of a failed
// key from r's client address.
func (t *KeyThrottle) Authenticate(ctx context.Context, store graph.Store, logger *slog.Logger, r *http.Request) *AuthState {
	st := Authenticate(ctx, store, logger, r)
	if t == nil || st.err == nil || graph.ErrorCode(st.err) != graph.EUNAUTHENTICATED {
		return st
	}
	t.sleep(ctx, t.failed(ClientAddr(r), time.Now()))
	return st
}

// failed counts a failure from addr at now and returns its delay.
func (t *KeyThrottle) failed(addr string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.addrs[addr]
	if !ok || now.Sub(f.last) > t.forget {
		if len(t.addrs) >= maxThrottled {
			t.pruneLocked(now)
		}
		f = &keyFailures{}
		t.addrs[addr] = f
	}
	f.n++
	f.last = now
	d := t.first
	for i := 1; i < f.n && d < t.max; i++ {
		d *= 2
	}
	return min(d, t.max)
}

// pruneLocked forgets addresses past forget, or half of them when none is.
func (t *KeyThrottle) pruneLocked(now time.Time) {
	for a, f := range t.addrs {
		if now.Sub(f.last) > t.forget {
			delete(t.addrs, a)
		}
	}
	for a := range t.addrs {
		if len(t.addrs) < maxThrottled/2 {
			break
		}
		delete(t.addrs, a)
	}
}
