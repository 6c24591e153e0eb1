package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// Webhooks: the change stream of the changes subscription, POSTed to the
// registered URLs of those who cannot hold a socket. After each published
// batch the write path hands the batch's change-log entries to the
// dispatcher's queue without waiting (a full queue drops the batch, logged;
// the changes query still has it). The dispatcher's one worker matches each
// batch against every registration, as a subscription's filter would, and
// starts one delivery per matching registration: a JSON body of the batch's
// matching changes, signed with the registration's secret, tried up to
// WebhookAttempts times with exponential backoff. Every attempt's outcome
// is kept on the registration, where the webhooks query shows it.

// webhookStore is what webhooks need of the store.
type webhookStore interface {
	RegisterWebhook(ctx context.Context, w *graph.Webhook) (*graph.Webhook, error)
	Webhooks(ctx context.Context) ([]*graph.Webhook, error)
	WebhookSecret(ctx context.Context, id string) (string, error)
	DeleteWebhook(ctx context.Context, id string) error
	RecordWebhookAttempt(ctx context.Context, id string, a graph.WebhookAttempt) error
}

// Webhook delivery defaults.
const (
	defaultWebhookAttempts  = 5
	defaultWebhookRetryBase = time.Second
	// webhookRetryCap bounds the wait between two attempts.
	webhookRetryCap = 5 * time.Minute
	// webhookTimeout bounds one attempt.
	webhookTimeout = 10 * time.Second
	// webhookQueue is how many batches may wait for the dispatcher.
	webhookQueue = 1024
	// webhookConcurrency bounds the deliveries in flight at once.
	webhookConcurrency = 16
	maxWebhookURL      = 2000
)

// Webhook signature and delivery headers.
const (
	HeaderSignature = "X-Pactwatch-Signature"
	HeaderDelivery  = "X-Pactwatch-Delivery"
	HeaderWebhook   = "X-Pactwatch-Webhook"
)

// Sign returns the X-Pactwatch-Signature value of body under secret:
// "sha256=" and the hex HMAC-SHA-256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// WebhookChange is one change of a delivery's body.
type WebhookChange struct {
	// ID is the change's cursor in the changes query.
	ID          string    `json:"id"`
	Record      string    `json:"record"`
	Kind        string    `json:"kind"`
	Action      string    `json:"action"`
	States      []string  `json:"states"`
	Instruments []string  `json:"instruments"`
	Author      string    `json:"author"`
	Message     string    `json:"message"`
	Reason      string    `json:"reason,omitempty"`
	Time        time.Time `json:"time"`
}

// WebhookDelivery is the JSON body of a delivery.
type WebhookDelivery struct {
	Delivery string          `json:"delivery"`
	Webhook  string          `json:"webhook"`
	Changes  []WebhookChange `json:"changes"`
}

