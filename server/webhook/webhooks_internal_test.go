package webhook

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A name can resolve to a loopback address that a registration's URL does
// not show: without WebhookAllowPrivate the delivery client refuses to dial
// it, whatever the URL said.
func TestWebhookClientRefusesPrivateDial(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer ts.Close()
	u := strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)
	if _, err := webhookClient(false).Get(u); err == nil || !strings.Contains(err.Error(), "not a public address") {
		t.Errorf("got %v, want a refusal to dial a loopback address", err)
	}
	resp, err := webhookClient(true).Get(u)
	if err != nil {
		t.Fatalf("with private addresses allowed: %v", err)
	}
	resp.Body.Close()
}
