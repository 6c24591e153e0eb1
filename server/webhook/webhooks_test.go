package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// hookRequest is one request a test receiver got.
type hookRequest struct {
	header http.Header
	body   []byte
	// at is when the receiver's handler began: the receiver's own reading,
	// taken before it answers, so that it never lags the attempt's answer.
	at time.Time
}

// receiver is an httptest webhook receiver that answers each request with
// the next status of statuses (200 once they are spent).
type receiver struct {
	ts       *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      chan hookRequest
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	t.Helper()
	rc := &receiver{statuses: statuses, got: make(chan hookRequest, 16)}
	rc.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		rc.got <- hookRequest{header: r.Header.Clone(), body: b, at: at}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.ts.Close)
	return rc
}

func (rc *receiver) next(t *testing.T, within time.Duration) hookRequest {
	t.Helper()
	select {
	case r := <-rc.got:
		return r
	case <-time.After(within):
		t.Fatalf("no delivery within %s", within)
		return hookRequest{}
	}
}

const registerWebhook = `mutation($url: String!, $state: String, $instrument: ID) {
  registerWebhook(url: $url, state: $state, instrument: $instrument) { id url state instrument author secret } }`

const webhooksQuery = `{ webhooks { id url state secret lastStatus lastError lastAttempt lastDelivered failures } }`

type webhookData struct {
	ID, URL, Author string
	State           *string
	Instrument      *string
	Secret          *string
	LastStatus      *int
	LastError       *string
	LastAttempt     *time.Time
	LastDelivered   *time.Time
	Failures        int
}

func webhookServer(t *testing.T) *servertest.CurationServer {
	cfg := server.DefaultConfig()
	cfg.WebhookAllowPrivate = true // the receivers listen on loopback
	cfg.WebhookRetryBase = 20 * time.Millisecond
	return servertest.NewCurationServer(t, cfg)
}

func register(t *testing.T, c *servertest.CurationServer, url string, vars map[string]any) webhookData {
	t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["url"] = url
	var data struct{ RegisterWebhook webhookData }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, registerWebhook, vars), &data)
	if data.RegisterWebhook.Secret == nil || *data.RegisterWebhook.Secret == "" {
		t.Fatalf("registerWebhook returned no secret: %+v", data.RegisterWebhook)
	}
	return data.RegisterWebhook
}

func listWebhooks(t *testing.T, c *servertest.CurationServer) map[string]webhookData {
	t.Helper()
	var data struct{ Webhooks []webhookData }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, webhooksQuery, nil), &data)
	out := map[string]webhookData{}
	for _, w := range data.Webhooks {
		out[w.ID] = w
	}
	return out
}