// checkWebhookURL refuses a URL that is not absolute http(s) with a host,
// and, unless allowPrivate, one whose host is a loopback, private,
// link-local or unspecified address literal or "localhost". A name that
// resolves to such an address is refused when it is dialled (webhookDialer).
func checkWebhookURL(raw string, allowPrivate bool) error {
	if len(raw) > maxWebhookURL {
		return graph.Errorf(graph.EINVALID, "url: longer than %d bytes", maxWebhookURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return graph.Errorf(graph.EINVALID, "url: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return graph.Errorf(graph.EINVALID, "url: want an http or https URL, got scheme %q", u.Scheme)
	}
	if u.Hostname() == "" || u.User != nil {
		return graph.Errorf(graph.EINVALID, "url: want http(s)://host/..., with a host and no user")
	}
	if allowPrivate {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return graph.Errorf(graph.EINVALID, "url: %s is a loopback host; this server delivers to public addresses only (serve --webhook-allow-private)", host)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
		return graph.Errorf(graph.EINVALID, "url: %s is not a public address; this server delivers to public addresses only (serve --webhook-allow-private)", host)
	}
	return nil
}

// publicAddr reports whether ip may be delivered to without
// WebhookAllowPrivate.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsUnspecified() && !ip.IsMulticast() && !ip.IsInterfaceLocalMulticast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) // carrier-grade NAT
}

// webhookClient is the HTTP client of deliveries: no redirects followed (a
// 3xx is a failure), and, unless allowPrivate, no connection to an address
// that is not public, checked on the address dialled, after resolution.
func webhookClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: webhookTimeout}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if !publicAddr(ap.Addr()) {
				return fmt.Errorf("%s is not a public address", ap.Addr())
			}
			return nil
		}
	}
	t := &http.Transport{
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   webhookTimeout,
		ResponseHeaderTimeout: webhookTimeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       time.Minute,
	}
	return &http.Client{
		Transport:     t,
		Timeout:       webhookTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// webhooks is the dispatcher.
type webhooks struct {
	store    webhookStore
	logger   *slog.Logger
	client   *http.Client
	attempts int
	base     time.Duration
	queue    chan []*graph.RecordChange
	start    sync.Once
	sem      chan struct{}
	// sleep waits d or until ctx ends; a field so that tests of the
	// package could replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

func newWebhooks(store graph.Store, cfg Config, logger *slog.Logger) *webhooks {
	ws, ok := store.(webhookStore)
	if !ok {
		return nil
	}
	h := &webhooks{
		store:    ws,
		logger:   logger,
		client:   webhookClient(cfg.WebhookAllowPrivate),
		attempts: cfg.WebhookAttempts,
		base:     cfg.WebhookRetryBase,
		queue:    make(chan []*graph.RecordChange, webhookQueue),
		sem:      make(chan struct{}, webhookConcurrency),
		sleep:    sleepCtx,
	}
	if h.attempts <= 0 {
		h.attempts = defaultWebhookAttempts
	}
	if h.base <= 0 {
		h.base = defaultWebhookRetryBase
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

// enqueue hands a published batch's changes to the dispatcher. It never
// blocks: with the queue full the batch is dropped, and logged.
func (h *webhooks) enqueue(changes []*graph.RecordChange) {
	if h == nil || len(changes) == 0 {
		return
	}
	h.start.Do(func() { go h.run() })
	select {
	case h.queue <- changes:
	default:
		h.logger.Error("webhooks: delivery queue full, batch dropped", "seq", changes[0].Seq, "changes", len(changes))
	}
}

// run is the dispatcher's worker: it lives as long as the process.
func (h *webhooks) run() {
	for changes := range h.queue {
		ctx := context.Background()
		hooks, err := h.store.Webhooks(ctx)
		if err != nil {
			h.logger.Error("webhooks: list registrations", "err", err)
			continue
		}
		for _, w := range hooks {
			q := graph.ChangeQuery{State: w.State, Instrument: w.Instrument}
			var body WebhookDelivery
			for _, c := range changes {
				if q.Matches(c) {
					body.Changes = append(body.Changes, webhookChange(c))
				}
			}
			if len(body.Changes) == 0 {
				continue
			}
			body.Delivery = "dlv-" + rand.Text()[:16]
			body.Webhook = w.ID
			h.sem <- struct{}{}
			go func() {
				defer func() { <-h.sem }()
				h.deliver(ctx, w, &body)
			}()
		}
	}
}

func webhookChange(c *graph.RecordChange) WebhookChange {
	return WebhookChange{
		ID: changeCursor(c), Record: c.ID, Kind: string(recordKind(c.Kind)), Action: string(c.Action),
		States: nonNil(c.States), Instruments: nonNil(c.Instruments),
		Author: c.Author, Message: c.Message, Reason: c.Reason, Time: c.Time.UTC(),
	}
}

// deliver posts one delivery until it succeeds or its attempts are spent,
// keeping each attempt's outcome on the registration.
func (h *webhooks) deliver(ctx context.Context, w *graph.Webhook, d *WebhookDelivery) {
	body, err := json.Marshal(d)
	if err != nil {
		h.logger.Error("webhooks: encode delivery", "webhook", w.ID, "err", err)
		return
	}
	for attempt := 1; ; attempt++ {
		// The secret is read at each attempt: a registration deleted
		// meanwhile stops its retries.
		secret, err := h.store.WebhookSecret(ctx, w.ID)
		if err != nil {
			if graph.ErrorCode(err) != graph.ENOTFOUND {
				h.logger.Error("webhooks: read secret", "webhook", w.ID, "err", err)
			}
			return
		}
		status, err := h.post(ctx, w.URL, secret, d.Delivery, w.ID, body)
		a := graph.WebhookAttempt{Time: time.Now(), Status: status}
		if err != nil {
			a.Err = err.Error()
		}
		if rerr := h.store.RecordWebhookAttempt(ctx, w.ID, a); rerr != nil {
			h.logger.Error("webhooks: record attempt", "webhook", w.ID, "err", rerr)
		}
		if err == nil {
			return
		}
		if attempt >= h.attempts {
			h.logger.Error("webhooks: delivery failed, attempts spent", "webhook", w.ID, "url", w.URL, "delivery", d.Delivery, "attempts", attempt, "err", err)
			return
		}
		wait := min(h.base<<(attempt-1), webhookRetryCap)
		h.logger.Warn("webhooks: delivery failed, will retry", "webhook", w.ID, "url", w.URL, "delivery", d.Delivery, "attempt", attempt, "retryIn", wait, "err", err)
		if h.sleep(ctx, wait) != nil {
			return
		}
	}
}

// post makes one attempt: nil error for a 2xx answer.
func (h *webhooks) post(ctx context.Context, u, secret, delivery, hook string, body []byte) (int, error) {
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

func (r *Resolver) webhookStore() (webhookStore, error) {
	if r.hooks == nil {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no webhooks")
	}
	return r.hooks.store, nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
