package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// Dispatcher is the dispatcher of the webhook queue (webhooks.go). Its worker
// starts when the server is made if the store's queue holds anything (a
// batch a CLI ingest wrote, a delivery a stopped server left), or at the
// first write otherwise; it resumes the pending deliveries, then matches
// queued batches whenever a write wakes it. Each delivery is a goroutine
// that waits for its next attempt. Each registration has its own share:
// hookConcurrency attempts in flight at once, each bounded by
// webhookTimeout, and after a failure its backoff holds back its other
// deliveries too, so that a receiver that hangs or fails uses only its own
// share and never delays another registration's deliveries. Close stops
// them all, leaving the queue to the next server.
type Dispatcher struct {
	store    Store
	logger   *slog.Logger
	client   *http.Client
	attempts int
	base     time.Duration
	// hooks holds each registration's share: its slots and backoff.
	hooksMu sync.Mutex
	hooks   map[string]*hookShare
	// sleep waits d or until ctx ends; a field so that tests of the
	// package could replace it.
	sleep func(ctx context.Context, d time.Duration) error

	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// mu guards started and closed: the worker starts once, and never
	// after close.
	mu      sync.Mutex
	started bool
	closed  bool
}

// Options sets how webhooks are delivered.
type Options struct {
	// Attempts is how many times a delivery is tried before it is given
	// up (0: DefaultAttempts); RetryBase the wait after the first failure,
	// doubled after each next one up to five minutes (0: DefaultRetryBase).
	Attempts  int
	RetryBase time.Duration
	// AllowPrivate lets webhooks deliver to loopback, private and
	// link-local addresses.
	AllowPrivate bool
	// Hold keeps the dispatcher from delivering: the store's queue waits
	// for a server that does.
	Hold bool
}

