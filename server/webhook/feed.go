package webhook

import (
	"context"
	"sync"

	"github.com/pactwatch/pactwatch/graph"
)

// Feed hands the change-log entries of every write this server makes
// to the subscriptions that want them. A subscriber that falls more than
// feedBuffer entries behind misses entries rather than slowing writes; it
// can catch up from the changes query.
type Feed struct {
	mu   sync.Mutex
	subs map[*feedSub]struct{}
}

const feedBuffer = 256

type feedSub struct {
	q  graph.ChangeQuery
	ch chan *graph.RecordChange
}

// NewFeed returns a feed without subscribers.
func NewFeed() *Feed { return &Feed{subs: map[*feedSub]struct{}{}} }

// Subscribe returns a channel of the entries q matches, closed when ctx
// ends.
func (f *Feed) Subscribe(ctx context.Context, q graph.ChangeQuery) <-chan *graph.RecordChange {
	s := &feedSub{q: q, ch: make(chan *graph.RecordChange, feedBuffer)}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		delete(f.subs, s)
		close(s.ch)
		f.mu.Unlock()
	}()
	return s.ch
}

// Publish hands changes to the subscribers whose query matches them.
func (f *Feed) Publish(changes []*graph.RecordChange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		for _, c := range changes {
			if !s.q.Matches(c) {
				continue
			}
			select {
			case s.ch <- c:
			default:
			}
		}
	}
}
