package guard_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// gateStore blocks every IDs call for evidence until gate is closed, past
// the request's deadline, so that a test holds an expensive operation in
// flight as long as it likes.
type gateStore struct {
	graph.Store
	gate chan struct{}
}

func (s *gateStore) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	if k == graph.KindEvidence {
		<-s.gate
	}
	return s.Store.IDs(ctx, k)
}

// waitForMetric polls /metrics until it has the line want.
func waitForMetric(t *testing.T, url, want string) {
	t.Helper()
	for range 2000 {
		_, _, body := servertest.Get(t, url+"/metrics")
		if strings.Contains(body, want+"\n") {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("metrics never showed %q", want)
}

func TestAdmission(t *testing.T) {
	store := &gateStore{Store: servertest.MustOpenFixtures(t), gate: make(chan struct{})}
	cfg := server.DefaultConfig()
	cfg.MaxExpensive = 1
	cfg.ExpensiveCost = 100 // evidence's first page costs 101; states { code } 20
	cfg.Timeout = 200 * time.Millisecond
	ts := servertest.NewHTTP(t, server.New(store, cfg))
	const expensive = `{ evidence { totalCount } }`

	// The first expensive operation takes the only slot and holds it.
	held := make(chan *servertest.Response, 1)
	go func() {
		held <- servertest.Post(t, ts, expensive, nil)
	}()
	waitForMetric(t, ts.URL, "pactwatch_graphql_expensive_in_flight 1")

	t.Run("OKCheap", func(t *testing.T) {
		var data struct{ States []struct{ Code string } }
		servertest.MustData(t, servertest.Post(t, ts, `{ states { code } }`, nil), &data)
		if len(data.States) != 10 {
			t.Errorf("got %d states, want 10", len(data.States))
		}
	})
	t.Run("OKHealthz", func(t *testing.T) {
		if status, _, body := servertest.Get(t, ts.URL+"/healthz"); status != http.StatusOK {
			t.Errorf("got /healthz %d %s, want 200", status, body)
		}
	})
	t.Run("ErrOverloaded", func(t *testing.T) {
		resp, err := http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(fmt.Sprintf(`{"query": %q}`, expensive)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("got HTTP status %d, want 503: %s", resp.StatusCode, raw)
		}
		if got := resp.Header.Get("Retry-After"); got != "1" {
			t.Errorf("got Retry-After %q, want 1", got)
		}
		if !strings.Contains(string(raw), `"code":"OVERLOADED"`) {
			t.Errorf("got %s, want code OVERLOADED", raw)
		}
	})
	close(store.gate)
	<-held
	_, _, metrics := servertest.Get(t, ts.URL+"/metrics")
	if !strings.Contains(metrics, `pactwatch_graphql_refused_total{code="OVERLOADED"} 1`) {
		t.Errorf("got metrics without one OVERLOADED refusal:\n%s", metrics)
	}
}

// TestAdmissionQueues sends 64 of the dashboard's heaviest query at once
// under the default limits: they queue for the slots and all answer.
func TestAdmissionQueues(t *testing.T) {
	const heatmap = `query Heatmap($asOf: Date) {
  instruments { id shortTitle binding obligations { id modality themes summary provision { label order } } }
  states { code name records(asOf: $asOf) { obligation { id } bound committed legal practice } }
}`
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for range 64 {
		wg.Go(func() {
			r := servertest.Post(t, ts, heatmap, map[string]any{"asOf": "2020-01-01"})
			if r.Status != http.StatusOK || len(r.Errors) > 0 {
				errs <- fmt.Sprintf("%d %s", r.Status, r.Raw[:min(200, len(r.Raw))])
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("got %s, want an answer", e)
	}
}
