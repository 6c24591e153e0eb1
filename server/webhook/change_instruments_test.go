package webhook_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server/servertest"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// Evidence names obligations or themes, not instruments: its changes bear
// on the instruments of those obligations, so that the changes query, a
// subscription and a webhook filtered by instrument all find it.
func TestEvidenceChangesByInstrument(t *testing.T) {
	c := webhookServer(t)
	instrumentsOf := func(t *testing.T, record, instrument string) [][]string {
		t.Helper()
		var data struct {
			Changes struct {
				Edges []struct {
					Node struct{ Instruments []string }
				}
			}
		}
		servertest.MustData(t, servertest.PostKey(t, c.TS, "", `query($record: ID!, $instrument: ID) {
  changes(record: $record, instrument: $instrument) { edges { node { instruments } } } }`,
			map[string]any{"record": record, "instrument": instrument}), &data)
		var out [][]string
		for _, e := range data.Changes.Edges {
			out = append(out, e.Node.Instruments)
		}
		return out
	}

	t.Run("OKByObligation", func(t *testing.T) {
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("by obligation", true, servertest.NewEvidence("idn/ev/by-obligation"))), &struct{}{})
		if got := instrumentsOf(t, "idn/ev/by-obligation", "actip-2015"); len(got) != 1 || !slices.Equal(got[0], []string{"actip-2015"}) {
			t.Errorf("changes(instrument: actip-2015): got %v, want the evidence's one change, on actip-2015", got)
		}
		if got := instrumentsOf(t, "idn/ev/by-obligation", "asean-mlat-2004"); len(got) != 0 {
			t.Errorf("changes(instrument: asean-mlat-2004): got %v, want none", got)
		}
	})

	t.Run("OKByTheme", func(t *testing.T) {
		ev := servertest.NewEvidence("idn/ev/by-theme")
		delete(ev, "ObligationIDs")
		ev["Themes"] = []string{"EXTRADITION"}
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("by theme", true, ev)), &struct{}{})
		got := instrumentsOf(t, "idn/ev/by-theme", "asean-practitioner-guidelines-2007")
		if len(got) != 1 || !slices.Contains(got[0], "asean-practitioner-guidelines-2007") || slices.Contains(got[0], "actip-2015") {
			t.Errorf("changes(instrument: asean-practitioner-guidelines-2007): got %v, want the change, on the instruments with an extradition obligation only", got)
		}
		if got := instrumentsOf(t, "idn/ev/by-theme", "actip-2015"); len(got) != 0 {
			t.Errorf("changes(instrument: actip-2015): got %v, want none (no extradition obligation)", got)
		}
	})

	t.Run("OKSubscription", func(t *testing.T) {
		got := servertest.Subscribe(t, c, `subscription { changes(instrument: "actip-2015") { record kind instruments } }`)
		data := servertest.AwaitChange(t, c, got, func(i int) map[string]any {
			return servertest.NewEvidence("idn/ev/sub-instrument-" + string(rune('a'+i)))
		})
		if data["kind"] != "EVIDENCE" {
			t.Errorf("got %v, want the evidence change", data)
		}
	})

	t.Run("OKWebhook", func(t *testing.T) {
		rc := newReceiver(t)
		h := register(t, c, rc.ts.URL, map[string]any{"instrument": "actip-2015"})
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("hooked by instrument", true, servertest.NewEvidence("idn/ev/hook-instrument"))), &struct{}{})
		r := rc.next(t, 5*time.Second)
		if got, want := r.header.Get(webhook.HeaderSignature), webhook.Sign(*h.Secret, r.body); got != want {
			t.Errorf("signature %q, want %q", got, want)
		}
		var body webhook.Delivery
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		if len(body.Changes) != 1 || body.Changes[0].Record != "idn/ev/hook-instrument" || !slices.Equal(body.Changes[0].Instruments, []string{"actip-2015"}) {
			t.Errorf("delivery %s: want the evidence change, on actip-2015", r.body)
		}
	})
}
