package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestSecurityHeaders(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	tests := []struct {
		name      string
		config    func(*server.Config)
		path      string
		wantCSP   []string
		wantFrame string // X-Frame-Options
	}{
		{name: "OKDashboard", path: "/", wantCSP: []string{"script-src 'self'", "frame-ancestors 'none'"}, wantFrame: "DENY"},
		{name: "OKGraphiQL", path: "/graphiql", wantCSP: []string{"script-src 'self';", "font-src data:", "frame-ancestors 'none'"}, wantFrame: "DENY"},
		{name: "OKGraphiQLAsset", path: "/graphiql/vendor/graphiql-3.8.3.min.js", wantCSP: []string{"script-src 'self';", "frame-ancestors 'none'"}, wantFrame: "DENY"},
		{name: "OKGraphQL", path: "/graphql?query={__typename}", wantCSP: []string{"frame-ancestors 'none'"}, wantFrame: "DENY"},
		{name: "OKHealthz", path: "/healthz", wantCSP: []string{"frame-ancestors 'none'"}, wantFrame: "DENY"},
		{name: "OKFrameAllowList", config: func(c *server.Config) { c.FrameAncestors = []string{"https://advocates.example"} },
			path: "/", wantCSP: []string{"frame-ancestors https://advocates.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := server.DefaultConfig()
			if tt.config != nil {
				tt.config(&cfg)
			}
			ts := servertest.NewHTTP(t, server.New(store, cfg))
			_, h, _ := servertest.Get(t, ts.URL+tt.path)
			for _, want := range tt.wantCSP {
				if got := h.Get("Content-Security-Policy"); !strings.Contains(got, want) {
					t.Errorf("got CSP %q, want it to contain %q", got, want)
				}
			}
			if got := h.Get("X-Frame-Options"); got != tt.wantFrame {
				t.Errorf("got X-Frame-Options %q, want %q", got, tt.wantFrame)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("got X-Content-Type-Options %q, want nosniff", got)
			}
			if got := h.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("got Referrer-Policy %q, want no-referrer", got)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	const allowed, other = "https://advocates.example", "https://elsewhere.example"
	tests := []struct {
		name    string
		origins []string
		method  string
		origin  string
		want    string // Access-Control-Allow-Origin
		status  int
	}{
		{name: "OKOffByDefault", method: http.MethodPost, origin: allowed, want: "", status: 200},
		{name: "OKAllowed", origins: []string{allowed}, method: http.MethodPost, origin: allowed, want: allowed, status: 200},
		{name: "OKPreflight", origins: []string{allowed}, method: http.MethodOptions, origin: allowed, want: allowed, status: 204},
		{name: "ErrOtherOrigin", origins: []string{allowed}, method: http.MethodPost, origin: other, want: "", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := server.DefaultConfig()
			cfg.CORSOrigins = tt.origins
			ts := servertest.NewHTTP(t, server.New(store, cfg))
			req, _ := http.NewRequest(tt.method, ts.URL+"/graphql", strings.NewReader(`{"query":"{__typename}"}`))
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Content-Type", "application/json")
			if tt.method == http.MethodOptions {
				req.Header.Set("Access-Control-Request-Method", "POST")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("got Access-Control-Allow-Origin %q, want %q", got, tt.want)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("got status %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
}

func TestMetricsLoopbackOnly(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	for _, public := range []bool{false, true} {
		cfg := server.DefaultConfig()
		cfg.PublicMetrics = public
		s := server.New(store, cfg)
		for _, remote := range []string{"127.0.0.1:5000", "[::1]:5000", "192.0.2.7:5000"} {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = remote
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			want := http.StatusOK
			if !public && remote == "192.0.2.7:5000" {
				want = http.StatusForbidden
			}
			if w.Code != want {
				t.Errorf("public %v, client %s: got %d, want %d", public, remote, w.Code, want)
			}
		}
	}
}

func TestParseOrigins(t *testing.T) {
	got, err := server.ParseOrigins("https://a.example, http://localhost:3000/")
	if err != nil || strings.Join(got, " ") != "https://a.example http://localhost:3000" {
		t.Errorf("got %q, %v, want the two origins", got, err)
	}
	for _, bad := range []string{"javascript:alert(1)", "a.example", "https://a.example/path", "https://a.example; script-src *", "ftp://a.example"} {
		if _, err := server.ParseOrigins(bad); err == nil {
			t.Errorf("ParseOrigins(%q): got no error, want one", bad)
		}
	}
}
