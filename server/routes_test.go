package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestRoutes(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	t.Run("OKHealthz", func(t *testing.T) {
		status, _, body := servertest.Get(t, ts.URL+"/healthz")
		if status != http.StatusOK || !strings.Contains(body, `"ok"`) {
			t.Errorf("got %d %q, want 200 and status ok", status, body)
		}
	})
	t.Run("OKMetrics", func(t *testing.T) {
		servertest.MustData(t, servertest.Post(t, ts, `query StatesForMetrics { states { code } }`, nil), &struct{}{})
		status, _, body := servertest.Get(t, ts.URL+"/metrics")
		if status != http.StatusOK {
			t.Fatalf("got status %d, want 200", status)
		}
		for _, want := range []string{
			`pactwatch_graphql_requests_total{operation="StatesForMetrics",outcome="ok"} 1`,
			`pactwatch_graphql_request_duration_seconds_count{operation="StatesForMetrics"} 1`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("got metrics without %q", want)
			}
		}
	})
	t.Run("OKGraphiQLOffline", func(t *testing.T) {
		status, h, body := servertest.Get(t, ts.URL+"/graphiql")
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("got %d %s, want 200 text/html", status, h.Get("Content-Type"))
		}
		if !strings.Contains(body, `<div id="graphiql"`) || !strings.Contains(body, "graphiql-3.8.3.min.js") {
			t.Errorf("got a page without the GraphiQL mount point and bundle")
		}
		// Nothing may load from the network: no external script, style or fetch.
		if m := regexp.MustCompile(`(src|href)=["']?(https?:)?//|@import|fetch\(["']https?:`).FindString(body); m != "" {
			t.Errorf("got an external reference %q, want a page that works offline", m)
		}
		// Every script and stylesheet the page names is served from the binary.
		refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(body, -1)
		if len(refs) < 5 {
			t.Errorf("got %d script and style references, want React, ReactDOM, GraphiQL, its CSS and pactwatch's", len(refs))
		}
		for _, m := range refs {
			status, h, asset := servertest.Get(t, ts.URL+m[1])
			if status != http.StatusOK || len(asset) == 0 {
				t.Errorf("GET %s: got %d with %d bytes, want 200 with the file", m[1], status, len(asset))
			}
			if strings.HasSuffix(m[1], ".js") && !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") {
				t.Errorf("GET %s: got Content-Type %q, want text/javascript", m[1], h.Get("Content-Type"))
			}
		}
	})
	t.Run("OKGraphiQLBundleCompressedAndCached", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/graphiql/vendor/graphiql-3.8.3.min.js", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" || len(body) > 1<<20 {
			t.Errorf("got Content-Encoding %q and %d bytes, want gzip under 1 MiB", resp.Header.Get("Content-Encoding"), len(body))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("got Cache-Control %q, want a vendored file cached as immutable", cc)
		}
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		again, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: got %d, want 304", again.StatusCode)
		}
		if status, _, _ := servertest.Get(t, ts.URL+"/graphiql/vendor.sh"); status != http.StatusNotFound {
			t.Errorf("GET /graphiql/vendor.sh: got %d, want 404", status)
		}
	})
	t.Run("OKDashboard", func(t *testing.T) {
		status, h, _ := servertest.Get(t, ts.URL+"/")
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("got %d %s, want the dashboard page", status, h.Get("Content-Type"))
		}
	})
	t.Run("OKGet", func(t *testing.T) {
		status, _, body := servertest.Get(t, ts.URL+"/graphql?query="+url.QueryEscape(`{ state(code: "IDN") { name } }`))
		if status != http.StatusOK || !strings.Contains(body, `"name":"Indonesia"`) {
			t.Errorf("got %d %s, want Indonesia", status, body)
		}
	})
}