func TestWebhookDelivery(t *testing.T) {
	c := webhookServer(t)
	idn, lao := newReceiver(t), newReceiver(t)
	hIDN := register(t, c, idn.ts.URL+"/hook", map[string]any{"state": "idn"})
	hLAO := register(t, c, lao.ts.URL+"/hook", map[string]any{"state": "LAO"})
	if hIDN.State == nil || *hIDN.State != "IDN" || hIDN.Author != "ed" {
		t.Errorf("got %+v, want state IDN by ed", hIDN)
	}

	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("hooked", true, servertest.NewEvidence("idn/ev/hook-1"))), &struct{}{})

	r := idn.next(t, 5*time.Second)
	if got, want := r.header.Get(webhook.HeaderSignature), webhook.Sign(*hIDN.Secret, r.body); got != want {
		t.Errorf("signature %q, want %q", got, want)
	}
	if r.header.Get(webhook.HeaderDelivery) == "" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v: want a delivery id and JSON", r.header)
	}
	var body webhook.Delivery
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Webhook != hIDN.ID || body.Delivery != r.header.Get(webhook.HeaderDelivery) || len(body.Changes) != 1 {
		t.Fatalf("body %s", r.body)
	}
	ch := body.Changes[0]
	if ch.Record != "idn/ev/hook-1" || ch.Kind != "EVIDENCE" || ch.Action != "ADDED" || ch.Author != "ed" ||
		ch.Message != "hooked" || ch.ID == "" || ch.Time.IsZero() || len(ch.States) != 1 || ch.States[0] != "IDN" {
		t.Errorf("change %+v", ch)
	}

	// The dispatcher decided on both registrations before delivering to the
	// first: the other state's receiver gets nothing.
	select {
	case r := <-lao.got:
		t.Errorf("the LAO hook got %s", r.body)
	case <-time.After(300 * time.Millisecond):
	}

	var hooks map[string]webhookData
	for deadline := time.Now().Add(5 * time.Second); ; {
		hooks = listWebhooks(t, c)
		if hooks[hIDN.ID].LastStatus != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	h := hooks[hIDN.ID]
	if h.LastStatus == nil || *h.LastStatus != 200 || h.LastError != nil || h.LastDelivered == nil || h.Secret != nil {
		t.Errorf("webhooks shows %+v, want status 200, delivered, no error, no secret", h)
	}
	if l := hooks[hLAO.ID]; l.LastAttempt != nil || l.Secret != nil {
		t.Errorf("webhooks shows %+v for LAO, want no attempt, no secret", l)
	}

	// Deleted, a hook hears no more.
	var del struct{ DeleteWebhook bool }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": hIDN.ID}), &del)
	if !del.DeleteWebhook {
		t.Error("deleteWebhook: got false")
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { deleteWebhook(id: $id) }`, map[string]any{"id": hIDN.ID}), &del)
	if del.DeleteWebhook {
		t.Error("deleteWebhook twice: got true")
	}
	if _, ok := listWebhooks(t, c)[hIDN.ID]; ok {
		t.Error("the deleted hook is still listed")
	}
}

func TestWebhookRetries(t *testing.T) {
	c := webhookServer(t)
	rc := newReceiver(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
	h := register(t, c, rc.ts.URL, map[string]any{"state": "IDN"})

	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("retried", true, servertest.NewEvidence("idn/ev/hook-retry"))), &struct{}{})

	var ids []string
	var at []time.Time
	for range 3 {
		r := rc.next(t, 5*time.Second)
		if got, want := r.header.Get(webhook.HeaderSignature), webhook.Sign(*h.Secret, r.body); got != want {
			t.Errorf("signature %q, want %q", got, want)
		}
		ids = append(ids, r.header.Get(webhook.HeaderDelivery))
		at = append(at, r.at)
	}
	if ids[0] == "" || ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("delivery ids %q: want one id on every attempt", ids)
	}
	// The backoff (20 ms after the first failure, 40 ms after the second)
	// runs from the failed attempt's answer, which the receiver gives after
	// it took its reading: so each next attempt reaches the receiver at
	// least the backoff after the one before, however slow the machine is.
	// A slow machine only widens the gaps; no upper bound is asserted.
	for i, want := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond} {
		if gap := at[i+1].Sub(at[i]); gap < want {
			t.Errorf("attempt %d came %s after attempt %d: want at least the backoff %s between them", i+2, gap, i+1, want)
		}
	}
	select {
	case r := <-rc.got:
		t.Errorf("a fourth attempt after the third succeeded: %s", r.body)
	case <-time.After(200 * time.Millisecond):
	}
	var got webhookData
	for deadline := time.Now().Add(5 * time.Second); ; {
		got = listWebhooks(t, c)[h.ID]
		if got.LastStatus != nil && *got.LastStatus == 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got.LastStatus == nil || *got.LastStatus != 200 || got.LastError != nil || got.Failures != 0 || got.LastDelivered == nil {
		t.Errorf("webhooks shows %+v, want the third attempt's 200", got)
	}
}

func TestWebhookFailureShown(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.WebhookAllowPrivate = true
	cfg.WebhookRetryBase = time.Millisecond
	cfg.WebhookAttempts = 2
	c := servertest.NewCurationServer(t, cfg)
	rc := newReceiver(t, 500, 502, 503)
	h := register(t, c, rc.ts.URL, nil)
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("failing", true, servertest.NewEvidence("idn/ev/hook-fail"))), &struct{}{})
	rc.next(t, 5*time.Second)
	rc.next(t, 5*time.Second)
	var got webhookData
	for deadline := time.Now().Add(5 * time.Second); ; {
		got = listWebhooks(t, c)[h.ID]
		if got.Failures == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got.LastStatus == nil || *got.LastStatus != 502 || got.LastError == nil || got.Failures != 2 || got.LastDelivered != nil {
		t.Errorf("webhooks shows %+v, want two failures, the last a 502", got)
	}
	select {
	case <-rc.got:
		t.Error("a third attempt with WebhookAttempts 2")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestWebhookAccess(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	vars := func(url string) map[string]any { return map[string]any{"url": url} }
	for _, tc := range []struct {
		name, key, query string
		vars             map[string]any
		want             string
	}{
		{"ErrAnonymousRegister", "", registerWebhook, vars("https://example.org/hook"), "UNAUTHENTICATED"},
		{"ErrWrongKeyRegister", "pwk_wrong", registerWebhook, vars("https://example.org/hook"), "UNAUTHENTICATED"},
		{"ErrCuratorRegisters", c.Curator, registerWebhook, vars("https://example.org/hook"), "FORBIDDEN"},
		{"ErrAnonymousList", "", webhooksQuery, nil, "UNAUTHENTICATED"},
		{"ErrCuratorLists", c.Curator, webhooksQuery, nil, "FORBIDDEN"},
		{"ErrCuratorDeletes", c.Curator, `mutation { deleteWebhook(id: "hook-x") }`, nil, "FORBIDDEN"},
		{"ErrNotHTTP", c.Editor, registerWebhook, vars("ftp://example.org/hook"), "BAD_USER_INPUT"},
		{"ErrRelative", c.Editor, registerWebhook, vars("/hook"), "BAD_USER_INPUT"},
		{"ErrLoopback", c.Editor, registerWebhook, vars("http://127.0.0.1:9/hook"), "BAD_USER_INPUT"},
		{"ErrLocalhost", c.Editor, registerWebhook, vars("http://localhost:9/hook"), "BAD_USER_INPUT"},
		{"ErrPrivate", c.Editor, registerWebhook, vars("http://10.1.2.3/hook"), "BAD_USER_INPUT"},
		{"ErrLinkLocal", c.Editor, registerWebhook, vars("http://[fe80::1]/hook"), "BAD_USER_INPUT"},
		{"Editor", c.Editor, registerWebhook, vars("https://example.org/hook"), ""},
		{"Admin", c.Admin, registerWebhook, vars("https://example.org/other"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := servertest.PostKey(t, c.TS, tc.key, tc.query, tc.vars)
			if got := r.Code(); got != tc.want {
				t.Errorf("got %q (%s), want %q", got, r.Raw, tc.want)
			}
		})
	}
}
