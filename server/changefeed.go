package server

import (
	"context"
	"sync"

	"github.com/pactwatch/pactwatch/graph"
)

// changeFeed hands the change-log entries of every write this server makes
// to the subscriptions that want them. A subscriber that falls more than
// feedBuffer entries behind misses entries rather than slowing writes; it
// can catch up from the changes query.
type changeFeed struct {
	mu   sync.Mutex
	subs map[*feedSub]struct{}
}

const feedBuffer = 256

type feedSub struct {
	q  graph.ChangeQuery
	ch chan *graph.RecordChange
}

func newChangeFeed() *changeFeed { return &changeFeed{subs: map[*feedSub]struct{}{}} }

// subscribe returns a channel of the entries q matches, closed when ctx
// ends.
func (f *changeFeed) subscribe(ctx context.Context, q graph.ChangeQuery) <-chan *graph.RecordChange {
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

func (f *changeFeed) publish(changes []*graph.RecordChange) {
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