// NewDispatcher returns the dispatcher of store's queue, nil for a store that
// keeps no webhooks. It starts nothing for a store that takes no writes (a
// read-only store) or with opts.Hold: the queue then waits for a
// server that delivers it.
func NewDispatcher(store graph.Store, opts Options, logger *slog.Logger) *Dispatcher {
	ws, ok := store.(Store)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	ro, ok := store.(interface{ ReadOnlyMode() bool })
	if opts.Hold || ok && ro.ReadOnlyMode() {
		cancel() // notify does nothing
	}
	h := &Dispatcher{
		store:    ws,
		logger:   logger,
		client:   webhookClient(opts.AllowPrivate),
		attempts: opts.Attempts,
		base:     opts.RetryBase,
		hooks:    map[string]*hookShare{},
		sleep:    sleepCtx,
		wake:     make(chan struct{}, 1),
		ctx:      ctx,
		cancel:   cancel,
	}
	if h.attempts <= 0 {
		h.attempts = DefaultAttempts
	}
	if h.base <= 0 {
		h.base = DefaultRetryBase
	}
	if ctx.Err() != nil {
		return h
	}
	queued, err := ws.WebhookQueued(ctx)
	if err != nil {
		logger.Error("webhooks: read the delivery queue", "err", err)
	}
	if queued {
		h.Notify()
	}
	return h
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Notify tells the dispatcher that the store may have queued a batch,
// starting it if need be. It never blocks.
func (h *Dispatcher) Notify() {
	if h == nil || h.ctx.Err() != nil {
		return
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	if !h.started {
		h.started = true
		h.wg.Add(1)
		go h.run()
	}
	h.mu.Unlock()
	select {
	case h.wake <- struct{}{}:
	default: // a wake is pending already
	}
}

// Close stops the dispatcher and its deliveries and waits for them. An
// attempt in flight is cut short and not counted: the queue keeps the
// delivery for the next server.
func (h *Dispatcher) Close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.cancel()
	h.wg.Wait()
}

// run is the dispatcher's worker.
func (h *Dispatcher) run() {
	defer h.wg.Done()
	pending, err := h.store.PendingDeliveries(h.ctx)
	if err != nil && h.ctx.Err() == nil {
		h.logger.Error("webhooks: read the pending deliveries", "err", err)
	}
	if len(pending) > 0 {
		h.logger.Info("webhooks: resuming pending deliveries", "deliveries", len(pending))
	}
	for _, d := range pending {
		h.spawn(d)
	}
	for {
		h.match()
		select {
		case <-h.wake:
		case <-h.ctx.Done():
			return
		}
	}
}

// match turns each queued batch into its deliveries, oldest first, and
// starts them. A batch that cannot be read stays queued for the next wake.
func (h *Dispatcher) match() {
	ctx := h.ctx
	seqs, err := h.store.WebhookBatches(ctx)
	if err != nil {
		if ctx.Err() == nil {
			h.logger.Error("webhooks: read the queued batches", "err", err)
		}
		return
	}
	if len(seqs) == 0 {
		return
	}
	hooks, err := h.store.Webhooks(ctx)
	if err != nil {
		if ctx.Err() == nil {
			h.logger.Error("webhooks: list registrations", "err", err)
		}
		return
	}
	for _, seq := range seqs {
		changes, err := h.store.Changes(ctx, graph.ChangeQuery{Batch: seq})
		if err != nil {
			if ctx.Err() == nil {
				h.logger.Error("webhooks: read a queued batch", "seq", seq, "err", err)
			}
			return
		}
		ds, err := deliveriesOf(seq, changes, hooks, time.Now())
		if err != nil {
			h.logger.Error("webhooks: encode deliveries", "seq", seq, "err", err)
			return
		}
		if err := h.store.QueueDeliveries(ctx, seq, ds); err != nil {
			if ctx.Err() == nil {
				h.logger.Error("webhooks: queue deliveries", "seq", seq, "err", err)
			}
			return
		}
		for _, d := range ds {
			h.spawn(d)
		}
	}
}

// deliveriesOf returns the deliveries of the batch logged at seq: one per
// registration made before the batch that has a matching change, due at
// now.
func deliveriesOf(seq uint64, changes []*graph.RecordChange, hooks []*graph.Webhook, now time.Time) ([]*graph.PendingDelivery, error) {
	at := time.Unix(0, int64(seq))
	var out []*graph.PendingDelivery
	for _, w := range hooks {
		if w.Created.After(at) {
			continue // registered after the change: it asked for later ones
		}
		q := graph.ChangeQuery{State: w.State, Instrument: w.Instrument}
		body := Delivery{Delivery: "dlv-" + rand.Text()[:16], Webhook: w.ID}
		for _, c := range changes {
			if q.Matches(c) {
				body.Changes = append(body.Changes, webhookChange(c))
			}
		}
		if len(body.Changes) == 0 {
			continue
		}
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		out = append(out, &graph.PendingDelivery{ID: body.Delivery, Webhook: w.ID, URL: w.URL, Seq: seq, Body: b, Next: now.UTC()})
	}
	return out, nil
}

func webhookChange(c *graph.RecordChange) Change {
	return Change{
		ID: ChangeCursor(c), Record: c.ID, Kind: string(RecordKind(c.Kind)), Action: string(c.Action),
		Version: strconv.FormatUint(c.Seq, 10), Forced: c.Forced,
		States: nonNil(c.States), Instruments: nonNil(c.Instruments),
		Author: c.Author, Message: c.Message, Reason: c.Reason, Time: c.Time.UTC(),
	}
}

func (h *Dispatcher) spawn(d *graph.PendingDelivery) {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.deliver(d)
	}()
}

// backoff is the wait after the attempt-th failed attempt: base, doubled
// after each next failure, at most webhookRetryCap.
func (h *Dispatcher) backoff(attempt int) time.Duration {
	if attempt > 30 {
		return webhookRetryCap
	}
	return min(h.base<<(attempt-1), webhookRetryCap)
}