func TestExec(t *testing.T) {
	s := server.New(servertest.MustOpenFixtures(t), server.DefaultConfig())
	t.Run("OK", func(t *testing.T) {
		out, err := s.Exec(context.Background(), `query($c: String!) { state(code: $c) { code name } }`, map[string]any{"c": "IDN"})
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Data struct{ State struct{ Code, Name string } }
		}
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("got %s: %v, want JSON", out, err)
		}
		if r.Data.State.Name != "Indonesia" {
			t.Errorf("got %s, want Indonesia", out)
		}
	})
	t.Run("ErrInResponse", func(t *testing.T) {
		out, err := s.Exec(context.Background(), `{ records(state: "XXX") { legal } }`, nil)
		if err != nil {
			t.Fatalf("got error %v, want the GraphQL error in the response", err)
		}
		if !strings.Contains(string(out), `"code":"NOT_FOUND"`) {
			t.Errorf("got %s, want a NOT_FOUND error", out)
		}
	})
	t.Run("ErrVariablesNotJSON", func(t *testing.T) {
		if _, err := s.Exec(context.Background(), `{ states { code } }`, map[string]any{"f": func() {}}); err == nil {
			t.Errorf("got no error for variables that cannot be encoded, want one")
		}
	})
}

func TestQueries(t *testing.T) {
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
	tests := []struct {
		name, query string
	}{
		{"node", `{
  state: node(id: "IDN") { id ... on State { code name aseanSince } }
  instrument: node(id: "actip-2015") { id ... on Instrument { shortTitle binding } }
  action: node(id: "IDN/actip-2015/ratification") { id ... on StateAction { kind deposited state { code } } }
  missing: node(id: "no/such/node") { id }
}`},
		{"instruments_binding", `{ instruments(binding: true) { id shortTitle kind adopted place entryIntoForce rule { ratifications daysAfter article } } }`},
		{"instruments_2004_2007", `{ instruments(from: "2004", to: "2007-12-31") { id adopted kind } }`},
		{"entry_into_force_actip", `{ entryIntoForce(instrument: "actip-2015") { date derived stated trigger { id state { code } deposited } reasons warnings } }`},
		{"obligation_status_idn", `{ instrument(id: "actip-2015") { provisions { label obligations { id status(state: "IDN", asOf: "2020-01-01") { bound legal practice } } } } }`},
		{"records_idn_2020", `{ state(code: "IDN") { records(asOf: "2020-01-01", instrument: "actip-2015") { obligation { id } bound committed legal practice } } }`},
		{"law_idn", `{ laws(state: "IDN", first: 2) { totalCount edges { node { id title number kind enacted state { code } implementations { extent articles obligation { id } } actions { id } sources { url } } } } }`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := servertest.Post(t, ts, tt.query, nil)
			var data map[string]any
			servertest.MustData(t, r, &data)
			golden(t, "query_"+tt.name, r.Data)
		})
	}
	t.Run("OKCompareSomeStates", func(t *testing.T) {
		for _, tt := range []struct {
			states string
			want   int
		}{{`[]`, 0}, {`["idn"]`, 1}, {`["IDN", "SGP"]`, 2}} {
			var data struct {
				Compare []struct{ State struct{ Code string } }
			}
			servertest.MustData(t, servertest.Post(t, ts, `{ compare(states: `+tt.states+`, asOf: "2020") { state { code } } }`, nil), &data)
			if got := len(data.Compare); got != tt.want {
				t.Errorf("compare(states: %s): got %d summaries, want %d", tt.states, got, tt.want)
			}
		}
	})
	t.Run("OKDepthAtLimit", func(t *testing.T) {
		// 12 fields deep, the default limit: entryIntoForce, then instrument
		// and entryIntoForceDerivation five times, then date.
		q := `{ entryIntoForce(instrument: "actip-2015") ` + strings.Repeat("{ instrument { entryIntoForceDerivation ", 5) + "{ date }" + strings.Repeat(" } }", 5) + " }"
		var data map[string]any
		servertest.MustData(t, servertest.Post(t, ts, q, nil), &data)
	})
}
