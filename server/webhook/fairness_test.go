package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// A receiver that never answers, behind many registrations, delays neither
// a healthy registration's delivery nor a failing one's retries.
func TestWebhookFairness(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.WebhookAllowPrivate = true
	cfg.WebhookRetryBase = 10 * time.Millisecond
	cfg.WebhookAttempts = 3
	c := servertest.NewCurationServer(t, cfg)

	release := make(chan struct{})
	var hung atomic.Int32
	never := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hung.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(never.Close)
	t.Cleanup(func() { close(release) })
	for i := range 40 {
		register(t, c, never.URL+"/hook/"+string(rune('a'+i%26))+string(rune('a'+i/26)), map[string]any{"state": "IDN"})
	}
	healthy := newReceiver(t)
	register(t, c, healthy.ts.URL+"/hook", map[string]any{"state": "IDN"})
	failing := newReceiver(t, 500, 500, 500)
	register(t, c, failing.ts.URL+"/hook", map[string]any{"state": "IDN"})

	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("fair", true, servertest.NewEvidence("idn/ev/fair"))), &struct{}{})
	// The deadline is well under the attempt timeout (10 s): before, a
	// healthy delivery waited for a hung attempt to time out.
	healthy.next(t, 5*time.Second)
	for range 3 {
		failing.next(t, 5*time.Second)
	}
	if hung.Load() == 0 {
		t.Error("the hung receiver got no attempt")
	}
}

func TestSpecialPurposeAddressesRefused(t *testing.T) {
	for _, host := range []string{
		"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
		"192.0.0.170", "192.0.2.1", "198.18.0.1", "198.19.255.255", "198.51.100.1", "203.0.113.9",
		"192.88.99.1", "240.0.0.1", "255.255.255.255", "224.0.0.1",
		"[::1]", "[::]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]", "[::a9fe:a9fe]",
		"[64:ff9b::a9fe:a9fe]", "[64:ff9b::7f00:1]", "[64:ff9b:1::1]", "[100::1]", "[2001:2::1]",
		"[2001::1]", "[2001:db8::1]", "[2002:a9fe:a9fe::1]", "[3fff::1]", "[5f00::1]", "[fc00::1]", "[fd00::1]",
		"[fe80::1]", "[fec0::1]", "[ff02::1]",
	} {
		if err := webhook.CheckURL("http://"+host+"/hook", false); err == nil {
			t.Errorf("%s: got nil, want refused", host)
		}
	}
	for _, host := range []string{"93.184.215.14", "1.1.1.1", "[2606:4700:4700::1111]", "example.org"} {
		if err := webhook.CheckURL("https://"+host+"/hook", false); err != nil {
			t.Errorf("%s: got %v, want accepted", host, err)
		}
	}
}
