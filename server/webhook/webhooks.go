// Package webhook delivers the change log to those who listen: the change
// feed of the changes subscription, and webhooks, its stream POSTed to
// registered URLs. It also names a change-log entry to clients: its cursor
// and its record kind, the same in the changes query, a subscription and a
// webhook body.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// Webhooks: the change stream of the changes subscription, POSTed to the
// registered URLs of those who cannot hold a socket. The store queues every
// batch logged while a webhook is registered, in the batch's transaction
// (graph/store: the webhook queue), whoever wrote it: this server, or a CLI
// ingest while no server held the store. The dispatcher (dispatch.go)
// matches each queued batch against the registrations, as a subscription's
// filter would, and queues one delivery per matching registration: a JSON
// body of the batch's matching changes, signed with the registration's
// secret, tried up to Options.Attempts times with exponential backoff. Every
// attempt's outcome is kept on the registration, where the webhooks query
// shows it, and on the queued delivery, so that a restarted server resumes
// it. Delivery is at least once: an attempt cut short by a shutdown is made
// again, with the same X-Pactwatch-Delivery id.

// Store is what webhooks need of the store.
type Store interface {
	RegisterWebhook(ctx context.Context, w *graph.Webhook) (*graph.Webhook, error)
	Webhooks(ctx context.Context) ([]*graph.Webhook, error)
	WebhookSecret(ctx context.Context, id string) (string, error)
	DeleteWebhook(ctx context.Context, id string) error
	Changes(ctx context.Context, q graph.ChangeQuery) ([]*graph.RecordChange, error)
	WebhookQueued(ctx context.Context) (bool, error)
	WebhookBatches(ctx context.Context) ([]uint64, error)
	QueueDeliveries(ctx context.Context, seq uint64, ds []*graph.PendingDelivery) error
	PendingDeliveries(ctx context.Context) ([]*graph.PendingDelivery, error)
	RecordDeliveryAttempt(ctx context.Context, d *graph.PendingDelivery, a graph.WebhookAttempt, done bool) error
}

// Webhook delivery defaults.
const (
	DefaultAttempts  = 5
	DefaultRetryBase = time.Second
	// webhookRetryCap bounds the wait between two attempts.
	webhookRetryCap = 5 * time.Minute
	// webhookTimeout bounds one attempt.
	webhookTimeout = 10 * time.Second
	// hookConcurrency bounds the attempts in flight at once to one
	// registration.
	hookConcurrency = 2
	maxWebhookURL   = 2000
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

// Change is one change of a delivery's body.
type Change struct {
	// ID is the change's cursor in the changes query.
	ID     string `json:"id"`
	Record string `json:"record"`
	Kind   string `json:"kind"`
	Action string `json:"action"`
	// Version is the record's version after the change: the change-log
	// sequence of its batch, a decimal string, as the API's version.
	Version string `json:"version"`
	// Forced is true when the batch was written with force: true, over
	// whatever versions it met.
	Forced      bool      `json:"forced"`
	States      []string  `json:"states"`
	Instruments []string  `json:"instruments"`
	Author      string    `json:"author"`
	Message     string    `json:"message"`
	Reason      string    `json:"reason,omitempty"`
	Time        time.Time `json:"time"`
}

// Delivery is the JSON body of a delivery.
type Delivery struct {
	Delivery string   `json:"delivery"`
	Webhook  string   `json:"webhook"`
	Changes  []Change `json:"changes"`
}

// CheckURL refuses a URL that is not absolute http(s) with a host,
// and, unless allowPrivate, one whose host is "localhost" or an address
// literal of a special-purpose block (addresses.go). A name that
// resolves to such an address is refused when it is dialled (webhookDialer).
func CheckURL(raw string, allowPrivate bool) error {
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