// deliver makes the attempts of one delivery, each when it is due, until
// one succeeds or they are spent, keeping each outcome in the store: on the
// registration, and on the queued delivery.
func (h *Dispatcher) deliver(d *graph.PendingDelivery) {
	ctx := h.ctx
	for {
		if wait := time.Until(d.Next); wait > 0 {
			if h.sleep(ctx, wait) != nil {
				return
			}
		}
		// The secret is read at each attempt: a registration deleted
		// meanwhile (with its queued deliveries) stops its retries.
		secret, err := h.store.WebhookSecret(ctx, d.Webhook)
		if err != nil {
			if graph.ErrorCode(err) == graph.ENOTFOUND || ctx.Err() != nil {
				return
			}
			h.logger.Error("webhooks: read secret", "webhook", d.Webhook, "err", err)
			d.Next = time.Now().Add(h.base)
			continue
		}
		share := h.share(d.Webhook)
		if err := share.acquire(ctx); err != nil {
			return
		}
		status, err := h.post(ctx, d.URL, secret, d.ID, d.Webhook, d.Body)
		share.release(err == nil, h)
		if ctx.Err() != nil {
			return // shutting down: the attempt does not count
		}
		d.Attempts++
		a := graph.WebhookAttempt{Time: time.Now(), Status: status}
		if err != nil {
			a.Err = err.Error()
		}
		done := err == nil || d.Attempts >= h.attempts
		if !done {
			d.Next = a.Time.Add(h.backoff(d.Attempts)).UTC()
		}
		if rerr := h.store.RecordDeliveryAttempt(ctx, d, a, done); rerr != nil && ctx.Err() == nil {
			h.logger.Error("webhooks: record attempt", "webhook", d.Webhook, "delivery", d.ID, "err", rerr)
		}
		switch {
		case err == nil:
			return
		case done:
			h.logger.Error("webhooks: delivery failed, attempts spent", "webhook", d.Webhook, "url", d.URL, "delivery", d.ID, "attempts", d.Attempts, "err", err)
			return
		}
		h.logger.Warn("webhooks: delivery failed, will retry", "webhook", d.Webhook, "url", d.URL, "delivery", d.ID, "attempt", d.Attempts, "retryIn", time.Until(d.Next).Round(time.Millisecond), "err", err)
	}
}

// hookShare is one registration's share of the deliveries: its slots,
// and when its next attempt may start after a failure.
type hookShare struct {
	slots chan struct{}
	mu    sync.Mutex
	fails int
	until time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func (h *Dispatcher) share(hook string) *hookShare {
	h.hooksMu.Lock()
	defer h.hooksMu.Unlock()
	s, ok := h.hooks[hook]
	if !ok {
		s = &hookShare{slots: make(chan struct{}, hookConcurrency), sleep: h.sleep}
		h.hooks[hook] = s
	}
	return s
}

// acquire takes one of the registration's slots once its backoff is over.
func (s *hookShare) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	wait := time.Until(s.until)
	s.mu.Unlock()
	if wait > 0 {
		if err := s.sleep(ctx, wait); err != nil {
			<-s.slots
			return err
		}
	}
	return nil
}

// release gives the slot back, and starts or ends the registration's
// backoff: after a failure its next attempt waits as a delivery's would.
func (s *hookShare) release(ok bool, h *Dispatcher) {
	s.mu.Lock()
	if ok {
		s.fails, s.until = 0, time.Time{}
	} else {
		s.fails++
		s.until = time.Now().Add(h.backoff(s.fails))
	}
	s.mu.Unlock()
	<-s.slots
}

// post makes one attempt: nil error for a 2xx answer.
func (h *Dispatcher) post(ctx context.Context, u, secret, delivery, hook string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pactwatch-webhook")
	req.Header.Set(HeaderSignature, Sign(secret, body))
	req.Header.Set(HeaderDelivery, delivery)
	req.Header.Set(HeaderWebhook, hook)
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

// Store returns the store of the registrations, nil for a nil dispatcher
// (a store that keeps no webhooks).
func (h *Dispatcher) Store() Store {
	if h == nil {
		return nil
	}
	return h.store
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
